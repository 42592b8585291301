// The Electron main process: one hardened window showing dist/renderer from app://par/, one IPC
// channel into the core, a Vietnamese menu. Everything it decides is in policy.ts / paths.ts.

import { app, BrowserWindow, dialog, protocol, session, shell, type Session, type WebContents } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupResponse, BUNDLES_FOLDER, bundleResponse, defaultDataDir, evidenceResponse, exportResponse, exportsFolder, openApp, packagePathsFromArgv, type AppCore, type ChooseFiles } from '../core/app.js';
import { registerIpc } from './ipc.js';
import { installAppMenu } from './menu.js';
import { pickLanguage, shellText } from './messages.js';
import { dataDirFromArgv, nativeBindingPath, nativeBindingProblem, nativeBuildInfoPath } from './paths.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  appResponseHeaders,
  contentTypeFor,
  externalLinkTarget,
  isAllowedDownloadUrl,
  isAllowedNavigation,
  openDialogFor,
  resolveAppFile,
  safeDownloadName,
  saveFiltersFor,
} from './policy.js';
import { describeNativeProblem, describeStartupError, type StartupDialog } from './startup.js';

const distDir = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload.cjs');
const text = shellText(pickLanguage(process.env.PAR_LANG));

let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;
// Packages double-clicked before the core was open (macOS sends open-file before 'ready').
const earlyPackages: string[] = packagePathsFromArgv(process.argv.slice(1));

/** A .parpkg the OS handed over: offered for import when the window next asks (on load and on focus). */
function offerPackages(paths: readonly string[]): void {
  if (core === null) earlyPackages.push(...paths);
  else core.services.openRequests.add(paths);
}

// Must happen before 'ready': app:// becomes a secure, standard origin with its own storage.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// One data folder for Electron, the browser host and the CLI; Chromium's own files go to a
// subfolder so they do not mix with the database and its backups.
const dataDir = dataDirFromArgv(process.argv) ?? defaultDataDir();
app.setPath('userData', dataDir);
app.setPath('sessionData', join(dataDir, 'chromium'));
app.enableSandbox();

function productName(): string {
  return app.getName();
}

function currentWindow(): BrowserWindow | null {
  return mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;
}

/** Recorded in the history of every change; the same rule as the browser host. */
function actorName(): string {
  try {
    return userInfo().username || 'Người dùng';
  } catch {
    return 'Người dùng';
  }
}

function failStartup(d: StartupDialog): void {
  console.error(`${d.title}: ${d.message}\n${d.detail}`);
  dialog.showMessageBoxSync({ type: 'error', title: d.title, message: d.message, detail: d.detail, buttons: [text.closeButton], noLink: true });
  app.exit(1);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Opens the core with the Electron-ABI better-sqlite3; null (after telling the user) when it cannot. */
/** The open dialog behind `file/choose`: its answer stays in this process; the page gets tokens. */
const chooseFiles: ChooseFiles = async ({ purpose, multiple }) => {
  const plan = openDialogFor(purpose, multiple, text);
  const owner = currentWindow();
  const options = { title: plan.title, buttonLabel: plan.buttonLabel, properties: plan.properties, filters: plan.filters };
  const result = owner !== null ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
};

function openCore(): AppCore | null {
  const bindingPath = nativeBindingPath({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron ?? '',
  });
  const problem = nativeBindingProblem(existsSync(bindingPath), readJson(nativeBuildInfoPath(bindingPath)), {
    electronVersion: process.versions.electron ?? '',
    platform: process.platform,
    arch: process.arch,
  });
  if (problem !== null) {
    failStartup(describeNativeProblem(problem, text, { isPackaged: app.isPackaged, bindingPath }));
    return null;
  }
  try {
    return openApp({ dataDir, host: 'electron', nativeBinding: bindingPath, autoBackup: true, backgroundCheckpoints: true, chooseFiles });
  } catch (err) {
    failStartup(describeStartupError(err, text));
    return null;
  }
}

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const notFound = () => new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: appResponseHeaders('text/plain; charset=utf-8') });
    }
    // app://par/evidence/<id>: files from the evidence store only (PDF and images shown in the app).
    const evidence = /^app:\/\/par\/evidence\/(\d+)$/.exec(request.url.split('?')[0] ?? '');
    if (evidence) {
      if (!core) return notFound();
      return evidenceResponse(core.services.evidence, Number(evidence[1]), request);
    }
    const backup = /^app:\/\/par\/backup\/([^/]+)$/.exec(request.url.split('?')[0] ?? '');
    if (backup) {
      if (!core) return notFound();
      return backupResponse(core.backup.folder, backup[1]!, request.method);
    }
    const bundle = /^app:\/\/par\/bundle\/([^/]+)$/.exec(request.url.split('?')[0] ?? '');
    if (bundle) {
      if (!core) return notFound();
      return bundleResponse(join(core.info.dataDir, BUNDLES_FOLDER), bundle[1]!, request.method);
    }
    // app://par/export/<name>: a file a job wrote into the exports folder (annexes).
    const exported = /^app:\/\/par\/export\/([^/]+)$/.exec(request.url.split('?')[0] ?? '');
    if (exported) {
      if (!core) return notFound();
      return exportResponse(exportsFolder(core.info.dataDir), exported[1]!, request.method);
    }
    const file = resolveAppFile(rendererDir, request.url);
    const type = file === null ? null : contentTypeFor(file);
    if (file === null || type === null) return notFound();
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(type) });
    } catch {
      return notFound();
    }
  });
}

let askingAboutLink = false;

/** http(s) links never open inside the app; the system browser opens them after the user agrees. */
async function offerExternalLink(url: string, owner: BrowserWindow | null): Promise<void> {
  const target = externalLinkTarget(url);
  if (target === null || askingAboutLink) return;
  askingAboutLink = true;
  try {
    const options = {
      type: 'question' as const,
      title: text.externalTitle,
      message: text.externalMessage,
      detail: text.externalDetail(target),
      buttons: [text.externalOpen, text.cancel],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const { response } = owner !== null ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
    if (response === 0) await shell.openExternal(target);
  } finally {
    askingAboutLink = false;
  }
}

/** Applied to every webContents the app ever creates, not only our window. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternalLink(url, BrowserWindow.fromWebContents(contents));
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    void offerExternalLink(event.url, BrowserWindow.fromWebContents(contents));
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // An offline app: the page has no business on the network (the CSP says so too).
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event, item) => {
    if (!isAllowedDownloadUrl(item.getURL())) {
      event.preventDefault();
      return;
    }
    const name = safeDownloadName(item.getFilename());
    item.setSaveDialogOptions({
      title: text.saveTitle,
      buttonLabel: text.saveButton,
      defaultPath: join(app.getPath('downloads'), name),
      filters: saveFiltersFor(name, text.allFiles),
    });
  });
}

function createWindow(): BrowserWindow {
  const devIcon = join(app.getAppPath(), 'assets', 'icon.png');
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: productName(),
    backgroundColor: '#ffffff',
    ...(process.platform === 'linux' && !app.isPackaged && existsSync(devIcon) ? { icon: devIcon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function onReady(): void {
  const openedCore = openCore();
  if (openedCore === null) return;
  core = openedCore;
  openedCore.services.openRequests.add(earlyPackages.splice(0));
  registerAppProtocol();
  hardenSession(session.defaultSession);
  installAppMenu({ text, productName: productName(), dataDir, getWindow: currentWindow });
  registerIpc({ core: openedCore, text, actor: actorName(), log: (m) => console.warn(m) }, currentWindow);
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another window already has this data folder open: it has been told to come forward.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    offerPackages(packagePathsFromArgv(argv.slice(1), workingDirectory));
    const win = currentWindow();
    if (win === null) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    offerPackages([path]);
    currentWindow()?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // One window, one database: closing it ends the app on every OS, so the database closes cleanly.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
  app
    .whenReady()
    .then(onReady)
    .catch((err: unknown) => failStartup(describeStartupError(err, text)));
}
