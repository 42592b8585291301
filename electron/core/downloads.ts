// Downloading a file the app wrote into one of its own folders (backups, evidence bundles) over the
// browser host's token-guarded GET and Electron's app:// protocol. The caller maps the requested name
// to a path only for names the app itself gives such files, so no other file can be reached this way.

import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { contentDisposition } from '../evidence/http.js';

export interface PreparedDownload {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

const textHeaders = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * `pathOf` answers the file for a decoded name, or null when the name is not one of the app's;
 * `notFound` is the Vietnamese text of the 404.
 */
export function prepareDownload(rawName: string, method: string, pathOf: (name: string) => string | null, notFound: string): PreparedDownload {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: textHeaders, body: 'Chỉ chấp nhận GET.' };
  const missing: PreparedDownload = { status: 404, headers: textHeaders, body: notFound };
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return missing;
  }
  const path = pathOf(name);
  if (path === null) return missing;
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
export function sendDownload(p: PreparedDownload, res: ServerResponse): void {
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
export function downloadResponse(p: PreparedDownload): Response {
  const body = p.body === null ? null : typeof p.body === 'string' ? p.body : (Readable.toWeb(p.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: p.status, headers: p.headers });
}

