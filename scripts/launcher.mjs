// The decisions behind `npm start`, importable by tests: is the Electron binary usable, and if not,
// what the person is told before the same app is served to a browser. Never imports electron itself:
// requiring that package downloads its binary, so it is only ever required in a child process.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `.cache/electron-native/<electron version>/`: the Electron-ABI better-sqlite3 (see electron/shell/paths.ts). */
export function electronNativeDir(root, electronVersion) {
  return join(root, '.cache', 'electron-native', electronVersion);
}

/** The copy electron-builder packs as extraResources (electron-builder.yml), whatever the version. */
export function electronNativeStageDir(root) {
  return join(root, '.cache', 'electron-native', 'current');
}

/** Electron's version, read from its package.json (reading it, unlike requiring it, downloads nothing). */
export function readElectronVersion(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  if (typeof pkg.version !== 'string' || pkg.version === '') throw new Error('node_modules/electron/package.json has no version');
  return pkg.version;
}

export function parseLauncherArgs(argv) {
  let browser = false;
  let rebuild = false;
  const forward = [];
  for (const arg of argv) {
    if (arg === '--browser') browser = true;
    else if (arg === '--rebuild') rebuild = true;
    else forward.push(arg);
  }
  return { browser, rebuild, forward };
}

/** Files each mode needs in dist/; when one is missing the launcher builds first. */
export function requiredDistFiles(mode) {
  return mode === 'electron'
    ? ['main.mjs', 'preload.cjs', join('renderer', 'index.html')]
    : ['host.mjs', join('renderer', 'index.html')];
}

/** The error line of a Node crash report ("Error: …"), else its first line. */
function errorLine(text) {
  const lines = String(text).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines[0] ?? '';
}

/**
 * Asks a child Node process for the Electron binary's path. On a connected machine the first
 * call downloads the binary, hence the generous timeout; here it fails fast.
 */
export function probeElectron({ root, nodePath = process.execPath, timeoutMs = 120_000, moduleName = 'electron', env = process.env }) {
  const script = 'process.stdout.write(String(require(process.argv[1])))';
  return new Promise((resolve) => {
    execFile(nodePath, ['-e', script, moduleName], { cwd: root, timeout: timeoutMs, env, windowsHide: true, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const timedOut = error.killed === true || error.signal === 'SIGTERM';
        const reason = timedOut
          ? `no answer within ${Math.round(timeoutMs / 1000)} s`
          : errorLine(stderr) || error.message;
        resolve({ usable: false, reason });
        return;
      }
      const path = String(stdout).trim();
      if (path === '' || !existsSync(path)) {
        resolve({ usable: false, reason: `binary not found at "${path}"` });
        return;
      }
      resolve({ usable: true, path });
    });
  });
}

/** Electron when asked for and usable; the browser host otherwise, with the reason to tell. */
export function chooseLaunch({ browser, probe }) {
  if (browser) return { mode: 'browser', reason: 'requested' };
  if (probe && probe.usable) return { mode: 'electron', electronPath: probe.path };
  return { mode: 'browser', reason: 'electron-unusable', detail: probe ? probe.reason : 'not checked' };
}

/** What the person reads when Electron cannot run: Vietnamese, then English. */
export function electronUnusableNotice(detail) {
  return [
    'Không dùng được Electron: chưa có tệp chạy của Electron và không tải được về máy này.',
    'Ứng dụng sẽ chạy trong trình duyệt thay thế — cùng giao diện, cùng dữ liệu.',
    'The Electron binary is missing and cannot be downloaded on this machine.',
    'Serving the same app to your browser instead — same screens, same data.',
    `(${detail})`,
  ];
}

export function nativeBuildFailedNotice() {
  return [
    'Không dựng được thư viện cơ sở dữ liệu (better-sqlite3) cho Electron — ứng dụng sẽ chạy trong trình duyệt.',
    'Could not build better-sqlite3 for Electron — serving the app to your browser instead.',
  ];
}

const READY = /^PAR_HOST_READY\s+(\S+)/;

/** The host's machine-readable ready line, turned into a sentence; null for any other line. */
export function readyMessage(line) {
  const match = READY.exec(line.trim());
  return match ? `Mở địa chỉ này trong trình duyệt: ${match[1]}\n(Open this address in your browser.)` : null;
}

/** The environment for the Electron child: ELECTRON_RUN_AS_NODE would turn it into plain Node. */
export function electronChildEnv(env) {
  const copy = { ...env };
  delete copy.ELECTRON_RUN_AS_NODE;
  return copy;
}

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** A child's exit as a process exit code: its own code, or 128 + signal number. */
export function exitCodeOf(code, signal) {
  if (typeof code === 'number') return code;
  if (signal) return 128 + (SIGNAL_NUMBERS[signal] ?? 1);
  return 1;
}
