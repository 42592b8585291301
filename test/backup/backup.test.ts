// Backup and restore with real parts: a real app on a temp folder, evidence attached through the
// EvidenceService, real archives read back by the system's tar, and broken archives made by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupCreated, BackupOverview } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import { createBackup, verifyBackup } from '../../electron/backup/archive.js';
import { ACTOR, attach, chosen, dataFingerprint, fileTree, readEntries, sha256, UNIT, withManifest, withWorld, writeEntries, type World } from './support.js';

const ctx = { actor: ACTOR };

async function score(w: World, criterionCode: string, pointsMilli: number): Promise<void> {
  const r = await w.app.dispatch('score/set', { campaignId: w.campaignId, unitCode: UNIT, criterionCode, pointsMilli, reason: 'Thẩm định lại theo hồ sơ' }, ctx);
  assert.ok(r.ok, JSON.stringify(r));
}

async function pointsOf(w: World, criterionCode: string): Promise<number | null> {
  const r = await w.app.dispatch('sheet/get', { campaignId: w.campaignId, unitCode: UNIT }, ctx);
  assert.ok(r.ok);
  return (r.value as { rows: Array<{ code: string; pointsMilli: number | null }> }).rows.find((x) => x.code === criterionCode)!.pointsMilli;
}

test('round trip: backup, change scores and evidence, restore → identical data and evidence, through dispatch', withWorld(async (w) => {
  const [a, b, c] = w.leaves;
  await score(w, a!, 500);
  const cBefore = await pointsOf(w, c!);
  const h1 = await attach(w, a!, 'Kế hoạch.pdf');
  const h2 = await attach(w, b!, 'Báo cáo.docx', 300_000);
  const created = await w.app.dispatch('backup/create', {}, ctx);
  assert.ok(created.ok, JSON.stringify(created));
  const made = created.value as { name: string; evidenceFiles: number; missingBlobs: number };
  assert.match(made.name, /^sao-luu-\d{8}-\d{6}\.parbak$/);
  assert.equal(made.evidenceFiles, 2);
  assert.equal(made.missingBlobs, 0);
  const archive = join(w.dataDir, 'backups', made.name);
  // A standard tar: the system's tar lists exactly the database, the two blobs and the manifest.
  const listed = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n').sort(), ['database/par.sqlite', `evidence/${h1.slice(0, 2)}/${h1}`, `evidence/${h2.slice(0, 2)}/${h2}`, 'manifest.json'].sort());

  const before = dataFingerprint(w.app.db);
  const evidenceBefore = JSON.stringify(w.app.services.evidence.list(w.campaignId, UNIT));

  // Change everything: scores, a removed link, a new file, and a blob lost from the store.
  await score(w, a!, 0);
  await score(w, c!, 250);
  const item = w.app.services.evidence.list(w.campaignId, UNIT).criteria[0]!.items[0]!;
  w.app.services.evidence.remove(item.id, ACTOR);
  await attach(w, c!, 'Mới.png');
  rmSync(join(w.dataDir, 'evidence', h2.slice(0, 2), h2));
  assert.notEqual(dataFingerprint(w.app.db), before);
  const oldServices = w.app.services;

  const restored = await w.app.dispatch('backup/restore', { source: { kind: 'saved', name: made.name } }, ctx);
  assert.ok(restored.ok, JSON.stringify(restored));
  const r = restored.value as { evidenceAdded: number; safetyCopy: string; campaigns: number };
  assert.equal(r.evidenceAdded, 1, 'the lost blob comes back');
  assert.equal(r.campaigns, 1);
  assert.ok(existsSync(r.safetyCopy), 'the replaced database is kept');
  assert.match(r.safetyCopy, /before-restore-.*\.sqlite$/);
  // The safety copy holds the data as it was just before the restore.
  const safety = new Database(r.safetyCopy, { readonly: true });
  assert.equal((safety.prepare("SELECT count(*) AS n FROM evidence WHERE original_name = 'Mới.png'").get() as { n: number }).n, 1);
  safety.close();

  assert.notEqual(w.app.services, oldServices, 'services were rebuilt on the restored database');
  assert.equal(dataFingerprint(w.app.db), before);
  assert.equal(JSON.stringify(w.app.services.evidence.list(w.campaignId, UNIT)), evidenceBefore);
  assert.equal(await pointsOf(w, a!), 500);
  assert.equal(await pointsOf(w, c!), cBefore);
  const report = await w.app.services.evidence.verify(w.campaignId);
  assert.deepEqual([report.missing.length, report.altered.length, report.checkedFiles], [0, 0, 2]);
  // The app keeps working on the restored data: a write after the restore is kept.
  await score(w, b!, 750);
  assert.equal(await pointsOf(w, b!), 750);
}));

test('a backup restored from a chunked upload; the browser host refuses a path', withWorld(async (w) => {
  const [a] = w.leaves;
  await score(w, a!, 1000);
  const made = await w.app.backup.create('manual');
  await score(w, a!, 0);
  const bytes = readFileSync(join(w.dataDir, 'backups', made.name));
  const begin = await w.app.dispatch('backup/uploadBegin', { fileName: 'bản sao.parbak', size: bytes.length }, ctx);
  assert.ok(begin.ok, JSON.stringify(begin));
  const { uploadId, chunkBytes } = begin.value as { uploadId: string; chunkBytes: number };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const chunk = await w.app.dispatch('evidence/uploadChunk', { uploadId, offset, chunkBase64: bytes.subarray(offset, offset + chunkBytes).toString('base64') }, ctx);
    assert.ok(chunk.ok, JSON.stringify(chunk));
  }
  const restored = await w.app.dispatch('backup/restore', { source: { kind: 'upload', uploadId } }, ctx);
  assert.ok(restored.ok, JSON.stringify(restored));
  assert.equal(await pointsOf(w, a!), 1000);
  const wrongType = await w.app.dispatch('backup/uploadBegin', { fileName: 'ảnh.png', size: 10 }, ctx);
  assert.ok(!wrongType.ok);
  assert.match(wrongType.error.message, /không phải bản sao lưu/);
}));

test('a restore never takes a path from the page, only a file chosen in the shell’s dialog', withWorld(async (w) => {
  const r = await w.app.dispatch('backup/restore', { source: { kind: 'path', path: '/etc/passwd' } }, ctx);
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'invalid_input');
  const guessed = await w.app.dispatch('backup/restore', { source: { kind: 'file', fileToken: 'A'.repeat(32) } }, ctx);
  assert.ok(!guessed.ok);
  assert.equal(guessed.error.code, 'forbidden');
  const browser = await w.app.dispatch('file/choose', { purpose: 'backup' }, ctx);
  assert.ok(!browser.ok);
  assert.match(browser.error.message, /trình duyệt/);
}, { host: 'browser' }));

test('broken archives are refused with a Vietnamese reason; the database and the store stay byte-for-byte', withWorld(async (w) => {
  const [a, b] = w.leaves;
  await score(w, a!, 500);
  const blob = await attach(w, b!, 'Minh chứng.pdf', 20_000);
  const made = await w.app.backup.create('manual');
  const good = join(w.dataDir, 'backups', made.name);
  const entries = await readEntries(good);
  const dbIndex = entries.findIndex((e) => e.path === 'database/par.sqlite');
  const blobIndex = entries.findIndex((e) => e.path.endsWith(blob));
  const latest = loadMigrations().length;

  // A database of a newer schema, with a manifest that tells the truth about it.
  const newerDb = join(w.scratch, 'newer.sqlite');
  writeFileSync(newerDb, entries[dbIndex]!.data);
  const d = new Database(newerDb);
  d.pragma(`user_version = ${latest + 1}`);
  d.pragma('journal_mode = DELETE');
  d.close();
  const newerData = readFileSync(newerDb);

  const flip = (buf: Buffer, at: number) => {
    const copy = Buffer.from(buf);
    copy[at] = copy[at]! ^ 0xff;
    return copy;
  };
  const goodBytes = readFileSync(good);
  const cases: Array<[string, () => void, RegExp]> = [
    ['one byte of a blob changed', () => writeEntries(join(w.scratch, 'x.parbak'), entries.map((e, i) => (i === blobIndex ? { ...e, data: flip(e.data, 100) } : e))), /không khớp mã băm/],
    ['one byte of the database changed', () => writeEntries(join(w.scratch, 'x.parbak'), entries.map((e, i) => (i === dbIndex ? { ...e, data: flip(e.data, 5000) } : e))), /không khớp mã băm/],
    ['one byte of the file changed in a header', () => writeFileSync(join(w.scratch, 'x.parbak'), flip(goodBytes, 10)), /tổng kiểm tra/],
    ['truncated', () => writeFileSync(join(w.scratch, 'x.parbak'), goodBytes.subarray(0, goodBytes.length - 3000)), /cắt cụt/],
    ['an entry missing', () => writeEntries(join(w.scratch, 'x.parbak'), entries.filter((_, i) => i !== blobIndex)), /thiếu mục/],
    ['an extra entry', () => {
      const extra = Buffer.from('thêm');
      const h = sha256(extra);
      writeEntries(join(w.scratch, 'x.parbak'), [{ path: `evidence/${h.slice(0, 2)}/${h}`, data: extra }, ...entries]);
    }, /không được ghi trong tệp kê khai/],
    ['path traversal', () => {
      const evil = Buffer.from('evil');
      writeEntries(join(w.scratch, 'x.parbak'), withManifest([{ path: '../../evil.txt', data: evil }, ...entries], (m) => m.entries.push({ path: '../../evil.txt', size: 4, sha256: sha256(evil) })));
    }, /không an toàn/],
    ['the manifest lies about a hash', () => writeEntries(join(w.scratch, 'x.parbak'), withManifest(entries, (m) => {
      m.entries.find((e) => e.path === 'database/par.sqlite')!.sha256 = 'a'.repeat(64);
    })), /không khớp mã băm/],
    ['the manifest lies about a size', () => writeEntries(join(w.scratch, 'x.parbak'), withManifest(entries, (m) => {
      m.entries.find((e) => e.path.endsWith(blob))!.size += 1;
    })), /tệp kê khai ghi/],
    ['a newer schema', () => writeEntries(join(w.scratch, 'x.parbak'), withManifest(entries.map((e, i) => (i === dbIndex ? { ...e, data: newerData } : e)), (m) => {
      const entry = m.entries.find((e) => e.path === 'database/par.sqlite')!;
      entry.sha256 = sha256(newerData);
      entry.size = newerData.length;
      m.schemaVersion = latest + 1;
    })), /phiên bản mới hơn/],
    ['not a backup at all', () => writeFileSync(join(w.scratch, 'x.parbak'), Buffer.from('PK\x03\x04 không phải tar'.repeat(100))), /bị hỏng|không phải tệp sao lưu/],
  ];
  for (const [name, make, reason] of cases) {
    make();
    const beforeFiles = fileTree(w.dataDir, []);
    const r = await w.app.dispatch('backup/restore', { source: { kind: 'file', fileToken: await chosen(w, join(w.scratch, 'x.parbak')) } }, ctx);
    assert.ok(!r.ok, `${name}: accepted`);
    assert.match(r.error.message, reason, `${name}: ${r.error.message}`);
    assert.match(r.error.message, /Không có gì bị thay đổi/, name);
    assert.deepEqual(fileTree(w.dataDir, []), beforeFiles, `${name}: files changed`);
    assert.equal(existsSync(join(w.dir, 'evil.txt')) || existsSync(join(w.dataDir, '..', '..', 'evil.txt')), false, name);
    await assert.rejects(verifyBackup(join(w.scratch, 'x.parbak'), 'x.parbak'), AppError, name);
  }
  // The app carries on, and the good archive still restores.
  assert.equal(await pointsOf(w, a!), 500);
  assert.equal((await verifyBackup(good, made.name)).evidenceFiles, 1);
}));

test('an archive of an older schema restores and is migrated on reopening', withWorld(async (w) => {
  const old = join(w.scratch, 'old', 'par.sqlite');
  const oldDb = openDatabase(old, { migrations: loadMigrations().slice(0, 3) });
  assert.equal(oldDb.pragma('user_version', { simple: true }), 3);
  oldDb.prepare("INSERT INTO app_meta (key, value) VALUES ('marker', 'schema 3')").run();
  const archive = join(w.scratch, 'old.parbak');
  const made = await createBackup({ db: oldDb, dataDir: join(w.scratch, 'old'), out: archive, appVersion: '0.1.0' });
  oldDb.close();
  assert.equal(made.schemaVersion, 3);
  const r = await w.app.backup.restore({ kind: 'path', path: archive });
  assert.equal(r.schemaVersion, 3);
  assert.equal(w.app.db.pragma('user_version', { simple: true }), loadMigrations().length);
  assert.equal(w.app.services.repos.meta.get('marker'), 'schema 3');
  // Migrated in staging: the archive itself is the copy from before migrating, so none is made.
  assert.ok(!readdirSync(join(w.dataDir, 'backups')).some((n) => n.startsWith('before-schema-')));
}));

test('a backup made while the app keeps writing is consistent (every transaction whole, in order)', withWorld(async (w) => {
  // A bigger database makes the online backup take many steps, so writes land in between.
  w.app.db.prepare("INSERT INTO app_meta (key, value) VALUES ('padding', ?)").run('x'.repeat(8 * 1024 * 1024));
  const leaves = w.leaves.slice(0, 30);
  let done = false;
  let written = 0;
  const writer = (async () => {
    for (let i = 0; !done; i++) {
      await score(w, leaves[i % leaves.length]!, Math.floor(i / leaves.length) % 2 === 0 ? 250 : 0);
      written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const made = await w.app.backup.create('manual');
  done = true;
  await writer;
  assert.ok(written > 0);
  const copy = join(w.scratch, 'check.sqlite');
  const entries = await readEntries(join(w.dataDir, 'backups', made.name));
  writeFileSync(copy, entries.find((e) => e.path === 'database/par.sqlite')!.data);
  const db = new Database(copy);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  // Each score/set writes the score and its history row in one transaction: the copy has both or neither.
  const history = db.prepare<[], { criterion_code: string; new_value: string }>("SELECT criterion_code, new_value FROM history WHERE action = 'score.points' AND unit_code = 'SBN01' ORDER BY id").all();
  const lastByCell = new Map<string, string>();
  for (const h of history) lastByCell.set(h.criterion_code, h.new_value);
  for (const [code, value] of lastByCell) {
    const row = db.prepare('SELECT points_milli FROM score WHERE unit_code = ? AND criterion_code = ?').get(UNIT, code) as { points_milli: number } | undefined;
    assert.equal(String(row?.points_milli ?? null), String(value), `cell ${code}`);
  }
  assert.ok(lastByCell.size > 0, 'the copy holds some of the writes');
  db.close();
}));

test('rotation keeps exactly the last N of each family and never touches other files', withWorld(async (w) => {
  let now = new Date('2026-03-01T08:00:00');
  const app = w.app;
  const backups = join(w.dataDir, 'backups');
  // Files the app did not make: a user's own copy, a near-miss name, an old-style database copy.
  const own = ['ban-sao-cua-toi.parbak', 'tu-dong-hom-qua.parbak', 'tu-dong-20200101-000000.parbak.bak'];
  const { mkdirSync } = await import('node:fs');
  mkdirSync(backups, { recursive: true });
  for (const name of own) writeFileSync(join(backups, name), 'của người dùng');
  for (let i = 1; i <= 6; i++) writeFileSync(join(backups, `before-schema-4-2026-01-0${i}T00-00-00-000Z.sqlite`), `copy ${i}`);
  const { BackupController } = await import('../../electron/backup/controller.js');
  // A controller on the same app with a clock the test moves (the app's own uses the real clock).
  const controller = new BackupController({
    dataDir: w.dataDir, dbPath: app.info.dbPath, appVersion: 'test',
    db: () => app.db, meta: () => app.services.repos.meta, takeUpload: (id) => app.services.evidence.uploads.take(id), close: () => undefined, reopen: () => undefined,
  }, () => now, () => undefined);
  const made: string[] = [];
  for (let i = 0; i < 9; i++) {
    made.push((await controller.create('auto')).name);
    now = new Date(now.getTime() + 24 * 3600 * 1000);
  }
  const autos = controller.overview().items.filter((x) => x.kind === 'auto').map((x) => x.name);
  assert.deepEqual(autos, made.slice(-7).reverse());
  for (const name of own) assert.ok(existsSync(join(backups, name)), name);
  assert.deepEqual(readdirSync(backups).filter((n) => n.startsWith('before-schema')).length, 6, 'six copies are within the default limit of 7');
  // Staging of a restore cut off two days ago goes; a fresh one (a restore under way) stays.
  const old = Date.now() / 1000 - 2 * 24 * 3600;
  const { utimesSync } = await import('node:fs');
  writeFileSync(join(w.dataDir, '.restore-0a1b.sqlite'), 'cũ');
  utimesSync(join(w.dataDir, '.restore-0a1b.sqlite'), old, old);
  writeFileSync(join(w.dataDir, '.restore-ffff.sqlite'), 'mới');
  mkdirSync(join(w.dataDir, 'evidence', 'tmp', 'restore-0a1b'), { recursive: true });
  utimesSync(join(w.dataDir, 'evidence', 'tmp', 'restore-0a1b'), old, old);
  const r = await app.dispatch('backup/settings', { keep: 3 }, ctx);
  assert.equal(existsSync(join(w.dataDir, '.restore-0a1b.sqlite')), false);
  assert.equal(existsSync(join(w.dataDir, 'evidence', 'tmp', 'restore-0a1b')), false);
  assert.equal(existsSync(join(w.dataDir, '.restore-ffff.sqlite')), true);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(controller.overview().items.filter((x) => x.kind === 'auto').map((x) => x.name), made.slice(-3).reverse());
  assert.deepEqual(readdirSync(backups).filter((n) => n.startsWith('before-schema')).sort(), [4, 5, 6].map((i) => `before-schema-4-2026-01-0${i}T00-00-00-000Z.sqlite`));
  for (const name of own) assert.ok(existsSync(join(backups, name)), name);
  const bad = await app.dispatch('backup/settings', { keep: 0 }, ctx);
  assert.ok(!bad.ok);
}));

test('the daily backup runs only when due by the injected clock, and a failure becomes a notice', withWorld(async (w) => {
  let now = new Date('2026-03-01T08:00:00Z');
  const logs: string[] = [];
  const { BackupController } = await import('../../electron/backup/controller.js');
  const app = w.app;
  const controller = new BackupController({
    dataDir: w.dataDir, dbPath: app.info.dbPath, appVersion: 'test',
    db: () => app.db, meta: () => app.services.repos.meta, takeUpload: (id) => app.services.evidence.uploads.take(id), close: () => undefined, reopen: () => undefined,
  }, () => now, (m) => logs.push(m));
  assert.equal(await controller.runAutoIfDue(), 'created', 'never made before: due');
  assert.equal(await controller.runAutoIfDue(), 'not-due');
  now = new Date(now.getTime() + 23 * 3600 * 1000);
  assert.equal(await controller.runAutoIfDue(), 'not-due');
  now = new Date(now.getTime() + 3600 * 1000);
  assert.equal(await controller.runAutoIfDue(), 'created');
  assert.equal(controller.overview().items.length, 2);
  // The backups folder replaced by a file: the backup fails, is logged and shown, nothing throws.
  now = new Date(now.getTime() + 25 * 3600 * 1000);
  rmSync(join(w.dataDir, 'backups'), { recursive: true });
  writeFileSync(join(w.dataDir, 'backups'), 'not a folder');
  assert.equal(await controller.runAutoIfDue(), 'failed');
  assert.match(controller.overview().notice ?? '', /Sao lưu tự động không thành công/);
  assert.ok(logs.some((l) => /không thành công/.test(l)));
  assert.equal(await controller.runAutoIfDue(), 'failed', 'still due after a failure');
}));

test('openApp with autoBackup returns before the backup, which then appears in the background', async () => {
  const { tempDir } = await import('../helpers.js');
  const { openApp } = await import('../../electron/core/app.js');
  const { dir, cleanup } = tempDir('par-backup-');
  const app = openApp({ dataDir: dir, host: 'browser', autoBackup: { startDelayMs: 0 }, log: () => undefined });
  try {
    assert.equal(app.backup.overview().items.length, 0, 'nothing made during openApp');
    // Done when the controller says so (a loaded machine may still be writing the archive after it is listed).
    const done = () => app.backup.overview().lastAutoAt !== null && app.backup.overview().busy === null;
    for (let i = 0; i < 1500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(done(), JSON.stringify(app.backup.overview()));
    assert.deepEqual(app.backup.overview().items.map((x) => x.kind), ['auto']);
    const plain = openApp({ dataDir: `${dir}-2`, host: 'browser' });
    assert.equal(plain.backup.overview().autoEnabled, false);
    plain.close();
    rmSync(`${dir}-2`, { recursive: true, force: true });
  } finally {
    app.close();
    cleanup();
  }
});

test('a damaged blob in the store is left out of the backup and named', withWorld(async (w) => {
  const h = await attach(w, w.leaves[0]!, 'Hỏng.pdf');
  const path = join(w.dataDir, 'evidence', h.slice(0, 2), h);
  const data = readFileSync(path);
  data[0] = data[0]! ^ 1;
  writeFileSync(path, data);
  const out = join(w.scratch, 'b.parbak');
  const made = await createBackup({ db: w.app.db, dataDir: w.dataDir, out, appVersion: 'test' });
  assert.deepEqual(made.damagedBlobs, [h]);
  assert.deepEqual(made.missingBlobs, [h]);
  const v = await verifyBackup(out, 'b.parbak');
  assert.equal(v.evidenceFiles, 0);
  assert.equal(v.missingBlobs, 1);
  copyFileSync(out, join(w.scratch, 'c.parbak'));
}));

test('progress is reported in order up to the total, for the backup and for the check before a restore', withWorld(async (w) => {
  await attach(w, w.leaves[0]!, 'Một.pdf', 3_000_000);
  await attach(w, w.leaves[1]!, 'Hai.pdf', 1_500_000);
  const seen: Array<[number, number]> = [];
  const out = join(w.scratch, 'p.parbak');
  await createBackup({ db: w.app.db, dataDir: w.dataDir, out, appVersion: 'test', onProgress: (d, t) => seen.push([d, t]) });
  assert.ok(seen.length >= 3);
  const total = seen[0]![1];
  assert.ok(total >= 4_500_000);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] >= seen[i - 1]![0] && seen[i]![1] === total);
  assert.equal(seen.at(-1)![0], total);
  const checked: number[] = [];
  const { readBackup } = await import('../../electron/backup/archive.js');
  await readBackup(out, 'p.parbak', { onProgress: (d, t) => {
    assert.equal(t, total);
    checked.push(d);
  } });
  assert.ok(checked.length > 4, 'reported within large entries too');
  assert.equal(checked.at(-1), total);
}));


test('backup/list: the folder, the number kept and every archive in it, newest first, as backups are made and the limit changes', withWorld(async (w) => {
  const list = async () => {
    const r = await w.app.dispatch('backup/list', {}, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as BackupOverview;
  };
  const empty = await list();
  assert.deepEqual({ ...empty, keep: undefined }, { folder: join(w.dataDir, 'backups'), keep: undefined, lastAutoAt: null, autoEnabled: false, busy: null, progress: null, notice: null, items: [] });
  assert.ok(empty.keep >= 2, 'more than one archive is kept by default');

  const made: string[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await w.app.dispatch('backup/create', {}, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    made.push((r.value as BackupCreated).name);
  }
  const listed = await list();
  assert.deepEqual(listed.items.map((i) => i.name), [made[1], made[0]], 'newest first (two in one second are numbered)');
  for (const item of listed.items) {
    assert.equal(item.kind, 'manual');
    assert.equal(item.size, readFileSync(join(w.dataDir, 'backups', item.name)).length);
  }
  const one = await w.app.dispatch('backup/settings', { keep: 1 }, ctx);
  assert.ok(one.ok, JSON.stringify(one));
  assert.deepEqual((await list()).items.map((i) => [i.name, i.kind]), [[listed.items[0]!.name, 'manual']]);
  assert.equal((await list()).keep, 1);

  const refused = await w.app.dispatch('backup/list', 'tất cả', ctx);
  assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid_input');
}));
