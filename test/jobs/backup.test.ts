// A backup is written in the job worker: progress by bytes, the same archive the main thread writes,
// and a cancel mid-way leaves no archive, no .part and no snapshot, the database as it was.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BackupCreated, Progress } from '../../shared/contract.js';
import { createBackup, verifyBackup } from '../../electron/backup/archive.js';
import { attach, withWorld, type World } from '../backup/support.js';
import { hashRows } from './support.js';

const ACTOR = 'Kiểm thử';
const FILES = 20;

async function withFiles(w: World): Promise<void> {
  for (let i = 0; i < FILES; i++) await attach(w, ['1.1.1', '1.1.2', '1.2.1'][i % 3]!, `tai-lieu-${i}.pdf`, 200_000);
}

const folderOf = (w: World) => join(w.dataDir, 'backups');

test('a backup is written in the worker with progress, and carries what the main thread writes', withWorld(async (w) => {
  await withFiles(w);
  const seen: Progress[] = [];
  const reply = await w.app.dispatch('backup/create', {}, { actor: ACTOR, jobId: 'b1', progress: (p) => seen.push(p) });
  assert.ok(reply.ok, JSON.stringify(reply));
  const made = reply.value as BackupCreated;
  assert.equal(made.evidenceFiles, FILES);
  assert.ok(seen.length >= FILES, 'one step per file at least');
  assert.equal(seen[0]!.phase, 'Đang sao lưu cơ sở dữ liệu và tài liệu kiểm chứng…');
  assert.equal(seen.at(-1)!.done, seen.at(-1)!.total);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.done >= seen[i - 1]!.done, 'progress never goes back');
  assert.deepEqual(readdirSync(folderOf(w)), [made.name], 'no temp file or snapshot left beside it');

  const direct = await createBackup({ db: w.app.db, dataDir: w.dataDir, out: join(w.scratch, 'direct.parbak'), appVersion: w.app.info.version });
  const [inWorker, onMain] = await Promise.all([verifyBackup(join(folderOf(w), made.name), made.name), verifyBackup(direct.path, 'direct.parbak')]);
  const evidence = (v: typeof inWorker) => v.manifest.entries.filter((e) => e.path.startsWith('evidence/')).map((e) => `${e.path} ${e.sha256}`).sort();
  assert.deepEqual(evidence(inWorker), evidence(onMain));
  assert.deepEqual([inWorker.evidenceBytes, inWorker.missingBlobs, inWorker.campaigns, inWorker.manifest.schemaVersion], [onMain.evidenceBytes, onMain.missingBlobs, onMain.campaigns, onMain.manifest.schemaVersion]);
}));

test('a cancelled backup leaves the backups folder and the database as they were', withWorld(async (w) => {
  await withFiles(w);
  const first = await w.app.dispatch('backup/create', {}, { actor: ACTOR });
  assert.ok(first.ok);
  const before = { files: readdirSync(folderOf(w)), rows: hashRows(w.app.info.dbPath) };
  let cancelReply: Promise<unknown> | null = null;
  const reply = await w.app.dispatch('backup/create', {}, {
    actor: ACTOR, jobId: 'b2',
    progress: (p) => {
      if (p.done > 0) cancelReply ??= w.app.dispatch('job/cancel', { jobId: 'b2' }, { actor: ACTOR });
    },
  });
  assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
  assert.equal(!reply.ok && reply.error.code, 'cancelled', JSON.stringify(reply));
  assert.deepEqual({ files: readdirSync(folderOf(w)), rows: hashRows(w.app.info.dbPath) }, before);
  // The next backup goes through: the controller let go of its claim.
  assert.ok((await w.app.dispatch('backup/create', {}, { actor: ACTOR })).ok);
}));
