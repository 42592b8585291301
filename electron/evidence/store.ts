// The content-addressed blob store: <dataDir>/evidence/<first 2 hex>/<sha256>. Files are hashed while
// they stream into a temp file inside the store, then renamed into place (atomic on one volume); a
// blob that already exists is not rewritten. Temp files live in <dataDir>/evidence/tmp.

import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, type ReadStream, type Stats, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from './limits.js';
import { SNIFF_BYTES } from './media.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Reads and writes in 1 MiB pieces: a quarter of the per-chunk cost of Node's 64 KiB default. */
export const IO_CHUNK = 1024 * 1024;
/** O_NOFOLLOW where the OS has it: a file swapped for a link after it was checked is not followed. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export interface PutResult {
  sha256: string;
  size: number;
  /** True when this call placed the blob (it was not in the store before). */
  created: boolean;
  /** The first bytes, for the media type. */
  head: Buffer;
}

export interface PutOptions {
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** The name quoted in messages (the original file name or the bundle entry). */
  label: string;
}

export class EvidenceStore {
  readonly root: string;
  readonly tmpDir: string;
  /** Blobs in use by an operation that has not committed yet: never removed by another's rollback. */
  private readonly holds = new Map<string, number>();
  /**
   * Temp files this process handed out and has not finished with: a long import's staged files may sit
   * unwritten for a while, and the sweep must not take them. Forgotten once the file is gone.
   */
  private readonly liveTemps = new Set<string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'evidence');
    this.tmpDir = join(this.root, 'tmp');
  }

  blobPath(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new AppError('invalid_input', 'evidence.hashInvalid', { sha256 });
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** A fresh, unused path in the store's temp folder (same volume as the blobs, so rename is atomic). */
  tempPath(prefix: string): string {
    mkdirSync(this.tmpDir, { recursive: true });
    const path = join(this.tmpDir, `${prefix}-${randomBytes(12).toString('hex')}.part`);
    this.liveTemps.add(path);
    return path;
  }

  /** Copies a file on disk into the store, hashing it on the way. */
  async putFile(path: string, options: PutOptions): Promise<PutResult> {
    let info: Stats;
    try {
      info = await stat(path);
    } catch {
      throw new AppError('not_found', 'evidence.sourceNotFound', { label: options.label, path });
    }
    if (!info.isFile()) throw new AppError('invalid_input', 'evidence.notRegularFile', { label: options.label });
    checkSize(info.size, options);
    const handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
    return this.putStream(handle.createReadStream({ highWaterMark: IO_CHUNK }), options);
  }

  /**
   * Streams any source into the store. The size limit is enforced on the bytes actually read; the
   * temp file is removed on every failure.
   */
  async putStream(source: Readable, options: PutOptions): Promise<PutResult> {
    let temp: string;
    let out: WriteStream;
    try {
      temp = this.tempPath('put');
      // Opened synchronously so the file exists (and will be closed) before anything can fail: no
      // late asynchronous open may recreate it after a failure removed it.
      out = createWriteStream(temp, { fd: openSync(temp, 'wx'), highWaterMark: 4 * IO_CHUNK });
    } catch (error) {
      source.destroy();
      throw error;
    }
    const hash = createHash('sha256');
    const head = Buffer.alloc(SNIFF_BYTES);
    let headLength = 0;
    let size = 0;
    const meter = new Transform({
      highWaterMark: IO_CHUNK,
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) {
          callback(tooLarge(options));
          return;
        }
        if (headLength < SNIFF_BYTES) headLength += chunk.copy(head, headLength, 0, SNIFF_BYTES - headLength);
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, out);
      checkSize(size, options);
      await syncFile(temp);
    } catch (error) {
      source.destroy();
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      rmSync(temp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    const { created } = this.adopt(temp, sha256, size);
    if (created) await this.syncFolder(sha256);
    return { sha256, size, head: head.subarray(0, headLength), created };
  }

  /** Makes a placed blob's directory entry durable (best effort: Windows cannot open folders for this). */
  async syncFolder(sha256: string): Promise<void> {
    try {
      const dir = await open(dirname(this.blobPath(sha256)), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Not supported here; the file's own content is already on disk.
    }
  }

  /**
   * Moves a complete temp file whose hash is known into place, or drops it when the blob is already
   * there. Synchronous on purpose: no other operation can slip between the check and the rename.
   * The caller holds the blob until it calls `release`.
   */
  adopt(temp: string, sha256: string, size: number): { created: boolean } {
    const dest = this.blobPath(sha256);
    this.hold(sha256);
    try {
      let existing: Stats | undefined;
      try {
        existing = statSync(dest);
      } catch {
        existing = undefined;
      }
      if (existing?.isFile() && existing.size === size) {
        rmSync(temp, { force: true });
        return { created: false };
      }
      // Missing, or damaged (a different size): the fresh copy takes its place.
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(temp, dest);
      return { created: existing === undefined };
    } catch (error) {
      this.release(sha256);
      rmSync(temp, { force: true });
      throw error;
    }
  }

  hold(sha256: string): void {
    this.holds.set(sha256, (this.holds.get(sha256) ?? 0) + 1);
  }

  release(sha256: string): void {
    const n = (this.holds.get(sha256) ?? 0) - 1;
    if (n > 0) this.holds.set(sha256, n);
    else this.holds.delete(sha256);
  }

  /**
   * Rolls back a blob an operation created: removed unless another operation holds it or a row now
   * refers to it. Its prefix folder goes too when it is left empty, so a refused import leaves the
   * store exactly as it was.
   */
  discardIfUnused(sha256: string, isReferenced: (sha256: string) => boolean): boolean {
    if ((this.holds.get(sha256) ?? 0) > 0 || isReferenced(sha256)) return false;
    const path = this.blobPath(sha256);
    rmSync(path, { force: true });
    try {
      rmdirSync(dirname(path));
    } catch {
      // Not empty: other blobs share the prefix.
    }
    return true;
  }

  exists(sha256: string): boolean {
    try {
      return statSync(this.blobPath(sha256)).isFile();
    } catch {
      return false;
    }
  }

  /** Size on disk, or null when the blob is missing. */
  sizeOf(sha256: string): number | null {
    try {
      const s = statSync(this.blobPath(sha256));
      return s.isFile() ? s.size : null;
    } catch {
      return null;
    }
  }

  /** Re-hashes a stored blob (streamed). */
  async hashBlob(sha256: string): Promise<string> {
    return hashFile(this.blobPath(sha256));
  }

  openRead(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.blobPath(sha256), { highWaterMark: IO_CHUNK, ...(range ?? {}) });
  }

  /**
   * Removes `.part` files not written to for `maxAgeMs`: left by a run that ended abruptly (a crash, a
   * killed process). The temp files this process still uses, and those named in `keep`, are spared
   * whatever their age: files of another process on the same folder are judged by their age alone. Staging folders of a restore (restore-*) belong to the
   * backup controller, which knows whether its restore is still running.
   */
  sweepTemps(maxAgeMs: number, now = Date.now(), keep: ReadonlySet<string> = new Set()): number {
    let names: string[];
    try {
      names = readdirSync(this.tmpDir);
    } catch {
      return 0;
    }
    const present = new Set(names.map((name) => join(this.tmpDir, name)));
    for (const path of this.liveTemps) if (!present.has(path)) this.liveTemps.delete(path);
    let removed = 0;
    for (const name of names) {
      const path = join(this.tmpDir, name);
      if (!name.endsWith('.part') || keep.has(path) || this.liveTemps.has(path)) continue;
      try {
        const st = statSync(path);
        if (st.isFile() && now - st.mtimeMs > maxAgeMs) {
          rmSync(path, { force: true });
          removed++;
        }
      } catch {
        // Gone already.
      }
    }
    return removed;
  }
}

/**
 * Flushes a file's content to disk before it is renamed into the store and a row points at it:
 * after a power cut, a row may be lost but never point at an empty or partial blob.
 */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** SHA-256 of a file, streamed in 1 MiB pieces. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: IO_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function tooLarge(options: PutOptions): AppError {
  return new AppError(
    'invalid_input',
    'evidence.fileTooLargeHint', { label: options.label, max: formatBytes(options.maxBytes) },
  );
}

function checkSize(size: number, options: PutOptions): void {
  if (size === 0) throw new AppError('invalid_input', 'evidence.emptyFile', { label: options.label });
  if (size > options.maxBytes) throw tooLarge(options);
}
