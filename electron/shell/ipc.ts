// The one IPC door, par:invoke: works out who is calling, then leaves the decision to invoke.ts.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNEL, PROGRESS_CHANNEL } from './channel.js';
import { routeInvoke, type InvokeOptions } from './invoke.js';
import type { SenderFacts } from './policy.js';

function senderFacts(event: IpcMainInvokeEvent, win: BrowserWindow | null): SenderFacts {
  if (win === null || win.isDestroyed() || event.sender !== win.webContents) return { fromOurWindow: false, frame: null };
  try {
    const frame = event.senderFrame;
    if (frame === null) return { fromOurWindow: true, frame: null };
    const main = win.webContents.mainFrame;
    const isMainFrame =
      frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
    return { fromOurWindow: true, frame: { url: frame.url, isMainFrame } };
  } catch {
    // A frame disposed mid-call throws on access: treat it as gone.
    return { fromOurWindow: true, frame: null };
  }
}

/** Registers the handler; returns a function that removes it. */
export function registerIpc(options: InvokeOptions, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown, jobId: unknown) =>
    routeInvoke(options, senderFacts(event, getWindow()), method, input, jobId, (id, progress) => {
      // Progress goes back to the page that made the call, while it is still there.
      if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, id, progress);
    }),
  );
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
