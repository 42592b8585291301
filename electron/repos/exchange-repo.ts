// SQL for exchange and consolidation: imported packages, decisions, conflicts, campaign settings.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.js';
import { BulkWrite } from './bulk.js';
import { checkPacked, PACK_SEPARATOR, unpackNumbers } from './rows.js';

/** What a package is: secretariat → member (campaign), member → secretariat, secretariat → unit, unit → secretariat. */
export type PackageKind = 'campaign' | 'member' | 'unit-campaign' | 'unit';

/** What a consolidation policy reads of a proposal. */
export interface PolicyProposal {
  unit_code: string;
  criterion_code: string;
  member_uid: string;
  points_milli: number | null;
  not_applicable: number;
}

export interface DecisionRecord {
  unitCode: string;
  criterionCode: string;
  pointsMilli: number | null;
  notApplicable: boolean;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface ConflictRecord {
  unitCode: string;
  criterionCode: string;
  memberUid: string;
  pointsMilli: number | null;
  notApplicable: boolean;
  reason: string;
  packageSha256: string;
  createdAt: string;
}

/** One row of a member's own history, as their package carried it (their account, not the secretariat's record). */
export interface MemberHistoryRecord {
  memberUid: string;
  packageSha256: string;
  at: string;
  action: string;
  unitCode: string | null;
  criterionCode: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
}

export interface CampaignSettings {
  policy: 'assigned' | 'mean' | 'median' | 'manual';
  divergenceMilli: number;
  selfGapMilli: number;
  issuerKey: string | null;
  issuerUid: string | null;
}

export class ExchangeRepo {
  private readonly pkg;
  private readonly pkgInsert;
  private readonly lastSeq;
  private readonly decisions;
  private readonly decision;
  private readonly decisionsInRound;
  private readonly decisionPut;
  private readonly conflicts;
  private readonly conflictPut;
  private readonly conflictClear;
  private readonly settings;
  private readonly settingsPut;
  private readonly issuerPut;
  private readonly proposalsAll;
  private readonly proposalImport;
  private readonly proposalImportAll;
  private readonly memberHistoryPutAll;
  private readonly proposalsPacked;
  private readonly proposalsOfCell;
  private readonly memberHistoryOfCell;
  private readonly importsOfAuthor;
  private readonly issuerKnownStmt;
  constructor(db: Db) {
    // A package brings thousands of rows: they are written a few hundred per statement (see bulk.ts).
    this.memberHistoryPutAll = new BulkWrite(
      db,
      'INSERT INTO member_history (campaign_id, member_uid, package_sha256, at, action, unit_code, criterion_code, old_value, new_value, reason)',
      '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.proposalImportAll = new BulkWrite(
      db,
      'INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, points_milli, not_applicable, reason, inputs, revision, updated_at)',
      '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      `ON CONFLICT (campaign_id, unit_code, criterion_code, member_uid, round) DO UPDATE SET points_milli = excluded.points_milli,
         not_applicable = excluded.not_applicable, reason = excluded.reason, inputs = excluded.inputs, revision = excluded.revision,
         updated_at = excluded.updated_at`,
    );
    this.memberHistoryOfCell = db.prepare<[number, string, string], MemberHistoryRecord>(
      `SELECT member_uid AS memberUid, package_sha256 AS packageSha256, at, action, unit_code AS unitCode, criterion_code AS criterionCode,
              old_value AS oldValue, new_value AS newValue, reason
       FROM member_history WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? ORDER BY id DESC LIMIT 200`,
    );
    this.issuerKnownStmt = db.prepare<[string], { id: number }>('SELECT id FROM campaign WHERE issuer_key = ? LIMIT 1');
    this.importsOfAuthor = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM package_import WHERE author_uid = ?');
    // One packed row per unit (see rows.ts), in the order the plain statement returns the rows.
    this.proposalsPacked = db
      .prepare<[number, number], [string, string, string, string, string]>(
        `SELECT unit_code, group_concat(criterion_code, char(31)), group_concat(member_uid, char(31)), group_concat(not_applicable, ''),
                group_concat(ifnull(points_milli, -1), ' ')
         FROM proposal WHERE campaign_id = ? AND round = ? GROUP BY unit_code`,
      )
      .raw(true);
    this.proposalsOfCell = db.prepare<[number, string, string, number], PolicyProposal>(
      `SELECT unit_code, criterion_code, member_uid, points_milli, not_applicable FROM proposal
       WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND round = ?`,
    );
    this.pkg = db.prepare<[string], { sha256: string }>('SELECT sha256 FROM package_import WHERE sha256 = ?');
    this.pkgInsert = db.prepare('INSERT INTO package_import (sha256, campaign_id, kind, author_uid, sequence, imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.lastSeq = db.prepare<[number, string, string], { s: number | null }>('SELECT max(sequence) AS s FROM package_import WHERE campaign_id = ? AND author_uid = ? AND kind = ?');
    const dcols = 'unit_code AS unitCode, criterion_code AS criterionCode, points_milli AS pointsMilli, not_applicable AS na, reason, decided_by AS decidedBy, decided_at AS decidedAt';
    // Decisions belong to a round: these statements see and write the campaign's current round only.
    const currentRound = '(SELECT round FROM campaign WHERE id = decision.campaign_id)';
    this.decisions = db.prepare<[number], Omit<DecisionRecord, 'notApplicable'> & { na: number }>(`SELECT ${dcols} FROM decision WHERE campaign_id = ? AND round = ${currentRound}`);
    this.decisionsInRound = db.prepare<[number, number], Omit<DecisionRecord, 'notApplicable'> & { na: number }>(`SELECT ${dcols} FROM decision WHERE campaign_id = ? AND round = ?`);
    this.decision = db.prepare<[number, string, string], Omit<DecisionRecord, 'notApplicable'> & { na: number }>(`SELECT ${dcols} FROM decision WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND round = ${currentRound}`);
    this.decisionPut = db.prepare(
      `INSERT INTO decision (campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, reason, decided_by, decided_at)
       VALUES (@campaignId, @unitCode, @criterionCode, (SELECT round FROM campaign WHERE id = @campaignId), @pointsMilli, @na, @reason, @decidedBy, @decidedAt)
       ON CONFLICT (campaign_id, unit_code, criterion_code, round) DO UPDATE SET points_milli = excluded.points_milli,
         not_applicable = excluded.not_applicable, reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
    );
    this.conflicts = db.prepare<[number], Omit<ConflictRecord, 'notApplicable'> & { na: number }>(
      `SELECT unit_code AS unitCode, criterion_code AS criterionCode, member_uid AS memberUid, points_milli AS pointsMilli, not_applicable AS na,
              reason, package_sha256 AS packageSha256, created_at AS createdAt FROM conflict WHERE campaign_id = ? ORDER BY unit_code, criterion_code`,
    );
    this.conflictPut = db.prepare(
      `INSERT INTO conflict (campaign_id, unit_code, criterion_code, member_uid, points_milli, not_applicable, reason, package_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (campaign_id, unit_code, criterion_code, member_uid) DO UPDATE SET points_milli = excluded.points_milli,
         not_applicable = excluded.not_applicable, reason = excluded.reason, package_sha256 = excluded.package_sha256, created_at = excluded.created_at`,
    );
    this.conflictClear = db.prepare('DELETE FROM conflict WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?');
    this.settings = db.prepare<[number], { policy: CampaignSettings['policy']; divergenceMilli: number; selfGapMilli: number; issuerKey: string | null; issuerUid: string | null }>(
      'SELECT policy, divergence_milli AS divergenceMilli, self_gap_milli AS selfGapMilli, issuer_key AS issuerKey, issuer_uid AS issuerUid FROM campaign WHERE id = ?',
    );
    this.settingsPut = db.prepare('UPDATE campaign SET policy = ?, divergence_milli = ?, self_gap_milli = ? WHERE id = ?');
    this.issuerPut = db.prepare('UPDATE campaign SET issuer_key = ?, issuer_uid = ? WHERE id = ?');
    this.proposalsAll = db.prepare<[number, number], { unit_code: string; criterion_code: string; member_uid: string; points_milli: number | null; not_applicable: number; reason: string; revision: number; updated_at: string }>(
      'SELECT unit_code, criterion_code, member_uid, points_milli, not_applicable, reason, revision, updated_at FROM proposal WHERE campaign_id = ? AND round = ?',
    );
    this.proposalImport = db.prepare(
      `INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, points_milli, not_applicable, reason, inputs, revision, updated_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @memberUid, @round, @pointsMilli, @na, @reason, @inputs, @revision, @updatedAt)
       ON CONFLICT (campaign_id, unit_code, criterion_code, member_uid, round) DO UPDATE SET points_milli = excluded.points_milli,
         not_applicable = excluded.not_applicable, reason = excluded.reason, inputs = excluded.inputs, revision = excluded.revision,
         updated_at = excluded.updated_at`,
    );
  }
  imported(sha: string): boolean {
    return this.pkg.get(sha) !== undefined;
  }
  lastSequence(campaignId: number, authorUid: string, kind: PackageKind): number {
    return this.lastSeq.get(campaignId, authorUid, kind)?.s ?? 0;
  }
  /** When a package was imported here, and by which sequence (undefined: never). */
  importOf(sha: string): { importedAt: string; sequence: number } | undefined {
    this.importOfStmt ??= this.pkg.database.prepare<[string], { importedAt: string; sequence: number }>('SELECT imported_at AS importedAt, sequence FROM package_import WHERE sha256 = ?');
    return this.importOfStmt.get(sha);
  }
  /** Per author of one kind in a campaign: the last package's import time, its sequence and how many came. */
  receivedBy(campaignId: number, kind: PackageKind): Map<string, { lastAt: string; sequence: number; count: number }> {
    this.receivedStmt ??= this.pkg.database.prepare<[number, string], { uid: string; lastAt: string; sequence: number; count: number }>(
      'SELECT author_uid AS uid, max(imported_at) AS lastAt, max(sequence) AS sequence, count(*) AS count FROM package_import WHERE campaign_id = ? AND kind = ? GROUP BY author_uid',
    );
    return new Map(this.receivedStmt.all(campaignId, kind).map(({ uid, ...x }) => [uid, x]));
  }
  private importOfStmt: Statement<[string], { importedAt: string; sequence: number }> | undefined;
  private receivedStmt: Statement<[number, string], { uid: string; lastAt: string; sequence: number; count: number }> | undefined;
  /** True when some campaign here already trusts this issuer key (its fingerprint was checked then). */
  issuerKnown(key: string): boolean {
    return this.issuerKnownStmt.get(key) !== undefined;
  }
  /** How many packages by this author were imported here (any campaign). */
  importsBy(authorUid: string): number {
    return this.importsOfAuthor.get(authorUid)?.n ?? 0;
  }
  /** A package's account, in its order, a few hundred rows per statement. */
  addMemberHistoryAll(campaignId: number, memberUid: string, packageSha256: string, rows: ReadonlyArray<Omit<MemberHistoryRecord, 'memberUid' | 'packageSha256'>>): void {
    const values: unknown[] = [];
    for (const h of rows) values.push(campaignId, memberUid, packageSha256, h.at, h.action, h.unitCode, h.criterionCode, h.oldValue, h.newValue, h.reason);
    this.memberHistoryPutAll.run(values);
  }
  /** The members' own accounts of one cell, newest first. */
  memberHistoryOf(campaignId: number, unitCode: string, criterionCode: string): MemberHistoryRecord[] {
    return this.memberHistoryOfCell.all(campaignId, unitCode, criterionCode);
  }
  recordImport(sha: string, campaignId: number, kind: PackageKind, authorUid: string, sequence: number, at: string, summary: string): void {
    this.pkgInsert.run(sha, campaignId, kind, authorUid, sequence, at, summary);
  }
  decisionsOf(campaignId: number): DecisionRecord[] {
    return this.decisions.all(campaignId).map(({ na, ...d }) => ({ ...d, notApplicable: na === 1 }));
  }
  /** The decisions of one round (the current round's are what decisionsOf returns). */
  decisionsOfRound(campaignId: number, round: number): DecisionRecord[] {
    return this.decisionsInRound.all(campaignId, round).map(({ na, ...d }) => ({ ...d, notApplicable: na === 1 }));
  }
  decisionOf(campaignId: number, unitCode: string, criterionCode: string): DecisionRecord | undefined {
    const d = this.decision.get(campaignId, unitCode, criterionCode);
    if (!d) return undefined;
    const { na, ...rest } = d;
    return { ...rest, notApplicable: na === 1 };
  }
  decide(campaignId: number, d: DecisionRecord): void {
    this.decisionPut.run({ campaignId, unitCode: d.unitCode, criterionCode: d.criterionCode, pointsMilli: d.pointsMilli, na: d.notApplicable ? 1 : 0, reason: d.reason, decidedBy: d.decidedBy, decidedAt: d.decidedAt });
  }
  conflictsOf(campaignId: number): ConflictRecord[] {
    return this.conflicts.all(campaignId).map(({ na, ...c }) => ({ ...c, notApplicable: na === 1 }));
  }
  addConflict(campaignId: number, c: ConflictRecord): void {
    this.conflictPut.run(campaignId, c.unitCode, c.criterionCode, c.memberUid, c.pointsMilli, c.notApplicable ? 1 : 0, c.reason, c.packageSha256, c.createdAt);
  }
  clearConflicts(campaignId: number, unitCode: string, criterionCode: string): void {
    this.conflictClear.run(campaignId, unitCode, criterionCode);
  }
  settingsOf(campaignId: number): CampaignSettings {
    return this.settings.get(campaignId) ?? { policy: 'assigned', divergenceMilli: 500, selfGapMilli: 1000, issuerKey: null, issuerUid: null };
  }
  setSettings(campaignId: number, s: Pick<CampaignSettings, 'policy' | 'divergenceMilli' | 'selfGapMilli'>): void {
    this.settingsPut.run(s.policy, s.divergenceMilli, s.selfGapMilli, campaignId);
  }
  pinIssuer(campaignId: number, key: string, uid: string): void {
    this.issuerPut.run(key, uid, campaignId);
  }
  proposals(campaignId: number, round: number) {
    return this.proposalsAll.all(campaignId, round);
  }
  /** The round's proposals with what a policy reads, read packed: a few rows instead of one per proposal. */
  policyProposals(campaignId: number, round: number): PolicyProposal[] {
    const out: PolicyProposal[] = [];
    const lists = new Map<string, string[]>();
    for (const [unit_code, codes, members, naFlags, points] of this.proposalsPacked.all(campaignId, round)) {
      let list = lists.get(codes);
      if (!list) lists.set(codes, (list = codes.split(PACK_SEPARATOR)));
      const uids = members.split(PACK_SEPARATOR);
      const values = unpackNumbers(points);
      checkPacked('proposal', list.length, uids.length, naFlags.length, values.length);
      for (let i = 0; i < list.length; i++) {
        out.push({ unit_code, criterion_code: list[i]!, member_uid: uids[i]!, points_milli: values[i]!, not_applicable: naFlags.charCodeAt(i) === 49 ? 1 : 0 });
      }
    }
    return out;
  }
  /** One cell's proposals of the round (primary-key lookup). */
  policyProposalsOfCell(campaignId: number, unitCode: string, criterionCode: string, round: number): PolicyProposal[] {
    return this.proposalsOfCell.all(campaignId, unitCode, criterionCode, round);
  }
  /** A package's proposals of one member, in their order, a few hundred per statement (a later row for a cell wins, as one call per row would). */
  putImportedProposals(campaignId: number, memberUid: string, rows: ReadonlyArray<{ unitCode: string; criterionCode: string; round: number; pointsMilli: number | null; notApplicable: boolean; reason: string; inputs: string; revision: number; updatedAt: string }>): void {
    const values: unknown[] = [];
    for (const p of rows) values.push(campaignId, p.unitCode, p.criterionCode, memberUid, p.round, p.pointsMilli, p.notApplicable ? 1 : 0, p.reason, p.inputs, p.revision, p.updatedAt);
    this.proposalImportAll.run(values);
  }
  putImportedProposal(p: { campaignId: number; unitCode: string; criterionCode: string; memberUid: string; round: number; pointsMilli: number | null; na: number; reason: string; inputs: string; revision: number; updatedAt: string }): void {
    this.proposalImport.run(p);
  }
}
