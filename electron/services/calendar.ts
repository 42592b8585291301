// The council's calendar: per campaign, each phase's deadline and its extension, every change logged.
// After a phase's (possibly extended) deadline its inputs are closed: `requireOpen` is the one rule the
// import paths call, judged at the moment of import on this machine (the clock is injectable for tests).
// The calendar travels in the campaign package, so members read it offline.

import { z } from 'zod';
import { PHASES, dayMonthYear, daysLeft, deadlineEnd, isRealDay, vietnamDay, vietnamTime, type Phase } from '../../shared/calendar.js';
import type { CalendarPhase, CalendarView } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { translate } from '../../shared/i18n/index.js';
import type { CalendarRecord } from '../repos/calendar-repo.js';
import type { Repositories } from '../repos/repositories.js';
import type { CampaignService } from './campaigns.js';
import { isMemberMachine } from './roles.js';

const day = z.string().refine(isRealDay, 'không phải ngày có thật');

/** The calendar in the campaign package's payload (absent from packages made before it existed). */
export const calendarPayloadSchema = z.array(z.object({
  phase: z.enum(PHASES),
  deadline: day,
  extension: z.object({ deadline: day, reason: z.string().max(2000), by: z.string().max(300), at: z.string().max(40) }).nullable(),
}).refine((p) => !p.extension || p.extension.deadline > p.deadline, 'ngày gia hạn phải sau hạn')).max(PHASES.length);
export type CalendarPayload = z.infer<typeof calendarPayloadSchema>;

export const phaseLabel = (phase: Phase): string => translate('vi', `calendar.phase.${phase}`);

/** How a phase's deadline reads in the history: "15/03/2026", "15/03/2026, gia hạn đến 20/03/2026", or null. */
function describe(r: CalendarRecord | undefined): string | null {
  if (!r) return null;
  return r.extendedTo ? `${dayMonthYear(r.deadline)}, gia hạn đến ${dayMonthYear(r.extendedTo)}` : dayMonthYear(r.deadline);
}

export class CalendarService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get(campaignId: number): CalendarView {
    this.campaigns.require(campaignId);
    const at = this.clock();
    const rows = new Map(this.r.calendar.list(campaignId).map((x) => [x.phase, x]));
    const phases = PHASES.map((phase): CalendarPhase => {
      const x = rows.get(phase);
      if (!x) return { phase, deadline: null, extension: null, effective: null, closesAt: null, closed: false, daysLeft: null };
      const effective = x.extendedTo ?? x.deadline;
      const closesAt = deadlineEnd(effective);
      return {
        phase, deadline: x.deadline, effective, closesAt: closesAt.toISOString(), closed: at >= closesAt, daysLeft: daysLeft(effective, at),
        extension: x.extendedTo ? { deadline: x.extendedTo, reason: x.extensionReason, by: x.extendedBy, at: x.extendedAt ?? '' } : null,
      };
    });
    return { campaignId, today: vietnamDay(at), readOnly: this.readOnly(campaignId), phases };
  }

  /** A member's machine, or a campaign copied from a package: the secretariat's calendar is only read here. */
  private readOnly(campaignId: number): boolean {
    return isMemberMachine(this.r.members.self()) || this.r.exchange.settingsOf(campaignId).issuerKey !== null;
  }

  private requireWritable(campaignId: number): void {
    const c = this.campaigns.requireOpen(campaignId);
    if (this.readOnly(campaignId)) throw new AppError('forbidden', 'calendar.readOnly', { name: c.name });
  }

  /** Sets a phase's deadline ('' removes it). A standing extension is withdrawn: the new day is the plan. */
  set(campaignId: number, phase: Phase, deadline: string, actor: string): CalendarView {
    this.requireWritable(campaignId);
    if (deadline !== '' && !isRealDay(deadline)) throw new AppError('invalid_input', 'calendar.dayInvalid', { day: deadline });
    const before = this.r.calendar.list(campaignId).find((x) => x.phase === phase);
    if (before?.deadline === deadline && !before.extendedTo) return this.get(campaignId);
    if (!before && deadline === '') return this.get(campaignId);
    const at = this.clock().toISOString();
    this.r.db.transaction(() => {
      if (deadline === '') this.r.calendar.remove(campaignId, phase);
      else this.r.calendar.put(campaignId, { phase, deadline, extendedTo: null, extensionReason: '', extendedBy: '', extendedAt: null }, at);
      this.r.history.append({
        campaignId, at, actor, action: 'calendar.set', unitCode: null, criterionCode: null,
        oldValue: before ? `${phaseLabel(phase)}: ${describe(before)}` : null, newValue: deadline === '' ? null : `${phaseLabel(phase)}: ${dayMonthYear(deadline)}`,
      });
    })();
    return this.get(campaignId);
  }

  /** Moves a phase's deadline to a later day, with the reason (logged with who and when). */
  extend(campaignId: number, phase: Phase, deadline: string, reason: string, actor: string): CalendarView {
    this.requireWritable(campaignId);
    if (reason.trim() === '') throw new AppError('invalid_input', 'calendar.extendReason');
    if (!isRealDay(deadline)) throw new AppError('invalid_input', 'calendar.dayInvalid', { day: deadline });
    const before = this.r.calendar.list(campaignId).find((x) => x.phase === phase);
    if (!before) throw new AppError('invalid_input', 'calendar.noDeadline', { phase: phaseLabel(phase) });
    const current = before.extendedTo ?? before.deadline;
    if (deadline <= current) {
      throw new AppError('invalid_input', 'calendar.extendNotLater', { deadline: dayMonthYear(deadline), current: dayMonthYear(current), phase: phaseLabel(phase) });
    }
    const at = this.clock().toISOString();
    const next: CalendarRecord = { ...before, extendedTo: deadline, extensionReason: reason.trim(), extendedBy: actor, extendedAt: at };
    this.r.db.transaction(() => {
      this.r.calendar.put(campaignId, next, at);
      this.r.history.append({
        campaignId, at, actor, action: 'calendar.extend', unitCode: null, criterionCode: null,
        oldValue: `${phaseLabel(phase)}: ${describe(before)}`, newValue: `${phaseLabel(phase)}: ${describe(next)}`, reason: reason.trim(),
      });
    })();
    return this.get(campaignId);
  }

  /**
   * Refuses, changing nothing, an input of a phase whose deadline has passed now (at import on this
   * machine): `author` names whose package (or file) it is, the message names the phase and the day it ended.
   * An 'entry' is a unit's or a member's own change on its machine, held to the deadline its package will be held to.
   */
  requireOpen(campaignId: number, phase: Phase, author: string, carrier: 'package' | 'file' | 'entry' = 'package'): void {
    const closed = this.closedNow(campaignId, phase);
    if (!closed) return;
    const { x, effective, at } = closed;
    throw new AppError('locked', carrier === 'file' ? 'calendar.fileLate' : carrier === 'entry' ? 'calendar.entryLate' : 'calendar.packageLate', {
      author, phase: phaseLabel(phase), deadline: dayMonthYear(effective),
      extended: x.extendedTo ? ` (đã gia hạn từ ${dayMonthYear(x.deadline)})` : '', at: vietnamTime(at),
    });
  }

  /** Whether a phase's (possibly extended) deadline has passed now: the test `requireOpen` refuses by. */
  isClosed(campaignId: number, phase: Phase): boolean {
    return this.closedNow(campaignId, phase) !== null;
  }

  private closedNow(campaignId: number, phase: Phase) {
    const x = this.r.calendar.list(campaignId).find((p) => p.phase === phase);
    if (!x) return null;
    const effective = x.extendedTo ?? x.deadline;
    const at = this.clock();
    return at < deadlineEnd(effective) ? null : { x, effective, at };
  }

  /** What the campaign package carries. */
  forPackage(campaignId: number): CalendarPayload {
    return this.r.calendar.list(campaignId).map((x) => ({
      phase: x.phase, deadline: x.deadline,
      extension: x.extendedTo ? { deadline: x.extendedTo, reason: x.extensionReason, by: x.extendedBy, at: x.extendedAt ?? '' } : null,
    }));
  }

  /** On a member's machine, inside the package's transaction: the secretariat's calendar replaces this one; each change is logged. */
  applyFromPackage(campaignId: number, calendar: CalendarPayload, actor: string, at: string, source: string): void {
    const before = new Map(this.r.calendar.list(campaignId).map((x) => [x.phase, x]));
    const rows: CalendarRecord[] = calendar.map((p) => ({
      phase: p.phase, deadline: p.deadline, extendedTo: p.extension?.deadline ?? null,
      extensionReason: p.extension?.reason ?? '', extendedBy: p.extension?.by ?? '', extendedAt: p.extension?.at ?? null,
    }));
    const after = new Map(rows.map((x) => [x.phase, x]));
    this.r.calendar.replace(campaignId, rows, at);
    for (const phase of PHASES) {
      const [old, now] = [describe(before.get(phase)), describe(after.get(phase))];
      if (old === now) continue;
      this.r.history.append({
        campaignId, at, actor, action: 'calendar.import', unitCode: null, criterionCode: null,
        oldValue: old === null ? null : `${phaseLabel(phase)}: ${old}`, newValue: now === null ? null : `${phaseLabel(phase)}: ${now}`,
        reason: after.get(phase)?.extensionReason ?? '', source,
      });
    }
  }
}
