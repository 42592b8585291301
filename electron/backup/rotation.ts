// Where the app's own backups live and how many are kept: <dataDir>/backups holds the automatic
// (tu-dong-…) and in-app (sao-luu-…) archives and the database copies made before a migration or a
// restore; each family keeps its last N. Files with any other name (a user's own copy) are never touched.

import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_EXTENSION } from './archive.js';

export const BACKUPS_FOLDER = 'backups';
export const DEFAULT_KEEP = 7;
export const MAX_KEEP = 100;

export type BackupKind = 'auto' | 'manual';
const PREFIX: Record<BackupKind, string> = { auto: 'tu-dong-', manual: 'sao-luu-' };
/** An archive the app made: tu-dong-20251231-235959.parbak (a -2, -3… suffix when two share a second). */
export const ARCHIVE_NAME = /^(tu-dong|sao-luu)-(\d{8}-\d{6})(?:-(\d{1,3}))?\.parbak$/;
/** Database copies: before-schema-5-2025-01-02T03-04-05-678Z.sqlite, before-restore-<stamp>.sqlite. */
const COPY_NAME = /^(before-schema|before-restore)-(?:\d+-)?(\d{4}-\d{2}-\d{2}T[\d-]+Z)\.sqlite$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time, as the user reads it in the folder: 20251231-235959. */
export function localStamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A fresh archive name in `dir` for `kind` at `date` (never an existing file's). */
export function archiveName(dir: string, kind: BackupKind, date: Date): string {
  const base = `${PREFIX[kind]}${localStamp(date)}`;
  let taken: Set<string>;
  try {
    taken = new Set(readdirSync(dir));
  } catch {
    taken = new Set();
  }
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${base}${BACKUP_EXTENSION}` : `${base}-${i}${BACKUP_EXTENSION}`;
    if (![...taken].some((t) => t === name || t.startsWith(`${name}.`))) return name;
  }
}

export interface ArchiveFile {
  name: string;
  kind: BackupKind;
  size: number;
  /** From the file's modification time (the moment it was renamed into place). */
  createdAt: string;
}

/** The app's archives in `dir`, newest first. */
export function listArchives(dir: string): ArchiveFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<ArchiveFile & { key: string }> = [];
  for (const name of names) {
    const m = ARCHIVE_NAME.exec(name);
    if (!m) continue;
    try {
      const info = statSync(join(dir, name));
      if (!info.isFile()) continue;
      out.push({ name, kind: m[1] === 'tu-dong' ? 'auto' : 'manual', size: info.size, createdAt: info.mtime.toISOString(), key: `${m[2]}-${(m[3] ?? '1').padStart(3, '0')}` });
    } catch {
      // Removed meanwhile.
    }
  }
  return out.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)).map(({ key: _key, ...rest }) => rest);
}

/** Resolves a name from a request to one of the app's archives in `dir`, or null. */
export function archivePath(dir: string, name: string): string | null {
  if (!ARCHIVE_NAME.test(name)) return null;
  const path = join(dir, name);
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the newest `keep` of each family (automatic archives, in-app archives, pre-migration copies,
 * pre-restore copies); removes the rest and temp files (.part) older than a day. Returns the names removed.
 */
export function rotate(dir: string, keep: number, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const families = new Map<string, Array<{ name: string; key: string }>>();
  for (const name of names) {
    const a = ARCHIVE_NAME.exec(name);
    const c = a ? null : COPY_NAME.exec(name);
    const family = a ? a[1]! : c ? c[1]! : null;
    if (family === null) continue;
    const key = a ? `${a[2]}-${(a[3] ?? '1').padStart(3, '0')}` : c![2]!;
    let list = families.get(family);
    if (!list) families.set(family, (list = []));
    list.push({ name, key });
  }
  const removed: string[] = [];
  for (const list of families.values()) {
    list.sort((x, y) => (x.key < y.key ? 1 : x.key > y.key ? -1 : 0));
    for (const old of list.slice(Math.max(1, keep))) {
      for (const suffix of ['', '-wal']) rmSync(join(dir, old.name + suffix), { force: true });
      removed.push(old.name);
    }
  }
  for (const name of names) {
    if (!name.endsWith('.part') && !/^\.snapshot-[0-9a-f]+\.sqlite$/.test(name)) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > 24 * 3600 * 1000) rmSync(join(dir, name), { force: true });
    } catch {
      // Gone already.
    }
  }
  return removed;
}
