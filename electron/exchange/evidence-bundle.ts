// The evidence bundle (.parevd): the campaign's evidence files travelling beside the campaign package.
// A POSIX tar made with the backup container (no size limit, streamed, no Zip64 problem): one entry
// `evidence/<2 hex>/<sha256>` per file, then manifest.json naming the campaign and each entry's size
// and SHA-256. It carries no signature of its own: the reader accepts only files whose hash a link of
// a verified campaign package names (see EvidenceExchangeService), so nothing else can get in.

import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { hashEntry, listTar, readExactly, TarWriter, type TarEntry } from '../backup/container.js';
import { syncFolder } from '../backup/archive.js';

export const EVIDENCE_BUNDLE_FORMAT = 'par-evidence-bundle';
export const EVIDENCE_BUNDLE_VERSION = 1;
export const EVIDENCE_BUNDLE_EXTENSION = '.parevd';
/** Where the app writes bundles it exports (<data>/bundles), for the renderer to download by name. */
export const BUNDLES_FOLDER = 'bundles';
/** The names the app gives its bundles: only these are served for download. */
export const BUNDLE_NAME = /^tai-lieu-kiem-chung-\d{4}-[A-Za-z0-9_-]{1,60}\.parevd$/;
const MANIFEST_PATH = 'manifest.json';
const BLOB_ENTRY = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const NOUN = 'gói tài liệu kiểm chứng';

const manifestSchema = z.object({
  format: z.literal(EVIDENCE_BUNDLE_FORMAT),
  formatVersion: z.number().int(),
  campaignUid: z.string().min(1).max(100),
  campaignName: z.string().max(500),
  /** The member the bundle was made for, or null: everybody's units. */
  forMember: z.string().max(100).nullable(),
  createdAt: z.string().max(40),
  entries: z.array(z.object({ path: z.string().max(200), size: z.number().int().min(1), sha256: z.string().regex(SHA256_HEX) })).max(1_000_000),
});
export type EvidenceBundleManifest = z.infer<typeof manifestSchema>;

export interface BundleBlob {
  sha256: string;
  size: number;
  /** Where the blob is on disk (the store). */
  path: string;
}

export interface WrittenBundle {
  path: string;
  size: number;
  files: number;
  bytes: number;
  /** Blobs left out because the store lacks them or their content no longer matches their hash. */
  missing: string[];
  damaged: string[];
}

export const blobEntryPath = (sha256: string): string => `evidence/${sha256.slice(0, 2)}/${sha256}`;

/**
 * Writes the bundle to a temp file beside `out`, fsyncs it and renames it into place. A blob that is
 * missing or whose bytes no longer hash to its name is left out (a bundle never carries damage).
 */
export async function writeEvidenceBundle(options: {
  out: string;
  campaignUid: string;
  campaignName: string;
  forMember: string | null;
  blobs: readonly BundleBlob[];
  now?: Date;
  /** After each file: bytes done of total, files done of total. */
  onProgress?: (done: number, total: number, file: number, files: number) => void;
  /** Aborting stops between files: the part file is removed and AppError('cancelled') thrown. */
  signal?: AbortSignal;
  /** The temp file's name, when the caller must be able to remove it itself (a job's worker may be killed). */
  part?: string;
}): Promise<WrittenBundle> {
  const createdAt = (options.now ?? new Date()).toISOString();
  const mtime = Date.parse(createdAt) / 1000;
  const part = options.part ?? `${options.out}.${randomBytes(8).toString('hex')}.part`;
  const stopIfCancelled = () => {
    if (options.signal?.aborted) throw new AppError('cancelled', 'job.cancelled');
  };
  const total = options.blobs.reduce((n, b) => n + b.size, 0);
  let done = 0;
  const missing: string[] = [];
  const damaged: string[] = [];
  const entries: EvidenceBundleManifest['entries'] = [];
  let handle: FileHandle | null = null;
  try {
    handle = await open(part, 'wx');
    const tar = new TarWriter(handle);
    let file = 0;
    for (const blob of options.blobs) {
      stopIfCancelled();
      file++;
      let source: FileHandle;
      try {
        source = await open(blob.path, 'r');
      } catch {
        missing.push(blob.sha256);
        continue;
      }
      try {
        const start = tar.position;
        const written = await tar.addFile(blobEntryPath(blob.sha256), blob.size, mtime, source);
        if (written === null) damaged.push(blob.sha256);
        else if (written.sha256 !== blob.sha256) {
          await tar.takeBack(start);
          damaged.push(blob.sha256);
        } else entries.push({ path: blobEntryPath(blob.sha256), size: blob.size, sha256: blob.sha256 });
      } finally {
        await source.close();
      }
      done += blob.size;
      options.onProgress?.(done, total, file, options.blobs.length);
    }
    stopIfCancelled();
    const manifest: EvidenceBundleManifest = {
      format: EVIDENCE_BUNDLE_FORMAT, formatVersion: EVIDENCE_BUNDLE_VERSION, campaignUid: options.campaignUid, campaignName: options.campaignName,
      forMember: options.forMember, createdAt, entries,
    };
    await tar.addBuffer(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest, null, 2)), mtime);
    await tar.finish();
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(part, options.out);
    await syncFolder(dirname(options.out));
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await rm(part, { force: true });
    throw error;
  }
  return { path: options.out, size: (await stat(options.out)).size, files: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0), missing, damaged };
}

export interface OpenedBundle {
  manifest: EvidenceBundleManifest;
  /** The blob entries, in file order, with their hash taken from the name. */
  blobs: Array<TarEntry & { sha256: string }>;
  handle: FileHandle;
  close(): Promise<void>;
}

const refuse = (label: string, detail: string): AppError =>
  new AppError('import_invalid', 'evidenceBundle.refused', { label, detail }, [{ sheet: label, row: null, column: null, message: detail }]);

/**
 * Opens a bundle and checks its layout (headers only, no data read besides the manifest): a valid tar,
 * only `evidence/<2 hex>/<sha256>` entries whose prefix matches, no duplicate, and a manifest that names
 * exactly those entries with the same sizes. Hashes are checked later, while the data streams.
 */
export async function openEvidenceBundle(path: string, label: string): Promise<OpenedBundle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new AppError('not_found', 'file.cannotOpen', { label, path });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse(label, 'đây không phải là một tệp thông thường');
    const entries = await listTar(handle, info.size, label, NOUN);
    const last = entries[entries.length - 1];
    if (!last || last.path !== MANIFEST_PATH) throw refuse(label, 'thiếu phần kê khai (manifest.json) ở cuối gói — không phải gói do ứng dụng tạo hoặc gói bị cắt cụt');
    if (last.size > MAX_MANIFEST_BYTES) throw refuse(label, 'phần kê khai quá lớn');
    const bytes = Buffer.alloc(last.size);
    await readExactly(handle, bytes, last.dataOffset);
    let manifest: EvidenceBundleManifest;
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.path.join('.') ?? '');
      manifest = parsed.data;
    } catch {
      throw refuse(label, 'phần kê khai không đúng định dạng của gói tài liệu kiểm chứng');
    }
    if (manifest.formatVersion > EVIDENCE_BUNDLE_VERSION) throw refuse(label, 'gói được tạo bởi phiên bản ứng dụng mới hơn; hãy cập nhật ứng dụng');
    const declared = new Map(manifest.entries.map((e) => [e.path, e]));
    if (declared.size !== manifest.entries.length) throw refuse(label, 'phần kê khai ghi trùng một mục');
    const blobs: OpenedBundle['blobs'] = [];
    const seen = new Set<string>();
    for (const entry of entries.slice(0, -1)) {
      const m = BLOB_ENTRY.exec(entry.path);
      if (!m || m[2]!.slice(0, 2) !== m[1]) throw refuse(label, `có mục "${entry.path}" nằm ngoài bố cục evidence/<2 ký tự>/<mã băm> (có thể là đường dẫn độc hại)`);
      if (seen.has(entry.path)) throw refuse(label, `mục "${entry.path}" xuất hiện hai lần`);
      seen.add(entry.path);
      const d = declared.get(entry.path);
      if (!d || d.size !== entry.size || d.sha256 !== m[2]) throw refuse(label, `mục "${entry.path}" không khớp với phần kê khai`);
      blobs.push({ ...entry, sha256: m[2]! });
    }
    if (seen.size !== declared.size) throw refuse(label, 'phần kê khai ghi những tệp không có trong gói (gói bị cắt cụt hoặc bị sửa)');
    return { manifest, blobs, handle, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Streams one entry through `sink` and returns its SHA-256 (a short read is refused as truncation). */
export async function streamEntry(bundle: OpenedBundle, entry: TarEntry, label: string, sink: ((chunk: Buffer) => Promise<void>) | null): Promise<string> {
  try {
    return await hashEntry(bundle.handle, entry, sink);
  } catch (error) {
    if (error instanceof AppError && error.code !== 'cancelled') throw refuse(label, `mục "${entry.path}" bị cắt cụt`);
    throw error;
  }
}
