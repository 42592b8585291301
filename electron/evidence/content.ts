// Which files may be evidence at all: documents and images, judged by their content, never by their
// name. A program renamed "Quyết định.pdf" is still a program, and a member who opens evidence from
// another agency must never be handed one. Allowed: PDF, images (PNG, JPEG, GIF, WEBP, TIFF, BMP),
// Office (OOXML without macros, legacy OLE), OpenDocument, RTF, plain text and CSV (by their name and a
// text-only content), and a .zip whose every entry is one of those.

import { open as openFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../shared/errors.js';
import { sniff } from './media.js';
import { displayName } from './names.js';

/** Leading bytes read to judge a file (and each entry of a .zip). */
export const CONTENT_HEAD_BYTES = 4096;
/** A document inside a .zip that is itself a zip (a .docx) is read into memory to check it, up to this size. */
const MAX_NESTED_ZIP_BYTES = 64 * 1024 * 1024;
/** Entries of one .zip looked at, at most (the bundle importer has its own, larger, limits). */
const MAX_ZIP_ENTRIES = 10_000;

export const ALLOWED_KINDS_TEXT =
  'Chỉ nhận tài liệu và hình ảnh: PDF, Word/Excel/PowerPoint, OpenDocument, RTF, ảnh (PNG, JPEG, GIF, WEBP, TIFF, BMP), văn bản .txt/.csv và tệp .zip chỉ chứa các loại đó.';

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const TEXT_EXTENSIONS = new Set(['.txt', '.csv']);

/** What the first bytes say: allowed outright, a zip to look inside, or refused (with why). */
type HeadVerdict = { kind: 'allowed' } | { kind: 'zip' } | { kind: 'refused'; reason: string };

/** Known executable and script formats, named so the refusal says what the file really is. */
function executableKind(head: Uint8Array): string | null {
  if (startsWith(head, ascii('MZ'))) return 'chương trình chạy được của Windows (.exe, .dll, .scr…)';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'chương trình chạy được của Linux (ELF)';
  for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]]) {
    if (startsWith(head, magic)) return 'chương trình chạy được của macOS (Mach-O) hoặc lớp Java';
  }
  if (startsWith(head, ascii('#!'))) return 'tập lệnh (script)';
  return null;
}

/** True when the bytes are text a person wrote: valid UTF-8 (a cut-off last character allowed), no control bytes but tab and line ends. */
function looksLikeText(head: Uint8Array): boolean {
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
    if (b === 0x7f) return false;
  }
  let end = head.length;
  // Drop an incomplete UTF-8 sequence at the end of the sample.
  for (let i = Math.max(0, head.length - 3); i < head.length; i++) {
    const b = head[i]!;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > 1 && i + need > head.length) {
      end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

function judgeHead(head: Uint8Array, fileName: string): HeadVerdict {
  const program = executableKind(head);
  if (program) return { kind: 'refused', reason: `nội dung là ${program}, không phải tài liệu hay hình ảnh` };
  if (sniff(head) !== null) return { kind: 'allowed' };
  if (startsWith(head, ascii('II*\0')) || startsWith(head, ascii('MM\0*'))) return { kind: 'allowed' };
  if (startsWith(head, ascii('BM')) && head.length >= 14) return { kind: 'allowed' };
  if (startsWith(head, OLE)) return { kind: 'allowed' };
  if (startsWith(head, ascii('{\\rtf'))) return { kind: 'allowed' };
  if (startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP)) return { kind: 'zip' };
  if (TEXT_EXTENSIONS.has(extname(fileName).toLowerCase()) && looksLikeText(startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head)) {
    return { kind: 'allowed' };
  }
  return { kind: 'refused', reason: 'nội dung không phải loại tài liệu hay hình ảnh được nhận' };
}

function refusal(fileName: string, reason: string): AppError {
  return new AppError('invalid_input', 'evidence.kindRefused', { fileName: displayName(fileName), reason, allowed: ALLOWED_KINDS_TEXT });
}

/**
 * Refuses a file that is not an allowed document or image. `head` is its first bytes (at least
 * CONTENT_HEAD_BYTES, or the whole file when shorter); `path` is read only when the file is a zip.
 */
export async function checkEvidenceContent(path: string, fileName: string, head: Uint8Array): Promise<void> {
  const verdict = judgeHead(head, fileName);
  if (verdict.kind === 'refused') throw refusal(fileName, verdict.reason);
  if (verdict.kind === 'allowed') return;
  const problem = await zipProblem(() => yauzl.openPromise(path, ZIP_OPTIONS), 0);
  if (problem) throw refusal(fileName, problem);
}

/** The same check for a file on disk whose first bytes are not at hand (a staged bundle entry). */
export async function checkEvidenceFile(path: string, fileName: string): Promise<void> {
  const handle = await openFile(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(CONTENT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CONTENT_HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  await checkEvidenceContent(path, fileName, head);
}

const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false } as const;

/**
 * Why a zip is no acceptable evidence, or null. An Office Open XML file (it has [Content_Types].xml)
 * passes unless it carries macros; an OpenDocument file passes by its mimetype entry; any other zip
 * passes only when every entry is itself allowed (a document in it that is a zip is opened once more).
 */
async function zipProblem(open: () => Promise<ZipFile>, depth: number): Promise<string | null> {
  let zip: ZipFile;
  try {
    zip = await open();
  } catch {
    return 'tệp .zip bị hỏng hoặc không đọc được';
  }
  try {
    const entries = await listEntries(zip);
    if (entries === null) return `tệp .zip có hơn ${MAX_ZIP_ENTRIES} mục`;
    const names = new Set(entries.map((e) => e.fileName));
    if (names.has('[Content_Types].xml')) {
      const macros = entries.find((e) => /(^|\/)vbaProject\.bin$/i.test(e.fileName) || /(^|\/)activeX\//i.test(e.fileName));
      return macros ? 'tệp Office có chứa macro hoặc ActiveX (mã chạy được); hãy lưu lại thành tệp không có macro (.docx, .xlsx, .pptx)' : null;
    }
    const mimetype = entries.find((e) => e.fileName === 'mimetype');
    if (mimetype) {
      const kind = Buffer.from(await readHead(zip, mimetype, 100)).toString('latin1');
      if (kind.startsWith('application/vnd.oasis.opendocument.')) return null;
    }
    // Inside a .zip, only an Office or OpenDocument file may itself be a zip: an archive in an archive is not looked through.
    if (depth > 0) return 'là một tệp nén nằm trong tệp nén; hãy giải nén nó ra';
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const head = await readHead(zip, entry, CONTENT_HEAD_BYTES);
      const verdict = judgeHead(head, entry.fileName);
      if (verdict.kind === 'refused') return `mục "${displayName(entry.fileName)}" trong tệp .zip: ${verdict.reason}`;
      if (verdict.kind === 'zip') {
        if (depth > 0 || entry.uncompressedSize > MAX_NESTED_ZIP_BYTES) return `mục "${displayName(entry.fileName)}" trong tệp .zip lại là một tệp nén; hãy giải nén nó ra`;
        const bytes = await readHead(zip, entry, MAX_NESTED_ZIP_BYTES);
        const inner = await zipProblem(() => yauzl.fromBufferPromise(Buffer.from(bytes), ZIP_OPTIONS), depth + 1);
        if (inner) return `mục "${displayName(entry.fileName)}" trong tệp .zip: ${inner}`;
      }
    }
    return null;
  } catch (error) {
    return `tệp .zip bị hỏng hoặc không đọc được (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    zip.close();
  }
}

function listEntries(zip: ZipFile): Promise<Entry[] | null> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > MAX_ZIP_ENTRIES) {
        resolve(null);
        return;
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** The first `max` bytes of one entry (the rest is never inflated). */
function readHead(zip: ZipFile, entry: Entry, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream?: Readable) => {
      if (error || !stream) {
        reject(error ?? new Error('no stream'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        resolve(Buffer.concat(chunks).subarray(0, max));
      };
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= max) {
          finish();
          stream.destroy();
        }
      });
      stream.once('end', finish);
      stream.once('error', (e) => {
        if (!settled) {
          settled = true;
          reject(e);
        }
      });
    });
  });
}
