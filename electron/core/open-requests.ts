// Packages the operating system asked the app to open (a double-clicked .parpkg: on the command line at
// start, from a second launch, or macOS's open-file event). The renderer may import exactly these paths
// and no other: it never names a file on this machine itself.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { PACKAGE_EXTENSION } from '../exchange/container.js';
import { EVIDENCE_BUNDLE_EXTENSION } from '../exchange/evidence-bundle.js';

/** The files the OS may hand over: campaign/member packages and (evidence bundle) .parevd bundles. */
const openable = (arg: string): boolean => {
  const lower = arg.toLowerCase();
  return lower.endsWith(PACKAGE_EXTENSION) || lower.endsWith(EVIDENCE_BUNDLE_EXTENSION);
};

export interface PendingFile {
  path: string;
  fileName: string;
}

/** The .parpkg and .parevd paths in a command line (not the flags, not their values), resolved against `cwd`. */
export function packagePathsFromArgv(argv: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      // "--data-dir X": X is the flag's value, whatever its name.
      if (!arg.includes('=') && i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--') && !openable(argv[i + 1] ?? '')) i++;
      continue;
    }
    if (openable(arg)) out.push(isAbsolute(arg) ? arg : resolve(cwd, arg));
  }
  return out;
}

export class OpenRequests {
  private readonly pending = new Map<string, PendingFile>();

  /** Keeps the paths that are existing files; returns how many are new. */
  add(paths: readonly string[]): number {
    let added = 0;
    for (const path of paths) {
      if (this.pending.has(path)) continue;
      try {
        if (!existsSync(path) || !statSync(path).isFile()) continue;
      } catch {
        continue;
      }
      this.pending.set(path, { path, fileName: basename(path) });
      added++;
    }
    return added;
  }

  list(): PendingFile[] {
    return [...this.pending.values()];
  }

  /** The file's bytes, once: the path leaves the list whether or not the import that follows succeeds. */
  take(path: string): Buffer {
    const file = this.pending.get(path);
    if (!file) throw new AppError('forbidden', 'app.packageNotOffered');
    this.pending.delete(path);
    try {
      return readFileSync(path);
    } catch {
      throw new AppError('not_found', 'app.fileVanished', { fileName: file.fileName });
    }
  }

  /** The file's path, once (like `take`): an evidence bundle may be GBs. */
  takePath(path: string): string {
    const file = this.pending.get(path);
    if (!file) throw new AppError('forbidden', 'app.evidenceNotOffered');
    this.pending.delete(path);
    return path;
  }

  dismiss(path: string): void {
    this.pending.delete(path);
  }
}
