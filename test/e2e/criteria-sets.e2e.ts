// Two criteria sets in one campaign, run from the UI: the secretariat imports a two-set workbook, copies
// the commune set under a new code from the keyboard, puts the wards' group under the copy, and sees the
// copy's name on a ward's sheet; the members panel lists each set's areas under the set's name.
// Screenshots at 1366×768, none scrolling sideways.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage, MembersPage, ProfilePage, ScoringPage } from './pages.js';
import { twoSetWorkbook, workbookBuffer } from '../helpers.js';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test('the secretariat copies a criteria set, scores a group under it and sees the set on the sheet', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    const scoring = new ScoringPage(page);
    await page.setViewportSize({ width: 1366, height: 768 });

    // The two-set campaign plus a wards' group P (still under XA) whose unit has no score yet.
    const wb = twoSetWorkbook();
    wb['Nhóm'].push(['P', 'UBND phường', 'XA', 'Tốt', 90]);
    wb['Đơn vị'].push(['P1', 'Phường Thới Bình', 'P']);
    const file = join(downloadDir, 'hai-cap.xlsx');
    writeFileSync(file, workbookBuffer(wb));
    await app.goto('campaigns');
    await campaigns.importFile(file);
    const row = campaigns.rowByName('Thẩm định CCHC 2025 (hai cấp)');
    await row.waitFor();
    await row.click();
    await page.locator('[data-testid^="campaign-row-"].selected[data-name="Thẩm định CCHC 2025 (hai cấp)"]').waitFor();

    await page.getByTestId('tab-settings').click();
    await page.getByTestId('set-row-XA').waitFor();
    assert.equal((await page.getByTestId('set-groups-SO').textContent())?.trim(), 'Sở, ban, ngành');
    assert.equal((await page.getByTestId('set-groups-XA').textContent())?.trim(), 'UBND xã, phường, UBND phường');
    assert.equal(await page.getByTestId('set-delete-XA').isDisabled(), true, 'a set in use cannot be deleted');

    // Copy XA from the keyboard: focus "Chép…", Enter, type the code, Tab, the name, Enter.
    await page.getByTestId('set-copy-XA').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('set-copy-dialog').waitFor();
    assert.equal(await page.getByTestId('set-copy-from').inputValue(), 'XA');
    await page.keyboard.type('XA');
    await page.getByText('Đã có bộ tiêu chí mang mã này.').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('PX');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bộ tiêu chí cấp phường');
    await app.screenshot('criteria-sets-copy-1366');
    await page.keyboard.press('Enter');
    await page.getByText('Đã chép thành bộ tiêu chí "Bộ tiêu chí cấp phường".').first().waitFor();
    await page.getByTestId('set-row-PX').waitFor();
    assert.equal((await page.getByTestId('set-groups-PX').textContent())?.trim(), 'Chưa có nhóm nào');

    // The wards' group goes under the copy.
    await page.getByTestId('group-set-2').selectOption('PX');
    await page.getByTestId('groups-save').click();
    await page.getByText('Đã lưu nhóm và xếp loại.').first().waitFor();
    await page.locator('[data-testid="set-groups-PX"]', { hasText: 'UBND phường' }).waitFor();
    assert.equal(await page.getByTestId('set-delete-PX').isDisabled(), true);
    await page.getByTestId('criteria-sets').scrollIntoViewIfNeeded();
    await app.screenshot('criteria-sets-settings-1366');
    assert.ok(await fitsWidth(page), 'the settings fit at 1366 px');

    // Rename the copy; the sheet shows the new name beside the group.
    await page.getByTestId('set-rename-PX').click();
    await page.getByTestId('set-rename-dialog').waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Bộ tiêu chí phường');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="set-name-PX"]', { hasText: 'Bộ tiêu chí phường' }).waitFor();

    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('Thới Bình', 'Phường Thới Bình');
    const setName = page.getByTestId('sheet-set');
    assert.equal((await setName.textContent())?.trim(), 'Bộ tiêu chí phường');
    assert.equal(await setName.getAttribute('data-code'), 'PX');
    // The copy holds XA's tree: 3.2 is a row, SO's 1.3 is not.
    await scoring.row('3.2').waitFor();
    assert.equal(await scoring.row('1.3').count(), 0);
    await app.screenshot('criteria-sets-sheet-1366');
    assert.ok(await fitsWidth(page), 'the sheet fits at 1366 px');
    await scoring.openUnitByTyping('Sở Nội vụ', 'Sở Nội vụ');
    await page.locator('[data-testid="sheet-set"]', { hasText: 'Bộ tiêu chí cấp sở' }).waitFor();

    // Members: the area choices come under each set's name; area 1 of one set only is assigned.
    const profile = new ProfilePage(page);
    await profile.open();
    await profile.fill({ name: 'Trần Thị Bình', agency: 'Sở Nội vụ', role: 'Tổ thư ký', kind: 'secretariat' });
    await profile.save('Trần Thị Bình');
    await app.goto('campaigns');
    const members = new MembersPage(page);
    await members.open();
    const card = members.card('Trần Thị Bình');
    await card.getByTestId('assign-set-PX').waitFor();
    assert.deepEqual(
      (await card.locator('.area-set-name').allTextContents()).map((x) => x.trim()),
      ['Bộ tiêu chí cấp sở (SO)', 'Bộ tiêu chí cấp xã (XA)', 'Bộ tiêu chí phường (PX)'],
    );
    await members.setArea('Trần Thị Bình', 'XA:1');
    assert.equal(await card.getByTestId('assign-area-SO:1').isChecked(), false);
    assert.equal(await card.getByTestId('assign-area-PX:1').isChecked(), false);
    await app.screenshot('criteria-sets-members-1366');
    assert.ok(await fitsWidth(page), 'the members panel fits at 1366 px');
    assert.deepEqual(problems, []);
  });
});
