// Every workbook a user hands us is read off the main thread: its declared sizes are checked here
// first (no inflating), then a worker thread with a memory limit and a time limit runs the reader and
// answers with plain data. A file that needs more is refused in Vietnamese, and the process that
// serves the window (Electron main, the browser host, the CLI) never holds it. One worker is kept
// for the next file; a worker that was stopped is replaced.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.js';
import type { JobReply, SurveyCampaign, WorkbookJob, WorkbookResults } from './jobs.js';
import { checkWorkbookBounds } from './workbook-file.js';

export interface WorkbookWorkerLimits {
  /**
   * A read that takes longer is stopped. The sizes are already bounded, so this only stops a reader
   * that loops; it is wide because the real 3,000-unit workbook took up to a minute on a loaded
   * 2-core machine, and a council's laptop may be slower.
   */
  timeoutMs: number;
  /** The worker's JavaScript heap: the real 3,000-unit workbook (300,000 score rows) reads within 1 GB. */
  maxOldGenerationSizeMb: number;
}

const DEFAULT_LIMITS: WorkbookWorkerLimits = { timeoutMs: 300_000, maxOldGenerationSizeMb: 1536 };
let limits: WorkbookWorkerLimits = { ...DEFAULT_LIMITS };

/** The limits in force (the job worker reads workbooks under the same ones as the thread that started it). */
export function workbookWorkerLimits(): WorkbookWorkerLimits {
  return { ...limits };
}

/** Changes the limits for the next worker (tests); returns the previous ones. */
export function setWorkbookWorkerLimits(next: Partial<WorkbookWorkerLimits>): WorkbookWorkerLimits {
  const previous = limits;
  limits = { ...limits, ...next };
  closeWorkbookWorker();
  return previous;
}

const stopped = (why: string): AppError =>
  new AppError('import_invalid', 'workbook.stopped', { why }, [
    { sheet: '—', row: null, column: null, message: `${why}.` },
  ]);

function spawnWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb } };
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Source runs (tests, under tsx): Node 20 does not hand tsx's loader to a worker, so the worker
    // registers it before importing the entry.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', here).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
  }
  // Bundles: dist/cli.mjs, host.mjs and main.mjs sit beside dist/workbook-worker.mjs.
  // In the installed app the bundles live in app.asar and the worker in app.asar.unpacked (see electron-builder.yml).
  return new Worker(outsideAsar(fileURLToPath(new URL('./workbook-worker.mjs', here))), options);
}

/** The same file in app.asar.unpacked when it was packed in app.asar: a worker thread cannot start from the archive. */
export function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

let worker: Worker | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

/** Stops the idle worker (it never keeps a process alive, but a test may want it gone). */
export function closeWorkbookWorker(): void {
  const w = worker;
  worker = null;
  if (w) void w.terminate();
}

function startWorker(): Worker {
  const w = spawnWorker();
  // An idle worker that dies is simply replaced by the next job (an unheard 'error' would throw here).
  const forget = () => {
    if (worker === w) worker = null;
  };
  w.on('error', forget);
  w.on('exit', forget);
  w.unref();
  return w;
}

function runInWorker(job: WorkbookJob): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = worker ?? (worker = startWorker());
    const id = nextId++;
    const kill = () => {
      if (worker === w) worker = null;
      void w.terminate();
    };
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      w.unref();
      settle();
    };
    const onMessage = (reply: JobReply) => {
      if (reply.id !== id) return;
      finish(() => (reply.ok ? resolve(reply.value) : reject(AppError.fromShape(reply.error))));
    };
    const onError = (error: Error & { code?: string }) => {
      finish(() => {
        kill();
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? stopped(`Đọc tệp cần nhiều hơn ${limits.maxOldGenerationSizeMb} MB bộ nhớ`)
            : new AppError('internal', 'workbook.readFailed', { message: error.message }),
        );
      });
    };
    const onExit = (code: number) => {
      finish(() => {
        if (worker === w) worker = null;
        reject(new AppError('internal', 'workbook.workerExited', { code }));
      });
    };
    const timer = setTimeout(() => finish(() => {
      kill();
      reject(stopped(`Đọc tệp mất hơn ${limits.timeoutMs >= 1000 ? `${Math.round(limits.timeoutMs / 1000)} giây` : `${limits.timeoutMs} ms`}`));
    }), limits.timeoutMs);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.ref();
    w.postMessage({ id, job });
  });
}

/** Runs one reader job: bounds here, the reader in the worker, one job at a time. */
function run<K extends WorkbookJob['kind']>(job: WorkbookJob & { kind: K }): Promise<WorkbookResults[K]> {
  checkWorkbookBounds(job.bytes);
  const result = queue.then(() => runInWorker(job)) as Promise<WorkbookResults[K]>;
  queue = result.catch(() => undefined);
  return result;
}

export const readCampaignWorkbook = (bytes: Uint8Array) => run({ kind: 'campaign', bytes });
export const readPreviousWorkbook = (bytes: Uint8Array) => run({ kind: 'previous', bytes });
export const readSurveyWorkbook = (bytes: Uint8Array, campaign: SurveyCampaign) => run({ kind: 'survey', bytes, campaign });
export const readExplanationWorkbook = (bytes: Uint8Array) => run({ kind: 'explanations', bytes });
