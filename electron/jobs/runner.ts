// Runs a heavy operation in a worker thread (dist/job-worker.mjs) so the thread that serves the window
// (Electron main, the browser host, the CLI) keeps answering. One fresh worker per job: its start-up
// (~0.3 s bundled) is small beside operations that take seconds, and a job that dies takes nothing with
// it. Progress comes back as messages; a cancel flips a shared state word (seen even by synchronous
// code) and tells the worker, which stops, rolls back and removes its partial files; a worker that
// does not answer within the grace period is terminated, which rolls back too (SQLite never commits
// a transaction whose connection closed without COMMIT).

import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { translate, type MessageKey } from '../../shared/i18n/index.js';
import { loadMigrations, type Migration } from '../db/database.js';
import { outsideAsar, workbookWorkerLimits } from '../workbook/isolated.js';
import { JOB_STATE, type JobKind, type JobSpec, type JobStart, type RunnerMessage, type WorkerMessage } from './protocol.js';
import { cancelledError, GUARDED_JOBS } from './run-job.js';
import { removeStaging } from '../backup/archive.js';

export interface JobRunnerOptions {
  dbPath: string;
  dataDir: string;
  nativeBinding?: string;
  /** Called after every writing job, whatever its outcome: the main thread's caches may be stale. */
  onWritten?: () => void;
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  cancelGraceMs?: number;
  /** The worker's JavaScript heap (tests make it small to crash a job). */
  maxOldGenerationSizeMb?: number;
  /** The app checkpoints the database in a thread of its own: a job's commits leave that to it. */
  checkpointsElsewhere?: boolean;
}

export interface JobCallbacks {
  progress?: ((p: Progress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

const crashed = (reason: string): AppError => new AppError('internal', 'job.crashed', { reason });

function spawn(start: JobStart, maxOldGenerationSizeMb: number | undefined): Worker {
  const options = { workerData: start, ...(maxOldGenerationSizeMb ? { resourceLimits: { maxOldGenerationSizeMb } } : {}) };
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Source runs (tests under tsx): the worker registers tsx's loader before importing its entry.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', here).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
  }
  // Bundles sit beside dist/job-worker.mjs; the installed app has it in app.asar.unpacked.
  return new Worker(outsideAsar(fileURLToPath(new URL('./job-worker.mjs', here))), options);
}

export class JobRunner {
  private writing: JobKind | null = null;
  private migrations: Migration[] | null = null;

  constructor(private readonly options: JobRunnerOptions) {}

  /** The writing job (or restore staging) under way, if any: the core refuses other writes meanwhile (see writeRefusal). */
  get writingJob(): JobKind | null {
    return this.writing;
  }

  /** Runs one job and answers its value, or fails with an AppError (`cancelled` when cancelled). */
  async run<T>(spec: JobSpec, actor: string, callbacks: JobCallbacks = {}): Promise<T> {
    const { progress, signal } = callbacks;
    if (signal?.aborted) throw cancelledError();
    const guarded = GUARDED_JOBS.has(spec.kind);
    if (guarded) {
      if (this.writing) throw busyError(this.writing);
      this.writing = spec.kind;
    }
    try {
      return (await this.runWorker(spec, actor, progress, signal)) as T;
    } catch (error) {
      if (spec.kind === 'annex/export' || spec.kind === 'evidenceBundle/export' || spec.kind === 'self/report') {
        rmSync(spec.outPath, { force: true });
        rmSync(`${spec.outPath}.part`, { force: true });
      }
      if (spec.kind === 'backup/create') {
        for (const suffix of ['', '.part', '.part.snapshot', '.part.snapshot-journal']) rmSync(`${spec.out}${suffix}`, { force: true });
      }
      // A worker cancelled or killed mid-way may not have removed its staging itself.
      if (spec.kind === 'backup/stage') removeStaging(spec.staging);
      throw error;
    } finally {
      if (guarded) {
        this.writing = null;
        this.options.onWritten?.();
      }
    }
  }

  private runWorker(spec: JobSpec, actor: string, progress: JobCallbacks['progress'], signal: AbortSignal | undefined): Promise<unknown> {
    this.migrations ??= loadMigrations();
    const state = new Int32Array(new SharedArrayBuffer(4));
    const start: JobStart = {
      spec,
      actor,
      dbPath: this.options.dbPath,
      dataDir: this.options.dataDir,
      migrations: this.migrations,
      workbookLimits: workbookWorkerLimits(),
      state: state.buffer as SharedArrayBuffer,
      ...(this.options.checkpointsElsewhere ? { checkpointsElsewhere: true } : {}),
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(typeof (process as { resourcesPath?: unknown }).resourcesPath === 'string' ? { resourcesPath: (process as { resourcesPath?: string }).resourcesPath } : {}),
    };
    return new Promise((resolve, reject) => {
      const worker = spawn(start, this.options.maxOldGenerationSizeMb);
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const cancelled = () => Atomics.load(state, 0) === JOB_STATE.cancelled;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(graceTimer);
        signal?.removeEventListener('abort', onAbort);
        worker.removeAllListeners('message');
        // The worker ends with the job; its exit (and the connection's close) is not waited for.
        worker.on('error', () => undefined);
        void worker.terminate();
        outcome();
      };
      const onAbort = () => {
        // Too late once the worker is committing: the job's real outcome is then reported.
        if (Atomics.compareExchange(state, 0, JOB_STATE.running, JOB_STATE.cancelled) !== JOB_STATE.running) return;
        worker.postMessage({ type: 'cancel' } satisfies RunnerMessage);
        graceTimer = setTimeout(() => settle(() => reject(cancelledError())), this.options.cancelGraceMs ?? 2000);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') {
          if (!cancelled()) progress?.(message.progress);
          return;
        }
        if (cancelled()) return settle(() => reject(cancelledError()));
        if (message.type === 'done') return settle(() => resolve(message.value));
        settle(() => reject(AppError.fromShape(message.error)));
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (cancelled()) return settle(() => reject(cancelledError()));
        const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? translate('vi', 'job.outOfMemory') : error.message;
        settle(() => reject(crashed(reason)));
      });
      worker.on('exit', (code) => {
        if (cancelled()) return settle(() => reject(cancelledError()));
        settle(() => reject(crashed(translate('vi', 'job.exited', { code }))));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** "Đang nhập sổ tính đợt đánh giá — vui lòng chờ cho xong rồi thử lại." */
export function busyError(kind: JobKind): AppError {
  return new AppError('conflict', 'job.busyWriting', { what: translate('vi', JOB_LABEL[kind]) });
}

export const JOB_LABEL = {
  'workbook/import': 'job.what.workbookImport',
  'previous/import': 'job.what.previousImport',
  'survey/import': 'job.what.surveyImport',
  'explanation/importAnswers': 'job.what.answersImport',
  'package/import': 'job.what.packageImport',
  'package/export': 'job.what.packageExport',
  'annex/export': 'job.what.annexExport',
  'workbook/export': 'job.what.workbookExport',
  'document/file': 'job.what.documentExport',
  'audit/export': 'job.what.auditExport',
  'evidence/verify': 'job.what.evidenceVerify',
  'evidenceBundle/export': 'job.what.bundleExport',
  'evidenceBundle/import': 'job.what.bundleImport',
  'backup/create': 'job.what.backup',
  'backup/stage': 'job.what.restore',
  'self/report': 'job.what.selfReport',
} as const satisfies Record<JobKind, MessageKey>;
