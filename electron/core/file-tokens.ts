// Files the user chose in the shell's own open dialog. The renderer never names a path on this machine:
// the dialog's answer stays in the main process and the renderer gets an opaque token for each file,
// good for one call of the kind it was chosen for, for a few minutes. A guessed, reused or stale token
// reaches nothing.

import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChosenFile, FilePurpose } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';

/** The shell's open dialog for one purpose: the chosen absolute paths, none when cancelled. */
export type ChooseFiles = (request: { purpose: FilePurpose; multiple: boolean }) => Promise<string[]>;

/** How long a chosen file may wait for the call that uses it. */
export const FILE_TOKEN_TTL_MS = 10 * 60 * 1000;

/**
 * A PKCS#11 driver is used by the three calls of one "add a token" flow (list tokens, list the
 * certificates, remember the identity), so its token lasts until it expires; every other is single-use.
 */
const REUSABLE: ReadonlySet<FilePurpose> = new Set(['pkcs11Driver']);

interface Issued {
  path: string;
  purpose: FilePurpose;
  expires: number;
}

export class FileTokens {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = FILE_TOKEN_TTL_MS,
  ) {}

  /** Called by the core with the dialog's answer; only the token and the file's name leave the main process. */
  issue(path: string, purpose: FilePurpose): ChosenFile {
    this.sweep();
    const fileToken = randomBytes(24).toString('base64url');
    this.issued.set(fileToken, { path, purpose, expires: this.clock() + this.ttlMs });
    let size: number | null = null;
    try {
      const st = statSync(path);
      size = st.isFile() ? st.size : null;
    } catch {
      size = null;
    }
    return { fileToken, fileName: basename(path), size };
  }

  /** The path behind a token chosen for one of `purposes`; a single-use token is spent by this call. */
  take(fileToken: string, purposes: readonly FilePurpose[]): string {
    this.sweep();
    const entry = this.issued.get(fileToken);
    if (!entry || !purposes.includes(entry.purpose)) {
      throw new AppError('forbidden', 'app.fileTokenInvalid');
    }
    if (!REUSABLE.has(entry.purpose)) this.issued.delete(fileToken);
    return entry.path;
  }

  get size(): number {
    return this.issued.size;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [token, entry] of this.issued) if (entry.expires <= now) this.issued.delete(token);
  }
}
