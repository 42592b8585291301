// What a member's sheet of one unit shows, read in one statement, in two parts:
// - the values of every cell, without text: what the roll-up and the sheet's counts need (the finals with the
//   self-score, the member's proposals with their reason, round 1's results in round 2, open requests);
// - the whole content of the rows asked for (every row for a sheet, the rows a write changed for its patch):
//   score rows with their notes, the member's proposals with their inputs (and round-1 ones), the explanation
//   requests with their authors' names and the evidence count.
// A write's reply reads a few rows' text instead of the whole unit's, and builds no object per row for it.
import type { Db } from '../db/database.js';
import type { ScoreEntry } from '../../shared/domain.js';
import type { ProposalRecord, ExplanationRecord } from './member-repo.js';
import { checkPacked, PACK_SEPARATOR, SCORE_JSON_ROW, scoreEntriesOf } from './rows.js';
import { TRIMMED_CODE_POINTS } from '../../shared/text.js';

/** A proposal as a sheet shows it (no revision or time: the package carries those). */
export type SheetProposal = Pick<ProposalRecord, 'criterionCode' | 'round' | 'pointsMilli' | 'notApplicable' | 'reason' | 'inputs'>;

/**
 * Cells packed as read: cell k has the k-th code of `codesText` (codes joined by char(31)) and the values
 * `values[k × width …]` (integers, -1 for NULL, 0/1 for marks; read a nullable one with `valueAt`). No object
 * and no string per cell: `nodeIndexes` turns the codes into tree positions, and a unit's codes read again
 * are the same text.
 */
export interface PackedCells {
  codesText: string;
  count: number;
  values: number[];
}

/** A nullable packed value. */
export function valueAt(cells: PackedCells, at: number): number | null {
  const v = cells.values[at]!;
  return v < 0 ? null : v;
}

const indexMemo = new WeakMap<ReadonlyMap<string, number>, Map<string, Int32Array>>();

/**
 * Each packed cell's position in a tree (`index`: code → position; -1 for a code the tree lacks). A pure
 * function of the codes text, remembered for the last few texts of each tree: a grid reads the same unit's
 * codes on every keystroke.
 */
export function nodeIndexes(index: ReadonlyMap<string, number>, cells: PackedCells): Int32Array {
  let memo = indexMemo.get(index);
  if (!memo) indexMemo.set(index, (memo = new Map()));
  const known = memo.get(cells.codesText);
  if (known) return known;
  const out = new Int32Array(cells.count);
  const text = cells.codesText;
  let start = 0;
  for (let k = 0; k < cells.count; k++) {
    let end = text.indexOf(PACK_SEPARATOR, start);
    if (end < 0) end = text.length;
    out[k] = index.get(text.slice(start, end)) ?? -1;
    start = end + 1;
  }
  if (memo.size >= 16) memo.delete(memo.keys().next().value!);
  memo.set(text, out);
  return out;
}

/** Every cell of the unit, without text. */
export interface UnitCellValues {
  /** Final-score rows: self-score, points, not-applicable mark (width 3). */
  finals: PackedCells;
  /** The member's proposals of the round asked for: points, mark, and 1 where a reason is written (width 3). */
  proposals: PackedCells;
  /** Round 2: round 1's results: points, mark (width 2; none in round 1). */
  round1Results: PackedCells;
  /** Open explanation requests on the unit, anyone's. */
  openRequests: number;
}

/** The rows asked for, whole. */
export interface UnitRowDetails {
  scores: Map<string, ScoreEntry>;
  /** The member's proposals of the round asked for. */
  proposals: Map<string, SheetProposal>;
  /** Round 2: the member's round-1 proposals. */
  round1Proposals: Map<string, SheetProposal>;
  /** By criterion, in request order, each with its author's name (the uid when the member is unknown here). */
  requests: Map<string, Array<ExplanationRecord & { memberName: string }>>;
  evidence: Map<string, number>;
}

export interface MemberUnitRead {
  values: UnitCellValues;
  details: UnitRowDetails;
}

type ProposalJson = [string, number, number | null, number, string, string];
type RequestJson = [number, string, string, string, string, ExplanationRecord['status'], string, string, string | null];

/** A number column packed: NULL as -1 (stored values are never negative). */
const num = (column: string): string => `coalesce(${column}, -1)`;

/**
 * 1 where the proposal's reason is written: not blank as JavaScript's trim sees it. A reason whose first
 * character lies below the first blanks above the space (U+00A0, U+1680, U+2000) is written; any other one is
 * trimmed with the whole list (a trim with a character list, or an IN over it, costs ~0.5 µs a row).
 */
const WRITTEN = (() => {
  const [a, b, c] = [...TRIMMED_CODE_POINTS].filter((cp) => cp > 32).sort((x, y) => x - y);
  const first = 'unicode(reason)';
  return `(CASE WHEN reason = '' THEN 0
    WHEN ${first} BETWEEN 33 AND ${a! - 1} OR ${first} BETWEEN ${a! + 1} AND ${b! - 1} OR ${first} BETWEEN ${b! + 1} AND ${c! - 1} THEN 1
    ELSE trim(reason, char(${TRIMMED_CODE_POINTS.join(', ')})) <> '' END)`;
})();

/** The member's unit read; `asked(column)` selects the rows read whole. */
function memberUnitSql(asked: (column: string) => string): string {
  return `SELECT
    f.codes, f.vals, p.codes, p.vals, r.codes, r.vals,
    (SELECT count(*) FROM explanation_request WHERE campaign_id = @c AND unit_code = @u AND status = 'open'),
    (SELECT json_group_array(${SCORE_JSON_ROW}) FROM score WHERE campaign_id = @c AND unit_code = @u AND ${asked('criterion_code')}),
    (SELECT json_group_array(json_array(criterion_code, round, points_milli, not_applicable, reason, inputs))
       FROM proposal WHERE campaign_id = @c AND unit_code = @u AND member_uid = @m AND round IN (1, @r) AND ${asked('criterion_code')}),
    (SELECT json_group_array(json_array(q.id, q.criterion_code, q.member_uid, coalesce(m.name, q.member_uid), q.text, q.status, q.answer, q.created_at, q.answered_at))
       FROM explanation_request q LEFT JOIN member m ON m.uid = q.member_uid
       WHERE q.campaign_id = @c AND q.unit_code = @u AND ${asked('q.criterion_code')}),
    (SELECT json_group_array(json_array(criterion_code, n))
       FROM (SELECT criterion_code, count(*) AS n FROM evidence WHERE campaign_id = @c AND unit_code = @u AND ${asked('criterion_code')} GROUP BY criterion_code))
  FROM
    (SELECT group_concat(criterion_code, char(31)) AS codes, group_concat(${num('self_milli')} || ' ' || ${num('points_milli')} || ' ' || not_applicable, ' ') AS vals
       FROM score WHERE campaign_id = @c AND unit_code = @u) f,
    (SELECT group_concat(criterion_code, char(31)) AS codes, group_concat(${num('points_milli')} || ' ' || not_applicable || ' ' || ${WRITTEN}, ' ') AS vals
       FROM proposal WHERE campaign_id = @c AND unit_code = @u AND member_uid = @m AND round = @r) p,
    (SELECT group_concat(criterion_code, char(31)) AS codes, group_concat(${num('points_milli')} || ' ' || not_applicable, ' ') AS vals
       FROM round_result WHERE campaign_id = @c AND unit_code = @u AND round = 1 AND @r = 2) r`;
}

/** The codes (joined by char(31)) and the values (integers joined by spaces) of a packed list; NULLs when there is no row. */
function unpackCells(what: string, codesText: string | null, text: string | null, width: number): PackedCells {
  if (codesText === null || text === null) return { codesText: '', count: 0, values: [] };
  let count = 1;
  for (let i = 0; i < codesText.length; i++) if (codesText.charCodeAt(i) === 31) count++;
  const values = new Array<number>(count * width).fill(0);
  let n = 0;
  let value = 0;
  let negative = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 32;
    if (ch === 45) negative = true;
    else if (ch !== 32) value = value * 10 + (ch - 48);
    else {
      if (n < values.length) values[n] = negative ? -1 : value;
      n++;
      value = 0;
      negative = false;
    }
  }
  checkPacked(what, count * width, n);
  return { codesText, count, values };
}

export class SheetRepo {
  /** A sheet's read (every row whole) and a patch's (the rows of the JSON array @codes whole). */
  private readonly wholeStmt;
  private readonly rowsStmt;
  constructor(db: Db) {
    type Read = [string | null, string | null, string | null, string | null, string | null, string | null, number, string, string, string, string];
    this.wholeStmt = db.prepare<{ c: number; u: string; m: string; r: number }, Read>(memberUnitSql(() => '1')).raw(true);
    this.rowsStmt = db.prepare<{ c: number; u: string; m: string; r: number; codes: string }, Read>(
      memberUnitSql((column) => `${column} IN (SELECT value FROM json_each(@codes))`),
    ).raw(true);
  }

  /**
   * `memberUid` null: no member here (the secretariat's machine), no proposals. `codes` null: every row's
   * details (a sheet); else only those rows' (a write's patch).
   */
  memberUnit(campaignId: number, unitCode: string, memberUid: string | null, round: 1 | 2, codes: readonly string[] | null): MemberUnitRead {
    const params = { c: campaignId, u: unitCode, m: memberUid ?? '', r: round };
    const [fCodes, fVals, pCodes, pVals, rCodes, rVals, openRequests, scores, details, requests, evidence] = codes === null
      ? this.wholeStmt.get(params)!
      : this.rowsStmt.get({ ...params, codes: JSON.stringify(codes) })!;
    const values: UnitCellValues = {
      finals: unpackCells('score', fCodes, fVals, 3),
      proposals: unpackCells('proposal', pCodes, pVals, 3),
      round1Results: unpackCells('round_result', rCodes, rVals, 2),
      openRequests,
    };

    const rows: UnitRowDetails = { scores: new Map(), proposals: new Map(), round1Proposals: new Map(), requests: new Map(), evidence: new Map(JSON.parse(evidence) as Array<[string, number]>) };
    for (const e of scoreEntriesOf(unitCode, scores)) rows.scores.set(e.criterionCode, e);
    for (const [criterionCode, r, pointsMilli, na, reason, inputs] of JSON.parse(details) as ProposalJson[]) {
      (r === round ? rows.proposals : rows.round1Proposals).set(criterionCode, { criterionCode, round: r, pointsMilli, notApplicable: na === 1, reason, inputs });
    }
    const questions = (JSON.parse(requests) as RequestJson[]).map(([id, criterionCode, qMemberUid, memberName, text, status, answer, createdAt, answeredAt]) => ({
      id, unitCode, criterionCode, memberUid: qMemberUid, memberName, text, status, answer, createdAt, answeredAt,
    }));
    questions.sort((a, b) => a.id - b.id);
    for (const q of questions) {
      const list = rows.requests.get(q.criterionCode);
      if (list) list.push(q);
      else rows.requests.set(q.criterionCode, [q]);
    }
    return { values, details: rows };
  }
}
