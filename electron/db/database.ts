// Opens the SQLite file: WAL, foreign keys, numbered migrations tracked by PRAGMA user_version,
// a backup copy before migrating, and a database from a newer app refused with a clear message.

import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.js';
import { startCheckpointer, type CheckpointerOptions } from './checkpointer.js';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Source runs find the SQL files beside this module; bundles find them copied to dist/migrations. */
function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'migrations'), join(here, 'db', 'migrations')];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Migrations folder not found near ${here}`);
  return found;
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .map((m, i) => {
      if (m.version !== i + 1) throw new Error(`Migration ${m.name} is out of sequence`);
      return m;
    });
}

export interface OpenDbOptions {
  nativeBinding?: string;
  migrations?: Migration[];
  /** Where pre-migration backups go (default: beside the database, in backups/). */
  backupDir?: string;
  /** False for a staged copy (a restore): the archive it came from is already the copy. */
  copyBeforeMigrating?: boolean;
  /**
   * WAL checkpoints in a worker thread instead of inside the commits of this connection (electron/db/
   * checkpointer.ts); `close()` stops the thread first. The Electron shell and the browser host ask for it.
   */
  backgroundCheckpoints?: boolean | CheckpointerOptions;
  /**
   * Another connection's checkpointer thread copies this file's log back (a job worker's connection while
   * the app runs one): this connection's commits never checkpoint. Should that thread stop, the app's own
   * connection checkpoints again on its next commit.
   */
  checkpointsElsewhere?: boolean;
}

export function openDatabase(file: string, options: OpenDbOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const existed = existsSync(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, existed, options);
    if (options.checkpointsElsewhere) db.pragma('wal_autocheckpoint = 0');
    if (options.backgroundCheckpoints) {
      const own = options.backgroundCheckpoints === true ? {} : options.backgroundCheckpoints;
      const stop = startCheckpointer(db, file, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), ...own });
      const close = db.close.bind(db);
      db.close = () => {
        stop();
        return close();
      };
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, file: string, existed: boolean, options: OpenDbOptions): void {
  const migrations = options.migrations ?? loadMigrations();
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError(
      'db_too_new',
      'db.tooNew', { file, current, latest },
    );
  }
  if (current === latest) return;
  if (existed && current > 0 && options.copyBeforeMigrating !== false) {
    const backupDir = options.backupDir ?? join(dirname(file), 'backups');
    mkdirSync(backupDir, { recursive: true });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    copyFileSync(file, join(backupDir, `before-schema-${current + 1}-${stamp}.sqlite`));
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}


/** One row of sqlite_master: every table, index, view and trigger the file carries. */
export interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

export interface SchemaDifference {
  kind: 'foreign' | 'missing' | 'changed';
  object: SchemaObject;
}

const referenceCache = new Map<string, SchemaObject[]>();

export function schemaObjects(db: Db): SchemaObject[] {
  return db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all()
    .map((r) => ({ type: r.type, name: r.name, tblName: r.tbl_name, sql: r.sql }));
}

/**
 * The schema the migrations produce at `version`, built once per version on an in-memory database.
 * A file of ours at that version carries exactly these objects and nothing else.
 */
export function referenceSchema(version: number, options: { nativeBinding?: string; migrations?: Migration[] } = {}): SchemaObject[] {
  const migrations = options.migrations ?? loadMigrations();
  const key = `${version}:${migrations.map((m) => m.name).join(',')}`;
  const cached = referenceCache.get(key);
  if (cached) return cached;
  const db = new Database(':memory:', options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    for (const m of migrations.slice(0, version)) db.exec(m.sql);
    const objects = schemaObjects(db);
    referenceCache.set(key, objects);
    return objects;
  } finally {
    db.close();
  }
}

/**
 * SQLite keeps each object's CREATE statement as written, except that ALTER TABLE splices its
 * change into the text and may quote names; so whitespace and quotes around plain names are
 * ignored, and nothing else is.
 */
export function normalizeSchemaSql(sql: string | null): string {
  if (sql === null) return '';
  return sql.replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, '$1').replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim();
}

/** What `db` carries beyond, short of or different from the schema of `version` (empty when identical). */
export function compareSchema(db: Db, version: number, options: { nativeBinding?: string; migrations?: Migration[] } = {}): SchemaDifference[] {
  const keyOf = (o: SchemaObject) => `${o.type}\u0000${o.name}`;
  const expected = new Map(referenceSchema(version, options).map((o) => [keyOf(o), o]));
  const actual = new Map(schemaObjects(db).map((o) => [keyOf(o), o]));
  const out: SchemaDifference[] = [];
  for (const [key, o] of actual) {
    const ref = expected.get(key);
    if (!ref) out.push({ kind: 'foreign', object: o });
    else if (ref.tblName !== o.tblName || normalizeSchemaSql(ref.sql) !== normalizeSchemaSql(o.sql)) out.push({ kind: 'changed', object: o });
  }
  for (const [key, o] of expected) if (!actual.has(key)) out.push({ kind: 'missing', object: o });
  return out;
}

/**
 * A transaction held across awaits by the job worker alone (its own connection, one job at a time): the
 * services' own `db.transaction` calls inside it become savepoints, so the job commits once or not at all.
 */
export const heldTransaction = {
  begin: (db: Db): void => void db.exec('BEGIN IMMEDIATE'),
  commit: (db: Db): void => void db.exec('COMMIT'),
  rollback: (db: Db): void => void db.exec('ROLLBACK'),
};

/**
 * A read transaction held across awaits on a connection of its own (the job worker's): every read inside it
 * sees one snapshot of the database (WAL), whatever the app commits meanwhile, so a file written from many
 * reads (Phụ lục III, one unit's sheet at a time) shows one state. Never on the main thread's connection.
 */
export const readSnapshot = {
  begin: (db: Db): void => void db.exec('BEGIN DEFERRED'),
  end: (db: Db): void => void db.exec('COMMIT'),
};
