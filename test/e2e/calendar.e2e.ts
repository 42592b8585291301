// The Lịch thẩm định panel, driven with the keyboard: the secretariat sets round 1's deadline to a day
// already past (shown "Đã hết hạn"), extends it with a reason (the OK button stays disabled without one),
// sets another phase far ahead ("Còn N ngày"); the member's machine shows the calendar without any edit
// button, and with round 1's deadline past its proposals are read-only (a key on a cell refused, saying why).
// Screenshots at 1366×768.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell } from './pages.js';
import { api, becomeMember } from './member-support.js';

test('the secretariat sets and extends deadlines from the keyboard; the member sees them read-only', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    const app = new AppShell(page);
    await page.setViewportSize({ width: 1366, height: 768 });
    await app.goto('campaigns');
    await page.getByTestId('campaign-row-1').click();
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('calendar-panel').waitFor();
    assert.equal(await page.getByTestId('calendar-deadline-tham_dinh_1').textContent(), 'Chưa đặt hạn');
    assert.equal(await page.getByTestId('calendar-extend-tham_dinh_1').isDisabled(), true, 'nothing to extend yet');

    // Set: focus the button, Enter opens the dialog with the date field focused, Enter saves.
    await page.getByTestId('calendar-set-tham_dinh_1').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-dialog').waitFor();
    await page.keyboard.type('31/02/2026');
    await page.getByTestId('calendar-date-error').waitFor();
    assert.equal(await page.getByTestId('calendar-ok').isDisabled(), true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('15/03/2026');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-dialog').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('calendar-deadline-tham_dinh_1').textContent(), '15/03/2026');
    assert.equal(await page.getByTestId('calendar-state-tham_dinh_1').textContent(), 'Đã hết hạn');

    // Extend: a later day and a reason; without the reason the dialog cannot be confirmed.
    await page.getByTestId('calendar-extend-tham_dinh_1').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-dialog').waitFor();
    await page.keyboard.type('20/03/2099');
    assert.equal(await page.getByTestId('calendar-ok').isDisabled(), true, 'a reason is required');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Thành viên đi công tác, Chủ tịch Hội đồng đồng ý');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'calendar-ok');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-dialog').waitFor({ state: 'detached' });
    assert.match((await page.getByTestId('calendar-extension-tham_dinh_1').textContent()) ?? '', /^Đến 20\/03\/2099: Thành viên đi công tác, Chủ tịch Hội đồng đồng ý \(/);
    assert.match((await page.getByTestId('calendar-state-tham_dinh_1').textContent()) ?? '', /^Còn \d+ ngày$/);

    await page.getByTestId('calendar-set-cong_bo').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('31/12/2099');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-dialog').waitFor({ state: 'detached' });
    assert.match((await page.getByTestId('calendar-state-cong_bo').textContent()) ?? '', /^Còn \d+ ngày$/);
    const fits = await page.getByTestId('calendar-panel').evaluate((e) => e.scrollWidth <= e.clientWidth);
    assert.ok(fits, 'the calendar fits at 1366 px');
    await app.screenshot('calendar-1366');

    // The member's machine: round 1's deadline back to the day already past (the extension withdrawn): the
    // member's cells are read-only, each keeping its reason to say why; a key on one is refused.
    await api(session, 'calendar/set', { campaignId: 1, phase: 'tham_dinh_1', deadline: '2026-03-15' });
    await becomeMember(session, ['2']);
    await page.getByTestId('closed-banner').waitFor();
    const closedCell = page.locator('tr[data-locked="closed"]').first();
    const code = (await closedCell.getAttribute('data-testid'))!.slice('mrow-'.length);
    assert.ok(code.startsWith('2.'), `a cell of area 2 is closed: ${code}`);
    assert.equal(await page.locator('tr[data-locked=""]').count(), 0, 'no cell left to edit');
    await page.getByTestId(`score-${code}`).focus();
    await page.keyboard.press('1');
    assert.match((await page.getByTestId(`refusal-${code}`).textContent()) ?? '', /hết hạn thẩm định/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    await app.screenshot('member-closed-1366');

    // The same calendar, no edit buttons, the read-only hint.
    await app.goto('campaigns');
    await page.getByTestId('campaign-row-1').click();
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('calendar-panel').waitFor();
    assert.equal(await page.getByTestId('calendar-deadline-tham_dinh_1').textContent(), '15/03/2026');
    assert.equal(await page.getByTestId('calendar-set-tham_dinh_1').count(), 0);
    assert.match((await page.getByTestId('calendar-hint').textContent()) ?? '', /chỉ xem/);
    await app.screenshot('calendar-member-1366');
    assert.deepEqual(problems, []);
  });
});
