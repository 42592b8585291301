// The browser host: serves the built renderer and the contract on 127.0.0.1 only, guarded by a
// per-run token and a Host-header check (against DNS rebinding). Used by the end-to-end tests and by
// anyone without the Electron binary.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { BUNDLES_FOLDER, exportsFolder, serveBackup, serveBundle, serveEvidence, serveExport, type AppCore } from '../core/app.js';
import { isJobId, type Progress } from '../../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { join as joinPath } from 'node:path';

export const CSP = CONTENT_SECURITY_POLICY;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Largest API request body: a base64 workbook of a large campaign fits with room to spare. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface HostOptions {
  core: AppCore;
  staticDir: string;
  token: string;
  actor: string;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resolves a URL path to a file inside the static folder, or null (traversal, hidden files, missing). */
export function staticFile(staticDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(staticDir, relative));
  const root = normalize(staticDir + sep);
  if (!full.startsWith(root)) return null;
  if (relative.split(/[\\/]/).some((part) => part.startsWith('.'))) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new Error('too_large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Server-Sent Events: every open `GET /api/events` stream hears the progress of every long call. */
class ProgressStreams {
  private readonly open = new Set<ServerResponse>();

  attach(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    // A comment line first, so the browser reports the stream open at once.
    res.write(': par\n\n');
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
  }

  send(jobId: string, progress: Progress): void {
    const frame = `event: progress\ndata: ${JSON.stringify({ jobId, progress })}\n\n`;
    for (const res of this.open) res.write(frame);
  }

  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

export function createHostServer(options: HostOptions): Server {
  const { core, staticDir, token, actor } = options;
  const streams = new ProgressStreams();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // The reason goes to the log; the page gets a sentence it can show, never a stack or a path.
      console.warn(`host: ${req.method ?? ''} ${(req.url ?? '').slice(0, 200)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: 'Có lỗi không mong muốn khi xử lý yêu cầu. Dữ liệu của bạn không bị thay đổi; hãy thử lại.' } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      send(res, 421, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Địa chỉ không hợp lệ.' } }));
      return;
    }
    const url = req.url ?? '/';
    // GET /api/events?t=<token>: progress of long calls (an EventSource cannot send the token as a header).
    if (req.method === 'GET' && /^\/api\/events(?:\?.*)?$/.test(url)) {
      const t = new URL(url, 'http://127.0.0.1').searchParams.get('t') ?? undefined;
      if (!tokenMatches(t, token)) {
        send(res, 403, 'Phiên làm việc không hợp lệ.', 'text/plain; charset=utf-8');
        return;
      }
      streams.attach(res);
      return;
    }
    if (url.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Chỉ chấp nhận POST.' } }));
        return;
      }
      const given = req.headers['x-par-token'];
      if (!tokenMatches(Array.isArray(given) ? given[0] : given, token)) {
        send(res, 403, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Phiên làm việc không hợp lệ: hãy mở lại địa chỉ mà ứng dụng đã in ra (có mã phiên ?t=…).' } }));
        return;
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body === '' ? {} : JSON.parse(body);
      } catch (error) {
        const tooLarge = error instanceof Error && error.message === 'too_large';
        send(res, tooLarge ? 413 : 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: tooLarge ? 'Dữ liệu gửi lên quá lớn.' : 'Dữ liệu gửi lên không phải JSON hợp lệ.' } }));
        return;
      }
      let method: string;
      try {
        method = decodeURIComponent(url.slice('/api/'.length).split('?')[0] ?? '');
      } catch {
        send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'Địa chỉ chức năng không hợp lệ (mã hóa phần trăm sai, ví dụ "%E0%A4%A").' } }));
        return;
      }
      // A long call names itself in x-par-job: its progress goes out on /api/events, and job/cancel stops it.
      const job = req.headers['x-par-job'];
      const jobId = Array.isArray(job) ? job[0] : job;
      const reply = await core.dispatch(method, input, isJobId(jobId) ? { actor, jobId, progress: (p) => streams.send(jobId, p) } : { actor });
      send(res, 200, JSON.stringify(reply));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    // GET /evidence/<id>?t=<token>: files from the evidence store only; PDF and images inline, anything else as a download.
    const evidence = /^\/evidence\/(\d+)(?:\?.*)?$/.exec(url);
    if (evidence) {
      const t = new URL(url, 'http://127.0.0.1').searchParams.get('t') ?? undefined;
      if (!tokenMatches(t, token)) {
        send(res, 403, 'Phiên làm việc không hợp lệ.', 'text/plain; charset=utf-8');
        return;
      }
      serveEvidence(core.services.evidence, Number(evidence[1]), req, res);
      return;
    }
    const backup = /^\/backup\/([^/?]+)(?:\?.*)?$/.exec(url);
    if (backup) {
      const t = new URL(url, 'http://127.0.0.1').searchParams.get('t') ?? undefined;
      if (!tokenMatches(t, token)) {
        send(res, 403, 'Phiên làm việc không hợp lệ.', 'text/plain; charset=utf-8');
        return;
      }
      serveBackup(core.backup.folder, backup[1]!, req, res);
      return;
    }
    const bundle = /^\/bundle\/([^/?]+)(?:\?.*)?$/.exec(url);
    if (bundle) {
      const t = new URL(url, 'http://127.0.0.1').searchParams.get('t') ?? undefined;
      if (!tokenMatches(t, token)) {
        send(res, 403, 'Phiên làm việc không hợp lệ.', 'text/plain; charset=utf-8');
        return;
      }
      serveBundle(joinPath(core.info.dataDir, BUNDLES_FOLDER), bundle[1]!, req, res);
      return;
    }
    // GET /export/<name>?t=<token>: a file a job wrote into the exports folder (annexes).
    const exported = /^\/export\/([^/?]+)(?:\?.*)?$/.exec(url);
    if (exported) {
      const t = new URL(url, 'http://127.0.0.1').searchParams.get('t') ?? undefined;
      if (!tokenMatches(t, token)) {
        send(res, 403, 'Phiên làm việc không hợp lệ.', 'text/plain; charset=utf-8');
        return;
      }
      serveExport(exportsFolder(core.info.dataDir), exported[1]!, req, res);
      return;
    }
    const file = staticFile(staticDir, url);
    if (!file) {
      send(res, 404, 'Không tìm thấy', 'text/plain; charset=utf-8');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  // Open event streams would keep server.close() waiting for ever.
  server.on('close', () => streams.closeAll());
  const close = server.close.bind(server);
  server.close = (callback) => {
    streams.closeAll();
    return close(callback);
  };
  return server;
}
