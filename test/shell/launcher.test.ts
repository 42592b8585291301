import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chooseLaunch,
  electronChildEnv,
  electronUnusableNotice,
  exitCodeOf,
  parseLauncherArgs,
  probeElectron,
  readElectronVersion,
  readyMessage,
  requiredDistFiles,
} from '../../scripts/launcher.mjs';

/** A folder with a fake `electron` package whose index.js is `body`. */
function fakeElectronRoot(parent: string, name: string, body: string): string {
  const root = join(parent, name);
  mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1', main: 'index.js' }));
  writeFileSync(join(root, 'node_modules', 'electron', 'index.js'), body);
  return root;
}

describe('Electron detection', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'par-launcher-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds Electron unusable when requiring it fails (no binary, no download)', async () => {
    const root = fakeElectronRoot(dir, 'fails', "throw new Error('Electron failed to install correctly, please delete node_modules/electron');\n");
    const probe = await probeElectron({ root, timeoutMs: 20_000 });
    assert.equal(probe.usable, false);
    if (!probe.usable) assert.match(probe.reason, /Electron failed to install correctly/);
  });

  it('finds Electron unusable when the path it names does not exist', async () => {
    const root = fakeElectronRoot(dir, 'nopath', "module.exports = '/nonexistent/electron-binary';\n");
    const probe = await probeElectron({ root, timeoutMs: 20_000 });
    assert.deepEqual(probe, { usable: false, reason: 'binary not found at "/nonexistent/electron-binary"' });
  });

  it('gives up on a download that never ends', async () => {
    const root = fakeElectronRoot(dir, 'hangs', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n');
    const probe = await probeElectron({ root, timeoutMs: 700 });
    assert.equal(probe.usable, false);
    if (!probe.usable) assert.match(probe.reason, /no answer within/);
  });

  it('finds Electron usable when it names an existing binary', async () => {
    const root = fakeElectronRoot(dir, 'works', 'module.exports = __filename;\n');
    const probe = await probeElectron({ root, timeoutMs: 20_000 });
    assert.deepEqual(probe, { usable: true, path: join(root, 'node_modules', 'electron', 'index.js') });
    assert.equal(readElectronVersion(root), '45.4.1');
  });
});

describe('launch plan', () => {
  it('serves the browser when asked, without probing', () => {
    assert.deepEqual(chooseLaunch({ browser: true, probe: null }), { mode: 'browser', reason: 'requested' });
  });

  it('runs Electron when usable', () => {
    assert.deepEqual(chooseLaunch({ browser: false, probe: { usable: true, path: '/e/electron' } }), {
      mode: 'electron',
      electronPath: '/e/electron',
    });
  });

  it('falls back to the browser host, saying why in Vietnamese then English', () => {
    const plan = chooseLaunch({ browser: false, probe: { usable: false, reason: 'getaddrinfo ENOTFOUND' } });
    assert.deepEqual(plan, { mode: 'browser', reason: 'electron-unusable', detail: 'getaddrinfo ENOTFOUND' });
    const notice = electronUnusableNotice('getaddrinfo ENOTFOUND');
    const vi = notice.findIndex((l) => l.includes('Không dùng được Electron'));
    const en = notice.findIndex((l) => l.includes('Electron binary is missing'));
    assert.ok(vi >= 0 && en > vi, notice.join('\n'));
    assert.ok(notice.some((l) => l.includes('trình duyệt')));
    assert.ok(notice.some((l) => l.includes('getaddrinfo ENOTFOUND')));
  });

  it('reads its own options and forwards the rest', () => {
    assert.deepEqual(parseLauncherArgs(['--browser', '--port', '5000', '--data-dir=/d', '--rebuild']), {
      browser: true,
      rebuild: true,
      forward: ['--port', '5000', '--data-dir=/d'],
    });
    assert.deepEqual(requiredDistFiles('browser'), ['host.mjs', join('renderer', 'index.html')]);
    assert.ok(requiredDistFiles('electron').includes('preload.cjs'));
  });

  it('turns the host’s ready line into a sentence', () => {
    assert.equal(
      readyMessage('PAR_HOST_READY http://127.0.0.1:4123/?t=abc123'),
      'Mở địa chỉ này trong trình duyệt: http://127.0.0.1:4123/?t=abc123\n(Open this address in your browser.)',
    );
    assert.equal(readyMessage('listening…'), null);
  });

  it('never lets ELECTRON_RUN_AS_NODE reach Electron', () => {
    const env = electronChildEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' });
    assert.deepEqual(env, { PATH: '/bin' });
  });

  it('passes exit codes on, and signals as 128 + n', () => {
    assert.equal(exitCodeOf(0, null), 0);
    assert.equal(exitCodeOf(3, null), 3);
    assert.equal(exitCodeOf(null, 'SIGINT'), 130);
    assert.equal(exitCodeOf(null, 'SIGTERM'), 143);
  });
});
