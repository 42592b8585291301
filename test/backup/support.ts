// Shared set-up for the backup tests: a real app on a temp data folder with the demo campaign and
// evidence attached through the real EvidenceService, and fingerprints of the data to compare.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { openApp, type AppCore, type OpenAppOptions } from '../../electron/core/app.js';
import type { Db } from '../../electron/db/database.js';
import { BLOCK, listTar, padding, tarHeader } from '../../electron/backup/container.js';
import { open } from 'node:fs/promises';
import { tempDir } from '../helpers.js';
import { checkScore } from '../../shared/rules.js';

export const ACTOR = 'Nguyễn Văn A';
export const UNIT = 'SBN01';

export interface World {
  dir: string;
  dataDir: string;
  app: AppCore;
  campaignId: number;
  /** The unit's first leaf criteria, for scores and evidence. */
  leaves: string[];
  scratch: string;
  /** What the shell's open dialog answers next (the test plays the user picking files). */
  picks: string[];
}

export function withWorld(fn: (w: World) => Promise<void>, options: Partial<OpenAppOptions> = {}): () => Promise<void> {
  return async () => {
    const { dir, cleanup } = tempDir('par-backup-');
    const dataDir = join(dir, 'data');
    const picks: string[] = [];
    // The browser host has no open dialog; the shell's is played by `picks`.
    const chooseFiles = () => Promise.resolve(picks.splice(0));
    const app = openApp({ dataDir, host: 'electron', ...(options.host === 'browser' ? {} : { chooseFiles }), ...options });
    try {
      const campaignId = app.services.campaigns.list()[0]!.id;
      // Leaves whose rule takes any quarter point up to 1: the tests write 0, 0,25 … 1 on them.
      const tree = app.services.scoring.modelOf(campaignId).sets[0]!.tree;
      const leaves = app.services.scoring.sheet(campaignId, UNIT).rows
        .filter((r) => r.isLeaf && r.kind === 'appraised')
        .filter((r) => [0, 250, 500, 750, 1000].every((points) => checkScore(tree.byCode.get(r.code)!.criterion, points) === null))
        .map((r) => r.code);
      const scratch = join(dir, 'scratch');
      mkdirSync(scratch, { recursive: true });
      await fn({ dir, dataDir, app, campaignId, leaves, scratch, picks });
    } finally {
      app.close();
      cleanup();
    }
  };
}

/** The user picks `path` in the shell's open dialog: the token the page gets for it. */
export async function chosen(w: World, path: string, purpose: 'backup' | 'evidenceBundle' = 'backup'): Promise<string> {
  w.picks.push(path);
  const r = await w.app.dispatch('file/choose', { purpose }, { actor: ACTOR });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as Array<{ fileToken: string }>)[0]!.fileToken;
}

/** Writes a file of random bytes in the scratch folder and attaches it to a cell. */
export async function attach(w: World, criterionCode: string, name: string, size = 5000): Promise<string> {
  const path = join(w.scratch, name);
  // Evidence is judged by content (evidence/content.ts): a PDF header makes the random bytes a document.
  const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(Math.max(1, size - 9))]);
  writeFileSync(path, data);
  await w.app.services.evidence.attachPath(w.campaignId, UNIT, criterionCode, path, ACTOR);
  return createHash('sha256').update(data).digest('hex');
}

/** Every row of every table, in a fixed order: equal fingerprints mean equal data. */
export function dataFingerprint(db: Db): string {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const cols = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => `"${c.name}"`);
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY ${cols.join(', ')}`).all();
    out[name] = name === 'app_meta' ? rows.filter((r) => !String((r as { key: string }).key).startsWith('backup_')) : rows;
  }
  return JSON.stringify(out);
}

/** Every file under `root` (except the given top-level folders) with its SHA-256: byte-for-byte comparison. */
export function fileTree(root: string, except: string[] = ['backups']): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const rel = relative(root, full);
      if (except.includes(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

export interface Entry {
  path: string;
  data: Buffer;
}

/** Reads a (small, test-made) archive's entries into memory. */
export async function readEntries(archive: string): Promise<Entry[]> {
  const handle = await open(archive, 'r');
  try {
    const entries = await listTar(handle, (await handle.stat()).size, archive);
    const out: Entry[] = [];
    for (const e of entries) {
      const data = Buffer.alloc(e.size);
      await handle.read(data, 0, e.size, e.dataOffset);
      out.push({ path: e.path, data });
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Writes entries as a tar; names that tarHeader refuses (traversal tests) are written raw. */
export function writeEntries(archive: string, entries: Entry[]): void {
  const parts: Buffer[] = [];
  for (const e of entries) {
    let header: Buffer;
    try {
      header = tarHeader(e.path, e.data.length, 0);
    } catch {
      header = rawHeader(e.path, e.data.length);
    }
    parts.push(header, e.data, Buffer.alloc(padding(e.data.length)));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  writeFileSync(archive, Buffer.concat(parts));
}

function rawHeader(path: string, size: number): Buffer {
  const h = tarHeader('x', size, 0);
  h.fill(0, 0, 100);
  h.write(path, 0, 100, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Rewrites the manifest of an entry list (after the test changed entries on purpose). */
export function withManifest(entries: Entry[], edit: (m: { entries: Array<{ path: string; size: number; sha256: string }>; schemaVersion: number }) => void): Entry[] {
  const last = entries[entries.length - 1]!;
  const manifest = JSON.parse(last.data.toString('utf8')) as { entries: Array<{ path: string; size: number; sha256: string }>; schemaVersion: number };
  edit(manifest);
  return [...entries.slice(0, -1), { path: last.path, data: Buffer.from(JSON.stringify(manifest)) }];
}

/**
 * A hostile copy of a good archive: its database is edited with SQLite directly (a trigger, an extra
 * table…), and the manifest is rewritten to match, so every hash in the archive is right.
 */
export async function craftArchive(good: string, out: string, scratch: string, edit: (db: Database.Database) => void): Promise<void> {
  const entries = await readEntries(good);
  const index = entries.findIndex((e) => e.path === 'database/par.sqlite');
  const file = join(scratch, `crafted-${randomBytes(4).toString('hex')}.sqlite`);
  writeFileSync(file, entries[index]!.data);
  const db = new Database(file);
  try {
    edit(db);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  const data = readFileSync(file);
  writeEntries(out, withManifest(entries.map((e, i) => (i === index ? { ...e, data } : e)), (m) => {
    const entry = m.entries.find((e) => e.path === 'database/par.sqlite')!;
    entry.sha256 = sha256(data);
    entry.size = data.length;
  }));
}
