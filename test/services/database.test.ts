import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import { tempDir } from '../helpers.js';

test('a new database is in WAL mode with foreign keys on and every migration applied', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'x.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('user_version', { simple: true }), loadMigrations().length);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  } finally {
    cleanup();
  }
});

test('a database from a newer app is refused with a clear message and left untouched', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    assert.throws(
      () => openDatabase(file),
      (e: unknown) => e instanceof AppError && e.code === 'db_too_new' && /phiên bản mới hơn/.test(e.message),
    );
    const check = new Database(file);
    assert.equal(check.pragma('user_version', { simple: true }), 999);
    check.close();
  } finally {
    cleanup();
  }
});

test('an older database is backed up before it is migrated, and a failing migration changes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'old.sqlite');
    const all = loadMigrations();
    openDatabase(file, { migrations: all }).close();
    const extra = { version: all.length + 1, name: 'next.sql', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY);' };
    const db = openDatabase(file, { migrations: [...all, extra] });
    assert.equal(db.pragma('user_version', { simple: true }), all.length + 1);
    db.close();
    const backups = readdirSync(join(dir, 'backups'));
    assert.equal(backups.length, 1);
    assert.match(backups[0]!, /^before-schema-\d+-/);

    const broken = { version: all.length + 2, name: 'broken.sql', sql: 'CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);' };
    assert.throws(() => openDatabase(file, { migrations: [...all, extra, broken] }));
    const check = new Database(file);
    assert.equal(check.pragma('user_version', { simple: true }), all.length + 1);
    assert.deepEqual(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get(), { n: 0 });
    check.close();
    assert.ok(existsSync(file));
  } finally {
    cleanup();
  }
});
