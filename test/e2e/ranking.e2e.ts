// The demo opens on real data; the ranking is grouped and ranked by index with shared ranks;
// the ranking annex downloads as an .xlsx carrying the decision's header lines and the units.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { withSession } from './harness.js';
import { AppShell, RankingPage, parseVietnameseNumber, type RankingRow } from './pages.js';

const GROUPS = ['Sở, ban, ngành', 'UBND xã, phường'];

function assertRankedByIndex(all: RankingRow[]): void {
  assert.ok(all.length > 1, 'a group lists its units');
  // Units not appraised yet come last, with neither index nor rank.
  const first = all.findIndex((r) => r.index === '—');
  const rows = first < 0 ? all : all.slice(0, first);
  for (const r of all.slice(rows.length)) assert.deepEqual([r.rank, r.index], ['—', '—'], `${r.name} is listed as not appraised`);
  rows.forEach((row, i) => {
    assert.match(row.index, /^\d{1,3},\d{2}$/, `index "${row.index}" is written with a decimal comma`);
    if (i === 0) {
      assert.equal(row.rank, '1');
      return;
    }
    const previous = rows[i - 1]!;
    const [a, b] = [parseVietnameseNumber(previous.index), parseVietnameseNumber(row.index)];
    assert.ok(b <= a, `${row.name} (${row.index}) is not above ${previous.name} (${previous.index})`);
    assert.equal(row.rank, a === b ? previous.rank : String(i + 1), `rank of ${row.name}`);
  });
}

test('the demo opens and its ranking shows each group ranked by index', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    assert.equal(await page.getByTestId('app-name').textContent(), 'Thẩm định chỉ số CCHC');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');

    await app.goto('ranking');
    await ranking.waitReady();
    assert.deepEqual(await ranking.groupNames(), GROUPS);
    for (const group of GROUPS) assertRankedByIndex(await ranking.rowsOf(group));
    const headers = await page.locator('[data-testid^="ranking-group-"]').first().locator('thead th').allTextContents();
    for (const h of ['Xếp hạng', 'Đơn vị', 'Điểm đạt được', 'Điểm tối đa', 'Chỉ số (%)', 'Xếp loại']) assert.ok(headers.includes(h), `column ${h}`);
    await app.screenshot('ranking');

    // The demo campaign is open: every results tab says its figures are provisional; the unit left to
    // appraise is listed as such. At 1366×768 nothing scrolls sideways.
    await page.setViewportSize({ width: 1366, height: 768 });
    const banner = page.getByTestId('results-provisional');
    assert.match((await banner.textContent()) ?? '', /^Kết quả tạm tính: đợt đánh giá chưa chốt kết quả.*Còn thiếu: 1 đơn vị chưa thẩm định, 70 tiêu chí thành phần chưa có điểm chính thức\.$/);
    const waiting = page.getByTestId('ranking-row-XP09');
    assert.equal(await waiting.getAttribute('data-appraised'), 'false');
    assert.equal(await waiting.getByTestId('band').textContent(), 'chưa thẩm định');
    await app.screenshot('results-provisional-1366');
    // The banner and the results panel fit (the top bar's own width is another matter: see the report).
    const fits = await page.evaluate(() =>
      ['.results-panel', '[data-testid="results-provisional"]', '.table-scroll'].map((sel) => {
        const e = document.querySelector<HTMLElement>(sel)!;
        return `${sel} ${e.scrollWidth <= e.clientWidth ? 'fits' : `${e.scrollWidth}>${e.clientWidth}`}`;
      }),
    );
    assert.deepEqual(fits, ['.results-panel fits', '[data-testid="results-provisional"] fits', '.table-scroll fits'], 'no horizontal scroll inside the results at 1366×768');
    for (const tab of ['components', 'previous', 'charts', 'annex'] as const) {
      await ranking.openTab(tab);
      await banner.waitFor();
    }
    await ranking.openTab('ranking');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The language switch re-labels the screen and comes back.
    await page.getByTestId('lang-en').click();
    await page.getByRole('tab', { name: 'Year over year' }).waitFor();
    await page.getByRole('columnheader', { name: 'Index (%)' }).first().waitFor();
    await page.getByTestId('lang-vi').click();
    await page.getByRole('tab', { name: 'So với năm trước' }).waitFor();
    assert.deepEqual(problems, []);
  });
});

test('the ranking annex downloads with its header lines and the unit names', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    await app.goto('ranking');
    await ranking.waitReady();
    const shown = (await Promise.all(GROUPS.map((g) => ranking.rowsOf(g)))).flat();

    await ranking.openTab('annex');
    await ranking.chooseAnnex('I', 'xlsx');
    await ranking.fillDecision('679/QĐ-UBND', '16/02/2022');
    // The campaign is open: the export first says the annex is a draft and what is missing.
    await ranking.exportButton().click();
    const dialog = page.getByTestId('annex-draft-dialog');
    await dialog.waitFor();
    assert.match((await page.getByTestId('annex-draft-unappraised').textContent()) ?? '', /1 đơn vị chưa thẩm định.*Xã Vĩnh Thạnh/);
    await app.screenshot('results-annex-draft');
    const { path } = await app.download(() => page.getByTestId('annex-draft-export').click(), downloadDir);
    assert.match(path, /\.xlsx$/);

    const workbook = XLSX.read(readFileSync(path), { type: 'buffer' });
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    const lines = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false });
    const texts = lines.flat().filter((v): v is string => typeof v === 'string');
    assert.match(texts[0]!, /^DỰ THẢO — KẾT QUẢ TẠM TÍNH/);
    assert.equal(texts[1], 'PHỤ LỤC I');
    assert.ok(texts.includes('Chưa thẩm định'), 'the unit not appraised is not ranked');
    assert.ok(texts.includes('KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025'), texts.slice(0, 4).join(' | '));
    assert.ok(
      texts.some((t) => t.startsWith('(Kèm theo Quyết định số 679/QĐ-UBND ngày 16 tháng 02 năm 2022')),
      `decision line in ${texts.slice(0, 4).join(' | ')}`,
    );
    for (const row of shown) assert.ok(texts.includes(row.name), `annex lists ${row.name}`);
    assert.ok(texts.includes('Phường Cái Răng') && texts.includes('Sở Nông nghiệp và Môi trường'));
    await page.getByTestId('status-line').filter({ hasText: /^Đã xuất tệp .*\.xlsx\.$/ }).waitFor();
    assert.deepEqual(problems, []);
  });
});
