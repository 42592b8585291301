import { test } from 'node:test';
import { TRIMMED_CODE_POINTS } from '../../shared/text.js';
import assert from 'node:assert/strict';
import { applyRule, checkScore, needsReason, parseRule, type Rule, type RuleInput } from '../../shared/rules.js';

function rule(text: string, max: number): Rule {
  const r = parseRule(text, max);
  if (!r.ok) assert.fail(r.message);
  return r.value;
}
function points(r: Rule, input: RuleInput, max: number): number | string {
  const out = applyRule(r, input, max);
  return out.ok ? out.value : out.message;
}

test('yes/no gives the max or nothing', () => {
  const r = rule('có/không', 1500);
  assert.equal(r.kind, 'yesno');
  assert.equal(points(r, { kind: 'option', index: 0 }, 1500), 1500);
  assert.equal(points(r, { kind: 'option', index: 1 }, 1500), 0);
  assert.match(String(points(r, { kind: 'points', pointsMilli: 750 }, 1500)), /không thuộc các mức/);
});

test('tiers parse Vietnamese labels and decimal commas; keys pick options', () => {
  const r = rule('mức: Đúng hạn=1; Trễ hạn=0,5; Không ban hành=0', 1000);
  assert.deepEqual(r.kind === 'tiers' ? r.options : null, [
    { label: 'Đúng hạn', pointsMilli: 1000 },
    { label: 'Trễ hạn', pointsMilli: 500 },
    { label: 'Không ban hành', pointsMilli: 0 },
  ]);
  assert.equal(points(r, { kind: 'option', index: 1 }, 1000), 500);
  assert.equal(points(r, { kind: 'points', pointsMilli: 500 }, 1000), 500);
  assert.match(String(points(r, { kind: 'option', index: 5 }, 1000)), /không có mức số 6/);
});

test('ratio bands: first match wins, ranges include both ends, strict bounds are strict', () => {
  const r = rule('tỷ lệ: >90%=2; 70-90%=1; <70%=0', 2000);
  const at = (pct: number) => points(r, { kind: 'percent', hundredths: Math.round(pct * 100) }, 2000);
  assert.equal(at(95), 2000);
  assert.equal(at(90.01), 2000);
  assert.equal(at(90), 1000);
  assert.equal(at(70), 1000);
  assert.equal(at(69.99), 0);
  const ge = rule('tỷ lệ: >=98%=3; 95-98%=2; <95%=0', 3000);
  assert.equal(points(ge, { kind: 'percent', hundredths: 9800 }, 3000), 3000);
  assert.equal(points(ge, { kind: 'percent', hundredths: 9799 }, 3000), 2000);
});

test('ratio from declared figures rounds the percentage half-up', () => {
  const r = rule('tỷ lệ (Số hồ sơ đúng hạn / Tổng số hồ sơ): >=98%=3; 95-98%=2; <95%=0', 3000);
  assert.deepEqual(r.kind === 'ratio' ? r.figures : null, { numerator: 'Số hồ sơ đúng hạn', denominator: 'Tổng số hồ sơ' });
  assert.equal(points(r, { kind: 'figures', numerator: 980, denominator: 1000 }, 3000), 3000);
  assert.equal(points(r, { kind: 'figures', numerator: 97_995, denominator: 100_000 }, 3000), 3000, '97,995% rounds to 98,00%');
  assert.equal(points(r, { kind: 'figures', numerator: 97_994, denominator: 100_000 }, 3000), 2000);
  assert.match(String(points(r, { kind: 'figures', numerator: 5, denominator: 0 }, 3000)), /mẫu số/);
  assert.match(String(points(r, { kind: 'figures', numerator: 6, denominator: 5 }, 3000)), /tử số/);
});

test('graded fraction options are shares of the max', () => {
  const r = rule('phần: Đầy đủ=100%; Thiếu một phần=75%; Chậm=50%; Không có=0%', 2000);
  assert.deepEqual(r.kind === 'fraction' ? r.options.map((o) => o.pointsMilli) : null, [2000, 1500, 1000, 0]);
  const bare = rule('phần: 100%; 75%; 50%', 1500);
  assert.deepEqual(bare.kind === 'fraction' ? bare.options.map((o) => o.pointsMilli) : null, [1500, 1125, 750]);
});

test('free points respect the step and the max', () => {
  const r = rule('tự do: bước 0,25', 1500);
  assert.equal(points(r, { kind: 'points', pointsMilli: 1250 }, 1500), 1250);
  assert.match(String(points(r, { kind: 'points', pointsMilli: 1100 }, 1500)), /bước 0,25/);
  assert.match(String(points(r, { kind: 'points', pointsMilli: 1750 }, 1500)), /vượt quá/);
  const none = rule('', 1500);
  assert.equal(points(none, { kind: 'points', pointsMilli: 1111 }, 1500), 1111);
});

test('malformed rules are refused with a message that says what is wrong', () => {
  for (const [text, expect] of [
    ['mức: Đúng hạn=2', /ít nhất hai mức/],
    ['mức: Đúng hạn=5; Trễ=0', /vượt quá điểm tối đa/],
    ['tỷ lệ: khoảng 90=1; <70%=0', /không hiểu được/],
    ['chấm bừa', /không rõ loại/],
    ['tự do: bước 0', /bước điểm phải là số dương/],
    ['phần: 100; 50%', /tỷ lệ điểm/],
  ] as const) {
    const r = parseRule(text, 2000);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.message, expect);
  }
});

test('the demo scores follow each sub-criterion\'s rule', async () => {
  const { demoCampaign } = await import('../../electron/demo/demo-campaign.js');
  const demo = demoCampaign();
  const byCode = new Map(demo.criteria.map((c) => [c.code, c]));
  for (const s of demo.scores) {
    const c = byCode.get(s.criterionCode)!;
    const r = rule(c.rule, c.maxMilli);
    for (const v of [s.pointsMilli, s.selfMilli]) {
      if (v === null || c.kind === 'bonus' || c.kind === 'penalty') continue;
      const out = applyRule(r, { kind: 'points', pointsMilli: v }, c.maxMilli);
      assert.ok(out.ok, `${s.unitCode} ${c.code}: ${out.ok ? '' : out.message}`);
    }
  }
});

test('every rule in the bundled criteria set parses', async () => {
  const { bundledCriteria } = await import('../../electron/demo/bundled-criteria.js');
  for (const c of bundledCriteria()) {
    const r = parseRule(c.rule, c.maxMilli);
    assert.ok(r.ok, `${c.code}: ${r.ok ? '' : r.message}`);
  }
});

test('checkScore: one message for every path; free points, steps, tiers, bonus caps and cleared values', () => {
  const tiers = { code: '1.2', kind: 'appraised' as const, maxMilli: 2000, rule: 'mức: Đủ=2; Thiếu=1; Không=0' };
  assert.equal(checkScore(tiers, 1500), 'Tiêu chí "1.2": điểm 1,5 không thuộc các mức của cách tính (2; 1; 0).');
  assert.equal(checkScore(tiers, 1000), null);
  assert.equal(checkScore(tiers, null), null, 'clearing a score always fits');
  assert.equal(checkScore(tiers, 1500, 'en'), 'Criterion "1.2": points 1,5 are not one of the rule\'s options (2; 1; 0).');
  const stepped = { code: '3.1', kind: 'appraised' as const, maxMilli: 1000, rule: 'tự do: bước 0,25' };
  assert.equal(checkScore(stepped, 300), 'Tiêu chí "3.1": điểm phải theo bước 0,25.');
  assert.equal(checkScore(stepped, 1250), 'Tiêu chí "3.1": điểm 1,25 vượt quá điểm tối đa 1.');
  assert.equal(checkScore({ code: '9.1', kind: 'bonus', maxMilli: 1000, rule: '' }, 3000), null, 'a bonus above its cap is capped by the roll-up, not refused');
  assert.equal(checkScore({ code: '2.1', kind: 'appraised', maxMilli: 1000, rule: 'không hiểu được' }, 700), null, 'an unparsed rule scores as free points');
});

test('needsReason: differs from the self-score or from any member\'s proposal, and no reason written', () => {
  const v = (pointsMilli: number | null, notApplicable = false) => ({ pointsMilli, notApplicable });
  assert.equal(needsReason(v(1000), '', { selfMilli: 2000 }), true);
  assert.equal(needsReason(v(1000), '  ', { selfMilli: 2000 }), true);
  assert.equal(needsReason(v(1000), 'Thiếu báo cáo', { selfMilli: 2000 }), false);
  assert.equal(needsReason(v(2000), '', { selfMilli: 2000 }), false);
  assert.equal(needsReason(v(null), '', { selfMilli: 2000 }), false, 'a cleared value needs no reason');
  assert.equal(needsReason(v(1000), '', { selfMilli: null, proposals: [v(1000), v(1000)] }), false);
  assert.equal(needsReason(v(1000), '', { selfMilli: null, proposals: [v(1000), v(2000)] }), true);
  assert.equal(needsReason(v(1000), '', { selfMilli: null, proposals: [v(null, true)] }), true, 'a member said not applicable');
  assert.equal(needsReason(v(1000), '', { selfMilli: null, proposals: [v(null)] }), false, 'an empty proposal says nothing');
});

test('the characters a blank reason may hold are exactly those JavaScript trims (the sheet query tests them in SQL)', () => {
  const listed = new Set(TRIMMED_CODE_POINTS);
  const trimmed: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (String.fromCodePoint(cp).trim() === '') trimmed.push(cp);
  }
  assert.deepEqual(trimmed, [...listed].sort((a, b) => a - b));
});
