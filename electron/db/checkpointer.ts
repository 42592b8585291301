// WAL checkpoints off the thread that serves the window. SQLite copies the write-ahead log back into the
// database file on the commit that finds the log past 1,000 pages: every ~200th grid write paid ~10 ms
// (more on a slow disk) for it. With `backgroundCheckpoints` the connection checkpoints never by itself;
// a worker thread with its own connection does it when the log has grown (PASSIVE: it never waits for the
// writers and they never wait for it). Closing the database stops the thread first and waits for it to
// close its connection, so a restore's swap or a deletion never races it. A thread that cannot start or
// dies gives the checkpoints back to the connection.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { outsideAsar } from '../workbook/isolated.js';
import { CHECKPOINTER, type CheckpointerStart } from './checkpoint-protocol.js';
import type { Db } from './database.js';

export interface CheckpointerOptions {
  nativeBinding?: string;
  intervalMs?: number;
  minBytes?: number;
}

/** SQLite's own threshold, put back when the thread is gone. */
const AUTO_CHECKPOINT_PAGES = 1000;

function spawn(start: CheckpointerStart): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Source runs (tests under tsx): the worker registers tsx's loader before importing its entry.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./checkpoint-worker.ts', here).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData: start });
  }
  // Bundles sit beside dist/checkpoint-worker.mjs; the installed app has it in app.asar.unpacked.
  return new Worker(outsideAsar(fileURLToPath(new URL('./checkpoint-worker.mjs', here))), { workerData: start });
}

/** Starts the thread for `db` (opened on `file`); answers the synchronous stop that `db.close()` must call first. */
export function startCheckpointer(db: Db, file: string, options: CheckpointerOptions = {}): () => void {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  let gone = false;
  const giveBack = () => {
    gone = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  let worker: Worker;
  try {
    worker = spawn({
      file,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      flags: flags.buffer as SharedArrayBuffer,
      intervalMs: options.intervalMs ?? 250,
      minBytes: options.minBytes ?? 4 * 1024 * 1024,
    });
  } catch {
    return () => {};
  }
  db.pragma('wal_autocheckpoint = 0');
  worker.unref();
  worker.on('error', giveBack);
  worker.on('exit', () => {
    if (Atomics.load(flags, CHECKPOINTER.command) === CHECKPOINTER.run) giveBack();
  });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    Atomics.store(flags, CHECKPOINTER.command, CHECKPOINTER.stop);
    Atomics.notify(flags, CHECKPOINTER.command);
    // Wait until the thread has closed its connection (or never opened one); a thread still loading gets
    // ten seconds to see the stop, one that died is not waited for.
    const deadline = Date.now() + 10_000;
    while (!gone && Atomics.load(flags, CHECKPOINTER.state) !== CHECKPOINTER.closed && Date.now() < deadline) {
      Atomics.wait(flags, CHECKPOINTER.state, Atomics.load(flags, CHECKPOINTER.state), 50);
    }
    if (Atomics.load(flags, CHECKPOINTER.state) !== CHECKPOINTER.closed) void worker.terminate();
  };
}
