// Hostile backups whose every hash is right: the database carries objects the migrations never made
// (a trigger that rewrites scores and deletes history on the next write, a view, a table), lacks one,
// or changes one; or it verifies but cannot be migrated. Verify and restore refuse them through every
// door (dispatch, `par backup verify`, `par restore`), and the database and the evidence store stay
// byte-for-byte as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import { createBackup, verifyBackup } from '../../electron/backup/archive.js';
import { par, smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';
import { ACTOR, attach, chosen, craftArchive, dataFingerprint, fileTree, UNIT, withWorld } from './support.js';

const ctx = { actor: ACTOR };

const TRIGGER = `CREATE TRIGGER rewrite_scores AFTER INSERT ON history BEGIN
  UPDATE score SET points_milli = 0 WHERE points_milli IS NOT NULL;
  DELETE FROM history WHERE id < NEW.id;
END`;

const HOSTILE: Array<[string, (db: Database.Database) => void, RegExp]> = [
  ['a trigger that rewrites scores and deletes history', (db) => db.exec(TRIGGER), /có trigger \(lệnh tự chạy\) "rewrite_scores" \(trên bảng "history"\) không do ứng dụng tạo ra/],
  ['an extra table', (db) => db.exec('CREATE TABLE ghi_chu_la (x TEXT)'), /có bảng "ghi_chu_la" không do ứng dụng tạo ra/],
  ['a view', (db) => db.exec('CREATE VIEW tong_hop AS SELECT * FROM score'), /có khung nhìn \(view\) "tong_hop"/],
  ['an index of its own', (db) => db.exec('CREATE INDEX score_points ON score (points_milli)'), /có chỉ mục "score_points" \(trên bảng "score"\)/],
  ['a missing index', (db) => db.exec('DROP INDEX evidence_by_cell'), /thiếu chỉ mục "evidence_by_cell"/],
  ['a table whose constraints were removed', (db) => {
    db.exec('CREATE TABLE app_meta_x (key TEXT, value TEXT); INSERT INTO app_meta_x SELECT key, value FROM app_meta; DROP TABLE app_meta; ALTER TABLE app_meta_x RENAME TO app_meta');
  }, /bảng "app_meta" khác với cấu trúc ứng dụng tạo ra/],
];

test('a backup carrying foreign schema objects is refused by verify and restore, naming the object; nothing changes', withWorld(async (w) => {
  await attach(w, w.leaves[0]!, 'Minh chứng.pdf', 8000);
  const made = await w.app.backup.create('manual');
  const good = join(w.dataDir, 'backups', made.name);
  const beforeData = dataFingerprint(w.app.db);
  for (const [name, edit, reason] of HOSTILE) {
    const crafted = join(w.scratch, 'crafted.parbak');
    await craftArchive(good, crafted, w.scratch, edit);
    await assert.rejects(verifyBackup(crafted, 'crafted.parbak'), (e: unknown) => e instanceof AppError && reason.test(e.message), `${name}: verify`);
    const beforeFiles = fileTree(w.dataDir, []);
    const r = await w.app.dispatch('backup/restore', { source: { kind: 'file', fileToken: await chosen(w, crafted) } }, ctx);
    assert.ok(!r.ok, `${name}: restored`);
    assert.match(r.error.message, reason, name);
    assert.match(r.error.message, /lược đồ \d+ của ứng dụng/, name);
    assert.match(r.error.message, /Không có gì bị thay đổi/, name);
    assert.deepEqual(fileTree(w.dataDir, []), beforeFiles, `${name}: files changed`);
    assert.equal(dataFingerprint(w.app.db), beforeData, name);
  }
  // The untouched archive of the same data still verifies: our own schema is exactly the reference.
  assert.equal((await verifyBackup(good, made.name)).evidenceFiles, 1);
  const r = await w.app.dispatch('backup/restore', { source: { kind: 'file', fileToken: await chosen(w, good) } }, ctx);
  assert.ok(r.ok, JSON.stringify(r));
}));

/** Schema 4 with a decision for a unit that does not exist (written with foreign keys off): it passes
 * integrity_check and the schema comparison, but migration 5 copies decisions into a table whose
 * foreign key refuses that row. */
async function unmigratableArchive(dir: string): Promise<string> {
  const oldDir = join(dir, 'old');
  const old = openDatabase(join(oldDir, 'par.sqlite'), { migrations: loadMigrations().slice(0, 4) });
  old.pragma('foreign_keys = OFF');
  old.prepare("INSERT INTO decision (campaign_id, unit_code, criterion_code, points_milli, reason, decided_by, decided_at) VALUES (1, 'KHONG_CO', '1.1.1', 500, 'x', 'x', '2026-01-01')").run();
  const archive = join(dir, 'khong-nang-cap-duoc.parbak');
  await createBackup({ db: old, dataDir: oldDir, out: archive, appVersion: '0.1.0' });
  old.close();
  return archive;
}

test('an archive that verifies but cannot be migrated is refused before the live database is touched (app)', withWorld(async (w) => {
  await attach(w, w.leaves[0]!, 'Minh chứng.pdf', 8000);
  const archive = await unmigratableArchive(w.scratch);
  assert.equal((await verifyBackup(archive, 'x')).manifest.schemaVersion, 4);
  const beforeData = dataFingerprint(w.app.db);
  const beforeFiles = fileTree(w.dataDir, []);
  const r = await w.app.dispatch('backup/restore', { source: { kind: 'file', fileToken: await chosen(w, archive) } }, ctx);
  assert.ok(!r.ok);
  assert.match(r.error.message, /không nâng cấp được cơ sở dữ liệu trong tệp/);
  assert.match(r.error.message, /Không có gì bị thay đổi/);
  assert.deepEqual(fileTree(w.dataDir, []), beforeFiles);
  assert.equal(dataFingerprint(w.app.db), beforeData);
  // The app carries on with its own data.
  const set = await w.app.dispatch('score/set', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: w.leaves[0]!, pointsMilli: 250, reason: 'Thẩm định lại theo hồ sơ' }, ctx);
  assert.ok(set.ok, JSON.stringify(set));
}));

test('par backup verify and par restore refuse a foreign trigger; par restore refuses an unmigratable archive; the data folder is byte-for-byte unchanged', async () => {
  const { dir, cleanup } = tempDir('par-backup-schema-');
  try {
    const wb = join(dir, 'đợt.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const data = join(dir, 'data');
    const db = join(data, 'par.sqlite');
    assert.equal(par('import', wb, '--db', db).code, 0);
    const evidence = join(data, 'evidence', 'ab');
    mkdirSync(evidence, { recursive: true });
    const good = join(dir, 'tốt.parbak');
    assert.equal(par('backup', '--db', db, '--out', good).code, 0);
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    const hostile = join(dir, 'có trigger.parbak');
    await craftArchive(good, hostile, scratch, (d) => d.exec(TRIGGER));
    const before = fileTree(data, []);

    const verified = par('backup', 'verify', hostile);
    assert.notEqual(verified.code, 0, verified.out);
    assert.match(verified.err, /trigger \(lệnh tự chạy\) "rewrite_scores"/);
    const restored = par('restore', '--db', db, hostile, '--yes');
    assert.notEqual(restored.code, 0, restored.out);
    assert.match(restored.err, /"rewrite_scores".*Không có gì bị thay đổi/s);
    assert.deepEqual(fileTree(data, []), before);

    const unmigratable = await unmigratableArchive(scratch);
    assert.equal(par('backup', 'verify', unmigratable).code, 0, 'it verifies: the failure shows only when migrating');
    const r = par('restore', '--db', db, unmigratable, '--yes');
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.err, /không nâng cấp được cơ sở dữ liệu trong tệp.*Không có gì bị thay đổi/s);
    assert.deepEqual(fileTree(data, []), before, 'the live database was replaced');
    // And the database still opens and answers.
    assert.equal(par('rank', '--db', db, '--json').code, 0);
  } finally {
    cleanup();
  }
});
