// Campaign housekeeping: create a copy, record the decision, manage units and bands, delete after
// a confirmation that names the campaign.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage, RankingPage } from './pages.js';

test('a campaign is created, described, configured and deleted', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    const ranking = new RankingPage(page);
    await app.goto('campaigns');
    const [demo] = await campaigns.names();
    assert.ok(demo);

    // A copy of the demo without its units.
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('create-name').fill('Chỉ số CCHC năm 2026');
    await page.getByTestId('create-year').fill('2026');
    await page.getByTestId('create-template-campaign').check();
    await page.getByTestId('create-copy-units').uncheck();
    await page.getByTestId('create-submit').click();
    await campaigns.rowByName('Chỉ số CCHC năm 2026').waitFor();
    assert.deepEqual((await campaigns.names()).sort(), [demo, 'Chỉ số CCHC năm 2026'].sort());
    const created = campaigns.rowByName('Chỉ số CCHC năm 2026');
    assert.equal(await created.getAttribute('class'), 'selected', 'the new campaign becomes the current one');
    assert.equal(await created.locator('td').nth(4).textContent(), '0');

    // The decision that will publish it.
    await page.getByTestId('decision-no').fill('679/QĐ-UBND');
    await page.getByTestId('decision-date').fill('31/02/2027');
    await page.getByText('31/02/2027 không phải là ngày có thật.').waitFor();
    assert.equal(await page.getByTestId('decision-save').isDisabled(), true, 'an impossible date cannot be saved');
    await page.getByTestId('decision-date').fill('16/02/2027');
    await page.getByTestId('decision-save').click();
    await created.getByText('Số 679/QĐ-UBND, ngày 16/02/2027').waitFor();

    // Settings: a unit added, a band renamed.
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('unit-add').click();
    await page.getByTestId('unit-edit-code').fill('XP10');
    await page.getByTestId('unit-edit-name').fill('Phường Hưng Phú');
    await page.getByTestId('unit-edit-group').selectOption({ label: 'UBND xã, phường' });
    await page.keyboard.press('Enter');
    await page.getByTestId('unit-row-XP10').waitFor();
    await page.getByTestId('band-label-0-0').fill('Xuất sắc (A)');
    await page.getByTestId('groups-save').click();
    await page.getByText('Đã lưu nhóm và xếp loại.').first().waitFor();

    await app.goto('ranking');
    await ranking.waitReady();
    const row = await ranking.rowOf('UBND xã, phường', 'Phường Hưng Phú');
    // Nothing appraised yet: listed as such, with no index and no rank (never ranked at 0).
    assert.equal(row.index, '—');
    assert.equal(row.rank, '—');
    assert.equal(row.band, 'chưa thẩm định');
    await app.screenshot('ranking-new-campaign');

    // Deleting a unit asks first.
    await app.goto('campaigns');
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('unit-delete-XP10').click();
    assert.match((await page.getByTestId('confirm-message').textContent()) ?? '', /Phường Hưng Phú/);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('unit-row-XP10').waitFor({ state: 'detached' });

    // Deleting the campaign names it, and Cancel keeps it.
    await created.locator('[data-testid^="campaign-delete-"]').click();
    assert.match((await page.getByTestId('confirm-message').textContent()) ?? '', /"Chỉ số CCHC năm 2026"/);
    await page.getByTestId('confirm-cancel').click();
    assert.equal(await campaigns.rows().count(), 2);
    await created.locator('[data-testid^="campaign-delete-"]').click();
    await page.getByTestId('confirm-ok').click();
    await created.waitFor({ state: 'detached' });
    assert.deepEqual(await campaigns.names(), [demo]);
    assert.deepEqual(problems, []);
  });
});

test('Giới thiệu shows the version being run and where the data lives', async () => {
  await withSession(async ({ page, dataDir }) => {
    const app = new AppShell(page);
    await page.getByTestId('about-open').click();
    const dialog = page.getByTestId('about-dialog');
    await dialog.waitFor();
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(await dialog.getByTestId('about-version').textContent(), version);
    assert.match((await dialog.textContent()) ?? '', /Thẩm định chỉ số CCHC/);
    assert.ok(((await dialog.textContent()) ?? '').includes(dataDir), 'the data folder is named');
    await app.screenshot('about');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

test('tabs move with ←/→, Home and End, and only the current tab is in the Tab order', async () => {
  await withSession(async ({ page, problems }) => {
    const selected = async () => page.locator('[data-testid="campaign-detail"] [role="tab"][aria-selected="true"]').getAttribute('data-testid');
    await page.getByTestId('tab-decision').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-settings');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tab-settings', 'focus follows');
    await page.keyboard.press('End');
    assert.equal(await selected(), 'tab-calendar');
    await page.getByTestId('calendar-panel').waitFor();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), 'tab-packages');
    await page.getByTestId('packages-panel').waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-decision', '→ on the last tab wraps to the first');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), 'tab-calendar', '← on the first wraps to the last');
    await page.keyboard.press('Home');
    assert.equal(await selected(), 'tab-decision');
    assert.deepEqual(await page.locator('[data-testid="campaign-detail"] [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('tabindex'))), ['0', '-1', '-1', '-1', '-1']);
    assert.deepEqual(problems, []);
  });
});
