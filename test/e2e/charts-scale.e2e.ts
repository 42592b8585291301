// The results charts stay readable with 300 units in one group: one horizontal bar per unit, scrolling
// down inside the chart (never sideways), a row tall enough for its label, and every percentage axis
// from 0. A screenshot at 1366×768 is kept for a person to look at.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatedCampaign } from '../../bench/generate.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { withSession } from './harness.js';
import { api } from './member-support.js';
import { AppShell, ChartsPage, RankingPage } from './pages.js';

test('the indices chart of a 300-unit group scrolls down inside itself, labels one per row, axes from 0', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    await page.setViewportSize({ width: 1366, height: 768 });
    // 450 units: every third is a department, the other 300 are communes (one group).
    const content = generatedCampaign(450, [3, 3, 3, 3, 3, 3, 3, 3]);
    content.units = content.units.map((u, i) => (u.groupCode === 'XP' ? { ...u, name: `Ủy ban nhân dân phường, xã có tên khá dài số ${i + 1}` } : u));
    const imported = await api<{ campaignId: number }>(session, 'workbook/import', { fileName: 'lon.xlsx', contentBase64: writeCampaignWorkbook(content).toString('base64') });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByTestId('campaign-select').selectOption(String(imported.campaignId));

    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    const charts = new ChartsPage(page);
    await app.goto('ranking');
    await ranking.waitReady();
    await ranking.openTab('charts');
    await page.getByTestId('chart-group').waitFor();
    const communes = await page.getByTestId('chart-group').locator('option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    const xp = communes.find(([, name]) => name.includes('xã'))?.[0];
    assert.ok(xp, `a commune group among ${JSON.stringify(communes)}`);
    await page.getByTestId('chart-group').selectOption(xp);
    await page.locator('[data-testid="chart-indices"][data-rows="300"]').waitFor();
    const drawn = await charts.inkedPixels('indices');
    assert.ok(drawn.inked > 0, 'the chart drew');

    const box = await page.getByTestId('chart-scroll-indices').evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      scrollHeight: el.scrollHeight,
      clientHeight: el.clientHeight,
      canvasHeight: el.querySelector('canvas')!.getBoundingClientRect().height,
    }));
    assert.ok(box.scrollWidth <= box.clientWidth, `no sideways scroll (${box.scrollWidth} > ${box.clientWidth})`);
    assert.ok(box.scrollHeight > box.clientHeight, 'scrolls down inside the chart');
    assert.ok(box.canvasHeight / 300 >= 16, `each unit has a row of at least 16 px for its 11 px label (${(box.canvasHeight / 300).toFixed(1)})`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1366), 'the page does not scroll sideways');
    for (const name of ['indices', 'components'] as const) {
      assert.equal(await charts.canvas(name).getAttribute('data-axis-min'), '0', `${name}: the percentage axis starts at 0`);
    }
    await app.screenshot('charts-300-units');
    await page.getByTestId('chart-scroll-indices').evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    await app.screenshot('charts-300-units-scrolled');
    assert.deepEqual(problems, []);
  });
});
