// The criteria tree editor from the keyboard: the department set (scored) opens read-only and says why; the
// commune set (not scored yet) gains a child under area 1 with its rule, re-weighs area 1, refuses KAD on
// a node, loses the bonus area after a confirmation, and is saved with Ctrl+S; the sums and the rule's
// reading follow each keystroke. Screenshot at 1366×768, nothing scrolling sideways.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { withSession } from './harness.js';
import { AppShell, CampaignsPage } from './pages.js';
import { twoSetWorkbook, workbookBuffer } from '../helpers.js';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test('the secretariat edits a criteria set\'s tree from the keyboard', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const campaigns = new CampaignsPage(page);
    await page.setViewportSize({ width: 1366, height: 768 });

    // The two-set campaign with the communes not scored yet.
    const wb = twoSetWorkbook();
    wb['Điểm'] = [wb['Điểm'][0]!, ...wb['Điểm'].slice(1).filter((r) => !String(r[0]).startsWith('X'))];
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

    // The scored department set opens read-only, naming the unit and suggesting a copy; Esc closes it.
    await page.getByTestId('set-edit-SO').click();
    const blocked = page.getByTestId('tree-blocked');
    await blocked.waitFor();
    assert.match((await blocked.textContent()) ?? '', /Sở Nội vụ.*Chép bộ tiêu chí/);
    assert.equal(await page.getByTestId('tree-save').isDisabled(), true);
    await page.keyboard.press('Escape');
    await page.getByTestId('tree-editor').waitFor({ state: 'detached' });

    // The commune set, from the keyboard.
    const cell = (column: string, code: string) => page.getByTestId(`tree-${column}-${code}`);
    const text = async (column: string, code: string) => ((await cell(column, code).textContent()) ?? '').trim();
    await page.getByTestId('set-edit-XA').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('tree-row-3.2').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tree-table');
    assert.equal(((await page.getByTestId('tree-total').textContent()) ?? '').trim(), 'Tổng điểm tối đa các lĩnh vực: 40 / 100 — chưa bằng 100');

    // Insert on area 1 adds 1.3 and edits its name; then its maximum.
    await page.keyboard.press('Insert');
    await page.getByTestId('tree-edit').waitFor();
    await page.keyboard.type('Kiểm tra CCHC');
    await page.keyboard.press('Enter');
    assert.equal(await text('name', '1.3'), 'Kiểm tra CCHC');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    // Area 1 now says its children add up to 10, not its 8.
    assert.equal(await text('max', '1'), '8 ≠ 10');
    // Saved now, the service refuses the tree with the workbook's own words, and the draft stays.
    await page.keyboard.press('Control+s');
    const refusal = page.getByTestId('tree-problem');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /điểm tối đa của "1" là 8 nhưng tổng điểm tối đa các tiêu chí con là 10/);
    assert.equal(await text('name', '1.3'), 'Kiểm tra CCHC');

    // Esc leaves a cell as it was and keeps the editor open.
    await page.keyboard.press('Enter');
    await page.keyboard.type('99');
    await page.keyboard.press('Escape');
    assert.equal(await text('max', '1.3'), '2');
    await page.getByTestId('tree-editor').waitFor();

    // Up three rows to area 1: its maximum becomes 10.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    assert.equal(await text('max', '1'), '10');
    assert.match((await page.getByTestId('tree-total').textContent()) ?? '', /42 \/ 100/);

    // 1.3's rule: a wrong one is read back as the parser's message, the right one as its options.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.keyboard.type('mức: Đạt=2; Không');
    await page.keyboard.press('Enter');
    assert.match((await page.getByTestId('tree-preview').textContent()) ?? '', /chưa đọc được: .*mục "Không" phải có dạng/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('mức: Đạt=2; Không đạt=0');
    await page.keyboard.press('Enter');
    assert.equal(((await page.getByTestId('tree-preview').textContent()) ?? '').trim(), 'Cách tính của "1.3": Đạt → 2; Không đạt → 0');

    // KAD not allowed on 1.3: Space on the last column.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    assert.equal(await text('na', '1.3'), 'không');

    // Delete the bonus area 4 with its child, after the confirmation (Tab to "Xóa tiêu chí", Enter).
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Delete');
    const confirm = page.getByTestId('confirm-message');
    await confirm.waitFor();
    assert.equal(((await confirm.textContent()) ?? '').trim(), 'Xóa tiêu chí "4" cùng 1 tiêu chí con? Thay đổi chỉ được ghi khi bấm "Lưu cây tiêu chí".');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('tree-row-4.1').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('tree-row-4').count(), 0);
    await page.getByTestId('tree-row-5.1').waitFor();

    await app.screenshot('criteria-set-editor-1366');
    assert.ok(await fitsWidth(page), 'the editor fits at 1366 px');

    // Ctrl+S saves; the notice says the members and units need the next package.
    await page.getByTestId('tree-table').focus();
    await page.keyboard.press('Control+s');
    await page.getByText('Đã lưu cây tiêu chí "Bộ tiêu chí cấp xã". Bộ tiêu chí đã thay đổi: thành viên Hội đồng và đơn vị cần nhận gói đợt đánh giá tiếp theo.').first().waitFor();
    await page.getByTestId('tree-editor').waitFor({ state: 'detached' });
    await page.locator('[data-testid="set-row-XA"] td.num', { hasText: '42' }).first().waitFor();

    // Opened again, the tree is the saved one.
    await page.getByTestId('set-edit-XA').click();
    await page.getByTestId('tree-row-1.3').waitFor();
    assert.equal(await text('rule', '1.3'), 'mức: Đạt=2; Không đạt=0');
    assert.equal(await text('na', '1.3'), 'không');
    assert.equal(await page.getByTestId('tree-row-4').count(), 0);
    assert.deepEqual(problems, []);
  });
});
