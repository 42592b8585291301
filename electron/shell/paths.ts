// Where the shell finds things: the Electron-ABI build of better-sqlite3 (dev and packaged) and the
// data folder chosen on the command line. Pure, so it is tested without Electron.

import nodePath from 'node:path';

/** The file name better-sqlite3 builds; also the name shipped under resources/native/. */
export const NATIVE_FILE = 'better_sqlite3.node';
export const NATIVE_INFO_FILE = 'build-info.json';

export interface NativeLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the repository root in development. */
  appPath: string;
  /** process.resourcesPath: where extraResources land in an installed app. */
  resourcesPath: string;
  electronVersion: string;
}

/**
 * Development: `.cache/electron-native/<electron version>/better_sqlite3.node`, built by
 * scripts/electron-native.mjs next to (never inside) node_modules, which keeps the Node build.
 * Packaged: `<resources>/native/better_sqlite3.node`, copied there by electron-builder's extraResources.
 */
export function nativeBindingPath(where: NativeLocation, pathApi: Pick<typeof nodePath, 'join'> = nodePath): string {
  return where.isPackaged
    ? pathApi.join(where.resourcesPath, 'native', NATIVE_FILE)
    : pathApi.join(where.appPath, '.cache', 'electron-native', where.electronVersion, NATIVE_FILE);
}

export function nativeBuildInfoPath(bindingPath: string): string {
  return nodePath.join(nodePath.dirname(bindingPath), NATIVE_INFO_FILE);
}

/** Written by scripts/electron-native.mjs beside the binary. */
export interface NativeBuildInfo {
  runtime: string;
  target: string;
  platform: string;
  arch: string;
}

export type NativeProblem =
  | { kind: 'missing' }
  | { kind: 'mismatch'; builtFor: string; running: string };

/**
 * Why the binding cannot be used, or null when it can. A missing build-info file is accepted (a
 * hand-built binary); a build-info naming another runtime, version, OS or CPU is not.
 */
export function nativeBindingProblem(
  exists: boolean,
  info: unknown,
  running: { electronVersion: string; platform: string; arch: string },
): NativeProblem | null {
  if (!exists) return { kind: 'missing' };
  if (!isBuildInfo(info)) return null;
  const builtFor = `${info.runtime} ${info.target} (${info.platform}-${info.arch})`;
  const runningAs = `electron ${running.electronVersion} (${running.platform}-${running.arch})`;
  const same =
    info.runtime === 'electron' &&
    info.target === running.electronVersion &&
    info.platform === running.platform &&
    info.arch === running.arch;
  return same ? null : { kind: 'mismatch', builtFor, running: runningAs };
}

function isBuildInfo(value: unknown): value is NativeBuildInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['runtime', 'target', 'platform', 'arch'].every((key) => typeof v[key] === 'string');
}

/**
 * `--data-dir D` or `--data-dir=D`: a separate data folder (tests use a fresh one each time).
 * Returns null when absent or empty, so the per-OS default applies.
 */
export function dataDirFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      return next !== undefined && next !== '' && !next.startsWith('--') ? nodePath.resolve(next) : null;
    }
    if (arg.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      return value === '' ? null : nodePath.resolve(value);
    }
  }
  return null;
}
