// The checkpointer's thread (dist/checkpoint-worker.mjs): its own connection to the database, copying the
// write-ahead log into the database file (a PASSIVE checkpoint: never waits for or blocks the writers) when
// the log has grown, so that no write on the thread that serves the window pays for it. It sleeps on a
// shared word the owner flips to stop it; it then closes its connection and says so on the same memory,
// which lets the owner wait for it synchronously before the file is closed, swapped or removed.

import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CHECKPOINTER, type CheckpointerStart } from './checkpoint-protocol.js';

const start = workerData as CheckpointerStart;
const flags = new Int32Array(start.flags);

function run(): void {
  if (Atomics.load(flags, CHECKPOINTER.command) !== CHECKPOINTER.run) return;
  const db = new Database(start.file, start.nativeBinding ? { nativeBinding: start.nativeBinding } : {});
  try {
    Atomics.store(flags, CHECKPOINTER.state, CHECKPOINTER.ready);
    Atomics.notify(flags, CHECKPOINTER.state);
    while (Atomics.load(flags, CHECKPOINTER.command) === CHECKPOINTER.run) {
      Atomics.wait(flags, CHECKPOINTER.command, CHECKPOINTER.run, start.intervalMs);
      if (Atomics.load(flags, CHECKPOINTER.command) !== CHECKPOINTER.run) break;
      const wal = statSync(`${start.file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      if (wal < start.minBytes) continue;
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or locked (a restore's staging, a job's held transaction): the next turn tries again.
      }
    }
  } finally {
    db.close();
  }
}

try {
  run();
} finally {
  Atomics.store(flags, CHECKPOINTER.state, CHECKPOINTER.closed);
  Atomics.notify(flags, CHECKPOINTER.state);
  parentPort?.close();
}
