// Shared set-up for the evidence tests: a real data folder with the demo campaign, services with
// adjustable limits, and snapshots of the store folder and the database file to prove "nothing written".
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHandlers, createServices, dispatchCall, seedDemoOnce, type Services } from '../../electron/core/app.js';
import { FileTokens } from '../../electron/core/file-tokens.js';
import { openDatabase, type Db } from '../../electron/db/database.js';
import type { EvidenceLimits } from '../../electron/evidence/limits.js';
import type { AppInfo, FilePurpose, Handlers } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { tempDir } from '../helpers.js';

export const ACTOR = 'Nguyễn Văn A';
export const UNIT = 'SBN01';

export interface EvidenceWorld {
  dir: string;
  dataDir: string;
  dbPath: string;
  db: Db;
  s: Services;
  campaignId: number;
  call(method: string, input: unknown): Promise<Reply<unknown>>;
  /** A scratch folder for input files, outside the data folder. */
  scratch: string;
  /** What the shell's open dialog does when the user picks `path`: a token for the page. */
  choose(path: string, purpose?: FilePurpose): string;
}

export function withWorld(
  fn: (w: EvidenceWorld) => Promise<void> | void,
  options: { limits?: Partial<EvidenceLimits>; host?: AppInfo['host'] } = {},
): () => Promise<void> {
  return async () => {
    const { dir, cleanup } = tempDir('par-evidence-');
    const dataDir = join(dir, 'data');
    const dbPath = join(dataDir, 'par.sqlite');
    const db = openDatabase(dbPath);
    const s = createServices(db, { dataDir, ...(options.limits ? { evidenceLimits: options.limits } : {}) });
    try {
      seedDemoOnce(s);
      const info: AppInfo = { version: 'test', dataDir, dbPath, host: options.host ?? 'cli' };
      const fileTokens = new FileTokens();
      const handlers: Handlers = createHandlers(s, info, undefined, { fileTokens });
      const campaignId = s.campaigns.list()[0]!.id;
      const scratch = join(dir, 'scratch');
      await fn({
        dir, dataDir, dbPath, db, s, campaignId, scratch,
        call: (m, input) => dispatchCall(handlers, m, input, { actor: ACTOR }),
        choose: (path, purpose = 'evidence') => fileTokens.issue(path, purpose).fileToken,
      });
    } finally {
      s.evidence.dispose();
      db.close();
      cleanup();
    }
  };
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The system's own sha256sum, the reference the store's hashes are held to. */
export function sha256sum(path: string): string {
  const r = spawnSync('sha256sum', [path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
  return r.stdout.split(/\s+/)[0]!;
}

/** Every path under the store with its size, and the database bytes (main file and WAL). */
export function snapshot(w: EvidenceWorld): { store: string[]; db: string } {
  const root = join(w.dataDir, 'evidence');
  const store: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      store.push(`${relative(root, full)}${st.isDirectory() ? '/' : ` ${st.size}`}`);
      if (st.isDirectory()) walk(full);
    }
  };
  if (existsSync(root)) walk(root);
  const h = createHash('sha256');
  for (const f of [w.dbPath, `${w.dbPath}-wal`]) if (existsSync(f)) h.update(readFileSync(f));
  return { store, db: h.digest('hex') };
}

export const pdfBytes = (text: string, pad = 0): Buffer =>
  Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n`), randomBytes(pad), Buffer.from('\n%%EOF\n')]);

export const pngBytes = (): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);

export function rowCounts(w: EvidenceWorld): { blobs: number; links: number; history: number } {
  const one = (sql: string) => (w.db.prepare(sql).get() as { n: number }).n;
  return {
    blobs: one('SELECT count(*) AS n FROM evidence_blob'),
    links: one('SELECT count(*) AS n FROM evidence'),
    history: one("SELECT count(*) AS n FROM history WHERE action LIKE 'evidence.%'"),
  };
}

/** Blob files in the store (not the temp folder). */
export function blobFiles(w: EvidenceWorld): string[] {
  const root = join(w.dataDir, 'evidence');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((p) => /^[0-9a-f]{2}$/.test(p))
    .flatMap((p) => readdirSync(join(root, p)));
}
