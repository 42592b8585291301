// Runs the real scripts/start.mjs inside a throw-away copy of the repository's shape, with fake
// `electron`, host and native-build scripts, and watches what it does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Like the real host, but with its Ctrl+C handler in place before it announces itself.
const FAKE_HOST = `
process.on('SIGINT', () => { console.log('host stopped cleanly'); process.exit(0); });
console.log('host args: ' + JSON.stringify(process.argv.slice(2)));
console.log('PAR_HOST_READY http://127.0.0.1:5123/?t=tok3n');
setInterval(() => {}, 1000);
`;

const FAKE_ELECTRON_BINARY = `#!${process.execPath}
console.log('electron args: ' + JSON.stringify(process.argv.slice(2)));
console.log('ELECTRON_RUN_AS_NODE=' + (process.env.ELECTRON_RUN_AS_NODE ?? 'unset'));
process.exit(7);
`;

interface Fake {
  electron: 'missing' | 'present';
  nativeBuild: 'ok' | 'fails';
}

function makeRepo(parent: string, name: string, fake: Fake): string {
  const root = join(parent, name);
  for (const d of ['scripts', 'dist/renderer', 'node_modules/electron']) mkdirSync(join(root, d), { recursive: true });
  for (const f of ['start.mjs', 'launcher.mjs']) copyFileSync(join(repo, 'scripts', f), join(root, 'scripts', f));
  writeFileSync(join(root, 'scripts', 'electron-native.mjs'), fake.nativeBuild === 'ok' ? 'process.exit(0);\n' : 'process.exit(1);\n');
  writeFileSync(join(root, 'scripts', 'build.mjs'), "throw new Error('dist/ is present: build must not run');\n");
  for (const f of ['main.mjs', 'preload.cjs', 'renderer/index.html']) writeFileSync(join(root, 'dist', f), '');
  writeFileSync(join(root, 'dist', 'host.mjs'), FAKE_HOST);
  writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (fake.electron === 'missing') {
    writeFileSync(join(root, 'node_modules', 'electron', 'index.js'), "throw new Error('Electron failed to install correctly (offline)');\n");
  } else {
    const binary = join(root, 'node_modules', 'electron', 'fake-electron');
    writeFileSync(binary, FAKE_ELECTRON_BINARY);
    chmodSync(binary, 0o755);
    writeFileSync(join(root, 'node_modules', 'electron', 'index.js'), `module.exports = ${JSON.stringify(binary)};\n`);
  }
  return root;
}

interface Run {
  code: number | null;
  out: string;
}

/** Runs start.mjs; `stopWhen` sends Ctrl+C (SIGINT) once the output matches it. */
function runStart(root: string, args: string[], stopWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stopped = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start.mjs did not finish:\n${out}`));
    }, 30_000);
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (stopWhen && !stopped && stopWhen.test(out)) {
        stopped = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('npm start', { skip: process.platform === 'win32' ? 'uses a shebang script as the fake Electron binary' : false }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'par-start-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the browser host when Electron cannot be downloaded, and stops it on Ctrl+C', async () => {
    const root = makeRepo(dir, 'offline', { electron: 'missing', nativeBuild: 'ok' });
    const run = await runStart(root, ['--port', '5123', '--data-dir', '/tmp/par-data'], /Mở địa chỉ này/);
    assert.match(run.out, /Không dùng được Electron/);
    assert.match(run.out, /The Electron binary is missing and cannot be downloaded/);
    assert.ok(run.out.indexOf('Không dùng được Electron') < run.out.indexOf('The Electron binary is missing'));
    assert.match(run.out, /Electron failed to install correctly \(offline\)/);
    assert.match(run.out, /host args: \["--port","5123","--data-dir","\/tmp\/par-data"\]/);
    assert.match(run.out, /Mở địa chỉ này trong trình duyệt: http:\/\/127\.0\.0\.1:5123\/\?t=tok3n/);
    assert.doesNotMatch(run.out, /^PAR_HOST_READY/m);
    assert.match(run.out, /host stopped cleanly/);
    assert.equal(run.code, 0);
  });

  it('goes straight to the browser with --browser', async () => {
    const root = makeRepo(dir, 'browser', { electron: 'present', nativeBuild: 'ok' });
    const run = await runStart(root, ['--browser'], /Mở địa chỉ này/);
    assert.doesNotMatch(run.out, /Không dùng được Electron/);
    assert.doesNotMatch(run.out, /electron args/);
    assert.match(run.out, /host stopped cleanly/);
  });

  it('runs Electron on the repository when it is usable, and passes its exit code on', async () => {
    const root = makeRepo(dir, 'online', { electron: 'present', nativeBuild: 'ok' });
    const run = await runStart(root, ['--data-dir', '/tmp/par-data']);
    assert.match(run.out, new RegExp(`electron args: \\[${JSON.stringify(root).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},"--data-dir","/tmp/par-data"\\]`));
    assert.match(run.out, /ELECTRON_RUN_AS_NODE=unset/);
    assert.doesNotMatch(run.out, /host args/);
    assert.equal(run.code, 7);
  });

  it('falls back to the browser when better-sqlite3 cannot be built for Electron', async () => {
    const root = makeRepo(dir, 'nonative', { electron: 'present', nativeBuild: 'fails' });
    const run = await runStart(root, [], /Mở địa chỉ này/);
    assert.match(run.out, /Không dựng được thư viện cơ sở dữ liệu/);
    assert.doesNotMatch(run.out, /electron args/);
    assert.equal(run.code, 0);
  });
});
