// The sandboxed preload: exposes exactly the contract's one function, and the progress of long calls,
// as window.parApi. No ipcRenderer, no Node, nothing else; the main side validates the sender, the
// method and the input.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Progress } from '../../shared/contract.js';
import { INVOKE_CHANNEL, PROGRESS_CHANNEL, type ParApi } from './channel.js';

const api: ParApi = {
  invoke: (method: string, input: unknown, jobId?: string) =>
    jobId === undefined ? ipcRenderer.invoke(INVOKE_CHANNEL, method, input) : ipcRenderer.invoke(INVOKE_CHANNEL, method, input, jobId),
  onProgress: (listener) => {
    // The event object (with its sender) never reaches the page: only the job id and the progress.
    const forward = (_event: IpcRendererEvent, jobId: string, progress: Progress) => listener(jobId, progress);
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('parApi', Object.freeze(api));
