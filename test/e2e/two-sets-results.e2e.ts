// The results screens of a campaign with two criteria sets at 1366×768: the heat map of each group has its
// own set's area columns (area 2 is "Cải cách thủ tục hành chính" for departments, "Cải cách tổ chức bộ
// máy" for communes), the legend names both, the annex tab names the sets, nothing scrolls sideways. Screenshots kept to look at.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { twoSetWorkbook, workbookBuffer } from '../helpers.js';
import { SHOTS_DIR, withSession } from './harness.js';
import { AppShell } from './pages.js';

test('two criteria sets: each group\'s heat map and chart show its own set\'s areas, at 1366×768 without sideways scroll', async () => {
  await withSession(async (session) => {
    // The campaign is written while the host is stopped, as an import from another machine would leave it.
    await session.killHost();
    const app = openApp({ dataDir: session.dataDir, host: 'cli', seedDemo: false });
    try {
      app.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), 'Tổ thư ký', 'hai-bo.xlsx', false);
    } finally {
      app.close();
    }
    const url = await session.restartHost();
    const { page } = session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByTestId('campaign-select').selectOption({ label: 'Thẩm định CCHC 2025 (hai cấp)' });
    await new AppShell(page).goto('ranking');
    await page.getByTestId('results-tab-components').click();
    const headers = (group: string) => page.getByTestId(`heatmap-${group}`).locator('thead th').evaluateAll((ths) => ths.map((th) => `${th.textContent ?? ''} ${(th as HTMLElement).title}`));
    await page.getByTestId('heatmap-X').waitFor();
    const so = (await headers('S')).join(' | ');
    const xa = (await headers('X')).join(' | ');
    assert.ok(so.includes('Cải cách thủ tục hành chính') && !so.includes('Cải cách tổ chức bộ máy'), `departments' columns: ${so}`);
    assert.ok(xa.includes('Cải cách tổ chức bộ máy') && !xa.includes('Cải cách thủ tục hành chính'), `communes' columns: ${xa}`);
    const legend = await page.getByTestId('area-legend').innerText();
    assert.ok(legend.includes('Cải cách thủ tục hành chính (Sở, ban, ngành)') && legend.includes('Cải cách tổ chức bộ máy (UBND xã, phường)'), `the legend names both sets' area 2 and whose it is: ${legend}`);
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await wide()) <= 1366, 'the components tab does not scroll sideways');
    await page.screenshot({ path: join(SHOTS_DIR, 'two-sets-components.png'), fullPage: true });
    await page.getByTestId('results-tab-charts').click();
    await page.locator('[data-testid="results-tab-charts"][aria-selected="true"]').waitFor();
    await page.getByTestId('chart-components').waitFor();
    assert.ok((await wide()) <= 1366, 'the charts tab does not scroll sideways');
    await page.screenshot({ path: join(SHOTS_DIR, 'two-sets-charts.png'), fullPage: true });
    // The annex tab names the sets and whose they are, and what each annex does with them.
    await page.getByTestId('results-tab-annex').click();
    const sets = await page.getByTestId('annex-sets').innerText();
    assert.match(sets, /nhiều bộ tiêu chí: .*\(Sở, ban, ngành\); .*\(UBND xã, phường\)/, sets);
    assert.ok((await wide()) <= 1366, 'the annex tab does not scroll sideways');
    await page.screenshot({ path: join(SHOTS_DIR, 'two-sets-annex.png'), fullPage: true });
    assert.deepEqual(session.problems, []);
  });
});
