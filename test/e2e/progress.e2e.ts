// A long campaign import shows the progress dialog (phase, bar, Hủy) after a moment; pressing Hủy stops it,
// says "Đã hủy — không có gì bị thay đổi." and leaves every row of the database as it was.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DB_FILE } from '../../electron/core/paths.js';
import { hashRows, workbookOf } from '../jobs/support.js';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage } from './pages.js';

test('a long import shows its progress and Hủy cancels it with nothing changed', async () => {
  await withSession(async ({ page, dataDir, downloadDir, problems }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    await app.goto('campaigns');
    const namesBefore = await campaigns.names();
    const before = hashRows(join(dataDir, DB_FILE));

    const path = join(downloadDir, 'dot-lon.xlsx');
    writeFileSync(path, workbookOf(2000, 'Đợt rất lớn'));
    await campaigns.importFile(path);

    const dialog = page.getByTestId('progress-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    await page.getByTestId('progress-phase').filter({ hasText: /Đang đọc tệp dot-lon\.xlsx|Đang ghi/ }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('progress-bar').count(), 1);
    assert.equal(await page.getByTestId('progress-cancel').textContent(), 'Hủy');
    await app.screenshot('progress-import');

    await page.getByTestId('progress-cancel').click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('status-line').filter({ hasText: 'Đã hủy — không có gì bị thay đổi.' }).waitFor();
    await app.screenshot('progress-cancelled');

    assert.deepEqual(await campaigns.names(), namesBefore);
    assert.equal(hashRows(join(dataDir, DB_FILE)), before);
    assert.deepEqual(problems, []);
  });
});
