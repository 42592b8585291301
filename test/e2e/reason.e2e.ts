// The secretariat's direct edit that differs from the unit's self-score is a decision: it needs a
// reason (shared/rules.ts needsReason, checked by the server). The grid asks for it in a dialog;
// cancelling leaves the database as it was, a reason saves the score.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, ScoringPage } from './pages.js';

test('a score that differs from the self-score asks for a reason; cancel keeps the old value, a reason saves it', async () => {
  await withSession(async ({ page }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);
    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    const rows = await page.locator('[data-testid^="row-"]').evaluateAll((all) =>
      all
        .map((r) => r as HTMLElement)
        .filter((r) => r.querySelector('input.score-input') && r.dataset.applicable === 'true' && r.dataset.kind !== 'survey')
        .map((r) => ({ code: r.dataset.code ?? '', self: r.children[3]?.textContent?.trim() ?? '', value: (r.querySelector('input.score-input') as HTMLInputElement).value })),
    );
    const leaf = rows.find((r) => r.self !== '' && r.self !== '0' && r.value === '');
    assert.ok(leaf, 'a leaf with a self-score above 0 and no appraisal yet');

    const input = scoring.scoreInput(leaf.code);
    await input.focus();
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('reason-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', new RegExp(leaf.code.replace(/\./g, '\\.')));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((code) => (document.querySelector(`[data-testid="score-${code}"]`) as HTMLInputElement | null)?.value === '', leaf.code);

    await input.focus();
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('Không có tài liệu kiểm chứng');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((code) => (document.querySelector(`[data-testid="score-${code}"]`) as HTMLInputElement | null)?.value === '0', leaf.code);

    // The database holds it: a fresh page shows the saved score.
    await page.reload();
    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    assert.equal(await scoring.scoreInput(leaf.code).inputValue(), '0');
  });
});
