// The council's calendar: its phases, and what a deadline day means. A deadline is a day written
// dd/mm/yyyy; the phase stays open to the end of that day in Vietnam time (Asia/Ho_Chi_Minh, UTC+7 all
// year, no daylight saving), whatever time zone the machine is set to.

export const PHASES = ['tu_danh_gia', 'tham_dinh_1', 'giai_trinh', 'tham_dinh_2', 'cong_bo'] as const;
export type Phase = (typeof PHASES)[number];

/** Vietnam's offset from UTC, in milliseconds (no DST since 1975). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The phase whose inputs are a round's proposals. */
export const appraisalPhase = (round: number): Phase => (round === 2 ? 'tham_dinh_2' : 'tham_dinh_1');

/** yyyy-mm-dd naming a real day (2026-02-31 does not). */
export function isRealDay(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** dd/mm/yyyy (also d/m/yyyy, with - or .) → yyyy-mm-dd; null when it is not a real day. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isRealDay(iso) ? iso : null;
}

/** yyyy-mm-dd → dd/mm/yyyy. */
export const dayMonthYear = (iso: string): string => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');

/** The first instant after a deadline day in Vietnam: 15/03/2026 → 2026-03-15T17:00:00Z. */
export function deadlineEnd(iso: string): Date {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + DAY_MS - VIETNAM_OFFSET_MS);
}

/** The day it is in Vietnam at an instant, yyyy-mm-dd. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from today (in Vietnam) to the deadline day: 0 on the last day, negative once it has passed. */
export function daysLeft(iso: string, at: Date): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${vietnamDay(at)}T00:00:00Z`)) / DAY_MS);
}

/** An instant as people in Vietnam read it: dd/mm/yyyy hh:mm. */
export function vietnamTime(at: Date): string {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${dayMonthYear(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
