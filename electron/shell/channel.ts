// The IPC channels between the preload and the main process. Kept import-free so the sandboxed
// preload bundle stays a few lines long.

import type { Progress } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';

export const INVOKE_CHANNEL = 'par:invoke';
/** Main → page: progress of a long call, as (jobId, Progress). */
export const PROGRESS_CHANNEL = 'par:progress';

/** What the preload exposes as `window.parApi`: the contract's one function, and progress of long calls. */
export interface ParApi {
  /** `jobId`, made by the page, names a long call so that its progress can be told apart and `job/cancel` can stop it. */
  invoke(method: string, input: unknown, jobId?: string): Promise<Reply<unknown>>;
  /** Listens to progress of every long call of this page; returns the function that stops listening. */
  onProgress(listener: (jobId: string, progress: Progress) => void): () => void;
}
