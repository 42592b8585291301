// SQL for appraisal rounds: the campaign's current round and the snapshot of each closed round's finals.
import type { Db } from '../db/database.js';

export interface RoundResultRecord {
  unitCode: string;
  criterionCode: string;
  pointsMilli: number | null;
  notApplicable: boolean;
  decided: boolean;
}

export interface RoundState {
  round: 1 | 2;
  openedAt: string | null;
  reason: string;
}

export class RoundRepo {
  private readonly state;
  private readonly setState;
  private readonly results;
  private readonly unitResults;
  private readonly clear;
  private readonly snapshotStmt;
  private readonly putResult;
  private readonly counts;
  constructor(db: Db) {
    this.state = db.prepare<[number], { round: number; openedAt: string | null; reason: string }>(
      'SELECT round, round_opened_at AS openedAt, round_reason AS reason FROM campaign WHERE id = ?',
    );
    this.setState = db.prepare('UPDATE campaign SET round = ?, round_opened_at = ?, round_reason = ? WHERE id = ?');
    this.results = db.prepare<[number, number], { unitCode: string; criterionCode: string; pointsMilli: number | null; na: number; decided: number }>(
      `SELECT unit_code AS unitCode, criterion_code AS criterionCode, points_milli AS pointsMilli, not_applicable AS na, decided
       FROM round_result WHERE campaign_id = ? AND round = ?`,
    );
    this.unitResults = db.prepare<[number, number, string], { unitCode: string; criterionCode: string; pointsMilli: number | null; na: number; decided: number }>(
      `SELECT unit_code AS unitCode, criterion_code AS criterionCode, points_milli AS pointsMilli, not_applicable AS na, decided
       FROM round_result WHERE campaign_id = ? AND round = ? AND unit_code = ?`,
    );
    this.clear = db.prepare('DELETE FROM round_result WHERE campaign_id = ? AND round = ?');
    // Every final that says something (points or a not-applicable mark), with whether a decision set it.
    this.snapshotStmt = db.prepare(
      `INSERT INTO round_result (campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, decided, snapshot_at)
       SELECT s.campaign_id, s.unit_code, s.criterion_code, @round, s.points_milli, s.not_applicable,
              EXISTS (SELECT 1 FROM decision d WHERE d.campaign_id = s.campaign_id AND d.unit_code = s.unit_code
                      AND d.criterion_code = s.criterion_code AND d.round = @round),
              @at
       FROM score s WHERE s.campaign_id = @campaignId AND (s.points_milli IS NOT NULL OR s.not_applicable = 1)`,
    );
    this.putResult = db.prepare(
      `INSERT INTO round_result (campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, decided, snapshot_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @round, @pointsMilli, @na, @decided, @at)
       ON CONFLICT (campaign_id, unit_code, criterion_code, round) DO UPDATE SET points_milli = excluded.points_milli,
         not_applicable = excluded.not_applicable, decided = excluded.decided, snapshot_at = excluded.snapshot_at`,
    );
    this.counts = db.prepare<[{ campaignId: number; round: number }], { proposals: number; members: number; decisions: number }>(
      `SELECT (SELECT count(*) FROM proposal WHERE campaign_id = @campaignId AND round = @round AND (points_milli IS NOT NULL OR not_applicable = 1)) AS proposals,
              (SELECT count(DISTINCT member_uid) FROM proposal WHERE campaign_id = @campaignId AND round = @round) AS members,
              (SELECT count(*) FROM decision WHERE campaign_id = @campaignId AND round = @round) AS decisions`,
    );
  }
  stateOf(campaignId: number): RoundState {
    const r = this.state.get(campaignId);
    return { round: r?.round === 2 ? 2 : 1, openedAt: r?.openedAt ?? null, reason: r?.reason ?? '' };
  }
  setRound(campaignId: number, round: 1 | 2, openedAt: string | null, reason: string): void {
    this.setState.run(round, openedAt, reason, campaignId);
  }
  /** Replaces a round's snapshot with the current final scores; returns how many cells it holds. */
  snapshot(campaignId: number, round: number, at: string): number {
    this.clear.run(campaignId, round);
    return this.snapshotStmt.run({ campaignId, round, at }).changes;
  }
  resultsOf(campaignId: number, round: number): RoundResultRecord[] {
    return this.results.all(campaignId, round).map((r) => ({ unitCode: r.unitCode, criterionCode: r.criterionCode, pointsMilli: r.pointsMilli, notApplicable: r.na === 1, decided: r.decided === 1 }));
  }
  /** One unit's results of a closed round (a member's sheet in round 2). */
  resultsOfUnit(campaignId: number, round: number, unitCode: string): RoundResultRecord[] {
    return this.unitResults.all(campaignId, round, unitCode).map((r) => ({ unitCode: r.unitCode, criterionCode: r.criterionCode, pointsMilli: r.pointsMilli, notApplicable: r.na === 1, decided: r.decided === 1 }));
  }
  /** On a member's machine: the round-1 results the campaign package carries, replacing what was there. */
  replaceResults(campaignId: number, round: number, rows: readonly Omit<RoundResultRecord, 'decided'>[], at: string): void {
    this.clear.run(campaignId, round);
    for (const r of rows) this.putResult.run({ campaignId, unitCode: r.unitCode, criterionCode: r.criterionCode, round, pointsMilli: r.pointsMilli, na: r.notApplicable ? 1 : 0, decided: 0, at });
  }
  countsOf(campaignId: number, round: number): { proposals: number; members: number; decisions: number } {
    return this.counts.get({ campaignId, round }) ?? { proposals: 0, members: 0, decisions: 0 };
  }
}
