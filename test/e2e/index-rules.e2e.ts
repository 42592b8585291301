// The index rules in the campaign settings: the secretariat lets bonus points lift an index past 100 %
// and ranks ties densely; the ranking screen then shows 125,00 and ranks 1, 2, 2, 3. Screenshot at 1366×768.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage, RankingPage } from './pages.js';
import { smallWorkbook, workbookBuffer } from '../helpers.js';

test('the secretariat sets the index rules in the campaign settings and the ranking follows', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    const ranking = new RankingPage(page);
    await page.setViewportSize({ width: 1366, height: 768 });

    // S3 at 5 of 4 points (bonus on top of full survey points), S1 and S2 tied at 90 %, S4 at 10 %.
    const wb = smallWorkbook();
    wb['Đơn vị'].push(['S4', 'Sở Xây dựng', 'S']);
    wb['Điểm'] = wb['Điểm'].map((r) => (r[0] === 'S3' && r[1] === '2.1' ? ['S3', '2.1', null, 4, null] : r));
    wb['Điểm'].push(['S4', '1.1.1', null, 1, null]);
    const file = join(downloadDir, 'đợt-quy-tắc.xlsx');
    writeFileSync(file, workbookBuffer(wb));
    await app.goto('campaigns');
    await campaigns.importFile(file);
    await campaigns.rowByName('Đợt thử nghiệm').waitFor();
    await campaigns.rowByName('Đợt thử nghiệm').click();
    await page.locator('[data-testid="campaign-row-2"].selected').waitFor();

    await app.goto('ranking');
    await ranking.waitReady();
    const before = await ranking.rowsOf('Sở, ban, ngành');
    assert.deepEqual(before.map((r) => [r.name, r.index, r.rank]), [
      ['Sở Tài chính', '100,00', '1'], ['Sở Tư pháp', '90,00', '2'], ['Sở Y tế', '90,00', '2'], ['Sở Xây dựng', '10,00', '4'],
    ]);

    await app.goto('campaigns');
    await page.getByTestId('tab-settings').click();
    const form = page.getByTestId('index-rules');
    await form.waitFor();
    assert.equal(await page.getByTestId('index-rules-save').isDisabled(), true, 'nothing to save yet');
    assert.equal(await page.getByTestId('index-rules-cap').inputValue(), 'yes');
    assert.equal(await page.getByTestId('index-rules-tie').inputValue(), 'competition');
    await page.getByTestId('index-rules-cap').selectOption('no');
    await page.getByTestId('index-rules-tie').selectOption('dense');
    await app.screenshot('index-rules-1366');
    // Both fields and their one-line explanations fit beside each other without scrolling sideways.
    const fits = await form.evaluate((e) => e.scrollWidth <= e.clientWidth);
    assert.ok(fits, 'the rules form fits at 1366 px');
    await page.getByTestId('index-rules-save').click();
    await page.getByText('Đã lưu quy tắc chỉ số; bảng xếp hạng được tính lại theo quy tắc mới.').first().waitFor();
    assert.equal(await page.getByTestId('index-rules-save').isDisabled(), true);

    await app.goto('ranking');
    await ranking.waitReady();
    const after = await ranking.rowsOf('Sở, ban, ngành');
    assert.deepEqual(after.map((r) => [r.name, r.index, r.rank]), [
      ['Sở Tài chính', '125,00', '1'], ['Sở Tư pháp', '90,00', '2'], ['Sở Y tế', '90,00', '2'], ['Sở Xây dựng', '10,00', '3'],
    ]);
    await app.screenshot('index-rules-ranking-1366');
    assert.deepEqual(problems, []);
  });
});
