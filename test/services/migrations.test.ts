// Databases made by every earlier schema version open and migrate (fixtures in test/fixtures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import Database from 'better-sqlite3';
import { computeRanking, type Ranking } from '../../shared/calc.js';
import { DEFAULT_SET, type Criterion, type CriterionKind, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';
import { tempDir } from '../helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** The ranking the old file's own rows give, read with plain SQL of schema 1 before any migration. */
function rankingFromRawTables(file: string): Ranking {
  const raw = new Database(file, { readonly: true });
  try {
    const criteria = raw.prepare<[], { code: string; parent_code: string | null; name: string; max_milli: number; kind: CriterionKind; rule: string; position: number }>(
      'SELECT code, parent_code, name, max_milli, kind, rule, position FROM criterion WHERE campaign_id = 1',
    ).all().map((c): Criterion => ({ setCode: DEFAULT_SET.code, code: c.code, parentCode: c.parent_code, name: c.name, maxMilli: c.max_milli, kind: c.kind, rule: c.rule, position: c.position }));
    const bands = raw.prepare<[], { group_code: string; label: string; from_hundredths: number }>('SELECT group_code, label, from_hundredths FROM band WHERE campaign_id = 1 ORDER BY from_hundredths DESC').all();
    const groups = raw.prepare<[], { code: string; name: string; ranked: number; position: number }>('SELECT code, name, ranked, position FROM unit_group WHERE campaign_id = 1').all()
      .map((g): UnitGroup => ({ code: g.code, name: g.name, setCode: DEFAULT_SET.code, ranked: g.ranked === 1, position: g.position, bands: bands.filter((b) => b.group_code === g.code).map((b) => ({ label: b.label, fromHundredths: b.from_hundredths })) }));
    const units = raw.prepare<[], { code: string; name: string; group_code: string; position: number }>('SELECT code, name, group_code, position FROM unit WHERE campaign_id = 1').all()
      .map((u): Unit => ({ code: u.code, name: u.name, groupCode: u.group_code, position: u.position }));
    const scores = raw.prepare<[], { unit_code: string; criterion_code: string; points_milli: number | null; not_applicable: number }>('SELECT unit_code, criterion_code, points_milli, not_applicable FROM score WHERE campaign_id = 1').all()
      .map((r): ScoreEntry => ({ unitCode: r.unit_code, criterionCode: r.criterion_code, selfMilli: null, pointsMilli: r.points_milli, notApplicable: r.not_applicable === 1, note: '' }));
    return computeRanking(criteria, groups, units, scores);
  } finally {
    raw.close();
  }
}
const latest = loadMigrations().length;

/**
 * What an older row becomes at the latest schema: schema 8 gave every campaign its index rules at the
 * defaults; schema 9 put every criterion, group and assignment in the one default set. Rows are compared
 * in a fixed order (by their whole content), since a new column changes what "ORDER BY 1, 2, 3" sorts on.
 */
/** Schema 11's new columns, as a row of an earlier schema reads after migrating: the unit's own side empty, N/A allowed. */
const withUnitColumns = (table: string, rows: unknown[]): unknown[] =>
  table === 'score' ? (rows as Array<Record<string, unknown>>).map((c) => ({ ...c, self_not_applicable: 0, self_reason: '', self_inputs: '', self_revision: 0 }))
    : table === 'criterion' ? (rows as Array<Record<string, unknown>>).map((c) => ({ ...c, na_allowed: 1 }))
      : rows;
const withDefaultIndexRules = (table: string, rows0: unknown[]): unknown[] => {
  const rows = withUnitColumns(table, rows0);
  return sorted(
    table === 'campaign' ? (rows as Array<Record<string, unknown>>).map((c) => ({ ...c, index_capped: 1, tie_ranking: 'competition' }))
      : ['assignment', 'criterion', 'unit_group'].includes(table) ? (rows as Array<Record<string, unknown>>).map((c) => ({ ...c, set_code: 'CHUNG' }))
        : rows,
  );
};
const sorted = (rows: unknown[]): unknown[] => {
  const key = (r: unknown) => JSON.stringify(Object.entries(r as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

test('every earlier schema has a fixture', () => {
  for (let v = 1; v < latest; v++) assert.ok(existsSync(join(fixtures, `schema-${v}.sqlite`)), `test/fixtures/schema-${v}.sqlite is missing`);
});

for (let version = 1; version < latest; version++) {
  test(`a schema-${version} database migrates to ${latest}, backed up first, its data intact`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'par.sqlite');
      copyFileSync(join(fixtures, `schema-${version}.sqlite`), file);
      const expected = rankingFromRawTables(file);
      const db = openDatabase(file);
      assert.equal(db.pragma('user_version', { simple: true }), latest);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      const s = createServices(db);
      const id = s.campaigns.list()[0]!.id;
      // The old campaigns were never finalised: the same numbers, marked provisional.
      assert.deepEqual(s.scoring.ranking(id), { ...expected, provisional: true });
      db.close();
      assert.equal(readdirSync(join(dir, 'backups')).length, 1);
    } finally {
      cleanup();
    }
  });
}

test('a schema-4 database migrates to 5: members, proposals, decisions (as round 1), conflicts and package imports intact', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    copyFileSync(join(fixtures, 'schema-4.sqlite'), file);
    const tables = ['member', 'assignment', 'proposal', 'conflict', 'package_import', 'explanation_request', 'score'];
    const raw = new Database(file, { readonly: true });
    const before = Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
    const decisionsBefore = raw.prepare('SELECT * FROM decision ORDER BY unit_code, criterion_code').all() as Array<Record<string, unknown>>;
    const policyBefore = raw.prepare('SELECT policy, divergence_milli, self_gap_milli FROM campaign').all();
    raw.close();
    assert.ok(decisionsBefore.length > 0 && (before.conflict as unknown[]).length > 0 && (before.package_import as unknown[]).length > 0, 'the fixture holds what it should');

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const t of tables) assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()), withDefaultIndexRules(t, before[t] as unknown[]), `${t} unchanged`);
    assert.deepEqual(db.prepare('SELECT policy, divergence_milli, self_gap_milli FROM campaign').all(), policyBefore);
    assert.deepEqual(
      db.prepare('SELECT * FROM decision ORDER BY unit_code, criterion_code').all(),
      decisionsBefore.map((d) => ({ ...d, round: 1 })),
      'every decision kept, as a round-1 decision',
    );
    const s = createServices(db);
    const id = s.campaigns.list()[0]!.id;
    assert.equal(s.rounds.current(id), 1, 'an existing campaign is in round 1');
    assert.equal(s.repos.exchange.decisionsOf(id).length, decisionsBefore.length, 'the decisions are the current round\'s');
    const report = s.consolidation.report(id);
    assert.equal(report.round, 1);
    assert.deepEqual(report.conflicts.map((c) => [c.unitCode, c.criterionCode, c.decidedMilli]), [['XP09', '2.1.2', 1250]]);
    db.close();
  } finally {
    cleanup();
  }
});

test('a schema-5 database migrates to 6: rounds, decisions per round, evidence links (now with their size) and blobs intact', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    copyFileSync(join(fixtures, 'schema-5.sqlite'), file);
    const tables = ['campaign', 'round_result', 'decision', 'proposal', 'evidence_blob', 'member', 'conflict', 'package_import'];
    const raw = new Database(file, { readonly: true });
    const before = Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
    const linksBefore = raw.prepare('SELECT e.*, b.size FROM evidence e JOIN evidence_blob b USING (sha256) ORDER BY e.id').all() as Array<Record<string, unknown>>;
    raw.close();
    assert.ok(linksBefore.length >= 4 && (before.round_result as unknown[]).length > 0, 'the fixture holds what it should');

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const t of tables) assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()), withDefaultIndexRules(t, before[t] as unknown[]), `${t} unchanged`);
    // Every link kept with its id; its size now on the link itself, equal to its blob's.
    assert.deepEqual(db.prepare('SELECT * FROM evidence ORDER BY id').all(), linksBefore.map((l) => ({ ...l, origin: 'local' })), 'links attached here stay "local"');
    const s = createServices(db, { dataDir: dir });
    const id = s.campaigns.list()[0]!.id;
    assert.equal(s.rounds.current(id), 2);
    const xp09 = s.evidence.list(id, 'XP09');
    assert.deepEqual(xp09.criteria.flatMap((g) => g.items.map((i) => [g.criterionCode, i.fileName, i.size, i.available])), [
      ['2.1.1', 'ghi-chu.txt', 77, true],
      ['2.1.2', 'Biên bản họp.png', 120_000, true],
    ]);
    // A link may now name a blob that has not arrived (what a member's campaign package brings).
    db.prepare("INSERT INTO evidence (campaign_id, unit_code, criterion_code, sha256, original_name, media_type, size, added_by, added_at) VALUES (?, 'SBN02', '2.1.1', ?, 'Chưa đến.pdf', 'application/pdf', 10, 'Tổ thư ký', '2025-05-01')").run(id, 'f'.repeat(64));
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.equal(s.evidence.list(id, 'SBN02').criteria[0]!.items[0]!.available, false);
    s.evidence.dispose();
    db.close();
  } finally {
    cleanup();
  }
});

test('a schema-6 database migrates to 7: registered members recorded, the profile\'s own history keyed by its uid, everything else intact', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    copyFileSync(join(fixtures, 'schema-6.sqlite'), file);
    const tables = ['campaign', 'member', 'assignment', 'proposal', 'decision', 'conflict', 'package_import', 'explanation_request', 'evidence', 'evidence_blob', 'round_result'];
    const raw = new Database(file, { readonly: true });
    const before = Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
    const historyBefore = raw.prepare('SELECT * FROM history ORDER BY id').all() as Array<Record<string, unknown>>;
    raw.close();
    assert.ok(historyBefore.some((h) => h.action === 'member.register'), 'the fixture holds a registration');

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const t of tables) assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()), withDefaultIndexRules(t, before[t] as unknown[]), `${t} unchanged`);
    // Only the profile's own hand-made rows (m-1, written under its old name) are keyed by its uid.
    const mine = new Set(['proposal.points|', 'explanation.request|']);
    assert.deepEqual(
      db.prepare('SELECT * FROM history ORDER BY id').all(),
      historyBefore.map((h) => ({ ...h, actor_uid: mine.has(`${String(h.action)}|${String(h.source)}`) ? 'm-1' : null })),
    );
    const s = createServices(db, { dataDir: dir });
    assert.equal(s.repos.members.isRegistered('m-2'), true, 'a member registered by hand stays registered: packages never replace its key');
    assert.equal(s.repos.members.isRegistered('m-1'), false);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM member_history').get(), { n: 0 });
    s.evidence.dispose();
    db.close();
  } finally {
    cleanup();
  }
});

test('a schema-7 database migrates to 8: every campaign gets the default index rules (capped, 1-2-2-4), every table intact, and the rules can then be changed', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    copyFileSync(join(fixtures, 'schema-7.sqlite'), file);
    const tables = ['campaign', 'score', 'member', 'member_history', 'proposal', 'decision', 'round_result', 'evidence', 'history'];
    const raw = new Database(file, { readonly: true });
    const before = Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
    raw.close();
    assert.equal((before.member_history as unknown[]).length, 1, 'the fixture holds a member\'s history');

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const t of tables) assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()), withDefaultIndexRules(t, before[t] as unknown[]), `${t} unchanged`);
    const s = createServices(db, { dataDir: dir });
    const id = s.campaigns.list()[0]!.id;
    assert.deepEqual(s.campaigns.require(id).indexRules, { capIndex: true, tieRanking: 'competition' });
    const sbn = () => s.scoring.ranking(id).groups.find((g) => g.code === 'SBN')!.rows;
    const pick = (rows: ReturnType<typeof sbn>) => rows.filter((r) => r.unitCode === 'SBN10' || r.unitCode === 'SBN11').map((r) => [r.unitCode, r.totalMilli, r.indexHundredths, r.rank]);
    // Capped as before: 101 and 102 points both publish 100 % and share first place (listed by name).
    assert.deepEqual(pick(sbn()), [['SBN10', 101_000, 10000, 1], ['SBN11', 102_000, 10000, 1]]);
    s.campaigns.update({ campaignId: id, indexRules: { capIndex: false, tieRanking: 'dense' } }, 'Tổ thư ký');
    assert.deepEqual(pick(sbn()), [['SBN11', 102_000, 10200, 1], ['SBN10', 101_000, 10100, 2]]);
    s.evidence.dispose();
    db.close();
  } finally {
    cleanup();
  }
});

test('a schema-8 database migrates to 9: every campaign becomes one criteria set "CHUNG" holding its criteria, groups and assignments; every cell intact', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    copyFileSync(join(fixtures, 'schema-8.sqlite'), file);
    const cells = ['score', 'proposal', 'decision', 'round_result', 'evidence', 'explanation_request', 'conflict', 'member_history', 'history', 'campaign'];
    const moved = ['criterion', 'unit_group', 'assignment'];
    const raw = new Database(file, { readonly: true });
    const before = Object.fromEntries([...cells, ...moved].map((t) => [t, raw.prepare(`SELECT * FROM ${t}`).all()]));
    raw.close();
    assert.ok((before.assignment as unknown[]).length >= 2 && (before.evidence as unknown[]).length > 0 && (before.decision as unknown[]).length > 0, 'the fixture holds assignments, evidence and decisions');

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const t of cells) assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t}`).all()), sorted(withUnitColumns(t, before[t] as unknown[])), `${t} unchanged`);
    for (const t of moved) {
      const rows = (withUnitColumns(t, before[t] as unknown[]) as Array<Record<string, unknown>>).map((r) => ({ ...r, set_code: 'CHUNG' }));
      assert.deepEqual(sorted(db.prepare(`SELECT * FROM ${t}`).all()), sorted(rows), `${t}: every row in set CHUNG`);
    }
    assert.deepEqual(db.prepare('SELECT campaign_id, code, name, position FROM criteria_set').all(), [{ campaign_id: 1, code: 'CHUNG', name: 'Bộ tiêu chí chung', position: 1 }]);
    const s = createServices(db, { dataDir: dir });
    const id = s.campaigns.list()[0]!.id;
    assert.deepEqual(s.campaigns.detail(id).sets.map((x) => [x.code, x.areas.length]), [['CHUNG', 8]]);
    assert.ok(s.scoring.ranking(id).groups.every((g) => g.setCode === 'CHUNG' && g.areas.length === 8));
    // An assignment reads as before: one set, bare area codes.
    const withAreas = s.workspace.members(id).filter((m) => m.areas.length > 0);
    assert.ok(withAreas.some((m) => m.areas.includes('3')), 'area 3 as written before');
    assert.ok(withAreas.every((m) => m.areas.every((a) => /^\d+$/.test(a))));
    s.evidence.dispose();
    db.close();
  } finally {
    cleanup();
  }
});
