// SQL lives here, one class per table family, each statement prepared once per database.
// Repositories never open transactions: services do, around whole use cases.

import type { Db } from '../db/database.js';
import type { Campaign, CriteriaSet, Criterion, IndexRules, ScoreEntry, Unit, UnitGroup } from '../../shared/domain.js';
import { emptyScoreTable, type CompiledTree, type ScoreInput, type ScoreTable } from '../../shared/calc.js';
import { ExplanationRepo, MemberRepo, ProposalRepo } from './member-repo.js';
import { ExchangeRepo } from './exchange-repo.js';
import { EvidenceRepo } from './evidence-repo.js';
import { RoundRepo } from './round-repo.js';
import { BulkWrite } from './bulk.js';
import { CalendarRepo } from './calendar-repo.js';
import { SelfAssessmentRepo, UnitIdentityRepo } from './unit-repo.js';
import { TrackerRepo } from './tracker-repo.js';
import { SheetRepo } from './sheet-repo.js';
import {
  checkPacked,
  PACK_SEPARATOR,
  SCORE_JSON_ROW,
  scoreEntriesOf,
  unpackNumbers,
  toCampaign,
  toCriterion,
  toGroups,
  toScore,
  toUnit,
  type BandRow,
  type CampaignRow,
  type CriterionRow,
  type GroupRow,
  type ScoreRow,
  type UnitRow,
} from './rows.js';

export class CampaignRepo {
  private readonly all;
  private readonly byId;
  private readonly insertStmt;
  private readonly deleteStmt;
  private readonly deleteUnits;
  private readonly updateStmt;
  private readonly counts;
  private readonly setRulesStmt;
  constructor(db: Db) {
    this.all = db.prepare<[], CampaignRow>('SELECT * FROM campaign ORDER BY year DESC, id DESC');
    // Every column: getWithRound reads the round (schema 5) from the same row.
    this.byId = db.prepare<[number], CampaignRow>('SELECT * FROM campaign WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO campaign (uid, name, year, issuer, decision_no, decision_date, status, created_at)
       VALUES (@uid, @name, @year, @issuer, @decisionNo, @decisionDate, 'open', @createdAt)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM campaign WHERE id = ?');
    this.deleteUnits = db.prepare('DELETE FROM unit WHERE campaign_id = ?');
    this.updateStmt = db.prepare(
      `UPDATE campaign SET name = @name, year = @year, issuer = @issuer, decision_no = @decisionNo,
       decision_date = @decisionDate, status = @status WHERE id = @id`,
    );
    this.counts = db.prepare<[number, number], { units: number; groups: number }>(
      `SELECT (SELECT count(*) FROM unit WHERE campaign_id = ?) AS units,
              (SELECT count(*) FROM unit_group WHERE campaign_id = ?) AS groups`,
    );
    this.setRulesStmt = db.prepare('UPDATE campaign SET index_capped = ?, tie_ranking = ? WHERE id = ?');
  }
  list(): Campaign[] {
    return this.all.all().map(toCampaign);
  }
  get(id: number): Campaign | undefined {
    const row = this.byId.get(id);
    return row ? toCampaign(row) : undefined;
  }
  /** The campaign and its current round from the same row: a grid edit needs both, in one read. */
  getWithRound(id: number): { campaign: Campaign; round: 1 | 2 } | undefined {
    const row = this.byId.get(id) as (CampaignRow & { round: number }) | undefined;
    return row ? { campaign: toCampaign(row), round: row.round === 2 ? 2 : 1 } : undefined;
  }
  counted(id: number): { units: number; groups: number } {
    return this.counts.get(id, id) ?? { units: 0, groups: 0 };
  }
  insert(c: Omit<Campaign, 'id' | 'status' | 'indexRules'>): number {
    return Number(this.insertStmt.run(c).lastInsertRowid);
  }
  update(c: Campaign): void {
    this.updateStmt.run(c);
  }
  setIndexRules(id: number, rules: IndexRules): void {
    this.setRulesStmt.run(rules.capIndex ? 1 : 0, rules.tieRanking, id);
  }
  /** Units hang off their group (deleting a group with units is refused), so they go first; the rest cascades. */
  delete(id: number): void {
    this.deleteUnits.run(id);
    this.deleteStmt.run(id);
  }
}

export class CriteriaRepo {
  private readonly list_;
  private readonly insertStmt;
  private readonly sets_;
  private readonly insertSet;
  private readonly renameSet;
  constructor(db: Db) {
    this.list_ = db.prepare<[number], CriterionRow>(
      `SELECT c.set_code, c.code, c.parent_code, c.name, c.max_milli, c.kind, c.rule, c.position, c.na_allowed FROM criterion c
       JOIN criteria_set s ON s.campaign_id = c.campaign_id AND s.code = c.set_code
       WHERE c.campaign_id = ? ORDER BY s.position, c.position`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO criterion (campaign_id, set_code, code, parent_code, name, max_milli, kind, rule, position, na_allowed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sets_ = db.prepare<[number], CriteriaSet>('SELECT code, name, position FROM criteria_set WHERE campaign_id = ? ORDER BY position');
    this.insertSet = db.prepare('INSERT INTO criteria_set (campaign_id, code, name, position) VALUES (?, ?, ?, ?)');
    this.renameSet = db.prepare('UPDATE criteria_set SET name = ? WHERE campaign_id = ? AND code = ?');
  }
  /** Every set's criteria, set by set. */
  list(campaignId: number): Criterion[] {
    return this.list_.all(campaignId).map(toCriterion);
  }
  sets(campaignId: number): CriteriaSet[] {
    return this.sets_.all(campaignId);
  }
  /** The sets, then their criteria (parents before children: the order of a validated set). */
  insertAll(campaignId: number, sets: readonly CriteriaSet[], criteria: readonly Criterion[]): void {
    for (const s of sets) this.insertSet.run(campaignId, s.code, s.name, s.position);
    this.insertCriteria(campaignId, criteria);
  }
  insertCriteria(campaignId: number, criteria: readonly Criterion[]): void {
    for (const c of criteria) {
      this.insertStmt.run(campaignId, c.setCode, c.code, c.parentCode, c.name, c.maxMilli, c.kind, c.rule, c.position, c.naAllowed === false ? 0 : 1);
    }
  }
  setName(campaignId: number, setCode: string, name: string): void {
    this.renameSet.run(name, campaignId, setCode);
  }
  /** Removes a set: its criteria and the assignments to its areas go with it (foreign keys cascade). */
  deleteSet(campaignId: number, setCode: string): void {
    // Prepared on first use from the same connection, so this method stays a self-contained addition.
    this.deleteSetStmt ??= this.insertSet.database.prepare('DELETE FROM criteria_set WHERE campaign_id = ? AND code = ?');
    this.deleteSetStmt.run(campaignId, setCode);
  }
  /** Rewrites one criterion's own fields (its code, and so its place in the tree, stays). */
  update(campaignId: number, c: Criterion): void {
    this.updateStmt ??= this.insertSet.database.prepare(
      'UPDATE criterion SET name = ?, max_milli = ?, kind = ?, rule = ?, position = ?, na_allowed = ? WHERE campaign_id = ? AND set_code = ? AND code = ?',
    );
    this.updateStmt.run(c.name, c.maxMilli, c.kind, c.rule, c.position, c.naAllowed === false ? 0 : 1, campaignId, c.setCode, c.code);
  }
  /** Removes criteria of a set; their subtrees and the assignments to them go with them (foreign keys cascade). */
  deleteCriteria(campaignId: number, setCode: string, codes: readonly string[]): void {
    this.deleteStmt ??= this.insertSet.database.prepare('DELETE FROM criterion WHERE campaign_id = ? AND set_code = ? AND code = ?');
    for (const code of codes) this.deleteStmt.run(campaignId, setCode, code);
  }
  /**
   * The first unit scored under the set whose cells the council has worked on: a final score (or KAD), a
   * member's proposal or a decision. Null when none: the set's tree may still change.
   */
  councilWork(campaignId: number, setCode: string): { unitName: string; groupName: string; what: 'score' | 'proposal' | 'decision' } | null {
    // Asked in this order, so the refusal names the strongest reason (a decision, then a member's proposal).
    for (const what of ['decision', 'proposal', 'score'] as const) {
      const stmt = (this.councilWorkStmts[what] ??= this.insertSet.database.prepare<[number, string], { unitName: string; groupName: string }>(
        `SELECT u.name AS unitName, g.name AS groupName FROM unit u
         JOIN unit_group g ON g.campaign_id = u.campaign_id AND g.code = u.group_code
         WHERE u.campaign_id = ? AND g.set_code = ? AND EXISTS (SELECT 1 FROM ${what} w WHERE w.campaign_id = u.campaign_id AND w.unit_code = u.code
           ${what === 'score' ? 'AND (w.points_milli IS NOT NULL OR w.not_applicable = 1)' : ''}) LIMIT 1`,
      ));
      const found = stmt.get(campaignId, setCode);
      if (found) return { ...found, what };
    }
    return null;
  }
  /** The first of `codes` where a unit scored under the set has its own input (self-score, explanation, evidence) or a request. */
  unitWorkAt(campaignId: number, setCode: string, codes: readonly string[]): { unitName: string; criterionCode: string } | null {
    if (codes.length === 0) return null;
    this.unitWorkStmt ??= this.insertSet.database.prepare<[number, string, string], { unitName: string; criterionCode: string }>(
      `SELECT u.name AS unitName, w.criterion_code AS criterionCode FROM unit u
       JOIN unit_group g ON g.campaign_id = u.campaign_id AND g.code = u.group_code
       JOIN (SELECT campaign_id, unit_code, criterion_code FROM score
               WHERE self_milli IS NOT NULL OR self_not_applicable = 1 OR explanation <> '' OR points_milli IS NOT NULL OR not_applicable = 1
             UNION ALL SELECT campaign_id, unit_code, criterion_code FROM evidence
             UNION ALL SELECT campaign_id, unit_code, criterion_code FROM explanation_request) w ON w.campaign_id = u.campaign_id AND w.unit_code = u.code
       WHERE u.campaign_id = ? AND g.set_code = ? AND w.criterion_code IN (SELECT value FROM json_each(?)) LIMIT 1`,
    );
    return this.unitWorkStmt.get(campaignId, setCode, JSON.stringify(codes)) ?? null;
  }
  private updateStmt: { run(...args: Array<string | number>): unknown } | undefined;
  private deleteStmt: { run(campaignId: number, setCode: string, code: string): unknown } | undefined;
  private readonly councilWorkStmts: Partial<Record<'score' | 'proposal' | 'decision', { get(campaignId: number, setCode: string): { unitName: string; groupName: string } | undefined }>> = {};
  private unitWorkStmt: { get(campaignId: number, setCode: string, codes: string): { unitName: string; criterionCode: string } | undefined } | undefined;
  private deleteSetStmt: { run(campaignId: number, setCode: string): unknown } | undefined;
}

export class GroupRepo {
  private readonly groups;
  private readonly bands;
  private readonly insertGroup;
  private readonly insertBand;
  private readonly deleteBands;
  private readonly updateGroup;
  private readonly deleteGroup;
  constructor(db: Db) {
    this.groups = db.prepare<[number], GroupRow>(
      'SELECT code, name, set_code, ranked, position FROM unit_group WHERE campaign_id = ? ORDER BY position',
    );
    this.bands = db.prepare<[number], BandRow>(
      'SELECT group_code, label, from_hundredths FROM band WHERE campaign_id = ? ORDER BY from_hundredths DESC',
    );
    this.insertGroup = db.prepare(
      'INSERT INTO unit_group (campaign_id, code, name, set_code, ranked, position) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.updateGroup = db.prepare(
      'UPDATE unit_group SET name = ?, set_code = ?, ranked = ?, position = ? WHERE campaign_id = ? AND code = ?',
    );
    this.deleteGroup = db.prepare('DELETE FROM unit_group WHERE campaign_id = ? AND code = ?');
    this.insertBand = db.prepare(
      'INSERT INTO band (campaign_id, group_code, label, from_hundredths) VALUES (?, ?, ?, ?)',
    );
    this.deleteBands = db.prepare('DELETE FROM band WHERE campaign_id = ?');
  }
  list(campaignId: number): UnitGroup[] {
    return toGroups(this.groups.all(campaignId), this.bands.all(campaignId));
  }
  insertAll(campaignId: number, groups: readonly UnitGroup[]): void {
    for (const g of groups) {
      this.insertGroup.run(campaignId, g.code, g.name, g.setCode, g.ranked ? 1 : 0, g.position);
      for (const b of g.bands) this.insertBand.run(campaignId, g.code, b.label, b.fromHundredths);
    }
  }
  /** Replaces every group's attributes and bands; groups absent from the list are removed. */
  replaceAll(campaignId: number, groups: readonly UnitGroup[]): void {
    const existing = new Set(this.groups.all(campaignId).map((g) => g.code));
    this.deleteBands.run(campaignId);
    for (const g of groups) {
      if (existing.has(g.code)) {
        this.updateGroup.run(g.name, g.setCode, g.ranked ? 1 : 0, g.position, campaignId, g.code);
        existing.delete(g.code);
      } else {
        this.insertGroup.run(campaignId, g.code, g.name, g.setCode, g.ranked ? 1 : 0, g.position);
      }
      for (const b of g.bands) this.insertBand.run(campaignId, g.code, b.label, b.fromHundredths);
    }
    for (const code of existing) this.deleteGroup.run(campaignId, code);
  }
}

/** A unit with its group's name, as a sheet shows it. */
export interface UnitWithGroup extends Unit {
  groupName: string;
  /** The criteria set the unit is scored under (its group's). */
  setCode: string;
}

export class UnitRepo {
  private readonly list_;
  private readonly setCodes_;
  private readonly get_;
  private readonly withGroup_;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly maxPosition;
  constructor(db: Db) {
    this.list_ = db.prepare<[number], UnitRow>(
      'SELECT code, name, group_code, position FROM unit WHERE campaign_id = ? ORDER BY position, code',
    );
    this.get_ = db.prepare<[number, string], UnitRow>(
      'SELECT code, name, group_code, position FROM unit WHERE campaign_id = ? AND code = ?',
    );
    this.withGroup_ = db.prepare<[number, string], UnitRow & { group_name: string | null; set_code: string | null }>(
      `SELECT u.code, u.name, u.group_code, u.position, g.name AS group_name, g.set_code FROM unit u
       LEFT JOIN unit_group g ON g.campaign_id = u.campaign_id AND g.code = u.group_code
       WHERE u.campaign_id = ? AND u.code = ?`,
    );
    this.insertStmt = db.prepare('INSERT INTO unit (campaign_id, code, name, group_code, position) VALUES (?, ?, ?, ?, ?)');
    this.setCodes_ = db.prepare<[number], [string, string]>(
      'SELECT u.code, g.set_code FROM unit u JOIN unit_group g ON g.campaign_id = u.campaign_id AND g.code = u.group_code WHERE u.campaign_id = ?',
    ).raw(true);
    this.updateStmt = db.prepare('UPDATE unit SET code = ?, name = ?, group_code = ? WHERE campaign_id = ? AND code = ?');
    this.deleteStmt = db.prepare('DELETE FROM unit WHERE campaign_id = ? AND code = ?');
    this.maxPosition = db.prepare<[number], { p: number | null }>('SELECT max(position) AS p FROM unit WHERE campaign_id = ?');
  }
  list(campaignId: number): Unit[] {
    return this.list_.all(campaignId).map(toUnit);
  }
  get(campaignId: number, code: string): Unit | undefined {
    const row = this.get_.get(campaignId, code);
    return row ? toUnit(row) : undefined;
  }
  /** The unit and its group's name (the code when the group is gone), in one read. */
  withGroup(campaignId: number, code: string): UnitWithGroup | undefined {
    const row = this.withGroup_.get(campaignId, code);
    return row ? { ...toUnit(row), groupName: row.group_name ?? row.group_code, setCode: row.set_code ?? '' } : undefined;
  }
  /** Each unit's criteria set (its group's), for checks that only need the set. */
  setCodes(campaignId: number): Map<string, string> {
    return new Map(this.setCodes_.all(campaignId));
  }
  insertAll(campaignId: number, units: readonly Unit[]): void {
    for (const u of units) this.insertStmt.run(campaignId, u.code, u.name, u.groupCode, u.position);
  }
  nextPosition(campaignId: number): number {
    return (this.maxPosition.get(campaignId)?.p ?? 0) + 1;
  }
  update(campaignId: number, originalCode: string, u: Pick<Unit, 'code' | 'name' | 'groupCode'>): void {
    this.updateStmt.run(u.code, u.name, u.groupCode, campaignId, originalCode);
  }
  delete(campaignId: number, code: string): void {
    this.deleteStmt.run(campaignId, code);
  }
}

export interface StoredScore extends ScoreEntry {
  revision: number;
}

export class ScoreRepo {
  private readonly byCampaign;
  private readonly byUnit;
  private readonly cell;
  private readonly insertAllStmt;
  private readonly setPointsStmt;
  private readonly setNaStmt;
  private readonly setPointsAllStmt;
  private readonly setNaAllStmt;
  private readonly putSelfStmt;
  private readonly scoredLeavesStmt;
  private readonly naUnitsStmt;
  private readonly tableStmt;
  private readonly tableAllStmt;
  constructor(db: Db) {
    // One packed row per unit (see rows.ts): better-sqlite3 builds a JavaScript array per row returned,
    // which costs far more than SQLite's own scan of 300,000 cells.
    this.tableStmt = db
      .prepare<[number], [string, string, string, string]>(
        `SELECT unit_code, group_concat(criterion_code, char(31)), group_concat(not_applicable, ''), group_concat(ifnull(points_milli, -1), ' ')
         FROM score WHERE campaign_id = ? AND (points_milli IS NOT NULL OR not_applicable = 1) GROUP BY unit_code`,
      )
      .raw(true);
    // The same for the flat table, without the filter: a row with neither points nor a mark rolls up as
    // an absent one, and SQLite scans faster without testing each row.
    this.tableAllStmt = db
      .prepare<[number], [string, string, string, string]>(
        `SELECT unit_code, group_concat(criterion_code, char(31)), group_concat(not_applicable, ''), group_concat(ifnull(points_milli, -1), ' ')
         FROM score WHERE campaign_id = ? GROUP BY unit_code`,
      )
      .raw(true);
    this.scoredLeavesStmt = db
      .prepare<[number, string], [string, number]>(
        `SELECT unit_code, count(*) FROM score
         WHERE campaign_id = ? AND points_milli IS NOT NULL AND criterion_code IN (SELECT value FROM json_each(?))
         GROUP BY unit_code`,
      )
      .raw(true);
    this.naUnitsStmt = db.prepare<[number], string>('SELECT DISTINCT unit_code FROM score WHERE campaign_id = ? AND not_applicable = 1').pluck(true);
    this.putSelfStmt = db.prepare(
      `INSERT INTO score (campaign_id, unit_code, criterion_code, self_milli, not_applicable, explanation, self_not_applicable, self_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (campaign_id, unit_code, criterion_code) DO UPDATE SET self_milli = excluded.self_milli,
         not_applicable = excluded.not_applicable, explanation = excluded.explanation, self_not_applicable = excluded.self_not_applicable,
         self_reason = excluded.self_reason, revision = revision + 1, updated_at = excluded.updated_at`,
    );
    const cols = 'unit_code, criterion_code, self_milli, points_milli, not_applicable, note, explanation, revision, self_not_applicable, self_reason';
    this.byCampaign = db.prepare<[number], ScoreRow>(`SELECT ${cols} FROM score WHERE campaign_id = ?`);
    // One unit's rows as one JSON text: better-sqlite3 builds an object per row and per column, which cost
    // more than the grid's whole round trip should; JSON.parse builds the same values much faster.
    this.byUnit = db.prepare<[number, string], string>(
      `SELECT json_group_array(${SCORE_JSON_ROW}) FROM score WHERE campaign_id = ? AND unit_code = ?`,
    ).pluck(true);
    this.cell = db.prepare<[number, string, string], ScoreRow>(
      `SELECT ${cols} FROM score WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?`,
    );
    this.insertAllStmt = new BulkWrite(
      db,
      'INSERT INTO score (campaign_id, unit_code, criterion_code, self_milli, points_milli, not_applicable, note, explanation, updated_at)',
      '(?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.setPointsStmt = db.prepare(
      `INSERT INTO score (campaign_id, unit_code, criterion_code, points_milli, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (campaign_id, unit_code, criterion_code)
       DO UPDATE SET points_milli = excluded.points_milli, revision = revision + 1, updated_at = excluded.updated_at`,
    );
    // Many finals at once (consolidation), a few hundred per statement (see bulk.ts): the same upserts as
    // setPoints and setNotApplicable.
    this.setPointsAllStmt = new BulkWrite(db, 'INSERT INTO score (campaign_id, unit_code, criterion_code, points_milli, updated_at)', '(?, ?, ?, ?, ?)',
      `ON CONFLICT (campaign_id, unit_code, criterion_code)
       DO UPDATE SET points_milli = excluded.points_milli, revision = revision + 1, updated_at = excluded.updated_at`);
    this.setNaAllStmt = new BulkWrite(db, 'INSERT INTO score (campaign_id, unit_code, criterion_code, not_applicable, updated_at)', '(?, ?, ?, ?, ?)',
      `ON CONFLICT (campaign_id, unit_code, criterion_code)
       DO UPDATE SET not_applicable = excluded.not_applicable, revision = revision + 1, updated_at = excluded.updated_at`);
    this.setNaStmt = db.prepare(
      `INSERT INTO score (campaign_id, unit_code, criterion_code, not_applicable, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (campaign_id, unit_code, criterion_code)
       DO UPDATE SET not_applicable = excluded.not_applicable, revision = revision + 1, updated_at = excluded.updated_at`,
    );
  }
  listByCampaign(campaignId: number): ScoreEntry[] {
    return this.byCampaign.all(campaignId).map(toScore);
  }
  /**
   * Per unit, how many of the given leaves carry points, counted by SQLite (no row crosses into
   * JavaScript), and the units with a not-applicable mark anywhere, whose progress needs the tree.
   */
  progressCounts(campaignId: number, leafCodes: readonly string[]): { scored: Map<string, number>; withNotApplicable: Set<string> } {
    const scored = new Map(this.scoredLeavesStmt.all(campaignId, JSON.stringify(leafCodes)));
    const withNotApplicable = new Set(this.naUnitsStmt.all(campaignId));
    return { scored, withNotApplicable };
  }
  /** What the roll-up needs, grouped by unit: the finals that say something, read packed (see eachFinal). */
  inputsByUnit(campaignId: number): Map<string, Map<string, ScoreInput>> {
    const byUnit = new Map<string, Map<string, ScoreInput>>();
    let unit = '';
    let m = new Map<string, ScoreInput>();
    this.eachFinal(campaignId, (unitCode, criterionCode, pointsMilli, notApplicable) => {
      if (unitCode !== unit) {
        unit = unitCode;
        m = byUnit.get(unitCode) ?? new Map();
        byUnit.set(unitCode, m);
      }
      m.set(criterionCode, { pointsMilli, notApplicable });
    });
    return byUnit;
  }
  /**
   * The final scores as a flat table over the compiled tree, unit i being `units[i]`; cells of units or
   * codes outside them are ignored, as the roll-up ignores them.
   */
  table(campaignId: number, tree: CompiledTree, units: readonly { code: string }[]): ScoreTable {
    return this.tables(campaignId, [{ tree, units }])[0]!;
  }

  /**
   * One score table per criteria set (each over its own tree and units) from one read of the campaign's
   * scores: a unit's codes are looked up in its own set's tree.
   */
  tables(campaignId: number, parts: ReadonlyArray<{ tree: CompiledTree; units: readonly { code: string }[] }>): ScoreTable[] {
    const tables = parts.map((p) => emptyScoreTable(p.tree, p.units.length));
    const unitIndex = new Map<string, [part: number, unit: number]>();
    parts.forEach((p, pi) => p.units.forEach((u, i) => unitIndex.set(u.code, [pi, i])));
    // Units usually share one list of codes: it is split and looked up once per set, then reused.
    const nodesOf = parts.map(() => new Map<string, Int32Array>());
    for (const [unitCode, codes, naFlags, points] of this.tableAllStmt.all(campaignId)) {
      const at = unitIndex.get(unitCode);
      if (at === undefined) continue;
      const [pi, u] = at;
      const tree = parts[pi]!.tree;
      const table = tables[pi]!;
      let nodes = nodesOf[pi]!.get(codes);
      if (!nodes) {
        nodes = Int32Array.from(codes.split(PACK_SEPARATOR), (code) => tree.index.get(code) ?? -1);
        nodesOf[pi]!.set(codes, nodes);
      }
      checkPacked('score', nodes.length, naFlags.length);
      const off = u * tree.size;
      let cell = 0;
      let value = 0;
      let isNull = false;
      for (let i = 0; i <= points.length; i++) {
        const ch = i < points.length ? points.charCodeAt(i) : 32;
        if (ch === 45) isNull = true;
        else if (ch !== 32) value = value * 10 + (ch - 48);
        else {
          const n = nodes[cell]!;
          if (n >= 0) {
            // NULL points roll up as 0, like an absent cell.
            table.points[off + n] = isNull ? 0 : value;
            table.scored[off + n] = isNull ? 0 : 1;
            table.notApplicable[off + n] = naFlags.charCodeAt(cell) === 49 ? 1 : 0;
          }
          cell++;
          value = 0;
          isNull = false;
        }
      }
      checkPacked('score', nodes.length, cell);
    }
    return tables;
  }
  /** Every final that says something (points or a not-applicable mark), read packed: no object per row. */
  eachFinal(campaignId: number, visit: (unitCode: string, criterionCode: string, pointsMilli: number | null, notApplicable: boolean) => void): void {
    const lists = new Map<string, string[]>();
    for (const [unitCode, codes, naFlags, points] of this.tableStmt.all(campaignId)) {
      let list = lists.get(codes);
      if (!list) lists.set(codes, (list = codes.split(PACK_SEPARATOR)));
      const values = unpackNumbers(points);
      checkPacked('score', list.length, naFlags.length, values.length);
      for (let i = 0; i < list.length; i++) visit(unitCode, list[i]!, values[i]!, naFlags.charCodeAt(i) === 49);
    }
  }
  listByUnit(campaignId: number, unitCode: string): ScoreEntry[] {
    return scoreEntriesOf(unitCode, this.byUnit.get(campaignId, unitCode));
  }
  get(campaignId: number, unitCode: string, criterionCode: string): StoredScore | undefined {
    const row = this.cell.get(campaignId, unitCode, criterionCode);
    return row ? { ...toScore(row), revision: row.revision } : undefined;
  }
  /** A campaign's scores (300,000 rows for 3,000 units), a few hundred per statement, in their order. */
  insertAll(campaignId: number, scores: readonly ScoreEntry[], at: string): void {
    const values: unknown[] = [];
    for (const s of scores) values.push(campaignId, s.unitCode, s.criterionCode, s.selfMilli, s.pointsMilli, s.notApplicable ? 1 : 0, s.note, s.explanation ?? '', at);
    this.insertAllStmt.run(values);
  }
  setPoints(campaignId: number, unitCode: string, criterionCode: string, pointsMilli: number | null, at: string): void {
    this.setPointsStmt.run(campaignId, unitCode, criterionCode, pointsMilli, at);
  }
  setNotApplicable(campaignId: number, unitCode: string, criterionCode: string, na: boolean, at: string): void {
    this.setNaStmt.run(campaignId, unitCode, criterionCode, na ? 1 : 0, at);
  }
  /** setPoints for many cells, in their order. */
  setPointsAll(campaignId: number, cells: ReadonlyArray<{ unitCode: string; criterionCode: string; pointsMilli: number | null }>, at: string): void {
    const values: unknown[] = [];
    for (const c of cells) values.push(campaignId, c.unitCode, c.criterionCode, c.pointsMilli, at);
    this.setPointsAllStmt.run(values);
  }
  /** setNotApplicable for many cells, in their order. */
  setNotApplicableAll(campaignId: number, cells: ReadonlyArray<{ unitCode: string; criterionCode: string; notApplicable: boolean }>, at: string): void {
    const values: unknown[] = [];
    for (const c of cells) values.push(campaignId, c.unitCode, c.criterionCode, c.notApplicable ? 1 : 0, at);
    this.setNaAllStmt.run(values);
  }
  /** From a campaign package: the unit's self-assessment, explanation and not-applicable marks; final points untouched. */
  putSelf(campaignId: number, s: { unitCode: string; criterionCode: string; selfMilli: number | null; notApplicable: boolean; explanation: string; selfNotApplicable?: boolean | undefined; selfReason?: string | undefined }, at: string): void {
    this.putSelfStmt.run(campaignId, s.unitCode, s.criterionCode, s.selfMilli, s.notApplicable ? 1 : 0, s.explanation, s.selfNotApplicable ? 1 : 0, s.selfReason ?? '', at);
  }
}

export interface HistoryEntry {
  campaignId: number;
  at: string;
  actor: string;
  action: string;
  unitCode: string | null;
  criterionCode: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason?: string;
  source?: string;
  /** The member who acted, when it is this machine's member profile (names change, uids do not). */
  actorUid?: string | null;
}

/** A history row the member package carries: the member's own proposal and explanation actions. */
export interface MemberHistoryRow {
  id: number;
  at: string;
  action: string;
  unitCode: string | null;
  criterionCode: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
}

/** A history row among many written at once: what differs from row to row (see HistoryRepo.appendAll). */
export type HistoryRow = Pick<HistoryEntry, 'action' | 'unitCode' | 'criterionCode' | 'oldValue' | 'newValue'> & { reason: string };

export class HistoryRepo {
  private readonly insertStmt;
  private readonly insertAllStmt;
  private readonly cellStmt;
  private readonly memberSinceStmt;
  constructor(db: Db) {
    // Thousands of rows of one import, a few hundred per statement (see bulk.ts), in their order (ids follow it).
    this.insertAllStmt = new BulkWrite(
      db,
      'INSERT INTO history (campaign_id, at, actor, source, actor_uid, action, unit_code, criterion_code, old_value, new_value, reason)',
      '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.memberSinceStmt = db.prepare<[number, number, string], MemberHistoryRow>(
      `SELECT id, at, action, unit_code AS unitCode, criterion_code AS criterionCode, old_value AS oldValue, new_value AS newValue, reason
       FROM history WHERE campaign_id = ? AND id > ? AND actor_uid = ? AND (action LIKE 'proposal.%' OR action LIKE 'explanation.%') ORDER BY id`,
    );
    this.cellStmt = db.prepare<[number, string, string], HistoryView>(
      `SELECT at, actor, action, old_value AS oldValue, new_value AS newValue, reason, source FROM history
       WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? ORDER BY id DESC LIMIT 200`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO history (campaign_id, at, actor, action, unit_code, criterion_code, old_value, new_value, reason, source, actor_uid)
       VALUES (@campaignId, @at, @actor, @action, @unitCode, @criterionCode, @oldValue, @newValue, @reason, @source, @actorUid)`,
    );
  }
  append(e: HistoryEntry): void {
    this.insertStmt.run({ reason: '', source: '', actorUid: null, ...e });
  }
  /** Rows sharing their campaign, time, actor and source, a few hundred per statement: the same rows `append` would write one by one. */
  appendAll(common: { campaignId: number; at: string; actor: string; source?: string; actorUid?: string | null }, rows: readonly HistoryRow[]): void {
    const { campaignId, at, actor } = common;
    const source = common.source ?? '';
    const actorUid = common.actorUid ?? null;
    const values: unknown[] = [];
    for (const r of rows) values.push(campaignId, at, actor, source, actorUid, r.action, r.unitCode, r.criterionCode, r.oldValue, r.newValue, r.reason);
    this.insertAllStmt.run(values);
  }
  /** The member's proposal and explanation rows after `sinceId`, oldest first; keyed by uid, so a renamed profile keeps them. */
  memberActionsSince(campaignId: number, sinceId: number, memberUid: string): MemberHistoryRow[] {
    return this.memberSinceStmt.all(campaignId, sinceId, memberUid);
  }
  /** Newest first. */
  forCell(campaignId: number, unitCode: string, criterionCode: string): HistoryView[] {
    return this.cellStmt.all(campaignId, unitCode, criterionCode);
  }
}

export class MetaRepo {
  private readonly get_;
  private readonly set_;
  constructor(db: Db) {
    this.get_ = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?');
    this.set_ = db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }
  get(key: string): string | undefined {
    return this.get_.get(key)?.value;
  }
  set(key: string, value: string): void {
    this.set_.run(key, value);
  }
}

export interface PreviousRowRecord {
  code: string;
  name: string;
  group: string;
  indexHundredths: number;
  rank: number | null;
}

export class PreviousRepo {
  private readonly rows_;
  private readonly source_;
  private readonly mappings_;
  private readonly insertRow;
  private readonly setSource;
  private readonly deleteRows;
  private readonly deleteSource;
  private readonly upsertMapping;
  private readonly deleteMapping;
  private readonly deleteMappings;
  constructor(db: Db) {
    this.rows_ = db.prepare<[number], { code: string; name: string; group: string; indexHundredths: number; rank: number | null }>(
      `SELECT prev_code AS code, prev_name AS name, prev_group AS "group", index_hundredths AS indexHundredths, rank
       FROM previous_result WHERE campaign_id = ? ORDER BY prev_group, rank, prev_name`,
    );
    this.source_ = db.prepare<[number], { year: number; fileName: string; importedAt: string }>(
      'SELECT year, file_name AS fileName, imported_at AS importedAt FROM previous_source WHERE campaign_id = ?',
    );
    this.mappings_ = db.prepare<[number], { unit_code: string; prev_code: string | null }>(
      'SELECT unit_code, prev_code FROM previous_mapping WHERE campaign_id = ?',
    );
    this.insertRow = db.prepare(
      'INSERT INTO previous_result (campaign_id, prev_code, prev_name, prev_group, index_hundredths, rank) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.setSource = db.prepare(
      `INSERT INTO previous_source (campaign_id, year, file_name, imported_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (campaign_id) DO UPDATE SET year = excluded.year, file_name = excluded.file_name, imported_at = excluded.imported_at`,
    );
    this.deleteRows = db.prepare('DELETE FROM previous_result WHERE campaign_id = ?');
    this.deleteSource = db.prepare('DELETE FROM previous_source WHERE campaign_id = ?');
    this.upsertMapping = db.prepare(
      `INSERT INTO previous_mapping (campaign_id, unit_code, prev_code) VALUES (?, ?, ?)
       ON CONFLICT (campaign_id, unit_code) DO UPDATE SET prev_code = excluded.prev_code`,
    );
    this.deleteMapping = db.prepare('DELETE FROM previous_mapping WHERE campaign_id = ? AND unit_code = ?');
    this.deleteMappings = db.prepare('DELETE FROM previous_mapping WHERE campaign_id = ?');
  }
  rows(campaignId: number): PreviousRowRecord[] {
    return this.rows_.all(campaignId);
  }
  source(campaignId: number): { year: number; fileName: string; importedAt: string } | undefined {
    return this.source_.get(campaignId);
  }
  mappings(campaignId: number): Map<string, string | null> {
    return new Map(this.mappings_.all(campaignId).map((m) => [m.unit_code, m.prev_code]));
  }
  /** Replaces the previous results; manual mappings are kept (one pointing to a vanished code matches nothing). */
  replace(campaignId: number, rows: readonly PreviousRowRecord[], source: { year: number; fileName: string; importedAt: string }): void {
    this.deleteRows.run(campaignId);
    for (const r of rows) this.insertRow.run(campaignId, r.code, r.name, r.group, r.indexHundredths, r.rank);
    this.setSource.run(campaignId, source.year, source.fileName, source.importedAt);
  }
  map(campaignId: number, unitCode: string, prevCode: string | null): void {
    this.upsertMapping.run(campaignId, unitCode, prevCode);
  }
  unmap(campaignId: number, unitCode: string): void {
    this.deleteMapping.run(campaignId, unitCode);
  }
  clear(campaignId: number): void {
    this.deleteRows.run(campaignId);
    this.deleteSource.run(campaignId);
    this.deleteMappings.run(campaignId);
  }
}

export interface HistoryView {
  at: string;
  actor: string;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  source: string;
}

export interface Repositories {
  db: Db;
  campaigns: CampaignRepo;
  criteria: CriteriaRepo;
  groups: GroupRepo;
  units: UnitRepo;
  scores: ScoreRepo;
  history: HistoryRepo;
  meta: MetaRepo;
  previous: PreviousRepo;
  members: MemberRepo;
  proposals: ProposalRepo;
  explanations: ExplanationRepo;
  exchange: ExchangeRepo;
  evidence: EvidenceRepo;
  rounds: RoundRepo;
  calendar: CalendarRepo;
  unitIdentities: UnitIdentityRepo;
  selfAssessment: SelfAssessmentRepo;
  tracker: TrackerRepo;
  sheets: SheetRepo;
}

export function createRepositories(db: Db): Repositories {
  return {
    db,
    campaigns: new CampaignRepo(db),
    criteria: new CriteriaRepo(db),
    groups: new GroupRepo(db),
    units: new UnitRepo(db),
    scores: new ScoreRepo(db),
    history: new HistoryRepo(db),
    meta: new MetaRepo(db),
    previous: new PreviousRepo(db),
    members: new MemberRepo(db),
    proposals: new ProposalRepo(db),
    explanations: new ExplanationRepo(db),
    exchange: new ExchangeRepo(db),
    evidence: new EvidenceRepo(db),
    rounds: new RoundRepo(db),
    calendar: new CalendarRepo(db),
    unitIdentities: new UnitIdentityRepo(db),
    selfAssessment: new SelfAssessmentRepo(db),
    tracker: new TrackerRepo(db),
    sheets: new SheetRepo(db),
  };
}
