// The results screens: year over year (a previous-year sheet imported, units matched by code and by
// hand, the change columns following), sorting and filtering, the component heat map, the charts
// and their PNGs, and the annex form's handling of a refused export.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { SHOTS_DIR, withSession } from './harness.js';
import { AppShell, ChartsPage, ComponentsPage, PreviousYearPage, RankingPage, parseVietnameseNumber, type RankingRow } from './pages.js';

const DEPARTMENTS = 'Sở, ban, ngành';
const COMMUNES = 'UBND xã, phường';

/** Last year's published results as the simple sheet people keep: two units keep their codes, one
 * district was renamed (Quận Bình Thủy → Phường Bình Thủy) and one was merged away. */
function writePreviousSheet(path: string): void {
  const rows = [
    ['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)', 'Xếp hạng', 'Nhóm'],
    ['SBN08', 'Sở Nông nghiệp và Phát triển nông thôn', 89.5, 1, DEPARTMENTS],
    ['XP05', 'Quận Cái Răng', 91.2, 3, 'UBND quận, huyện'],
    ['H04', 'Quận Bình Thủy', 70.4, 6, 'UBND quận, huyện'],
    ['H05', 'Huyện Phong Điền', '68,05', 7, 'UBND quận, huyện'],
  ];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Kết quả');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

/** "95,69" − "91,20" written as the screen should: "+4,49", "−1,75" (true minus), "0,00". */
function expectedDelta(index: string, previous: string): string {
  const d = Math.round(parseVietnameseNumber(index) * 100) - Math.round(parseVietnameseNumber(previous) * 100);
  const text = (Math.abs(d) / 100).toFixed(2).replace('.', ',');
  return d > 0 ? `+${text}` : d < 0 ? `\u2212${text}` : text;
}

function expectedRankChange(rank: string, previousRank: number): string {
  const change = previousRank - Number(rank);
  return change > 0 ? `▲${change}` : change < 0 ? `▼${-change}` : '=';
}

test('a previous year is imported, matched by code and by hand, and the ranking shows the change', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    const previous = new PreviousYearPage(page);
    await app.goto('ranking');
    await ranking.waitReady();
    await page.getByTestId('ranking-previous-hint').waitFor();
    assert.equal(await page.getByTestId('prev-index').count(), 0, 'no comparison columns before a previous year exists');

    // A broken sheet is refused with the cell named, as the campaign import does.
    await ranking.openTab('previous');
    const badPath = join(downloadDir, 'hong.xlsx');
    const bad = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(bad, XLSX.utils.aoa_to_sheet([['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)'], ['XP01', 'Phường Ninh Kiều', 'cao']]), 'Kết quả');
    writeFileSync(badPath, XLSX.write(bad, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await previous.importFile(badPath);
    const issue = await page.getByTestId('previous-import-issues').getByTestId('import-issue').first().textContent();
    assert.match(issue ?? '', /^Trang "Kết quả", dòng 2, cột C \(Chỉ số \(%\)\): /);
    await page.getByTestId('previous-none').waitFor();

    const path = join(downloadDir, 'ket-qua-2024.xlsx');
    writePreviousSheet(path);
    await previous.importFile(path, 2024);
    await page.getByTestId('previous-import-issues').waitFor({ state: 'detached' });
    assert.deepEqual(await previous.summary(), { year: '2024', file: 'ket-qua-2024.xlsx', matched: '2/20', unmatched: '2' });
    assert.deepEqual(await previous.unmatchedCodes(), ['H04', 'H05']);
    assert.equal(await previous.mapRow('XP05').getAttribute('data-how'), 'auto');
    assert.equal(await previous.mapRow('XP04').getAttribute('data-how'), 'noMatch');

    // Matched by code: the change is this year's index minus the file's, the rank change from the file's rank.
    await ranking.openTab('ranking');
    await ranking.row('XP05').getByTestId('prev-index').filter({ hasText: '91,20' }).waitFor();
    const caiRang = await ranking.comparison('XP05');
    assert.equal(caiRang.delta, expectedDelta(caiRang.index, '91,20'));
    assert.equal(caiRang.rankChange, expectedRankChange(caiRang.rank, 3));
    assert.match(caiRang.delta, /^[+\u2212]\d+,\d{2}$|^0,00$/);
    const agriculture = await ranking.comparison('SBN08');
    assert.equal(agriculture.prevIndex, '89,50');
    assert.equal(agriculture.delta, expectedDelta(agriculture.index, '89,50'));
    assert.equal(agriculture.rankChange, expectedRankChange(agriculture.rank, 1));
    assert.deepEqual(await ranking.comparison('XP04').then((c) => [c.prevIndex, c.delta, c.rankChange]), ['—', '—', '—']);

    // The renamed district is matched by hand; the ward now shows its change.
    await ranking.openTab('previous');
    await previous.choose('XP04', 'unit:H04', 'manual');
    assert.deepEqual(await previous.unmatchedCodes(), ['H05']);
    assert.equal(await previous.mapRow('XP04').getByTestId('previous-map-index').textContent(), '70,40');
    await app.screenshot('results-previous');

    await ranking.openTab('ranking');
    await ranking.row('XP04').getByTestId('prev-index').filter({ hasText: '70,40' }).waitFor();
    const binhThuy = await ranking.comparison('XP04');
    assert.equal(binhThuy.delta, expectedDelta(binhThuy.index, '70,40'));
    assert.equal(binhThuy.rankChange, expectedRankChange(binhThuy.rank, 6));
    assert.match(binhThuy.delta, /^\u2212/, `Phường Bình Thủy fell below last year's 70,40 (${binhThuy.index})`);
    await app.screenshot('results-ranking');

    // "Không so sánh" takes a code match away; clearing the year (after a confirmation) removes the columns.
    await ranking.openTab('previous');
    await previous.choose('SBN08', 'none', 'none');
    assert.deepEqual(await previous.unmatchedCodes(), ['SBN08', 'H05']);
    await ranking.openTab('ranking');
    await ranking.row('SBN08').getByTestId('delta').filter({ hasText: '—' }).waitFor();
    await ranking.openTab('previous');
    await page.getByTestId('previous-clear').click();
    assert.match((await page.getByTestId('confirm-message').textContent()) ?? '', /2024.*ket-qua-2024\.xlsx.*2 lựa chọn/);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('previous-none').waitFor();
    await ranking.openTab('ranking');
    await page.getByTestId('ranking-previous-hint').waitFor();
    assert.equal(await page.getByTestId('prev-index').count(), 0);
    assert.deepEqual(problems, []);
  });
});

test('the ranking sorts by any column from the keyboard too, and filters by name without diacritics and by band', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    await app.goto('ranking');
    await ranking.waitReady();
    const byRank = await ranking.rowsOf(COMMUNES);

    await ranking.sortBy(COMMUNES, 'index', 'ascending');
    const ascending = await ranking.rowsOf(COMMUNES);
    const indices = ascending.map((r) => parseVietnameseNumber(r.index));
    assert.deepEqual(indices, [...indices].sort((a, b) => a - b), `ascending: ${indices.join(' ')}`);
    assert.deepEqual(ascending.map((r) => r.name).sort(), byRank.map((r) => r.name).sort(), 'sorting keeps every unit');
    const rankOf = (rows: RankingRow[]) => new Map(rows.map((r) => [r.name, r.rank]));
    assert.deepEqual(rankOf(ascending), rankOf(byRank), 'ranks (ties shared) do not change with the order');
    assert.ok(byRank.some((r, i) => i > 0 && r.rank === byRank[i - 1]!.rank), 'the demo has a tie, shown as a shared rank');

    // From the keyboard: the header is a button; Enter reverses the order.
    await ranking.group(COMMUNES).getByTestId('sort-index').focus();
    await page.keyboard.press('Enter');
    await ranking.group(COMMUNES).locator('th[aria-sort="descending"]').getByTestId('sort-index').waitFor();
    const descending = (await ranking.rowsOf(COMMUNES)).map((r) => parseVietnameseNumber(r.index));
    assert.deepEqual(descending, [...descending].sort((a, b) => b - a));

    await ranking.sortBy(DEPARTMENTS, 'unit', 'ascending');
    const names = await ranking.unitNames(DEPARTMENTS);
    assert.deepEqual(names, [...names].sort(new Intl.Collator('vi').compare));

    // Typed without diacritics.
    await ranking.filter('vinh thanh');
    await page.getByTestId('ranking-shown').filter({ hasText: 'Hiện 1/20 đơn vị' }).waitFor();
    assert.deepEqual(await ranking.unitNames(COMMUNES), ['Xã Vĩnh Thạnh']);
    assert.deepEqual(await ranking.unitNames(DEPARTMENTS), []);
    await ranking.group(DEPARTMENTS).getByText('Không có đơn vị nào khớp bộ lọc.').waitFor();

    await ranking.filter('');
    await page.getByTestId('ranking-band-filter').selectOption('Tốt');
    const good = [...(await ranking.rowsOf(DEPARTMENTS)), ...(await ranking.rowsOf(COMMUNES))];
    assert.ok(good.length >= 2);
    assert.ok(good.every((r) => r.band === 'Tốt'), good.map((r) => `${r.name}: ${r.band}`).join(', '));
    // Each band is coloured, and each group has a legend saying what the colours mean.
    const tones = await ranking.group(COMMUNES).locator('[data-testid="band"] .band-chip').evaluateAll((chips) => chips.map((c) => c.className));
    assert.ok(tones.every((c) => /band-tone-\d/.test(c)), tones.join(', '));
    assert.match((await page.getByTestId('band-legend-XP').textContent()) ?? '', /Xuất sắc.*từ 95,00%.*Tốt.*từ 85,00% đến dưới 95,00%/);
    await app.screenshot('results-ranking-filtered');
    assert.deepEqual(problems, []);
  });
});

test('the heat map marks component indices below 80%, charts draw and export as PNG, a refused annex shows why', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    const components = new ComponentsPage(page);
    const charts = new ChartsPage(page);
    await app.goto('ranking');
    await ranking.waitReady();

    // Heat map: every cell below 80% is marked, none above; the tooltip gives points over maximum.
    await ranking.openTab('components');
    const cells = await components.cells('SBN');
    assert.equal(cells.length, 11 * 8, 'one cell per department and area');
    for (const cell of cells) {
      assert.equal(cell.low, parseVietnameseNumber(cell.text) < 80, `${cell.unit} LV${cell.area} ${cell.text}`);
      assert.match(cell.title, /: \d+(,\d+)?\/\d+(,\d+)? điểm \(\d+,\d{2}%\)$/);
    }
    assert.ok(cells.some((c) => c.low) && cells.some((c) => !c.low));
    await app.screenshot('results-components');

    // The areas where Sở Xây dựng lost most points agree with the points the heat map shows.
    const losses = await components.losses('SBN05');
    assert.equal(losses.length, 3);
    await page.getByTestId('heat-show-points').check();
    const lostByArea = new Map(
      (await components.cells('SBN'))
        .filter((c) => c.unit === 'SBN05')
        .map((c) => {
          const [points = '', max = ''] = c.text.split('/');
          return [c.area, Math.round((parseVietnameseNumber(max) - parseVietnameseNumber(points)) * 1000)] as const;
        }),
    );
    const largest = [...lostByArea.values()].sort((a, b) => b - a).slice(0, 3);
    assert.deepEqual(
      losses.map((l) => lostByArea.get(l.area)),
      largest,
      `losses ${JSON.stringify(losses)} against ${JSON.stringify([...lostByArea])}`,
    );
    for (const l of losses) assert.equal(l.lost, `−${(lostByArea.get(l.area)! / 1000).toString().replace('.', ',')}`);

    // Charts draw in headless Chromium, with the bars in the bands' colours.
    await ranking.openTab('charts');
    const indices = await charts.inkedPixels('indices');
    assert.ok(indices.inked > indices.total * 0.03, `indices chart drew ${indices.inked}/${indices.total} pixels`);
    assert.ok((await charts.pixelsOfColour('indices', '#3f9a6b')) > 200, 'the "Tốt" bars are drawn in their band colour');
    const comps = await charts.inkedPixels('components');
    assert.ok(comps.inked > comps.total * 0.03, `components chart drew ${comps.inked}/${comps.total} pixels`);
    await app.screenshot('results-charts');

    const png = async (id: string): Promise<{ name: string; bytes: Buffer }> => {
      const { path, download } = await app.download(() => page.getByTestId(id).click(), downloadDir);
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    };
    const first = await png('chart-png-indices');
    assert.equal(first.name, 'Bieu-do-chi-so-CCHC-2025-So-ban-nganh.png');
    assert.deepEqual([...first.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a real PNG');
    assert.ok(first.bytes.readUInt32BE(16) > 400 && first.bytes.readUInt32BE(20) > 200, 'PNG width and height');
    mkdirSync(SHOTS_DIR, { recursive: true });
    writeFileSync(join(SHOTS_DIR, 'results-chart-indices-export.png'), first.bytes);

    await page.getByTestId('chart-group').selectOption({ label: COMMUNES });
    await page.getByTestId('chart-unit').selectOption('XP04');
    await page.getByTestId('chart-panel-components').getByText('Chỉ số thành phần của Phường Bình Thủy').waitFor();
    const redrawn = await charts.inkedPixels('components');
    assert.ok(redrawn.inked > redrawn.total * 0.03);
    const second = await png('chart-png-components');
    assert.equal(second.name, 'Chi-so-thanh-phan-2025-Phuong-Binh-Thuy.png');
    assert.equal(second.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    writeFileSync(join(SHOTS_DIR, 'results-chart-components-export.png'), second.bytes);

    // The annex form: a refused export shows the server's own message, and the form stays as it was.
    await ranking.openTab('annex');
    await ranking.chooseAnnex('II', 'pdf');
    await ranking.fillDecision('679/QĐ-UBND', '16/02/2026');
    await app.screenshot('results-annex');
    const refusal = 'Chưa xuất được Phụ lục II dạng PDF: phông chữ tiếng Việt chưa được cài.';
    await page.route('**/api/annex/export', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: refusal } }) }),
    );
    await ranking.exportButton().click();
    await page.getByTestId('annex-draft-export').click();
    assert.equal(await page.getByTestId('annex-error-message').textContent(), refusal);
    await page.getByTestId('toast-error').filter({ hasText: refusal }).waitFor();
    assert.equal(await page.getByTestId('annex-decision-no').inputValue(), '679/QĐ-UBND');
    assert.equal(await page.getByTestId('annex-kind-II').isChecked(), true);
    await app.screenshot('results-annex-error');

    // Once the server accepts, the same choice downloads: Phụ lục II as a PDF.
    await page.unroute('**/api/annex/export');
    await ranking.exportButton().click();
    const { path: pdfPath } = await app.download(() => page.getByTestId('annex-draft-export').click(), downloadDir);
    assert.match(pdfPath, /\.pdf$/);
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
    await page.getByTestId('annex-error').waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
  });
});

test("a campaign workbook imported as the previous year matches every unit by code and takes the file's year", async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    const previous = new PreviousYearPage(page);
    await app.goto('campaigns');
    const { path } = await app.download(() => page.locator('[data-testid^="campaign-export-"]').first().click(), downloadDir);

    await app.goto('ranking');
    await ranking.waitReady();
    await ranking.openTab('previous');
    await previous.importFile(path);
    assert.deepEqual(await previous.summary(), { year: '2025', file: path.split('/').pop(), matched: '20/20', unmatched: '0' });
    await page.getByTestId('previous-unmatched').getByText('Mọi đơn vị năm trước đều đã được so sánh.').waitFor();

    // The same results compared with themselves: no change anywhere.
    await ranking.openTab('ranking');
    await page.getByRole('columnheader', { name: 'Chỉ số 2025 (%)' }).first().waitFor();
    const deltas = await page.getByTestId('delta').allTextContents();
    const changes = await page.getByTestId('rank-change').allTextContents();
    assert.equal(deltas.length, 20);
    // The unit not appraised yet has no index to compare: a dash, never a change from 0.
    assert.equal(deltas.filter((d) => d === '—').length, 1, deltas.join(' '));
    assert.ok(deltas.every((d) => d === '0,00' || d === '—'), deltas.join(' '));
    assert.ok(changes.every((c) => c === '=' || c === '—'), changes.join(' '));
    assert.deepEqual(problems, []);
  });
});
