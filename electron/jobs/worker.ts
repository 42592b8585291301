// The job worker's entry (dist/job-worker.mjs): opens its own connection to the app's database and
// its own services, runs one job, reports progress, and answers once. A writing job runs inside one
// transaction taken at the start (BEGIN IMMEDIATE: the write lock, so nothing can change under it) and
// committed only at the end; a cancel, an error or the thread dying leaves it uncommitted, and SQLite
// rolls it back. The services' own transactions become savepoints inside it.

import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors.js';
import { heldTransaction, openDatabase } from '../db/database.js';
import { createServices } from '../core/app.js';
import { setWorkbookWorkerLimits } from '../workbook/isolated.js';
import { JOB_STATE, type JobStart, type RunnerMessage, type WorkerMessage } from './protocol.js';
import { cancelledError, runJob, stageJob, WRITING_JOBS, type JobContext } from './run-job.js';

const port = parentPort;
if (!port) throw new Error('job worker started outside a worker thread');
const start = workerData as JobStart;
const state = new Int32Array(start.state);
const controller = new AbortController();
const post = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (message: RunnerMessage) => {
  if (message.type === 'cancel') controller.abort();
});

const throwIfCancelled = () => {
  if (Atomics.load(state, 0) === JOB_STATE.cancelled) throw cancelledError();
};

async function main(): Promise<unknown> {
  if (start.resourcesPath && !('resourcesPath' in process)) Object.assign(process, { resourcesPath: start.resourcesPath });
  setWorkbookWorkerLimits(start.workbookLimits);
  const undos: Array<() => void> = [];
  const ctx: JobContext = {
    actor: start.actor,
    progress: (progress) => post({ type: 'progress', progress }),
    signal: controller.signal,
    throwIfCancelled,
    onRollback: (undo) => undos.push(undo),
  };
  const { spec } = start;
  if (spec.kind === 'backup/stage') {
    // A restore's staging opens no database: the live one stays the core's, and the CLI may restore into a new file.
    const value = await stageJob(spec, ctx, { migrations: start.migrations, ...(start.nativeBinding ? { nativeBinding: start.nativeBinding } : {}) });
    throwIfCancelled();
    return value;
  }
  const db = openDatabase(start.dbPath, {
    migrations: start.migrations,
    ...(start.checkpointsElsewhere ? { checkpointsElsewhere: true } : {}),
    ...(start.nativeBinding ? { nativeBinding: start.nativeBinding } : {}),
  });
  const services = createServices(db, { dataDir: start.dataDir });
  const writes = WRITING_JOBS.has(spec.kind);
  try {
    if (writes) heldTransaction.begin(db);
    const value = await runJob(services, spec, ctx);
    if (writes) {
      // The last moment a cancel can win; after this swap the runner waits for the commit's answer.
      if (Atomics.compareExchange(state, 0, JOB_STATE.running, JOB_STATE.committing) !== JOB_STATE.running) throw cancelledError();
      heldTransaction.commit(db);
    } else {
      throwIfCancelled();
    }
    return value;
  } finally {
    if (db.inTransaction) {
      heldTransaction.rollback(db);
      // Files placed inside the transaction go with it (each undo checks no row names them now).
      for (const undo of undos) undo();
    }
    services.evidence.dispose();
    db.close();
  }
}

main().then(
  (value) => post({ type: 'done', value }),
  (error: unknown) => {
    const shape = error instanceof AppError
      ? error.toShape()
      : { code: 'internal' as const, message: `Lỗi không mong đợi: ${error instanceof Error ? error.message : String(error)}. Dữ liệu của bạn không bị thay đổi.` };
    post({ type: 'failed', error: shape });
  },
);
