// The xlsx annexes from the demo campaign: read back cell by cell with SheetJS, the styles checked in the
// package itself, then rendered by LibreOffice and read with pdftotext as a person would print them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import type { AnnexSet, ComponentAnnex, RankingAnnex, UnitSheetsAnnex } from '../../electron/annex/model.js';
import { RANKING_ANNEX_COLUMNS, UNIT_SHEET_COLUMNS } from '../../electron/annex/model.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { formatIndex } from '../../shared/numbers.js';
import { ARTEFACTS, DIACRITIC_UNIT, DIACRITIC_UNIT_UPPER, DIACRITIC_WORDS, demoSet, libreOfficeToPdf, pdfInfo, pdfPages, renderPage, squeeze, tempDir, withAreaNotApplying, withDiacriticUnits, words } from './support.js';

const set = withAreaNotApplying(withDiacriticUnits(demoSet()), '3');
const ranking = set.annexes.find((a): a is RankingAnnex => a.kind === 'ranking')!;
const components = set.annexes.find((a): a is ComponentAnnex => a.kind === 'components')!;
const units = set.annexes.find((a): a is UnitSheetsAnnex => a.kind === 'units')!;
const only = (a: AnnexSet['annexes'][number]): AnnexSet => ({ ...set, annexes: [a] });

type Aoa = Array<Array<string | number | null>>;
const read = (buf: Buffer) => XLSX.read(buf, { type: 'buffer', cellNF: true });
const aoa = (wb: XLSX.WorkBook, sheet: string): Aoa => XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets[sheet]!, { header: 1, raw: true, defval: null });
const mergeRefs = (wb: XLSX.WorkBook, sheet: string) => (wb.Sheets[sheet]!['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
const printTitles = (wb: XLSX.WorkBook, sheetIndex: number) => wb.Workbook?.Names?.find((n) => n.Name === '_xlnm.Print_Titles' && n.Sheet === sheetIndex)?.Ref;

test('Phụ lục I reads back cell by cell: heading, header, group rows, every unit and number', () => {
  const wb = read(writeAnnexXlsx(only(ranking)));
  assert.deepEqual(wb.SheetNames, ['Phụ lục I']);
  const rows = aoa(wb, 'Phụ lục I');
  assert.equal(rows[0]![0], 'PHỤ LỤC I');
  assert.equal(rows[1]![0], ranking.heading.title);
  assert.equal(rows[2]![0], '(Kèm theo Quyết định số 679/QĐ-UBND ngày 16 tháng 02 năm 2022 của Chủ tịch Ủy ban nhân dân thành phố Cần Thơ)');
  assert.deepEqual(rows[4], [...RANKING_ANNEX_COLUMNS]);
  let r = 5;
  for (const g of ranking.groups) {
    assert.equal(rows[r]![0], g.title);
    r++;
    for (const u of g.rows) {
      assert.deepEqual(rows[r], [u.stt, u.unitName, u.totalMilli / 1000, u.maxMilli / 1000, u.indexHundredths / 100, g.ranked && u.rank !== null ? u.rank : 'Không xếp hạng', u.band ?? null], `row ${r + 1}`);
      r++;
    }
  }
  assert.equal(rows.length, r, 'no rows after the table');
  const names = rows.map((row) => row[1]);
  assert.ok(names.includes(DIACRITIC_UNIT) && names.includes(DIACRITIC_UNIT_UPPER), 'the names with every diacritic round-trip exactly');

  const merges = mergeRefs(wb, 'Phụ lục I');
  for (const ref of ['A1:G1', 'A2:G2', 'A3:G3', 'A6:G6']) assert.ok(merges.includes(ref), `merge ${ref}`);
  assert.equal(printTitles(wb, 0), "'Phụ lục I'!$5:$5");
  const sheet = wb.Sheets['Phụ lục I']!;
  assert.equal(sheet['C7']!.t, 'n');
  assert.equal(sheet['E7']!.z, '[$-42A]0.00', 'index cells keep their number and show a decimal comma');
  assert.equal(sheet['C7']!.z, '[$-42A]0.00#');
});

test('Phụ lục II has one column per area and "—" where an area does not apply', () => {
  const wb = read(writeAnnexXlsx(only(components)));
  const rows = aoa(wb, 'Phụ lục II');
  // The demo has one criteria set: every group has its areas, and the annex is one table.
  const areas = components.groups[0]!.areas;
  assert.ok(components.groups.every((g) => g.areas === areas || JSON.stringify(g.areas) === JSON.stringify(areas)));
  const n = areas.length;
  assert.equal(rows[4]![0], 'STT');
  assert.equal(rows[4]![2], 'Chỉ số thành phần theo lĩnh vực (%)');
  assert.equal(rows[4]![2 + n], 'Chỉ số CCHC (%)');
  areas.forEach((area, i) => assert.match(String(rows[5]![2 + i]), new RegExp(`^${area.code}\\. `)));
  assert.equal(rows[5]![2], '1. Công tác chỉ đạo, điều hành CCHC');
  assert.equal(printTitles(wb, 0), "'Phụ lục II'!$5:$6");
  const merges = mergeRefs(wb, 'Phụ lục II');
  assert.ok(merges.includes('A5:A6') && merges.includes('B5:B6'), 'STT and Đơn vị span both header rows');
  let r = 6;
  let dashes = 0;
  for (const g of components.groups) {
    assert.equal(rows[r++]![0], g.title);
    for (const u of g.rows) {
      const row = rows[r++]!;
      assert.equal(row[1], u.unitName);
      areas.forEach((area, i) => {
        const v = u.components[area.code] ?? null;
        assert.equal(row[2 + i], v === null ? '—' : v / 100, `${u.unitName}, area ${area.code}`);
        if (v === null) dashes++;
      });
      assert.equal(row[2 + n], u.indexHundredths / 100);
    }
  }
  assert.equal(rows.length, r);
  assert.ok(dashes > 0, 'the dash path is exercised');
  const modelNulls = components.groups.flatMap((g) => g.rows.flatMap((u) => areas.map((a) => u.components[a.code] ?? null))).filter((v) => v === null).length;
  assert.equal(dashes, modelNulls);
});

test('Phụ lục III has one sheet per unit with the tree, a total row, rank and band', () => {
  const wb = read(writeAnnexXlsx(only(units)));
  assert.equal(wb.SheetNames.length, units.units.entries.length);
  assert.equal(new Set(wb.SheetNames.map((s) => s.toLowerCase())).size, wb.SheetNames.length, 'sheet names are unique');
  for (const name of wb.SheetNames) {
    assert.ok(name.length <= 31 && !/[[\]:*?/\\]/.test(name), `valid sheet name "${name}"`);
  }
  [...units.units].forEach((u, i) => {
    const sheetName = wb.SheetNames[i]!;
    const rows = aoa(wb, sheetName);
    assert.equal(rows[0]![0], 'PHỤ LỤC III');
    assert.equal(rows[4]![0], `Đơn vị: ${u.unitName} — Nhóm: ${u.groupName}`);
    assert.deepEqual(rows[6], [...UNIT_SHEET_COLUMNS]);
    assert.equal(printTitles(wb, i), `'${sheetName.replace(/'/g, "''")}'!$7:$7`);
    u.rows.forEach((row, k) => {
      const got = rows[7 + k]!;
      assert.equal(got[0], row.code);
      assert.equal(got[1], row.name);
      // The unit's applicable maximum; a node that does not apply shows a dash, never a maximum it cannot reach.
      assert.equal(got[2], row.applicable ? row.maxMilli / 1000 : '—');
      if (row.applicable) {
        assert.equal(got[6], row.pointsMilli / 1000, `${u.unitName} ${row.code}`);
        assert.equal(got[4], row.appraisedMilli === null ? null : row.appraisedMilli / 1000);
        assert.equal(got[5], row.surveyMilli === null ? null : row.surveyMilli / 1000);
        assert.equal(got[7], row.indexHundredths === null ? null : row.indexHundredths / 100);
      } else {
        assert.equal(got[6], '—');
      }
    });
    const total = rows[7 + u.rows.length]!;
    assert.equal(total[1], 'Tổng cộng');
    assert.equal(total[2], u.maxMilli / 1000);
    assert.equal(total[6], u.totalMilli / 1000);
    assert.equal(total[7], u.indexHundredths / 100);
    assert.equal(total[8], u.rank === null ? 'Không xếp hạng' : `Xếp hạng: ${u.rank}${u.band ? `; Xếp loại: ${u.band}` : ''}`);
    assert.equal(rows.length, 8 + u.rows.length);
  });
  assert.ok([...units.units].some((u) => u.rows.some((r) => !r.applicable)), 'the demo has a not-applicable row');
});

test('the package carries real styles: Times New Roman, bold centred headings, borders, A4, margins, footer', () => {
  const files = unzipSync(new Uint8Array(writeAnnexXlsx(set)));
  const styles = strFromU8(files['xl/styles.xml']!);
  const sheet1 = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const sheet2 = strFromU8(files['xl/worksheets/sheet2.xml']!);
  const core = strFromU8(files['docProps/core.xml']!);
  const fonts = [...styles.matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]!);
  assert.ok(fonts.length > 0 && fonts.every((f) => f.includes('<name val="Times New Roman"/>') && f.includes('<color rgb="FF000000"/>')));
  const xfs = [...styles.matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g)].map((m) => m[0]).slice(1); // skip cellStyleXfs
  const styleOf = (ref: string, xml: string) => Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(xml)![1]);
  const xfOf = (ref: string, xml: string) => xfs[styleOf(ref, xml)]!;
  const fontOf = (xf: string) => fonts[Number(/fontId="(\d+)"/.exec(xf)![1])]!;
  const a1 = xfOf('A1', sheet1);
  assert.match(fontOf(a1), /<b\/>/);
  assert.match(a1, /horizontal="center"/);
  assert.match(fontOf(xfOf('A3', sheet1)), /<i\/>/);
  const th = xfOf('A5', sheet1);
  assert.match(fontOf(th), /<b\/>/);
  assert.match(th, /borderId="1"/);
  assert.match(th, /wrapText="1"/);
  assert.match(styles, /<border><left style="thin">/);
  assert.match(sheet1, /<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"\/>/);
  assert.match(sheet2, /orientation="landscape"/);
  assert.match(sheet1, /<pageSetUpPr fitToPage="1"\/>/);
  const margins = /<pageMargins left="([\d.]+)" right="([\d.]+)" top="([\d.]+)" bottom="([\d.]+)"/.exec(sheet1)!.slice(1).map((v) => Math.round(Number(v) * 25.4 * 100) / 100);
  const [left, right, top, bottom] = margins as [number, number, number, number];
  assert.ok(left >= 30 && left <= 35 && right >= 15 && right <= 20 && top >= 20 && top <= 25 && bottom >= 20 && bottom <= 25, `margins ${margins.join(', ')} mm`);
  assert.match(sheet1, /<oddFooter>&amp;C.*Trang &amp;P\/&amp;N<\/oddFooter>/);
  assert.match(core, /<dc:creator>Thẩm định chỉ số CCHC<\/dc:creator>/);
  assert.match(core, /<dc:title>Phụ lục I, II, III — /);
});

test('LibreOffice prints every annex with the header on every page, all diacritics and decimal commas', () => {
  const dir = tempDir();
  const files = (['I', 'II', 'III'] as const).map((n) => {
    const file = join(dir, `annex-${n}.xlsx`);
    writeFileSync(file, writeAnnexXlsx(only(set.annexes.find((a) => a.number === n)!)));
    return file;
  });
  const [pdfI, pdfII, pdfIII] = libreOfficeToPdf(files, dir) as [string, string, string];

  // Phụ lục I: portrait A4, headings, every unit, every number with a decimal comma.
  const infoI = pdfInfo(pdfI);
  assert.match(infoI['Page size']!, /^595\.\d+ x 841\.\d+ pts \(A4\)/);
  const pagesI = pdfPages(pdfI);
  const textI = pagesI.join('\n');
  assert.ok(textI.includes('PHỤ LỤC I') && textI.includes(ranking.heading.title));
  assert.ok(squeeze(textI).includes(squeeze(ranking.heading.decisionLine)));
  for (const g of ranking.groups) {
    assert.ok(textI.includes(g.title), g.title);
    for (const u of g.rows) {
      for (const w of u.unitName.split(' ')) assert.ok(words(textI).has(w), `"${w}" of ${u.unitName}`);
      assert.ok(words(textI).has(formatIndex(u.indexHundredths)), `${u.unitName}: ${formatIndex(u.indexHundredths)}`);
    }
  }
  for (const w of DIACRITIC_WORDS) assert.ok(squeeze(textI).includes(w) || squeeze(textI).includes(w.toLocaleUpperCase('vi')), `letters ${w}`);
  assert.doesNotMatch(textI, /\b\d+\.\d\d\b/, 'no decimal point anywhere');
  assert.match(textI, /\b\d+,\d\d\b/);

  // Phụ lục II and III: landscape, header rows on every page.
  assert.match(pdfInfo(pdfII)['Page size']!, /^841\.\d+ x 595\.\d+ pts/);
  const pagesII = pdfPages(pdfII);
  pagesII.forEach((p, i) => assert.ok(squeeze(p).includes(squeeze('Chỉ số thành phần theo lĩnh vực (%)')) && p.includes('STT'), `Phụ lục II page ${i + 1} repeats the header`));
  const pagesIII = pdfPages(pdfIII);
  assert.ok(pagesIII.length >= units.units.entries.length, 'at least a page per unit');
  pagesIII.forEach((p, i) => assert.ok(squeeze(p).includes(squeeze('Lĩnh vực/Tiêu chí/Tiêu chí thành phần')), `Phụ lục III page ${i + 1} repeats the header`));
  pagesIII.forEach((p, i) => assert.ok(p.includes(`Trang ${i + 1}/${pagesIII.length}`), `page number on page ${i + 1}`));
  const textIII = pagesIII.join('\n');
  assert.doesNotMatch(textIII, /\b\d+\.\d\d\b/);
  for (const u of units.units) assert.ok(squeeze(textIII).includes(squeeze(`Đơn vị: ${u.unitName}`)), u.unitName);
  assert.equal(Number(pdfInfo(pdfIII)['Pages']), pagesIII.length);

  // Pages to look at (test-results/annex/).
  renderPage(pdfI, 1, join(ARTEFACTS, 'annex-I-xlsx.png'));
  renderPage(pdfII, 1, join(ARTEFACTS, 'annex-II-xlsx.png'));
  renderPage(pdfIII, 1, join(ARTEFACTS, 'annex-III-xlsx.png'));
});
