// The browser host's GET /backup/<name>: only with the run token, only the app's own archives, the
// exact bytes; and a restore through the host's API leaves the host serving the restored data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openApp } from '../../electron/core/app.js';
import { createHostServer } from '../../electron/host/server.js';
import { tempDir } from '../helpers.js';

interface Res { status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }

function call(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
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

test('archives download only with the token and only by the app\'s own names; a restore over HTTP keeps the host working', async () => {
  const { dir, cleanup } = tempDir('par-backup-host-');
  const core = openApp({ dataDir: join(dir, 'data'), host: 'browser' });
  const server = createHostServer({ core, staticDir: join(dir, 'static'), token: 'tok-9', actor: 'tester' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const api = async (method: string, input: unknown) => {
    const r = await call(port, `/api/${method}`, { method: 'POST', body: JSON.stringify(input), headers: { 'x-par-token': 'tok-9' } });
    return JSON.parse(r.body.toString('utf8')) as { ok: boolean; value: never; error: { message: string } };
  };
  try {
    const made = await api('backup/create', {});
    assert.ok(made.ok, JSON.stringify(made));
    const name = (made.value as { name: string }).name;
    const file = join(dir, 'data', 'backups', name);
    const ok = await call(port, `/backup/${name}?t=tok-9`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, readFileSync(file));
    assert.match(String(ok.headers['content-disposition']), /attachment/);
    assert.equal((await call(port, `/backup/${name}`)).status, 403);
    assert.equal((await call(port, `/backup/${name}?t=tok-8`)).status, 403);
    writeFileSync(join(dir, 'data', 'backups', 'cua-toi.parbak'), 'riêng');
    for (const path of ['/backup/..%2Fpar.sqlite?t=tok-9', '/backup/cua-toi.parbak?t=tok-9', '/backup/%2e%2e?t=tok-9', '/backup/tu-dong-20260101-000000.parbak?t=tok-9']) {
      const r = await call(port, path);
      assert.equal(r.status, 404, path);
    }

    const campaignId = ((await api('campaign/list', {})).value as Array<{ id: number }>)[0]!.id;
    await api('campaign/delete', { campaignId });
    assert.equal(((await api('campaign/list', {})).value as unknown[]).length, 0);
    const restored = await api('backup/restore', { source: { kind: 'saved', name } });
    assert.ok(restored.ok, JSON.stringify(restored));
    const list = await api('campaign/list', {});
    assert.equal((list.value as unknown[]).length, 1, 'the host answers from the restored database');
  } finally {
    server.close();
    server.closeAllConnections();
    core.close();
    cleanup();
  }
});
