// The browser host's evidence bundle doors: the export is downloaded by GET /bundle/<name> only with the
// run token and only by the names the app gives its bundles; the upload goes in chunks, never whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openApp } from '../../electron/core/app.js';
import { createHostServer } from '../../electron/host/server.js';
import { tempDir } from '../helpers.js';

function call(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

test('a bundle is exported, downloaded only with the token and by its own name, and re-imported through the chunked upload', async () => {
  const { dir, cleanup } = tempDir('par-evd-host-');
  const dataDir = join(dir, 'data');
  const core = openApp({ dataDir, host: 'browser' });
  const server = createHostServer({ core, staticDir: join(dir, 'static'), token: 'tok-7', actor: 'tester' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const api = async <T>(method: string, input: unknown) => {
    const r = await call(port, `/api/${method}`, { method: 'POST', body: JSON.stringify(input), headers: { 'x-par-token': 'tok-7' } });
    const reply = JSON.parse(r.body.toString('utf8')) as { ok: boolean; value: T; error: { message: string } };
    assert.ok(reply.ok, `${method}: ${JSON.stringify(reply.error)}`);
    return reply.value;
  };
  try {
    const campaignId = core.services.campaigns.list()[0]!.id;
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'Kế hoạch.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 7), Buffer.from('\n%%EOF\n')]));
    await core.services.evidence.attachPath(campaignId, 'SBN01', '1.1.1', join(dir, 'in', 'Kế hoạch.pdf'), 'tester');

    const plan = await api<{ files: number; bytes: number }>('evidenceBundle/plan', { campaignId });
    assert.deepEqual([plan.files, plan.bytes], [1, 5016]);
    const made = await api<{ downloadName: string; size: number }>('evidenceBundle/export', { campaignId });
    assert.match(made.downloadName, /^tai-lieu-kiem-chung-\d{4}-tat-ca\.parevd$/);
    const file = join(dataDir, 'bundles', made.downloadName);
    const ok = await call(port, `/bundle/${made.downloadName}?t=tok-7`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, readFileSync(file));
    assert.match(String(ok.headers['content-disposition']), /attachment/);
    assert.equal((await call(port, `/bundle/${made.downloadName}`)).status, 403);
    assert.equal((await call(port, `/bundle/${made.downloadName}?t=tok-6`)).status, 403);
    writeFileSync(join(dataDir, 'bundles', 'cua-toi.parevd'), 'riêng');
    for (const path of ['/bundle/..%2Fpar.sqlite?t=tok-7', '/bundle/cua-toi.parevd?t=tok-7', '/bundle/%2e%2e?t=tok-7', '/bundle/tai-lieu-kiem-chung-2025-khong-co.parevd?t=tok-7']) {
      assert.equal((await call(port, path)).status, 404, path);
    }

    // Uploaded back in two chunks and imported: the one file is already here, nothing changes.
    const bytes = ok.body;
    const refusedBegin = await call(port, '/api/evidenceBundle/uploadBegin', { method: 'POST', body: JSON.stringify({ fileName: 'x.zip', size: 10 }), headers: { 'x-par-token': 'tok-7' } });
    assert.match(refusedBegin.body.toString('utf8'), /không phải gói tài liệu kiểm chứng/);
    const begun = await api<{ uploadId: string }>('evidenceBundle/uploadBegin', { fileName: made.downloadName, size: bytes.length });
    const half = 3072;
    await api('evidence/uploadChunk', { uploadId: begun.uploadId, offset: 0, chunkBase64: bytes.subarray(0, half).toString('base64') });
    await api('evidence/uploadChunk', { uploadId: begun.uploadId, offset: half, chunkBase64: bytes.subarray(half).toString('base64') });
    const imported = await api<{ files: number; newFiles: number; alreadyHere: number }>('evidenceBundle/import', { source: { kind: 'upload', uploadId: begun.uploadId } });
    assert.deepEqual([imported.files, imported.newFiles, imported.alreadyHere], [1, 0, 1]);
    assert.deepEqual(await api('evidenceBundle/status', {}), { busy: null, progress: null });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    core.close();
    cleanup();
  }
});
