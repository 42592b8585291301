// Pure helpers behind the results screens: year-over-year change, sorting, band tones, heat-map
// buckets, the areas where a unit lost most points and group averages. Integer hundredths throughout.

import type { GroupRanking, RankRow } from '../../../shared/calc.js';
import type { Band } from '../../../shared/domain.js';
import { formatIndex } from '../../../shared/numbers.js';
import { compareVietnamese } from '../../../shared/text.js';

/** Index change since the previous year, in hundredths of a point; null without a previous result. */
export function indexDelta(row: RankRow): number | null {
  return row.previous ? row.indexHundredths - row.previous.indexHundredths : null;
}

/** Places climbed since the previous year (positive = better); null when either year has no rank. */
export function rankChange(row: RankRow): number | null {
  return row.previous && row.previous.rank !== null && row.rank !== null ? row.previous.rank - row.rank : null;
}

/** "+6,86", "−1,20" (a true minus sign), "0,00"; "—" without a previous result. */
export function formatDelta(hundredths: number | null): string {
  if (hundredths === null) return '—';
  if (hundredths === 0) return formatIndex(0);
  return (hundredths > 0 ? '+' : '\u2212') + formatIndex(Math.abs(hundredths));
}

/** "▲2", "▼1", "="; "—" without a rank in both years. */
export function formatRankChange(change: number | null): string {
  if (change === null) return '—';
  if (change === 0) return '=';
  return change > 0 ? `▲${change}` : `▼${-change}`;
}

export type SortKey = 'rank' | 'unit' | 'total' | 'max' | 'index' | 'band' | 'prevIndex' | 'delta' | 'rankChange';
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}
export const DEFAULT_SORT: SortState = { key: 'rank', direction: 'ascending' };

function sortValue(row: RankRow, key: Exclude<SortKey, 'unit'>): number | null {
  // A unit not appraised yet has no result to sort by: it stays last, as unscored rows do.
  if (!row.appraised && (key === 'total' || key === 'index' || key === 'band' || key === 'delta')) return null;
  switch (key) {
    case 'rank':
      return row.rank;
    case 'total':
      return row.totalMilli;
    case 'max':
      return row.maxMilli;
    case 'index':
    case 'band':
      return row.indexHundredths;
    case 'prevIndex':
      return row.previous?.indexHundredths ?? null;
    case 'delta':
      return indexDelta(row);
    case 'rankChange':
      return rankChange(row);
  }
}

/**
 * Sorts a group's rows by one column. Rows without a value go last in either direction; equal
 * values keep the server's order (rank, then name), so ties stay together and keep sharing a rank.
 */
export function sortRows(rows: readonly RankRow[], sort: SortState): RankRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const indexed = rows.map((row, position) => ({ row, position }));
  indexed.sort((a, b) => {
    let order: number;
    if (sort.key === 'unit') {
      order = sign * compareVietnamese(a.row.unitName, b.row.unitName);
    } else {
      const va = sortValue(a.row, sort.key);
      const vb = sortValue(b.row, sort.key);
      if (va === null || vb === null) order = va === vb ? 0 : va === null ? 1 : -1;
      else order = sign * (va - vb);
    }
    return order || a.position - b.position;
  });
  return indexed.map((x) => x.row);
}

/** Bands from the highest threshold down (the order people read them in). */
export function bandsDescending(bands: readonly Band[]): Band[] {
  return [...bands].sort((a, b) => b.fromHundredths - a.fromHundredths);
}

export const BAND_TONES = 5;

/**
 * The colour tone (0 = best … 4 = weakest) of a band label within its group, spread over the
 * palette whatever the number of bands; null for a row without a band.
 */
export function bandTone(bands: readonly Band[], label: string | null): number | null {
  if (label === null) return null;
  const ordered = bandsDescending(bands);
  const at = ordered.findIndex((b) => b.label === label);
  if (at < 0) return null;
  if (ordered.length <= 1) return 0;
  return Math.round((at * (BAND_TONES - 1)) / (ordered.length - 1));
}

/** A band's range for the legend: lower bound inclusive, the next band's bound exclusive. */
export function bandRanges(bands: readonly Band[]): Array<{ band: Band; toHundredths: number | null }> {
  const ordered = bandsDescending(bands);
  return ordered.map((band, i) => ({ band, toHundredths: i === 0 ? null : ordered[i - 1]!.fromHundredths }));
}

/** Component indices below this are highlighted, as the seed article reports them. */
export const LOW_COMPONENT = 8000;

/** Heat-map buckets: lower bounds in hundredths; the bucket's position is its CSS class suffix. */
export const HEAT_BUCKETS = [0, 5000, 6500, 8000, 8500, 9000, 9500] as const;

export function heatBucket(hundredths: number): number {
  let bucket = 0;
  HEAT_BUCKETS.forEach((from, i) => {
    if (hundredths >= from) bucket = i;
  });
  return bucket;
}

export interface AreaLoss {
  areaCode: string;
  lostMilli: number;
  pointsMilli: number;
  maxMilli: number;
  indexHundredths: number | null;
}

/** The areas where a unit lost most points (max − points), most first; areas that lost nothing are left out. */
export function topLosses(row: RankRow, count = 3): AreaLoss[] {
  return Object.entries(row.areaPoints)
    .map(([areaCode, p]) => ({
      areaCode,
      lostMilli: p.maxMilli - p.pointsMilli,
      pointsMilli: p.pointsMilli,
      maxMilli: p.maxMilli,
      indexHundredths: row.components[areaCode] ?? null,
    }))
    .filter((loss) => loss.lostMilli > 0)
    .sort((a, b) => b.lostMilli - a.lostMilli || (a.indexHundredths ?? 0) - (b.indexHundredths ?? 0) || a.areaCode.localeCompare(b.areaCode, 'vi', { numeric: true }))
    .slice(0, count);
}

/** Mean component index per area over the group's units where the area applies (rounded half up). */
export function groupAverages(group: GroupRanking, areaCodes: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const code of areaCodes) {
    const values = group.rows.filter((r) => r.appraised).map((r) => r.components[code]).filter((v): v is number => v !== null && v !== undefined);
    out[code] = values.length === 0 ? null : Math.round(values.reduce((s, v) => s + v, 0) / values.length);
  }
  return out;
}

/** A file name that survives e-mail, USB sticks and old Windows: Vietnamese folded to ASCII. */
export function asciiFileName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}
