// No door accepts a package whose signature does not verify: the service, the dispatcher every door
// shares (Electron IPC and the browser host), the browser host over HTTP, and the `par` CLI. Each
// forged variant is refused with a Vietnamese message and leaves the database exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openApp } from '../../electron/core/app.js';
import { newKeyPair, signBytes } from '../../electron/exchange/keys.js';
import { createHostServer } from '../../electron/host/server.js';
import { tempDir } from '../helpers.js';
import { buildWorld, copyInto } from './setup.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'par.mjs');

type Entries = Record<string, Uint8Array>;
const json = (bytes: Uint8Array): Record<string, unknown> => JSON.parse(strFromU8(bytes)) as Record<string, unknown>;
const enc = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2));

/** Every forged variant of a genuine package; none is signed by the key the receiver trusts. */
function forgeries(genuine: Buffer): Array<{ name: string; bytes: Buffer }> {
  const e = unzipSync(genuine) as Entries;
  const manifest = json(e['manifest.json']!);
  const signature = json(e['signature.json']!);
  const zip = (entries: Entries) => Buffer.from(zipSync(entries));
  const attacker = newKeyPair();
  const out: Array<{ name: string; bytes: Buffer }> = [];
  out.push({ name: 'no signature entry', bytes: zip({ 'manifest.json': e['manifest.json']!, 'payload.json': e['payload.json']! }) });
  out.push({ name: 'empty signature', bytes: zip({ ...e, 'signature.json': enc({ ...signature, signature: '' }) }) });
  out.push({ name: 'algorithm "none"', bytes: zip({ ...e, 'signature.json': enc({ ...signature, algorithm: 'none', signature: 'AA==' }) }) });
  out.push({ name: 'signature of zeros', bytes: zip({ ...e, 'signature.json': enc({ ...signature, signature: Buffer.alloc(64).toString('base64') }) }) });
  // The payload changed (the first number in it raised), the manifest and its signature kept.
  const payload = strFromU8(e['payload.json']!);
  const changed = payload.replace(/":(\d+)/, (_m, n: string) => `":${Number(n) + 250}`);
  assert.notEqual(changed, payload, 'the payload has a number to change');
  out.push({ name: 'payload changed, signature kept', bytes: zip({ ...e, 'payload.json': strToU8(changed) }) });
  // The manifest re-pointed at the changed payload, the old signature kept.
  const repointed = enc({ ...manifest, payloadSha256: createHash('sha256').update(changed).digest('hex'), payloadSize: Buffer.byteLength(changed) });
  out.push({ name: 'manifest re-pointed, signature kept', bytes: zip({ 'manifest.json': repointed, 'payload.json': strToU8(changed), 'signature.json': e['signature.json']! }) });
  // Re-signed by someone else who claims the author's identity and puts their own key in the manifest.
  const author = manifest.author as Record<string, unknown>;
  const impostor = enc({ ...manifest, author: { ...author, publicKey: attacker.publicKeyPem }, payloadSha256: createHash('sha256').update(changed).digest('hex'), payloadSize: Buffer.byteLength(changed) });
  out.push({ name: 'signed by an impostor key', bytes: zip({ 'manifest.json': impostor, 'payload.json': strToU8(changed), 'signature.json': enc({ ...signature, signature: signBytes(attacker.privateKeyPem, impostor) }) }) });
  return out;
}

/** Every row of every table, in a stable order: the database's whole content as text. */
function dump(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return tables.map((t) => `${t}\n${(db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort().join('\n')}`).join('\n');
  } finally {
    db.close();
  }
}

function post(port: number, token: string, method: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { 'x-par-token': token, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('no door accepts a package whose signature does not verify against the trusted key', { timeout: 180_000 }, async () => {
  const { dir, cleanup } = tempDir('par-unsigned-');
  try {
    const world = buildWorld(join(dir, 'world'), 60);
    // The secretariat's campaign package, to be forged against the member who pinned its key.
    // (Opened in its own folder: the secretariat's private key lives there.)
    const sec = openApp({ dataDir: join(dir, 'world', 'sec'), host: 'cli', seedDemo: false });
    const campaignPackage = sec.services.exchange.exportCampaignPackage(sec.services.campaigns.list()[0]!.id, null).bytes;
    sec.close();

    const cases = [
      ...forgeries(world.memberPackage).map((f) => ({ ...f, name: `member package: ${f.name}`, template: world.secDb })),
      ...forgeries(campaignPackage).map((f) => ({ ...f, name: `campaign package: ${f.name}`, template: world.memberDb })),
    ];
    assert.equal(cases.length, 14);
    let n = 0;
    for (const c of cases) {
      // 1. The service, and the dispatcher the Electron IPC and the host both call.
      const dataDir = join(dir, `case-${n++}`);
      const dbFile = copyInto(c.template, dataDir);
      const before = dump(dbFile);
      const core = openApp({ dataDir, host: 'browser', seedDemo: false });
      try {
        assert.throws(() => core.services.exchange.importPackage(c.bytes, 'Kiểm thử'), (e: Error) => /[àáảãạăâđêôơư]/i.test(e.message), `${c.name}: service`);
        const reply = await core.dispatch('package/import', { fileName: 'forged.parpkg', contentBase64: c.bytes.toString('base64') }, { actor: 'Kiểm thử' });
        assert.ok(!reply.ok && /gói/i.test(reply.error.message), `${c.name}: dispatcher (${JSON.stringify(reply).slice(0, 200)})`);
        // 2. The browser host over HTTP.
        const server = createHostServer({ core, staticDir: dataDir, token: 'tok', actor: 'Kiểm thử' });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        try {
          const res = await post((server.address() as AddressInfo).port, 'tok', 'package/import', { fileName: 'forged.parpkg', contentBase64: c.bytes.toString('base64') });
          const body = JSON.parse(res.body) as { ok: boolean; error?: { message: string } };
          assert.equal(body.ok, false, `${c.name}: host`);
          assert.match(body.error?.message ?? '', /gói/i, `${c.name}: the message names the package: ${res.status} ${res.body.slice(0, 300)}`);
        } finally {
          await new Promise<void>((r) => server.close(() => r()));
        }
      } finally {
        core.close();
      }
      assert.equal(dump(dbFile), before, `${c.name}: the database is unchanged after the service, dispatcher and host refused`);

      // 3. The command line, on the same (closed) database file: refused, the file byte-for-byte the same.
      const pkg = join(dataDir, 'forged.parpkg');
      writeFileSync(pkg, c.bytes);
      const fileBefore = readFileSync(dbFile);
      const r = spawnSync(process.execPath, [BIN, 'package', 'import', '--db', dbFile, pkg], { encoding: 'utf8' });
      assert.notEqual(r.status, 0, `${c.name}: CLI exit code`);
      assert.match(r.stderr, /gói/i, `${c.name}: CLI message`);
      assert.ok(readFileSync(dbFile).equals(fileBefore), `${c.name}: CLI left the file byte-for-byte unchanged`);
    }

    // The genuine packages pass the same doors: the refusals above are about the signatures.
    const okDir = join(dir, 'genuine');
    const okDb = copyInto(world.secDb, okDir);
    writeFileSync(join(okDir, 'ok.parpkg'), world.memberPackage);
    const r = spawnSync(process.execPath, [BIN, 'package', 'import', '--db', okDb, join(okDir, 'ok.parpkg')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const db = new Database(okDb, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) FROM proposal WHERE member_uid = ?').pluck().get(world.memberUid), world.packageProposals);
    db.close();
  } finally {
    cleanup();
  }
});
