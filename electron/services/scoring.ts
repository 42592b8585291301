// Scoring use cases: a unit's sheet (tree, scores, live roll-up) and durable score writes, each
// with its history row, in one transaction.

import { buildTree, compileTree, computeUnit, rankScoreTable, resultTotals, type CompiledTree, type CriteriaTree, type Ranking, type ScoreInput } from '../../shared/calc.js';
import type { SheetRow, UnitSheet } from '../../shared/contract.js';
import { formatPoints } from '../../shared/numbers.js';
import type { Criterion } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { checkScore, needsReason } from '../../shared/rules.js';
import type { Repositories } from '../repos/repositories.js';
import { leafProgress, now, type CampaignService } from './campaigns.js';
import { requireCriterion, requireUnit } from './lookups.js';

/** The decision's reason when the secretariat types a final score that agrees with everyone. */
export const DIRECT_EDIT_REASON = 'Nhập trực tiếp trên bảng điểm';

export class ScoringService {
  /** Trees are immutable per campaign once created, so they are built once. */
  private readonly trees = new Map<number, { criteria: Criterion[]; tree: CriteriaTree; compiled: CompiledTree }>();

  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
  ) {}

  /** The campaign's criteria and tree, built once (a campaign's criteria set never changes). */
  treeOf(campaignId: number): { criteria: Criterion[]; tree: CriteriaTree; compiled: CompiledTree } {
    let t = this.trees.get(campaignId);
    if (!t) {
      const criteria = this.r.criteria.list(campaignId);
      const tree = buildTree(criteria);
      t = { criteria, tree, compiled: compileTree(tree) };
      this.trees.set(campaignId, t);
    }
    return t;
  }

  forget(campaignId: number): void {
    this.trees.delete(campaignId);
  }

  sheet(campaignId: number, unitCode: string): UnitSheet {
    const { indexRules } = this.campaigns.require(campaignId);
    const unit = requireUnit(this.r, campaignId, unitCode);
    const group = this.r.groups.list(campaignId).find((g) => g.code === unit.groupCode);
    const { tree } = this.treeOf(campaignId);
    const entries = new Map(this.r.scores.listByUnit(campaignId, unitCode).map((s) => [s.criterionCode, s]));
    const inputs = new Map<string, ScoreInput>();
    for (const [code, s] of entries) inputs.set(code, { pointsMilli: s.pointsMilli, notApplicable: s.notApplicable });
    const result = computeUnit(tree, inputs, indexRules);
    const rows: SheetRow[] = tree.ordered.map((node) => {
      const c = node.criterion;
      const e = entries.get(c.code);
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
        pointsMilli: isLeaf ? (e?.pointsMilli ?? null) : null,
        notApplicable: e?.notApplicable ?? false,
        applicable: n?.applicable ?? true,
        note: e?.note ?? '',
        subtotalMilli: n?.pointsMilli ?? 0,
        subMaxMilli: n?.maxMilli ?? 0,
      };
    });
    return {
      campaignId,
      unit: { ...unit, groupName: group?.name ?? unit.groupCode },
      rows,
      ...resultTotals(result),
      ...leafProgress(tree, inputs),
    };
  }

  private requireCell(campaignId: number, unitCode: string, criterionCode: string) {
    this.campaigns.requireOpen(campaignId);
    requireUnit(this.r, campaignId, unitCode);
    return requireCriterion(this.treeOf(campaignId).tree, criterionCode);
  }

  /**
   * Writes the final points of one leaf; null clears them. The points must fit the leaf's rule, and a value
   * that differs from the self-score or a member's proposal needs a reason (as a decision does).
   */
  setPoints(campaignId: number, unitCode: string, criterionCode: string, pointsMilli: number | null, actor: string, reason = ''): void {
    const node = this.requireCell(campaignId, unitCode, criterionCode);
    const c = node.criterion;
    if (node.children.length > 0) {
      throw new AppError('not_leaf', 'criterion.notLeaf.score', { criterionCode: c.code });
    }
    const problem = checkScore(c, pointsMilli);
    if (problem !== null) throw new AppError('out_of_range', 'score.ruleBroken', { problem });
    this.r.db.transaction(() => {
      const before = this.r.scores.get(campaignId, unitCode, criterionCode);
      const old = before?.pointsMilli ?? null;
      if (old === pointsMilli) return;
      const round = this.r.rounds.stateOf(campaignId).round;
      const proposals = this.r.exchange.policyProposalsOfCell(campaignId, unitCode, criterionCode, round)
        .map((p) => ({ pointsMilli: p.points_milli, notApplicable: p.not_applicable === 1 }));
      if (needsReason({ pointsMilli, notApplicable: false }, reason, { selfMilli: before?.selfMilli ?? null, proposals })) {
        throw new AppError('reason_required', 'score.reasonRequired', { code: c.code, points: formatPoints(pointsMilli!) });
      }
      this.r.scores.setPoints(campaignId, unitCode, criterionCode, pointsMilli, now());
      this.recordDirectDecision(campaignId, unitCode, criterionCode, actor, reason);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'score.points', unitCode, criterionCode,
        oldValue: old === null ? null : String(old), newValue: pointsMilli === null ? null : String(pointsMilli),
        ...(reason.trim() !== '' ? { reason: reason.trim() } : {}),
      });
    })();
  }

  setNotApplicable(campaignId: number, unitCode: string, criterionCode: string, notApplicable: boolean, actor: string): void {
    this.requireCell(campaignId, unitCode, criterionCode);
    this.r.db.transaction(() => {
      const before = this.r.scores.get(campaignId, unitCode, criterionCode);
      if ((before?.notApplicable ?? false) === notApplicable) return;
      this.r.scores.setNotApplicable(campaignId, unitCode, criterionCode, notApplicable, now());
      this.recordDirectDecision(campaignId, unitCode, criterionCode, actor);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'score.notApplicable', unitCode, criterionCode,
        oldValue: String(before?.notApplicable ?? false), newValue: String(notApplicable),
      });
    })();
  }

  /**
   * The secretariat's own edit of a final score is a decision: consolidation never overwrites it, and a
   * member package that later disagrees becomes a conflict to review.
   */
  private recordDirectDecision(campaignId: number, unitCode: string, criterionCode: string, actor: string, reason = ''): void {
    const s = this.r.scores.get(campaignId, unitCode, criterionCode);
    this.r.exchange.decide(campaignId, {
      unitCode, criterionCode, pointsMilli: s?.pointsMilli ?? null, notApplicable: s?.notApplicable ?? false,
      reason: reason.trim() || DIRECT_EDIT_REASON, decidedBy: actor, decidedAt: now(),
    });
  }

  /** The ranking; provisional ("Kết quả tạm tính") until the campaign is finalised. */
  ranking(campaignId: number): Ranking {
    const c = this.campaigns.require(campaignId);
    const { compiled } = this.treeOf(campaignId);
    const units = this.r.units.list(campaignId);
    const ranking = rankScoreTable(compiled, this.r.groups.list(campaignId), units, this.r.scores.table(campaignId, compiled, units), c.indexRules);
    return { ...ranking, provisional: c.status !== 'final' };
  }
}
