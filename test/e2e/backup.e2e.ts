// Backup and restore from the top bar's dialog: back up (the archive downloads), change a score,
// restore from the downloaded file after the confirmation, reload, and the old score is back.

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, ScoringPage } from './pages.js';

test('a backup made from the dialog restores an earlier score after the confirmation', async () => {
  await withSession(async ({ page, problems, downloadDir }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);

    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    const code = await scoring.focusedCode();
    assert.ok(code, 'the cursor is on the first unscored leaf');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await app.waitSaved();
    const kept = await scoring.scoreInput(code).inputValue();
    assert.notEqual(kept, '');

    // The dialog from the top bar, by keyboard: focus the button and press Enter.
    await page.getByTestId('backup-button').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('backup-dialog');
    await dialog.waitFor();
    const { path } = await app.download(() => page.getByTestId('backup-now').click(), downloadDir);
    assert.match(path, /sao-luu-\d{8}-\d{6}\.parbak$/);
    assert.ok(statSync(path).size > 10_000);
    await page.locator('[data-testid="backup-row"][data-name^="sao-luu-"]').waitFor();
    assert.match((await page.getByTestId('backup-status').textContent()) ?? '', /Đã tạo bản sao lưu sao-luu-/);
    await app.screenshot('backup-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Change the score after the backup.
    await scoring.scoreInput(code).click();
    await scoring.scoreInput(code).fill('0');
    await page.keyboard.press('Enter');
    // 0 differs from the unit's self-score: the grid asks for the reason before it saves.
    await scoring.giveReason('Không có tài liệu kiểm chứng');
    await app.waitSaved();
    assert.notEqual(await scoring.scoreInput(code).inputValue(), kept);

    // Restore from the downloaded file: the confirmation names the file and what is replaced.
    await page.getByTestId('backup-button').click();
    await dialog.waitFor();
    await page.getByTestId('backup-file-input').setInputFiles(path);
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    const message = (await page.getByTestId('confirm-message').textContent()) ?? '';
    assert.match(message, /THAY THẾ toàn bộ dữ liệu đang có trên máy này — 1 đợt đánh giá/);
    assert.ok(message.includes(path.split('/').pop()!), message);
    await app.screenshot('backup-confirm');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('backup-restored').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('backup-restored').textContent()) ?? '', /Đã khôi phục/);
    await app.screenshot('backup-restored');
    await page.getByTestId('backup-reload').click();
    await page.waitForSelector('body[data-ready="true"]');

    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    assert.equal(await scoring.scoreInput(code).inputValue(), kept, 'the score from before the change is back');
    assert.ok(existsSync(path));
    assert.deepEqual(problems, []);
  });
});
