// Display helpers over shared/numbers.ts for the renderer.

import { formatIndex, formatPoints } from '../shared/numbers.js';

export function points(milli: number | null | undefined): string {
  return milli === null || milli === undefined ? '' : formatPoints(milli);
}

/** Points with two decimals where exact (86 → "86,00"), so a column of totals lines up. */
export function pointsAligned(milli: number): string {
  return milli % 10 === 0 ? formatIndex(milli / 10) : formatPoints(milli);
}

export function percent(hundredths: number | null | undefined): string {
  return hundredths === null || hundredths === undefined ? '—' : formatIndex(hundredths);
}

/** yyyy-mm-dd → dd/mm/yyyy, as dates are written in Vietnamese documents. */
export function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
