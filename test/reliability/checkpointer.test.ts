// WAL checkpoints in a worker thread (electron/db/checkpointer.ts): the app's connection never checkpoints
// inside a write (nor does a job's connection), the thread copies the log into the database file, closing
// waits for the thread, and a restore (close, swap, reopen) with the thread on keeps every byte.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/db/database.js';
import { tempDir } from '../helpers.js';
import { ACTOR, dataFingerprint, UNIT, withWorld } from '../backup/support.js';

const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

test('the log is copied into the database file by the thread, never by a write; closing stops the thread first', async () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'a.sqlite');
  try {
    const db = openDatabase(file, { backgroundCheckpoints: { intervalMs: 20, minBytes: 64 * 1024 } });
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the connection leaves checkpoints to the thread');
    db.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const dbBefore = size(file);
    const insert = db.prepare('INSERT INTO blob (data) VALUES (?)');
    // ~2 MB in 200 commits: with SQLite's own threshold some of these commits would have checkpointed.
    for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(10_000, i));
    await until('the database file holds the rows', () => size(file) > dbBefore + 1_500_000);
    // The log starts over once checkpointed: more writes do not grow it past what it held.
    const walAfter = size(`${file}-wal`);
    await sleep(100);
    for (let i = 0; i < 20; i++) insert.run(Buffer.alloc(10_000, i));
    assert.ok(size(`${file}-wal`) <= Math.max(walAfter, 400_000), `${size(`${file}-wal`)} > ${walAfter}`);
    db.close();
    // The thread's connection is closed before the app's: the last one out removes the log.
    assert.equal(existsSync(`${file}-wal`), false, 'no connection left open on the file');
    const again = new Database(file, { readonly: true });
    assert.equal((again.prepare('SELECT count(*) AS n FROM blob').get() as { n: number }).n, 220);
    again.close();
  } finally {
    cleanup();
  }
});

test('a job\'s connection leaves the checkpoints to the app\'s thread: its big commit copies nothing back itself', async () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'c.sqlite');
  try {
    const app = openDatabase(file, { backgroundCheckpoints: { intervalMs: 400, minBytes: 64 * 1024 } });
    app.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const job = openDatabase(file, { checkpointsElsewhere: true });
    assert.equal(job.pragma('wal_autocheckpoint', { simple: true }), 0);
    const before = size(file);
    const insert = job.prepare('INSERT INTO blob (data) VALUES (?)');
    // ~6 MB in one commit: past SQLite's 1,000-page threshold, that commit would copy it all back itself.
    job.transaction(() => {
      for (let i = 0; i < 600; i++) insert.run(Buffer.alloc(10_000, i));
    })();
    assert.ok(size(file) < before + 1_000_000, `the commit grew the database file to ${size(file)} bytes`);
    await until('the app\'s thread copies the log back', () => size(file) > before + 5_000_000);
    job.close();
    app.close();
    const again = new Database(file, { readonly: true });
    assert.equal((again.prepare('SELECT count(*) AS n FROM blob').get() as { n: number }).n, 600);
    again.close();
  } finally {
    cleanup();
  }
});

test('closing right after opening waits for a thread still starting, and leaves nothing open', () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'b.sqlite');
  try {
    const db = openDatabase(file, { backgroundCheckpoints: true });
    db.exec('CREATE TABLE t (x)');
    db.close();
    assert.equal(existsSync(`${file}-wal`), false);
  } finally {
    cleanup();
  }
});

test('a restore with the thread on: backup, change, restore gives the data back, and writes go on', withWorld(async (w) => {
  const ctx = { actor: ACTOR };
  const cell = { campaignId: w.campaignId, unitCode: UNIT, criterionCode: w.leaves[0]! };
  assert.equal(w.app.db.pragma('wal_autocheckpoint', { simple: true }), 0);
  assert.ok((await w.app.dispatch('score/set', { ...cell, pointsMilli: 500, reason: 'Theo hồ sơ' }, ctx)).ok);
  const created = await w.app.dispatch('backup/create', {}, ctx);
  assert.ok(created.ok, JSON.stringify(created));
  const before = dataFingerprint(w.app.db);
  assert.ok((await w.app.dispatch('score/set', { ...cell, pointsMilli: 0, reason: 'Sửa' }, ctx)).ok);
  const restored = await w.app.dispatch('backup/restore', { source: { kind: 'saved', name: (created.value as { name: string }).name } }, ctx);
  assert.ok(restored.ok, JSON.stringify(restored));
  assert.equal(dataFingerprint(w.app.db), before);
  assert.equal(w.app.db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the reopened database has its thread again');
  assert.ok((await w.app.dispatch('score/set', { ...cell, pointsMilli: 750, reason: 'Sau khôi phục' }, ctx)).ok);
}, { backgroundCheckpoints: true }));
