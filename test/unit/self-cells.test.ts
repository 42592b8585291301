// The unit's sheet without a browser (renderer/screens/unit/selfCells.ts): which rows take a self-score,
// how typed values read against the rule (declared figures give the ratio's points), what the filters
// keep, and how a deadline reads.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CalendarPhase, SelfSheetRow } from '../../shared/contract.js';
import { parseRule } from '../../shared/rules.js';
import {
  checkSelfDraft,
  deadlineText,
  filteredCodes,
  matchesSelfFilter,
  selfDisplayDraft,
  selfEditable,
  selfLockKey,
  selfOwnLeaf,
  selfScoreable,
  selfSelectedOption,
} from '../../renderer/screens/unit/selfCells.js';

function row(code: string, rule: string, maxMilli: number, over: Partial<SelfSheetRow> = {}): SelfSheetRow {
  const parsed = parseRule(rule, maxMilli);
  assert.ok(parsed.ok, `rule "${rule}" parses`);
  return {
    code, name: `Tiêu chí ${code}`, depth: code.split('.').length - 1, kind: 'appraised', maxMilli, isLeaf: true, parsedRule: parsed.value, locked: '',
    naAllowed: true, selfMilli: null, selfNotApplicable: false, inheritedNotApplicable: false, selfReason: '', inputs: null, explanation: '',
    evidence: [], requests: [], missingEvidence: false, ...over,
  };
}

const FIGURES = 'tỷ lệ (Hồ sơ đúng hạn / Tổng số hồ sơ): >=98%=3; 95-98%=2; <95%=0';

test('declared figures give the ratio and its band; incomplete or impossible figures are refused', () => {
  const r = row('3.3.1', FIGURES, 3000);
  assert.equal(r.parsedRule.kind, 'ratio');
  const ok = checkSelfDraft(r, { a: '490', b: '500' });
  assert.deepEqual(ok, { ok: true, input: { kind: 'figures', numerator: 490, denominator: 500 }, pointsMilli: 3000 });
  const lower = checkSelfDraft(r, { a: '480', b: '500' });
  assert.ok(lower.ok && lower.pointsMilli === 2000, '96 % is in the 95–98 % band');
  assert.deepEqual(checkSelfDraft(r, { a: '490', b: '' }), { ok: false, error: 'entry.figuresIncomplete' });
  assert.deepEqual(checkSelfDraft(r, { a: '5', b: '0' }), { ok: false, error: 'entry.denominatorZero' });
  assert.deepEqual(checkSelfDraft(r, { a: '6', b: '5' }), { ok: false, error: 'entry.numeratorOver' });
  assert.deepEqual(checkSelfDraft(r, { a: '', b: '' }), { ok: true, input: null, pointsMilli: null });
});

test('a saved self-score shows as typed: figures with a decimal comma, a percentage, free points', () => {
  assert.deepEqual(selfDisplayDraft(row('3.3.1', FIGURES, 3000, { selfMilli: 3000, inputs: { kind: 'figures', numerator: 49.5, denominator: 50 } })), { a: '49,5', b: '50' });
  assert.deepEqual(selfDisplayDraft(row('1.1.2', 'tỷ lệ: >90%=2; 70-90%=1; <70%=0', 2000, { selfMilli: 2000, inputs: { kind: 'percent', hundredths: 9550 } })), { a: '95,5', b: '' });
  assert.deepEqual(selfDisplayDraft(row('1.5.1', 'tự do: bước 0,25', 1500, { selfMilli: 1250 })), { a: '1,25', b: '' });
  const free = row('1.5.1', 'tự do: bước 0,25', 1500);
  assert.deepEqual(checkSelfDraft(free, { a: '1,3', b: '' }), { ok: false, error: 'entry.step', params: { step: '0,25' } });
  assert.deepEqual(checkSelfDraft(free, { a: '2', b: '' }), { ok: false, error: 'scoring.overMax', params: { max: '1,5' } });
});

test('levels: the chosen option is the stored input, else the option worth the self-score', () => {
  const tiers = 'mức: Đúng hạn=1; Trễ hạn=0,5; Không ban hành=0';
  assert.equal(selfSelectedOption(row('1.1.1', tiers, 1000)), -1);
  assert.equal(selfSelectedOption(row('1.1.1', tiers, 1000, { selfMilli: 500 })), 1);
  assert.equal(selfSelectedOption(row('1.1.1', tiers, 1000, { selfMilli: 0, inputs: { kind: 'option', index: 2 } })), 2);
  assert.equal(selfSelectedOption(row('1.2.1', 'có/không', 1000, { selfMilli: 1000 })), 0);
});

test('parents, survey leaves and rows under a not-applicable claim take no self-score, each saying why', () => {
  const parent = row('1', '', 10000, { isLeaf: false, locked: 'not_leaf' });
  const survey = row('8.1.1', '', 1500, { kind: 'survey', locked: 'survey' });
  const under = row('2.1.1', '', 1500, { inheritedNotApplicable: true });
  const claimed = row('6.2.2', '', 1500, { selfNotApplicable: true, selfReason: 'Không có đơn vị sự nghiệp' });
  assert.deepEqual([parent, survey, under].map(selfLockKey), ['unit.lock.notLeaf', 'unit.lock.survey', 'unit.lock.underNotApplicable']);
  assert.deepEqual([parent, survey, under].map(selfEditable), [false, false, false]);
  assert.equal(selfEditable(claimed), true, 'a claim can be withdrawn');
  assert.equal(selfScoreable(claimed), false, 'but takes no points while it stands');
  assert.equal(selfLockKey(claimed), null);
});

test('past the tự đánh giá deadline a leaf takes no claim (its own lock says why) but stays the unit\'s: files still go in', () => {
  const closed = row('1.1.1', 'có/không', 1000, { selfMilli: 1000, locked: 'closed' });
  const closedUnder = row('2.1.1', '', 1500, { locked: 'closed', inheritedNotApplicable: true });
  assert.equal(selfLockKey(closed), 'unit.lock.closed');
  assert.deepEqual([selfEditable(closed), selfScoreable(closed)], [false, false]);
  assert.deepEqual([selfOwnLeaf(closed), selfOwnLeaf(closedUnder), selfOwnLeaf(row('8.1.1', '', 1500, { kind: 'survey', locked: 'survey' }))], [true, false, false]);
  assert.equal(matchesSelfFilter(row('1.1.2', 'có/không', 1000, { locked: 'closed' }), 'unscored'), false, 'nothing left to score once closed');
});

test('"Còn thiếu kiểm chứng" keeps the leaves missing evidence and the rows above them', () => {
  const rows = [
    row('1', '', 10000, { isLeaf: false, locked: 'not_leaf' }),
    row('1.1', '', 3000, { isLeaf: false, locked: 'not_leaf' }),
    row('1.1.1', 'có/không', 1000, { selfMilli: 1000, missingEvidence: true }),
    row('1.1.2', 'có/không', 2000, { selfMilli: 2000, evidence: [{ id: 1, fileName: 'kh.pdf', sha256: 'a'.repeat(64), size: 10, mediaType: 'application/pdf', available: true }] }),
    row('2', '', 10000, { isLeaf: false, locked: 'not_leaf' }),
    row('2.1', 'có/không', 1000),
  ];
  assert.equal(filteredCodes(rows, []), null, 'no filter: every row');
  assert.deepEqual([...filteredCodes(rows, ['missing'])!].sort(), ['1', '1.1', '1.1.1']);
  assert.deepEqual([...filteredCodes(rows, ['unscored'])!].sort(), ['2', '2.1']);
  assert.deepEqual(rows.filter((r) => matchesSelfFilter(r, 'requests')), []);
  assert.deepEqual([...filteredCodes(rows, ['missing', 'unscored'])!], [], 'filters combine: all must hold');
});

test('a deadline reads as its day with the days left, the last day, or passed', () => {
  const phase = (over: Partial<CalendarPhase>): CalendarPhase => ({ phase: 'tu_danh_gia', deadline: '2026-03-15', extension: null, effective: '2026-03-15', closesAt: '2026-03-15T17:00:00.000Z', closed: false, daysLeft: 5, ...over });
  assert.deepEqual(deadlineText(phase({})), { key: 'unit.deadlineLeft', params: { date: '15/03/2026', days: 5 }, closed: false });
  assert.deepEqual(deadlineText(phase({ daysLeft: 0 })), { key: 'unit.deadlineToday', params: { date: '15/03/2026' }, closed: false });
  assert.deepEqual(deadlineText(phase({ daysLeft: -2, closed: true })), { key: 'unit.deadlinePassed', params: { date: '15/03/2026' }, closed: true });
  assert.equal(deadlineText(null), null);
  assert.equal(deadlineText(phase({ deadline: null, effective: null, daysLeft: null })), null);
});
