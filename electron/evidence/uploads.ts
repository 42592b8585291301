// Chunked uploads from the renderer (a File read in pieces of at most 8 MB, sent in order): each
// streams into a temp file in the store with an incremental SHA-256, so finishing costs a rename.
// Uploads left idle are abandoned and their temp files removed.

import { createHash, randomUUID, type Hash } from 'node:crypto';
import { closeSync, openSync, rmSync, write } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { formatBytes, MAX_CHUNK_BYTES, type EvidenceLimits } from './limits.js';
import { SNIFF_BYTES } from './media.js';
import { cleanFileName, displayName, fileNameProblem } from './names.js';
import type { EvidenceStore } from './store.js';

export interface CompletedUpload {
  fileName: string;
  path: string;
  size: number;
  sha256: string;
  head: Buffer;
}

interface Upload {
  id: string;
  fileName: string;
  size: number;
  received: number;
  path: string;
  fd: number;
  hash: Hash;
  head: Buffer;
  lastActive: number;
  busy: boolean;
}

const writeAt = (fd: number, data: Buffer, position: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      write(fd, data, offset, data.length - offset, position + offset, (error, written) => {
        if (error) reject(error);
        else if (offset + written < data.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });

export class UploadManager {
  private readonly uploads = new Map<string, Upload>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: EvidenceStore,
    private readonly limits: EvidenceLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(1000, Math.min(60_000, limits.uploadIdleMs))).unref();
  }

  /** `maxBytes` overrides the evidence limits (a backup archive may be larger than any evidence file). */
  begin(fileName: string, size: number, maxBytes?: number): { uploadId: string; chunkBytes: number } {
    this.sweep();
    const name = cleanFileName(fileName);
    const problem = fileNameProblem(name);
    if (problem) throw new AppError('invalid_input', 'upload.fileRefused', { fileName: displayName(name), problem });
    if (size <= 0) throw new AppError('invalid_input', 'evidence.emptyFile', { label: name });
    const isZip = name.toLowerCase().endsWith('.zip');
    const max = maxBytes ?? (isZip ? Math.max(this.limits.maxUploadZipBytes, this.limits.maxFileBytes) : this.limits.maxFileBytes);
    if (size > max) {
      throw new AppError(
        'invalid_input',
        isZip ? 'upload.zipTooLarge' : 'upload.tooLarge', { name, size: formatBytes(size), max: formatBytes(max) },
      );
    }
    if (this.uploads.size >= this.limits.maxOpenUploads) {
      throw new AppError('conflict', 'upload.tooMany', { count: this.uploads.size });
    }
    const id = randomUUID();
    const path = this.store.tempPath('upload');
    const fd = openSync(path, 'wx');
    this.uploads.set(id, {
      id, fileName: name, size, received: 0, path, fd, hash: createHash('sha256'), head: Buffer.alloc(0), lastActive: this.clock(), busy: false,
    });
    return { uploadId: id, chunkBytes: MAX_CHUNK_BYTES };
  }

  /** Chunks arrive in order: `offset` must be the number of bytes received so far. */
  async chunk(uploadId: string, offset: number, data: Buffer): Promise<{ received: number; size: number }> {
    this.sweep();
    const u = this.require(uploadId);
    if (u.busy) throw new AppError('conflict', 'upload.busy', { fileName: u.fileName });
    if (data.length === 0 || data.length > MAX_CHUNK_BYTES) {
      throw new AppError('invalid_input', 'upload.chunkSize', { max: formatBytes(MAX_CHUNK_BYTES) });
    }
    if (offset !== u.received) {
      throw new AppError('conflict', 'upload.outOfOrder', { fileName: u.fileName, received: u.received, offset });
    }
    if (u.received + data.length > u.size) {
      throw new AppError('invalid_input', 'upload.tooMuch', { fileName: u.fileName, size: u.size });
    }
    u.busy = true;
    try {
      await writeAt(u.fd, data, offset);
    } catch (error) {
      this.drop(u);
      throw error;
    } finally {
      u.busy = false;
    }
    u.hash.update(data);
    if (u.head.length < SNIFF_BYTES) u.head = Buffer.concat([u.head, data.subarray(0, SNIFF_BYTES - u.head.length)]);
    u.received += data.length;
    u.lastActive = this.clock();
    return { received: u.received, size: u.size };
  }

  /**
   * Hands a complete upload over: its temp file now belongs to the caller (to adopt into the store
   * or remove). An incomplete upload stays open so the renderer can carry on.
   */
  take(uploadId: string): CompletedUpload {
    const u = this.require(uploadId);
    if (u.busy) throw new AppError('conflict', 'upload.stillReceiving', { fileName: u.fileName });
    if (u.received !== u.size) {
      throw new AppError('invalid_input', 'upload.incomplete', { fileName: u.fileName, received: u.received, size: u.size });
    }
    this.uploads.delete(u.id);
    closeSync(u.fd);
    return { fileName: u.fileName, path: u.path, size: u.size, sha256: u.hash.digest('hex'), head: u.head };
  }

  cancel(uploadId: string): void {
    const u = this.uploads.get(uploadId);
    if (u && !u.busy) this.drop(u);
  }

  /**
   * Abandons uploads idle for longer than the limit, then removes the temp files no live upload owns
   * that have been left as long (a crash shortly before a restart left them young at start).
   */
  sweep(now = this.clock()): number {
    let dropped = 0;
    for (const u of [...this.uploads.values()]) {
      if (!u.busy && now - u.lastActive > this.limits.uploadIdleMs) {
        this.drop(u);
        dropped++;
      }
    }
    // File ages are on the wall clock (mtime), whatever clock the uploads' idleness is measured with.
    this.store.sweepTemps(this.limits.uploadIdleMs, Date.now(), new Set([...this.uploads.values()].map((u) => u.path)));
    return dropped;
  }

  get openCount(): number {
    return this.uploads.size;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const u of [...this.uploads.values()]) this.drop(u);
  }

  private require(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) {
      throw new AppError('not_found', 'upload.sessionGone');
    }
    return u;
  }

  private drop(u: Upload): void {
    this.uploads.delete(u.id);
    try {
      closeSync(u.fd);
    } catch {
      // Already closed.
    }
    rmSync(u.path, { force: true });
  }
}
