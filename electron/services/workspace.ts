// The member scoring workspace: who I am, what I am assigned, my proposed scores (validated by each
// sub-criterion's rule, every change durable at once and kept in the history), recusals, explanation
// requests, and progress over the cells that are mine.

import { randomUUID } from 'node:crypto';
import { emptyScoreTable, setCellAt, type CompiledTree, type CriteriaTree, type ScoreTable, type TreeNode } from '../../shared/calc.js';
import type {
  MemberProfile,
  MemberSheet,
  MemberSheetPatch,
  MemberSheetRow,
  MemberWithAssignment,
  ParsedInput,
  WorkspaceInfo,
} from '../../shared/contract.js';
import type { IndexRules } from '../../shared/domain.js';
import { requireMember, requireUnit } from './lookups.js';
import { AppError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/messages/index.js';
import { applyRule, needsReason as reasonMissing, parseRule, differsFromSelf, type Rule, type RuleInput } from '../../shared/rules.js';
import { foldDiacritics } from '../../shared/text.js';
import type { MemberRecord, ProposalRecord } from '../repos/member-repo.js';
import { nodeIndexes, valueAt, type PackedCells } from '../repos/sheet-repo.js';
import type { Repositories, UnitWithGroup } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import type { CalendarService } from './calendar.js';
import { appraisalPhase } from '../../shared/calendar.js';
import { notInSet, type ScoringService } from './scoring.js';
import { displayArea, qualifiedArea, qualifyAreas } from '../../shared/criteria-sets.js';
import { changedNodes } from '../../shared/sheet-patch.js';

export const AUTO_RECUSAL_REASON = 'Thành viên công tác tại chính đơn vị này (tự động)';

const toProfile = (m: MemberRecord): MemberProfile => ({
  uid: m.uid,
  name: m.name,
  agency: m.agency,
  role: m.role,
  kind: m.kind,
  isSelf: m.isSelf,
  createdAt: m.createdAt,
});

const areaOf = (code: string): string => code.split('.')[0]!;

/** What a member may score in a campaign: assigned areas, assigned units (null: all), recusals (unit → reason). */
interface Scope {
  areas: Set<string>;
  units: Set<string> | null;
  recusals: Map<string, string>;
}

/** A set's buffers for one unit's sheet: the finals, the member's proposals, the roll-up's inputs, by node; self-scores -1 for none. */
interface SheetBuffers {
  finals: ScoreTable;
  proposals: ScoreTable;
  inputs: ScoreTable;
  reasonWritten: Uint8Array;
  selfAt: Float64Array;
}

/** What a member's sheet starts from, read once per call. */
interface SheetContext {
  campaignId: number;
  unit: UnitWithGroup;
  round: 1 | 2;
  rules: IndexRules;
  m: MemberRecord | undefined;
  scope: Scope;
  /** The round's appraisal phase has passed its deadline here: a member's proposals are read-only. */
  closed: boolean;
}

function parseInputs(json: string): RuleInput | null {
  if (json === '') return null;
  try {
    return JSON.parse(json) as RuleInput;
  } catch {
    return null;
  }
}

export class WorkspaceService {
  private readonly rules = new Map<string, Rule>();
  private readonly areaKeys = new WeakMap<TreeNode, string>();
  private readonly buffers = new WeakMap<CompiledTree, SheetBuffers>();

  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
    private readonly calendar: CalendarService,
  ) {}

  /** A deleted campaign's id can be reused by SQLite: drop what was cached for it. */
  forget(campaignId: number): void {
    for (const k of this.rules.keys()) if (k.startsWith(`${campaignId}\u0000`)) this.rules.delete(k);
  }

  /** After a job wrote in its own connection: anything cached may be stale. */
  forgetAll(): void {
    this.rules.clear();
  }

  self(): MemberProfile | null {
    const m = this.r.members.self();
    return m ? toProfile(m) : null;
  }

  saveSelf(input: ParsedInput<'member/saveSelf'>): MemberProfile {
    const existing = this.r.members.self();
    this.r.db.transaction(() => {
      if (existing) this.r.members.update({ uid: existing.uid, ...input });
      else this.r.members.insert({ uid: randomUUID(), ...input, isSelf: true, publicKey: null, createdAt: now() });
    })();
    const saved = this.r.members.self()!;
    for (const c of this.r.campaigns.list()) this.autoRecuse(c.id, saved);
    return toProfile(saved);
  }

  /** The member who acts here: this machine's profile, in member mode. */
  private actingMember(): MemberRecord {
    const m = this.r.members.self();
    if (!m || m.kind !== 'member') {
      throw new AppError('forbidden', 'workspace.noMemberProfile');
    }
    return m;
  }

  private ruleOf(campaignId: number, node: TreeNode): Rule {
    const key = `${campaignId}\u0000${node.criterion.setCode}\u0000${node.criterion.code}`;
    let rule = this.rules.get(key);
    if (!rule) {
      const parsed = parseRule(node.criterion.rule, node.criterion.maxMilli);
      rule = parsed.ok ? parsed.value : { kind: 'free', stepMilli: null, text: node.criterion.rule };
      this.rules.set(key, rule);
    }
    return rule;
  }

  /** Units whose name is the member's own agency are recused automatically (and shown as such). */
  private autoRecuse(campaignId: number, m: MemberRecord): void {
    const agency = foldDiacritics(m.agency);
    if (agency === '') return;
    const at = now();
    this.r.db.transaction(() => {
      for (const u of this.r.units.list(campaignId)) {
        if (foldDiacritics(u.name) === agency) this.r.members.recuse(campaignId, m.uid, u.code, AUTO_RECUSAL_REASON, at);
      }
    })();
  }

  members(campaignId: number): MemberWithAssignment[] {
    this.campaigns.require(campaignId);
    const names = new Map(this.r.units.list(campaignId).map((u) => [u.code, u.name]));
    const model = this.scoring.modelOf(campaignId);
    return this.r.members.list().map((m) => {
      const a = this.r.members.assignment(campaignId, m.uid);
      return {
        ...toProfile(m),
        areas: a.areas.map((x) => displayArea(model, x)),
        units: a.units,
        recusals: this.r.members.recusalsOf(campaignId, m.uid).map((x) => ({
          ...x,
          unitName: names.get(x.unitCode) ?? x.unitCode,
          automatic: x.reason === AUTO_RECUSAL_REASON,
        })),
      };
    });
  }

  assign(input: ParsedInput<'member/assign'>, actor: string): MemberWithAssignment[] {
    const { campaignId, memberUid } = input;
    this.campaigns.requireOpen(campaignId);
    const member = this.r.members.get(memberUid);
    if (!member) throw new AppError('not_found', 'member.notFound', { member: memberUid });
    // "3" is area 3 of every set that has one; "XA:3" only the XA set's.
    const { areas, unknown: unknownArea } = qualifyAreas(this.scoring.modelOf(campaignId), input.areas);
    if (unknownArea !== null) throw new AppError('invalid_input', 'workspace.unknownArea', { area: unknownArea });
    const units = new Set(this.r.units.list(campaignId).map((u) => u.code));
    const unknownUnit = input.units.find((u) => !units.has(u));
    if (unknownUnit) throw new AppError('invalid_input', 'workspace.unknownUnit', { unitCode: unknownUnit });
    this.r.db.transaction(() => {
      this.r.members.setAssignment(campaignId, memberUid, areas, [...new Set(input.units)]);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'member.assign', unitCode: null, criterionCode: null,
        oldValue: null, newValue: JSON.stringify({ memberUid, areas: input.areas, units: input.units }),
      });
    })();
    this.autoRecuse(campaignId, member);
    return this.members(campaignId);
  }

  recuse(input: ParsedInput<'member/recuse'>, actor: string): MemberWithAssignment[] {
    const { campaignId, memberUid, unitCode, recused, reason } = input;
    this.campaigns.requireOpen(campaignId);
    requireMember(this.r, memberUid);
    requireUnit(this.r, campaignId, unitCode);
    if (recused && reason.trim() === '') throw new AppError('invalid_input', 'workspace.recuseReason');
    this.r.db.transaction(() => {
      if (recused) this.r.members.recuse(campaignId, memberUid, unitCode, reason.trim(), now());
      else this.r.members.unrecuse(campaignId, memberUid, unitCode);
      this.r.history.append({
        campaignId, at: now(), actor, action: recused ? 'member.recuse' : 'member.unrecuse', unitCode, criterionCode: null,
        oldValue: null, newValue: JSON.stringify({ memberUid, reason }),
      });
    })();
    return this.members(campaignId);
  }

  private scope(campaignId: number, m: MemberRecord | undefined): Scope {
    const { areas, units, recusals } = m ? this.r.members.scopeOf(campaignId, m.uid) : { areas: [], units: [], recusals: new Map<string, string>() };
    return { areas: new Set(areas), units: units.length > 0 ? new Set(units) : null, recusals };
  }

  /** A set's buffers for one unit's sheet (typed arrays are costly to make and to collect on every keystroke). */
  private buffersOf(c: CompiledTree): SheetBuffers {
    let b = this.buffers.get(c);
    if (!b) {
      b = { finals: emptyScoreTable(c, 1), proposals: emptyScoreTable(c, 1), inputs: emptyScoreTable(c, 1), reasonWritten: new Uint8Array(c.size), selfAt: new Float64Array(c.size) };
      this.buffers.set(c, b);
    }
    return b;
  }

  /** A node's area as a scope holds it ("SET:area"), made once per node: the sheet's counts ask it of every leaf. */
  private areaKeyOf(node: TreeNode): string {
    let key = this.areaKeys.get(node);
    if (key === undefined) {
      key = qualifiedArea(node.criterion.setCode, areaOf(node.criterion.code));
      this.areaKeys.set(node, key);
    }
    return key;
  }

  /** Scope areas are "SET:area": the node's own set is part of what is assigned. */
  private lockOf(node: TreeNode, unitCode: string, scope: Scope, mode: 'member' | 'secretariat'): Exclude<MemberSheetRow['locked'], 'closed'> {
    if (node.children.length > 0) return 'not_leaf';
    if (mode === 'secretariat') return 'final';
    if (scope.recusals.has(unitCode)) return 'recused';
    if (!scope.areas.has(this.areaKeyOf(node)) || (scope.units && !scope.units.has(unitCode))) return 'not_assigned';
    if (node.criterion.kind === 'survey') return 'survey';
    return '';
  }

  /**
   * The roll-up a member sees: their proposals where they have one, the final scores elsewhere, and in round 2
   * round 1's results where the finals have none.
   */
  private memberInputs(c: CompiledTree, finals: ScoreTable, round1Results: PackedCells, proposals: ScoreTable, inputs: ScoreTable): ScoreTable {
    inputs.points.set(finals.points);
    inputs.notApplicable.set(finals.notApplicable);
    inputs.scored.set(finals.scored);
    const at = nodeIndexes(c.index, round1Results);
    for (let k = 0; k < round1Results.count; k++) {
      const i = at[k]!;
      if (i < 0) continue;
      setCellAt(inputs, i, inputs.scored[i] === 1 ? inputs.points[i]! : valueAt(round1Results, 2 * k), inputs.notApplicable[i] === 1 || round1Results.values[2 * k + 1] === 1);
    }
    for (let i = 0; i < c.size; i++) {
      if (proposals.scored[i] === 1) inputs.points[i] = proposals.points[i]!;
      inputs.scored[i] |= proposals.scored[i]!;
      inputs.notApplicable[i] |= proposals.notApplicable[i]!;
    }
    return inputs;
  }

  sheet(campaignId: number, unitCode: string): MemberSheet {
    const { campaign, round } = this.campaigns.requireWithRound(campaignId, false);
    const unit = this.scoring.requireUnit(campaignId, unitCode);
    const m = this.r.members.self();
    const closed = m?.kind === 'member' && this.calendar.isClosed(campaignId, appraisalPhase(round));
    const { fields, rows } = this.memberRows({ campaignId, unit, round, rules: campaign.indexRules, m, scope: this.scope(campaignId, m), closed }, null);
    return { ...fields, rows };
  }

  /**
   * A write's reply: the sheet's fields and the rows a change of `criterionCode` moved (the cell and those above
   * it; with `applicability`, every row below it too). The unit's values are read and rolled up as for a sheet,
   * but only those rows are read whole and built.
   */
  private patchOf(cell: SheetContext & { tree: CriteriaTree }, criterionCode: string, applicability: boolean): MemberSheetPatch {
    const { fields, rows } = this.memberRows(cell, changedNodes(cell.tree, criterionCode, applicability));
    return { kind: 'sheetPatch', unitCode: cell.unit.code, rows, fields };
  }

  /**
   * The member's sheet of a unit from one read: every cell's values rolled up once and counted, and the rows of
   * `nodes` (null: every row, in order) built whole.
   */
  private memberRows(cell: SheetContext, nodes: readonly TreeNode[] | null): { fields: Omit<MemberSheet, 'rows'>; rows: MemberSheetRow[] } {
    const { campaignId, unit, round, m, scope } = cell;
    const unitCode = unit.code;
    const mode = m?.kind === 'member' ? 'member' : 'secretariat';
    const { values, details } = this.r.sheets.memberUnit(campaignId, unitCode, m ? m.uid : null, round, nodes ? nodes.map((n) => n.criterion.code) : null);
    const { compiled: c, tree } = this.scoring.setOfUnit(campaignId, unit);
    // Every cell's values laid out by node: the finals' table and self-scores, the member's proposals.
    // The set's buffers, cleared: nothing read into them outlives this call.
    const { finals, proposals, inputs, reasonWritten, selfAt } = this.buffersOf(c);
    for (const t of [finals, proposals]) {
      t.points.fill(0);
      t.notApplicable.fill(0);
      t.scored.fill(0);
    }
    reasonWritten.fill(0);
    selfAt.fill(-1);
    const f = values.finals;
    const fAt = nodeIndexes(c.index, f);
    for (let k = 0; k < f.count; k++) {
      const i = fAt[k]!;
      if (i < 0) continue;
      setCellAt(finals, i, valueAt(f, 3 * k + 1), f.values[3 * k + 2] === 1);
      selfAt[i] = f.values[3 * k]!;
    }
    const p = values.proposals;
    const pAt = nodeIndexes(c.index, p);
    for (let k = 0; k < p.count; k++) {
      const i = pAt[k]!;
      if (i < 0) continue;
      setCellAt(proposals, i, valueAt(p, 3 * k), p.values[3 * k + 1] === 1);
      reasonWritten[i] = p.values[3 * k + 2] === 1 ? 1 : 0;
    }
    // One roll-up: in member mode over the member's proposals, else over the finals.
    const base = this.scoring.sheetParts(campaignId, unit, { finals, entries: details.scores }, cell.rules, mode === 'member' ? this.memberInputs(c, finals, values.round1Results, proposals, inputs) : undefined);
    const proposalMilli = (i: number): number | null => (proposals.scored[i] === 1 ? proposals.points[i]! : null);
    const needsReasonAt = (i: number): boolean => reasonWritten[i] === 0 && differsFromSelf(proposalMilli(i), false, selfAt[i]! < 0 ? null : selfAt[i]!);
    // The counts read every leaf's values; no row is built for them.
    let assignedLeaves = 0;
    let proposedLeaves = 0;
    let missingReasons = 0;
    for (const leaf of tree.leaves) {
      if (this.lockOf(leaf, unitCode, scope, mode) !== '' || !base.result.nodes.isApplicable(leaf)) continue;
      assignedLeaves++;
      if (proposals.scored[leaf.index] === 1 || proposals.notApplicable[leaf.index] === 1) proposedLeaves++;
      if (needsReasonAt(leaf.index)) missingReasons++;
    }
    const recusalReason = scope.recusals.get(unitCode) ?? '';
    const fields = {
      ...base.fields, round, memberUid: m?.uid ?? null, recused: recusalReason !== '', recusalReason, assignedLeaves, proposedLeaves, missingReasons,
      openRequests: values.openRequests, closed: cell.closed,
    };
    const lockAt = (node: TreeNode): MemberSheetRow['locked'] => {
      const lock = this.lockOf(node, unitCode, scope, mode);
      return lock === '' && cell.closed ? 'closed' : lock;
    };
    const row = (node: TreeNode): MemberSheetRow => {
      const r = base.row(node);
      const p = details.proposals.get(r.code);
      const mine1 = details.round1Proposals.get(r.code);
      const final1 = nodeIndexes(c.index, values.round1Results).indexOf(node.index);
      // Every field written out: a spread of the row followed by more fields builds a slow-mode object per
      // row, and with ~140 rows that was most of the round trip's time.
      return {
        code: r.code,
        name: r.name,
        depth: r.depth,
        isLeaf: r.isLeaf,
        kind: r.kind,
        rule: r.rule,
        maxMilli: r.maxMilli,
        selfMilli: r.selfMilli,
        selfNotApplicable: r.selfNotApplicable,
        selfReason: r.selfReason,
        pointsMilli: r.pointsMilli,
        notApplicable: r.notApplicable,
        applicable: r.applicable,
        note: r.note,
        subtotalMilli: r.subtotalMilli,
        subMaxMilli: r.subMaxMilli,
        parsedRule: this.ruleOf(campaignId, node),
        locked: lockAt(node),
        proposalMilli: p?.pointsMilli ?? null,
        proposalNotApplicable: p?.notApplicable ?? false,
        reason: p?.reason ?? '',
        inputs: p ? parseInputs(p.inputs) : null,
        needsReason: needsReasonAt(node.index),
        explanation: details.scores.get(r.code)?.explanation ?? '',
        requests: (details.requests.get(r.code) ?? []).map((q) => ({
          id: q.id, memberUid: q.memberUid, memberName: q.memberName, text: q.text, status: q.status, answer: q.answer, createdAt: q.createdAt, answeredAt: q.answeredAt,
        })),
        evidenceCount: details.evidence.get(r.code) ?? 0,
        round1ProposalMilli: mine1?.pointsMilli ?? null,
        round1ProposalNotApplicable: mine1?.notApplicable ?? false,
        round1FinalMilli: final1 < 0 ? null : valueAt(values.round1Results, 2 * final1),
        round1FinalNotApplicable: final1 >= 0 && values.round1Results.values[2 * final1 + 1] === 1,
      };
    };
    return { fields, rows: (nodes ?? base.tree.ordered).map(row) };
  }

  /**
   * The member who acts here, in an open campaign, on a unit: each read once for the write and the sheet it returns.
   * A proposal (`proposal: true`) is refused past the round's appraisal deadline (the calendar the campaign package
   * brought): the secretariat would refuse the package that carried it, whole.
   */
  private memberContext(campaignId: number, unitCode: string, proposal: boolean): SheetContext & { m: MemberRecord; tree: CriteriaTree } {
    const { campaign, round } = this.campaigns.requireWithRound(campaignId, true);
    const m = this.actingMember();
    const unit = this.scoring.requireUnit(campaignId, unitCode);
    let closed: boolean;
    if (proposal) {
      this.calendar.requireOpen(campaignId, appraisalPhase(round), '', 'entry');
      closed = false;
    } else {
      closed = this.calendar.isClosed(campaignId, appraisalPhase(round));
    }
    return { campaignId, unit, round, rules: campaign.indexRules, m, scope: this.scope(campaignId, m), closed, tree: this.scoring.setOfUnit(campaignId, unit).tree };
  }

  /** Refuses a cell the member may not edit, with the reason. */
  private requireEditable(cell: SheetContext & { tree: CriteriaTree }, criterionCode: string): TreeNode {
    const node = cell.tree.byCode.get(criterionCode);
    if (!node) {
      const model = this.scoring.modelOf(cell.campaignId);
      throw notInSet(model, this.scoring.setOfUnit(cell.campaignId, cell.unit), cell.unit.code, criterionCode);
    }
    const lock = this.lockOf(node, cell.unit.code, cell.scope, 'member');
    const keys = {
      not_leaf: 'criterion.notLeaf.score',
      not_assigned: 'workspace.notAssigned',
      recused: 'workspace.recused',
      survey: 'workspace.surveyCriterion',
      final: 'workspace.membersOnly',
    } as const satisfies Record<Exclude<MemberSheetRow['locked'], '' | 'closed'>, MessageKey>;
    if (lock !== '') throw new AppError('forbidden', keys[lock], { criterionCode });
    return node;
  }

  /** Writes are durable when they return; the sheet returned is the one the grid redraws from. */
  setProposal(input: ParsedInput<'proposal/set'>): MemberSheetPatch {
    const { campaignId, unitCode, criterionCode } = input;
    const cell = this.memberContext(campaignId, unitCode, true);
    const node = this.requireEditable(cell, criterionCode);
    const { m, round } = cell;
    let points: number | null = null;
    if (input.input) {
      const applied = applyRule(this.ruleOf(campaignId, node), input.input, node.criterion.maxMilli);
      if (!applied.ok) throw new AppError('out_of_range', 'workspace.criterionProblem', { criterionCode, message: applied.message });
      points = applied.value;
    }
    const at = now();
    this.r.db.transaction(() => {
      const before = this.r.proposals.get(campaignId, unitCode, criterionCode, m.uid, round);
      const reason = input.reason ?? before?.reason ?? '';
      if (before && before.pointsMilli === points && before.reason === reason && before.inputs === (input.input ? JSON.stringify(input.input) : '')) return;
      this.r.proposals.setPoints({
        campaignId, unitCode, criterionCode, memberUid: m.uid, round, pointsMilli: points,
        inputs: input.input ? JSON.stringify(input.input) : '', reason, at,
      });
      this.r.history.append({
        campaignId, at, actor: m.name, actorUid: m.uid, action: 'proposal.points', unitCode, criterionCode,
        oldValue: before?.pointsMilli === null || before === undefined ? null : String(before.pointsMilli),
        newValue: points === null ? null : String(points), reason,
      });
    })();
    return this.patchOf(cell, criterionCode, false);
  }

  setReason(input: ParsedInput<'proposal/setReason'>): MemberSheetPatch {
    const { campaignId, unitCode, criterionCode, reason } = input;
    const cell = this.memberContext(campaignId, unitCode, true);
    this.requireEditable(cell, criterionCode);
    const { m, round } = cell;
    const at = now();
    this.r.db.transaction(() => {
      const before = this.r.proposals.get(campaignId, unitCode, criterionCode, m.uid, round);
      if ((before?.reason ?? '') === reason) return;
      this.r.proposals.setReason({ campaignId, unitCode, criterionCode, memberUid: m.uid, round, reason, at });
      this.r.history.append({
        campaignId, at, actor: m.name, actorUid: m.uid, action: 'proposal.reason', unitCode, criterionCode,
        oldValue: before?.reason ?? null, newValue: reason,
      });
    })();
    return this.patchOf(cell, criterionCode, false);
  }

  setNotApplicable(input: ParsedInput<'proposal/setNotApplicable'>): MemberSheetPatch {
    const { campaignId, unitCode, criterionCode, notApplicable } = input;
    const cell = this.memberContext(campaignId, unitCode, true);
    const { m, round, tree, scope } = cell;
    const node = tree.byCode.get(criterionCode);
    if (!node) throw new AppError('not_found', 'criterion.notFound', { criterionCode });
    // A node may be marked not applicable when every leaf under it is the member's to score.
    const leaves = tree.leaves.filter((l) => l.criterion.code === criterionCode || l.criterion.code.startsWith(`${criterionCode}.`));
    const blocked = leaves.find((l) => this.lockOf(l, unitCode, scope, 'member') !== '');
    if (blocked) this.requireEditable(cell, blocked.criterion.code);
    const at = now();
    this.r.db.transaction(() => {
      const before = this.r.proposals.get(campaignId, unitCode, criterionCode, m.uid, round);
      if ((before?.notApplicable ?? false) === notApplicable) return;
      this.r.proposals.setNotApplicable({ campaignId, unitCode, criterionCode, memberUid: m.uid, round, notApplicable, at });
      this.r.history.append({
        campaignId, at, actor: m.name, actorUid: m.uid, action: 'proposal.notApplicable', unitCode, criterionCode,
        oldValue: String(before?.notApplicable ?? false), newValue: String(notApplicable),
      });
    })();
    return this.patchOf(cell, criterionCode, true);
  }

  requestExplanation(input: ParsedInput<'explanation/request'>): MemberSheetPatch {
    const { campaignId, unitCode, criterionCode, text } = input;
    const cell = this.memberContext(campaignId, unitCode, false);
    this.requireEditable(cell, criterionCode);
    const { m } = cell;
    const at = now();
    this.r.db.transaction(() => {
      const id = this.r.explanations.insert(campaignId, unitCode, criterionCode, m.uid, text.trim(), at);
      this.r.history.append({ campaignId, at, actor: m.name, actorUid: m.uid, action: 'explanation.request', unitCode, criterionCode, oldValue: null, newValue: JSON.stringify({ id, text }) });
    })();
    return this.patchOf(cell, criterionCode, false);
  }

  /** Returns the unit the request belongs to. */
  setExplanationStatus(input: ParsedInput<'explanation/setStatus'>, actor: string): string {
    const { campaignId, id, status, answer } = input;
    this.campaigns.requireOpen(campaignId);
    const q = this.r.explanations.get(campaignId, id);
    if (!q) throw new AppError('not_found', 'explanation.notFound', { id });
    const at = now();
    // The member's own change to their request travels in their package (history selected by uid).
    const self = this.r.members.self();
    const actorUid = self?.kind === 'member' && self.uid === q.memberUid ? self.uid : null;
    this.r.db.transaction(() => {
      this.r.explanations.setStatus(campaignId, id, status, answer, status === 'answered' ? at : null);
      this.r.history.append({
        campaignId, at, actor, actorUid, action: 'explanation.status', unitCode: q.unitCode, criterionCode: q.criterionCode,
        oldValue: q.status, newValue: status, reason: answer,
      });
    })();
    return q.unitCode;
  }

  workspace(campaignId: number): WorkspaceInfo {
    this.campaigns.require(campaignId);
    const m = this.r.members.self();
    const mode = m?.kind === 'member' ? 'member' : 'secretariat';
    const scope = this.scope(campaignId, m);
    const model = this.scoring.modelOf(campaignId);
    const groups = new Map(this.r.groups.list(campaignId).map((g) => [g.code, g.name]));
    const round = this.r.rounds.stateOf(campaignId).round;
    const proposals = m ? this.r.proposals.forMember(campaignId, m.uid, round) : [];
    const byUnit = new Map<string, ProposalRecord[]>();
    for (const p of proposals) byUnit.set(p.unitCode, [...(byUnit.get(p.unitCode) ?? []), p]);
    const open = new Map<string, number>();
    for (const u of this.r.units.list(campaignId)) {
      open.set(u.code, this.r.explanations.forUnit(campaignId, u.code).filter((q) => q.status === 'open').length);
    }
    const finals = this.r.scores.inputsByUnit(campaignId);
    let assignedTotal = 0;
    let scoredTotal = 0;
    const units = this.r.units.list(campaignId).map((u) => {
      const mine = byUnit.get(u.code) ?? [];
      const byCode = new Map(mine.map((p) => [p.criterionCode, p]));
      const inputs = new Map(finals.get(u.code) ?? []);
      for (const p of mine) if (p.notApplicable) inputs.set(p.criterionCode, { pointsMilli: null, notApplicable: true });
      const selfScores = mode === 'member' ? new Map(this.r.scores.listByUnit(campaignId, u.code).map((s) => [s.criterionCode, s.selfMilli])) : new Map<string, number | null>();
      let assignedLeaves = 0;
      let scoredLeaves = 0;
      let missingReasons = 0;
      const tree = this.scoring.setOfUnit(campaignId, u).tree;
      if (mode === 'member') {
        for (const leaf of tree.leaves) {
          if (this.lockOf(leaf, u.code, scope, 'member') !== '') continue;
          let applicable = true;
          for (let n: TreeNode | null = leaf; n && applicable; n = n.parent) applicable = !(inputs.get(n.criterion.code)?.notApplicable ?? false);
          if (!applicable) continue;
          assignedLeaves++;
          const p = byCode.get(leaf.criterion.code);
          if (p && p.pointsMilli !== null) {
            scoredLeaves++;
            if (reasonMissing({ pointsMilli: p.pointsMilli, notApplicable: false }, p.reason, { selfMilli: selfScores.get(leaf.criterion.code) ?? null })) missingReasons++;
          }
        }
      }
      assignedTotal += assignedLeaves;
      scoredTotal += scoredLeaves;
      return {
        code: u.code,
        name: u.name,
        groupName: groups.get(u.groupCode) ?? u.groupCode,
        recused: scope.recusals.has(u.code),
        recusalReason: scope.recusals.get(u.code) ?? '',
        assignedLeaves,
        scoredLeaves,
        missingReasons,
        openRequests: open.get(u.code) ?? 0,
      };
    });
    return { self: m ? toProfile(m) : null, mode, areas: [...scope.areas].map((x) => displayArea(model, x)), units, assignedLeaves: assignedTotal, scoredLeaves: scoredTotal, round };
  }

  cellHistory(campaignId: number, unitCode: string, criterionCode: string) {
    this.campaigns.require(campaignId);
    return this.r.history.forCell(campaignId, unitCode, criterionCode);
  }
}
