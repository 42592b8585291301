// The secretariat imports survey (SIPAS) results through the UI: the template downloads prefilled, a
// bad file is refused with located errors and changes nothing, a good one changes the unit's total and
// ranking; every changed cell shows in Nhật ký, which exports an .xlsx that reads back the same.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { withSession } from './harness.js';
import { AppShell, AuditPage, RankingPage, SurveyPage, parseVietnameseNumber } from './pages.js';

const UNIT = 'SBN02';
const GROUP = 'Sở, ban, ngành';

test('survey results imported through the UI change the ranking and are traced in the exported log', async () => {
  await withSession(async ({ page, problems, downloadDir }) => {
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    const survey = new SurveyPage(page);
    const audit = new AuditPage(page);

    await app.goto('ranking');
    await ranking.waitReady();
    const unitName = ((await ranking.row(UNIT).getByTestId('unit-name').textContent()) ?? '').trim();
    const before = await ranking.rowOf(GROUP, unitName);

    await app.goto('consolidate');
    await survey.open();
    await app.screenshot('survey-tab');

    // The template: one row per unit, one column per survey/bonus/penalty leaf, prefilled.
    const { path: templatePath } = await app.download(() => page.getByTestId('survey-template').click(), downloadDir);
    const wb = XLSX.read(readFileSync(templatePath), { type: 'buffer' });
    const ws = wb.Sheets['Điều tra XHH']!;
    const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(ws, { header: 1, defval: null });
    const header = rows[0]!.map(String);
    const codes = header.slice(3).map((h) => h.split(' ')[0]!);
    assert.deepEqual(codes, ['8.1.1', '8.1.2', '8.1.3', '8.1.4', '8.1.5', '8.2.1', '8.2.2', '8.2.3', '9.1', '9.2', '10.1', '10.2']);
    assert.equal(rows.length, 21, '20 demo units');
    const r = rows.findIndex((row) => row[0] === UNIT);
    const maxOf = (h: string) => parseVietnameseNumber(/tối đa ([\d,]+)\)/.exec(h)![1]!);

    // A file with a typo in a unit code and a value above the maximum is refused as a whole.
    const bad = join(downloadDir, 'sai.xlsx');
    writeFileSync(bad, build([header.slice(0, 4), ['SBN99', null, null, 1], [UNIT, null, null, 9]]));
    const refused = await survey.import(bad);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.deepEqual(refused.issues, [
        'Trang "Điều tra XHH", dòng 2, cột A (Mã đơn vị): không có đơn vị mã "SBN99" trong đợt đánh giá.',
        'Trang "Điều tra XHH", dòng 3, cột D (8.1.1): điểm 9 vượt quá điểm tối đa 1,5 của tiêu chí "8.1.1".',
      ]);
    }
    await app.screenshot('survey-refused');
    await page.getByTestId('survey-issues-close').click();

    // Every survey leaf of the unit at its maximum: the total rises by exactly what was missing.
    const surveyColumns = header.map((h, c) => ({ h, c })).filter(({ h }) => /điều tra XHH/.test(h));
    assert.equal(surveyColumns.length, 8);
    let gain = 0;
    let changedCells = 0;
    let changedIn81 = 0;
    const filled = [header, rows[r]!.map((v, c) => {
      const col = surveyColumns.find((x) => x.c === c);
      if (!col) return c < 3 ? v : null;
      const max = maxOf(col.h);
      const old = typeof v === 'number' ? v : 0;
      if (v !== max) {
        changedCells++;
        if (col.h.startsWith('8.1.')) changedIn81++;
      }
      gain += max - old;
      return max;
    })];
    assert.ok(gain > 0, 'the demo unit does not already have full survey points');
    const good = join(downloadDir, 'sipas.xlsx');
    const goodBytes = build(filled);
    writeFileSync(good, goodBytes);
    const ok = await survey.import(good);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    if (ok.ok) assert.match(ok.summary, new RegExp(`${changedCells} ô thay đổi \\(trong đó 0 ô xóa điểm\\), ${8 - changedCells} ô giữ nguyên; 1 đơn vị trong tệp, 1 đơn vị có thay đổi`));
    assert.equal(await survey.value(UNIT, '8.1.3'), '2');
    await app.screenshot('survey-imported');

    await app.goto('ranking');
    await ranking.waitReady();
    const after = await ranking.rowOf(GROUP, unitName);
    assert.equal(Math.round((parseVietnameseNumber(after.total) - parseVietnameseNumber(before.total)) * 1000), Math.round(gain * 1000));
    assert.ok(parseVietnameseNumber(after.index) > parseVietnameseNumber(before.index));

    // Nhật ký, reached with the keyboard: one row per changed cell, with the file's hash as the source.
    await app.goto('consolidate');
    await audit.openByKeyboard();
    await audit.rows('survey.import').first().waitFor();
    assert.equal(await audit.rows('survey.import').count(), changedCells);
    await page.getByTestId('audit-unit').selectOption(UNIT);
    await page.getByTestId('audit-criterion').fill('8.1');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-row"]').length === n, changedIn81);
    assert.ok(await audit.rows().evaluateAll((els) => els.every((e) => (e as HTMLElement).dataset.unit === 'SBN02' && ((e as HTMLElement).dataset.criterion ?? '').startsWith('8.1.'))));
    const first = audit.rows('survey.import').first();
    assert.match((await first.textContent()) ?? '', /Nhập điểm ĐTXHH\/thưởng\/trừ/);
    await app.screenshot('audit-tab');

    const { path: logPath } = await app.download(() => page.getByTestId('audit-export-xlsx').click(), downloadDir);
    assert.match(logPath, /Nhat-ky-thay-doi-\d{4}-SBN02\.xlsx$/);
    const log = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(logPath), { type: 'buffer' }).Sheets['Nhật ký thay đổi']!, { header: 1, defval: '' });
    const h = log.findIndex((row) => row[0] === 'Thời gian');
    const data = log.slice(h + 1);
    const sha = createHash('sha256').update(goodBytes).digest('hex');
    const imported = data.filter((row) => row[2] === 'Nhập điểm ĐTXHH/thưởng/trừ');
    assert.equal(imported.length, changedIn81);
    for (const row of imported) {
      assert.equal(row[3], `${UNIT} — ${unitName}`);
      assert.match(row[4]!, /^8\.1\.\d$/);
      assert.equal(row[7], 'Nhập kết quả ĐTXHH');
      assert.equal(row[8], `sipas.xlsx (SHA-256 ${sha})`);
      assert.match(row[0]!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    }
    assert.ok(imported.some((row) => row[4] === '8.1.3' && row[6] === '2'));

    // CSV: ";" is offered first (Excel on a Vietnamese-region PC splits on it); "," can be chosen.
    assert.equal(await page.getByTestId('audit-csv-separator').inputValue(), ';');
    const { path: semicolonPath } = await app.download(() => page.getByTestId('audit-export-csv').click(), downloadDir);
    assert.match(readFileSync(semicolonPath, 'utf8'), /^\uFEFFThời gian;Người thực hiện;Hành động;/);
    await page.getByTestId('audit-csv-separator').selectOption(',');
    const { path: commaPath } = await app.download(() => page.getByTestId('audit-export-csv').click(), downloadDir);
    assert.match(readFileSync(commaPath, 'utf8'), /^\uFEFFThời gian,Người thực hiện,Hành động,/);
    assert.deepEqual(problems, []);
  });
});

function build(rows: Array<Array<string | number | null | undefined>>): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Điều tra XHH');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
