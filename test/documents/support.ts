// Shared by the document tests: a campaign of two groups with previous-year results whose figures are
// worked out by hand below, and a reader of a .docx's own XML (LibreOffice renders it: annex/support.ts).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { workbookBuffer } from '../helpers.js';
import { ROOT, tempDir } from '../annex/support.js';

/** Rendered pages kept for people to look at (ignored by git). */
export const ARTEFACTS = join(ROOT, 'test-results', 'documents');
export const ctx = { actor: 'Tổ thư ký' };

async function ok<T>(reply: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await reply;
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/**
 * Two groups, four areas (40 + 30 + 20 + 10), one unit not appraised yet, one below every band of its
 * group, and previous-year results for three units. Issued by the committee, so signed "TM. ỦY BAN NHÂN DÂN".
 *
 * By hand: Sở, ban, ngành — 90, 80, 60 points of 100: average 76,67 %; Tốt 1, Khá 1, Trung bình 1; points
 * lost per area 32, 18, 9, 11 (top: 1, 2, 4); previous 80,50 and 82,00 for S1 and S2: average of those two
 * 81,25 % → 85,00 %, +3,75 points. UBND xã, phường — 95 and 45 (X3 not appraised): average 70,00 %;
 * Xuất sắc 1, Đạt 0, one below 50 %; points lost 25, 17, 12, 6 (top: 1, 2, 3); X1 88,00 % → 95,00 %.
 */
export const TWO_GROUPS = {
  'Đợt': [
    ['Thuộc tính', 'Giá trị'],
    ['Tên', 'Chỉ số CCHC năm 2025 tỉnh Điện Biên'],
    ['Năm', 2025],
    ['Cơ quan', 'Ủy ban nhân dân tỉnh Điện Biên'],
    ['Số quyết định', '2879/QĐ-UBND'],
    ['Ngày quyết định', '2026-02-05'],
  ],
  'Tiêu chí': [
    ['Mã', 'Tên', 'Điểm tối đa', 'Loại'],
    ['1', 'Công tác chỉ đạo, điều hành CCHC', 40, null],
    ['1.1', 'Kế hoạch CCHC', 20, null],
    ['1.2', 'Báo cáo CCHC', 20, null],
    ['2', 'Cải cách thủ tục hành chính', 30, null],
    ['2.1', 'Giải quyết thủ tục đúng hạn', 30, null],
    ['3', 'Hiện đại hóa hành chính', 20, null],
    ['3.1', 'Dịch vụ công trực tuyến', 20, null],
    ['4', 'Cải cách tài chính công', 10, null],
    ['4.1', 'Tự chủ tài chính', 10, null],
  ],
  'Nhóm': [
    ['Mã nhóm', 'Tên nhóm', 'Xếp loại', 'Từ (%)'],
    ['S', 'Sở, ban, ngành', 'Tốt', 85],
    ['S', 'Sở, ban, ngành', 'Khá', 75],
    ['S', 'Sở, ban, ngành', 'Trung bình', 0],
    ['X', 'UBND xã, phường', 'Xuất sắc', 90],
    ['X', 'UBND xã, phường', 'Đạt', 50],
  ],
  'Đơn vị': [
    ['Mã', 'Tên', 'Mã nhóm'],
    ['S1', 'Sở Tư pháp', 'S'],
    ['S2', 'Sở Y tế', 'S'],
    ['S3', 'Sở Tài chính', 'S'],
    ['X1', 'Phường Mường Thanh', 'X'],
    ['X2', 'Xã Thanh Nưa', 'X'],
    ['X3', 'Xã Mường Phăng', 'X'],
  ],
  'Điểm': [
    ['Mã đơn vị', 'Mã tiêu chí', 'Tự đánh giá', 'Thẩm định', 'Ghi chú'],
    ...scoreRows('S1', [20, 18, 27, 20, 5]),
    ...scoreRows('S2', [15, 15, 25, 16, 9]),
    ...scoreRows('S3', [10, 10, 20, 15, 5]),
    ...scoreRows('X1', [20, 20, 28, 18, 9]),
    ...scoreRows('X2', [10, 5, 15, 10, 5]),
  ],
};

function scoreRows(unit: string, points: number[]): Array<Array<string | number | null>> {
  return ['1.1', '1.2', '2.1', '3.1', '4.1'].map((code, i) => [unit, code, points[i]!, points[i]!, null]);
}

export const PREVIOUS_2024 = {
  'Kết quả': [
    ['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)', 'Xếp hạng'],
    ['S1', 'Sở Tư pháp', 80.5, 2],
    ['S2', 'Sở Y tế', 82, 1],
    ['X1', 'Phường Mường Thanh', 88, 1],
    ['H9', 'Huyện Điện Biên', 70, 3],
  ],
};

export async function openTwoGroups(): Promise<{ app: AppCore; campaignId: number; dir: string }> {
  const dir = tempDir('par-docs-');
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: false });
  const { campaignId } = await ok<{ campaignId: number }>(
    app.dispatch('workbook/import', { fileName: 'dien-bien-2025.xlsx', contentBase64: workbookBuffer(TWO_GROUPS).toString('base64') }, ctx),
  );
  await ok(app.dispatch('previous/import', { campaignId, fileName: 'ket-qua-2024.xlsx', contentBase64: workbookBuffer(PREVIOUS_2024).toString('base64') }, ctx));
  return { app, campaignId, dir };
}

/** The text of every paragraph of word/document.xml (table cells included), in document order. */
export function docxParagraphs(docx: Buffer): string[] {
  return paragraphsOf(docxPart(docx, 'word/document.xml'));
}

export function docxPart(docx: Buffer, name: string): string {
  const files = unzipSync(new Uint8Array(docx));
  const part = files[name];
  assert.ok(part, `${name} is in the package`);
  return strFromU8(part);
}

const decode = (xml: string): string =>
  xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function paragraphsOf(xml: string): string[] {
  const out: string[] = [];
  for (const p of xml.split(/<w:p[ >]/).slice(1)) {
    const body = p.split('</w:p>')[0]!;
    const text = [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
    out.push(text.normalize('NFC'));
  }
  return out;
}

/** Every font a run or a default names (w:rFonts attributes). */
export function fontsOf(xml: string): Set<string> {
  return new Set([...xml.matchAll(/<w:rFonts ([^>]*)\/>/g)].flatMap((m) => [...m[1]!.matchAll(/w:\w+="([^"]*)"/g)].map((a) => a[1]!)));
}

/** Converts .docx files with LibreOffice Writer and the bundled Times-metric fonts (see test/annex/support.ts). */
export function artefactDir(name: string): string {
  const dir = join(ARTEFACTS, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
