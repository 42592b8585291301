// SQL for the secretariat's tracker: per unit and per member × area, what arrived and how far each got.
// Each count is one grouped statement over the whole campaign (3,000 units stay a few statements), and
// counts a cell the way the unit's own sheet and the member's workspace count it.
import type { Db } from '../db/database.js';

export interface UnitProgressRow {
  unitCode: string;
  unitName: string;
  groupName: string;
  registered: boolean;
  /** The last self-assessment package imported from the unit's registered key (ISO instant). */
  packageAt: string | null;
  packages: number;
  /** Leaves the unit self-scores: not survey, not under a node the unit claims not applicable. */
  leaves: number;
  /** Of those, with a self-score or a not-applicable claim. */
  selfScored: number;
  /** Of the self-scored, with evidence, an explanation, or claimed not applicable (nothing to prove). */
  documented: number;
  explanationsPending: number;
}

export interface MemberAreaRow {
  memberUid: string;
  /** "SET:area", as assignments store it. */
  area: string;
  total: number;
  proposed: number;
}

/** Leaves of every set of the campaign that someone scores by hand (survey leaves come from the survey). */
const HAND_LEAVES = `
  SELECT c.set_code, c.code,
         CASE WHEN instr(c.code, '.') > 0 THEN substr(c.code, 1, instr(c.code, '.') - 1) ELSE c.code END AS area
  FROM criterion c
  WHERE c.campaign_id = @campaignId AND c.kind <> 'survey'
    AND NOT EXISTS (SELECT 1 FROM criterion k WHERE k.campaign_id = c.campaign_id AND k.set_code = c.set_code AND k.parent_code = c.code)`;

/** Every (node, ancestor) pair of each set: a leaf under a node marked not applicable is out of the count. */
const ANCESTORS = `
    SELECT set_code, code, parent_code FROM criterion WHERE campaign_id = @campaignId AND parent_code IS NOT NULL
    UNION ALL
    SELECT a.set_code, a.leaf, p.parent_code FROM anc a
      JOIN criterion p ON p.campaign_id = @campaignId AND p.set_code = a.set_code AND p.code = a.code
    WHERE p.parent_code IS NOT NULL`;

const UNIT_SET = `
  SELECT u.code AS unit_code, u.name AS unit_name, u.position, g.name AS group_name, g.set_code
  FROM unit u JOIN unit_group g ON g.campaign_id = u.campaign_id AND g.code = u.group_code
  WHERE u.campaign_id = @campaignId`;

const UNITS_SQL = `
WITH RECURSIVE
  -- Materialized: otherwise the leaf test runs again for every unit.
  leaf AS MATERIALIZED (${HAND_LEAVES}),
  unit_set AS (${UNIT_SET}),
  anc(set_code, leaf, code) AS (${ANCESTORS}),
  -- Few rows: only the units' not-applicable claims, spread to the leaves below them.
  na_below AS (
    SELECT DISTINCT x.unit_code, a.leaf FROM score x
      JOIN unit_set us ON us.unit_code = x.unit_code
      JOIN anc a ON a.set_code = us.set_code AND a.code = x.criterion_code
    WHERE x.campaign_id = @campaignId AND x.self_not_applicable = 1
  ),
  -- The stored cells the unit claimed (a self-score or not applicable), read in the score table's own
  -- order; the unit × leaf grid is never built (3,000 units × 70 leaves).
  claimed AS (
    SELECT s.unit_code,
           (s.self_not_applicable = 1 OR trim(s.explanation) <> ''
             OR EXISTS (SELECT 1 FROM evidence e WHERE e.campaign_id = @campaignId AND e.unit_code = s.unit_code AND e.criterion_code = s.criterion_code)) AS backed
    FROM score s
      JOIN unit_set us ON us.unit_code = s.unit_code
      JOIN leaf l ON l.set_code = us.set_code AND l.code = s.criterion_code
      LEFT JOIN na_below n ON n.unit_code = s.unit_code AND n.leaf = s.criterion_code
    WHERE s.campaign_id = @campaignId AND (s.self_milli IS NOT NULL OR s.self_not_applicable = 1) AND n.leaf IS NULL
  ),
  progress AS (
    SELECT unit_code, count(*) AS scored, sum(backed) AS documented FROM claimed GROUP BY unit_code
  ),
  set_leaves AS (
    SELECT set_code, count(*) AS n FROM leaf GROUP BY set_code
  ),
  -- Leaves below a claim of not applicable leave the unit's count.
  na_leaves AS (
    SELECT n.unit_code, count(*) AS n FROM na_below n
      JOIN unit_set us ON us.unit_code = n.unit_code
      JOIN leaf l ON l.set_code = us.set_code AND l.code = n.leaf
    GROUP BY n.unit_code
  ),
  received AS (
    SELECT author_uid, max(imported_at) AS last_at, count(*) AS n FROM package_import
    WHERE campaign_id = @campaignId AND kind = 'unit' GROUP BY author_uid
  ),
  pending AS (
    SELECT unit_code, count(*) AS n FROM explanation_request WHERE campaign_id = @campaignId AND status = 'open' GROUP BY unit_code
  )
SELECT us.unit_code AS unitCode, us.unit_name AS unitName, us.group_name AS groupName,
       (i.uid IS NOT NULL) AS registered, r.last_at AS packageAt, coalesce(r.n, 0) AS packages,
       coalesce(sl.n, 0) - coalesce(nl.n, 0) AS leaves, coalesce(p.scored, 0) AS selfScored, coalesce(p.documented, 0) AS documented,
       coalesce(q.n, 0) AS explanationsPending
FROM unit_set us
  LEFT JOIN unit_identity i ON i.unit_code = us.unit_code AND i.is_self = 0
  LEFT JOIN received r ON r.author_uid = i.uid
  LEFT JOIN progress p ON p.unit_code = us.unit_code
  LEFT JOIN set_leaves sl ON sl.set_code = us.set_code
  LEFT JOIN na_leaves nl ON nl.unit_code = us.unit_code
  LEFT JOIN pending q ON q.unit_code = us.unit_code
ORDER BY us.position, us.unit_code`;

const MEMBERS_SQL = `
WITH RECURSIVE
  -- Materialized: otherwise the leaf test runs again for every unit.
  leaf AS MATERIALIZED (${HAND_LEAVES}),
  unit_set AS (${UNIT_SET}),
  anc(set_code, leaf, code) AS (${ANCESTORS}),
  -- As the consolidation's progress counts: a cell the council marked not applicable (the leaf or a node
  -- above it) is no one's to propose.
  council_na AS (
    SELECT DISTINCT x.unit_code, a.leaf FROM score x
      JOIN unit_set us ON us.unit_code = x.unit_code
      JOIN (SELECT set_code, leaf, code FROM anc UNION ALL SELECT set_code, code, code FROM leaf) a ON a.set_code = us.set_code AND a.code = x.criterion_code
    WHERE x.campaign_id = @campaignId AND x.not_applicable = 1
  ),
  cell AS (
    SELECT a.member_uid, a.set_code, a.area_code, us.unit_code, l.code AS criterion_code
    FROM assignment a
      JOIN leaf l ON l.set_code = a.set_code AND l.area = a.area_code
      JOIN unit_set us ON us.set_code = a.set_code
      LEFT JOIN council_na n ON n.unit_code = us.unit_code AND n.leaf = l.code
    WHERE a.campaign_id = @campaignId AND n.leaf IS NULL
      AND (NOT EXISTS (SELECT 1 FROM assignment_unit au WHERE au.campaign_id = @campaignId AND au.member_uid = a.member_uid)
           OR EXISTS (SELECT 1 FROM assignment_unit au WHERE au.campaign_id = @campaignId AND au.member_uid = a.member_uid AND au.unit_code = us.unit_code))
      AND NOT EXISTS (SELECT 1 FROM recusal x WHERE x.campaign_id = @campaignId AND x.member_uid = a.member_uid AND x.unit_code = us.unit_code)
  ),
  counted AS (
    SELECT member_uid, set_code, area_code, count(*) AS total,
           sum(EXISTS (SELECT 1 FROM proposal p WHERE p.campaign_id = @campaignId AND p.unit_code = cell.unit_code AND p.criterion_code = cell.criterion_code
                       AND p.member_uid = cell.member_uid AND p.round = @round AND (p.points_milli IS NOT NULL OR p.not_applicable = 1))) AS proposed
    FROM cell GROUP BY member_uid, set_code, area_code
  )
SELECT a.member_uid AS memberUid, a.set_code || ':' || a.area_code AS area, coalesce(c.total, 0) AS total, coalesce(c.proposed, 0) AS proposed
FROM assignment a
  LEFT JOIN counted c ON c.member_uid = a.member_uid AND c.set_code = a.set_code AND c.area_code = a.area_code
WHERE a.campaign_id = @campaignId`;

interface UnitSqlRow extends Omit<UnitProgressRow, 'registered'> {
  registered: number;
}

export class TrackerRepo {
  private readonly unitsStmt;
  private readonly membersStmt;

  constructor(db: Db) {
    this.unitsStmt = db.prepare<[{ campaignId: number }], UnitSqlRow>(UNITS_SQL);
    this.membersStmt = db.prepare<[{ campaignId: number; round: number }], MemberAreaRow>(MEMBERS_SQL);
  }

  /** Every unit of the campaign, in the campaign's order. */
  units(campaignId: number): UnitProgressRow[] {
    return this.unitsStmt.all({ campaignId }).map((r) => ({ ...r, registered: r.registered === 1 }));
  }

  /** Every assigned area of every member: the cells assigned and those with a proposal in `round`. */
  memberAreas(campaignId: number, round: number): MemberAreaRow[] {
    return this.membersStmt.all({ campaignId, round });
  }
}
