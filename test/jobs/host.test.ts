// The browser host forwards a long call's progress on GET /api/events (Server-Sent Events, token-guarded)
// and its cancel (POST /api/job/cancel with the id the page sent in x-par-job), over real HTTP.

import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Progress } from '../../shared/contract.js';
import { openApp } from '../../electron/core/app.js';
import { exportsFolder } from '../../electron/jobs/exports.js';
import { createHostServer } from '../../electron/host/server.js';
import { tempDir } from '../helpers.js';
import { hashRows, workbookOf } from './support.js';

const TOKEN = 'tok-jobs';

function post(port: number, method: string, input: unknown, headers: Record<string, string> = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { 'x-par-token': TOKEN, 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

function get(port: number, path: string): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

/** Opens the event stream and calls `onEvent` for each progress frame; resolves once the stream is open. */
function events(port: number, token: string, onEvent: (e: { jobId: string; progress: Progress }) => void): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/events?t=${token}` }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame);
          if (/^event: progress$/m.test(frame) && data) onEvent(JSON.parse(data[1]!) as { jobId: string; progress: Progress });
        }
      });
      res.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', () => undefined);
    req.on('error', reject);
    req.end();
  });
}

test('the host streams progress to the page and cancels a job by its id', async () => {
  const { dir, cleanup } = tempDir('par-jobs-host-');
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  const core = openApp({ dataDir: join(dir, 'data'), host: 'browser', seedDemo: false });
  const server = createHostServer({ core, staticDir, token: TOKEN, actor: 'tester' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    assert.equal((await events(port, 'sai-ma', () => undefined)).status, 403);

    const seen: Array<{ jobId: string; progress: Progress }> = [];
    const stream = await events(port, TOKEN, (e) => seen.push(e));
    assert.equal(stream.status, 200);

    // A finished import: its steps arrived on the stream, in order, under its id.
    const done = await post(port, 'workbook/import', { fileName: 'dot.xlsx', contentBase64: workbookOf(10).toString('base64') }, { 'x-par-job': 'job-a' });
    assert.equal(done.ok, true, JSON.stringify(done));
    const mine = seen.filter((e) => e.jobId === 'job-a').map((e) => e.progress);
    assert.ok(mine.length >= 2);
    assert.match(mine[0]!.phase, /^Đang đọc tệp dot\.xlsx/);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.done >= mine[i - 1]!.done);

    // The annex it exports is downloaded from the exports folder by its name, saved under the annex's own name.
    const campaignId = (done.value as { campaignId: number }).campaignId;
    const annex = await post(port, 'annex/export', { campaignId, annex: 'I', format: 'xlsx' });
    assert.ok(annex.ok);
    const file = annex.value as { fileName: string; downloadName: string };
    assert.equal((await get(port, `/export/${file.fileName}`)).status, 403);
    const download = await get(port, `/export/${encodeURIComponent(file.fileName)}?t=${TOKEN}`);
    assert.equal(download.status, 200);
    assert.match(String(download.headers['content-disposition']), /filename="Phu-luc-I-xep-hang-CCHC-2025\.xlsx"/);
    assert.equal(download.body.subarray(0, 2).toString(), 'PK');
    assert.equal((await get(port, `/export/..%2Fpar.sqlite?t=${TOKEN}`)).status, 404);

    // A cancel sent by another call, as soon as the first progress of the job shows.
    const before = hashRows(core.info.dbPath);
    let cancel: Promise<unknown> | null = null;
    const watcher = await events(port, TOKEN, (e) => {
      if (e.jobId === 'job-b') cancel ??= post(port, 'job/cancel', { jobId: 'job-b' });
    });
    const cancelled = await post(port, 'workbook/import', { fileName: 'lon.xlsx', contentBase64: workbookOf(300, 'Đợt lớn').toString('base64') }, { 'x-par-job': 'job-b' });
    watcher.close();
    assert.deepEqual(await cancel, { ok: true, value: { cancelled: true } });
    assert.deepEqual([cancelled.ok, cancelled.error?.code, cancelled.error?.message], [false, 'cancelled', 'Đã hủy — không có gì bị thay đổi.']);
    assert.equal(hashRows(core.info.dbPath), before);
    assert.deepEqual(readdirSync(exportsFolder(core.info.dataDir)), [file.fileName]);
    stream.close();
  } finally {
    server.close();
    server.closeAllConnections();
    core.close();
    cleanup();
  }
});
