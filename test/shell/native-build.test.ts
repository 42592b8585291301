// scripts/electron-native.mjs builds each native module from a clean copy, leaving node_modules alone.
// Electron's headers cannot be downloaded here, so the same code path is run for Node's own ABI with
// the local headers (nodedir), for pkcs11js (small; better-sqlite3 takes a minute), and the result is
// loaded by a real Node process and asked to open a real PKCS#11 module (SoftHSM2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildNative, NATIVE_MODULES } from '../../scripts/electron-native.mjs';
import { tempDir } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODEDIR = dirname(dirname(process.execPath));
const SOFTHSM = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p));

test('pkcs11js is built from a clean copy into its own folder, with its build info, and loads', { timeout: 300_000 }, () => {
  assert.ok(existsSync(join(NODEDIR, 'include', 'node', 'node.h')), `Node headers under ${NODEDIR}`);
  const mod = NATIVE_MODULES.find((m) => m.pkg === 'pkcs11js')!;
  const original = join(ROOT, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node');
  const before = statSync(original).mtimeMs;
  const { dir, cleanup } = tempDir('par-native-');
  try {
    const logs: string[] = [];
    const method = buildNative({ root: ROOT, module: mod, runtime: 'node', target: process.versions.node, outDir: dir, nodedir: NODEDIR, log: (m) => logs.push(m) });
    assert.equal(method, 'node-gyp', logs.join('\n'));
    const info = JSON.parse(readFileSync(join(dir, mod.info), 'utf8')) as Record<string, string>;
    assert.deepEqual([info.runtime, info.target, info.module, info.method], ['node', process.versions.node, 'pkcs11js', 'node-gyp']);
    assert.equal(statSync(original).mtimeMs, before, 'node_modules keeps its own build');
    // A second call with the same wishes is answered from the cache.
    assert.equal(buildNative({ root: ROOT, module: mod, runtime: 'node', target: process.versions.node, outDir: dir, nodedir: NODEDIR, log: () => undefined }), 'cached');

    // The built addon, loaded alone by a fresh Node, opens SoftHSM2 and lists its slots.
    const script = `
      const m = { exports: {} };
      process.dlopen(m, ${JSON.stringify(join(dir, mod.file))});
      const p = new m.exports.PKCS11();
      p.load(${JSON.stringify(SOFTHSM ?? '')});
      p.C_Initialize();
      const info = p.C_GetInfo();
      console.log(JSON.stringify({ manufacturer: info.manufacturerID.trim(), slots: p.C_GetSlotList(false).length }));
      p.C_Finalize();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { manufacturer: string; slots: number };
    assert.match(out.manufacturer, /SoftHSM/i);
  } finally {
    cleanup();
  }
});
