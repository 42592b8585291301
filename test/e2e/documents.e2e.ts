// The results screen's export area in real Chromium at 1366×768: the two .docx buttons download the draft
// decision and the council's report with the decision fields typed in the form.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, RankingPage } from './pages.js';
import { docxParagraphs } from '../documents/support.js';

test('the annex tab downloads the draft decision and the report as .docx, with the number and date typed there', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const app = new AppShell(page);
    const ranking = new RankingPage(page);
    await app.goto('ranking');
    await ranking.waitReady();
    await ranking.openTab('annex');
    await ranking.fillDecision('679/QĐ-UBND', '16/02/2026');

    const area = page.getByTestId('document-exports');
    await area.scrollIntoViewIfNeeded();
    const decisionButton = page.getByTestId('export-decision-docx');
    const reportButton = page.getByTestId('export-report-docx');
    assert.equal((await decisionButton.textContent())?.trim(), 'Dự thảo quyết định (.docx)');
    assert.equal((await reportButton.textContent())?.trim(), 'Báo cáo thẩm định (.docx)');
    // Both buttons are whole on screen at 1366×768 once scrolled to.
    for (const button of [decisionButton, reportButton]) {
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 1366 && box.y >= 0 && box.y + box.height <= 768, JSON.stringify(box));
    }
    await app.screenshot('results-documents-1366');

    const decision = await app.download(() => decisionButton.click(), downloadDir);
    assert.match(decision.download.suggestedFilename(), /^Du-thao-Quyet-dinh-CCHC-\d{4}\.docx$/);
    const p = docxParagraphs(readFileSync(decision.path));
    assert.ok(p.includes('Số: 679/QĐ-UBND') && p.includes('Cần Thơ, ngày 16 tháng 02 năm 2026'), 'the fields typed in the form');
    assert.ok(p.some((x) => x.startsWith('Điều 1.')));

    const report = await app.download(() => reportButton.click(), downloadDir);
    assert.match(report.download.suggestedFilename(), /^Bao-cao-tham-dinh-CCHC-\d{4}\.docx$/);
    assert.ok(docxParagraphs(readFileSync(report.path)).includes('BÁO CÁO'));
    await page.getByTestId('toast-success').first().waitFor();
    assert.deepEqual(problems, []);
  });
});
