// Opening an .xlsx someone sent us: its size is bounded by what a real workbook can be before
// anything is inflated, every part is inflated by zlib with a hard cap and its CRC checked, and only
// then does SheetJS see the parts (re-packed uncompressed, so SheetJS's own inflater, which never
// returns on some corrupted streams, has nothing to inflate). The used range is recomputed from the
// cells (a stale <dimension> would hide rows), and a formula without a cached value is refused.
// This runs inside the workbook worker (./isolated.ts); nothing here touches the database.

import { crc32, inflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { AppError, type ImportIssue } from '../../shared/errors.js';

const MB = 1024 * 1024;

/**
 * What a real file can be, with a wide margin. The campaign workbook of 3,000 units × 100 criteria
 * the app writes is 17 MB on disk; its largest part (the scores sheet) inflates to 47 MB at a
 * compression ratio of 2.7, and every other part is far smaller.
 */
export const WORKBOOK_LIMITS = {
  /** The .xlsx file itself. */
  fileBytes: 64 * MB,
  /** One worksheet's XML, inflated. */
  sheetBytes: 128 * MB,
  /** Any other part (sharedStrings.xml, styles, drawings…), inflated. */
  partBytes: 64 * MB,
  /** All parts together, inflated. */
  totalBytes: 256 * MB,
  /** Parts in the zip (the explanation list has one sheet per unit: 3,000 sheets, 6,000 parts). */
  entries: 20_000,
  /** Inflated/compressed above this, for a part over 1 MB, is a zip bomb, not XML (real parts: 1–20). */
  ratio: 200,
};

const mb = (bytes: number): string => {
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const value = bytes / MB;
  return `${value >= 10 ? Math.round(value) : value.toFixed(1).replace('.', ',')} MB`;
};

export function unreadable(detail = 'tệp hỏng hoặc không đúng định dạng .xlsx.'): AppError {
  return new AppError('import_invalid', 'workbook.unreadable', {}, [{ sheet: '—', row: null, column: null, message: detail }]);
}

function tooLarge(detail: string): AppError {
  return new AppError('import_invalid', 'workbook.tooLarge', { detail }, [{ sheet: '—', row: null, column: null, message: `tệp quá lớn: ${detail}.` }]);
}

export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory, read without inflating anything. Throws `unreadable` on anything malformed. */
export function listZip(bytes: Uint8Array): ZipPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  // Zip64 is for archives over 4 GB or 65,535 entries: no workbook within the limits needs it.
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) throw unreadable();
  if (count > WORKBOOK_LIMITS.entries) throw tooLarge(`có ${count} phần, vượt giới hạn ${WORKBOOK_LIMITS.entries} phần của một sổ tính`);
  const parts: ZipPart[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) throw unreadable();
    const nameLength = view.getUint16(p + 28, true);
    const next = p + 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    if (next > eocd) throw unreadable();
    parts.push({
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    });
    p = next;
  }
  return parts;
}

const isSheetPart = (name: string): boolean => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);

/**
 * Refuses, from the sizes the zip declares, a file bigger than any real workbook: checked before a
 * single byte is inflated (the parts are then inflated with these sizes as hard caps).
 */
export function checkWorkbookBounds(bytes: Uint8Array): ZipPart[] {
  if (bytes.length > WORKBOOK_LIMITS.fileBytes) throw tooLarge(`tệp có ${mb(bytes.length)}, vượt giới hạn ${mb(WORKBOOK_LIMITS.fileBytes)} của một sổ tính`);
  const parts = listZip(bytes);
  let total = 0;
  for (const part of parts) {
    const limit = isSheetPart(part.name) ? WORKBOOK_LIMITS.sheetBytes : WORKBOOK_LIMITS.partBytes;
    if (part.size > limit) throw tooLarge(`phần ${part.name} giải nén ra ${mb(part.size)}, vượt giới hạn ${mb(limit)}`);
    if (part.size > MB && part.size > WORKBOOK_LIMITS.ratio * Math.max(1, part.compressedSize)) {
      throw tooLarge(`phần ${part.name} nén ${mb(part.compressedSize)} thành ${mb(part.size)} (gấp ${Math.round(part.size / Math.max(1, part.compressedSize))} lần), không phải một sổ tính thật`);
    }
    total += part.size;
    if (total > WORKBOOK_LIMITS.totalBytes) throw tooLarge(`các phần giải nén ra hơn ${mb(WORKBOOK_LIMITS.totalBytes)}, vượt giới hạn của một sổ tính`);
  }
  return parts;
}

/** A part inflated and checked: its bytes and the CRC-32 they were checked against. */
interface CheckedPart {
  name: string;
  data: Uint8Array;
  crc: number;
}

/**
 * The checked parts as an uncompressed zip for SheetJS, written directly: each part's CRC is the one
 * its bytes were just checked against, so nothing is hashed again (a zip library would hash the
 * 50 MB of a 3,000-unit workbook a second time), and the bytes are copied once.
 */
function storedZip(parts: readonly CheckedPart[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = parts.map((p) => encoder.encode(p.name));
  let size = 22;
  parts.forEach((p, i) => {
    size += 30 + 46 + 2 * names[i]!.length + p.data.length;
  });
  if (size > 0xffffffff || parts.length > 0xffff) throw unreadable();
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  // Flags: bit 11, the name is UTF-8. Method 0 (stored), no time, sizes equal.
  parts.forEach((p, i) => {
    const name = names[i]!;
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 10, true);
    view.setUint16(at + 6, 0x800, true);
    view.setUint32(at + 14, p.crc, true);
    view.setUint32(at + 18, p.data.length, true);
    view.setUint32(at + 22, p.data.length, true);
    view.setUint16(at + 26, name.length, true);
    out.set(name, at + 30);
    out.set(p.data, at + 30 + name.length);
    at += 30 + name.length + p.data.length;
  });
  const directory = at;
  parts.forEach((p, i) => {
    const name = names[i]!;
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 10, true);
    view.setUint16(at + 8, 0x800, true);
    view.setUint32(at + 16, p.crc, true);
    view.setUint32(at + 20, p.data.length, true);
    view.setUint32(at + 24, p.data.length, true);
    view.setUint16(at + 28, name.length, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(name, at + 46);
    at += 46 + name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}

/**
 * Every part inflated with its declared size as the cap (a part that inflates to more than it
 * declares is refused as soon as it passes that size) and its CRC checked; then re-packed
 * uncompressed for SheetJS.
 */
function inflateParts(bytes: Uint8Array, parts: ZipPart[]): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: CheckedPart[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part.name.endsWith('/')) continue;
    if (part.flags & 0x1) throw unreadable('tệp có phần được mã hóa (đặt mật khẩu); hãy bỏ mật khẩu rồi nhập lại.');
    if (seen.has(part.name)) throw unreadable(`phần ${part.name} xuất hiện hai lần.`);
    seen.add(part.name);
    const at = part.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw unreadable();
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + part.compressedSize > bytes.length) throw unreadable();
    const body = bytes.subarray(start, start + part.compressedSize);
    let data: Uint8Array;
    if (part.method === 0) data = body;
    else if (part.method === 8) {
      try {
        data = part.size === 0 ? new Uint8Array(0) : inflateRawSync(body, { maxOutputLength: part.size });
      } catch {
        throw unreadable(`phần ${part.name} bị hỏng hoặc giải nén ra nhiều hơn kích thước ghi trong tệp.`);
      }
    } else throw unreadable();
    if (data.length !== part.size || crc32(data) !== part.crc) throw unreadable(`phần ${part.name} bị hỏng (kích thước hoặc mã kiểm tra không khớp).`);
    files.push({ name: part.name, data, crc: part.crc });
  }
  return storedZip(files);
}

/** The used range from the cells themselves: a stale <dimension> tag must not hide rows. */
function recomputeRange(ws: XLSX.WorkSheet): void {
  const dense = (ws as { '!data'?: Array<Array<XLSX.CellObject | undefined> | undefined> })['!data'];
  if (!dense) return;
  let lastRow = -1;
  let lastCol = -1;
  dense.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (!cell || (cell.t === 'z' && cell.f === undefined)) return;
      if (r > lastRow) lastRow = r;
      if (c > lastCol) lastCol = c;
    });
  });
  if (lastRow < 0) delete ws['!ref'];
  else ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: lastRow, c: lastCol } });
}

const MAX_FORMULA_ISSUES = 50;

/** A formula whose value the file does not store would read as a blank: the user recalculates in Excel first. */
function uncachedFormulas(wb: XLSX.WorkBook): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const name of wb.SheetNames) {
    const dense = (wb.Sheets[name] as { '!data'?: Array<Array<XLSX.CellObject | undefined> | undefined> } | undefined)?.['!data'];
    dense?.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell || cell.f === undefined || (cell.t !== 'z' && cell.v !== undefined)) return;
        if (issues.length < MAX_FORMULA_ISSUES) {
          issues.push({ sheet: name, row: r + 1, column: XLSX.utils.encode_col(c), message: 'ô có công thức nhưng không có giá trị đã tính — hãy mở tệp bằng Excel, lưu lại rồi nhập lại.' });
        }
      });
    });
  }
  return issues;
}

export function readWorkbookFile(buffer: Uint8Array): XLSX.WorkBook {
  const parts = checkWorkbookBounds(buffer);
  const unpacked = inflateParts(buffer, parts);
  let wb: XLSX.WorkBook;
  try {
    // Formulas are never evaluated: only the values the file stores are read. Their text and the
    // empty cells (stubs) are kept only to tell a formula without a stored value from a blank.
    wb = XLSX.read(unpacked, { type: 'buffer', dense: true, nodim: true, sheetStubs: true, cellText: false, cellNF: true, cellFormula: true, cellHTML: false, cellStyles: false });
  } catch {
    throw unreadable();
  }
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (ws) recomputeRange(ws);
  }
  const formulas = uncachedFormulas(wb);
  if (formulas.length > 0) {
    const first = formulas[0]!;
    throw new AppError(
      'import_invalid',
      'workbook.firstIssue', { sheet: first.sheet, row: first.row ?? '—', column: first.column ?? '—', message: first.message },
      formulas,
    );
  }
  return wb;
}
