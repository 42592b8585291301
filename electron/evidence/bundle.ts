// Reads a unit's evidence bundle — a folder or a .zip laid out <criterion code>/<files> — and checks
// every entry before a single byte is stored: names that escape the folder, device names, control
// characters, links, encryption, sizes, zip bombs. Reading an entry later counts the bytes actually
// produced, because a zip's declared sizes may lie.

import { constants, type Dirent } from 'node:fs';
import { lstat, open as openFile, opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../shared/errors.js';
import { formatBytes, type EvidenceLimits } from './limits.js';
import { cleanFileName, displayName, entryPathProblem } from './names.js';
import { IO_CHUNK } from './store.js';

/** What a folder name means in the campaign's criteria tree. */
export type CriterionClass = { kind: 'leaf'; code: string } | { kind: 'branch'; code: string; exampleLeaf: string | null } | { kind: 'unknown' };

export interface BundleFile {
  /** The entry's path in the bundle, as the user sees it (NFC). */
  entryName: string;
  criterionCode: string;
  fileName: string;
  /** Declared size: the stream from `open` yields exactly this many bytes or fails. */
  size: number;
  open(): Promise<Readable>;
}

export interface BundlePlan {
  files: BundleFile[];
  /** System clutter left out (.DS_Store, __MACOSX/, Thumbs.db…). */
  skipped: string[];
  /** Every reason to refuse, each naming its entry; empty when the bundle may be imported. */
  problems: string[];
  close(): Promise<void>;
}

interface RawEntry {
  name: string;
  isDir: boolean;
  size: number;
  problems: string[];
  open: () => Promise<Readable>;
}

interface RawListing {
  entries: RawEntry[];
  problems: string[];
  close: () => Promise<void>;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const MAX_LISTED_PROBLEMS = 50;
const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

export const entryLine = (name: string, reason: string): string => `Mục "${displayName(name)}": ${reason}.`;

/** Opens a folder or a .zip (by content, not by name) and plans its import. */
export async function openBundle(path: string, limits: EvidenceLimits, classify: (folder: string) => CriterionClass): Promise<BundlePlan> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new AppError('not_found', 'evidenceBundle.sourceNotFound', { path });
  }
  let listing: RawListing;
  if (info.isDirectory()) listing = await readFolder(path, limits);
  else if (info.isFile() && (await looksLikeZip(path))) listing = await readZip(path, info.size, limits);
  else throw new AppError('invalid_input', 'evidenceBundle.sourceNotZipOrFolder', { path });
  try {
    return { ...plan(listing, limits, classify), close: listing.close };
  } catch (error) {
    await listing.close();
    throw error;
  }
}

async function looksLikeZip(path: string): Promise<boolean> {
  const handle = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    // A local file header, or the end record of an empty archive.
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  } finally {
    await handle.close();
  }
}

/** Applies the layout rules to a listing whose entries were read without trusting any of them. */
function plan(listing: RawListing, limits: EvidenceLimits, classify: (folder: string) => CriterionClass): Omit<BundlePlan, 'close'> {
  const problems = [...listing.problems];
  const skipped: string[] = [];
  const kept: RawEntry[] = [];
  for (const e of listing.entries) {
    const pathProblem = entryPathProblem(e.name);
    if (pathProblem) {
      problems.push(entryLine(e.name, pathProblem));
      continue;
    }
    const segments = e.name.replace(/\/$/, '').split('/');
    const last = segments[segments.length - 1]!;
    if (segments[0] === '__MACOSX' || (!e.isDir && (JUNK_FILES.has(last.toLowerCase()) || last.startsWith('._')))) {
      if (!e.isDir) skipped.push(e.name);
      continue;
    }
    if (e.problems.length > 0) {
      problems.push(...e.problems.map((p) => entryLine(e.name, p)));
      continue;
    }
    kept.push(e);
  }

  // A bundle zipped with its own folder around it ("Hồ sơ/1.1.1/a.pdf") is read as if that folder were the root.
  const files = kept.filter((e) => !e.isDir);
  const first = (name: string) => name.split('/')[0]!;
  const wrapper = files.length > 0 && files.every((f) => f.name.split('/').length >= 3 && first(f.name) === first(files[0]!.name))
    && classify(first(files[0]!.name)).kind === 'unknown' ? `${first(files[0]!.name)}/` : '';

  const out: BundleFile[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  for (const e of files) {
    const inner = wrapper && e.name.startsWith(wrapper) ? e.name.slice(wrapper.length) : e.name;
    const segments = inner.split('/');
    if (segments.length === 1) {
      problems.push(entryLine(e.name, 'tệp nằm ngoài các thư mục mã tiêu chí; hãy đặt nó vào thư mục mang mã tiêu chí thành phần (ví dụ "1.1.1/")'));
      continue;
    }
    if (segments.length > 2) {
      problems.push(entryLine(e.name, `tệp nằm trong thư mục con của "${segments[0]}"; chỉ đặt tệp ngay trong thư mục mang mã tiêu chí`));
      continue;
    }
    const [folder, rawName] = segments as [string, string];
    // Kept and shown without its invisible characters, so a right-to-left override cannot disguise it.
    const fileName = cleanFileName(rawName);
    if (fileName === '') {
      problems.push(entryLine(e.name, 'tên tệp chỉ gồm ký tự vô hình'));
      continue;
    }
    const c = classify(folder);
    if (c.kind === 'unknown') {
      problems.push(entryLine(e.name, `thư mục "${folder}" không trùng mã tiêu chí nào của đợt đánh giá`));
      continue;
    }
    if (c.kind === 'branch') {
      const hint = c.exampleLeaf ? ` (ví dụ "${c.exampleLeaf}")` : '';
      problems.push(entryLine(e.name, `"${c.code}" là tiêu chí có tiêu chí con; chỉ đính kèm ở tiêu chí thành phần${hint}`));
      continue;
    }
    if (e.size === 0) {
      problems.push(entryLine(e.name, 'tệp rỗng (0 byte)'));
      continue;
    }
    if (e.size > limits.maxFileBytes) {
      problems.push(entryLine(e.name, `tệp ${formatBytes(e.size)} lớn hơn giới hạn ${formatBytes(limits.maxFileBytes)} cho mỗi tệp`));
      continue;
    }
    const key = `${c.code}/${fileName.toLowerCase()}`;
    const clash = seen.get(key);
    if (clash !== undefined) {
      problems.push(entryLine(e.name, `trùng tên với mục "${displayName(clash)}" (Windows không phân biệt chữ hoa, chữ thường)`));
      continue;
    }
    seen.set(key, e.name);
    total += e.size;
    out.push({ entryName: e.name, criterionCode: c.code, fileName, size: e.size, open: e.open });
  }
  if (total > limits.maxBundleBytes) {
    problems.push(`Tổng dung lượng các tệp trong gói (${formatBytes(total)}) vượt giới hạn ${formatBytes(limits.maxBundleBytes)} cho một lần nhập; hãy chia gói thành nhiều phần.`);
  }
  if (problems.length === 0 && out.length === 0) {
    problems.push('Gói không có tệp nào nằm trong thư mục mang mã tiêu chí thành phần (bố cục cần có: <mã tiêu chí>/<các tệp>).');
  }
  if (problems.length > MAX_LISTED_PROBLEMS) {
    const more = problems.length - MAX_LISTED_PROBLEMS;
    problems.splice(MAX_LISTED_PROBLEMS, more, `… và ${more} lỗi khác.`);
  }
  return { files: out, skipped, problems };
}

// ── Folders ────────────────────────────────────────────────────────────────────────────────────

async function readFolder(root: string, limits: EvidenceLimits): Promise<RawListing> {
  const entries: RawEntry[] = [];
  const problems: string[] = [];
  let count = 0;
  let over = false;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const handle = await opendir(dir);
    const dirents: Dirent[] = [];
    for await (const d of handle) dirents.push(d);
    dirents.sort((a, b) => a.name.localeCompare(b.name));
    for (const d of dirents) {
      if (over) return;
      if (++count > limits.maxBundleEntries) {
        over = true;
        problems.push(`Thư mục có hơn ${limits.maxBundleEntries} mục: quá nhiều cho một lần nhập; hãy chia thành nhiều gói.`);
        return;
      }
      const full = join(dir, d.name);
      const name = `${prefix}${d.name.normalize('NFC')}`;
      const s = await lstat(full);
      if (s.isSymbolicLink()) {
        entries.push({ name, isDir: false, size: 0, problems: ['là liên kết tượng trưng (symlink/shortcut); hãy chép chính tệp vào gói'], open: refuseOpen });
      } else if (s.isDirectory()) {
        entries.push({ name: `${name}/`, isDir: true, size: 0, problems: [], open: refuseOpen });
        // A name that must be refused is not descended into: its contents would only repeat the problem.
        if (entryPathProblem(`${name}/`) === null) await walk(full, `${name}/`);
      } else if (s.isFile()) {
        const size = s.size;
        entries.push({
          name, isDir: false, size, problems: [],
          open: async () => {
            const handle = await openFile(full, constants.O_RDONLY | NO_FOLLOW);
            return guarded(handle.createReadStream({ highWaterMark: IO_CHUNK }), name, size, null, 'tệp đã thay đổi trong khi nhập; hãy nhập lại');
          },
        });
      } else {
        entries.push({ name, isDir: false, size: 0, problems: ['không phải tệp thông thường (thiết bị, pipe hoặc socket)'], open: refuseOpen });
      }
    }
  };
  await walk(root, '');
  return { entries, problems, close: async () => {} };
}

const refuseOpen = (): Promise<Readable> => Promise.reject(new AppError('internal', 'evidenceBundle.entryNotReadable'));

// ── Zip files ──────────────────────────────────────────────────────────────────────────────────

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Code page 437, the zip format's default for names without the UTF-8 flag (bytes 0x80–0xFF). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeCp437(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return out;
}

/** The entry's name as its writer meant it: the Unicode Path extra field, the UTF-8 flag, else UTF-8 if valid, else CP437. */
function decodeZipName(entry: Entry): { name: string; problem: string | null } {
  const raw = entry.fileNameRaw;
  const unicode = entry.extraFields.find(
    (f) => f.id === 0x7075 && f.data.length >= 6 && f.data[0] === 1 && f.data.readUInt32LE(1) === crc32(raw),
  );
  const bytes = unicode ? unicode.data.subarray(5) : raw;
  const flagged = unicode !== undefined || (entry.generalPurposeBitFlag & 0x800) !== 0;
  try {
    return { name: utf8.decode(bytes).normalize('NFC'), problem: null };
  } catch {
    if (flagged) return { name: raw.toString('latin1'), problem: 'tên không phải UTF-8 hợp lệ dù tệp .zip khai báo là UTF-8' };
    return { name: decodeCp437(raw).normalize('NFC'), problem: null };
  }
}

function zipEntryProblems(entry: Entry, zipSize: number, limits: EvidenceLimits): string[] {
  const problems: string[] = [];
  const mode = entry.externalFileAttributes >>> 16;
  const type = mode & 0o170000;
  if (type === 0o120000) problems.push('là liên kết tượng trưng (symlink); hãy nén chính tệp chứ không phải liên kết');
  else if (type !== 0 && type !== 0o100000 && type !== 0o040000) problems.push('không phải tệp thông thường (thiết bị, pipe hoặc socket)');
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) problems.push('được mã hóa (đặt mật khẩu); hãy nén lại không đặt mật khẩu');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    problems.push(`nén bằng phương thức không hỗ trợ (mã ${entry.compressionMethod}); hãy nén lại theo chuẩn ZIP thông thường (Deflate)`);
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
    problems.push('kích thước khai báo không khớp nhau (tệp .zip bị hỏng)');
  }
  if (entry.relativeOffsetOfLocalHeader + 30 + entry.compressedSize > zipSize) {
    problems.push('dữ liệu vượt ra ngoài tệp .zip (tệp bị hỏng hoặc bị cắt cụt)');
  }
  const u = entry.uncompressedSize;
  if (u > limits.ratioFloorBytes && u > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
    const ratio = Math.round(u / Math.max(1, entry.compressedSize));
    problems.push(`tỉ lệ nén bất thường (${ratio} lần, giới hạn ${limits.maxCompressionRatio} lần) — dấu hiệu của bom nén`);
  }
  return problems;
}

async function readZip(path: string, zipSize: number, limits: EvidenceLimits): Promise<RawListing> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: false });
  } catch (error) {
    throw new AppError('import_invalid', 'evidenceBundle.zipUnreadable', { detail: errorText(error) });
  }
  const close = async () => {
    if (zip.isOpen) zip.close();
  };
  if (zip.entryCount > limits.maxBundleEntries) {
    return {
      entries: [],
      problems: [`Tệp .zip có ${zip.entryCount} mục, vượt giới hạn ${limits.maxBundleEntries} mục cho một lần nhập — có thể là bom nén; hãy chia thành nhiều gói.`],
      close,
    };
  }
  let raw: Entry[];
  try {
    raw = await new Promise<Entry[]>((resolve, reject) => {
      const list: Entry[] = [];
      zip.on('entry', (e: Entry) => {
        list.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (error: unknown) => {
        const text = errorText(error);
        reject(/encryption/i.test(text)
          ? new AppError('import_invalid', 'evidenceBundle.zipEncrypted', { index: list.length + 1 })
          : new AppError('import_invalid', 'evidenceBundle.zipDamagedAt', { index: list.length + 1, detail: text }));
      });
      zip.readEntry();
    });
  } catch (error) {
    await close();
    throw error;
  }

  const entries: RawEntry[] = raw.map((entry) => {
    const { name, problem } = decodeZipName(entry);
    const isDir = name.endsWith('/');
    const problems = problem ? [problem] : [];
    if (!isDir) problems.push(...zipEntryProblems(entry, zipSize, limits));
    return { name, isDir, size: entry.uncompressedSize, problems, open: () => openZipEntry(zip, entry, name) };
  });

  // Entries whose data overlap are the "overlapping files" zip bomb: one small stream counted many times.
  const files = raw.map((entry, i) => ({ entry, i })).filter(({ i }) => !entries[i]!.isDir);
  files.sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  for (let k = 1; k < files.length; k++) {
    const prev = files[k - 1]!;
    const cur = files[k]!;
    if (prev.entry.relativeOffsetOfLocalHeader + 30 + prev.entry.compressedSize > cur.entry.relativeOffsetOfLocalHeader) {
      entries[cur.i]!.problems.push(`dữ liệu chồng lên mục "${displayName(entries[prev.i]!.name)}" — dấu hiệu của bom nén chồng lấp`);
    }
  }
  return { entries, problems: [], close };
}

function openZipEntry(zip: ZipFile, entry: Entry, name: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        reject(new AppError('import_invalid', 'evidenceBundle.entryDamaged', { name: displayName(name), detail: errorText(error) }));
        return;
      }
      resolve(guarded(stream, name, entry.uncompressedSize, entry.crc32, 'tệp .zip bị hỏng'));
    });
  });
}

/**
 * Passes an entry's bytes through, counting them: more than declared stops at once (a bomb that
 * lies about its size never gets further than its claim); fewer, or a wrong CRC, fails at the end.
 */
function guard(name: string, declared: number, expectedCrc: number | null, shortReason: string): Transform {
  let count = 0;
  let crc = 0;
  return new Transform({
    highWaterMark: IO_CHUNK,
    transform(chunk: Buffer, _encoding, callback) {
      count += chunk.length;
      if (count > declared) {
        callback(new AppError('import_invalid', 'evidenceBundle.entryZipBomb', { name: displayName(name), declared: formatBytes(declared) }));
        return;
      }
      if (expectedCrc !== null) crc = crc32(chunk, crc);
      callback(null, chunk);
    },
    flush(callback) {
      if (count < declared) {
        callback(new AppError('import_invalid', 'evidenceBundle.entryShort', { name: displayName(name), count, declared, reason: shortReason }));
      } else if (expectedCrc !== null && crc >>> 0 !== expectedCrc >>> 0) {
        callback(new AppError('import_invalid', 'evidenceBundle.entryCrc', { name: displayName(name) }));
      } else {
        callback();
      }
    },
  });
}

/** The source piped through its guard, errors included both ways: a failing source fails the guard
 * (with a message naming the entry), a guard destroyed by its reader stops the source. */
function guarded(source: Readable, name: string, declared: number, expectedCrc: number | null, shortReason: string): Readable {
  const g = guard(name, declared, expectedCrc, shortReason);
  source.once('error', (error: unknown) => {
    g.destroy(error instanceof AppError ? error : new AppError('import_invalid', 'evidenceBundle.entryUnreadable', { name: displayName(name), detail: errorText(error) }));
  });
  g.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  return source.pipe(g);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
