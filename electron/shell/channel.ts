// The one IPC channel between the preload and the main process. Kept import-free so the sandboxed
// preload bundle stays a few lines long.

import type { Reply } from '../../shared/errors.js';

export const INVOKE_CHANNEL = 'par:invoke';

/** What the preload exposes as `window.parApi`: exactly the contract's one function. */
export interface ParApi {
  invoke(method: string, input: unknown): Promise<Reply<unknown>>;
}
