// The backup container: a plain POSIX tar (ustar) file. Why tar and not zip: an evidence store may
// hold several GB, and fflate's Zip writes no Zip64, so a zip over 4 GB would be corrupt; tar has no
// such limit (sizes of 8 GB and more use the GNU base-256 size field), streams with one 512-byte
// header per entry, needs no central directory to rewrite, and any archiver (tar, 7-Zip) can open a
// .parbak by hand if the app ever cannot. Entries are stored, not compressed: evidence files are
// PDFs and photos that are compressed already.

import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';

export const BLOCK = 512;
/** Read and write in 1 MiB pieces: the store may hold GBs, never more than this is in memory. */
export const IO_CHUNK = 1024 * 1024;
const OCTAL_LIMIT = 8 ** 11; // 11 octal digits in the size field

export interface TarEntry {
  path: string;
  size: number;
  /** Offset of the entry's data in the file. */
  dataOffset: number;
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, length, 'ascii');
}

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** One ustar header for a regular file. Names are short ASCII paths chosen by the writer (< 100 bytes). */
export function tarHeader(path: string, size: number, mtimeSeconds: number): Buffer {
  if (Buffer.byteLength(path) >= 100 || !/^[\x21-\x7e]+$/.test(path)) throw new Error(`tar name not supported: ${path}`);
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, path);
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (size < OCTAL_LIMIT) octal(h, 124, 12, size);
  else {
    // GNU base-256: the high bit of the first byte set, the size big-endian in the rest.
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 124 + 4);
  }
  octal(h, 136, 12, Math.max(0, Math.floor(mtimeSeconds)));
  h.fill(0x20, 148, 156);
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

function readOctal(h: Buffer, offset: number, length: number): number | null {
  if (h[offset]! & 0x80) {
    let value = 0n;
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(h[i]!);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  }
  const text = h.toString('ascii', offset, offset + length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]+$/.test(text)) return null;
  return parseInt(text, 8);
}

const damaged = (archive: string, detail: string, noun = 'tệp sao lưu'): AppError =>
  new AppError('invalid_input', 'backup.containerDamaged', { Noun: `${noun[0]!.toUpperCase()}${noun.slice(1)}`, archive, noun, detail });

export async function readExactly(handle: FileHandle, buf: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Walks the headers only (no data is read): every entry's name, size and offset. Refuses anything
 * that is not a regular file, a bad checksum, a truncated file and bytes after the end marker.
 */
export async function listTar(handle: FileHandle, fileSize: number, label: string, noun?: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const h = Buffer.alloc(BLOCK);
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > fileSize) throw damaged(label, 'tệp bị cắt cụt, thiếu phần kết thúc', noun);
    await readExactly(handle, h, pos);
    if (h.every((b) => b === 0)) break;
    const stored = readOctal(h, 148, 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of copy) sum += b;
    if (stored === null || stored !== sum) throw damaged(label, `tiêu đề mục ở vị trí ${pos} sai tổng kiểm tra`, noun);
    const type = h[156];
    const nameEnd = h.indexOf(0, 0);
    const name = h.toString('utf8', 0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd);
    const prefixEnd = h.indexOf(0, 345);
    const prefix = h.toString('utf8', 345, prefixEnd < 0 || prefixEnd > 500 ? 500 : prefixEnd);
    const path = prefix ? `${prefix}/${name}` : name;
    if (type !== 0x30 && type !== 0) throw damaged(label, `mục "${path}" không phải tệp thông thường (liên kết, thư mục hay thiết bị không được chấp nhận)`, noun);
    const size = readOctal(h, 124, 12);
    if (size === null) throw damaged(label, `mục "${path}" có kích thước không đọc được`, noun);
    const dataOffset = pos + BLOCK;
    if (dataOffset + size > fileSize) throw damaged(label, `mục "${path}" bị cắt cụt (${size} byte theo tiêu đề, tệp ngắn hơn)`, noun);
    entries.push({ path, size, dataOffset });
    pos = dataOffset + size + padding(size);
  }
  // The end marker is two zero blocks; nothing but zeros may follow.
  const rest = Buffer.alloc(IO_CHUNK);
  for (let p = pos; p < fileSize; p += rest.length) {
    const n = await readExactly(handle, rest, p);
    if (!rest.subarray(0, n).every((b) => b === 0)) throw damaged(label, 'có dữ liệu thừa sau phần kết thúc', noun);
  }
  if (fileSize - pos < 2 * BLOCK) throw damaged(label, 'tệp bị cắt cụt, thiếu phần kết thúc', noun);
  return entries;
}

/** Streams one entry's data through `sink` (may be null), returning its SHA-256. */
export async function hashEntry(handle: FileHandle, entry: TarEntry, sink: ((chunk: Buffer) => Promise<void>) | null): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(Math.min(IO_CHUNK, Math.max(1, entry.size)));
  let done = 0;
  while (done < entry.size) {
    const want = Math.min(buf.length, entry.size - done);
    const n = await readExactly(handle, buf.subarray(0, want), entry.dataOffset + done);
    if (n !== want) throw new AppError('invalid_input', 'backup.entryTruncated', { path: entry.path });
    const chunk = buf.subarray(0, n);
    hash.update(chunk);
    if (sink) await sink(chunk);
    done += n;
  }
  return hash.digest('hex');
}

/** Appends tar entries to a file through positional writes, so a refused entry can be taken back. */
export class TarWriter {
  position = 0;
  constructor(private readonly handle: FileHandle) {}

  async write(data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, this.position + done);
      done += bytesWritten;
    }
    this.position += data.length;
  }

  /**
   * Writes one entry whose content comes from `read` (a file on disk). Returns the SHA-256 of what was
   * written and the byte count; when the source does not give exactly `size` bytes the entry is taken
   * back (the file truncated to where it began) and null is returned.
   */
  async addFile(path: string, size: number, mtimeSeconds: number, source: FileHandle): Promise<{ sha256: string } | null> {
    const start = this.position;
    await this.write(tarHeader(path, size, mtimeSeconds));
    const hash = createHash('sha256');
    const buf = Buffer.alloc(Math.min(IO_CHUNK, Math.max(1, size)));
    let done = 0;
    while (done < size) {
      const { bytesRead } = await source.read(buf, 0, Math.min(buf.length, size - done), done);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      await this.write(chunk);
      done += bytesRead;
    }
    // A file that grew or shrank while being copied is not a faithful copy.
    const extra = Buffer.alloc(1);
    if (done !== size || (await source.read(extra, 0, 1, size)).bytesRead !== 0) {
      await this.takeBack(start);
      return null;
    }
    await this.write(Buffer.alloc(padding(size)));
    return { sha256: hash.digest('hex') };
  }

  async addBuffer(path: string, data: Buffer, mtimeSeconds: number): Promise<void> {
    await this.write(tarHeader(path, data.length, mtimeSeconds));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
  }

  async takeBack(start: number): Promise<void> {
    await this.handle.truncate(start);
    this.position = start;
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
  }
}
