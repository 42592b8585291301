// A workbook with a bad cell is refused with the problem named by sheet, row and column,
// and nothing changes.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage, RankingPage } from './pages.js';

test('a bad campaign workbook shows the named issue and changes nothing', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    const ranking = new RankingPage(page);

    await app.goto('ranking');
    await ranking.waitReady();
    const rankingBefore = await ranking.rowsOf('Sở, ban, ngành');

    await app.goto('campaigns');
    const namesBefore = await campaigns.names();
    assert.equal(namesBefore.length, 1);
    const { path } = await app.download(() => campaigns.exportButton(campaigns.rows().first()).click(), downloadDir);

    // Break one appraised score: text where a number belongs.
    const workbook = XLSX.read(readFileSync(path), { type: 'buffer' });
    const scores = workbook.Sheets['Điểm'];
    assert.ok(scores, `sheets: ${workbook.SheetNames.join(', ')}`);
    const grid = XLSX.utils.sheet_to_json<unknown[]>(scores, { header: 1, blankrows: true, defval: null });
    const headerRow = grid.findIndex((r) => r.includes('Thẩm định'));
    assert.ok(headerRow >= 0, 'the scores sheet has a "Thẩm định" column');
    const column = grid[headerRow]!.indexOf('Thẩm định');
    const badRow = headerRow + 2;
    scores[XLSX.utils.encode_cell({ r: badRow, c: column })] = { t: 's', v: 'mười' };
    const badPath = join(downloadDir, 'hong.xlsx');
    writeFileSync(badPath, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    await campaigns.importFile(badPath);
    const issues = await campaigns.issues();
    const where = `Trang "Điểm", dòng ${badRow + 1}, cột ${XLSX.utils.encode_col(column)} (Thẩm định): `;
    assert.ok(
      issues.some((i) => i.startsWith(where)),
      `an issue starting with ${where} in:\n${issues.join('\n')}`,
    );
    await page.getByTestId('toast-error').first().waitFor();
    await page.locator('[data-testid="status-line"].status-error').waitFor();
    await app.screenshot('campaigns-import-issues');

    assert.deepEqual(await campaigns.names(), namesBefore);
    assert.equal(await page.getByTestId('campaign-select').locator('option').count(), 1);
    await app.goto('ranking');
    await ranking.waitReady();
    assert.deepEqual(await ranking.rowsOf('Sở, ban, ngành'), rankingBefore);
    assert.deepEqual(problems, []);
  });
});
