// Downloading an evidence bundle the app exported into <data>/bundles: the browser host's token-guarded
// GET /bundle/<name> and Electron's app://par/bundle/<name>. Only names the app gives its bundles are
// served, so no other file on the machine can be reached through this door.

import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { PreparedDownload } from '../backup/http.js';
import { contentDisposition } from '../evidence/http.js';
import { BUNDLE_NAME } from './evidence-bundle.js';

const textHeaders = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function prepareBundleDownload(folder: string, rawName: string, method: string): PreparedDownload {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: textHeaders, body: 'Chỉ chấp nhận GET.' };
  const missing: PreparedDownload = { status: 404, headers: textHeaders, body: 'Không tìm thấy gói tài liệu kiểm chứng.' };
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return missing;
  }
  if (!BUNDLE_NAME.test(name)) return missing;
  const path = join(folder, name);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return missing;
    size = st.size;
  } catch {
    return missing;
  }
  const headers = {
    'content-type': 'application/octet-stream',
    'content-length': String(size),
    'content-disposition': contentDisposition('attachment', name),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  };
  return { status: 200, headers, body: method === 'HEAD' ? null : createReadStream(path, { highWaterMark: 1024 * 1024 }) };
}

/** Node http (the browser host). */
export function serveBundle(folder: string, name: string, req: IncomingMessage, res: ServerResponse): void {
  const p = prepareBundleDownload(folder, name, req.method ?? 'GET');
  res.writeHead(p.status, p.headers);
  if (p.body === null || typeof p.body === 'string') {
    res.end(p.body ?? undefined);
    return;
  }
  const stream = p.body;
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/** A web Response (Electron's protocol.handle). */
export function bundleResponse(folder: string, name: string, method: string): Response {
  const p = prepareBundleDownload(folder, name, method);
  const body = p.body === null ? null : typeof p.body === 'string' ? p.body : (Readable.toWeb(p.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: p.status, headers: p.headers });
}
