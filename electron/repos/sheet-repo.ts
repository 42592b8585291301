// What a member's sheet of one unit shows, read in one statement: the finals, the member's proposals (and in
// round 2 their round-1 ones and round 1's results), the explanation requests with their authors' names and
// the evidence count per criterion. Each part is a JSON text, so six reads cross into JavaScript as one row.
import type { Db } from '../db/database.js';
import type { ScoreEntry } from '../../shared/domain.js';
import type { ProposalRecord, ExplanationRecord } from './member-repo.js';

/** A proposal as a sheet shows it (no revision or time: the package carries those). */
export type SheetProposal = Pick<ProposalRecord, 'criterionCode' | 'round' | 'pointsMilli' | 'notApplicable' | 'reason' | 'inputs'>;
import { SCORE_JSON_ROW, scoreEntriesOf } from './rows.js';

export interface MemberUnitRows {
  scores: ScoreEntry[];
  /** The member's proposals of the round asked for. */
  proposals: SheetProposal[];
  /** Round 2: the member's round-1 proposals and round 1's results (empty in round 1). */
  round1Proposals: SheetProposal[];
  round1Results: Array<{ criterionCode: string; pointsMilli: number | null; notApplicable: boolean }>;
  /** By id, each with its author's name (the uid when the member is unknown here). */
  requests: Array<ExplanationRecord & { memberName: string }>;
  evidence: Map<string, number>;
}

type ProposalJson = [string, number, number | null, number, string, string];
type RequestJson = [number, string, string, string, string, ExplanationRecord['status'], string, string, string | null];

export class SheetRepo {
  private readonly memberUnitStmt;
  constructor(db: Db) {
    this.memberUnitStmt = db
      .prepare<{ c: number; u: string; m: string; r: number }, [string, string, string, string, string]>(
        `SELECT
           (SELECT json_group_array(${SCORE_JSON_ROW}) FROM score WHERE campaign_id = @c AND unit_code = @u),
           (SELECT json_group_array(json_array(criterion_code, round, points_milli, not_applicable, reason, inputs))
              FROM proposal WHERE campaign_id = @c AND unit_code = @u AND member_uid = @m AND round IN (1, @r)),
           (SELECT json_group_array(json_array(criterion_code, points_milli, not_applicable))
              FROM round_result WHERE campaign_id = @c AND unit_code = @u AND round = 1 AND @r = 2),
           (SELECT json_group_array(json_array(q.id, q.criterion_code, q.member_uid, coalesce(m.name, q.member_uid), q.text, q.status, q.answer, q.created_at, q.answered_at))
              FROM explanation_request q LEFT JOIN member m ON m.uid = q.member_uid WHERE q.campaign_id = @c AND q.unit_code = @u),
           (SELECT json_group_array(json_array(criterion_code, n))
              FROM (SELECT criterion_code, count(*) AS n FROM evidence WHERE campaign_id = @c AND unit_code = @u GROUP BY criterion_code))`,
      )
      .raw(true);
  }

  /** `memberUid` null: no member here (the secretariat's machine), no proposals. */
  memberUnit(campaignId: number, unitCode: string, memberUid: string | null, round: 1 | 2): MemberUnitRows {
    const [scores, proposals, results, requests, evidence] = this.memberUnitStmt.get({ c: campaignId, u: unitCode, m: memberUid ?? '', r: round })!;
    const mine: SheetProposal[] = [];
    const round1: SheetProposal[] = [];
    for (const [criterionCode, r, pointsMilli, na, reason, inputs] of JSON.parse(proposals) as ProposalJson[]) {
      (r === round ? mine : round1).push({ criterionCode, round: r, pointsMilli, notApplicable: na === 1, reason, inputs });
    }
    const questions = (JSON.parse(requests) as RequestJson[]).map(([id, criterionCode, qMemberUid, memberName, text, status, answer, createdAt, answeredAt]) => ({
      id, unitCode, criterionCode, memberUid: qMemberUid, memberName, text, status, answer, createdAt, answeredAt,
    }));
    questions.sort((a, b) => a.id - b.id);
    return {
      scores: scoreEntriesOf(unitCode, scores),
      proposals: mine,
      round1Proposals: round1,
      round1Results: (JSON.parse(results) as Array<[string, number | null, number]>).map(([criterionCode, pointsMilli, na]) => ({ criterionCode, pointsMilli, notApplicable: na === 1 })),
      requests: questions,
      evidence: new Map(JSON.parse(evidence) as Array<[string, number]>),
    };
  }
}
