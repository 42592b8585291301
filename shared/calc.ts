// Pure calculation: criteria tree roll-up with not-applicable nodes, caps, totals,
// index, component indices, ranking with shared ranks, and banding. All integer arithmetic.

import {
  compareCodes,
  isMeasured,
  type Band,
  type Criterion,
  type CriterionKind,
  type ScoreEntry,
  type Unit,
  type UnitGroup,
} from './domain.js';
import { compareVietnamese } from './text.js';

export interface TreeNode {
  criterion: Criterion;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
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
    byCode.set(criterion.code, { criterion, parent: null, children: [], depth: 0 });
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
  nodes: Map<string, NodeResult>;
}

/** index = total ÷ maximum × 100, rounded half-up to hundredths, clamped to 0–100%. */
export function indexOf(totalMilli: number, maxMilli: number): number {
  if (maxMilli <= 0 || totalMilli <= 0) return 0;
  const hundredths = Math.floor((totalMilli * 20000 + maxMilli) / (2 * maxMilli));
  return Math.min(10000, hundredths);
}

export function computeUnit(tree: CriteriaTree, scores: ReadonlyMap<string, ScoreInput>): UnitResult {
  const nodes = new Map<string, NodeResult>();
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
    nodes.set(code, result);
    return result;
  };
  for (const root of tree.roots) evaluate(root, true);

  const sums: Record<CriterionKind, number> = { appraised: 0, survey: 0, bonus: 0, penalty: 0 };
  let maxMilli = 0;
  for (const leaf of tree.leaves) {
    const { kind, code } = leaf.criterion;
    const r = nodes.get(code);
    if (!r || !isMeasured(kind) || !r.applicable) continue;
    sums[kind] += r.pointsMilli;
    maxMilli += r.maxMilli;
  }
  // A bonus/penalty chain contributes once, at its top-most node of that kind (where its cap applies).
  for (const node of tree.ordered) {
    const { kind, code } = node.criterion;
    if (isMeasured(kind)) continue;
    if (node.parent && node.parent.criterion.kind === kind) continue;
    sums[kind] += nodes.get(code)?.pointsMilli ?? 0;
  }
  const totalMilli = sums.appraised + sums.survey + sums.bonus - sums.penalty;
  const components: Record<string, number | null> = {};
  for (const area of tree.areas) {
    const r = nodes.get(area.criterion.code);
    components[area.criterion.code] = r && r.applicable && r.maxMilli > 0 ? indexOf(r.pointsMilli, r.maxMilli) : null;
  }
  return {
    totalMilli,
    maxMilli,
    indexHundredths: indexOf(totalMilli, maxMilli),
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
 * Highest published index first; equal indices share a rank (1, 2, 2, 4) and are listed
 * in Vietnamese alphabetical order of the unit name.
 */
export function rankUnits<T extends RankInput>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort(
    (a, b) =>
      b.indexHundredths - a.indexHundredths ||
      compareVietnamese(a.unitName, b.unitName) ||
      (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0),
  );
  const ranked: Array<T & { rank: number }> = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    const rank = previous && previous.indexHundredths === row.indexHundredths ? previous.rank : i + 1;
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
  /** null for units of a group that is scored but not ranked. */
  rank: number | null;
  band: string | null;
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
  ranked: boolean;
  bands: Band[];
  rows: RankRow[];
}

export interface Ranking {
  areas: Array<{ code: string; name: string }>;
  groups: GroupRanking[];
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

/** Ranks every group; scores are either entries or already grouped by unit (as the repository loads them). */
export function computeRanking(
  criteria: readonly Criterion[],
  groups: readonly UnitGroup[],
  units: readonly Unit[],
  scores: Iterable<ScoreEntry> | ScoresByUnit,
): Ranking {
  const tree = buildTree(criteria);
  const byUnit: ScoresByUnit = scores instanceof Map ? (scores as ScoresByUnit) : scoreMapsByUnit(scores as Iterable<ScoreEntry>);
  const empty = new Map<string, ScoreInput>();
  const sortedGroups = [...groups].sort((a, b) => a.position - b.position);
  return {
    areas: tree.areas.map((a) => ({ code: a.criterion.code, name: a.criterion.name })),
    groups: sortedGroups.map((group) => {
      const rows = units
        .filter((u) => u.groupCode === group.code)
        .map((unit) => {
          const r = computeUnit(tree, byUnit.get(unit.code) ?? empty);
          const areaPoints: RankRow['areaPoints'] = {};
          for (const area of tree.areas) {
            const n = r.nodes.get(area.criterion.code);
            if (n?.applicable) areaPoints[area.criterion.code] = { pointsMilli: n.pointsMilli, maxMilli: n.maxMilli };
          }
          return {
            groupCode: group.code,
            unitCode: unit.code,
            unitName: unit.name,
            totalMilli: r.totalMilli,
            maxMilli: r.maxMilli,
            indexHundredths: r.indexHundredths,
            components: r.components,
            areaPoints,
            previous: null,
          };
        });
      const ordered: RankRow[] = group.ranked
        ? rankUnits(rows).map((row) => ({ ...row, band: bandFor(group.bands, row.indexHundredths) }))
        : rankUnits(rows).map((row) => ({ ...row, rank: null, band: bandFor(group.bands, row.indexHundredths) }));
      return { code: group.code, name: group.name, ranked: group.ranked, bands: group.bands, rows: ordered };
    }),
  };
}
