// Backup and restore inside a running app: in-app and daily automatic archives with rotation, the
// settings in app_meta, and a restore that closes the database, swaps the file and reopens it, so
// every door (IPC, browser host) carries on with the restored data. One operation at a time.

import { copyFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackupCreated, BackupOverview, BackupRestored, Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Db } from '../db/database.js';
import { BackupRepo } from '../repos/backup-repo.js';
import type { MetaRepo } from '../repos/repositories.js';
import {
  createBackup, finishRestore, restoreStaging, stageRestore,
  type BackupSummary, type CreateBackupOptions, type RestoreOutcome, type RestoreStaging, type StagedRestore,
} from './archive.js';
import { archiveName, archivePath, BACKUPS_FOLDER, DEFAULT_KEEP, listArchives, MAX_KEEP, rotate, type BackupKind } from './rotation.js';

export const KEEP_KEY = 'backup_keep';
export const LAST_AUTO_KEY = 'backup_last_auto';
export const AUTO_INTERVAL_MS = 24 * 3600 * 1000;

/** What the controller needs from the core; `close` and `reopen` are synchronous. */
export interface BackupHost {
  dataDir: string;
  dbPath: string;
  appVersion: string;
  nativeBinding?: string;
  db(): Db;
  meta(): MetaRepo;
  /** Hands over a completed chunked upload (its temp file now belongs to the caller). */
  takeUpload(uploadId: string): { path: string; fileName: string };
  close(): void;
  reopen(): void;
  /** Writes the archive off this thread (the core's job worker); absent: written here. */
  archive?: (options: Omit<CreateBackupOptions, 'db'>, call: ArchiveCall) => Promise<BackupSummary>;
  /** Verifies and stages a restore off this thread (the core's job worker); absent: staged here. */
  stage?: (what: StageRequest, call: ArchiveCall) => Promise<StagedRestore>;
}

/** The archive a restore stages, and where. */
export interface StageRequest {
  archive: string;
  label: string;
  staging: RestoreStaging;
}

/** How the caller of a backup watches and stops it. */
export interface ArchiveCall {
  progress?: ((p: Progress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface AutoBackupOptions {
  /** Delay after opening before the first check (default 5 s): never in the way of startup. */
  startDelayMs?: number;
  /** How often a long-running app checks again (default 1 h). */
  checkEveryMs?: number;
}

export type RestoreSource = { kind: 'saved'; name: string } | { kind: 'upload'; uploadId: string } | { kind: 'path'; path: string };

export class BackupController {
  private busy: 'backup' | 'restore' | null = null;
  private progress: { done: number; total: number } | null = null;
  private notice: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private disposed = false;
  private autoEnabled = false;

  constructor(
    private readonly host: BackupHost,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {}

  get folder(): string {
    return join(this.host.dataDir, BACKUPS_FOLDER);
  }

  keep(): number {
    const n = Number(this.host.meta().get(KEEP_KEY));
    return Number.isInteger(n) && n >= 1 && n <= MAX_KEEP ? n : DEFAULT_KEEP;
  }

  overview(): BackupOverview {
    return {
      folder: this.folder,
      keep: this.keep(),
      lastAutoAt: this.host.meta().get(LAST_AUTO_KEY) ?? null,
      autoEnabled: this.autoEnabled,
      busy: this.busy,
      progress: this.progress,
      notice: this.notice,
      items: listArchives(this.folder),
    };
  }

  setKeep(keep: number): BackupOverview {
    if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP) {
      throw new AppError('invalid_input', 'backup.keepRange', { max: MAX_KEEP });
    }
    this.host.meta().set(KEEP_KEY, String(keep));
    this.rotateAll();
    return this.overview();
  }

  /** Removes what is over the limit in the archives' folder and in the database's backups folder. */
  rotateAll(): void {
    const keep = this.keep();
    rotate(this.folder, keep, this.now().getTime());
    const dbBackups = join(this.host.dbPath, '..', BACKUPS_FOLDER);
    if (dbBackups !== this.folder) rotate(dbBackups, keep, this.now().getTime());
    // Staging left by a restore that was cut off (a crash, a killed process) goes once nothing has
    // written to it for a while; never while this controller's own restore is running.
    if (this.busy !== 'restore') {
      removeStale(dirname(this.host.dbPath), /^\.restore-[0-9a-f]+\.sqlite(-wal|-shm|-journal)?$/, Date.now());
      removeStale(join(this.host.dataDir, 'evidence', 'tmp'), /^restore-[0-9a-f]+$/, Date.now());
    }
  }

  /** An archive in <dataDir>/backups (the renderer then offers it for download). */
  async create(kind: BackupKind, call: ArchiveCall = {}): Promise<BackupCreated> {
    this.claim('backup');
    try {
      const date = this.now();
      const out = join(this.folder, archiveName(this.folder, kind, date));
      const options = {
        dataDir: this.host.dataDir,
        out,
        appVersion: this.host.appVersion,
        now: () => date,
        onProgress: (done: number, total: number) => (this.progress = { done, total }),
      };
      const summary = this.host.archive
        ? await this.host.archive(options, {
          signal: call.signal,
          progress: (p) => {
            this.progress = { done: p.done, total: p.total ?? 0 };
            call.progress?.(p);
          },
        })
        : await createBackup({ ...options, db: this.host.db(), ...(call.signal ? { signal: call.signal } : {}) });
      if (kind === 'auto') this.host.meta().set(LAST_AUTO_KEY, date.toISOString());
      this.notice = null;
      this.rotateAll();
      const name = out.slice(this.folder.length + 1);
      return {
        name,
        kind,
        size: summary.size,
        createdAt: summary.createdAt,
        evidenceFiles: summary.evidenceFiles,
        evidenceBytes: summary.evidenceBytes,
        missingBlobs: summary.missingBlobs.length,
        damagedBlobs: summary.damagedBlobs.length,
      };
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /** True when no automatic backup was made in the last 24 hours (by the injected clock). */
  autoDue(): boolean {
    const last = Date.parse(this.host.meta().get(LAST_AUTO_KEY) ?? '');
    return !Number.isFinite(last) || this.now().getTime() - last >= AUTO_INTERVAL_MS;
  }

  /** The daily backup: never throws; a failure is logged and kept as a notice for the UI. */
  async runAutoIfDue(): Promise<'created' | 'not-due' | 'busy' | 'failed'> {
    if (this.disposed) return 'not-due';
    try {
      if (!this.autoDue()) return 'not-due';
      if (this.busy) return 'busy';
      const made = await this.create('auto');
      this.log(`Đã sao lưu tự động: ${made.name}`);
      return 'created';
    } catch (error) {
      if (this.disposed) return 'failed';
      const detail = error instanceof Error ? error.message : String(error);
      this.notice = `Sao lưu tự động không thành công (${this.now().toLocaleString('vi-VN')}): ${detail}`;
      this.log(this.notice);
      return 'failed';
    }
  }

  /** Checks shortly after opening, then every hour; timers never keep the process alive. */
  startAuto(options: AutoBackupOptions = {}): void {
    this.autoEnabled = true;
    const first = setTimeout(() => void this.runAutoIfDue(), options.startDelayMs ?? 5000);
    const every = setInterval(() => void this.runAutoIfDue(), options.checkEveryMs ?? 3600 * 1000);
    first.unref();
    every.unref();
    this.timers.push(first, every);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  /**
   * Verifies and stages the whole archive first (in the job worker when the host has one, with progress
   * and cancel: a cancel leaves everything as it was); only then closes the database, swaps the file and
   * reopens, here, because that replaces the live connection.
   */
  async restore(source: RestoreSource, call: ArchiveCall = {}): Promise<BackupRestored> {
    this.claim('restore');
    let uploaded: string | null = null;
    try {
      let archive: string;
      let label: string;
      if (source.kind === 'saved') {
        const path = archivePath(this.folder, source.name);
        if (!path) throw new AppError('not_found', 'backup.notInFolder', { name: source.name });
        archive = path;
        label = source.name;
      } else if (source.kind === 'upload') {
        const upload = this.host.takeUpload(source.uploadId);
        uploaded = upload.path;
        archive = upload.path;
        label = upload.fileName;
      } else {
        if (!existsSync(source.path)) throw new AppError('not_found', 'backup.fileNotFound', { path: source.path });
        archive = source.path;
        label = source.path;
      }
      // Settings of this machine survive the restore (they are not part of the data).
      const keep = this.host.meta().get(KEEP_KEY);
      const lastAuto = this.host.meta().get(LAST_AUTO_KEY);
      const what: StageRequest = { archive, label, staging: restoreStaging(this.host.dbPath, this.host.dataDir) };
      const progress = (p: Progress) => {
        this.progress = { done: p.done, total: p.total ?? 0 };
        call.progress?.(p);
      };
      const staged = this.host.stage
        ? await this.host.stage(what, { signal: call.signal, progress })
        : await stageRestore({
          ...what,
          ...(this.host.nativeBinding ? { nativeBinding: this.host.nativeBinding } : {}),
          ...(call.signal ? { signal: call.signal } : {}),
          onProgress: (done, total) => (this.progress = { done, total }),
        });
      let closed = false;
      let outcome: RestoreOutcome | undefined;
      try {
        outcome = finishRestore(staged, {
          dbPath: this.host.dbPath,
          dataDir: this.host.dataDir,
          now: this.now,
          beforeSwap: () => {
            new BackupRepo(this.host.db()).checkpoint();
            this.host.close();
            closed = true;
          },
        });
      } finally {
        if (closed) this.reopen(outcome?.safetyCopy ?? null);
      }
      if (keep !== undefined) this.host.meta().set(KEEP_KEY, keep);
      if (lastAuto !== undefined) this.host.meta().set(LAST_AUTO_KEY, lastAuto);
      this.rotateAll();
      return {
        createdAt: outcome.manifest.createdAt,
        appVersion: outcome.manifest.appVersion,
        schemaVersion: outcome.manifest.schemaVersion,
        campaigns: outcome.campaigns,
        evidenceFiles: outcome.evidenceFiles,
        evidenceAdded: outcome.evidenceAdded,
        missingBlobs: outcome.missingBlobs,
        safetyCopy: outcome.safetyCopy,
      };
    } finally {
      if (uploaded) rmSync(uploaded, { force: true });
      this.busy = null;
      this.progress = null;
    }
  }

  /** Opens the (restored) database; if it cannot be opened, the safety copy goes back and is opened instead. */
  private reopen(safetyCopy: string | null): void {
    try {
      this.host.reopen();
    } catch (error) {
      if (safetyCopy === null) throw error;
      for (const suffix of ['-wal', '-shm']) rmSync(this.host.dbPath + suffix, { force: true });
      copyFileSync(safetyCopy, this.host.dbPath);
      if (existsSync(`${safetyCopy}-wal`)) copyFileSync(`${safetyCopy}-wal`, `${this.host.dbPath}-wal`);
      this.host.reopen();
      throw new AppError('internal', 'backup.reopenFailed', { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  private claim(what: 'backup' | 'restore'): void {
    if (this.busy) {
      throw new AppError('conflict', this.busy === 'restore' ? 'backup.busyRestoring' : 'backup.busyBackingUp');
    }
    this.busy = what;
    this.progress = null;
  }
}

/**
 * Staging untouched this long is left from a restore that was cut off: a running restore writes its
 * staged blobs continuously (and another process cannot restore into a database this one has open).
 */
const STALE_STAGING_MS = 15 * 60 * 1000;

/** The latest write to a file, or to a folder and the files directly in it. */
function lastWritten(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let latest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    try {
      latest = Math.max(latest, statSync(join(path, name)).mtimeMs);
    } catch {
      // Gone meanwhile.
    }
  }
  return latest;
}

function removeStale(dir: string, pattern: RegExp, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!pattern.test(name)) continue;
    try {
      if (now - lastWritten(join(dir, name)) > STALE_STAGING_MS) rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}
