// Files a job writes for the user to download (annexes, the unit's self-assessment report): <data>/exports/<12 hex>--<download name>, served
// by the browser host's token-guarded GET /export/<name> and Electron's app://par/export/<name>. Only
// names of that shape are served, and the download is saved under the part after "--".

import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { downloadResponse, prepareDownload, sendDownload, type PreparedDownload } from '../core/downloads.js';
import { contentDisposition } from '../evidence/http.js';

export const EXPORTS_FOLDER = 'exports';
export const EXPORT_NAME = /^[0-9a-f]{12}--([A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(?:xlsx|pdf|docx))$/;
/** A download is fetched right after the export; older files are removed when the next export starts. */
const KEEP_MS = 60 * 60 * 1000;

export const exportsFolder = (dataDir: string): string => join(dataDir, EXPORTS_FOLDER);

/** Where a new export goes; `downloadName` is already an ASCII file name (annexFileName). */
export function newExportPath(dataDir: string, downloadName: string, now = Date.now()): string {
  const folder = exportsFolder(dataDir);
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    try {
      if (now - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile by another export: nothing to do.
    }
  }
  return join(folder, `${randomBytes(6).toString('hex')}--${downloadName}`);
}

export function prepareExportDownload(folder: string, rawName: string, method: string): PreparedDownload {
  const prepared = prepareDownload(rawName, method, (name) => (EXPORT_NAME.test(name) ? join(folder, name) : null), 'Không tìm thấy tệp đã xuất (tệp chỉ được giữ một giờ; hãy xuất lại).');
  if (prepared.status !== 200) return prepared;
  const downloadName = EXPORT_NAME.exec(decodeURIComponent(rawName))?.[1] ?? 'export';
  return { ...prepared, headers: { ...prepared.headers, 'content-disposition': contentDisposition('attachment', downloadName) } };
}

/** Node http (the browser host). */
export function serveExport(folder: string, name: string, req: IncomingMessage, res: ServerResponse): void {
  sendDownload(prepareExportDownload(folder, name, req.method ?? 'GET'), res);
}

/** A web Response (Electron's protocol.handle). */
export function exportResponse(folder: string, name: string, method: string): Response {
  return downloadResponse(prepareExportDownload(folder, name, method));
}
