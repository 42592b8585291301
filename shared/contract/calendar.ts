// The council's calendar: each phase's deadline and extension. Days cross the contract as yyyy-mm-dd;
// people type and read them dd/mm/yyyy (shared/calendar.ts).

import { z } from 'zod';
import { PHASES, type Phase } from '../calendar.js';
import { method } from './method.js';
import { campaignId, isoDate, text } from './common.js';

export interface CalendarExtension {
  /** The new last day, yyyy-mm-dd (later than the deadline). */
  deadline: string;
  reason: string;
  by: string;
  /** When it was granted (ISO instant). */
  at: string;
}

export interface CalendarPhase {
  phase: Phase;
  /** The deadline as set, yyyy-mm-dd; null: no deadline. */
  deadline: string | null;
  extension: CalendarExtension | null;
  /** The day that counts: the extension's, else the deadline; null: no deadline. */
  effective: string | null;
  /** The first instant the phase is closed (end of the effective day in Vietnam); null: no deadline. */
  closesAt: string | null;
  closed: boolean;
  /** Whole days left from today in Vietnam (0: today is the last day; negative: passed); null: no deadline. */
  daysLeft: number | null;
}

export interface CalendarView {
  campaignId: number;
  /** Today in Vietnam, yyyy-mm-dd, by the core's clock. */
  today: string;
  /** A member's machine or a campaign that came by package: the calendar is the secretariat's. */
  readOnly: boolean;
  phases: CalendarPhase[];
}

const phase = z.enum(PHASES);

export const calendarMethods = {
  'calendar/get': method<CalendarView>()(z.object({ campaignId })),
  /** Sets (or, with '', removes) a phase's deadline; a standing extension is withdrawn with it. */
  'calendar/set': method<CalendarView>()(z.object({ campaignId, phase, deadline: isoDate })),
  /** Moves a phase's deadline later, with the reason; the last extension is the one that counts. */
  'calendar/extend': method<CalendarView>()(z.object({ campaignId, phase, deadline: isoDate.refine((d) => d !== '', 'cần ngày gia hạn'), reason: text(2000).min(1) })),
} as const;
