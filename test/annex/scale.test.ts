// Phụ lục I for a generated 3,000-unit campaign: every row present, many pages, and the header row and
// page number on each of them, in the xlsx (as LibreOffice prints it) and in the PDF.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { generatedCampaign } from '../../bench/generate.js';
import { buildAnnexes } from '../../electron/annex/build.js';
import type { AnnexSet, RankingAnnex } from '../../electron/annex/model.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { openApp } from '../../electron/core/app.js';
import { formatIndex } from '../../shared/numbers.js';
import { ARTEFACTS, DECISION, libreOfficeToPdf, pdfPages, renderPage, squeeze, tempDir, words } from './support.js';

const UNITS = 3000;
const dir = tempDir();

function bigSet(): AnnexSet {
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: false });
  try {
    const id = app.services.campaigns.insertContent(generatedCampaign(UNITS), 'kiểm thử', 'test');
    return buildAnnexes(app.services, id, ['I'], DECISION);
  } finally {
    app.close();
  }
}

const set = bigSet();
const ranking = set.annexes[0] as RankingAnnex;
const allRows = ranking.groups.flatMap((g) => g.rows);

function checkPages(pages: string[], label: string): void {
  assert.ok(pages.length > 1, `${label}: ${pages.length} pages`);
  pages.forEach((p, i) => {
    for (const h of ['STT', 'Đơn vị', 'Xếp loại']) assert.ok(p.includes(h), `${label}: header "${h}" on page ${i + 1}`);
    assert.ok(p.includes(`Trang ${i + 1}/${pages.length}`), `${label}: page number on page ${i + 1}`);
  });
  const text = pages.join('\n');
  const w = words(text);
  // A unit with no appraisal prints "Chưa thẩm định" and no index (draft.test.ts); its name is counted below.
  for (const u of allRows) if (u.appraised) assert.ok(w.has(formatIndex(u.indexHundredths)), `${label}: ${u.unitName}`);
  // Every generated name ends with its number: all 3,000 appear exactly.
  const squeezed = squeeze(text);
  for (const u of [allRows[0]!, allRows[1499]!, allRows[UNITS - 1]!]) assert.ok(squeezed.includes(squeeze(u.unitName)), `${label}: ${u.unitName}`);
  const numbered = new Set([...text.matchAll(/Đơn vị số (\d+)/g)].map((m) => m[1]));
  assert.equal(numbered.size, UNITS, `${label}: every unit name`);
}

test(`Phụ lục I for ${UNITS} units: every row in the xlsx, and LibreOffice repeats the header on every page`, () => {
  assert.equal(allRows.length, UNITS);
  const buf = writeAnnexXlsx(set);
  const wb = XLSX.read(buf, { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets['Phụ lục I']!, { header: 1, raw: true, defval: null });
  const unitRows = rows.filter((r) => typeof r[0] === 'number');
  assert.equal(unitRows.length, UNITS);
  assert.equal(rows.filter((r) => typeof r[0] === 'string' && /^[IVX]+\. /.test(r[0])).length, ranking.groups.length);
  unitRows.forEach((r, i) => assert.equal(r[4], allRows[i]!.indexHundredths / 100));

  const file = join(dir, 'annex-I-3000.xlsx');
  writeFileSync(file, buf);
  const started = Date.now();
  const [pdf] = libreOfficeToPdf([file], dir);
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 120, `LibreOffice took ${seconds} s`);
  checkPages(pdfPages(pdf!), 'xlsx → LibreOffice');
  renderPage(pdf!, 2, join(ARTEFACTS, 'annex-I-3000-xlsx-page2.png'));
});

test(`Phụ lục I for ${UNITS} units as PDF: many pages, each with the header and its number`, async () => {
  const file = join(dir, 'annex-I-3000.pdf');
  writeFileSync(file, await writeAnnexPdf(set));
  checkPages(pdfPages(file), 'PDF');
  renderPage(file, 2, join(ARTEFACTS, 'annex-I-3000-pdf-page2.png'));
});
