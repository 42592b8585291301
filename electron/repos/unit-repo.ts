// SQL for the unit's side: units' signing identities, the unit's self-assessment columns of a cell (its
// score, its not-applicable claim and why, the figures it declared, its explanation), and on a unit's
// machine the council's explanation requests addressed to it.
import type { Db } from '../db/database.js';

export interface UnitIdentityRecord {
  uid: string;
  unitCode: string;
  name: string;
  agency: string;
  publicKey: string;
  isSelf: boolean;
  registeredAt: string | null;
  createdAt: string;
}

interface IdentityRow {
  uid: string;
  unit_code: string;
  name: string;
  agency: string;
  public_key: string;
  is_self: number;
  registered_at: string | null;
  created_at: string;
}

const toIdentity = (r: IdentityRow): UnitIdentityRecord => ({
  uid: r.uid, unitCode: r.unit_code, name: r.name, agency: r.agency, publicKey: r.public_key, isSelf: r.is_self === 1, registeredAt: r.registered_at, createdAt: r.created_at,
});

export class UnitIdentityRepo {
  private readonly selfStmt;
  private readonly byUidStmt;
  private readonly byCodeStmt;
  private readonly listStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly removeStmt;

  constructor(db: Db) {
    this.selfStmt = db.prepare<[], IdentityRow>('SELECT * FROM unit_identity WHERE is_self = 1');
    this.byUidStmt = db.prepare<[string], IdentityRow>('SELECT * FROM unit_identity WHERE uid = ?');
    this.byCodeStmt = db.prepare<[string], IdentityRow>('SELECT * FROM unit_identity WHERE unit_code = ? AND is_self = 0');
    this.listStmt = db.prepare<[], IdentityRow>('SELECT * FROM unit_identity WHERE is_self = 0 ORDER BY unit_code');
    this.insertStmt = db.prepare(
      'INSERT INTO unit_identity (uid, unit_code, name, agency, public_key, is_self, registered_at, created_at) VALUES (@uid, @unitCode, @name, @agency, @publicKey, @isSelf, @registeredAt, @createdAt)',
    );
    this.removeStmt = db.prepare('DELETE FROM unit_identity WHERE uid = ?');
    this.updateStmt = db.prepare('UPDATE unit_identity SET unit_code = @unitCode, name = @name, agency = @agency, public_key = @publicKey, registered_at = @registeredAt WHERE uid = @uid');
  }

  /** This machine's own unit profile (a unit's machine), if any. */
  self(): UnitIdentityRecord | undefined {
    const r = this.selfStmt.get();
    return r ? toIdentity(r) : undefined;
  }
  get(uid: string): UnitIdentityRecord | undefined {
    const r = this.byUidStmt.get(uid);
    return r ? toIdentity(r) : undefined;
  }
  /** The unit registered on this machine under a code. */
  byCode(unitCode: string): UnitIdentityRecord | undefined {
    const r = this.byCodeStmt.get(unitCode);
    return r ? toIdentity(r) : undefined;
  }
  /** The registered units (never this machine's own profile). */
  list(): UnitIdentityRecord[] {
    return this.listStmt.all().map(toIdentity);
  }
  insert(r: UnitIdentityRecord): void {
    this.insertStmt.run({ ...r, isSelf: r.isSelf ? 1 : 0 });
  }
  remove(uid: string): void {
    this.removeStmt.run(uid);
  }
  update(r: Pick<UnitIdentityRecord, 'uid' | 'unitCode' | 'name' | 'agency' | 'publicKey' | 'registeredAt'>): void {
    this.updateStmt.run(r);
  }
}

/** The unit's own side of one cell. */
export interface SelfCell {
  unitCode: string;
  criterionCode: string;
  selfMilli: number | null;
  selfNotApplicable: boolean;
  /** Why the unit claims not applicable (or a note on its score). */
  selfReason: string;
  /** The rule input the self-score came from (JSON of a RuleInput), '' when typed as points. */
  selfInputs: string;
  /** The unit's explanation where evidence is missing. */
  explanation: string;
  /** Changes made on the unit's machine (0: never touched there). */
  selfRevision: number;
}

interface SelfRow {
  unit_code: string;
  criterion_code: string;
  self_milli: number | null;
  self_not_applicable: number;
  self_reason: string;
  self_inputs: string;
  explanation: string;
  self_revision: number;
}

const toSelf = (r: SelfRow): SelfCell => ({
  unitCode: r.unit_code, criterionCode: r.criterion_code, selfMilli: r.self_milli, selfNotApplicable: r.self_not_applicable === 1,
  selfReason: r.self_reason, selfInputs: r.self_inputs, explanation: r.explanation, selfRevision: r.self_revision,
});

export interface UnitRequestRecord {
  requestId: number;
  criterionCode: string;
  text: string;
  askedBy: string;
  askedAt: string;
  answer: string;
  answeredAt: string | null;
}

interface RequestRow {
  request_id: number;
  criterion_code: string;
  text: string;
  asked_by: string;
  asked_at: string;
  answer: string;
  answered_at: string | null;
}

const toRequest = (r: RequestRow): UnitRequestRecord => ({
  requestId: r.request_id, criterionCode: r.criterion_code, text: r.text, askedBy: r.asked_by, askedAt: r.asked_at, answer: r.answer, answeredAt: r.answered_at,
});

const SELF_COLS = 'unit_code, criterion_code, self_milli, self_not_applicable, self_reason, self_inputs, explanation, self_revision';

export class SelfAssessmentRepo {
  private readonly ofUnitStmt;
  private readonly cellStmt;
  private readonly putStmt;
  private readonly requestsStmt;
  private readonly requestStmt;
  private readonly putRequestStmt;
  private readonly answerStmt;
  private readonly dropRequestsStmt;

  constructor(db: Db) {
    this.ofUnitStmt = db.prepare<[number, string], SelfRow>(`SELECT ${SELF_COLS} FROM score WHERE campaign_id = ? AND unit_code = ?`);
    this.cellStmt = db.prepare<[number, string, string], SelfRow>(`SELECT ${SELF_COLS} FROM score WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?`);
    // Only the unit's columns: the final points and the council's not-applicable mark are never written here.
    this.putStmt = db.prepare(
      `INSERT INTO score (campaign_id, unit_code, criterion_code, self_milli, self_not_applicable, self_reason, self_inputs, explanation, self_revision, updated_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @selfMilli, @selfNotApplicable, @selfReason, @selfInputs, @explanation, @selfRevision, @at)
       ON CONFLICT (campaign_id, unit_code, criterion_code) DO UPDATE SET self_milli = excluded.self_milli, self_not_applicable = excluded.self_not_applicable,
         self_reason = excluded.self_reason, self_inputs = excluded.self_inputs, explanation = excluded.explanation, self_revision = excluded.self_revision,
         revision = revision + 1, updated_at = excluded.updated_at`,
    );
    this.requestsStmt = db.prepare<[number], RequestRow>('SELECT * FROM unit_request WHERE campaign_id = ? ORDER BY request_id');
    this.requestStmt = db.prepare<[number, number], RequestRow>('SELECT * FROM unit_request WHERE campaign_id = ? AND request_id = ?');
    this.putRequestStmt = db.prepare(
      `INSERT INTO unit_request (campaign_id, request_id, criterion_code, text, asked_by, asked_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (campaign_id, request_id) DO UPDATE SET criterion_code = excluded.criterion_code, text = excluded.text, asked_by = excluded.asked_by`,
    );
    this.answerStmt = db.prepare('UPDATE unit_request SET answer = ?, answered_at = ? WHERE campaign_id = ? AND request_id = ?');
    this.dropRequestsStmt = db.prepare('DELETE FROM unit_request WHERE campaign_id = ? AND request_id NOT IN (SELECT value FROM json_each(?))');
  }

  ofUnit(campaignId: number, unitCode: string): SelfCell[] {
    return this.ofUnitStmt.all(campaignId, unitCode).map(toSelf);
  }
  cell(campaignId: number, unitCode: string, criterionCode: string): SelfCell | undefined {
    const r = this.cellStmt.get(campaignId, unitCode, criterionCode);
    return r ? toSelf(r) : undefined;
  }
  put(campaignId: number, c: SelfCell, at: string): void {
    this.putStmt.run({ campaignId, ...c, selfNotApplicable: c.selfNotApplicable ? 1 : 0, at });
  }
  requests(campaignId: number): UnitRequestRecord[] {
    return this.requestsStmt.all(campaignId).map(toRequest);
  }
  request(campaignId: number, requestId: number): UnitRequestRecord | undefined {
    const r = this.requestStmt.get(campaignId, requestId);
    return r ? toRequest(r) : undefined;
  }
  /** A unit package's requests: added or reworded; the unit's answers kept; requests no longer sent (withdrawn) go. */
  putRequests(campaignId: number, requests: ReadonlyArray<Omit<UnitRequestRecord, 'answer' | 'answeredAt'>>): void {
    for (const q of requests) this.putRequestStmt.run(campaignId, q.requestId, q.criterionCode, q.text, q.askedBy, q.askedAt);
    this.dropRequestsStmt.run(campaignId, JSON.stringify(requests.map((q) => q.requestId)));
  }
  answer(campaignId: number, requestId: number, answer: string, at: string | null): void {
    this.answerStmt.run(answer, at, campaignId, requestId);
  }
}
