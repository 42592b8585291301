// The browser host over real HTTP on 127.0.0.1: token, Host header, static files, the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openApp } from '../../electron/core/app.js';
import { createHostServer, CSP } from '../../electron/host/server.js';
import { tempDir } from '../helpers.js';

interface Res { status: number; body: string; headers: Record<string, string | string[] | undefined> }

function call(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

test('the host serves the app and the contract only with the run token and a loopback Host', async () => {
  const { dir, cleanup } = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PAR</title>');
  writeFileSync(join(dir, 'secret.txt'), 'không được lộ');
  const core = openApp({ dataDir: join(dir, 'data'), host: 'browser' });
  const server = createHostServer({ core, staticDir, token: 'tok-123', actor: 'tester' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const page = await call(port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>PAR<\/title>/);
    assert.equal(page.headers['content-security-policy'], CSP);

    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00index.html']) {
      const r = await call(port, path);
      assert.equal(r.status, 404, path);
      assert.ok(!r.body.includes('không được lộ'));
    }

    const body = JSON.stringify({});
    const noToken = await call(port, '/api/campaign/list', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(noToken.status, 403);
    const wrongToken = await call(port, '/api/campaign/list', { method: 'POST', body, headers: { 'x-par-token': 'tok-124' } });
    assert.equal(wrongToken.status, 403);
    const rebinding = await call(port, '/api/campaign/list', { method: 'POST', body, headers: { 'x-par-token': 'tok-123', host: `evil.example:${port}` } });
    assert.equal(rebinding.status, 421);

    // A malformed percent-escape in the method name is the caller's mistake: 400 and a sentence, not a raw 500.
    for (const path of ['/api/campaign%2', '/api/%E0%A4%A', '/api/%ZZ']) {
      const bad = await call(port, path, { method: 'POST', body, headers: { 'x-par-token': 'tok-123' } });
      assert.equal(bad.status, 400, path);
      const refusal = JSON.parse(bad.body) as { ok: boolean; error: { code: string; message: string } };
      assert.deepEqual([refusal.ok, refusal.error.code], [false, 'invalid_input'], path);
      assert.match(refusal.error.message, /Địa chỉ chức năng không hợp lệ/, path);
    }

    const ok = await call(port, '/api/campaign/list', { method: 'POST', body, headers: { 'x-par-token': 'tok-123' } });
    assert.equal(ok.status, 200);
    const reply = JSON.parse(ok.body) as { ok: boolean; value: Array<{ name: string }> };
    assert.equal(reply.ok, true);
    assert.match(reply.value[0]!.name, /dữ liệu mẫu/);

    const bad = await call(port, '/api/sheet/get', { method: 'POST', body: '{"campaignId":"x"}', headers: { 'x-par-token': 'tok-123' } });
    assert.equal((JSON.parse(bad.body) as { ok: boolean; error: { code: string } }).error.code, 'invalid_input');
    const notJson = await call(port, '/api/campaign/list', { method: 'POST', body: '{', headers: { 'x-par-token': 'tok-123' } });
    assert.equal(notJson.status, 400);
  } finally {
    server.close();
    server.closeAllConnections();
    core.close();
    cleanup();
  }
});

test('the renderer page declares the same CSP the doors send', async () => {
  const { readFileSync } = await import('node:fs');
  const html = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  // frame-ancestors only works as a header, so the meta tag carries the rest of the same policy.
  assert.equal(meta?.[1], CSP.replace("; frame-ancestors 'none'", ''));
});
