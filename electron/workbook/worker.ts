// The workbook worker's entry (dist/workbook-worker.mjs in the bundle): runs one reader job at a time
// under the memory limit its parent set, and answers with plain data.

import { parentPort } from 'node:worker_threads';
import { errorShape, runJob, type JobReply, type WorkbookJob } from './jobs.js';

const port = parentPort;
if (!port) throw new Error('workbook worker started outside a worker thread');
port.on('message', (message: { id: number; job: WorkbookJob }) => {
  let reply: JobReply;
  try {
    reply = { id: message.id, ok: true, value: runJob(message.job) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: errorShape(error) };
  }
  port.postMessage(reply);
});
