// The small pieces of the xlsx writer: XML escaping, sheet names, column letters, text metrics, and the
// number texts the PDF shares with the spreadsheet formats.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as XLSX from 'xlsx';
import type { AnnexSet } from '../../electron/annex/model.js';
import { annexUnits } from '../../electron/annex/model.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { pointsText } from '../../electron/annex/pdf/table.js';
import { AppError } from '../../shared/errors.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { abbreviate } from '../../electron/annex/xlsx/layout.js';
import { lineCount, wordWidth } from '../../electron/annex/xlsx/metrics.js';
import { colName, SheetNames, xmlText } from '../../electron/annex/xlsx/ooxml.js';

test('xmlText escapes markup and control characters and keeps Vietnamese exact (NFC)', () => {
  assert.equal(xmlText('A & B <c> "d"'), 'A &amp; B &lt;c&gt; &quot;d&quot;');
  assert.equal(xmlText('a\u0001b\u001Fc'), 'a_x0001_b_x001F_c');
  assert.equal(xmlText('tab\tnew\nline'), 'tab\tnew\nline');
  assert.equal(xmlText('_x0041_'), '_x005F_x0041_', 'a literal escape sequence is not decoded by Excel');
  const decomposed = 'Cần Thơ'.normalize('NFD');
  assert.notEqual(decomposed, 'Cần Thơ');
  assert.equal(xmlText(decomposed), 'Cần Thơ');
  assert.equal(xmlText('x\uD800y'), 'x\uFFFDy', 'a lone surrogate cannot be written as UTF-8');
});

test('sheet names are valid, at most 31 characters and unique regardless of case', () => {
  const names = new SheetNames();
  assert.equal(names.make('Sở Nội vụ'), 'Sở Nội vụ');
  assert.equal(names.make('sở nội vụ'), 'sở nội vụ (2)');
  assert.equal(names.make('A/B: C*D? [E] \\F'), 'A-B- C-D- -E- -F');
  const long = names.make('Ủy ban nhân dân phường Ninh Kiều thành phố Cần Thơ');
  assert.equal(long, 'Ủy ban nhân dân phường Ninh Kiề');
  assert.equal([...long].length, 31);
  const again = names.make('Ủy ban nhân dân phường Ninh Kiều thành phố Cần Thơ');
  assert.equal(again, 'Ủy ban nhân dân phường Ninh (2)');
  assert.equal(names.make("'quoted'"), 'quoted');
  assert.equal(names.make('History'), 'Trang 7');
  assert.equal(names.make('   '), 'Trang 8');
});

test('column letters', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(colName), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
});

test('Times metrics: accented letters are as wide as their base, and wrapping counts lines', () => {
  assert.equal(wordWidth('Thơ', 'regular'), wordWidth('T', 'regular') + wordWidth('h', 'regular') + 529);
  assert.equal(wordWidth('ạ', 'regular'), wordWidth('a', 'regular'));
  assert.equal(wordWidth('Đ', 'bold'), 722);
  assert.ok(wordWidth('W', 'bold') > wordWidth('i', 'bold'));
  assert.equal(lineCount('Sở Nội vụ', 200, 12, 'regular'), 1);
  assert.equal(lineCount('Sở Nội vụ', 30, 12, 'regular'), 3);
  assert.equal(lineCount('a\nb', 200, 12, 'regular'), 2);
  assert.ok(lineCount('Xâydựngvàtổchứcthựchiện', 40, 12, 'regular') >= 3, 'a word wider than the column breaks');
});

test('points show two decimals, a third only when present; area names take the usual abbreviations', () => {
  assert.equal(pointsText(14500), '14,50');
  assert.equal(pointsText(100000), '100,00');
  assert.equal(pointsText(125), '0,125');
  assert.equal(pointsText(0), '0,00');
  assert.equal(abbreviate('Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội'), 'Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH');
  assert.equal(abbreviate('Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức'), 'Xây dựng và nâng cao chất lượng đội ngũ CBCCVC');
  assert.equal(abbreviate('Cải cách thủ tục hành chính'), 'Cải cách thủ tục hành chính');
});

test('names with markup and control characters survive the round trip through a spreadsheet reader', () => {
  const awkward = 'Sở "Tư pháp" & <Nội vụ>\u0007';
  const set: AnnexSet = {
    campaignName: 'Đợt <thử> & "kiểm"',
    year: 2025,
    annexes: [
      {
        kind: 'ranking',
        number: 'I',
        heading: { label: 'PHỤ LỤC I', title: 'KẾT QUẢ', decisionLine: '(Kèm theo …)', draftLine: null },
        groups: [{ title: 'I. SỞ', ranked: false, rows: [{ stt: 1, unitName: awkward, totalMilli: 81960, maxMilli: 100000, indexHundredths: 8196, rank: null, band: null, appraised: true }] }],
      },
    ],
    draft: null,
  };
  const wb = XLSX.read(writeAnnexXlsx(set), { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets['Phụ lục I']!, { header: 1, raw: true, defval: null });
  assert.deepEqual(rows[6], [1, awkward, 81.96, 100, 81.96, 'Không xếp hạng', null]);
  assert.equal(wb.Props?.Title, 'Phụ lục I — KẾT QUẢ');
  assert.equal(wb.Props?.Author, 'Thẩm định chỉ số CCHC');
});

test('a set with nothing to print is refused with a message, in both formats', async () => {
  const empty: AnnexSet = {
    campaignName: 'Đợt trống',
    year: 2025,
    annexes: [{ kind: 'units', number: 'III', heading: { label: 'PHỤ LỤC III', title: 'T', decisionLine: '(…)', draftLine: null }, units: annexUnits([]) }],
    draft: null,
  };
  const refused = (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && /Không có phụ lục/.test(e.message);
  assert.throws(() => writeAnnexXlsx(empty), refused);
  await assert.rejects(() => writeAnnexPdf(empty), refused);
});
