// The two appraisal rounds: opening round 2 (round 1's finals kept as a snapshot), each round's
// summary, and the explanation requests sent to units and their answers coming back.

import { buildTree, computeUnit, type ScoreInput } from '../../shared/calc.js';

/** A unit whose group names no set of the campaign (never after validation) rolls up to nothing. */
const EMPTY_TREE = buildTree([]);
import type { AnswersImportResult, RoundInfo, RoundSummary, RoundUnitResult } from '../../shared/contract.js';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import type { Repositories } from '../repos/repositories.js';
import { refuseIfAny, writeExplanationList, type ExplanationListUnit } from '../workbook/explanations.js';
import { readExplanationWorkbook } from '../workbook/isolated.js';
import { IssueList } from '../workbook/sheet-reader.js';
import { now, type CampaignService } from './campaigns.js';
import type { CalendarService } from './calendar.js';
import type { ScoringService } from './scoring.js';
import { requireUnit } from './lookups.js';

/** How a unit's answer and its list of added files are kept in the request's one answer field. */
export const FILES_PREFIX = 'Tài liệu bổ sung: ';
export const composeAnswer = (answer: string, files: string): string => [answer, files === '' ? '' : `${FILES_PREFIX}${files}`].filter((x) => x !== '').join('\n');

export class RoundService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
    private readonly calendar: CalendarService,
  ) {}

  current(campaignId: number): 1 | 2 {
    return this.r.rounds.stateOf(campaignId).round;
  }

  /** Why round 2 cannot be opened now, or ''. */
  /** Why round 2 cannot open now, as the error `open` would throw; null when it can. */
  private openBlocked(campaignId: number): AppError | null {
    const c = this.campaigns.require(campaignId);
    if (c.status === 'final') return new AppError('locked', 'rounds.openLocked', { name: c.name });
    if (this.current(campaignId) === 2) return new AppError('conflict', 'rounds.alreadyRound2');
    const conflicts = this.r.exchange.conflictsOf(campaignId);
    if (conflicts.length > 0) {
      return new AppError('conflict', 'rounds.conflictsLeft', { count: conflicts.length, unitCode: conflicts[0]!.unitCode, criterionCode: conflicts[0]!.criterionCode });
    }
    return null;
  }

  /** Opens round 2: round 1's finals are kept as they are now; round-1 proposals and decisions stay untouched. */
  open(campaignId: number, reason: string, actor: string): RoundSummary {
    const blocked = this.openBlocked(campaignId);
    if (blocked) throw blocked;
    if (reason.trim() === '') throw new AppError('invalid_input', 'rounds.openReason');
    const at = now();
    this.r.db.transaction(() => {
      const kept = this.r.rounds.snapshot(campaignId, 1, at);
      this.r.rounds.setRound(campaignId, 2, at, reason.trim());
      this.r.history.append({
        campaignId, at, actor, action: 'round.open', unitCode: null, criterionCode: null,
        oldValue: '1', newValue: JSON.stringify({ round: 2, round1Cells: kept }), reason: reason.trim(),
      });
    })();
    return this.summary(campaignId);
  }

  /** Round 1's finals as inputs: the snapshot in round 2, the score table while round 1 is open. */
  round1Inputs(campaignId: number): Map<string, Map<string, ScoreInput>> {
    if (this.current(campaignId) === 1) return this.r.scores.inputsByUnit(campaignId);
    const byUnit = new Map<string, Map<string, ScoreInput>>();
    for (const x of this.r.rounds.resultsOf(campaignId, 1)) {
      let m = byUnit.get(x.unitCode);
      if (!m) byUnit.set(x.unitCode, (m = new Map()));
      m.set(x.criterionCode, { pointsMilli: x.pointsMilli, notApplicable: x.notApplicable });
    }
    return byUnit;
  }

  summary(campaignId: number): RoundSummary {
    const { indexRules } = this.campaigns.require(campaignId);
    const state = this.r.rounds.stateOf(campaignId);
    const setOf = this.scoring.setsByUnit(campaignId);
    const groups = new Map(this.r.groups.list(campaignId).map((g) => [g.code, g.name]));
    const units = this.r.units.list(campaignId);
    const resultsFrom = (inputs: Map<string, Map<string, ScoreInput>>): RoundUnitResult[] =>
      units.map((u) => {
        const r = computeUnit(setOf(u.code)?.tree ?? EMPTY_TREE, inputs.get(u.code) ?? new Map(), indexRules);
        return { unitCode: u.code, unitName: u.name, groupName: groups.get(u.groupCode) ?? u.groupCode, totalMilli: r.totalMilli, maxMilli: r.maxMilli, indexHundredths: r.indexHundredths };
      });
    const count = (inputs: Map<string, Map<string, ScoreInput>>) => [...inputs.values()].reduce((n, m) => n + m.size, 0);
    const current = this.r.scores.inputsByUnit(campaignId);
    const round1 = state.round === 1 ? current : this.round1Inputs(campaignId);
    const rounds: RoundInfo[] = [
      { round: 1, state: state.round === 1 ? 'open' : 'closed', ...this.r.rounds.countsOf(campaignId, 1), finals: count(round1), units: resultsFrom(round1) },
      state.round === 2
        ? { round: 2, state: 'open', ...this.r.rounds.countsOf(campaignId, 2), finals: count(current), units: resultsFrom(current) }
        : { round: 2, state: 'not_started', proposals: 0, members: 0, decisions: 0, finals: 0, units: [] },
    ];
    const requests = this.r.explanations.forCampaign(campaignId);
    return {
      campaignId, current: state.round, openedAt: state.openedAt, reason: state.reason, openBlocked: this.openBlocked(campaignId)?.message ?? '', rounds,
      openRequests: requests.filter((q) => q.status === 'open').length,
      answeredRequests: requests.filter((q) => q.status === 'answered').length,
    };
  }

  /** The list to send to units: every open request (and those already answered, with their answer), one sheet per unit. */
  exportForUnits(campaignId: number, unitCode?: string): { fileName: string; bytes: Buffer; units: number; requests: number } {
    const c = this.campaigns.require(campaignId);
    if (unitCode !== undefined) requireUnit(this.r, campaignId, unitCode);
    const setOf = this.scoring.setsByUnit(campaignId);
    const members = new Map(this.r.members.list().map((m) => [m.uid, m.name]));
    const round1 = this.round1Inputs(campaignId);
    const list: ExplanationListUnit[] = [];
    for (const u of this.r.units.list(campaignId)) {
      if (unitCode !== undefined && u.code !== unitCode) continue;
      const selfScores = new Map(this.r.scores.listByUnit(campaignId, u.code).map((s) => [s.criterionCode, s.selfMilli]));
      const requests = this.r.explanations.forUnit(campaignId, u.code).filter((q) => q.status !== 'withdrawn');
      if (requests.length === 0) continue;
      requests.sort((a, b) => a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }) || a.id - b.id);
      list.push({
        unitCode: u.code, unitName: u.name,
        requests: requests.map((q) => {
          const r1 = round1.get(u.code)?.get(q.criterionCode);
          return {
            id: q.id, criterionCode: q.criterionCode, criterionName: setOf(u.code)?.tree.byCode.get(q.criterionCode)?.criterion.name ?? '',
            selfMilli: selfScores.get(q.criterionCode) ?? null, round1Milli: r1?.pointsMilli ?? null, round1NotApplicable: r1?.notApplicable ?? false,
            text: q.text, requester: members.get(q.memberUid) ?? q.memberUid, answer: q.answer,
          };
        }),
      });
    }
    if (list.length === 0) {
      throw unitCode !== undefined ? new AppError('not_found', 'explanation.noneForUnit', { unitCode }) : new AppError('not_found', 'explanation.noneToSend');
    }
    const bytes = writeExplanationList({ campaignUid: c.uid, campaignName: c.name, year: c.year }, list);
    const suffix = unitCode !== undefined ? `-${asciiName(unitCode)}` : '';
    return { fileName: `Yeu-cau-giai-trinh-${c.year}${suffix}.xlsx`, bytes, units: list.length, requests: list.reduce((n, u) => n + u.requests.length, 0) };
  }

  /** The units' filled list: every row checked against this campaign first, then all answers written in one transaction. */
  async importAnswers(campaignId: number, buffer: Uint8Array, fileName: string, actor: string): Promise<AnswersImportResult> {
    this.campaigns.requireOpen(campaignId);
    const rows = await readExplanationWorkbook(buffer);
    // Checked again after the read: the campaign may have been finalised meanwhile.
    const c = this.campaigns.requireOpen(campaignId);
    const issues = new IssueList();
    const seen = new Map<number, { sheet: string; row: number }>();
    const writes: Array<{ id: number; unitCode: string; criterionCode: string; before: string; status: string; answer: string }> = [];
    let unchanged = 0;
    let blank = 0;
    const add = (x: { sheet: string; row: number }, column: string | null, message: string) => issues.add({ sheet: x.sheet, row: x.row, column, message } satisfies ImportIssue);
    for (const row of rows) {
      if (row.campaignUid !== c.uid) {
        add(row, null, `trang này thuộc một đợt đánh giá khác (mã "${row.campaignUid}"), không phải đợt "${c.name}".`);
        continue;
      }
      const first = seen.get(row.id);
      if (first) {
        add(row, row.columns.id, `yêu cầu số ${row.id} lặp lại (đã có ở trang "${first.sheet}", dòng ${first.row}): mỗi yêu cầu chỉ một dòng.`);
        continue;
      }
      seen.set(row.id, row);
      const q = this.r.explanations.get(campaignId, row.id);
      if (!q) {
        add(row, row.columns.id, `không có yêu cầu giải trình số ${row.id} trong đợt "${c.name}" (cột này không được sửa).`);
        continue;
      }
      if (q.unitCode !== row.sheetUnitCode) {
        add(row, row.columns.id, `yêu cầu số ${row.id} là của đơn vị "${q.unitCode}", không phải đơn vị "${row.sheetUnitCode}" của trang này.`);
        continue;
      }
      const code = row.criterionText.split(/\s+/)[0] ?? '';
      if (code !== q.criterionCode) {
        add(row, row.columns.criterion, `tiêu chí đã bị sửa: yêu cầu số ${row.id} là về tiêu chí "${q.criterionCode}", dòng này ghi "${row.criterionText}".`);
        continue;
      }
      const answer = composeAnswer(row.answer, row.files);
      if (answer === '') {
        blank++;
        continue;
      }
      if (q.status === 'withdrawn') {
        add(row, row.columns.answer, `yêu cầu số ${row.id} đã được rút, không nhận giải trình cho yêu cầu này.`);
        continue;
      }
      if (q.status === 'answered' && q.answer === answer) {
        unchanged++;
        continue;
      }
      writes.push({ id: q.id, unitCode: q.unitCode, criterionCode: q.criterionCode, before: q.answer, status: q.status, answer });
    }
    refuseIfAny(issues);
    // The units' answers come by package or by this file: both are held to the giải trình deadline.
    if (writes.length > 0) this.calendar.requireOpen(campaignId, 'giai_trinh', `"${fileName}"`, 'file');
    const at = now();
    this.r.db.transaction(() => {
      for (const w of writes) {
        this.r.explanations.setStatus(campaignId, w.id, 'answered', w.answer, at);
        this.r.history.append({
          campaignId, at, actor, action: 'explanation.answer', unitCode: w.unitCode, criterionCode: w.criterionCode,
          oldValue: w.status === 'answered' ? w.before : w.status, newValue: w.answer, reason: `Giải trình của đơn vị (tệp ${fileName})`, source: `answers:${fileName}`,
        });
      }
    })();
    return { campaignId, answered: writes.length, unchanged, blank, units: [...new Set(writes.map((w) => w.unitCode))].sort() };
  }
}

function asciiName(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'don-vi';
}
