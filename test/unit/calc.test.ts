import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bandFor, buildTree, computeRanking, computeUnit, indexOf, rankUnits, type ScoreInput } from '../../shared/calc.js';
import { DEFAULT_SET, type IndexRules, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';
import { criteria } from '../helpers.js';

const scores = (entries: Record<string, number | 'KAD'>): Map<string, ScoreInput> =>
  new Map(
    Object.entries(entries).map(([code, v]) => [code, v === 'KAD' ? { pointsMilli: null, notApplicable: true } : { pointsMilli: Math.round(v * 1000), notApplicable: false }]),
  );

const set = criteria([
  ['1', 6], ['1.1', 4], ['1.1.1', 1.5], ['1.1.2', 2.5], ['1.2', 2],
  ['2', 4, 'survey'], ['2.1', 4, 'survey'],
  ['3', 1, 'bonus'],
  ['4', 2, 'penalty'], ['4.1', 1.5, 'penalty'], ['4.2', 1.5, 'penalty'],
]);

test('index is rounded half-up to hundredths and clamped to 0–100', () => {
  assert.equal(indexOf(81_965, 100_000), 8197); // 81,965 → 81,97
  assert.equal(indexOf(81_964, 100_000), 8196);
  assert.equal(indexOf(1, 3), 3333); // 33,333… → 33,33
  assert.equal(indexOf(2, 3), 6667); // 66,666… → 66,67
  assert.equal(indexOf(1, 8), 1250); // 12,5 exactly
  assert.equal(indexOf(1, 80_000), 0); // 0,00125% → 0,00
  assert.equal(indexOf(1, 40_000), 0); // 0,0025% → 0,00 (half-up at the third decimal, not the fifth)
  assert.equal(indexOf(1, 400), 25); // 0,25%
  assert.equal(indexOf(1, 200_000 / 1), 0);
  assert.equal(indexOf(-500, 100_000), 0);
  assert.equal(indexOf(101_000, 100_000), 10000);
  assert.equal(indexOf(5, 0), 0);
});

test('half a hundredth rounds up, never down through floating point', () => {
  // 0,005 hundredths exactly: total/max*100 = x.xx5
  assert.equal(indexOf(12_345, 1_000_000), 123); // 1,2345% → 1,23
  assert.equal(indexOf(12_350, 1_000_000), 124); // 1,235% → 1,24
  assert.equal(indexOf(1, 200), 50); // 0,5%
  assert.equal(indexOf(3, 16_000), 2); // 0,01875% → 0,02
});

test('roll-up sums leaves, counts survey in the maximum, caps bonus and penalty', () => {
  const tree = buildTree(set);
  const r = computeUnit(tree, scores({ '1.1.1': 1.5, '1.1.2': 2, '1.2': 2, '2.1': 3.5, '3': 5, '4.1': 1.5, '4.2': 1 }));
  assert.equal(r.appraisedMilli, 5500);
  assert.equal(r.surveyMilli, 3500);
  assert.equal(r.bonusMilli, 1000, 'bonus capped at its max of 1');
  assert.equal(r.penaltyMilli, 2000, 'penalty 1,5 + 1 capped at the parent cap of 2');
  assert.equal(r.maxMilli, 10_000, 'bonus and penalty stay outside the maximum');
  assert.equal(r.totalMilli, 5500 + 3500 + 1000 - 2000);
  assert.equal(r.indexHundredths, 8000);
  assert.equal(r.nodes.get('1.1')?.pointsMilli, 3500);
  assert.equal(r.nodes.get('1')?.maxMilli, 6000);
  assert.equal(r.components['1'], indexOf(5500, 6000));
  assert.equal(r.components['2'], 8750);
  assert.equal(Object.keys(r.components).length, 2, 'no component index for bonus/penalty areas');
});

test('a not-applicable node removes its whole subtree from points and maximum', () => {
  const tree = buildTree(set);
  const r = computeUnit(tree, scores({ '1.1': 'KAD', '1.1.1': 1.5, '1.2': 1, '2.1': 4 }));
  assert.equal(r.maxMilli, 6000);
  assert.equal(r.totalMilli, 5000);
  assert.equal(r.nodes.get('1.1.1')?.applicable, false);
  assert.equal(r.components['1'], 5000);
  const wholeArea = computeUnit(tree, scores({ '1': 'KAD', '2.1': 2 }));
  assert.equal(wholeArea.components['1'], null, 'a not-applicable area has no component index');
  assert.equal(wholeArea.maxMilli, 4000);
  assert.equal(wholeArea.indexHundredths, 5000);
});

test('penalty beyond the points clamps the index at 0', () => {
  const tree = buildTree(set);
  const r = computeUnit(tree, scores({ '4.1': 1.5, '4.2': 1.5 }));
  assert.equal(r.totalMilli, -2000);
  assert.equal(r.indexHundredths, 0);
});

test('equal published indices share a rank (1, 2, 2, 4), listed in Vietnamese order', () => {
  const ranked = rankUnits([
    { unitCode: 'a', unitName: 'Sở Y tế', indexHundredths: 8000 },
    { unitCode: 'b', unitName: 'Sở Tư pháp', indexHundredths: 9000 },
    { unitCode: 'c', unitName: 'Sở Ăn uống', indexHundredths: 8000 },
    { unitCode: 'd', unitName: 'Sở Đất đai', indexHundredths: 7000 },
  ]);
  assert.deepEqual(ranked.map((r) => [r.unitCode, r.rank]), [['b', 1], ['c', 2], ['a', 2], ['d', 4]]);
  // Vietnamese order: Ă after A, Đ after D.
  const alpha = rankUnits(['Đồng', 'Dương', 'Ăn', 'An', 'Bình'].map((n) => ({ unitCode: n, unitName: n, indexHundredths: 1 })));
  assert.deepEqual(alpha.map((r) => r.unitName), ['An', 'Ăn', 'Bình', 'Dương', 'Đồng']);
});

test('units rank on the rounded index: 81,964% and 81,955% both publish as 81,96% and tie', () => {
  const crit = criteria([['1', 100], ['1.1', 100]]);
  const groups: UnitGroup[] = [{ code: 'G', name: 'G', setCode: DEFAULT_SET.code, ranked: true, position: 1, bands: [] }];
  const units = [
    { code: 'A', name: 'Đơn vị A', groupCode: 'G', position: 1 },
    { code: 'B', name: 'Đơn vị B', groupCode: 'G', position: 2 },
  ];
  const ranking = computeRanking(crit, groups, units, [
    { unitCode: 'A', criterionCode: '1.1', selfMilli: null, pointsMilli: 81_964, notApplicable: false, note: '' },
    { unitCode: 'B', criterionCode: '1.1', selfMilli: null, pointsMilli: 81_955, notApplicable: false, note: '' },
  ]);
  const rows = ranking.groups[0]!.rows;
  assert.deepEqual(rows.map((r) => [r.unitCode, r.indexHundredths, r.rank]), [['A', 8196, 1], ['B', 8196, 1]]);
});

test('dense ranking: equal indices share a rank and the next index takes the next rank (1, 1, 2)', () => {
  const rows = [
    { unitCode: 'a', unitName: 'Sở Y tế', indexHundredths: 8000 },
    { unitCode: 'b', unitName: 'Sở Tư pháp', indexHundredths: 9000 },
    { unitCode: 'c', unitName: 'Sở Ăn uống', indexHundredths: 8000 },
    { unitCode: 'd', unitName: 'Sở Đất đai', indexHundredths: 7000 },
    { unitCode: 'e', unitName: 'Sở Công thương', indexHundredths: 9000 },
  ];
  assert.deepEqual(rankUnits(rows, 'dense').map((r) => [r.unitCode, r.rank]), [['e', 1], ['b', 1], ['c', 2], ['a', 2], ['d', 3]]);
  assert.deepEqual(rankUnits(rows, 'competition').map((r) => [r.unitCode, r.rank]), [['e', 1], ['b', 1], ['c', 3], ['a', 3], ['d', 5]]);
});

test('an uncapped index passes 100% with bonus points; capped, it stops at 100%', () => {
  assert.equal(indexOf(103_000, 100_000, { capIndex: false }), 10300);
  assert.equal(indexOf(101_005, 100_000, { capIndex: false }), 10101); // 101,005 → 101,01
  assert.equal(indexOf(103_000, 100_000, { capIndex: true }), 10000);
  assert.equal(indexOf(103_000, 100_000), 10000, 'capped by default, as every campaign was before the setting');
  assert.equal(indexOf(-500, 100_000, { capIndex: false }), 0, 'never below 0');
  const tree = buildTree(set);
  // 6 + 4 appraised/survey points of 10, 1 bonus: 11 of 10.
  const full = scores({ '1.1.1': 1.5, '1.1.2': 2.5, '1.2': 2, '2.1': 4, '3': 1 });
  assert.equal(computeUnit(tree, full, { capIndex: false, tieRanking: 'competition' }).indexHundredths, 11000);
  assert.equal(computeUnit(tree, full).indexHundredths, 10000);
});

test('both index rules over one group: 101 and 103 points tie at 100% when capped, stand apart uncapped; an exact tie ranks 1-2-2-4 or 1-1-2', () => {
  const crit = criteria([['1', 100], ['1.1', 100], ['2', 5, 'bonus']]);
  const groups: UnitGroup[] = [{ code: 'G', name: 'G', setCode: DEFAULT_SET.code, ranked: true, position: 1, bands: [{ label: 'Xuất sắc', fromHundredths: 9500 }, { label: 'Tốt', fromHundredths: 8500 }] }];
  const units: Unit[] = ['A', 'B', 'C', 'D', 'E'].map((c, i) => ({ code: c, name: `Đơn vị ${c}`, groupCode: 'G', position: i + 1 }));
  const cell = (unitCode: string, criterionCode: string, points: number): ScoreEntry => ({ unitCode, criterionCode, selfMilli: null, pointsMilli: points * 1000, notApplicable: false, note: '' });
  const entries = [
    cell('A', '1.1', 100), cell('A', '2', 3), // 103
    cell('B', '1.1', 100), cell('B', '2', 1), // 101
    cell('C', '1.1', 90), cell('D', '1.1', 90), // an exact tie at 90
    cell('E', '1.1', 86),
  ];
  const rowsOf = (rules: IndexRules) => computeRanking(crit, groups, units, entries, rules).groups[0]!.rows.map((r) => [r.unitCode, r.indexHundredths, r.rank, r.band]);
  assert.deepEqual(rowsOf({ capIndex: true, tieRanking: 'competition' }), [
    ['A', 10000, 1, 'Xuất sắc'], ['B', 10000, 1, 'Xuất sắc'], ['C', 9000, 3, 'Tốt'], ['D', 9000, 3, 'Tốt'], ['E', 8600, 5, 'Tốt'],
  ]);
  assert.deepEqual(rowsOf({ capIndex: true, tieRanking: 'dense' }), [
    ['A', 10000, 1, 'Xuất sắc'], ['B', 10000, 1, 'Xuất sắc'], ['C', 9000, 2, 'Tốt'], ['D', 9000, 2, 'Tốt'], ['E', 8600, 3, 'Tốt'],
  ]);
  assert.deepEqual(rowsOf({ capIndex: false, tieRanking: 'competition' }), [
    ['A', 10300, 1, 'Xuất sắc'], ['B', 10100, 2, 'Xuất sắc'], ['C', 9000, 3, 'Tốt'], ['D', 9000, 3, 'Tốt'], ['E', 8600, 5, 'Tốt'],
  ]);
  assert.deepEqual(rowsOf({ capIndex: false, tieRanking: 'dense' }), [
    ['A', 10300, 1, 'Xuất sắc'], ['B', 10100, 2, 'Xuất sắc'], ['C', 9000, 3, 'Tốt'], ['D', 9000, 3, 'Tốt'], ['E', 8600, 4, 'Tốt'],
  ]);
});

test('property: dense ranks count the distinct higher indices; ties share a rank', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 12000 }), { minLength: 1, maxLength: 60 }), (indices) => {
      const rows = indices.map((indexHundredths, i) => ({ unitCode: `U${i}`, unitName: `Đơn vị ${i}`, indexHundredths }));
      for (const r of rankUnits(rows, 'dense')) {
        assert.equal(r.rank, 1 + new Set(rows.filter((o) => o.indexHundredths > r.indexHundredths).map((o) => o.indexHundredths)).size);
      }
    }),
    { numRuns: 300, seed: 43 },
  );
});

test('property: uncapped, the index is the capped one wherever that is below 100 %, and never below it', () => {
  fc.assert(
    fc.property(fc.integer({ min: -5000, max: 300_000 }), fc.integer({ min: 0, max: 200_000 }), (total, max) => {
      const capped = indexOf(total, max, { capIndex: true });
      const uncapped = indexOf(total, max, { capIndex: false });
      assert.equal(Math.min(uncapped, 10000), capped);
      assert.ok(uncapped >= 0);
    }),
    { numRuns: 500, seed: 101 },
  );
});

test('bands: lower bound inclusive, upper exclusive; below every band gives none', () => {
  const bands = [
    { label: 'Tốt', fromHundredths: 8500 },
    { label: 'Khá', fromHundredths: 7500 },
  ];
  assert.equal(bandFor(bands, 8500), 'Tốt');
  assert.equal(bandFor(bands, 8499), 'Khá');
  assert.equal(bandFor(bands, 7500), 'Khá');
  assert.equal(bandFor(bands, 7499), null);
  assert.equal(bandFor(bands, 10000), 'Tốt');
});

test('a group scored but not ranked gets no ranks', () => {
  const crit = criteria([['1', 10]]);
  const ranking = computeRanking(
    crit,
    [{ code: 'Đ', name: 'Đặc biệt', setCode: DEFAULT_SET.code, ranked: false, position: 1, bands: [] }],
    [{ code: 'U', name: 'Đơn vị', groupCode: 'Đ', position: 1 }],
    [{ unitCode: 'U', criterionCode: '1', selfMilli: null, pointsMilli: 5000, notApplicable: false, note: '' }],
  );
  assert.equal(ranking.groups[0]!.rows[0]!.rank, null);
  assert.equal(ranking.groups[0]!.rows[0]!.indexHundredths, 5000);
});

test('property: ranking is a permutation; ranks are competition ranks; ties share a rank', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 60 }), (indices) => {
      const rows = indices.map((indexHundredths, i) => ({ unitCode: `U${i}`, unitName: `Đơn vị ${i}`, indexHundredths }));
      const ranked = rankUnits(rows);
      assert.deepEqual([...ranked.map((r) => r.unitCode)].sort(), [...rows.map((r) => r.unitCode)].sort());
      for (const r of ranked) {
        assert.equal(r.rank, 1 + rows.filter((o) => o.indexHundredths > r.indexHundredths).length);
      }
      for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1]!.indexHundredths >= ranked[i]!.indexHundredths);
    }),
    { numRuns: 300, seed: 42 },
  );
});

test('property: the index stays within 0–100% and matches exact rational rounding', () => {
  const tree = buildTree(set);
  const leaf = fc.integer({ min: 0, max: 4000 });
  fc.assert(
    fc.property(leaf, leaf, leaf, leaf, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.boolean(), (a, b, c, d, bonus, pen, na) => {
      const s = new Map<string, ScoreInput>([
        ['1.1.1', { pointsMilli: Math.min(a, 1500), notApplicable: false }],
        ['1.1.2', { pointsMilli: Math.min(b, 2500), notApplicable: false }],
        ['1.2', { pointsMilli: Math.min(c, 2000), notApplicable: na }],
        ['2.1', { pointsMilli: d, notApplicable: false }],
        ['3', { pointsMilli: bonus, notApplicable: false }],
        ['4.1', { pointsMilli: pen, notApplicable: false }],
      ]);
      const r = computeUnit(tree, s);
      assert.ok(r.indexHundredths >= 0 && r.indexHundredths <= 10000);
      if (r.maxMilli > 0 && r.totalMilli > 0) {
        // Exact: index = round-half-up(total * 10000 / max), checked with BigInt.
        const exact = (BigInt(r.totalMilli) * 20000n + BigInt(r.maxMilli)) / (2n * BigInt(r.maxMilli));
        assert.equal(r.indexHundredths, Math.min(10000, Number(exact)));
      }
    }),
    { numRuns: 500, seed: 7 },
  );
});
