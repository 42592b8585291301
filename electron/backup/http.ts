// Downloading one of the app's archives from <data>/backups: the browser host's GET /backup/<name>
// and Electron's app://par/backup/<name>. Only names the app itself gives its archives are served.

import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { contentDisposition } from '../evidence/http.js';
import { archivePath } from './rotation.js';

export interface PreparedDownload {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

const textHeaders = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function prepareBackupDownload(folder: string, rawName: string, method: string): PreparedDownload {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: textHeaders, body: 'Chỉ chấp nhận GET.' };
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return { status: 404, headers: textHeaders, body: 'Không tìm thấy bản sao lưu.' };
  }
  const path = archivePath(folder, name);
  if (path === null) return { status: 404, headers: textHeaders, body: 'Không tìm thấy bản sao lưu.' };
  const size = statSync(path).size;
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
export function serveBackup(folder: string, name: string, req: IncomingMessage, res: ServerResponse): void {
  const p = prepareBackupDownload(folder, name, req.method ?? 'GET');
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
export function backupResponse(folder: string, name: string, method: string): Response {
  const p = prepareBackupDownload(folder, name, method);
  const body = p.body === null ? null : typeof p.body === 'string' ? p.body : (Readable.toWeb(p.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: p.status, headers: p.headers });
}
