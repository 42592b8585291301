// Serving stored evidence over HTTP (the browser host's GET /evidence/<id>) and as a web Response
// (Electron's protocol handler). PDF and images are shown inline; anything else only downloads, with
// no type a browser could render. Single byte ranges are honoured so PDF viewers can seek.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';
import type { EvidenceService } from '../services/evidence.js';

export interface PreparedEvidence {
  status: number;
  headers: Record<string, string>;
  /** The body: a stream of the file (or of the range), or a short text for errors. */
  body: Readable | string | null;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` within `size`; null: the whole file; 'unsatisfiable': answer 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // Several ranges or a unit we do not know: send it all.
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

/** RFC 6266: an ASCII fallback and the exact UTF-8 name ("Báo cáo.pdf" survives). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const textHeaders = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Everything a door needs to answer GET/HEAD /evidence/<id>, decided in one place. */
export function prepareEvidence(service: EvidenceService, evidenceId: number, method: string, rangeHeader: string | undefined): PreparedEvidence {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: textHeaders, body: 'Chỉ chấp nhận GET.' };
  if (!Number.isSafeInteger(evidenceId) || evidenceId <= 0) return { status: 404, headers: textHeaders, body: 'Không tìm thấy tài liệu.' };
  try {
    const meta = service.meta(evidenceId);
    const range = parseRange(rangeHeader, meta.size);
    if (range === 'unsatisfiable') {
      return { status: 416, headers: { ...textHeaders, 'content-range': `bytes */${meta.size}` }, body: 'Đoạn byte yêu cầu nằm ngoài tệp.' };
    }
    const opened = service.openEvidenceStream(evidenceId, range ?? undefined);
    const length = range ? range.end - range.start + 1 : opened.size;
    const headers: Record<string, string> = {
      'content-type': opened.previewable ? opened.mediaType : 'application/octet-stream',
      'content-length': String(length),
      'content-disposition': contentDisposition(opened.previewable ? 'inline' : 'attachment', opened.fileName),
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    };
    // Nothing that is not a PDF or an image may run as a page, even if a browser insisted on rendering it.
    if (!opened.previewable) headers['content-security-policy'] = "default-src 'none'; sandbox";
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${opened.size}`;
    if (method === 'HEAD') opened.stream.destroy();
    return { status: range ? 206 : 200, headers, body: method === 'HEAD' ? null : opened.stream };
  } catch (error) {
    if (error instanceof AppError) {
      const status = error.code === 'not_found' ? 404 : error.code === 'out_of_range' ? 416 : 409;
      return { status, headers: textHeaders, body: error.message };
    }
    throw error;
  }
}

/** Node http (the browser host). */
export function serveEvidence(service: EvidenceService, evidenceId: number, req: IncomingMessage, res: ServerResponse): void {
  const p = prepareEvidence(service, evidenceId, req.method ?? 'GET', req.headers.range);
  res.writeHead(p.status, p.headers);
  if (p.body === null) {
    res.end();
  } else if (typeof p.body === 'string') {
    res.end(p.body);
  } else {
    const stream = p.body;
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }
}

/** A web Response (Electron's protocol.handle). */
export function evidenceResponse(service: EvidenceService, evidenceId: number, request: { method: string; headers: { get(name: string): string | null } }): Response {
  const p = prepareEvidence(service, evidenceId, request.method, request.headers.get('range') ?? undefined);
  const body = p.body === null ? null : typeof p.body === 'string' ? p.body : (Readable.toWeb(p.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: p.status, headers: p.headers });
}
