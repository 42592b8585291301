// The sandboxed preload: exposes exactly the contract's one function as window.parApi. No ipcRenderer,
// no Node, nothing else; the main side validates the sender, the method and the input.

import { contextBridge, ipcRenderer } from 'electron';
import { INVOKE_CHANNEL, type ParApi } from './channel.js';

const api: ParApi = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld('parApi', Object.freeze(api));
