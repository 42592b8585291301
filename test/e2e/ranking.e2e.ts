// The demo opens on real data; the ranking is grouped and ranked by index with shared ranks;
// the ranking annex downloads as an .xlsx carrying the decision's header lines and the units.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { withSession } from './harness.js';
import { AppShell, RankingPage, parseVietnameseNumber, type RankingRow } from './pages.js';

const GROUPS = ['Sở, ban, ngành', 'UBND xã, phường'];

function assertRankedByIndex(rows: RankingRow[]): void {
  assert.ok(rows.length > 1, 'a group lists its units');
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
    const { path } = await app.download(() => ranking.exportButton().click(), downloadDir);
    assert.match(path, /\.xlsx$/);

    const workbook = XLSX.read(readFileSync(path), { type: 'buffer' });
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    const lines = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false });
    const texts = lines.flat().filter((v): v is string => typeof v === 'string');
    assert.equal(texts[0], 'PHỤ LỤC I');
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
