// Packages the OS hands to the app: found in a command line, offered by name, importable only when the
// OS handed them over (the renderer cannot name another file), and offered once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { packagePathsFromArgv } from '../../electron/core/open-requests.js';
import { tempDir } from '../helpers.js';

test('package paths are picked out of a command line: not flags, not flag values, resolved', () => {
  // (On Linux a Windows path is relative; on Windows `resolve` keeps it as it is.)
  assert.deepEqual(packagePathsFromArgv(['.', '--data-dir', '/d/x.parpkg-dir', 'Gói của An.PARPKG', 'rel/b.parpkg', '--port=0', 'readme.txt'], '/work'), [
    '/work/Gói của An.PARPKG',
    '/work/rel/b.parpkg',
  ]);
  assert.deepEqual(packagePathsFromArgv(['/abs/a.parpkg', '--flag', '/abs/b.parpkg']), ['/abs/a.parpkg', '/abs/b.parpkg'], 'a .parpkg after a flag is a file, not the flag\'s value');
  assert.deepEqual(packagePathsFromArgv(['--data-dir', '/data', '--inspect']), []);
});

test('the renderer can import only what the OS handed over, once', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: join(dir, 'data'), host: 'electron' });
  try {
    const ctx = { actor: 'Thư ký' };
    mkdirSync(join(dir, 'in'));
    const handed = join(dir, 'in', 'Gói của An.parpkg');
    writeFileSync(handed, 'không phải gói');
    const other = join(dir, 'in', 'khác.parpkg');
    writeFileSync(other, 'không phải gói');
    assert.equal(app.services.openRequests.add([handed, join(dir, 'in', 'không-có.parpkg'), handed]), 1, 'existing files only, once');

    const pending = await app.dispatch('package/pending', {}, ctx);
    assert.deepEqual(pending.ok && pending.value, [{ path: handed, fileName: 'Gói của An.parpkg' }]);

    const notHanded = await app.dispatch('package/importPending', { path: other }, ctx);
    assert.equal(notHanded.ok ? 'ok' : notHanded.error.code, 'forbidden', 'a path the OS did not hand over is refused');

    // The handed-over file is read and goes through the real import (refused: it is not a package)…
    const refused = await app.dispatch('package/importPending', { path: handed }, ctx);
    assert.ok(!refused.ok && /gói dữ liệu/i.test(refused.error.message), JSON.stringify(refused));
    // …and is not offered again.
    const after = await app.dispatch('package/pending', {}, ctx);
    assert.deepEqual(after.ok && after.value, []);
    const again = await app.dispatch('package/importPending', { path: handed }, ctx);
    assert.equal(again.ok ? 'ok' : again.error.code, 'forbidden');

    app.services.openRequests.add([other]);
    const dismissed = await app.dispatch('package/dismissPending', { path: other }, ctx);
    assert.deepEqual(dismissed.ok && dismissed.value, []);
  } finally {
    app.close();
    cleanup();
  }
});

test('a .parevd on the command line is offered too, and imported only through evidenceBundle/import once handed over', async () => {
  assert.deepEqual(packagePathsFromArgv(['--data-dir', '/d', '/in/Tài liệu.PAREVD', '/in/a.parpkg', 'x.zip'], '/work'), ['/in/Tài liệu.PAREVD', '/in/a.parpkg']);
  assert.deepEqual(packagePathsFromArgv(['--flag', '/in/b.parevd']), ['/in/b.parevd'], 'a .parevd after a flag is a file, not the flag\'s value');
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: join(dir, 'data'), host: 'browser' });
  try {
    const ctx = { actor: 'Thành viên' };
    mkdirSync(join(dir, 'in'));
    const handed = join(dir, 'in', 'tai-lieu.parevd');
    writeFileSync(handed, 'không phải gói tài liệu');
    const other = join(dir, 'in', 'khac.parevd');
    writeFileSync(other, 'không phải gói tài liệu');
    app.services.openRequests.add([handed]);
    const notHanded = await app.dispatch('evidenceBundle/import', { source: { kind: 'pending', path: other } }, ctx);
    assert.equal(notHanded.ok ? 'ok' : notHanded.error.code, 'forbidden');
    // A plain path is no source at all: only uploads, the shell's dialog and what the OS handed over.
    const byPath = await app.dispatch('evidenceBundle/import', { source: { kind: 'path', path: other } }, ctx);
    assert.equal(byPath.ok ? 'ok' : byPath.error.code, 'invalid_input');
    const refused = await app.dispatch('evidenceBundle/import', { source: { kind: 'pending', path: handed } }, ctx);
    assert.ok(!refused.ok && /gói tài liệu kiểm chứng/i.test(refused.error.message), JSON.stringify(refused));
    const after = await app.dispatch('package/pending', {}, ctx);
    assert.deepEqual(after.ok && after.value, [], 'not offered again');
  } finally {
    app.close();
    cleanup();
  }
});
