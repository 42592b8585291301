// SQL for reading the history table as an audit log: filtered, paged, newest first (or oldest first
// for an export). One prepared statement per query; absent filters are NULL parameters.
import type { Db } from '../db/database.js';

export interface AuditQuery {
  campaignId: number;
  unitCode: string | null;
  /** Exact code or any code below it ("2" matches "2.1.3"). */
  criterionCode: string | null;
  actor: string | null;
  action: string | null;
  /** ISO instants, `to` exclusive. */
  from: string | null;
  to: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  unitCode: string | null;
  unitName: string | null;
  criterionCode: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  source: string;
}

const WHERE = `h.campaign_id = @campaignId
  AND (@unitCode IS NULL OR h.unit_code = @unitCode)
  AND (@criterionCode IS NULL OR h.criterion_code = @criterionCode OR h.criterion_code LIKE @criterionCode || '.%')
  AND (@actor IS NULL OR h.actor = @actor)
  AND (@action IS NULL OR h.action = @action)
  AND (@from IS NULL OR h.at >= @from)
  AND (@to IS NULL OR h.at < @to)`;

const COLUMNS = `h.id, h.at, h.actor, h.action, h.unit_code AS unitCode, u.name AS unitName, h.criterion_code AS criterionCode,
  h.old_value AS oldValue, h.new_value AS newValue, h.reason, h.source
  FROM history h LEFT JOIN unit u ON u.campaign_id = h.campaign_id AND u.code = h.unit_code`;

export class AuditRepo {
  private readonly page;
  private readonly all;
  private readonly count;
  private readonly actors;
  private readonly actions;
  constructor(db: Db) {
    this.page = db.prepare<[AuditQuery & { limit: number; offset: number }], AuditRow>(`SELECT ${COLUMNS} WHERE ${WHERE} ORDER BY h.id DESC LIMIT @limit OFFSET @offset`);
    this.all = db.prepare<[AuditQuery], AuditRow>(`SELECT ${COLUMNS} WHERE ${WHERE} ORDER BY h.id`);
    this.count = db.prepare<[AuditQuery], { n: number }>(`SELECT count(*) AS n FROM history h WHERE ${WHERE}`);
    this.actors = db.prepare<[number], { actor: string }>('SELECT DISTINCT actor FROM history WHERE campaign_id = ? ORDER BY actor');
    this.actions = db.prepare<[number], { action: string }>('SELECT DISTINCT action FROM history WHERE campaign_id = ? ORDER BY action');
  }
  /** Newest first. */
  paged(q: AuditQuery, offset: number, limit: number): { total: number; rows: AuditRow[] } {
    return { total: this.count.get(q)?.n ?? 0, rows: this.page.all({ ...q, offset, limit }) };
  }
  /** Oldest first: an exported log reads in the order things happened. */
  everything(q: AuditQuery): AuditRow[] {
    return this.all.all(q);
  }
  actorsOf(campaignId: number): string[] {
    return this.actors.all(campaignId).map((r) => r.actor);
  }
  actionsOf(campaignId: number): string[] {
    return this.actions.all(campaignId).map((r) => r.action);
  }
}
