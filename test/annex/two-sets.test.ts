// The decision's annexes for a campaign with two criteria sets (departments under SO, communes under XA,
// area codes overlapping with different meanings): Phụ lục I one table ranked per group, Phụ lục II one
// table per group with that group's set's areas, Phụ lục III each unit under its own set. Both formats,
// one file each; the xlsx read back with SheetJS, the PDFs read with pdftotext, the xlsx printed by
// LibreOffice as a person would.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { buildAnnexes } from '../../electron/annex/build.js';
import type { AnnexSet, ComponentAnnex, RankingAnnex, UnitSheetsAnnex } from '../../electron/annex/model.js';
import { annexUnits, withUnitsRead } from '../../electron/annex/model.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { openApp } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { formatIndex } from '../../shared/numbers.js';
import { twoSetWorkbook, workbookBuffer } from '../helpers.js';
import { ARTEFACTS, DECISION, libreOfficeToPdf, pdfPages, renderPage, squeeze, tempDir, words } from './support.js';

function twoSetAnnexes(): AnnexSet {
  const dir = tempDir();
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: false });
  try {
    const s = app.services;
    const { campaignId } = s.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), 'Tổ thư ký', 'hai-bo.xlsx', false);
    s.consolidation.finalize(campaignId, 'Tổ thư ký');
    return withUnitsRead(buildAnnexes(s, campaignId, ['I', 'II', 'III'], DECISION));
  } finally {
    app.close();
  }
}

const set = twoSetAnnexes();
const ranking = set.annexes.find((a): a is RankingAnnex => a.kind === 'ranking')!;
const components = set.annexes.find((a): a is ComponentAnnex => a.kind === 'components')!;
const units = set.annexes.find((a): a is UnitSheetsAnnex => a.kind === 'units')!;
const only = (a: AnnexSet['annexes'][number]): AnnexSet => ({ ...set, annexes: [a] });
const dir = tempDir();

type Aoa = Array<Array<string | number | null>>;
const read = (buf: Buffer) => XLSX.read(buf, { type: 'buffer' });
const aoa = (wb: XLSX.WorkBook, sheet: string): Aoa => XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets[sheet]!, { header: 1, raw: true, defval: null });

/** What each set's areas are called in twoSetWorkbook(): the same codes, other meanings. */
const SO_AREAS = ['1. Công tác chỉ đạo, điều hành', '2. Cải cách thủ tục hành chính', '3. Khảo sát sự hài lòng'];
const XA_AREAS = ['1. Công tác chỉ đạo, điều hành', '2. Cải cách tổ chức bộ máy', '3. Khảo sát sự hài lòng'];

test('the model: two groups, each ranked from 1, each with its own set\'s areas and name', () => {
  assert.deepEqual(ranking.groups.map((g) => g.title), ['I. SỞ, BAN, NGÀNH', 'II. UBND XÃ, PHƯỜNG']);
  for (const g of ranking.groups) assert.equal(Math.min(...g.rows.map((r) => r.rank ?? Infinity)), 1, `${g.title} ranked within itself`);
  assert.deepEqual(
    components.groups.map((g) => [g.title, g.setName, g.areas.map((a) => `${a.code}. ${a.name}`)]),
    [
      ['I. SỞ, BAN, NGÀNH', 'Bộ tiêu chí cấp sở', SO_AREAS],
      ['II. UBND XÃ, PHƯỜNG', 'Bộ tiêu chí cấp xã', XA_AREAS],
    ],
  );
  assert.equal(units.units.entries.length, 6);
  for (const u of units.units) assert.equal(u.setName, u.unitCode.startsWith('S') ? 'Bộ tiêu chí cấp sở' : 'Bộ tiêu chí cấp xã', u.unitCode);
});

test('xlsx, one file: Phụ lục I one sheet with both sections; Phụ lục II a sheet per group with its set\'s areas; Phụ lục III each unit under its set', () => {
  const wb = read(writeAnnexXlsx(set));
  // Phụ lục I: one table, a section per group, ranks restarting at 1.
  const rowsI = aoa(wb, 'Phụ lục I');
  const titleRows = rowsI.map((r, i) => [i, r[0]] as const).filter(([, v]) => typeof v === 'string' && /^(I|II)\. /.test(v));
  assert.deepEqual(titleRows.map(([, v]) => v), ['I. SỞ, BAN, NGÀNH', 'II. UBND XÃ, PHƯỜNG']);
  const [[so], [xa]] = titleRows as [readonly [number, string], readonly [number, string]];
  assert.deepEqual(rowsI.slice(so + 1, xa).map((r) => r[1]), ranking.groups[0]!.rows.map((r) => r.unitName));
  assert.deepEqual(rowsI.slice(xa + 1).map((r) => r[1]), ranking.groups[1]!.rows.map((r) => r.unitName));
  assert.equal(rowsI[so + 1]![5], 1);
  assert.equal(rowsI[xa + 1]![5], 1, 'communes ranked from 1 again');
  assert.deepEqual(rowsI.slice(so + 1, xa).map((r) => r[5]), ranking.groups[0]!.rows.map((r) => r.rank));
  assert.deepEqual(rowsI.slice(xa + 1).map((r) => r[5]), ranking.groups[1]!.rows.map((r) => r.rank));
  assert.equal(rowsI[so + 2]![5], 1, 'the exact tie (Sở Nội vụ, Sở Tư pháp) shares rank 1');

  // Phụ lục II: one sheet per group, its header naming its own set's areas.
  const sheetsII = wb.SheetNames.filter((n) => n.startsWith('Phụ lục II'));
  assert.deepEqual(sheetsII, ['Phụ lục II - Sở, ban, ngành', 'Phụ lục II - UBND xã, phường']);
  components.groups.forEach((g, gi) => {
    const rows = aoa(wb, sheetsII[gi]!);
    assert.equal(rows[0]![0], 'PHỤ LỤC II');
    assert.equal(rows[4]![0], gi === 0 ? 'Nhóm: Sở, ban, ngành — Bộ tiêu chí: Bộ tiêu chí cấp sở' : 'Nhóm: UBND xã, phường — Bộ tiêu chí: Bộ tiêu chí cấp xã');
    const header = rows[7]!;
    assert.deepEqual(header.slice(2, 2 + g.areas.length), gi === 0 ? SO_AREAS : XA_AREAS, `${g.title}: its own areas`);
    assert.equal(header[2 + g.areas.length], null);
    assert.equal(rows[6]![2 + g.areas.length], 'Chỉ số CCHC (%)');
    assert.equal(rows[8]![0], g.title);
    g.rows.forEach((u, k) => {
      const row = rows[9 + k]!;
      assert.equal(row[1], u.unitName);
      g.areas.forEach((a, i) => assert.equal(row[2 + i], u.components[a.code] === null || u.components[a.code] === undefined ? '—' : u.components[a.code]! / 100, `${u.unitName} area ${a.code}`));
      assert.equal(row[2 + g.areas.length], u.indexHundredths / 100);
    });
    assert.equal(rows.length, 9 + g.rows.length);
  });
  assert.ok(!aoa(wb, sheetsII[1]!).flat().includes('2. Cải cách thủ tục hành chính'), 'no department area over the communes');

  // Phụ lục III: a sheet per unit, named under its set, with that set's rows only.
  for (const u of units.units) {
    const rows = aoa(wb, u.unitName);
    const so = u.unitCode.startsWith('S');
    assert.equal(rows[4]![0], `Đơn vị: ${u.unitName} — Nhóm: ${so ? 'Sở, ban, ngành' : 'UBND xã, phường'} — Bộ tiêu chí: ${so ? 'Bộ tiêu chí cấp sở' : 'Bộ tiêu chí cấp xã'}`);
    const names = rows.slice(7).map((r) => r[1]);
    assert.equal(names.includes('Một cửa, một cửa liên thông'), so, `${u.unitName}: 2.2 of SO only for departments`);
    assert.equal(names.includes('Đơn vị sự nghiệp công lập'), !so, `${u.unitName}: 2.2 of XA only for communes`);
  }
});

test('PDF, one file: the same sections, areas and sets; a long unit repeats its name on continuation pages', async () => {
  const pdf = join(dir, 'two-sets.pdf');
  writeFileSync(pdf, await writeAnnexPdf(set));
  const pages = pdfPages(pdf);
  const textI = pages.filter((p) => squeeze(p).includes(squeeze(ranking.heading.title))).join('\n');
  assert.ok(textI.includes('I. SỞ, BAN, NGÀNH') && textI.includes('II. UBND XÃ, PHƯỜNG'), 'both sections in Phụ lục I');
  for (const g of ranking.groups) for (const r of g.rows) assert.ok(squeeze(textI).includes(squeeze(r.unitName)), r.unitName);

  const pagesII = pages.filter((p) => squeeze(p).includes(squeeze(components.heading.title)) || squeeze(p).includes(squeeze('Chỉ số thành phần theo lĩnh vực (%)')));
  const soPage = pagesII.find((p) => p.includes('I. SỞ, BAN, NGÀNH'))!;
  const xaPage = pagesII.find((p) => p.includes('II. UBND XÃ, PHƯỜNG'))!;
  assert.ok(soPage && xaPage && soPage !== xaPage, 'a table (from its own page) per group');
  // Words, not phrases: pdftotext may interleave the lines of neighbouring header cells.
  assert.ok(words(soPage).has('tục') && !words(soPage).has('máy'), 'the departments\' table has SO\'s area 2 (thủ tục), not XA\'s (bộ máy)');
  assert.ok(words(xaPage).has('máy') && !words(xaPage).has('tục'), 'the communes\' table has XA\'s area 2 (bộ máy), not SO\'s (thủ tục)');
  assert.ok(squeeze(xaPage).includes(squeeze('Bộ tiêu chí: Bộ tiêu chí cấp xã')), 'the set named above the communes\' table');
  for (const r of components.groups[1]!.rows) assert.ok(xaPage.includes(formatIndex(r.indexHundredths)), `${r.unitName} ${formatIndex(r.indexHundredths)}`);

  for (const u of units.units) {
    const so = u.unitCode.startsWith('S');
    const page = pages.find((p) => squeeze(p).includes(squeeze(`Đơn vị: ${u.unitName} — Nhóm:`)));
    assert.ok(page, u.unitName);
    assert.ok(squeeze(page).includes(squeeze(`Bộ tiêu chí: ${so ? 'Bộ tiêu chí cấp sở' : 'Bộ tiêu chí cấp xã'}`)), `${u.unitName}: its set named`);
    assert.equal(squeeze(page).includes(squeeze('Đơn vị sự nghiệp công lập')), !so);
  }

  // A commune whose sheet runs over pages (its rows repeated) names itself on each continuation page.
  const long: UnitSheetsAnnex = { ...units, units: annexUnits([...units.units].filter((u) => u.unitCode === 'X1').map((u) => ({ ...u, rows: [...u.rows, ...u.rows, ...u.rows, ...u.rows] }))) };
  const longPdf = join(dir, 'two-sets-long.pdf');
  writeFileSync(longPdf, await writeAnnexPdf(only(long)));
  const longPages = pdfPages(longPdf);
  assert.ok(longPages.length >= 2, 'the long sheet runs over pages');
  longPages.slice(1).forEach((p, i) => assert.ok(squeeze(p).includes(squeeze('Phường An Hòa (tiếp theo)')), `continuation page ${i + 2} names the unit`));
  for (let i = 1; i <= Math.min(pages.length, 6); i++) renderPage(pdf, i, join(ARTEFACTS, `two-sets-pdf-${i}.png`), 50);
});

test('LibreOffice prints the two-set workbook: each Phụ lục II sheet with its own header on its pages', () => {
  const file = join(dir, 'two-sets.xlsx');
  writeFileSync(file, writeAnnexXlsx({ ...set, annexes: [ranking, components] }));
  const [pdf] = libreOfficeToPdf([file], dir) as [string];
  const pages = pdfPages(pdf);
  const so = pages.find((p) => p.includes('I. SỞ, BAN, NGÀNH') && squeeze(p).includes(squeeze('Chỉ số thành phần theo lĩnh vực')))!;
  const xa = pages.find((p) => p.includes('II. UBND XÃ, PHƯỜNG') && squeeze(p).includes(squeeze('Chỉ số thành phần theo lĩnh vực')))!;
  assert.ok(so && xa && so !== xa, 'each group\'s Phụ lục II table on its own pages');
  assert.ok(words(so).has('tục') && !words(so).has('máy'), 'the departments\' sheet prints SO\'s areas');
  assert.ok(words(xa).has('máy') && !words(xa).has('tục'), 'the communes\' sheet prints XA\'s areas');
  for (let i = 1; i <= pages.length; i++) renderPage(pdf, i, join(ARTEFACTS, `two-sets-xlsx-${i}.png`), 50);
});
