// Annexes of a campaign that is not finalised say so on every page (DỰ THẢO), list a unit without any
// appraisal as "Chưa thẩm định" instead of ranking it at 0, and every row's maximum is the unit's own
// applicable maximum, so points ÷ maximum = the index printed beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import { buildAnnexes, DRAFT_LINE } from '../../electron/annex/build.js';
import type { RankingAnnex, UnitSheetsAnnex } from '../../electron/annex/model.js';
import { annexUnits, withUnitsRead } from '../../electron/annex/model.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { DEMO_UNSCORED_UNIT } from '../../electron/demo/demo-campaign.js';
import { indexOf } from '../../shared/calc.js';
import { ARTEFACTS, DECISION, openDemo, publishDemo, renderPage, squeeze, tempDir } from './support.js';

type Aoa = Array<Array<string | number | null>>;
const aoa = (buf: Buffer, sheet: string): Aoa =>
  XLSX.utils.sheet_to_json<Array<string | number | null>>(XLSX.read(buf, { type: 'buffer' }).Sheets[sheet]!, { header: 1, raw: true, defval: null });

function demo(publish: boolean) {
  const { app, campaignId } = openDemo();
  try {
    if (publish) publishDemo(app, campaignId);
    return { set: withUnitsRead(buildAnnexes(app.services, campaignId, ['I', 'II', 'III'], DECISION)), unscoredName: app.services.repos.units.get(campaignId, DEMO_UNSCORED_UNIT)!.name };
  } finally {
    app.close();
  }
}

const draft = demo(false);

test('an open campaign\'s annex is a draft that lists what is missing', () => {
  assert.ok(draft.set.draft);
  assert.deepEqual(draft.set.draft.missing, [
    `1 đơn vị chưa thẩm định (chưa có điểm chính thức nào, không xếp hạng): ${draft.unscoredName}.`,
    `70 tiêu chí thành phần chưa có điểm chính thức (${draft.unscoredName}: 70).`,
  ]);
  for (const a of draft.set.annexes) assert.equal(a.heading.draftLine, DRAFT_LINE);
  assert.match(DRAFT_LINE, /^DỰ THẢO — KẾT QUẢ TẠM TÍNH/);
});

test('xlsx draft: the DỰ THẢO line above the heading and in the page footer of every sheet', () => {
  const buf = writeAnnexXlsx(draft.set);
  const rows = aoa(buf, 'Phụ lục I');
  assert.equal(rows[0]![0], DRAFT_LINE);
  assert.equal(rows[1]![0], 'PHỤ LỤC I');
  const files = unzipSync(new Uint8Array(buf));
  const sheets = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  assert.ok(sheets.length > 2);
  for (const name of sheets) assert.match(strFromU8(files[name]!), /<oddFooter>&amp;C&amp;"Times New Roman,Regular"&amp;12DỰ THẢO — Trang &amp;P\/&amp;N<\/oddFooter>/, name);
});

test('a unit with no final score is listed last as "Chưa thẩm định": no points, no index, no rank, no band', () => {
  const ranking = draft.set.annexes.find((a): a is RankingAnnex => a.kind === 'ranking')!;
  const group = ranking.groups.find((g) => g.rows.some((r) => r.unitName === draft.unscoredName))!;
  const last = group.rows[group.rows.length - 1]!;
  assert.equal(last.unitName, draft.unscoredName);
  assert.deepEqual([last.appraised, last.rank, last.band], [false, null, null]);
  assert.ok(group.rows.slice(0, -1).every((r) => r.appraised && r.rank !== null));
  const rows = aoa(writeAnnexXlsx({ ...draft.set, annexes: [ranking] }), 'Phụ lục I');
  const row = rows.find((r) => r[1] === draft.unscoredName)!;
  assert.deepEqual(row, [group.rows.length, draft.unscoredName, '—', '—', '—', 'Chưa thẩm định', null]);
});

test('PDF draft: DỰ THẢO on every page (heading on the first, diagonal watermark on all)', async () => {
  const pdf = await writeAnnexPdf(draft.set);
  const dir = tempDir();
  const file = join(dir, 'draft.pdf');
  writeFileSync(file, pdf);
  // -raw keeps the content stream's order: the rotated watermark comes out whole, before the page's table.
  const pages = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.split('\f').filter((p) => p.trim() !== '');
  assert.ok(pages.length > 20, `pages: ${pages.length}`);
  pages.forEach((text, i) => assert.ok(squeeze(text).startsWith('DỰTHẢO'), `page ${i + 1} carries DỰ THẢO`));
  assert.ok(pages[0]!.includes('KẾT QUẢ TẠM TÍNH'));
  mkdirSync(ARTEFACTS, { recursive: true });
  renderPage(file, 1, join(ARTEFACTS, 'draft-page1.png'));
});

test('a finalised campaign\'s annex carries no draft mark', async () => {
  const final = demo(true);
  assert.equal(final.set.draft, null);
  const rows = aoa(writeAnnexXlsx(final.set), 'Phụ lục I');
  assert.equal(rows[0]![0], 'PHỤ LỤC I');
  const dir = tempDir();
  const file = join(dir, 'final.pdf');
  writeFileSync(file, await writeAnnexPdf(final.set));
  assert.ok(!spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.includes('DỰ THẢO'));
});

test('Phụ lục III: every row shows the unit\'s applicable maximum, so points ÷ maximum = the index shown', () => {
  const units = draft.set.annexes.find((a): a is UnitSheetsAnnex => a.kind === 'units')!;
  // Communes: 6.2.2 (1,5 of area 6's 7) does not apply.
  const commune = [...units.units].find((u) => u.rows.some((r) => r.code === '6.2.2' && !r.applicable) && u.appraised)!;
  assert.ok(commune, 'the demo has a commune where 6.2.2 does not apply');
  const area6 = commune.rows.find((r) => r.code === '6')!;
  assert.equal(area6.maxMilli, 5500);
  assert.equal(commune.rows.find((r) => r.code === '6.2')!.maxMilli, 1000);
  assert.equal(area6.indexHundredths, indexOf(area6.pointsMilli, area6.maxMilli));
  for (const u of units.units) {
    for (const r of u.rows) {
      if (r.depth === 0 && r.applicable && r.indexHundredths !== null) assert.equal(r.indexHundredths, indexOf(r.pointsMilli, r.maxMilli), `${u.unitName} ${r.code}`);
    }
    assert.equal(u.maxMilli, u.rows.filter((r) => r.depth === 0 && r.applicable && (r.kind === 'appraised' || r.kind === 'survey')).reduce((s, r) => s + r.maxMilli, 0), `${u.unitName}: the areas' maxima add up to the total's`);
  }
  const one = writeAnnexXlsx({ ...draft.set, annexes: [{ ...units, units: annexUnits([commune]) }] });
  const sheet = aoa(one, XLSX.read(one, { type: 'buffer' }).SheetNames[0]!);
  const printed = sheet.find((r) => r[0] === '6')!;
  assert.equal(printed[2], 5.5);
  assert.equal(printed[7], Math.round((Number(printed[6]) / 5.5) * 10000) / 100);
  assert.equal(sheet.find((r) => r[0] === '6.2.2')![2], '—');
});
