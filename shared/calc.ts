// Pure calculation: criteria tree roll-up with not-applicable nodes, caps, totals,
// index, component indices, ranking with shared ranks, and banding. All integer arithmetic.

import {
  compareCodes,
  DEFAULT_INDEX_RULES,
  isMeasured,
  type Band,
  type Criterion,
  type CriterionKind,
  type IndexRules,
  type ScoreEntry,
  type TieRanking,
  type Unit,
  type UnitGroup,
} from './domain.js';
import { compareVietnamese } from './text.js';

export interface TreeNode {
  criterion: Criterion;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
  /** Position in the tree's display order (`ordered`): the slot of the node in indexed inputs and results. */
  index: number;
}

export interface CriteriaTree {
  roots: TreeNode[];
  byCode: ReadonlyMap<string, TreeNode>;
  /** Every node in display order (pre-order). */
  ordered: TreeNode[];
  leaves: TreeNode[];
  /** Top-level nodes that count towards the maximum: their component indices are published. */
  areas: TreeNode[];
}

/** Builds the tree from validated criteria (every parent present). Children keep their position order. */
export function buildTree(criteria: readonly Criterion[]): CriteriaTree {
  const byCode = new Map<string, TreeNode>();
  const sorted = [...criteria].sort((a, b) => a.position - b.position || compareCodes(a.code, b.code));
  for (const criterion of sorted) {
    byCode.set(criterion.code, { criterion, parent: null, children: [], depth: 0, index: -1 });
  }
  const roots: TreeNode[] = [];
  for (const node of byCode.values()) {
    const parentCode = node.criterion.parentCode;
    const parent = parentCode === null ? undefined : byCode.get(parentCode);
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const ordered: TreeNode[] = [];
  const leaves: TreeNode[] = [];
  const visit = (node: TreeNode, depth: number): void => {
    node.depth = depth;
    node.index = ordered.length;
    ordered.push(node);
    if (node.children.length === 0) leaves.push(node);
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  const areas = roots.filter((r) => isMeasured(r.criterion.kind));
  return { roots, byCode, ordered, leaves, areas };
}

export interface ScoreInput {
  pointsMilli: number | null;
  notApplicable: boolean;
}

export interface NodeResult {
  applicable: boolean;
  /** Measured nodes: points of the measured leaves below. Bonus/penalty nodes: the capped value. */
  pointsMilli: number;
  /** Measured nodes: applicable maximum below. Bonus/penalty nodes: the cap (0 when not applicable). */
  maxMilli: number;
}

export interface UnitResult {
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  appraisedMilli: number;
  surveyMilli: number;
  bonusMilli: number;
  penaltyMilli: number;
  /** Area code → component index; null when the area is not applicable (or has no applicable maximum). */
  components: Record<string, number | null>;
  nodes: NodeResults;
}

/** Each node's result, by code or by node. */
export interface NodeResults {
  get(code: string): NodeResult | undefined;
  at(node: TreeNode): NodeResult;
  isApplicable(node: TreeNode): boolean;
}

/** Results kept by node index (one array, no Map). */
class ResultsByNode implements NodeResults {
  constructor(
    private readonly tree: CriteriaTree,
    readonly list: NodeResult[],
  ) {}
  get(code: string): NodeResult | undefined {
    const node = this.tree.byCode.get(code);
    return node ? this.list[node.index] : undefined;
  }
  at(node: TreeNode): NodeResult {
    return this.list[node.index]!;
  }
  isApplicable(node: TreeNode): boolean {
    return this.list[node.index]!.applicable;
  }
}

/** A flat roll-up's results, each made when asked for (a patch asks for a few rows'). */
class RollUpResults implements NodeResults {
  constructor(
    private readonly tree: CriteriaTree,
    private readonly r: RollUp,
  ) {}
  get(code: string): NodeResult | undefined {
    const node = this.tree.byCode.get(code);
    return node ? this.at(node) : undefined;
  }
  at(node: TreeNode): NodeResult {
    const i = node.index;
    return { applicable: this.r.applicable[i] === 1, pointsMilli: this.r.points[i]!, maxMilli: this.r.max[i]! };
  }
  isApplicable(node: TreeNode): boolean {
    return this.r.applicable[node.index] === 1;
  }
}

/**
 * index = total ÷ maximum × 100, rounded half-up to hundredths, never below 0; clamped to 100 % unless the
 * campaign lets bonus points lift it past 100 %.
 */
export function indexOf(totalMilli: number, maxMilli: number, rules: Pick<IndexRules, 'capIndex'> = DEFAULT_INDEX_RULES): number {
  if (maxMilli <= 0 || totalMilli <= 0) return 0;
  const hundredths = Math.floor((totalMilli * 20000 + maxMilli) / (2 * maxMilli));
  return rules.capIndex ? Math.min(10000, hundredths) : hundredths;
}

export function computeUnit(tree: CriteriaTree, scores: ReadonlyMap<string, ScoreInput>, rules: IndexRules = DEFAULT_INDEX_RULES): UnitResult {
  const list = new Array<NodeResult>(tree.ordered.length);
  const nodes = new ResultsByNode(tree, list);
  const evaluate = (node: TreeNode, parentApplicable: boolean): NodeResult => {
    const { code, kind, maxMilli } = node.criterion;
    const entry = scores.get(code);
    const applicable = parentApplicable && !(entry?.notApplicable ?? false);
    const measured = isMeasured(kind);
    let result: NodeResult;
    if (node.children.length === 0) {
      const raw = applicable ? Math.max(0, entry?.pointsMilli ?? 0) : 0;
      result = {
        applicable,
        pointsMilli: measured ? raw : Math.min(raw, maxMilli),
        maxMilli: applicable ? maxMilli : 0,
      };
    } else {
      let points = 0;
      let max = 0;
      for (const child of node.children) {
        const childResult = evaluate(child, applicable);
        const childKind = child.criterion.kind;
        if (measured && isMeasured(childKind)) {
          points += childResult.pointsMilli;
          max += childResult.maxMilli;
        } else if (!measured && childKind === kind) {
          points += childResult.pointsMilli;
        }
      }
      result = measured
        ? { applicable, pointsMilli: points, maxMilli: max }
        : { applicable, pointsMilli: applicable ? Math.min(points, maxMilli) : 0, maxMilli: applicable ? maxMilli : 0 };
    }
    list[node.index] = result;
    return result;
  };
  for (const root of tree.roots) evaluate(root, true);

  const sums: Record<CriterionKind, number> = { appraised: 0, survey: 0, bonus: 0, penalty: 0 };
  let maxMilli = 0;
  for (const leaf of tree.leaves) {
    const { kind } = leaf.criterion;
    const r = list[leaf.index];
    if (!r || !isMeasured(kind) || !r.applicable) continue;
    sums[kind] += r.pointsMilli;
    maxMilli += r.maxMilli;
  }
  // A bonus/penalty chain contributes once, at its top-most node of that kind (where its cap applies).
  for (const node of tree.ordered) {
    const { kind } = node.criterion;
    if (isMeasured(kind)) continue;
    if (node.parent && node.parent.criterion.kind === kind) continue;
    sums[kind] += list[node.index]?.pointsMilli ?? 0;
  }
  const totalMilli = sums.appraised + sums.survey + sums.bonus - sums.penalty;
  const components: Record<string, number | null> = {};
  for (const area of tree.areas) {
    const r = list[area.index];
    components[area.criterion.code] = r && r.applicable && r.maxMilli > 0 ? indexOf(r.pointsMilli, r.maxMilli, rules) : null;
  }
  return {
    totalMilli,
    maxMilli,
    indexHundredths: indexOf(totalMilli, maxMilli, rules),
    appraisedMilli: sums.appraised,
    surveyMilli: sums.survey,
    bonusMilli: sums.bonus,
    penaltyMilli: sums.penalty,
    components,
    nodes,
  };
}

/** A unit result without its per-node map: what screens and replies carry. */
export function resultTotals(r: UnitResult): Omit<UnitResult, 'nodes'> {
  return {
    totalMilli: r.totalMilli,
    maxMilli: r.maxMilli,
    indexHundredths: r.indexHundredths,
    appraisedMilli: r.appraisedMilli,
    surveyMilli: r.surveyMilli,
    bonusMilli: r.bonusMilli,
    penaltyMilli: r.penaltyMilli,
    components: r.components,
  };
}

/** The band whose inclusive lower bound is the highest one not above the index; null below every band. */
export function bandFor(bands: readonly Band[], indexHundredths: number): string | null {
  let best: Band | null = null;
  for (const band of bands) {
    if (band.fromHundredths <= indexHundredths && (best === null || band.fromHundredths > best.fromHundredths)) {
      best = band;
    }
  }
  return best?.label ?? null;
}

export interface RankInput {
  unitCode: string;
  unitName: string;
  indexHundredths: number;
}

/**
 * Highest published index first; equal indices share a rank and are listed in Vietnamese alphabetical
 * order of the unit name. The next index ranks after all of them (competition: 1, 2, 2, 4) or right
 * after them (dense: 1, 2, 2, 3).
 */
export function rankUnits<T extends RankInput>(rows: readonly T[], tieRanking: TieRanking = DEFAULT_INDEX_RULES.tieRanking): Array<T & { rank: number }> {
  const sorted = [...rows].sort(
    (a, b) =>
      b.indexHundredths - a.indexHundredths ||
      compareVietnamese(a.unitName, b.unitName) ||
      (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0),
  );
  const ranked: Array<T & { rank: number }> = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    const rank = !previous ? 1 : previous.indexHundredths === row.indexHundredths ? previous.rank : tieRanking === 'dense' ? previous.rank + 1 : i + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
}

export interface RankRow {
  groupCode: string;
  unitCode: string;
  unitName: string;
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  /** null for units of a group that is scored but not ranked, and for units not appraised yet. */
  rank: number | null;
  band: string | null;
  /**
   * The unit has at least one final appraisal score. A unit with none is listed as "chưa thẩm định" at the
   * end of its group, never ranked or banded as 0.
   */
  appraised: boolean;
  /** Applicable measured sub-criteria still without a final score: what keeps the result provisional. */
  missingLeaves: number;
  components: Record<string, number | null>;
  /** Points and applicable maximum per applicable area: where the unit lost points. */
  areaPoints: Record<string, { pointsMilli: number; maxMilli: number }>;
  /** The unit's published result the year before, once a previous year is imported and matched. */
  previous: PreviousResult | null;
}

export interface PreviousResult {
  year: number;
  prevCode: string;
  prevName: string;
  indexHundredths: number;
  rank: number | null;
}

export interface GroupRanking {
  code: string;
  name: string;
  /** The criteria set the group is scored under, and that set's areas (its component indices). */
  setCode: string;
  areas: Array<{ code: string; name: string }>;
  ranked: boolean;
  bands: Band[];
  rows: RankRow[];
}

export interface Ranking {
  /** In group order; each group carries its own set's areas. */
  groups: GroupRanking[];
  /** Until the campaign is finalised the results are provisional ("Kết quả tạm tính"); pure calculation says false. */
  provisional: boolean;
}

/** What is still missing before results are final: units without any appraisal, cells without a final score. */
export interface Completeness {
  unappraised: Array<{ unitCode: string; unitName: string; groupName: string }>;
  missingCells: number;
  unitsWithMissing: Array<{ unitCode: string; unitName: string; missingLeaves: number }>;
}

export function completenessOf(ranking: Ranking): Completeness {
  const rows = ranking.groups.flatMap((g) => g.rows.map((r) => ({ r, groupName: g.name })));
  return {
    unappraised: rows.filter(({ r }) => !r.appraised).map(({ r, groupName }) => ({ unitCode: r.unitCode, unitName: r.unitName, groupName })),
    missingCells: rows.reduce((n, { r }) => n + r.missingLeaves, 0),
    unitsWithMissing: rows.filter(({ r }) => r.missingLeaves > 0).map(({ r }) => ({ unitCode: r.unitCode, unitName: r.unitName, missingLeaves: r.missingLeaves })),
  };
}

export function scoreMapsByUnit(scores: Iterable<ScoreEntry>): Map<string, Map<string, ScoreInput>> {
  const byUnit = new Map<string, Map<string, ScoreInput>>();
  for (const s of scores) {
    let m = byUnit.get(s.unitCode);
    if (!m) byUnit.set(s.unitCode, (m = new Map()));
    m.set(s.criterionCode, { pointsMilli: s.pointsMilli, notApplicable: s.notApplicable });
  }
  return byUnit;
}

export type ScoresByUnit = ReadonlyMap<string, ReadonlyMap<string, ScoreInput>>;

/** Per unit, what a ranking row needs from its roll-up. */
interface RowTotals {
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  components: Record<string, number | null>;
  areaPoints: RankRow['areaPoints'];
  appraised: boolean;
  missingLeaves: number;
}

/**
 * A unit is appraised once one of its applicable appraisal leaves has a final score; a unit none of whose
 * appraisal leaves applies (its appraised areas all "không áp dụng") once it has any measured final score.
 */
function isAppraised(toAppraise: number, appraisedLeaves: number, scoredMeasured: number): boolean {
  return appraisedLeaves > 0 || (toAppraise === 0 && scoredMeasured > 0);
}

/**
 * The leaves whose final score makes a unit "appraised": the appraised-kind measured leaves, or every
 * measured leaf when a set has none (a survey-only set).
 */
function appraisalLeaves(tree: CriteriaTree): TreeNode[] {
  const appraised = tree.leaves.filter((l) => l.criterion.kind === 'appraised');
  return appraised.length > 0 ? appraised : tree.leaves.filter((l) => isMeasured(l.criterion.kind));
}

/** Groups, rank order, shared ranks and bands over each unit's totals: the same for both roll-up paths. */
function assembleRanking(treeOf: (group: UnitGroup) => CriteriaTree, groups: readonly UnitGroup[], units: readonly Unit[], rules: IndexRules, totalsOf: (unit: Unit, i: number) => RowTotals): Ranking {
  const sortedGroups = [...groups].sort((a, b) => a.position - b.position);
  const byGroup = new Map<string, Array<Omit<RankRow, 'rank' | 'band'>>>();
  units.forEach((unit, i) => {
    if (!sortedGroups.some((g) => g.code === unit.groupCode)) return;
    const t = totalsOf(unit, i);
    let rows = byGroup.get(unit.groupCode);
    if (!rows) byGroup.set(unit.groupCode, (rows = []));
    rows.push({
      groupCode: unit.groupCode,
      unitCode: unit.code,
      unitName: unit.name,
      totalMilli: t.totalMilli,
      maxMilli: t.maxMilli,
      indexHundredths: t.indexHundredths,
      components: t.components,
      areaPoints: t.areaPoints,
      appraised: t.appraised,
      missingLeaves: t.missingLeaves,
      previous: null,
    });
  });
  return {
    groups: sortedGroups.map((group) => {
      const rows = byGroup.get(group.code) ?? [];
      const ranked = rankUnits(rows.filter((r) => r.appraised), rules.tieRanking).map((row) => ({
        ...row, rank: group.ranked ? row.rank : null, band: bandFor(group.bands, row.indexHundredths),
      }));
      // Not appraised yet: listed after the ranked units (by name), with neither rank nor band.
      const waiting = rankUnits(rows.filter((r) => !r.appraised)).map((row) => ({ ...row, rank: null, band: null }));
      const areas = treeOf(group).areas.map((a) => ({ code: a.criterion.code, name: a.criterion.name }));
      return { code: group.code, name: group.name, setCode: group.setCode, areas, ranked: group.ranked, bands: group.bands, rows: [...ranked, ...waiting] };
    }),
    provisional: false,
  };
}

/**
 * Ranks every group; scores are either entries or already grouped by unit. The straightforward path
 * (one `computeUnit` per unit): the reference `rankScoreTable` is checked against.
 */
export function computeRanking(
  criteria: readonly Criterion[],
  groups: readonly UnitGroup[],
  units: readonly Unit[],
  scores: Iterable<ScoreEntry> | ScoresByUnit,
  rules: IndexRules = DEFAULT_INDEX_RULES,
): Ranking {
  // Each group is computed under its own set's tree: the same code may mean different criteria in two sets.
  const trees = new Map([...criteriaBySet(criteria)].map(([set, list]) => [set, buildTree(list)]));
  const empty = buildTree([]);
  const treeOf = (group: UnitGroup | undefined) => (group ? trees.get(group.setCode) : undefined) ?? empty;
  const leavesOf = new Map([...trees.values(), empty].map((t) => [t, { measured: t.leaves.filter((l) => isMeasured(l.criterion.kind)), evidence: appraisalLeaves(t) }]));
  const groupOf = new Map(groups.map((g) => [g.code, g]));
  const byUnit: ScoresByUnit = scores instanceof Map ? (scores as ScoresByUnit) : scoreMapsByUnit(scores as Iterable<ScoreEntry>);
  const noScores = new Map<string, ScoreInput>();
  return assembleRanking(treeOf, groups, units, rules, (unit) => {
    const tree = treeOf(groupOf.get(unit.groupCode));
    const inputs = byUnit.get(unit.code) ?? noScores;
    const r = computeUnit(tree, inputs, rules);
    const areaPoints: RankRow['areaPoints'] = {};
    for (const area of tree.areas) {
      const n = r.nodes.get(area.criterion.code);
      if (n?.applicable) areaPoints[area.criterion.code] = { pointsMilli: n.pointsMilli, maxMilli: n.maxMilli };
    }
    const applicable = (l: TreeNode) => r.nodes.get(l.criterion.code)?.applicable === true;
    const scored = (l: TreeNode) => applicable(l) && (inputs.get(l.criterion.code)?.pointsMilli ?? null) !== null;
    const leaves = leavesOf.get(tree)!;
    const measured = leaves.measured.filter(applicable);
    const missingLeaves = measured.filter((l) => !scored(l)).length;
    const evidenceLeaves = leaves.evidence;
    const appraised = isAppraised(evidenceLeaves.filter(applicable).length, evidenceLeaves.filter(scored).length, measured.length - missingLeaves);
    return { totalMilli: r.totalMilli, maxMilli: r.maxMilli, indexHundredths: r.indexHundredths, components: r.components, areaPoints, appraised, missingLeaves };
  });
}

/** The criteria of each set, in the order the sets first appear. */
export function criteriaBySet(criteria: readonly Criterion[]): Map<string, Criterion[]> {
  const bySet = new Map<string, Criterion[]>();
  for (const c of criteria) {
    let list = bySet.get(c.setCode);
    if (!list) bySet.set(c.setCode, (list = []));
    list.push(c);
  }
  return bySet;
}

const KIND_CODE: Record<CriterionKind, number> = { appraised: 0, survey: 1, bonus: 2, penalty: 3 };
const KINDS: readonly CriterionKind[] = ['appraised', 'survey', 'bonus', 'penalty'];

/**
 * The tree as arrays indexed by node position in `tree.ordered` (pre-order: a parent before its
 * children), built once per campaign.
 */
export interface CompiledTree {
  tree: CriteriaTree;
  size: number;
  /** Criterion code → node index. */
  index: ReadonlyMap<string, number>;
  parent: Int32Array;
  kind: Uint8Array;
  max: Float64Array;
  isLeaf: Uint8Array;
  /** Measured leaves, in `tree.leaves` order: they make the unit's sums and maximum. */
  measuredLeaves: Int32Array;
  /** Top-most bonus/penalty node of each chain: where its cap applies and it counts once. */
  chainTops: Int32Array;
  /** `tree.areas` as node indices. */
  areas: Int32Array;
  /** The leaves whose final score makes a unit appraised (see `appraisalLeaves`). */
  appraisalLeaves: Int32Array;
}

export function compileTree(tree: CriteriaTree): CompiledTree {
  const size = tree.ordered.length;
  const index = new Map<string, number>();
  tree.ordered.forEach((n, i) => index.set(n.criterion.code, i));
  const parent = new Int32Array(size);
  const kind = new Uint8Array(size);
  const max = new Float64Array(size);
  const isLeaf = new Uint8Array(size);
  const chainTops: number[] = [];
  tree.ordered.forEach((n, i) => {
    parent[i] = n.parent ? index.get(n.parent.criterion.code)! : -1;
    kind[i] = KIND_CODE[n.criterion.kind];
    max[i] = n.criterion.maxMilli;
    isLeaf[i] = n.children.length === 0 ? 1 : 0;
    if (!isMeasured(n.criterion.kind) && !(n.parent && n.parent.criterion.kind === n.criterion.kind)) chainTops.push(i);
  });
  const measuredLeaves = tree.leaves.filter((l) => isMeasured(l.criterion.kind)).map((l) => index.get(l.criterion.code)!);
  return {
    tree, size, index, parent, kind, max, isLeaf,
    measuredLeaves: Int32Array.from(measuredLeaves),
    chainTops: Int32Array.from(chainTops),
    areas: Int32Array.from(tree.areas.map((a) => index.get(a.criterion.code)!)),
    appraisalLeaves: Int32Array.from(appraisalLeaves(tree).map((l) => index.get(l.criterion.code)!)),
  };
}

/**
 * Every unit's inputs, unit-major: cell (u, node) at u × tree size + node. Absent and null points
 * are 0 (the roll-up treats them alike); `notApplicable` is 1 for a not-applicable mark.
 */
export interface ScoreTable {
  units: number;
  points: Float64Array;
  notApplicable: Uint8Array;
  /** 1 where the cell has final points (not null): tells an unscored cell from a 0. */
  scored: Uint8Array;
}

export function emptyScoreTable(c: CompiledTree, units: number): ScoreTable {
  return { units, points: new Float64Array(units * c.size), notApplicable: new Uint8Array(units * c.size), scored: new Uint8Array(units * c.size) };
}

/** Writes the cell at `at` (unit × tree size + node) of the table. */
export function setCellAt(table: ScoreTable, at: number, pointsMilli: number | null, notApplicable: boolean): void {
  table.points[at] = pointsMilli ?? 0;
  table.notApplicable[at] = notApplicable ? 1 : 0;
  table.scored[at] = pointsMilli === null ? 0 : 1;
}

/** Writes one cell of the table (unit 0 unless given); a code the tree lacks is ignored. */
export function setCell(c: CompiledTree, table: ScoreTable, code: string, pointsMilli: number | null, notApplicable: boolean, unit = 0): void {
  const n = c.index.get(code);
  if (n === undefined) return;
  setCellAt(table, unit * c.size + n, pointsMilli, notApplicable);
}

/** The table from score entries (units by their position in `units`; entries for unknown units or codes are ignored). */
export function scoreTableOf(c: CompiledTree, units: readonly Pick<Unit, 'code'>[], scores: Iterable<ScoreEntry>): ScoreTable {
  const table = emptyScoreTable(c, units.length);
  const unitIndex = new Map(units.map((u, i) => [u.code, i]));
  for (const s of scores) {
    const u = unitIndex.get(s.unitCode);
    if (u !== undefined) setCell(c, table, s.criterionCode, s.pointsMilli, s.notApplicable, u);
  }
  return table;
}

/** Scratch space for one unit's roll-up, reused from unit to unit. */
export interface RollUp {
  applicable: Uint8Array;
  points: Float64Array;
  max: Float64Array;
  /** By kind code: appraised, survey, bonus, penalty. */
  sums: Float64Array;
  maxMilli: number;
}

export function newRollUp(c: CompiledTree): RollUp {
  return { applicable: new Uint8Array(c.size), points: new Float64Array(c.size), max: new Float64Array(c.size), sums: new Float64Array(4), maxMilli: 0 };
}

/** Rolls up the unit at `unit` of the table into `out`: the arithmetic of `computeUnit`, node by node. */
export function rollUpUnit(c: CompiledTree, table: ScoreTable, unit: number, out: RollUp): RollUp {
  const { size, parent, kind, max, isLeaf } = c;
  const off = unit * size;
  const app = out.applicable;
  const pts = out.points;
  const mx = out.max;
  for (let i = 0; i < size; i++) {
    const p = parent[i]!;
    app[i] = (p < 0 || app[p] === 1) && table.notApplicable[off + i] === 0 ? 1 : 0;
    pts[i] = 0;
    mx[i] = 0;
  }
  // Children come after their parent in pre-order, so a reverse walk finishes each child first.
  for (let i = size - 1; i >= 0; i--) {
    const k = kind[i]!;
    const measured = k < 2;
    const applicable = app[i] === 1;
    let p: number;
    let m: number;
    if (isLeaf[i] === 1) {
      const raw = applicable ? Math.max(0, table.points[off + i]!) : 0;
      p = measured ? raw : Math.min(raw, max[i]!);
      m = applicable ? max[i]! : 0;
    } else if (measured) {
      p = pts[i]!;
      m = mx[i]!;
    } else {
      p = applicable ? Math.min(pts[i]!, max[i]!) : 0;
      m = applicable ? max[i]! : 0;
    }
    pts[i] = p;
    mx[i] = m;
    const q = parent[i]!;
    if (q >= 0) {
      const qk = kind[q]!;
      if (qk < 2 && measured) {
        pts[q] += p;
        mx[q] += m;
      } else if (qk >= 2 && qk === k) {
        pts[q] += p;
      }
    }
  }
  const sums = out.sums;
  sums.fill(0);
  let total = 0;
  for (const i of c.measuredLeaves) {
    if (app[i] !== 1) continue;
    sums[kind[i]!] += pts[i]!;
    total += mx[i]!;
  }
  for (const i of c.chainTops) sums[kind[i]!] += pts[i]!;
  out.maxMilli = total;
  return out;
}

function totalOf(r: RollUp): number {
  return r.sums[0]! + r.sums[1]! + r.sums[2]! - r.sums[3]!;
}

/**
 * How many leaves of the unit at `unit` count (none of their nodes marked not applicable) and how many of those
 * have points: a sheet's progress.
 */
export function leafProgressOf(c: CompiledTree, table: ScoreTable, unit: number, scratch?: Uint8Array): { scoredLeaves: number; totalLeaves: number } {
  const off = unit * c.size;
  const applicable = scratch ?? new Uint8Array(c.size);
  let scoredLeaves = 0;
  let totalLeaves = 0;
  for (let i = 0; i < c.size; i++) {
    const p = c.parent[i]!;
    applicable[i] = (p < 0 || applicable[p] === 1) && table.notApplicable[off + i] === 0 ? 1 : 0;
    if (c.isLeaf[i] !== 1 || applicable[i] !== 1) continue;
    totalLeaves++;
    scoredLeaves += table.scored[off + i]!;
  }
  return { scoredLeaves, totalLeaves };
}

/**
 * The full `UnitResult` of one unit of the table, equal to what `computeUnit` returns for the same inputs.
 * With `into`, the roll-up is written in the caller's buffers and the result's nodes read them: they hold until
 * the next roll-up into the same buffers (a caller rolling up on every keystroke allocates none).
 */
export function unitResultOf(c: CompiledTree, table: ScoreTable, unit: number, rules: IndexRules = DEFAULT_INDEX_RULES, into?: RollUp): UnitResult {
  const r = rollUpUnit(c, table, unit, into ?? newRollUp(c));
  const nodes = new RollUpResults(c.tree, r);
  const totalMilli = totalOf(r);
  const components: Record<string, number | null> = {};
  for (const i of c.areas) components[c.tree.ordered[i]!.criterion.code] = r.applicable[i] === 1 && r.max[i]! > 0 ? indexOf(r.points[i]!, r.max[i]!, rules) : null;
  const sums = Object.fromEntries(KINDS.map((k, i) => [k, r.sums[i]!])) as Record<CriterionKind, number>;
  return {
    totalMilli, maxMilli: r.maxMilli, indexHundredths: indexOf(totalMilli, r.maxMilli, rules),
    appraisedMilli: sums.appraised, surveyMilli: sums.survey, bonusMilli: sums.bonus, penaltyMilli: sums.penalty,
    components, nodes,
  };
}

/**
 * `computeRanking` over a score table whose unit i is `units[i]`: one flat roll-up per unit, no per-node
 * objects. One set: `groups` are the groups scored under `c`'s set (see `mergeRankings`).
 */
export function rankScoreTable(c: CompiledTree, groups: readonly UnitGroup[], units: readonly Unit[], table: ScoreTable, rules: IndexRules = DEFAULT_INDEX_RULES): Ranking {
  const scratch = newRollUp(c);
  const areaCodes = [...c.areas].map((i) => c.tree.ordered[i]!.criterion.code);
  return assembleRanking(() => c.tree, groups, units, rules, (_unit, u) => {
    const r = rollUpUnit(c, table, u, scratch);
    const components: Record<string, number | null> = {};
    const areaPoints: RankRow['areaPoints'] = {};
    c.areas.forEach((i, a) => {
      const applicable = r.applicable[i] === 1;
      components[areaCodes[a]!] = applicable && r.max[i]! > 0 ? indexOf(r.points[i]!, r.max[i]!, rules) : null;
      if (applicable) areaPoints[areaCodes[a]!] = { pointsMilli: r.points[i]!, maxMilli: r.max[i]! };
    });
    const totalMilli = totalOf(r);
    const off = u * c.size;
    let toAppraise = 0;
    let appraisedLeaves = 0;
    for (const i of c.appraisalLeaves) {
      if (r.applicable[i] !== 1) continue;
      toAppraise++;
      if (table.scored[off + i] === 1) appraisedLeaves++;
    }
    let missingLeaves = 0;
    let scoredLeaves = 0;
    for (const i of c.measuredLeaves) {
      if (r.applicable[i] !== 1) continue;
      if (table.scored[off + i] === 1) scoredLeaves++;
      else missingLeaves++;
    }
    const appraised = isAppraised(toAppraise, appraisedLeaves, scoredLeaves);
    return { totalMilli, maxMilli: r.maxMilli, indexHundredths: indexOf(totalMilli, r.maxMilli, rules), components, areaPoints, appraised, missingLeaves };
  });
}

/** The rankings of each set's groups as one ranking, groups in their campaign order. */
export function mergeRankings(parts: readonly Ranking[], groups: readonly UnitGroup[]): Ranking {
  const position = new Map(groups.map((g) => [g.code, g.position]));
  const all = parts.flatMap((p) => p.groups).sort((a, b) => (position.get(a.code) ?? 0) - (position.get(b.code) ?? 0));
  return { groups: all, provisional: parts.some((p) => p.provisional) };
}
