// Backup archives (.parbak): one file holding a consistent copy of the database (SQLite's online
// backup API, so the app may keep writing), every evidence blob, and manifest.json with the size and
// SHA-256 of each entry. Verification checks everything (the database's whole schema included) before
// anything is replaced; restore stages and migrates the whole archive first, then adds missing blobs
// and swaps the database file with one rename. The app and the CLI share this one path.

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { compareSchema, loadMigrations, openDatabase, type Db, type Migration, type SchemaDifference } from '../db/database.js';
import { BackupRepo } from '../repos/backup-repo.js';
import { hashEntry, listTar, readExactly, TarWriter, type TarEntry } from './container.js';

export const BACKUP_FORMAT = 'par-appraisal-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.parbak';
export const MANIFEST_PATH = 'manifest.json';
export const DATABASE_ENTRY = 'database/par.sqlite';
const BLOB_ENTRY = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  appVersion: z.string(),
  schemaVersion: z.number().int().min(0),
  createdAt: z.string(),
  entries: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: z.string().regex(SHA256_HEX) })),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

export interface CreateBackupOptions {
  db: Db;
  /** The data folder: blobs are read from <dataDir>/evidence. */
  dataDir: string;
  /** The final archive path; written as a temp file beside it, then renamed. */
  out: string;
  appVersion: string;
  now?: () => Date;
  /** Bytes archived so far of the total (database copy + blobs), after each entry. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops between entries: nothing is left and AppError('cancelled') is thrown. */
  signal?: AbortSignal;
  /** The temp archive's name (its snapshot is `<part>.snapshot`), for a caller that must clean up after a killed worker. */
  part?: string;
}

export interface BackupSummary {
  path: string;
  size: number;
  createdAt: string;
  schemaVersion: number;
  evidenceFiles: number;
  evidenceBytes: number;
  /** Blobs the database names that are not in the store (they cannot be in the archive). */
  missingBlobs: string[];
  /** Blobs whose content no longer matches their name (left out: a backup never carries damage). */
  damagedBlobs: string[];
}

/** The store's blobs as they are on disk: <dataDir>/evidence/<2 hex>/<64 hex>. */
function listStoreBlobs(dataDir: string): Array<{ sha256: string; path: string }> {
  const root = join(dataDir, 'evidence');
  const out: Array<{ sha256: string; path: string }> = [];
  let prefixes: string[];
  try {
    prefixes = readdirSync(root);
  } catch {
    return out;
  }
  for (const prefix of prefixes.filter((p) => /^[0-9a-f]{2}$/.test(p)).sort()) {
    let names: string[];
    try {
      names = readdirSync(join(root, prefix));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (SHA256_HEX.test(name) && name.startsWith(prefix)) out.push({ sha256: name, path: join(root, prefix, name) });
    }
  }
  return out;
}

async function syncAndClose(handle: FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable (best effort: Windows cannot open folders for this). */
export async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported here.
  }
}

export async function createBackup(options: CreateBackupOptions): Promise<BackupSummary> {
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const outDir = dirname(options.out);
  await mkdir(outDir, { recursive: true });
  const rand = randomBytes(8).toString('hex');
  const part = options.part ?? `${options.out}.${rand}.part`;
  const snapshot = options.part ? `${options.part}.snapshot` : join(outDir, `.snapshot-${rand}.sqlite`);
  const stopIfCancelled = () => {
    if (options.signal?.aborted) throw new AppError('cancelled', 'job.cancelled');
  };
  const mtime = Date.parse(createdAt) / 1000;
  let handle: FileHandle | null = null;
  try {
    // Consistent while the app keeps writing: SQLite copies the pages of one snapshot, WAL included.
    const repo = new BackupRepo(options.db);
    await repo.snapshotTo(snapshot);
    const schemaVersion = repo.schemaVersion();
    const referenced = repo.blobSizes();
    const blobs = listStoreBlobs(options.dataDir);
    let total = (await stat(snapshot)).size;
    for (const blob of blobs) {
      try {
        total += (await stat(blob.path)).size;
      } catch {
        // Removed since it was listed: skipped below too.
      }
    }
    let done = 0;
    const progress = (bytes: number) => {
      done += bytes;
      options.onProgress?.(Math.min(done, total), total);
    };
    stopIfCancelled();
    handle = await open(part, 'wx');
    const tar = new TarWriter(handle);
    const entries: BackupManifest['entries'] = [];
    const snapHandle = await open(snapshot, 'r');
    try {
      const size = (await snapHandle.stat()).size;
      const added = await tar.addFile(DATABASE_ENTRY, size, mtime, snapHandle);
      if (!added) throw new Error('database snapshot changed while it was being archived');
      entries.push({ path: DATABASE_ENTRY, size, sha256: added.sha256 });
      progress(size);
    } finally {
      await snapHandle.close();
    }
    // Blobs are listed after the snapshot: every blob a row of the snapshot names was placed before that row committed.
    const damagedBlobs: string[] = [];
    let evidenceBytes = 0;
    const present = new Set<string>();
    for (const blob of blobs) {
      stopIfCancelled();
      let source: FileHandle;
      try {
        source = await open(blob.path, 'r');
      } catch {
        continue; // Removed since it was listed.
      }
      try {
        const info = await source.stat();
        progress(info.size);
        if (!info.isFile() || info.size === 0) continue;
        const path = `evidence/${blob.sha256.slice(0, 2)}/${blob.sha256}`;
        const start = tar.position;
        const added = await tar.addFile(path, info.size, info.mtimeMs / 1000, source);
        if (added === null) continue;
        if (added.sha256 !== blob.sha256) {
          await tar.takeBack(start);
          damagedBlobs.push(blob.sha256);
          continue;
        }
        entries.push({ path, size: info.size, sha256: added.sha256 });
        present.add(blob.sha256);
        evidenceBytes += info.size;
      } finally {
        await source.close();
      }
    }
    stopIfCancelled();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: options.appVersion,
      schemaVersion,
      createdAt,
      entries,
    };
    await tar.addBuffer(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest, null, 1), 'utf8'), mtime);
    await tar.finish();
    const h = handle;
    handle = null;
    await syncAndClose(h);
    await rename(part, options.out);
    await syncFolder(outDir);
    return {
      path: options.out,
      size: (await stat(options.out)).size,
      createdAt,
      schemaVersion,
      evidenceFiles: present.size,
      evidenceBytes,
      missingBlobs: [...referenced.keys()].filter((sha) => !present.has(sha)).sort(),
      damagedBlobs,
    };
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await rm(part, { force: true });
    throw error instanceof AppError
      ? error
      : new AppError('internal', 'backup.createFailed', { out: options.out, detail: error instanceof Error ? error.message : String(error) });
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(`${snapshot}-journal`, { force: true });
  }
}


export interface VerifiedBackup {
  manifest: BackupManifest;
  evidenceFiles: number;
  evidenceBytes: number;
  /** Evidence blobs the archived database names that the archive does not carry. */
  missingBlobs: number;
  campaigns: number;
}

export interface ReadOptions {
  /** Where the database entry is written (null: hashed only, into a temp file that is removed). */
  databaseTo?: string;
  /** Where each blob is written (null: hashed only). */
  blobTo?: (sha256: string) => string;
  nativeBinding?: string;
  /** The newest schema this app knows (default: the number of migrations). */
  latestSchema?: number;
  /** The app's migrations (a job worker gets them from its runner: it has no migrations folder in app.asar). */
  migrations?: Migration[];
  /** Bytes checked so far of all entries' total, as they are hashed; `file` of `files` entries being read. */
  onProgress?: (done: number, total: number, file: number, files: number) => void;
  /** Aborting stops between chunks with AppError('cancelled'); what was written goes with the caller's staging. */
  signal?: AbortSignal;
}

const refuse = (label: string, detail: string, hint = 'Hãy dùng một bản sao lưu khác.'): AppError =>
  new AppError('invalid_input', 'backup.refused', { label, detail, hint });

function checkPath(label: string, path: string): void {
  if (path === MANIFEST_PATH || path === DATABASE_ENTRY) return;
  const m = BLOB_ENTRY.exec(path);
  if (m && m[2]!.startsWith(m[1]!)) return;
  const parts = path.split(/[\\/]/);
  if (path.startsWith('/') || path.includes('\\') || /^[a-zA-Z]:/.test(path) || parts.includes('..') || parts.includes('.')) {
    throw refuse(label, `mục "${path}" có đường dẫn không an toàn (trỏ ra ngoài thư mục dữ liệu)`);
  }
  throw refuse(label, `có mục lạ "${path}" không thuộc bản sao lưu của ứng dụng`);
}

async function readManifest(handle: FileHandle, entry: TarEntry, label: string): Promise<BackupManifest> {
  if (entry.size > MAX_MANIFEST_BYTES) throw refuse(label, 'tệp kê khai (manifest.json) quá lớn');
  const buf = Buffer.alloc(entry.size);
  await readExactly(handle, buf, entry.dataOffset);
  let raw: unknown;
  try {
    raw = JSON.parse(buf.toString('utf8'));
  } catch {
    throw refuse(label, 'tệp kê khai (manifest.json) không phải JSON hợp lệ');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const format = (raw as { format?: unknown } | null)?.format;
    if (format !== BACKUP_FORMAT) throw refuse(label, 'đây không phải tệp sao lưu của ứng dụng Thẩm định chỉ số CCHC');
    throw refuse(label, `tệp kê khai (manifest.json) thiếu hoặc sai thông tin (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  }
  if (parsed.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw refuse(label, `được tạo theo định dạng sao lưu phiên bản ${parsed.data.formatVersion}, mới hơn phiên bản ứng dụng này đọc được (${BACKUP_FORMAT_VERSION})`, 'Hãy cập nhật ứng dụng rồi thử lại.');
  }
  return parsed.data;
}

/**
 * Reads a whole archive and checks it: container, manifest, no missing or extra entries, paths,
 * every size and SHA-256, then the database (integrity_check, schema not newer than this app).
 * Entries are written where `options` says as they are hashed; the caller removes them on failure.
 */
export async function readBackup(archive: string, label: string, options: ReadOptions = {}): Promise<VerifiedBackup> {
  let handle: FileHandle;
  try {
    handle = await open(archive, 'r');
  } catch {
    throw new AppError('not_found', 'backup.cannotOpen', { label, archive });
  }
  const tempDb = options.databaseTo ? null : join(tmpdir(), `par-verify-${randomBytes(8).toString('hex')}.sqlite`);
  const dbTarget = options.databaseTo ?? tempDb!;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse(label, 'không phải một tệp thông thường');
    const entries = await listTar(handle, info.size, label);
    const seen = new Set<string>();
    for (const e of entries) {
      checkPath(label, e.path);
      if (seen.has(e.path)) throw refuse(label, `mục "${e.path}" xuất hiện hai lần`);
      seen.add(e.path);
    }
    const last = entries[entries.length - 1];
    if (!last || last.path !== MANIFEST_PATH) throw refuse(label, 'thiếu tệp kê khai (manifest.json) ở cuối tệp');
    const manifest = await readManifest(handle, last, label);
    const listed = new Map(manifest.entries.map((e) => [e.path, e]));
    if (listed.size !== manifest.entries.length) throw refuse(label, 'tệp kê khai liệt kê một mục hai lần');
    for (const p of listed.keys()) if (p === MANIFEST_PATH) throw refuse(label, 'tệp kê khai tự liệt kê chính nó');
    const data = entries.slice(0, -1);
    for (const e of data) if (!listed.has(e.path)) throw refuse(label, `có mục "${e.path}" không được ghi trong tệp kê khai`);
    const present = new Set(data.map((e) => e.path));
    for (const p of listed.keys()) {
      checkPath(label, p);
      if (!present.has(p)) throw refuse(label, `thiếu mục "${p}" mà tệp kê khai có ghi`);
    }
    if (!listed.has(DATABASE_ENTRY)) throw refuse(label, 'không có cơ sở dữ liệu');
    let evidenceBytes = 0;
    const total = data.reduce((n, e) => n + e.size, 0);
    let done = 0;
    let file = 0;
    for (const e of data) {
      file++;
      const expected = listed.get(e.path)!;
      if (expected.size !== e.size) throw refuse(label, `mục "${e.path}" có ${e.size} byte, tệp kê khai ghi ${expected.size} byte`);
      const blob = BLOB_ENTRY.exec(e.path);
      if (blob && expected.sha256 !== blob[2]) throw refuse(label, `mục "${e.path}" có mã băm trong tệp kê khai không khớp tên của nó`);
      const target = e.path === DATABASE_ENTRY ? dbTarget : blob && options.blobTo ? options.blobTo(blob[2]!) : null;
      let out: FileHandle | null = null;
      if (target) {
        mkdirSync(dirname(target), { recursive: true });
        out = await open(target, 'wx');
      }
      let sha256: string;
      try {
        let position = 0;
        const o = out;
        sha256 = await hashEntry(handle, e, async (chunk) => {
          if (options.signal?.aborted) throw new AppError('cancelled', 'job.cancelled');
          if (o) await o.write(chunk, 0, chunk.length, position);
          position += chunk.length;
          done += chunk.length;
          options.onProgress?.(done, total, file, data.length);
        });
        if (out) await out.sync();
      } finally {
        await out?.close();
      }
      if (sha256 !== expected.sha256) throw refuse(label, `nội dung mục "${e.path}" không khớp mã băm SHA-256 trong tệp kê khai (tệp đã bị sửa hoặc hỏng)`);
      if (blob) evidenceBytes += e.size;
    }
    const checked = checkDatabase(dbTarget, label, manifest, options);
    return { manifest, evidenceFiles: data.length - 1, evidenceBytes, ...checked };
  } finally {
    await handle.close();
    if (tempDb) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tempDb + suffix, { force: true });
  }
}

function checkDatabase(file: string, label: string, manifest: BackupManifest, options: ReadOptions): { missingBlobs: number; campaigns: number } {
  const migrations = options.migrations ?? loadMigrations();
  const latest = options.latestSchema ?? migrations.length;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    throw refuse(label, `không mở được cơ sở dữ liệu trong tệp (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const repo = new BackupRepo(db);
    let result: string;
    let version: number;
    try {
      result = repo.integrityCheck();
      version = repo.schemaVersion();
    } catch (error) {
      throw refuse(label, `cơ sở dữ liệu trong tệp bị hỏng (${error instanceof Error ? error.message : String(error)})`);
    }
    if (result !== 'ok') throw refuse(label, `cơ sở dữ liệu trong tệp không qua kiểm tra toàn vẹn (${result})`);
    if (version !== manifest.schemaVersion) throw refuse(label, `tệp kê khai ghi lược đồ ${manifest.schemaVersion} nhưng cơ sở dữ liệu có lược đồ ${version}`);
    if (version > latest) {
      throw refuse(label, `được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ ${version}, phiên bản này chỉ biết đến ${latest})`, 'Hãy cập nhật ứng dụng rồi khôi phục lại.');
    }
    const tables = repo.tableNames();
    if (version < 1 || !tables.has('app_meta') || !tables.has('campaign')) throw refuse(label, 'cơ sở dữ liệu trong tệp không phải của ứng dụng Thẩm định chỉ số CCHC');
    // A trigger, view or table the migrations never made would run on the restored data (a trigger
    // could rewrite scores or delete history on the next write): only our exact schema is accepted.
    const differences = compareSchema(db, version, { migrations, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    if (differences.length > 0) throw refuse(label, describeSchemaDifferences(differences, version), 'Tệp có thể đã bị sửa bằng công cụ khác; hãy dùng một bản sao lưu do ứng dụng tạo ra.');
    const campaigns = repo.campaignCount();
    let missingBlobs = 0;
    if (tables.has('evidence_blob')) {
      const carried = new Set(manifest.entries.map((e) => BLOB_ENTRY.exec(e.path)?.[2]).filter((x): x is string => x !== undefined));
      for (const sha256 of repo.blobHashes()) if (!carried.has(sha256)) missingBlobs++;
    }
    return { missingBlobs, campaigns };
  } finally {
    db.close();
  }
}

const OBJECT_WORDS: Record<string, string> = { table: 'bảng', index: 'chỉ mục', view: 'khung nhìn (view)', trigger: 'trigger (lệnh tự chạy)' };

function describeSchemaDifferences(differences: SchemaDifference[], version: number): string {
  const shown = differences.slice(0, 5).map(({ kind, object }) => {
    const what = `${OBJECT_WORDS[object.type] ?? object.type} "${object.name}"${object.type === 'table' || object.tblName === object.name ? '' : ` (trên bảng "${object.tblName}")`}`;
    if (kind === 'foreign') return `có ${what} không do ứng dụng tạo ra`;
    if (kind === 'missing') return `thiếu ${what}`;
    return `${what} khác với cấu trúc ứng dụng tạo ra`;
  });
  const more = differences.length > shown.length ? ` và ${differences.length - shown.length} khác biệt khác` : '';
  return `cấu trúc cơ sở dữ liệu trong tệp không đúng với lược đồ ${version} của ứng dụng: ${shown.join('; ')}${more}`;
}

/** Checks an archive without changing anything (the CLI's `par backup verify`). */
export function verifyBackup(archive: string, label: string, options: Pick<ReadOptions, 'nativeBinding' | 'latestSchema'> = {}): Promise<VerifiedBackup> {
  return readBackup(archive, label, { ...options });
}


/** Where a restore stages the verified archive: beside the live database and in the store's temp folder, so every later move is a rename on one volume. */
export interface RestoreStaging {
  stagedDb: string;
  blobDir: string;
}

/** Fresh staging names (a caller that runs the staging elsewhere keeps them to clean up after it). */
export function restoreStaging(dbPath: string, dataDir: string): RestoreStaging {
  const rand = randomBytes(8).toString('hex');
  return { stagedDb: join(dirname(dbPath), `.restore-${rand}.sqlite`), blobDir: join(dataDir, 'evidence', 'tmp', `restore-${rand}`) };
}

export function removeStaging({ stagedDb, blobDir }: RestoreStaging): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(stagedDb + suffix, { force: true });
  rmSync(blobDir, { recursive: true, force: true });
}

export interface StageOptions {
  archive: string;
  /** The name quoted in messages. */
  label: string;
  staging: RestoreStaging;
  nativeBinding?: string;
  latestSchema?: number;
  migrations?: Migration[];
  onProgress?: ReadOptions['onProgress'];
  /** Aborting stops the staging: AppError('cancelled'), and the staging is removed. */
  signal?: AbortSignal;
}

/** What the staging verified and where it is: plain data, so it crosses from a job worker. */
export interface StagedRestore extends VerifiedBackup {
  staging: RestoreStaging;
}

export interface SwapOptions {
  dbPath: string;
  dataDir: string;
  /** Where the safety copy of the current database goes (default: <db folder>/backups). */
  backupDir?: string;
  now?: () => Date;
  /**
   * Runs after everything is verified and staged, before anything is moved (the core closes its
   * database here; the CLI makes sure no app has it open). Throwing here changes nothing.
   */
  beforeSwap?: () => void;
}

export interface RestoreOptions extends Omit<StageOptions, 'staging'>, SwapOptions {}

export interface RestoreOutcome extends VerifiedBackup {
  /** The copy of the database that was replaced (null when there was none). */
  safetyCopy: string | null;
  evidenceAdded: number;
  evidenceAlreadyPresent: number;
}

export function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * The long half of a restore, which changes nothing live: the archive is verified fully into staging
 * and its database migrated there. Any failure or a cancel removes the staging; a bad archive leaves
 * everything as it was. Runs in the job worker (the core) or anywhere (it touches no open database).
 */
export async function stageRestore(options: StageOptions): Promise<StagedRestore> {
  const { staging } = options;
  try {
    const verified = await readBackup(options.archive, options.label, {
      databaseTo: staging.stagedDb,
      blobTo: (sha) => join(staging.blobDir, sha),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.latestSchema !== undefined ? { latestSchema: options.latestSchema } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // An older schema is brought up to date here, in staging: a migration that fails on this data
    // refuses the archive before anything is moved, instead of after the live file was replaced.
    migrateStaged(staging.stagedDb, options);
    if (options.signal?.aborted) throw new AppError('cancelled', 'job.cancelled');
    return { ...verified, staging };
  } catch (error) {
    removeStaging(staging);
    throw error;
  }
}

/**
 * The short half, synchronous on purpose (nothing runs between the check and the swap): missing blobs
 * are added (content-addressed: an existing blob is never replaced), the current database is copied to
 * backups/before-restore-<stamp>.sqlite, and the staged one is renamed over it. The staging goes either way.
 */
export function finishRestore(staged: StagedRestore, options: SwapOptions): RestoreOutcome {
  const { staging, ...verified } = staged;
  try {
    options.beforeSwap?.();
    const backupDir = options.backupDir ?? join(dirname(options.dbPath), 'backups');
    mkdirSync(backupDir, { recursive: true });
    // Blobs before the database: an unreferenced blob is harmless, a row naming a missing blob is not.
    let evidenceAdded = 0;
    let evidenceAlreadyPresent = 0;
    for (const e of verified.manifest.entries) {
      const m = BLOB_ENTRY.exec(e.path);
      if (!m) continue;
      const dest = join(options.dataDir, 'evidence', m[1]!, m[2]!);
      if (existsSync(dest)) {
        evidenceAlreadyPresent++;
        continue;
      }
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(join(staging.blobDir, m[2]!), dest);
      evidenceAdded++;
    }
    const safetyCopy = swapDatabase(staging.stagedDb, options.dbPath, backupDir, (options.now ?? (() => new Date()))());
    return { ...verified, safetyCopy, evidenceAdded, evidenceAlreadyPresent };
  } finally {
    removeStaging(staging);
  }
}

/** Both halves on this thread: stage (verify, migrate), then swap. */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const staged = await stageRestore({ ...options, staging: restoreStaging(options.dbPath, options.dataDir) });
  return finishRestore(staged, options);
}

function migrateStaged(stagedDb: string, options: StageOptions): void {
  try {
    openDatabase(stagedDb, { copyBeforeMigrating: false, ...(options.migrations ? { migrations: options.migrations } : {}), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }).close();
  } catch (error) {
    throw refuse(options.label, `không nâng cấp được cơ sở dữ liệu trong tệp lên lược đồ hiện tại (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Synchronous on purpose: nothing may run between closing the old database and opening the new one.
 * The old file (and its WAL, if one was left) is copied first; its WAL and shared-memory files are
 * removed so they can never be applied to the restored file; the staged file then replaces it with
 * one rename.
 */
function swapDatabase(staged: string, dbPath: string, backupDir: string, now: Date): string | null {
  let safetyCopy: string | null = null;
  if (existsSync(dbPath)) {
    safetyCopy = join(backupDir, `before-restore-${stampOf(now)}.sqlite`);
    copyFileSync(dbPath, safetyCopy);
    if (existsSync(`${dbPath}-wal`) && statSync(`${dbPath}-wal`).size > 0) copyFileSync(`${dbPath}-wal`, `${safetyCopy}-wal`);
  }
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  renameSync(staged, dbPath);
  return safetyCopy;
}
