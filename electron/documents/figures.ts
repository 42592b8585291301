// The council report's summary figures per group, read off the ranking the annexes print (indices are
// never recomputed here): counts per band, highest and lowest, average, year over year, areas where
// most points were lost.

import { completenessOf, type GroupRanking, type Ranking, type RankRow } from '../../shared/calc.js';

export interface BandCount {
  label: string;
  fromHundredths: number;
  /** Exclusive upper bound; null for the top band. */
  toHundredths: number | null;
  count: number;
}

export interface UnitIndex {
  unitName: string;
  indexHundredths: number;
}

export interface YearOverYear {
  previousYear: number;
  /** Appraised units of the group that have a previous-year result. */
  units: number;
  averageHundredths: number;
  previousAverageHundredths: number;
  /** averageHundredths − previousAverageHundredths: percentage points, as the published averages differ. */
  changeHundredths: number;
  up: number;
  down: number;
  same: number;
  biggestRise: { unitName: string; changeHundredths: number } | null;
  biggestFall: { unitName: string; changeHundredths: number } | null;
}

export interface LostArea {
  code: string;
  name: string;
  /** Sum over the appraised units where the area applies of its applicable maximum. */
  maxMilli: number;
  /** Sum over those units of (applicable maximum − points obtained). */
  lostMilli: number;
  units: number;
}

export interface GroupFigures {
  code: string;
  name: string;
  ranked: boolean;
  units: number;
  appraised: number;
  /** Units without any final appraisal score: listed, never counted as 0. */
  unappraised: string[];
  bands: BandCount[];
  /** Appraised units below every band's lower bound (a campaign whose lowest band starts above 0). */
  belowBands: number;
  averageHundredths: number | null;
  /** Every unit sharing the highest (lowest) index, so a tie is shown as one. */
  highest: UnitIndex[];
  lowest: UnitIndex[];
  yearOverYear: YearOverYear | null;
  /** At most three areas, most points lost first. */
  lostAreas: LostArea[];
}

export interface ReportFigures {
  provisional: boolean;
  units: number;
  appraised: number;
  unappraised: Array<{ unitName: string; groupName: string }>;
  /** Applicable measured sub-criteria still without a final score, over all units. */
  missingCells: number;
  groups: GroupFigures[];
}

const mean = (values: number[]): number => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

function bandCounts(group: GroupRanking, rows: RankRow[]): { bands: BandCount[]; belowBands: number } {
  const sorted = [...group.bands].sort((a, b) => b.fromHundredths - a.fromHundredths);
  const bands = sorted.map((b, i) => ({
    label: b.label,
    fromHundredths: b.fromHundredths,
    toHundredths: i === 0 ? null : sorted[i - 1]!.fromHundredths,
    count: rows.filter((r) => r.band === b.label).length,
  }));
  return { bands, belowBands: rows.filter((r) => r.band === null).length };
}

function extremes(rows: RankRow[], pick: (a: number, b: number) => number): UnitIndex[] {
  if (rows.length === 0) return [];
  const target = rows.map((r) => r.indexHundredths).reduce((a, b) => pick(a, b));
  return rows.filter((r) => r.indexHundredths === target).map((r) => ({ unitName: r.unitName, indexHundredths: r.indexHundredths }));
}

function yearOverYear(rows: RankRow[]): YearOverYear | null {
  const matched = rows.filter((r) => r.previous !== null);
  if (matched.length === 0) return null;
  const changes = matched.map((r) => ({ unitName: r.unitName, changeHundredths: r.indexHundredths - r.previous!.indexHundredths }));
  const averageHundredths = mean(matched.map((r) => r.indexHundredths));
  const previousAverageHundredths = mean(matched.map((r) => r.previous!.indexHundredths));
  const byChange = [...changes].sort((a, b) => b.changeHundredths - a.changeHundredths);
  const top = byChange[0]!;
  const bottom = byChange[byChange.length - 1]!;
  return {
    previousYear: matched[0]!.previous!.year,
    units: matched.length,
    averageHundredths,
    previousAverageHundredths,
    changeHundredths: averageHundredths - previousAverageHundredths,
    up: changes.filter((c) => c.changeHundredths > 0).length,
    down: changes.filter((c) => c.changeHundredths < 0).length,
    same: changes.filter((c) => c.changeHundredths === 0).length,
    biggestRise: top.changeHundredths > 0 ? top : null,
    biggestFall: bottom.changeHundredths < 0 ? bottom : null,
  };
}

function lostAreas(areas: GroupRanking['areas'], rows: RankRow[]): LostArea[] {
  return areas
    .map((a) => {
      const cells = rows.map((r) => r.areaPoints[a.code]).filter((p) => p !== undefined);
      return {
        code: a.code,
        name: a.name,
        maxMilli: cells.reduce((n, p) => n + p.maxMilli, 0),
        lostMilli: cells.reduce((n, p) => n + Math.max(0, p.maxMilli - p.pointsMilli), 0),
        units: cells.length,
      };
    })
    .filter((a) => a.lostMilli > 0)
    .sort((a, b) => b.lostMilli - a.lostMilli || a.code.localeCompare(b.code, 'vi', { numeric: true }))
    .slice(0, 3);
}

/** The figures of every group; only appraised units count in bands, averages, extremes and lost points. */
export function reportFigures(ranking: Ranking): ReportFigures {
  const completeness = completenessOf(ranking);
  const groups = ranking.groups.map((g): GroupFigures => {
    const appraised = g.rows.filter((r) => r.appraised);
    return {
      code: g.code,
      name: g.name,
      ranked: g.ranked,
      units: g.rows.length,
      appraised: appraised.length,
      unappraised: g.rows.filter((r) => !r.appraised).map((r) => r.unitName),
      ...bandCounts(g, appraised),
      averageHundredths: appraised.length > 0 ? mean(appraised.map((r) => r.indexHundredths)) : null,
      highest: extremes(appraised, (a, b) => Math.max(a, b)),
      lowest: extremes(appraised, (a, b) => Math.min(a, b)),
      yearOverYear: yearOverYear(appraised),
      lostAreas: lostAreas(g.areas, appraised),
    };
  });
  return {
    provisional: ranking.provisional,
    units: groups.reduce((n, g) => n + g.units, 0),
    appraised: groups.reduce((n, g) => n + g.appraised, 0),
    unappraised: completeness.unappraised.map((u) => ({ unitName: u.unitName, groupName: u.groupName })),
    missingCells: completeness.missingCells,
    groups,
  };
}
