// Downloading one of the app's archives from <data>/backups: the browser host's GET /backup/<name>
// and Electron's app://par/backup/<name>. Only names the app itself gives its archives are served.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { downloadResponse, prepareDownload, sendDownload, type PreparedDownload } from '../core/downloads.js';
import { archivePath } from './rotation.js';

export type { PreparedDownload };

export function prepareBackupDownload(folder: string, rawName: string, method: string): PreparedDownload {
  return prepareDownload(rawName, method, (name) => archivePath(folder, name), 'Không tìm thấy bản sao lưu.');
}

/** Node http (the browser host). */
export function serveBackup(folder: string, name: string, req: IncomingMessage, res: ServerResponse): void {
  sendDownload(prepareBackupDownload(folder, name, req.method ?? 'GET'), res);
}

/** A web Response (Electron's protocol.handle). */
export function backupResponse(folder: string, name: string, method: string): Response {
  return downloadResponse(prepareBackupDownload(folder, name, method));
}
