// The Electron binary cannot run here, so this runs the real bundled main process (electron/shell/main.ts,
// built as scripts/build.mjs builds it) under Node against a recording stand-in for the `electron`
// package, with the real core and SQLite, and checks how the window, protocol, IPC, session and
// startup errors are wired.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { CONTENT_SECURITY_POLICY } from '../../electron/shell/policy.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_VERSION = '45.4.1';

/** A stand-in `electron` package that records what main.ts asks of it. */
const STUB = `
import { EventEmitter } from 'node:events';
export const state = {
  paths: {}, privileged: null, protocol: {}, ipc: {}, windows: [], sandbox: false, dialogs: [], opened: [],
  menu: null, permissionRequest: null, permissionCheck: null, deviceCheck: null, webRequest: null,
  sessionEvents: {}, spellcheck: null, exitCode: null, quit: false, appPath: '', dialogResponse: 1,
  openDialogs: [], openAnswer: [],
};
let readyResolve;
state.ready = new Promise((r) => { readyResolve = r; });
state.fireReady = () => readyResolve();
class App extends EventEmitter {
  isPackaged = false;
  setPath(name, p) { state.paths[name] = p; }
  getPath(name) { return state.paths[name] ?? '/home/user/' + name; }
  enableSandbox() { state.sandbox = true; }
  requestSingleInstanceLock() { return true; }
  getAppPath() { return state.appPath; }
  getName() { return 'Thẩm định chỉ số CCHC'; }
  getVersion() { return '0.1.0'; }
  whenReady() { return state.ready; }
  exit(code) { state.exitCode = code; }
  quit() { state.quit = true; }
}
export const app = new App();
export const protocol = {
  registerSchemesAsPrivileged(schemes) { state.privileged = schemes; },
  handle(scheme, handler) { state.protocol[scheme] = handler; },
};
let nextId = 1;
export class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.mainFrame = { parent: null, processId: 7, routingId: this.id, url: 'app://par/index.html' };
  }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
}
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) { this.url = url; return Promise.resolve(); }
  isDestroyed() { return false; }
  isMinimized() { return false; }
  show() {}
  restore() {}
  focus() {}
  static fromWebContents(contents) { return state.windows.find((w) => w.webContents === contents) ?? null; }
}
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h) { state.permissionRequest = h; },
    setPermissionCheckHandler(h) { state.permissionCheck = h; },
    setDevicePermissionHandler(h) { state.deviceCheck = h; },
    setSpellCheckerEnabled(v) { state.spellcheck = v; },
    webRequest: { onBeforeRequest(filter, h) { state.webRequest = { filter, h }; } },
    on(event, h) { state.sessionEvents[event] = h; },
  },
};
export const ipcMain = {
  handle(channel, h) { state.ipc[channel] = h; },
  removeHandler(channel) { delete state.ipc[channel]; },
};
export const dialog = {
  showMessageBoxSync(options) { state.dialogs.push(options); return 0; },
  showMessageBox(a, b) { state.dialogs.push(b ?? a); return Promise.resolve({ response: state.dialogResponse }); },
  showOpenDialog(a, b) {
    state.openDialogs.push(b ?? a);
    return Promise.resolve({ canceled: state.openAnswer.length === 0, filePaths: state.openAnswer });
  },
};
export const shell = {
  openExternal(url) { state.opened.push(url); return Promise.resolve(); },
  openPath() { return Promise.resolve(''); },
};
export const Menu = {
  buildFromTemplate(template) { return { template }; },
  setApplicationMenu(menu) { state.menu = menu; },
};
`;

/** Loads the bundled main process, fires 'ready', then exercises what it registered. */
const DRIVER = `
const [scenario, dataDir] = process.argv.slice(2);
Object.defineProperty(process.versions, 'electron', { value: '${ELECTRON_VERSION}', enumerable: true });
process.resourcesPath = '/nonexistent/resources';
const { state, app } = await import('./node_modules/electron/index.js');
state.appPath = process.cwd();
process.argv.push('--data-dir', dataDir);
await import('./dist/main.mjs');
const before = { paths: { ...state.paths }, sandbox: state.sandbox, privileged: state.privileged };
state.fireReady();
await new Promise((r) => setTimeout(r, 50));
const out = { before, exitCode: state.exitCode };
if (scenario === 'ok') {
  const win = state.windows[0];
  out.windowUrl = win.url;
  out.webPreferences = win.options.webPreferences;
  out.preloadIsDistPreload = win.options.webPreferences.preload === process.cwd() + '/dist/preload.cjs';
  const serve = async (url, method = 'GET') => {
    const r = await state.protocol.app({ url, method });
    return { status: r.status, csp: r.headers.get('content-security-policy'), type: r.headers.get('content-type'), body: await r.text() };
  };
  out.served = {
    index: await serve('app://par/index.html'),
    root: await serve('app://par/'),
    js: await serve('app://par/app.js'),
    traversal: await serve('app://par/..%2f..%2fsecret.txt'),
    missing: await serve('app://par/nope.js'),
    post: await serve('app://par/index.html', 'POST'),
  };
  const invoke = state.ipc['par:invoke'];
  const wc = win.webContents;
  out.ipcChannels = Object.keys(state.ipc);
  out.ipc = {
    trusted: await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'app/info', {}),
    badInput: await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'campaign/get', { campaignId: 'x' }),
    unknown: await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'fs/readFile', {}),
    otherContents: await invoke({ sender: {}, senderFrame: wc.mainFrame }, 'app/info', {}),
    subframe: await invoke({ sender: wc, senderFrame: { parent: wc.mainFrame, processId: 7, routingId: 99, url: 'app://par/x.html' } }, 'app/info', {}),
    foreignPage: await invoke({ sender: wc, senderFrame: { ...wc.mainFrame, url: 'https://evil.example/' } }, 'app/info', {}),
    noFrame: await invoke({ sender: wc, senderFrame: null }, 'app/info', {}),
  };
  let granted = null;
  state.permissionRequest(wc, 'media', (v) => { granted = v; });
  out.permissions = { request: granted, check: state.permissionCheck(wc, 'clipboard-read'), device: state.deviceCheck({}) };
  out.network = { filter: state.webRequest.filter.urls };
  state.webRequest.h({ url: 'https://tracker.example/' }, (r) => { out.network.answer = r; });
  out.spellcheck = state.spellcheck;
  const ev = (url) => ({ url, prevented: false, preventDefault() { this.prevented = true; } });
  const nav = { inApp: ev('app://par/index.html#/x'), web: ev('https://chinhphu.vn/'), js: ev('javascript:alert(1)'), file: ev('file:///etc/passwd') };
  state.dialogResponse = 0;
  for (const e of Object.values(nav)) wc.emit('will-navigate', e);
  const redirect = ev('https://evil.example/');
  wc.emit('will-redirect', redirect);
  const webview = ev('');
  wc.emit('will-attach-webview', webview);
  out.open = { https: wc.windowOpenHandler({ url: 'https://chinhphu.vn/' }), file: wc.windowOpenHandler({ url: 'file:///C:/x.exe' }) };
  await new Promise((r) => setTimeout(r, 20));
  out.navigation = Object.fromEntries(Object.entries(nav).map(([k, e]) => [k, e.prevented]));
  out.redirectPrevented = redirect.prevented;
  out.webviewPrevented = webview.prevented;
  out.openedExternally = state.opened;
  const download = (url, name) => {
    const e = ev(url);
    const item = { getURL: () => url, getFilename: () => name, setSaveDialogOptions(o) { this.options = o; } };
    state.sessionEvents['will-download'](e, item);
    return { prevented: e.prevented, options: item.options ?? null };
  };
  out.downloads = { ours: download('blob:app://par/1234', 'Phụ lục: xếp hạng.xlsx'), foreign: download('https://evil.example/a.exe', 'a.exe') };
  out.menu = state.menu.template.map((m) => m.label);
  out.help = state.menu.template.at(-1).submenu.map((m) => m.label);
  state.menu.template.at(-1).submenu[0].click();
  out.about = state.dialogs.at(-1);
  // A double-clicked .parpkg: from a second launch (Windows, Linux) and from macOS's open-file event.
  const fs = await import('node:fs');
  fs.writeFileSync(dataDir + '/a.parpkg', 'x');
  fs.writeFileSync(dataDir + '/b.parpkg', 'x');
  app.emit('second-instance', {}, ['/opt/par/par', '--flag', 'a.parpkg'], dataDir);
  const openFile = ev('');
  app.emit('open-file', openFile, dataDir + '/b.parpkg');
  out.openFilePrevented = openFile.prevented;
  out.pending = await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'package/pending', {});
  // Local files reach the core only through the shell's own open dialog, as single-use tokens.
  const call = (method, input) => invoke({ sender: wc, senderFrame: wc.mainFrame }, method, input);
  const campaignId = (await call('campaign/list', {})).value[0].id;
  const cell = { campaignId, unitCode: 'SBN01', criterionCode: '1.1.1' };
  fs.writeFileSync(dataDir + '/../Biên bản họp.pdf', '%PDF-1.4\\n% biên bản\\n%%EOF\\n');
  out.files = {
    attachPasswd: await call('evidence/attachPath', { ...cell, path: '/etc/passwd' }),
    restorePath: await call('backup/restore', { source: { kind: 'path', path: '/etc/passwd' } }),
    bundlePath: await call('evidenceBundle/import', { source: { kind: 'path', path: '/etc/passwd' } }),
    driverGuess: await call('signature/tokens', { module: { fileToken: 'A'.repeat(32) } }),
    cancelled: await call('file/choose', { purpose: 'evidence' }),
  };
  state.openAnswer = [fs.realpathSync(dataDir + '/..') + '/Biên bản họp.pdf'];
  out.files.chosen = await call('file/choose', { purpose: 'evidence', multiple: true });
  const token = out.files.chosen.value?.[0]?.fileToken;
  out.files.wrongPurpose = await call('backup/restore', { source: { kind: 'file', fileToken: token } });
  out.files.attached = await call('evidence/attachFile', { ...cell, fileToken: token });
  out.files.reused = await call('evidence/attachFile', { ...cell, fileToken: token });
  out.files.dialogs = state.openDialogs.map((d) => ({ title: d.title, properties: d.properties, filters: d.filters }));
  app.emit('will-quit');
}
out.dialogs = state.dialogs.map((d) => ({ title: d.title, message: d.message }));
process.stdout.write(JSON.stringify(out));
`;

function runDriver(root: string, scenario: string, dataDir: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['driver.mjs', scenario, dataDir], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe('main process wiring (bundled main.ts on a stand-in electron)', () => {
  let dir = '';
  let root = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'par-main-'));
    root = join(dir, 'app');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
    await build({
      entryPoints: [join(repo, 'electron/shell/main.ts')],
      outfile: join(root, 'dist', 'main.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: [...Object.keys(pkg.dependencies), 'electron'],
      define: { __APP_VERSION__: JSON.stringify(pkg.version) },
      logLevel: 'error',
      banner: { js: "import { createRequire as __parCreateRequire } from 'node:module'; const require = __parCreateRequire(import.meta.url);" },
    });
    cpSync(join(repo, 'electron', 'db', 'migrations'), join(root, 'dist', 'migrations'), { recursive: true });
    mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>PAR</title>');
    writeFileSync(join(root, 'dist', 'renderer', 'app.js'), 'console.log(1);');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'par-appraisal', type: 'module', main: 'dist/main.mjs' }));
    writeFileSync(join(root, 'driver.mjs'), DRIVER);
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.js' }));
    writeFileSync(join(root, 'node_modules', 'electron', 'index.js'), STUB);
    for (const name of readdirSync(join(repo, 'node_modules'))) {
      if (name !== 'electron' && !name.startsWith('.')) symlinkSync(join(repo, 'node_modules', name), join(root, 'node_modules', name));
    }
    // The Node build stands in for the Electron build: what matters is that main.ts finds and passes it.
    const nativeDir = join(root, '.cache', 'electron-native', ELECTRON_VERSION);
    mkdirSync(nativeDir, { recursive: true });
    cpSync(join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(nativeDir, 'better_sqlite3.node'));
    writeFileSync(
      join(nativeDir, 'build-info.json'),
      JSON.stringify({ runtime: 'electron', target: ELECTRON_VERSION, platform: process.platform, arch: process.arch }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hardens the window, serves app://, checks IPC callers and denies permissions', async () => {
    const dataDir = join(dir, 'data-ok');
    const out = (await runDriver(root, 'ok', dataDir)) as Record<string, never>;
    const before = out.before as { paths: Record<string, string>; sandbox: boolean; privileged: unknown };
    assert.equal(before.paths.userData, dataDir, 'userData is set before ready');
    assert.equal(before.paths.sessionData, join(dataDir, 'chromium'));
    assert.equal(before.sandbox, true);
    assert.deepEqual(before.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    assert.equal(out.exitCode, null);

    assert.equal(out.windowUrl, 'app://par/index.html');
    assert.equal(out.preloadIsDistPreload, true);
    const prefs = out.webPreferences as Record<string, unknown>;
    for (const [key, value] of Object.entries({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })) {
      assert.equal(prefs[key], value, key);
    }

    const served = out.served as Record<string, { status: number; csp: string | null; type: string | null; body: string }>;
    assert.equal(served.index?.status, 200);
    assert.equal(served.index?.csp, CONTENT_SECURITY_POLICY);
    assert.equal(served.index?.type, 'text/html; charset=utf-8');
    assert.match(served.index?.body ?? '', /<title>PAR<\/title>/);
    assert.equal(served.root?.status, 200);
    assert.equal(served.js?.type, 'text/javascript; charset=utf-8');
    assert.equal(served.traversal?.status, 404);
    assert.doesNotMatch(served.traversal?.body ?? '', /secret/);
    assert.equal(served.missing?.status, 404);
    assert.equal(served.missing?.csp, CONTENT_SECURITY_POLICY);
    assert.equal(served.post?.status, 405);

    assert.deepEqual(out.ipcChannels, ['par:invoke']);
    const ipc = out.ipc as Record<string, { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }>;
    assert.equal(ipc.trusted?.ok, true, JSON.stringify(ipc.trusted));
    assert.equal(ipc.trusted?.value?.host, 'electron');
    assert.equal(ipc.trusted?.value?.dataDir, dataDir);
    assert.equal(ipc.badInput?.error?.code, 'invalid_input');
    assert.equal(ipc.unknown?.error?.code, 'invalid_input');
    for (const refused of ['otherContents', 'subframe', 'foreignPage', 'noFrame']) {
      assert.equal(ipc[refused]?.ok, false, refused);
      assert.equal(ipc[refused]?.error?.code, 'forbidden', refused);
      assert.match(ipc[refused]?.error?.message ?? '', /từ chối/);
    }

    assert.deepEqual(out.permissions, { request: false, check: false, device: false });
    assert.deepEqual(out.network, { filter: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'], answer: { cancel: true } });
    assert.equal(out.spellcheck, false);

    assert.deepEqual(out.navigation, { inApp: false, web: true, js: true, file: true });
    assert.equal(out.redirectPrevented, true);
    assert.equal(out.webviewPrevented, true);
    assert.deepEqual(out.open, { https: { action: 'deny' }, file: { action: 'deny' } });
    // The user said yes (response 0) to the one link dialog; javascript: and file: never reach it.
    assert.deepEqual(out.openedExternally, ['https://chinhphu.vn/']);
    const dialogs = out.dialogs as Array<{ title: string; message: string }>;
    assert.ok(dialogs.some((d) => d.message === 'Mở liên kết này trong trình duyệt?'));

    const downloads = out.downloads as Record<string, { prevented: boolean; options: { defaultPath: string; title: string } | null }>;
    assert.equal(downloads.ours?.prevented, false);
    assert.equal(downloads.ours?.options?.defaultPath, join('/home/user/downloads', 'Phụ lục_ xếp hạng.xlsx'));
    assert.equal(downloads.ours?.options?.title, 'Lưu tệp');
    assert.equal(downloads.foreign?.prevented, true);

    assert.deepEqual(out.menu, ['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
    assert.deepEqual(out.help, ['Giới thiệu']);
    const about = out.about as { title: string; message: string };
    assert.equal(about.title, 'Giới thiệu');
    assert.equal(about.message, 'Thẩm định chỉ số CCHC');

    // Double-clicked packages reach the window's "open a package" question, and only those.
    assert.equal(out.openFilePrevented, true);
    const pending = out.pending as { ok: boolean; value: Array<{ fileName: string }> };
    assert.deepEqual(pending.value.map((p) => p.fileName), ['a.parpkg', 'b.parpkg']);

    // No contract method takes a path from the page: /etc/passwd reaches nothing.
    const files = out.files as Record<string, { ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
    assert.equal(files.attachPasswd?.ok, false, JSON.stringify(files.attachPasswd));
    assert.match(files.attachPasswd?.error?.message ?? '', /không có chức năng "evidence\/attachPath"/);
    assert.equal(files.restorePath?.error?.code, 'invalid_input', JSON.stringify(files.restorePath));
    assert.equal(files.bundlePath?.error?.code, 'invalid_input', JSON.stringify(files.bundlePath));
    assert.equal(files.driverGuess?.error?.code, 'forbidden', JSON.stringify(files.driverGuess));
    assert.deepEqual(files.cancelled, { ok: true, value: [] });
    const chosen = files.chosen?.value as Array<{ fileToken: string; fileName: string; size: number }>;
    assert.equal(chosen.length, 1);
    assert.equal(chosen[0]?.fileName, 'Biên bản họp.pdf');
    assert.match(chosen[0]?.fileToken ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.doesNotMatch(JSON.stringify(files.chosen), /\/Biên bản/, 'the page never sees the path');
    assert.equal(files.wrongPurpose?.error?.code, 'forbidden', 'a token chosen for evidence restores nothing');
    assert.equal(files.attached?.ok, true, JSON.stringify(files.attached));
    assert.equal((files.attached?.value as Array<{ fileName: string }>)[0]?.fileName, 'Biên bản họp.pdf');
    assert.equal(files.reused?.error?.code, 'forbidden', 'a token is spent by the call that used it');
    const openDialogs = out.files as unknown as { dialogs: Array<{ title: string; properties: string[]; filters: Array<{ extensions: string[] }> }> };
    assert.equal(openDialogs.dialogs[1]?.title, 'Chọn tài liệu kiểm chứng');
    assert.deepEqual(openDialogs.dialogs[1]?.properties, ['openFile', 'multiSelections']);
    assert.ok(openDialogs.dialogs[1]?.filters[0]?.extensions.includes('pdf'));
  });

  it('refuses a database from a newer version with the core’s Vietnamese message, then quits', async () => {
    const dataDir = join(dir, 'data-new');
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'par.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    const out = await runDriver(root, 'fails', dataDir);
    assert.equal(out.exitCode, 1);
    const dialogs = out.dialogs as Array<{ title: string; message: string }>;
    assert.equal(dialogs.length, 1);
    assert.equal(dialogs[0]?.title, 'Không mở được ứng dụng');
    assert.match(dialogs[0]?.message ?? '', /phiên bản/i);
  });

  it('explains a missing Electron build of better-sqlite3 instead of crashing', async () => {
    rmSync(join(root, '.cache'), { recursive: true, force: true });
    const out = await runDriver(root, 'fails', join(dir, 'data-nonative'));
    assert.equal(out.exitCode, 1);
    const dialogs = out.dialogs as Array<{ title: string; message: string }>;
    assert.match(dialogs[0]?.message ?? '', /electron-native\.mjs/);
  });
});
