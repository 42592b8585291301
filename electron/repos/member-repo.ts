// SQL for the member workspace: members, assignments, recusals, proposals, explanation requests.
import type { Db } from '../db/database.js';

export interface MemberRecord {
  uid: string;
  name: string;
  agency: string;
  role: string;
  kind: 'member' | 'secretariat';
  isSelf: boolean;
  publicKey: string | null;
  createdAt: string;
}

interface MemberRow {
  uid: string;
  name: string;
  agency: string;
  role: string;
  kind: string;
  is_self: number;
  public_key: string | null;
  created_at: string;
}

const toMember = (r: MemberRow): MemberRecord => ({
  uid: r.uid,
  name: r.name,
  agency: r.agency,
  role: r.role,
  kind: r.kind === 'secretariat' ? 'secretariat' : 'member',
  isSelf: r.is_self === 1,
  publicKey: r.public_key,
  createdAt: r.created_at,
});

export interface ProposalRecord {
  unitCode: string;
  criterionCode: string;
  memberUid: string;
  round: number;
  pointsMilli: number | null;
  notApplicable: boolean;
  reason: string;
  inputs: string;
  revision: number;
  updatedAt: string;
}

interface ProposalRow {
  unit_code: string;
  criterion_code: string;
  member_uid: string;
  round: number;
  points_milli: number | null;
  not_applicable: number;
  reason: string;
  inputs: string;
  revision: number;
  updated_at: string;
}

const toProposal = (r: ProposalRow): ProposalRecord => ({
  unitCode: r.unit_code,
  criterionCode: r.criterion_code,
  memberUid: r.member_uid,
  round: r.round,
  pointsMilli: r.points_milli,
  notApplicable: r.not_applicable === 1,
  reason: r.reason,
  inputs: r.inputs,
  revision: r.revision,
  updatedAt: r.updated_at,
});

export interface ExplanationRecord {
  id: number;
  unitCode: string;
  criterionCode: string;
  memberUid: string;
  text: string;
  status: 'open' | 'answered' | 'withdrawn';
  answer: string;
  createdAt: string;
  answeredAt: string | null;
}

export class MemberRepo {
  private readonly all;
  private readonly one;
  private readonly selfStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly clearSelf;
  private readonly keyStmt;
  private readonly areas;
  private readonly units;
  private readonly deleteAreas;
  private readonly deleteUnits;
  private readonly insertArea;
  private readonly insertUnit;
  private readonly recusals;
  private readonly insertRecusal;
  private readonly deleteRecusal;
  private readonly registrationPut;
  private readonly registrationOne;
  private readonly registrationAny;
  private readonly deleteStmt;
  private readonly metaDelete;
  private readonly scopeStmt;
  /**
   * This machine's profile as last read outside a transaction, kept until the current synchronous run
   * ends (one request: the door's role check, the service, the sheet it returns). Undefined: not read;
   * null: no profile. Every write here forgets it; a read inside a transaction is not kept, so a rollback
   * cannot leave an uncommitted profile behind.
   */
  private selfMemo: { member: MemberRecord | null; unitName: string | null } | undefined = undefined;
  constructor(private readonly db: Db) {
    // What a member may score in a campaign, in one read: assigned areas ('a'), units ('u'), recusals ('r').
    this.scopeStmt = db.prepare<[number, string, number, string, number, string], [string, string, string]>(
      `SELECT 'a', set_code || ':' || area_code, '' FROM assignment WHERE campaign_id = ? AND member_uid = ?
       UNION ALL SELECT 'u', unit_code, '' FROM assignment_unit WHERE campaign_id = ? AND member_uid = ?
       UNION ALL SELECT 'r', unit_code, reason FROM recusal WHERE campaign_id = ? AND member_uid = ?`,
    ).raw(true);
    this.registrationPut = db.prepare('INSERT INTO member_registration (uid, registered_at) VALUES (?, ?) ON CONFLICT (uid) DO UPDATE SET registered_at = excluded.registered_at');
    this.registrationOne = db.prepare<[string], { uid: string }>('SELECT uid FROM member_registration WHERE uid = ?');
    this.registrationAny = db.prepare<[], { uid: string }>('SELECT uid FROM member_registration LIMIT 1');
    this.deleteStmt = db.prepare('DELETE FROM member WHERE uid = ? AND is_self = 0');
    this.metaDelete = db.prepare('DELETE FROM app_meta WHERE key = ?');
    this.all = db.prepare<[], MemberRow>('SELECT * FROM member ORDER BY is_self DESC, name');
    this.one = db.prepare<[string], MemberRow>('SELECT * FROM member WHERE uid = ?');
    // This machine's own profile, and (one statement, as every call asks for both) a unit profile's name.
    this.selfStmt = db.prepare<[], Partial<MemberRow> & { unit_self: string | null }>(
      'SELECT m.*, (SELECT name FROM unit_identity WHERE is_self = 1) AS unit_self FROM (SELECT 1) LEFT JOIN member m ON m.is_self = 1',
    );
    this.insertStmt = db.prepare(
      'INSERT INTO member (uid, name, agency, role, kind, is_self, public_key, created_at) VALUES (@uid, @name, @agency, @role, @kind, @isSelf, @publicKey, @createdAt)',
    );
    this.updateStmt = db.prepare('UPDATE member SET name = @name, agency = @agency, role = @role, kind = @kind WHERE uid = @uid');
    this.clearSelf = db.prepare('UPDATE member SET is_self = 0 WHERE is_self = 1');
    this.keyStmt = db.prepare('UPDATE member SET public_key = ? WHERE uid = ?');
    this.areas = db.prepare<[number, string], { area_code: string }>(
      `SELECT a.set_code || ':' || a.area_code AS area_code FROM assignment a
       LEFT JOIN criteria_set s ON s.campaign_id = a.campaign_id AND s.code = a.set_code
       WHERE a.campaign_id = ? AND a.member_uid = ? ORDER BY s.position, a.area_code`,
    );
    this.units = db.prepare<[number, string], { unit_code: string }>('SELECT unit_code FROM assignment_unit WHERE campaign_id = ? AND member_uid = ? ORDER BY unit_code');
    this.deleteAreas = db.prepare('DELETE FROM assignment WHERE campaign_id = ? AND member_uid = ?');
    this.deleteUnits = db.prepare('DELETE FROM assignment_unit WHERE campaign_id = ? AND member_uid = ?');
    this.insertArea = db.prepare('INSERT INTO assignment (campaign_id, member_uid, set_code, area_code) VALUES (?, ?, ?, ?)');
    this.insertUnit = db.prepare('INSERT INTO assignment_unit (campaign_id, member_uid, unit_code) VALUES (?, ?, ?)');
    this.recusals = db.prepare<[number, string], { unit_code: string; reason: string; created_at: string }>(
      'SELECT unit_code, reason, created_at FROM recusal WHERE campaign_id = ? AND member_uid = ? ORDER BY unit_code',
    );
    this.insertRecusal = db.prepare(
      'INSERT INTO recusal (campaign_id, member_uid, unit_code, reason, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.deleteRecusal = db.prepare('DELETE FROM recusal WHERE campaign_id = ? AND member_uid = ? AND unit_code = ?');
  }
  list(): MemberRecord[] {
    return this.all.all().map(toMember);
  }
  get(uid: string): MemberRecord | undefined {
    const r = this.one.get(uid);
    return r ? toMember(r) : undefined;
  }
  self(): MemberRecord | undefined {
    return this.selves().member ?? undefined;
  }
  /** After this machine's unit profile is made (UnitIdentityRepo), the profiles are read afresh. */
  forgetSelf(): void {
    this.selfMemo = undefined;
  }
  /** The name of this machine's unit profile (a unit's machine), null elsewhere: read with `self()`. */
  unitSelfName(): string | null {
    return this.selves().unitName;
  }
  private selves(): { member: MemberRecord | null; unitName: string | null } {
    if (this.selfMemo !== undefined) return this.selfMemo;
    const r = this.selfStmt.get()!;
    const found = { member: r.uid ? Object.freeze(toMember(r as MemberRow)) : null, unitName: r.unit_self };
    if (!this.db.inTransaction) {
      this.selfMemo = found;
      queueMicrotask(() => (this.selfMemo = undefined));
    }
    return found;
  }
  insert(m: MemberRecord): void {
    this.selfMemo = undefined;
    if (m.isSelf) this.clearSelf.run();
    this.insertStmt.run({ ...m, isSelf: m.isSelf ? 1 : 0 });
  }
  update(m: Pick<MemberRecord, 'uid' | 'name' | 'agency' | 'role' | 'kind'>): void {
    this.selfMemo = undefined;
    this.updateStmt.run(m);
  }
  setPublicKey(uid: string, publicKeyPem: string): void {
    this.selfMemo = undefined;
    this.keyStmt.run(publicKeyPem, uid);
  }
  /** A person registered this member's key here (from their .pub); campaign packages never touch it. */
  markRegistered(uid: string, at: string): void {
    this.registrationPut.run(uid, at);
  }
  isRegistered(uid: string): boolean {
    return this.registrationOne.get(uid) !== undefined;
  }
  /** True on a secretariat's machine: someone registered members here. */
  anyRegistered(): boolean {
    return this.registrationAny.get() !== undefined;
  }
  /** Removes a member who is not this machine's profile (assignments, recusals, registration cascade). */
  remove(uid: string, metaKeys: readonly string[] = []): void {
    this.selfMemo = undefined;
    this.deleteStmt.run(uid);
    for (const k of metaKeys) this.metaDelete.run(k);
  }
  /** Areas are qualified "SET:area" here (see `shared/criteria-sets.ts` for how people write and see them). */
  assignment(campaignId: number, uid: string): { areas: string[]; units: string[] } {
    return { areas: this.areas.all(campaignId, uid).map((r) => r.area_code), units: this.units.all(campaignId, uid).map((r) => r.unit_code) };
  }
  setAssignment(campaignId: number, uid: string, areas: readonly string[], units: readonly string[]): void {
    this.deleteAreas.run(campaignId, uid);
    this.deleteUnits.run(campaignId, uid);
    for (const a of areas) {
      const at = a.indexOf(':');
      this.insertArea.run(campaignId, uid, a.slice(0, at), a.slice(at + 1));
    }
    for (const u of units) this.insertUnit.run(campaignId, uid, u);
  }
  /** The member's assigned areas and units and their recusals (unit → reason), in one read. */
  scopeOf(campaignId: number, uid: string): { areas: string[]; units: string[]; recusals: Map<string, string> } {
    const areas: string[] = [];
    const units: string[] = [];
    const recusals = new Map<string, string>();
    for (const [kind, code, reason] of this.scopeStmt.all(campaignId, uid, campaignId, uid, campaignId, uid)) {
      if (kind === 'a') areas.push(code);
      else if (kind === 'u') units.push(code);
      else recusals.set(code, reason);
    }
    return { areas, units, recusals };
  }
  recusalsOf(campaignId: number, uid: string): Array<{ unitCode: string; reason: string; createdAt: string }> {
    return this.recusals.all(campaignId, uid).map((r) => ({ unitCode: r.unit_code, reason: r.reason, createdAt: r.created_at }));
  }
  recuse(campaignId: number, uid: string, unitCode: string, reason: string, at: string): void {
    this.insertRecusal.run(campaignId, uid, unitCode, reason, at);
  }
  unrecuse(campaignId: number, uid: string, unitCode: string): void {
    this.deleteRecusal.run(campaignId, uid, unitCode);
  }
}

export class ProposalRepo {
  private readonly byUnit;
  private readonly byMember;
  private readonly cell;
  private readonly upsertPoints;
  private readonly upsertReason;
  private readonly upsertNa;
  constructor(db: Db) {
    const cols = 'unit_code, criterion_code, member_uid, round, points_milli, not_applicable, reason, inputs, revision, updated_at';
    // As ScoreRepo.listByUnit: one unit's rows as one JSON text, for the grid's round trip.
    this.byUnit = db.prepare<[number, string, string, number], string>(
      `SELECT json_group_array(json_array(criterion_code, points_milli, not_applicable, reason, inputs, revision, updated_at))
       FROM proposal WHERE campaign_id = ? AND unit_code = ? AND member_uid = ? AND round = ?`,
    ).pluck(true);
    this.byMember = db.prepare<[number, string, number], ProposalRow>(
      `SELECT ${cols} FROM proposal WHERE campaign_id = ? AND member_uid = ? AND round = ?`,
    );
    this.cell = db.prepare<[number, string, string, string, number], ProposalRow>(
      `SELECT ${cols} FROM proposal WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND member_uid = ? AND round = ?`,
    );
    const conflict = 'ON CONFLICT (campaign_id, unit_code, criterion_code, member_uid, round) DO UPDATE SET';
    this.upsertPoints = db.prepare(
      `INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, points_milli, inputs, reason, updated_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @memberUid, @round, @pointsMilli, @inputs, @reason, @at)
       ${conflict} points_milli = excluded.points_milli, inputs = excluded.inputs, reason = excluded.reason,
         revision = revision + 1, updated_at = excluded.updated_at`,
    );
    this.upsertReason = db.prepare(
      `INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, reason, updated_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @memberUid, @round, @reason, @at)
       ${conflict} reason = excluded.reason, revision = revision + 1, updated_at = excluded.updated_at`,
    );
    this.upsertNa = db.prepare(
      `INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, not_applicable, updated_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @memberUid, @round, @notApplicable, @at)
       ${conflict} not_applicable = excluded.not_applicable, revision = revision + 1, updated_at = excluded.updated_at`,
    );
  }
  forUnit(campaignId: number, unitCode: string, memberUid: string, round: number): ProposalRecord[] {
    const rows = JSON.parse(this.byUnit.get(campaignId, unitCode, memberUid, round) ?? '[]') as Array<[string, number | null, number, string, string, number, string]>;
    return rows.map(([criterionCode, pointsMilli, na, reason, inputs, revision, updatedAt]) => ({
      unitCode, criterionCode, memberUid, round, pointsMilli, notApplicable: na === 1, reason, inputs, revision, updatedAt,
    }));
  }
  forMember(campaignId: number, memberUid: string, round: number): ProposalRecord[] {
    return this.byMember.all(campaignId, memberUid, round).map(toProposal);
  }
  get(campaignId: number, unitCode: string, criterionCode: string, memberUid: string, round: number): ProposalRecord | undefined {
    const r = this.cell.get(campaignId, unitCode, criterionCode, memberUid, round);
    return r ? toProposal(r) : undefined;
  }
  setPoints(p: { campaignId: number; unitCode: string; criterionCode: string; memberUid: string; round: number; pointsMilli: number | null; inputs: string; reason: string; at: string }): void {
    this.upsertPoints.run(p);
  }
  setReason(p: { campaignId: number; unitCode: string; criterionCode: string; memberUid: string; round: number; reason: string; at: string }): void {
    this.upsertReason.run(p);
  }
  setNotApplicable(p: { campaignId: number; unitCode: string; criterionCode: string; memberUid: string; round: number; notApplicable: boolean; at: string }): void {
    this.upsertNa.run({ ...p, notApplicable: p.notApplicable ? 1 : 0 });
  }
}

export class ExplanationRepo {
  private readonly byUnit;
  private readonly one;
  private readonly insertStmt;
  private readonly setStatusStmt;
  private readonly importStmt;
  private readonly byCampaign;
  private readonly answered;
  private readonly byOriginStmt;
  private readonly memberUpdate;
  constructor(db: Db) {
    this.byOriginStmt = db.prepare<[number, string, string], { id: number; text: string; status: ExplanationRecord['status'] }>(
      'SELECT id, text, status FROM explanation_request WHERE campaign_id = ? AND member_uid = ? AND origin = ?',
    );
    this.memberUpdate = db.prepare("UPDATE explanation_request SET text = ?, status = ? WHERE id = ? AND status <> 'answered'");
    // A unit's answer recorded by the secretariat survives a later member package that still says "open".
    const keepAnswer = "explanation_request.status = 'answered' AND excluded.status = 'open'";
    this.importStmt = db.prepare(
      `INSERT INTO explanation_request (campaign_id, unit_code, criterion_code, member_uid, text, status, answer, created_at, answered_at, origin)
       VALUES (@campaignId, @unitCode, @criterionCode, @memberUid, @text, @status, @answer, @createdAt, @answeredAt, @origin)
       ON CONFLICT (campaign_id, member_uid, origin) WHERE origin IS NOT NULL DO UPDATE SET text = excluded.text,
         status = CASE WHEN ${keepAnswer} THEN explanation_request.status ELSE excluded.status END,
         answer = CASE WHEN ${keepAnswer} THEN explanation_request.answer ELSE excluded.answer END,
         answered_at = CASE WHEN ${keepAnswer} THEN explanation_request.answered_at ELSE excluded.answered_at END`,
    );
    const cols = 'id, unit_code AS unitCode, criterion_code AS criterionCode, member_uid AS memberUid, text, status, answer, created_at AS createdAt, answered_at AS answeredAt';
    this.byUnit = db.prepare<[number, string], ExplanationRecord>(`SELECT ${cols} FROM explanation_request WHERE campaign_id = ? AND unit_code = ? ORDER BY id`);
    this.one = db.prepare<[number, number], ExplanationRecord & { campaignId: number }>(
      `SELECT ${cols}, campaign_id AS campaignId FROM explanation_request WHERE campaign_id = ? AND id = ?`,
    );
    this.insertStmt = db.prepare(
      'INSERT INTO explanation_request (campaign_id, unit_code, criterion_code, member_uid, text, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byCampaign = db.prepare<[number], ExplanationRecord>(`SELECT ${cols} FROM explanation_request WHERE campaign_id = ? ORDER BY unit_code, id`);
    this.answered = db.prepare<[number], { memberUid: string; origin: string; answer: string; answeredAt: string | null }>(
      `SELECT member_uid AS memberUid, origin, answer, answered_at AS answeredAt FROM explanation_request
       WHERE campaign_id = ? AND origin IS NOT NULL AND status = 'answered' ORDER BY id`,
    );
    this.setStatusStmt = db.prepare('UPDATE explanation_request SET status = ?, answer = ?, answered_at = ? WHERE campaign_id = ? AND id = ?');
  }
  forUnit(campaignId: number, unitCode: string): ExplanationRecord[] {
    return this.byUnit.all(campaignId, unitCode);
  }
  forCampaign(campaignId: number): ExplanationRecord[] {
    return this.byCampaign.all(campaignId);
  }
  /** Answered requests that came from a member's machine (keyed there by origin): sent back in the campaign package. */
  answeredWithOrigin(campaignId: number): Array<{ memberUid: string; origin: string; answer: string; answeredAt: string | null }> {
    return this.answered.all(campaignId);
  }
  get(campaignId: number, id: number): ExplanationRecord | undefined {
    return this.one.get(campaignId, id);
  }
  insert(campaignId: number, unitCode: string, criterionCode: string, memberUid: string, text: string, at: string): number {
    return Number(this.insertStmt.run(campaignId, unitCode, criterionCode, memberUid, text, at).lastInsertRowid);
  }
  /** A request carried by a member package: keyed by the member's own id, so re-imports update it. */
  putImported(campaignId: number, q: { origin: string; unitCode: string; criterionCode: string; memberUid: string; text: string; status: ExplanationRecord['status']; answer: string; createdAt: string; answeredAt: string | null }): void {
    this.importStmt.run({ campaignId, ...q });
  }
  /** A request a member package carries, found by the member's own id for it. */
  byOrigin(campaignId: number, memberUid: string, origin: string): { id: number; text: string; status: ExplanationRecord['status'] } | undefined {
    return this.byOriginStmt.get(campaignId, memberUid, origin);
  }
  /** What a member may change of their own request: its text and open/withdrawn, never an answered one. */
  updateFromMember(id: number, text: string, status: 'open' | 'withdrawn'): void {
    this.memberUpdate.run(text, status, id);
  }
  setStatus(campaignId: number, id: number, status: ExplanationRecord['status'], answer: string, at: string | null): void {
    this.setStatusStmt.run(status, answer, at, campaignId, id);
  }
}
