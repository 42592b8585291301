// Scoring use cases: a unit's sheet (tree, scores, live roll-up) and durable score writes, each
// with its history row, in one transaction.

import { emptyScoreTable, leafProgressOf, mergeRankings, newRollUp, rankScoreTable, resultTotals, setCell, unitResultOf, type CompiledTree, type CriteriaTree, type RollUp, type ScoreTable, type TreeNode, type UnitResult } from '../../shared/calc.js';
import { criteriaModel, setOfGroup, type CriteriaModel, type SetModel } from '../../shared/criteria-sets.js';
import type { SheetRow, UnitSheet, UnitSheetPatch } from '../../shared/contract.js';
import { changedNodes } from '../../shared/sheet-patch.js';
import { formatPoints } from '../../shared/numbers.js';
import type { IndexRules, ScoreEntry, Unit } from '../../shared/domain.js';
import type { Ranking } from '../../shared/calc.js';
import { AppError } from '../../shared/errors.js';
import { checkScore, needsReason } from '../../shared/rules.js';
import type { Repositories, UnitWithGroup } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';

/** The decision's reason when the secretariat types a final score that agrees with everyone. */
export const DIRECT_EDIT_REASON = 'Nhập trực tiếp trên bảng điểm';

/**
 * The unit's rows with one cell changed as the upsert just wrote it (a new row starts with no self-score,
 * no mark and no note), so the sheet is built without reading the rows back.
 */
function withCell(entries: readonly ScoreEntry[], unitCode: string, criterionCode: string, change: Partial<Pick<ScoreEntry, 'pointsMilli' | 'notApplicable'>>): { entries: ScoreEntry[]; cell: ScoreEntry } {
  const before = entries.find((e) => e.criterionCode === criterionCode);
  const cell: ScoreEntry = { ...(before ?? { unitCode, criterionCode, selfMilli: null, pointsMilli: null, notApplicable: false, note: '' }), ...change };
  return { entries: before ? entries.map((e) => (e === before ? cell : e)) : [...entries, cell], cell };
}

/**
 * A unit's cells as a sheet reads them: every final score's value, as a one-unit table of the unit's set
 * (progress, and the roll-up unless another is given), and the whole rows of those the sheet will build (every
 * row, or a patch's).
 */
export interface SheetCells {
  finals: ScoreTable;
  entries: ReadonlyMap<string, ScoreEntry>;
}

/** Score rows read whole: the table of their values and the rows by code. */
export function cellsOf(set: SetModel, entries: readonly ScoreEntry[]): SheetCells {
  const byCode = new Map<string, ScoreEntry>();
  for (const s of entries) byCode.set(s.criterionCode, s);
  const finals = emptyScoreTable(set.compiled, 1);
  for (const s of entries) setCell(set.compiled, finals, s.criterionCode, s.pointsMilli, s.notApplicable);
  return { finals, entries: byCode };
}

/**
 * A unit's roll-up and what builds its rows (ScoringService.sheetParts). `result` reads the set's roll-up
 * buffers: use it before the next sheet of the same set is built.
 */
export interface SheetParts {
  tree: CriteriaTree;
  result: UnitResult;
  fields: Omit<UnitSheet, 'rows'>;
  row: (node: TreeNode) => SheetRow;
}

export class ScoringService {
  /** Each campaign's sets with their trees, and the set of each group: built once, forgotten on any change to them. */
  private readonly models = new Map<number, CriteriaModel>();
  /** Each set's buffers for one unit's roll-up, reused sheet after sheet (typed arrays are costly to make and to collect). */
  private readonly scratch = new WeakMap<CompiledTree, { rollUp: RollUp; applicable: Uint8Array }>();

  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
  ) {}

  /** The campaign's criteria sets, each with its tree, and the set each group is scored under. */
  modelOf(campaignId: number): CriteriaModel {
    let m = this.models.get(campaignId);
    if (!m) {
      m = criteriaModel(this.r.criteria.sets(campaignId), this.r.criteria.list(campaignId), this.r.groups.list(campaignId));
      this.models.set(campaignId, m);
    }
    return m;
  }

  /** The set (and tree) a unit is scored under: its group's. Every cell of the unit resolves its code here. */
  setOfUnit(campaignId: number, unit: Pick<Unit, 'code' | 'groupCode'>): SetModel {
    const set = setOfGroup(this.modelOf(campaignId), unit.groupCode);
    if (!set) throw new AppError('not_found', 'criteriaSet.ofUnitMissing', { unitCode: unit.code, groupCode: unit.groupCode });
    return set;
  }

  /** Each unit's set, for code that walks many units' cells (consolidation, packages, rounds). */
  setsByUnit(campaignId: number): (unitCode: string) => SetModel | undefined {
    const model = this.modelOf(campaignId);
    const byUnit = new Map(this.r.units.list(campaignId).map((u) => [u.code, setOfGroup(model, u.groupCode)]));
    return (unitCode) => byUnit.get(unitCode);
  }

  forget(campaignId: number): void {
    this.models.delete(campaignId);
  }

  /** After a job wrote in its own connection: any campaign's sets may have changed. */
  forgetAll(): void {
    this.models.clear();
  }

  /** The unit's sheet as the secretariat's grid shows it: one campaign read, one unit read, one scores read. */
  sheet(campaignId: number, unitCode: string): UnitSheet {
    const { indexRules } = this.campaigns.require(campaignId);
    const unit = this.requireUnit(campaignId, unitCode);
    const parts = this.sheetParts(campaignId, unit, cellsOf(this.setOfUnit(campaignId, unit), this.r.scores.listByUnit(campaignId, unitCode)), indexRules);
    return { ...parts.fields, rows: parts.tree.ordered.map(parts.row) };
  }

  /** The unit with its group's name, or the not-found refusal. */
  requireUnit(campaignId: number, unitCode: string): UnitWithGroup {
    const unit = this.r.units.withGroup(campaignId, unitCode);
    if (!unit) throw new AppError('not_found', 'unit.notFound', { unitCode });
    return unit;
  }

  /**
   * The roll-up of a unit (once) and a builder of its rows: a sheet builds every row, a write's patch only the
   * rows the write changed (`changedNodes`); a row is built only where `cells.entries` holds it whole. The rows
   * show the final scores; the roll-up runs over `rollUp` when given (a member's sheet: their proposals over the
   * finals) and over the finals otherwise. Progress always counts the finals.
   */
  sheetParts(campaignId: number, unit: UnitWithGroup, cells: SheetCells, rules: IndexRules, rollUp?: ScoreTable): SheetParts {
    const { tree, set, compiled } = this.setOfUnit(campaignId, unit);
    const { finals, entries: byCode } = cells;
    // The flat roll-up (equal to computeUnit, tested so): a keystroke's reply builds no Map and no buffer for it.
    let scratch = this.scratch.get(compiled);
    if (!scratch) this.scratch.set(compiled, (scratch = { rollUp: newRollUp(compiled), applicable: new Uint8Array(compiled.size) }));
    const result = unitResultOf(compiled, rollUp ?? finals, 0, rules, scratch.rollUp);
    const row = (node: TreeNode): SheetRow => {
      const c = node.criterion;
      const e = byCode.get(c.code);
      const n = result.nodes.get(c.code);
      const isLeaf = node.children.length === 0;
      return {
        code: c.code,
        name: c.name,
        depth: node.depth,
        isLeaf,
        kind: c.kind,
        rule: c.rule,
        maxMilli: c.maxMilli,
        selfMilli: e?.selfMilli ?? null,
        selfNotApplicable: e?.selfNotApplicable ?? false,
        selfReason: e?.selfReason ?? '',
        pointsMilli: isLeaf ? (e?.pointsMilli ?? null) : null,
        notApplicable: e?.notApplicable ?? false,
        applicable: n?.applicable ?? true,
        note: e?.note ?? '',
        subtotalMilli: n?.pointsMilli ?? 0,
        subMaxMilli: n?.maxMilli ?? 0,
      };
    };
    const fields = {
      campaignId,
      unit,
      set: { code: set.code, name: set.name },
      ...resultTotals(result),
      ...leafProgressOf(compiled, finals, 0, scratch.applicable),
    };
    return { tree, result, fields, row };
  }

  /** A write's reply: the sheet's fields and the rows a change of `criterionCode` moved, from rows already read. */
  private patchOf(campaignId: number, unit: UnitWithGroup, entries: readonly ScoreEntry[], rules: IndexRules, criterionCode: string, applicability: boolean): UnitSheetPatch {
    const parts = this.sheetParts(campaignId, unit, cellsOf(this.setOfUnit(campaignId, unit), entries), rules);
    return { kind: 'sheetPatch', unitCode: unit.code, rows: changedNodes(parts.tree, criterionCode, applicability).map(parts.row), fields: parts.fields };
  }

  /** An editable cell: open campaign, its round, the unit and the tree node, each read once. */
  private requireCell(campaignId: number, unitCode: string, criterionCode: string) {
    const { campaign, round } = this.campaigns.requireWithRound(campaignId, true);
    const unit = this.requireUnit(campaignId, unitCode);
    const set = this.setOfUnit(campaignId, unit);
    const node = set.tree.byCode.get(criterionCode);
    if (!node) throw notInSet(this.modelOf(campaignId), set, unitCode, criterionCode);
    return { node, unit, round, rules: campaign.indexRules };
  }

  /**
   * Writes the final points of one leaf (null clears them) and returns the unit's sheet. The points must
   * fit the leaf's rule, and a value that differs from the self-score or a member's proposal needs a
   * reason (as a decision does). The unit's rows are read once, inside the transaction, and the reply is
   * built from them with the new value: the grid's round trip reads nothing twice. The reply is a patch: the
   * rows the write changed (the cell and those above it) and the sheet's totals.
   */
  setPoints(campaignId: number, unitCode: string, criterionCode: string, pointsMilli: number | null, actor: string, reason = ''): UnitSheetPatch {
    const { node, unit, round, rules } = this.requireCell(campaignId, unitCode, criterionCode);
    const c = node.criterion;
    if (node.children.length > 0) {
      throw new AppError('not_leaf', 'criterion.notLeaf.score', { criterionCode: c.code });
    }
    const problem = checkScore(c, pointsMilli);
    if (problem !== null) throw new AppError('out_of_range', 'score.ruleBroken', { problem });
    return this.r.db.transaction(() => {
      const entries = this.r.scores.listByUnit(campaignId, unitCode);
      const before = entries.find((e) => e.criterionCode === criterionCode);
      const old = before?.pointsMilli ?? null;
      if (old === pointsMilli) return this.patchOf(campaignId, unit, entries, rules, criterionCode, false);
      // needsReason asks nothing more once a reason is written: the proposals are read only without one.
      const proposals = reason.trim() !== '' ? [] : this.r.exchange.policyProposalsOfCell(campaignId, unitCode, criterionCode, round)
        .map((p) => ({ pointsMilli: p.points_milli, notApplicable: p.not_applicable === 1 }));
      if (needsReason({ pointsMilli, notApplicable: false }, reason, { selfMilli: before?.selfMilli ?? null, proposals })) {
        throw new AppError('reason_required', 'score.reasonRequired', { code: c.code, points: formatPoints(pointsMilli!) });
      }
      const at = now();
      this.r.scores.setPoints(campaignId, unitCode, criterionCode, pointsMilli, at);
      const after = withCell(entries, unitCode, criterionCode, { pointsMilli });
      this.recordDirectDecision(campaignId, after.cell, actor, at, reason);
      this.r.history.append({
        campaignId, at, actor, action: 'score.points', unitCode, criterionCode,
        oldValue: old === null ? null : String(old), newValue: pointsMilli === null ? null : String(pointsMilli),
        ...(reason.trim() !== '' ? { reason: reason.trim() } : {}),
      });
      return this.patchOf(campaignId, unit, after.entries, rules, criterionCode, false);
    })();
  }

  /** Marks a node not applicable (or clears the mark) and answers as setPoints does; the patch also holds every row below the node. */
  setNotApplicable(campaignId: number, unitCode: string, criterionCode: string, notApplicable: boolean, actor: string): UnitSheetPatch {
    const { unit, rules } = this.requireCell(campaignId, unitCode, criterionCode);
    return this.r.db.transaction(() => {
      const entries = this.r.scores.listByUnit(campaignId, unitCode);
      const before = entries.find((e) => e.criterionCode === criterionCode);
      if ((before?.notApplicable ?? false) === notApplicable) return this.patchOf(campaignId, unit, entries, rules, criterionCode, true);
      const at = now();
      this.r.scores.setNotApplicable(campaignId, unitCode, criterionCode, notApplicable, at);
      const after = withCell(entries, unitCode, criterionCode, { notApplicable });
      this.recordDirectDecision(campaignId, after.cell, actor, at);
      this.r.history.append({
        campaignId, at, actor, action: 'score.notApplicable', unitCode, criterionCode,
        oldValue: String(before?.notApplicable ?? false), newValue: String(notApplicable),
      });
      return this.patchOf(campaignId, unit, after.entries, rules, criterionCode, true);
    })();
  }

  /**
   * The secretariat's own edit of a final score is a decision: consolidation never overwrites it, and a
   * member package that later disagrees becomes a conflict to review.
   */
  private recordDirectDecision(campaignId: number, cell: ScoreEntry, actor: string, at: string, reason = ''): void {
    this.r.exchange.decide(campaignId, {
      unitCode: cell.unitCode, criterionCode: cell.criterionCode, pointsMilli: cell.pointsMilli, notApplicable: cell.notApplicable,
      reason: reason.trim() || DIRECT_EDIT_REASON, decidedBy: actor, decidedAt: at,
    });
  }

  /** The ranking, each group under its own set; provisional ("Kết quả tạm tính") until the campaign is finalised. */
  ranking(campaignId: number): Ranking {
    const c = this.campaigns.require(campaignId);
    const model = this.modelOf(campaignId);
    const groups = this.r.groups.list(campaignId);
    const units = this.r.units.list(campaignId);
    const parts = model.sets.map((set) => {
      const setGroups = groups.filter((g) => g.setCode === set.set.code);
      const codes = new Set(setGroups.map((g) => g.code));
      return { set, groups: setGroups, units: units.filter((u) => codes.has(u.groupCode)) };
    });
    const tables = this.r.scores.tables(campaignId, parts.map((p) => ({ tree: p.set.compiled, units: p.units })));
    const rankings = parts.map((p, i) => rankScoreTable(p.set.compiled, p.groups, p.units, tables[i]!, c.indexRules));
    return { ...mergeRankings(rankings, groups), provisional: c.status !== 'final' };
  }
}

/**
 * A code the unit's set does not have: when another set of the campaign has it, the refusal names both
 * (3.2.1 of the department set is not a criterion of a commune).
 */
export function notInSet(model: CriteriaModel, set: SetModel, unitCode: string, criterionCode: string): AppError {
  const elsewhere = model.sets.filter((m) => m !== set && m.tree.byCode.has(criterionCode)).map((m) => m.set.code);
  return elsewhere.length > 0
    ? new AppError('not_found', 'criterion.otherSet', { criterionCode, unitCode, setCode: set.set.code, otherSets: elsewhere.join(', ') })
    : new AppError('not_found', 'criterion.notFound', { criterionCode });
}
