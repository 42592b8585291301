// Opens the SQLite file: WAL, foreign keys, numbered migrations tracked by PRAGMA user_version,
// a backup copy before migrating, and a database from a newer app refused with a clear message.

import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.js';

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
      `Tệp dữ liệu "${file}" được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ ${current}, phiên bản này chỉ biết đến ${latest}). ` +
        'Hãy cập nhật ứng dụng; tệp dữ liệu được giữ nguyên, không bị thay đổi.',
    );
  }
  if (current === latest) return;
  if (existed && current > 0) {
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
