// What the Electron preload exposes to the page; absent when the renderer runs against the browser host.
import type { Reply } from '../shared/errors.js';

declare global {
  interface ParApi {
    invoke(method: string, input: unknown): Promise<Reply<unknown>>;
  }
  interface Window {
    parApi?: ParApi;
  }
}

export {};
