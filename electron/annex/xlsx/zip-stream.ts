// Zips a workbook's parts as they are produced, so no part (a 3,000-row sheet, a sheet per unit) is held
// whole: each part is a sequence of XML pieces of a few hundred rows, deflated as it comes. The same entries
// go either into one Buffer (callers that need the bytes, such as signing) or to a file on disk.

import { open, rename, rm } from 'node:fs/promises';
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { AppError } from '../../../shared/errors.js';

/** One zip entry: its path, and its text in pieces, produced only when the entry is written. */
export interface ZipEntry {
  path: string;
  pieces: () => Iterable<string>;
}

/** Fixed time for every entry, so the same workbook zips to the same bytes in memory and on disk. */
interface ZipOptions {
  mtime: Date;
  level: 3;
}

function feed(zip: Zip, entry: ZipEntry, o: ZipOptions): Iterable<void> {
  const file = new ZipDeflate(entry.path, { level: o.level });
  file.mtime = o.mtime;
  zip.add(file);
  return (function* () {
    for (const piece of entry.pieces()) {
      if (piece.length > 0) file.push(strToU8(piece));
      yield;
    }
    file.push(new Uint8Array(0), true);
  })();
}

/** The whole zip in memory. */
export function zipToBuffer(entries: Iterable<ZipEntry>, mtime: Date): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    chunks.push(data);
  });
  for (const entry of entries) for (const _ of feed(zip, entry, { mtime, level: 3 })) void _;
  zip.end();
  return Buffer.concat(chunks);
}

export const cancelledMessage = 'annex.xlsxCancelled' as const;

/**
 * The zip written to `<outPath>.part`, then renamed to outPath. Compressed output is written after every
 * piece, so memory holds one piece at most; the signal is checked between pieces. On abort or error the
 * part file is removed and nothing is left at outPath.
 */
export async function zipToFile(entries: Iterable<ZipEntry>, outPath: string, mtime: Date, signal?: AbortSignal): Promise<{ bytes: number }> {
  const part = `${outPath}.part`;
  const handle = await open(part, 'w');
  let bytes = 0;
  const pending: Uint8Array[] = [];
  let failure: unknown = null;
  const zip = new Zip((err, data) => {
    if (err) failure ??= err;
    else pending.push(data);
  });
  const drain = async () => {
    if (failure) throw failure;
    while (pending.length > 0) {
      const chunk = pending.shift()!;
      await handle.write(chunk);
      bytes += chunk.byteLength;
    }
    if (signal?.aborted) throw new AppError('cancelled', cancelledMessage);
  };
  try {
    await drain();
    for (const entry of entries) {
      for (const _ of feed(zip, entry, { mtime, level: 3 })) await drain();
      await drain();
    }
    zip.end();
    await drain();
    await handle.sync();
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(part, { force: true });
    throw e;
  }
  try {
    await rename(part, outPath);
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  }
  return { bytes };
}
