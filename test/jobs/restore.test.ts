// A restore verifies and stages the archive in the job worker: progress files n/N by bytes, a cancel
// mid-way leaves the live database and the evidence store byte-for-byte as they were with no staging
// left, other writes wait meanwhile, and a finished restore gives what the main-thread path gives.
// `par restore` stages in the worker too, with the same progress and Ctrl+C.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BackupCreated, BackupRestored, Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { createBackup, restoreBackup } from '../../electron/backup/archive.js';
import { restoreCommand } from '../../electron/backup/cli.js';
import { openDatabase } from '../../electron/db/database.js';
import { attach, dataFingerprint, fileTree, UNIT, withWorld, type World } from '../backup/support.js';
import { tempDir } from '../helpers.js';
import { hashRows } from './support.js';

const ACTOR = 'Kiểm thử';
const FILES = 20;

async function withFiles(w: World): Promise<void> {
  for (let i = 0; i < FILES; i++) await attach(w, ['1.1.1', '1.1.2', '1.2.1'][i % 3]!, `tai-lieu-${i}.pdf`, 300_000);
}

async function backupNow(w: World): Promise<string> {
  const r = await w.app.dispatch('backup/create', {}, { actor: ACTOR });
  assert.ok(r.ok, JSON.stringify(r));
  return (r.value as BackupCreated).name;
}

/** The data folder as files (backups aside; -shm is SQLite's shared index, rewritten by any reader). */
const filesOf = (w: World) => Object.fromEntries(Object.entries(fileTree(w.dataDir)).filter(([name]) => !name.endsWith('-shm')));

/** Staging of a restore: beside the database, and in the store's temp folder. */
function staging(w: World): string[] {
  const tmp = join(w.dataDir, 'evidence', 'tmp');
  return [
    ...readdirSync(w.dataDir).filter((n) => n.startsWith('.restore-')),
    ...(existsSync(tmp) ? readdirSync(tmp).filter((n) => n.startsWith('restore-')) : []),
  ];
}

test('a restore is checked in the worker with progress by files and bytes, and restores what the main thread restores', withWorld(async (w) => {
  await withFiles(w);
  const name = await backupNow(w);
  const before = dataFingerprint(w.app.db);
  await w.app.dispatch('score/set', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: w.leaves[0]!, pointsMilli: 250, reason: 'Thẩm định lại theo hồ sơ' }, { actor: ACTOR });
  assert.notEqual(dataFingerprint(w.app.db), before);

  const seen: Progress[] = [];
  const reply = await w.app.dispatch('backup/restore', { source: { kind: 'saved', name } }, { actor: ACTOR, jobId: 'r1', progress: (p) => seen.push(p) });
  assert.ok(reply.ok, JSON.stringify(reply));
  const restored = reply.value as BackupRestored;
  assert.equal(dataFingerprint(w.app.db), before);
  assert.deepEqual(staging(w), []);

  const checks = seen.filter((p) => p.phase.startsWith('Đang kiểm tra bản sao lưu'));
  assert.ok(checks.length >= FILES, 'one step per file at least');
  assert.equal(checks[0]!.phase, `Đang kiểm tra bản sao lưu: tệp 1/${FILES + 1}…`);
  assert.equal(checks.at(-1)!.phase, `Đang kiểm tra bản sao lưu: tệp ${FILES + 1}/${FILES + 1}…`);
  assert.equal(checks.at(-1)!.done, checks.at(-1)!.total);
  for (let i = 1; i < checks.length; i++) assert.ok(checks[i]!.done >= checks[i - 1]!.done, 'progress never goes back');

  // The old path, all on this thread, on a copy of the same archive into a fresh folder.
  const t = tempDir('par-restore-main-');
  try {
    const archive = join(t.dir, name);
    copyFileSync(join(w.dataDir, 'backups', name), archive);
    const onMain = await restoreBackup({ archive, label: name, dbPath: join(t.dir, 'par.sqlite'), dataDir: t.dir });
    const { safetyCopy: _a, ...inWorker } = restored;
    assert.deepEqual(inWorker, {
      createdAt: onMain.manifest.createdAt, appVersion: onMain.manifest.appVersion, schemaVersion: onMain.manifest.schemaVersion,
      campaigns: onMain.campaigns, evidenceFiles: onMain.evidenceFiles, evidenceAdded: 0, missingBlobs: onMain.missingBlobs,
    });
    assert.equal(onMain.evidenceAdded, FILES);
    const db = openDatabase(join(t.dir, 'par.sqlite'));
    try {
      assert.equal(dataFingerprint(db), before);
    } finally {
      db.close();
    }
  } finally {
    t.cleanup();
  }
}));

test('a restore cancelled while it checks leaves the database and the evidence as they were, and no staging', withWorld(async (w) => {
  await withFiles(w);
  const name = await backupNow(w);
  await w.app.dispatch('score/set', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: w.leaves[0]!, pointsMilli: 250, reason: 'Thẩm định lại theo hồ sơ' }, { actor: ACTOR });
  const before = { rows: hashRows(w.app.info.dbPath), files: filesOf(w) };
  const services = w.app.services;
  let cancelReply = null as Promise<unknown> | null;
  let writeReply = null as Promise<unknown> | null;
  const reply = await w.app.dispatch('backup/restore', { source: { kind: 'saved', name } }, {
    actor: ACTOR, jobId: 'r2',
    progress: (p) => {
      if (p.done === 0) return;
      // While the archive is checked, a write would be lost by the swap: it is refused at once.
      writeReply ??= w.app.dispatch('backup/settings', { keep: 3 }, { actor: ACTOR });
      cancelReply ??= w.app.dispatch('job/cancel', { jobId: 'r2' }, { actor: ACTOR });
    },
  });
  assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
  const refused = (await writeReply) as { ok: false; error: { code: string; message: string } } | null;
  assert.ok(refused);
  assert.equal(refused.error.code, 'conflict');
  assert.equal(refused.error.message, 'Đang khôi phục dữ liệu từ bản sao lưu — vui lòng chờ cho xong rồi thử lại.');
  assert.equal(!reply.ok && reply.error.code, 'cancelled', JSON.stringify(reply));
  assert.equal(w.app.services, services, 'the live connection was never closed');
  assert.deepEqual({ rows: hashRows(w.app.info.dbPath), files: filesOf(w) }, before);
  assert.deepEqual(staging(w), []);
  assert.equal(w.app.backup.overview().busy, null);
  // The next restore goes through.
  assert.ok((await w.app.dispatch('backup/restore', { source: { kind: 'saved', name } }, { actor: ACTOR })).ok);
}));

test('par restore stages in the worker: progress on the line, Ctrl+C leaves the database file and the store as they were', withWorld(async (w) => {
  await withFiles(w);
  const name = await backupNow(w);
  // The CLI restores a database no app has open: a copy of this one, with its own (empty) store.
  const t = tempDir('par-restore-cli-');
  try {
    const db = join(t.dir, 'par.sqlite');
    const made = await createBackup({ db: w.app.db, dataDir: w.dataDir, out: join(t.dir, 'now.parbak'), appVersion: 'test' });
    await restoreBackup({ archive: made.path, label: 'now.parbak', dbPath: db, dataDir: t.dir });
    const args = (file: string) => ({ positional: ['restore', file], options: new Map<string, string | true>([['--db', db], ['--yes', true]]) });
    const archive = join(w.dataDir, 'backups', name);
    const tree = () => Object.fromEntries(Object.entries(fileTree(t.dir, ['backups', 'now.parbak'])).filter(([n]) => !n.endsWith('-shm')));
    const before = tree();

    const interrupt = new AbortController();
    const lines: string[] = [];
    await assert.rejects(
      restoreCommand(args(archive), (s) => lines.push(s), { signal: interrupt.signal, progress: (p) => p.done > 0 && interrupt.abort() }),
      (e: unknown) => e instanceof AppError && e.code === 'cancelled',
    );
    assert.equal(lines.length, 0, 'nothing restored, nothing said');
    assert.deepEqual(tree(), before);

    const seen: Progress[] = [];
    await restoreCommand(args(archive), (s) => lines.push(s), { progress: (p) => seen.push(p) });
    assert.match(lines[0]!, /^Đã khôi phục từ .*: 1 đợt đánh giá; 0 tệp tài liệu kiểm chứng được thêm vào kho, 20 tệp đã có sẵn\.$/);
    assert.ok(seen.filter((p) => p.phase.startsWith('Đang kiểm tra bản sao lưu: tệp')).length >= FILES);
    assert.equal(seen.at(-1)!.done, seen.at(-1)!.total);
  } finally {
    t.cleanup();
  }
}));
