// Downloading an evidence bundle the app exported into <data>/bundles: the browser host's token-guarded
// GET /bundle/<name> and Electron's app://par/bundle/<name>. Only names the app gives its bundles are
// served, so no other file on the machine can be reached through this door.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { downloadResponse, prepareDownload, sendDownload, type PreparedDownload } from '../core/downloads.js';
import { BUNDLE_NAME } from './evidence-bundle.js';

export function prepareBundleDownload(folder: string, rawName: string, method: string): PreparedDownload {
  return prepareDownload(rawName, method, (name) => (BUNDLE_NAME.test(name) ? join(folder, name) : null), 'Không tìm thấy gói tài liệu kiểm chứng.');
}

/** Node http (the browser host). */
export function serveBundle(folder: string, name: string, req: IncomingMessage, res: ServerResponse): void {
  sendDownload(prepareBundleDownload(folder, name, req.method ?? 'GET'), res);
}

/** A web Response (Electron's protocol.handle). */
export function bundleResponse(folder: string, name: string, method: string): Response {
  return downloadResponse(prepareBundleDownload(folder, name, method));
}
