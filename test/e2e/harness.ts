// E2E harness: a real browser host on a fresh data folder, real Chromium, and clean-up afterwards.
// Each test gets its own host, data folder, browser and download folder.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hostScript = join(root, 'dist', 'host.mjs');
export const SHOTS_DIR = process.env.PAR_SHOTS_DIR ?? '/tmp/shots';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  url: string;
  dataDir: string;
  downloadDir: string;
  /** Uncaught page errors, CSP refusals and failed API calls seen so far (tests assert there are none). */
  problems: string[];
  /** Kills the host process outright (SIGKILL: no shutdown handler runs), as a crash or power cut would. */
  killHost: () => Promise<void>;
  /**
   * Starts the host again on the same data folder and port; returns its new address (a new token).
   * `extraArgs` go on its command line (e.g. a .parpkg path, as a double-click would pass it).
   */
  restartHost: (extraArgs?: readonly string[]) => Promise<string>;
  close: () => Promise<void>;
}

function startHost(dataDir: string, port = 0, extraArgs: readonly string[] = []): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(hostScript)) throw new Error(`${hostScript} is missing: run "node scripts/build.mjs" first.`);
  // No daily automatic backup in tests: it would run in the background of every session (it has its own tests).
  const child = spawn(process.execPath, [hostScript, '--data-dir', dataDir, '--port', String(port), '--no-auto-backup', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not report ready within 15 s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /PAR_HOST_READY (\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export async function startSession(): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'par-e2e-data-'));
  const downloadDir = mkdtempSync(join(tmpdir(), 'par-e2e-dl-'));
  const started = await startHost(dataDir);
  let child = started.child;
  const url = started.url;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, downloadsPath: downloadDir });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    // The CSP is strict (no inline styles or scripts): anything it refuses is a bug.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    const opened = browser;
    const session: Session = {
      page,
      context,
      browser: opened,
      url,
      dataDir,
      downloadDir,
      problems,
      killHost: () => killProcess(child),
      restartHost: async (extraArgs = []) => {
        await killProcess(child);
        const port = Number(new URL(session.url).port);
        const again = await startHost(dataDir, port, extraArgs);
        child = again.child;
        session.url = again.url;
        return again.url;
      },
      close: async () => {
        await opened.close().catch(() => undefined);
        await stopProcess(child);
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(downloadDir, { recursive: true, force: true });
      },
    };
    return session;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(downloadDir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs `body` with a fresh session and always cleans up. */
export async function withSession(body: (session: Session) => Promise<void>): Promise<void> {
  const session = await startSession();
  try {
    await body(session);
  } finally {
    await session.close();
  }
}
