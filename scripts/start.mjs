#!/usr/bin/env node
// `npm start`: the Electron app when its binary can run on this machine, otherwise the same app served
// to a browser by dist/host.mjs. `npm run host` (--browser) goes straight to the browser.
// Options: --browser, --rebuild (build dist/ first); anything else (--port N, --data-dir D) is passed on.
// This launcher never imports electron (see launcher.mjs for why).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  chooseLaunch,
  electronChildEnv,
  electronUnusableNotice,
  exitCodeOf,
  nativeBuildFailedNotice,
  parseLauncherArgs,
  probeElectron,
  readyMessage,
  requiredDistFiles,
} from './launcher.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseLauncherArgs(process.argv.slice(2));

function say(lines) {
  for (const line of lines) console.log(line);
}

function ensureBuilt(mode, force) {
  const missing = requiredDistFiles(mode).filter((file) => !existsSync(join(root, 'dist', file)));
  if (missing.length === 0 && !force) return true;
  console.log('Đang dựng ứng dụng vào dist/… (Building the app into dist/…)');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  return built.status === 0;
}

/** Runs a child until it ends, handing Ctrl+C on to it; resolves with the exit code to pass on. */
function runChild(command, argv, { env = process.env, onLine = null } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, {
      cwd: root,
      env,
      stdio: ['inherit', onLine ? 'pipe' : 'inherit', 'inherit'],
      windowsHide: false,
    });
    let signalsSeen = 0;
    const forward = (signal) => {
      signalsSeen += 1;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // First Ctrl+C: let the child close its database; a third one insists.
      child.kill(signalsSeen >= 3 ? 'SIGKILL' : signalsSeen === 2 ? 'SIGTERM' : signal);
    };
    const handlers = { SIGINT: () => forward('SIGINT'), SIGTERM: () => forward('SIGTERM'), SIGHUP: () => forward('SIGHUP') };
    for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
    const done = (code) => {
      for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
      resolve(code);
    };
    if (onLine) createInterface({ input: child.stdout }).on('line', onLine);
    child.on('error', (err) => {
      console.error(`Không chạy được ${command}: ${err.message}`);
      done(1);
    });
    child.on('close', (code, signal) => done(exitCodeOf(code, signal)));
  });
}

async function runBrowserHost() {
  if (!ensureBuilt('browser', args.rebuild)) return 1;
  return runChild(process.execPath, [join(root, 'dist', 'host.mjs'), ...args.forward], {
    onLine: (line) => console.log(readyMessage(line) ?? line),
  });
}

async function main() {
  const probe = args.browser ? null : await probeElectron({ root });
  const plan = chooseLaunch({ browser: args.browser, probe });
  if (plan.mode === 'browser') {
    if (plan.reason === 'electron-unusable') say(electronUnusableNotice(plan.detail));
    return runBrowserHost();
  }
  if (!ensureBuilt('electron', args.rebuild)) return 1;
  const native = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  if (native.status !== 0) {
    say(nativeBuildFailedNotice());
    return runBrowserHost();
  }
  return runChild(plan.electronPath, [root, ...args.forward], { env: electronChildEnv(process.env) });
}

process.exitCode = await main();
