// `node dist/host.mjs [--data-dir DIR] [--db FILE] [--port N]`: serves the app to a browser on
// 127.0.0.1 and prints `PAR_HOST_READY <address>` once it is listening.

import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeIssue } from '../../shared/errors.js';
import { AppError } from '../../shared/errors.js';
import { defaultDataDir, openApp, packagePathsFromArgv } from '../core/app.js';
import { createHostServer } from './server.js';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function currentUser(): string {
  try {
    return userInfo().username || 'Người dùng';
  } catch {
    return 'Người dùng';
  }
}

export async function runHost(argv: string[]): Promise<void> {
  const dataDir = arg(argv, '--data-dir') ?? defaultDataDir();
  const dbPath = arg(argv, '--db');
  const port = Number(arg(argv, '--port') ?? '0');
  const staticDir = arg(argv, '--static') ?? join(dirname(fileURLToPath(import.meta.url)), 'renderer');
  let core;
  try {
    // The daily automatic backup runs in the background unless --no-auto-backup is given.
    core = openApp({ dataDir, host: 'browser', ...(dbPath ? { dbPath } : {}), autoBackup: !argv.includes('--no-auto-backup'), backgroundCheckpoints: true });
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      for (const i of error.issues ?? []) console.error(' - ' + describeIssue(i));
      process.exit(1);
    }
    throw error;
  }
  // `npm start -- file.parpkg` (or "Open with" pointing at the start script): offered for import on load.
  core.services.openRequests.add(packagePathsFromArgv(argv));
  const token = randomBytes(24).toString('base64url');
  const server = createHostServer({ core, staticDir, token, actor: currentUser() });
  // Handlers first: a Ctrl+C right after the ready line still closes the database cleanly.
  const stop = () => {
    server.close();
    server.closeAllConnections();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise<void>((resolve) => server.listen(Number.isInteger(port) && port >= 0 ? port : 0, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`PAR_HOST_READY http://127.0.0.1:${actualPort}/?t=${token}`);
  console.log(`Dữ liệu: ${core.info.dbPath}`);
}

await runHost(process.argv.slice(2));
