// Consolidation: many members' proposals → one appraised score per (unit, sub-criterion), by the
// campaign's policy; the divergence queue; the secretariat's decisions; finalising and unlocking.
// Final scores are written to the score table, so ranking and annexes read them as before.

import type { ConsolidationReport, Policy, QueueItem, QueueReason } from '../../shared/contract.js';
import { isMeasured } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { checkScore } from '../../shared/rules.js';
import type { TreeNode } from '../../shared/calc.js';
import type { DecisionRecord, PolicyProposal } from '../repos/exchange-repo.js';
import type { HistoryRow, Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import { notInSet, type ScoringService } from './scoring.js';
import { requireUnit } from './lookups.js';
import { displayArea, qualifiedArea, type SetModel } from '../../shared/criteria-sets.js';

interface Cell {
  unitCode: string;
  criterionCode: string;
}
const key = (unitCode: string, criterionCode: string) => `${unitCode}\u0000${criterionCode}`;
const areaOf = (code: string) => code.split('.')[0]!;
/** The assigned members a policy other than "assigned" is given: it does not read them. */
const NOBODY: ReadonlySet<string> = new Set();
/** Up to this many cells, recompute reads each cell by its key rather than the whole round. */
const FEW_CELLS = 1000;

/** A final as its history row keeps it: the JSON `{"points":…,"na":…}`, written directly (thousands per package). */
const finalValue = (points: number | null, na: boolean) => `{"points":${points === null ? 'null' : String(points)},"na":${na ? 'true' : 'false'}}`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : Math.floor((s[mid - 1]! + s[mid]! + 1) / 2);
}

export class ConsolidationService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
  ) {}

  /** Members assigned to a cell: their areas include it, their units (if any) include the unit, not recused. */
  private assignedMembers(campaignId: number, setOf: (unitCode: string) => SetModel | undefined): (unitCode: string, criterionCode: string) => Set<string> {
    const scopes = this.r.members.list().map((m) => {
      const a = this.r.members.assignment(campaignId, m.uid);
      const recused = new Set(this.r.members.recusalsOf(campaignId, m.uid).map((x) => x.unitCode));
      return { uid: m.uid, areas: new Set(a.areas), units: a.units.length > 0 ? new Set(a.units) : null, recused };
    });
    // Called once per cell: the area of each code and the members of each (unit, area) are worked out once.
    // Areas are "SET:area" (the unit's set): area 3 of one set is not area 3 of the other.
    const areas = new Map<string, string>();
    const memo = new Map<string, Map<string, Set<string>>>();
    return (unitCode, criterionCode) => {
      const setCode = setOf(unitCode)?.set.code ?? '';
      const areaKey = `${setCode}\u0000${criterionCode}`;
      let area = areas.get(areaKey);
      if (area === undefined) areas.set(areaKey, (area = qualifiedArea(setCode, areaOf(criterionCode))));
      let ofUnit = memo.get(unitCode);
      if (!ofUnit) memo.set(unitCode, (ofUnit = new Map()));
      let found = ofUnit.get(area);
      if (!found) {
        const a = area;
        found = new Set(scopes.filter((s) => s.areas.has(a) && (!s.units || s.units.has(unitCode)) && !s.recused.has(unitCode)).map((s) => s.uid));
        ofUnit.set(area, found);
      }
      return found;
    };
  }

  /** Proposals of the campaign's current round, by cell. */
  private proposalsByCell(campaignId: number) {
    const byCell = new Map<string, ReturnType<Repositories['exchange']['proposals']>>();
    for (const p of this.r.exchange.proposals(campaignId, this.r.rounds.stateOf(campaignId).round)) {
      const k = key(p.unit_code, p.criterion_code);
      const list = byCell.get(k);
      if (list) list.push(p);
      else byCell.set(k, [p]);
    }
    return byCell;
  }

  /** What the policy reads of the round's proposals, by cell: the given cells, each by its key, or every cell. */
  private policyProposalsByCell(campaignId: number, round: number, cells: Cell[] | null): Map<string, PolicyProposal[]> {
    const byCell = new Map<string, PolicyProposal[]>();
    if (cells) {
      for (const c of cells) {
        const found = this.r.exchange.policyProposalsOfCell(campaignId, c.unitCode, c.criterionCode, round);
        if (found.length > 0) byCell.set(key(c.unitCode, c.criterionCode), found);
      }
      return byCell;
    }
    for (const p of this.r.exchange.policyProposals(campaignId, round)) {
      const k = key(p.unit_code, p.criterion_code);
      const list = byCell.get(k);
      if (list) list.push(p);
      else byCell.set(k, [p]);
    }
    return byCell;
  }

  /** What the policy makes of a cell's proposals; null when it cannot decide on its own. One pass, no allocation on the common path. */
  private policyValue(policy: Policy, proposals: readonly PolicyProposal[], assigned: ReadonlySet<string>): { pointsMilli: number | null; notApplicable: boolean } | null {
    if (policy === 'manual') return null;
    let counted = 0;
    let allNa = true;
    let first: number | 'KAD' | undefined;
    let agree = true;
    const points: number[] = [];
    for (const p of proposals) {
      if (policy === 'assigned' && !assigned.has(p.member_uid)) continue;
      if (p.points_milli === null && p.not_applicable !== 1) continue;
      counted++;
      const v: number | 'KAD' = p.not_applicable === 1 ? 'KAD' : p.points_milli!;
      if (first === undefined) first = v;
      else if (first !== v) agree = false;
      if (v !== 'KAD') {
        allNa = false;
        points.push(v);
      }
    }
    if (counted === 0) return null;
    if (allNa) return { pointsMilli: null, notApplicable: true };
    if (policy === 'assigned') return agree ? { pointsMilli: points[0]!, notApplicable: false } : null;
    if (points.length === 0) return null;
    if (policy === 'mean') return { pointsMilli: Math.floor((points.reduce((a, b) => a + b, 0) * 2 + points.length) / (2 * points.length)), notApplicable: false };
    return { pointsMilli: median(points), notApplicable: false };
  }

  /** Writes the final score of each cell from its decision or its proposals; cells left to decide keep theirs. */
  recompute(campaignId: number, cells: Cell[] | null, actor: string, source: string): number {
    const settings = this.r.exchange.settingsOf(campaignId);
    // A few cells (a decision, a small package) are read by their keys; more, or all, in one packed read each.
    const few = cells !== null && cells.length <= FEW_CELLS;
    const byCell = this.policyProposalsByCell(campaignId, this.r.rounds.stateOf(campaignId).round, few ? cells : null);
    const decisions = new Map(this.r.exchange.decisionsOf(campaignId).map((d) => [key(d.unitCode, d.criterionCode), d]));
    const setOf = this.scoring.setsByUnit(campaignId);
    const assignedOf = this.assignedMembers(campaignId, setOf);
    const targets = cells ?? [...new Set([...byCell.keys(), ...decisions.keys()])].map((k) => {
      const [unitCode, criterionCode] = k.split('\u0000') as [string, string];
      return { unitCode, criterionCode };
    });
    // The current finals: by key for a few cells, else one packed read of every final instead of one query per cell.
    const finals = new Map<string, { pointsMilli: number | null; notApplicable: boolean }>();
    if (few) {
      for (const c of cells) {
        const f = this.r.scores.get(campaignId, c.unitCode, c.criterionCode);
        if (f) finals.set(key(c.unitCode, c.criterionCode), f);
      }
    } else {
      this.r.scores.eachFinal(campaignId, (unitCode, criterionCode, pointsMilli, notApplicable) => finals.set(key(unitCode, criterionCode), { pointsMilli, notApplicable }));
    }
    // Round 2: a cell round 2 does not settle keeps its round-1 final.
    const round1 = this.round1Finals(campaignId);
    const policyReason = `chính sách: ${settings.policy}${round1 ? ' (vòng 2)' : ''}`;
    // The writes are gathered and made once per kind at the end (thousands of cells for a package):
    // nothing below reads what they change, so the rows and their order are those of one write per cell.
    const pointsSet: Array<{ unitCode: string; criterionCode: string; pointsMilli: number | null }> = [];
    const marksSet: Array<{ unitCode: string; criterionCode: string; notApplicable: boolean }> = [];
    const history: HistoryRow[] = [];
    const at = now();
    for (const cell of targets) {
      const node = setOf(cell.unitCode)?.tree.byCode.get(cell.criterionCode);
      if (!node) continue;
      const k = key(cell.unitCode, cell.criterionCode);
      const d = decisions.size > 0 ? decisions.get(k) : undefined;
      // Survey cells come from the survey import (or a decision), never from members' proposals.
      if (!d && node.criterion.kind === 'survey') continue;
      // A cell the policy cannot settle (members disagree, or the policy is manual) has no final score
      // until the secretariat decides it: a value left from an earlier package would mislead.
      // A mean or median off the leaf's rule (1,5 between 2 and 1 on a 2/1/0 leaf) is no score either: the secretariat decides.
      let policy = d ? null : this.policyValue(settings.policy, byCell.get(k) ?? [], settings.policy === 'assigned' ? assignedOf(cell.unitCode, cell.criterionCode) : NOBODY);
      if (policy && !policy.notApplicable && checkScore(node.criterion, policy.pointsMilli) !== null) policy = null;
      const want = d
        ? { pointsMilli: d.pointsMilli, notApplicable: d.notApplicable }
        : policy ?? (round1 ? round1.get(k) ?? { pointsMilli: null, notApplicable: false } : { pointsMilli: null, notApplicable: false });
      const current = finals.get(k);
      const points = node.children.length === 0 ? want.pointsMilli : null;
      if ((current?.pointsMilli ?? null) === points && (current?.notApplicable ?? false) === want.notApplicable) continue;
      if (node.children.length === 0 && (current?.pointsMilli ?? null) !== points) pointsSet.push({ unitCode: cell.unitCode, criterionCode: cell.criterionCode, pointsMilli: points });
      if ((current?.notApplicable ?? false) !== want.notApplicable) marksSet.push({ unitCode: cell.unitCode, criterionCode: cell.criterionCode, notApplicable: want.notApplicable });
      history.push({
        action: d ? 'final.decision' : 'final.consolidate', unitCode: cell.unitCode, criterionCode: cell.criterionCode,
        oldValue: finalValue(current?.pointsMilli ?? null, current?.notApplicable ?? false),
        newValue: finalValue(points, want.notApplicable), reason: d ? d.reason : policyReason,
      });
    }
    this.r.scores.setPointsAll(campaignId, pointsSet, at);
    this.r.scores.setNotApplicableAll(campaignId, marksSet, at);
    this.r.history.appendAll({ campaignId, at, actor, source }, history);
    return history.length;
  }

  /** In round 2, round 1's finals by cell (the snapshot taken when round 2 opened); null in round 1. */
  private round1Finals(campaignId: number): Map<string, { pointsMilli: number | null; notApplicable: boolean }> | null {
    if (this.r.rounds.stateOf(campaignId).round !== 2) return null;
    return new Map(this.r.rounds.resultsOf(campaignId, 1).map((x) => [key(x.unitCode, x.criterionCode), x]));
  }

  setPolicy(campaignId: number, policy: Policy, divergenceMilli: number, selfGapMilli: number, actor: string): void {
    this.campaigns.requireOpen(campaignId);
    this.r.db.transaction(() => {
      this.r.exchange.setSettings(campaignId, { policy, divergenceMilli, selfGapMilli });
      this.r.history.append({ campaignId, at: now(), actor, action: 'campaign.policy', unitCode: null, criterionCode: null, oldValue: null, newValue: JSON.stringify({ policy, divergenceMilli, selfGapMilli }) });
      this.recompute(campaignId, null, actor, 'policy');
    })();
  }

  decide(campaignId: number, unitCode: string, criterionCode: string, value: { pointsMilli: number | null; notApplicable: boolean }, reason: string, actor: string): void {
    this.campaigns.requireOpen(campaignId);
    if (reason.trim() === '') throw new AppError('invalid_input', 'consolidation.decideReason');
    const unit = requireUnit(this.r, campaignId, unitCode);
    const set = this.scoring.setOfUnit(campaignId, unit);
    const node = set.tree.byCode.get(criterionCode);
    if (!node) throw notInSet(this.scoring.modelOf(campaignId), set, unitCode, criterionCode);
    if (node.children.length > 0 && !value.notApplicable) throw new AppError('not_leaf', 'criterion.notLeaf.decide', { criterionCode });
    const problem = value.notApplicable ? null : checkScore(node.criterion, value.pointsMilli);
    if (problem !== null) throw new AppError('out_of_range', 'score.ruleBroken', { problem });
    this.r.db.transaction(() => {
      this.r.exchange.decide(campaignId, { unitCode, criterionCode, ...value, reason: reason.trim(), decidedBy: actor, decidedAt: now() });
      this.r.exchange.clearConflicts(campaignId, unitCode, criterionCode);
      this.r.history.append({ campaignId, at: now(), actor, action: 'decide', unitCode, criterionCode, oldValue: null, newValue: JSON.stringify(value), reason: reason.trim() });
      this.recompute(campaignId, [{ unitCode, criterionCode }], actor, 'decide');
    })();
  }

  report(campaignId: number): ConsolidationReport {
    const c = this.campaigns.require(campaignId);
    const settings = this.r.exchange.settingsOf(campaignId);
    const model = this.scoring.modelOf(campaignId);
    const setOf = this.scoring.setsByUnit(campaignId);
    const units = this.r.units.list(campaignId);
    const unitNames = new Map(units.map((u) => [u.code, u.name]));
    const members = new Map(this.r.members.list().map((m) => [m.uid, m.name]));
    const byCell = this.proposalsByCell(campaignId);
    const decisions = new Map(this.r.exchange.decisionsOf(campaignId).map((d): [string, DecisionRecord] => [key(d.unitCode, d.criterionCode), d]));
    const conflicts = this.r.exchange.conflictsOf(campaignId);
    const conflictCells = new Set(conflicts.map((x) => key(x.unitCode, x.criterionCode)));
    const assignedOf = this.assignedMembers(campaignId, setOf);
    const finals = new Map<string, { pointsMilli: number | null; notApplicable: boolean; selfMilli: number | null }>();
    for (const s of this.r.scores.listByCampaign(campaignId)) finals.set(key(s.unitCode, s.criterionCode), s);
    const round1 = this.round1Finals(campaignId);
    const openRequests = new Set<string>();
    for (const u of units) for (const q of this.r.explanations.forUnit(campaignId, u.code)) if (q.status === 'open') openRequests.add(key(u.code, q.criterionCode));

    const queue: QueueItem[] = [];
    const cells = new Set([...byCell.keys(), ...openRequests, ...conflictCells]);
    for (const k of cells) {
      const [unitCode, criterionCode] = k.split('\u0000') as [string, string];
      const node = setOf(unitCode)?.tree.byCode.get(criterionCode);
      if (!node) continue;
      const proposals = byCell.get(k) ?? [];
      const final = finals.get(k);
      const decided = decisions.has(k);
      const reasons: QueueReason[] = [];
      const values = proposals.filter((p) => p.points_milli !== null && p.not_applicable === 0).map((p) => p.points_milli!);
      const naSplit = proposals.some((p) => p.not_applicable === 1) && proposals.some((p) => p.not_applicable === 0 && p.points_milli !== null);
      if (!decided && (naSplit || (values.length >= 2 && Math.max(...values) - Math.min(...values) > settings.divergenceMilli))) reasons.push('members_differ');
      if (!decided && final?.pointsMilli != null && final.selfMilli != null && Math.abs(final.pointsMilli - final.selfMilli) > settings.selfGapMilli) reasons.push('self_gap');
      if (openRequests.has(k)) reasons.push('pending_explanation');
      if (conflictCells.has(k)) reasons.push('conflict');
      if (reasons.length === 0) continue;
      const assigned = assignedOf(unitCode, criterionCode);
      queue.push({
        unitCode, unitName: unitNames.get(unitCode) ?? unitCode, criterionCode, criterionName: node.criterion.name, reasons,
        selfMilli: final?.selfMilli ?? null, finalMilli: final?.pointsMilli ?? null, finalNotApplicable: final?.notApplicable ?? false, decided,
        proposals: proposals.map((p) => ({ memberUid: p.member_uid, memberName: members.get(p.member_uid) ?? p.member_uid, pointsMilli: p.points_milli, notApplicable: p.not_applicable === 1, reason: p.reason, assigned: assigned.has(p.member_uid) })),
        round1Milli: round1?.get(k)?.pointsMilli ?? null, round1NotApplicable: round1?.get(k)?.notApplicable ?? false,
        leaf: { code: node.criterion.code, kind: node.criterion.kind, maxMilli: node.criterion.maxMilli, rule: node.criterion.rule },
      });
    }
    queue.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }));

    // Progress per member × area over the cells each member is assigned.
    const progress: ConsolidationReport['progress'] = [];
    const applicable = (unitCode: string, leaf: TreeNode) => {
      for (let n: TreeNode | null = leaf; n; n = n.parent) if (finals.get(key(unitCode, n.criterion.code))?.notApplicable) return false;
      return true;
    };
    for (const m of this.r.members.list()) {
      const a = this.r.members.assignment(campaignId, m.uid);
      if (a.areas.length === 0) continue;
      const recused = new Set(this.r.members.recusalsOf(campaignId, m.uid).map((x) => x.unitCode));
      const scope = units.filter((u) => (a.units.length === 0 || a.units.includes(u.code)) && !recused.has(u.code));
      for (const qualified of a.areas) {
        const at = qualified.indexOf(':');
        const setCode = qualified.slice(0, at);
        const area = qualified.slice(at + 1);
        const tree = model.bySet.get(setCode)?.tree;
        if (!tree) continue;
        let assignedLeaves = 0;
        let proposedLeaves = 0;
        for (const leaf of tree.leaves) {
          if (areaOf(leaf.criterion.code) !== area || leaf.criterion.kind === 'survey') continue;
          for (const u of scope) {
            if (setOf(u.code)?.set.code !== setCode) continue;
            if (!applicable(u.code, leaf)) continue;
            assignedLeaves++;
            if ((byCell.get(key(u.code, leaf.criterion.code)) ?? []).some((p) => p.member_uid === m.uid && (p.points_milli !== null || p.not_applicable === 1))) proposedLeaves++;
          }
        }
        progress.push({ memberUid: m.uid, memberName: m.name, areaCode: displayArea(model, qualified), assignedLeaves, proposedLeaves });
      }
    }

    const missing: string[] = [];
    for (const u of units) {
      let unscored = 0;
      let survey = 0;
      for (const leaf of setOf(u.code)?.tree.leaves ?? []) {
        if (!isMeasured(leaf.criterion.kind) || !applicable(u.code, leaf)) continue;
        if ((finals.get(key(u.code, leaf.criterion.code))?.pointsMilli ?? null) !== null) continue;
        if (leaf.criterion.kind === 'survey') survey++;
        else unscored++;
      }
      if (unscored > 0) missing.push(`${u.name}: ${unscored} tiêu chí thành phần chưa có điểm thẩm định.`);
      if (survey > 0) missing.push(`${u.name}: ${survey} tiêu chí chưa có điểm điều tra xã hội học.`);
    }
    if (conflicts.length > 0) missing.push(`${conflicts.length} xung đột giữa gói dữ liệu mới và điểm đã quyết định cần xem xét.`);
    if (openRequests.size > 0) missing.push(`${openRequests.size} yêu cầu giải trình đang chờ trả lời.`);

    return {
      campaignId, status: c.status, round: round1 ? 2 : 1, policy: settings.policy, divergenceMilli: settings.divergenceMilli, selfGapMilli: settings.selfGapMilli,
      progress, queue,
      conflicts: conflicts.map((x) => ({
        unitCode: x.unitCode, criterionCode: x.criterionCode, memberUid: x.memberUid, memberName: members.get(x.memberUid) ?? x.memberUid,
        pointsMilli: x.pointsMilli, notApplicable: x.notApplicable, decidedMilli: decisions.get(key(x.unitCode, x.criterionCode))?.pointsMilli ?? null, packageSha256: x.packageSha256,
      })),
      missing,
    };
  }

  finalize(campaignId: number, actor: string): void {
    const c = this.campaigns.requireOpen(campaignId);
    const conflicts = this.r.exchange.conflictsOf(campaignId);
    if (conflicts.length > 0) {
      throw new AppError('conflict', 'consolidation.conflictsLeft', { count: conflicts.length, unitCode: conflicts[0]!.unitCode, criterionCode: conflicts[0]!.criterionCode });
    }
    this.r.db.transaction(() => {
      this.r.campaigns.update({ ...c, status: 'final' });
      this.r.history.append({ campaignId, at: now(), actor, action: 'campaign.finalize', unitCode: null, criterionCode: null, oldValue: 'open', newValue: 'final' });
    })();
  }

  unlock(campaignId: number, reason: string, actor: string): void {
    const c = this.campaigns.require(campaignId);
    if (c.status !== 'final') throw new AppError('invalid_input', 'consolidation.notFinal');
    if (reason.trim() === '') throw new AppError('invalid_input', 'consolidation.unlockReason');
    this.r.db.transaction(() => {
      this.r.campaigns.update({ ...c, status: 'open' });
      this.r.history.append({ campaignId, at: now(), actor, action: 'campaign.unlock', unitCode: null, criterionCode: null, oldValue: 'final', newValue: 'open', reason: reason.trim() });
    })();
  }
}
