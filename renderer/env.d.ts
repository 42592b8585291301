// What the Electron preload exposes to the page; absent when the renderer runs against the browser host.
import type { Progress } from '../shared/contract.js';
import type { Reply } from '../shared/errors.js';

declare global {
  interface ParApi {
    invoke(method: string, input: unknown, jobId?: string): Promise<Reply<unknown>>;
    onProgress(listener: (jobId: string, progress: Progress) => void): () => void;
  }
  interface Window {
    parApi?: ParApi;
  }
}

export {};
