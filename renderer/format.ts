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

/** 1536 → "1,5 KB"; sizes the way a Vietnamese reader writes them (decimal comma, 1024 steps). */
export function fileSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? String(value) : (Math.round(value * 10) / 10).toString().replace('.', ',');
  return `${rounded} ${units[unit]}`;
}

/** An ISO instant → "dd/mm/yyyy hh:mm" in local time. */
export function displayDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
