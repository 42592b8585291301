// The flat roll-up (typed arrays, used for rankings of thousands of units) against the straightforward
// one (computeUnit per unit, a Map per node): the same sheets and the same ranking on random campaigns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildTree,
  compileTree,
  computeRanking,
  computeUnit,
  rankScoreTable,
  scoreMapsByUnit,
  scoreTableOf,
  unitResultOf,
  type CriteriaTree,
  type UnitResult,
} from '../../shared/calc.js';
import { CRITERION_KINDS, DEFAULT_SET, type Criterion, type CriterionKind, type IndexRules, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';

/** A result with its per-node results listed in display order, to compare two roll-ups' results whole. */
const plain = (tree: CriteriaTree, r: UnitResult) => ({ ...r, nodes: tree.ordered.map((n) => ({ ...r.nodes.at(n), byCode: r.nodes.get(n.criterion.code), applicable: r.nodes.isApplicable(n) })) });

interface Campaign {
  criteria: Criterion[];
  groups: UnitGroup[];
  units: Unit[];
  scores: ScoreEntry[];
}

/** A random criteria tree: areas of any kind, children usually of their parent's kind, sometimes not. */
const treeArb: fc.Arbitrary<Criterion[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom<CriterionKind>(...CRITERION_KINDS),
      max: fc.integer({ min: 0, max: 20_000 }),
      children: fc.array(
        fc.record({
          kind: fc.option(fc.constantFrom<CriterionKind>(...CRITERION_KINDS), { nil: undefined, freq: 4 }),
          max: fc.integer({ min: 0, max: 8000 }),
          children: fc.array(fc.record({ kind: fc.option(fc.constantFrom<CriterionKind>(...CRITERION_KINDS), { nil: undefined, freq: 5 }), max: fc.integer({ min: 0, max: 4000 }) }), { maxLength: 4 }),
        }),
        { maxLength: 5 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((areas) => {
    const out: Criterion[] = [];
    const add = (code: string, parentCode: string | null, kind: CriterionKind, max: number) =>
      out.push({ setCode: DEFAULT_SET.code, code, parentCode, name: `Tiêu chí ${code}`, maxMilli: max, kind, rule: '', position: out.length + 1 });
    areas.forEach((a, i) => {
      const code = String(i + 1);
      add(code, null, a.kind, a.max);
      a.children.forEach((c, j) => {
        const cc = `${code}.${j + 1}`;
        const ck = c.kind ?? a.kind;
        add(cc, code, ck, c.max);
        c.children.forEach((g, k) => add(`${cc}.${k + 1}`, cc, g.kind ?? ck, g.max));
      });
    });
    return out;
  });

const campaignArb: fc.Arbitrary<Campaign> = treeArb.chain((criteria) =>
  fc
    .record({
      groups: fc.array(
        fc.record({ ranked: fc.boolean(), bands: fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 3 }) }),
        { minLength: 1, maxLength: 3 },
      ),
      units: fc.array(
        fc.record({
          group: fc.nat(),
          // Few distinct names and scores: ties in both the index and the name happen often.
          name: fc.constantFrom('Sở Y tế', 'Sở Tư pháp', 'Phường An Hòa', 'Xã Đông Thạnh', 'xã đông thạnh'),
          cells: fc.array(
            fc.record({
              node: fc.nat(),
              points: fc.option(fc.integer({ min: 0, max: 25_000 }), { freq: 6 }),
              na: fc.integer({ min: 0, max: 9 }),
            }),
            { maxLength: 30 },
          ),
        }),
        { minLength: 1, maxLength: 14 },
      ),
    })
    .map(({ groups, units }) => {
      const gs: UnitGroup[] = groups.map((g, i) => ({
        code: `G${i}`, name: `Nhóm ${i}`, setCode: DEFAULT_SET.code, ranked: g.ranked, position: groups.length - i,
        bands: g.bands.map((from, b) => ({ label: `Loại ${b}`, fromHundredths: from })),
      }));
      const us: Unit[] = units.map((u, i) => ({ code: `U${i}`, name: u.name, groupCode: gs[u.group % gs.length]!.code, position: i + 1 }));
      const scores: ScoreEntry[] = [];
      units.forEach((u, i) =>
        u.cells.forEach((c) => {
          const node = criteria[c.node % criteria.length]!;
          // One cell in ten is a not-applicable mark, on a leaf or on a whole branch.
          scores.push({ unitCode: us[i]!.code, criterionCode: node.code, selfMilli: null, pointsMilli: c.points, notApplicable: c.na === 0, note: '' });
        }),
      );
      return { criteria, groups: gs, units: us, scores };
    }),
);

test('property: the flat roll-up gives every unit the same sheet as computeUnit', () => {
  fc.assert(
    fc.property(campaignArb, ({ criteria, units, scores }) => {
      const tree = buildTree(criteria);
      const compiled = compileTree(tree);
      const table = scoreTableOf(compiled, units, scores);
      const byUnit = scoreMapsByUnit(scores);
      units.forEach((u, i) => {
        assert.deepEqual(plain(tree, unitResultOf(compiled, table, i)), plain(tree, computeUnit(tree, byUnit.get(u.code) ?? new Map())));
      });
    }),
    { numRuns: 400, seed: 20261122 },
  );
});

test('property: rankScoreTable gives exactly the ranking computeRanking gives', () => {
  fc.assert(
    fc.property(campaignArb, ({ criteria, groups, units, scores }) => {
      const compiled = compileTree(buildTree(criteria));
      assert.deepEqual(rankScoreTable(compiled, groups, units, scoreTableOf(compiled, units, scores)), computeRanking(criteria, groups, units, scores));
    }),
    { numRuns: 400, seed: 1122 },
  );
});

test('property: under every index rule both roll-up paths give the same sheets and the same ranking', () => {
  const rulesArb = fc.record<IndexRules>({ capIndex: fc.boolean(), tieRanking: fc.constantFrom('competition', 'dense') });
  fc.assert(
    fc.property(campaignArb, rulesArb, ({ criteria, groups, units, scores }, rules) => {
      const tree = buildTree(criteria);
      const compiled = compileTree(tree);
      const table = scoreTableOf(compiled, units, scores);
      const byUnit = scoreMapsByUnit(scores);
      units.forEach((u, i) => assert.deepEqual(plain(tree, unitResultOf(compiled, table, i, rules)), plain(tree, computeUnit(tree, byUnit.get(u.code) ?? new Map(), rules))));
      assert.deepEqual(rankScoreTable(compiled, groups, units, table, rules), computeRanking(criteria, groups, units, scores, rules));
    }),
    { numRuns: 300, seed: 2026_12_03 },
  );
});

test('the flat roll-up caps bonus and penalty chains and drops not-applicable branches, like computeUnit', () => {
  // A fixed case the random ones may miss: a penalty chain under its cap, a bonus above it, a
  // not-applicable criterion inside an area, survey points, and a unit with no scores at all.
  const crit: Criterion[] = [
    ['1', null, 'appraised', 6000], ['1.1', '1', 'appraised', 4000], ['1.1.1', '1.1', 'appraised', 1500], ['1.1.2', '1.1', 'appraised', 2500], ['1.2', '1', 'appraised', 2000],
    ['2', null, 'survey', 4000], ['2.1', '2', 'survey', 4000],
    ['3', null, 'bonus', 1000],
    ['4', null, 'penalty', 2000], ['4.1', '4', 'penalty', 1500], ['4.2', '4', 'penalty', 1500],
  ].map(([code, parentCode, kind, max], i) => ({ setCode: DEFAULT_SET.code, code: code as string, parentCode: parentCode as string | null, name: String(code), kind: kind as CriterionKind, maxMilli: max as number, rule: '', position: i + 1 }));
  const units: Unit[] = [{ code: 'A', name: 'A', groupCode: 'G', position: 1 }, { code: 'B', name: 'B', groupCode: 'G', position: 2 }];
  const cell = (criterionCode: string, pointsMilli: number | null, notApplicable = false): ScoreEntry => ({ unitCode: 'A', criterionCode, selfMilli: null, pointsMilli, notApplicable, note: '' });
  const scores = [cell('1.1', null, true), cell('1.1.1', 1500), cell('1.2', 1000), cell('2.1', 3500), cell('3', 5000), cell('4.1', 1500), cell('4.2', 1000)];
  const tree = buildTree(crit);
  const compiled = compileTree(tree);
  const table = scoreTableOf(compiled, units, scores);
  const a = unitResultOf(compiled, table, 0);
  assert.equal(a.totalMilli, 1000 + 3500 + 1000 - 2000);
  assert.equal(a.maxMilli, 2000 + 4000);
  assert.deepEqual(plain(tree, a), plain(tree, computeUnit(tree, scoreMapsByUnit(scores).get('A')!)));
  assert.deepEqual(plain(tree, unitResultOf(compiled, table, 1)), plain(tree, computeUnit(tree, new Map())));
  const groups: UnitGroup[] = [{ code: 'G', name: 'G', setCode: DEFAULT_SET.code, ranked: true, position: 1, bands: [{ label: 'Khá', fromHundredths: 5000 }] }];
  assert.deepEqual(rankScoreTable(compiled, groups, units, table), computeRanking(crit, groups, units, scores));
});
