// SQL for the council's calendar: one row per phase that has a deadline (schema 10).
import type { Phase } from '../../shared/calendar.js';
import type { Db } from '../db/database.js';

export interface CalendarRecord {
  phase: Phase;
  deadline: string;
  extendedTo: string | null;
  extensionReason: string;
  extendedBy: string;
  extendedAt: string | null;
}

export class CalendarRepo {
  private readonly listStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly clearStmt;
  constructor(db: Db) {
    this.listStmt = db.prepare<[number], CalendarRecord>(
      `SELECT phase, deadline, extended_to AS extendedTo, extension_reason AS extensionReason, extended_by AS extendedBy, extended_at AS extendedAt
       FROM calendar_phase WHERE campaign_id = ?`,
    );
    this.putStmt = db.prepare(
      `INSERT INTO calendar_phase (campaign_id, phase, deadline, extended_to, extension_reason, extended_by, extended_at, updated_at)
       VALUES (@campaignId, @phase, @deadline, @extendedTo, @extensionReason, @extendedBy, @extendedAt, @at)
       ON CONFLICT (campaign_id, phase) DO UPDATE SET deadline = excluded.deadline, extended_to = excluded.extended_to,
         extension_reason = excluded.extension_reason, extended_by = excluded.extended_by, extended_at = excluded.extended_at, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM calendar_phase WHERE campaign_id = ? AND phase = ?');
    this.clearStmt = db.prepare('DELETE FROM calendar_phase WHERE campaign_id = ?');
  }
  list(campaignId: number): CalendarRecord[] {
    return this.listStmt.all(campaignId);
  }
  put(campaignId: number, r: CalendarRecord, at: string): void {
    this.putStmt.run({ campaignId, ...r, at });
  }
  remove(campaignId: number, phase: Phase): void {
    this.deleteStmt.run(campaignId, phase);
  }
  /** A member's machine: the calendar a campaign package brings replaces the one here. */
  replace(campaignId: number, rows: readonly CalendarRecord[], at: string): void {
    this.clearStmt.run(campaignId);
    for (const r of rows) this.put(campaignId, r, at);
  }
}
