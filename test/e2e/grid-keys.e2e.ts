// Keystrokes never turn into "Không áp dụng" by accident (issue 11, item 1), and a change that touches
// more than one sub-criterion asks first and can be undone (item 2), in both grids: the secretariat's
// final scores and the member's proposals. Every check waits for what the screen shows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { api, becomeMember } from './member-support.js';
import { AppShell, MembersPage, ScoringPage, WorkspacePage } from './pages.js';

test('secretariat grid: "1 " types a score, K/Space in a field are text, Alt+K marks KAD with a notice, Ctrl+Z reverts', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);
    await app.goto('scoring');
    await scoring.openUnit('SBN01', 'Sở Nội vụ');
    const start = await scoring.figures();
    assert.equal(start.max, '100');
    const leaf = (await scoring.leaves()).find((l) => l.applicable && l.kind === 'appraised' && l.max !== '0' && l.value !== '1')!;

    await scoring.scoreInput(leaf.code).focus();
    await page.keyboard.type('1 ');
    await page.keyboard.press('Enter');
    // 1 differing from the unit's self-score is a decision that needs its reason.
    if (leaf.self !== '1') await scoring.giveReason('Đủ hồ sơ');
    await app.waitSaved();
    assert.equal(await scoring.row(leaf.code).getAttribute('data-applicable'), 'true', 'the space is part of the text, not a KAD toggle');
    assert.equal(await scoring.scoreInput(leaf.code).inputValue(), '1');
    assert.equal((await scoring.figures()).max, '100');

    // A letter in a number field stays there (and is refused as a number), it marks nothing.
    await scoring.scoreInput(leaf.code).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('k');
    await scoring.scoreError(leaf.code).waitFor();
    assert.equal(await scoring.scoreInput(leaf.code).inputValue(), 'k');
    assert.equal(await scoring.row(leaf.code).getAttribute('data-applicable'), 'true');
    await page.keyboard.press('Escape');
    await scoring.scoreError(leaf.code).waitFor({ state: 'detached' });

    // The explicit way: Alt+K, with a notice naming the criterion and the new maximum.
    await page.keyboard.press('Alt+k');
    await app.waitSaved();
    await page.locator(`[data-testid="row-${leaf.code}"][data-applicable="false"]`).waitFor();
    const after = await scoring.figures();
    assert.notEqual(after.max, '100');
    const notice = await page.getByTestId('na-notice').textContent();
    assert.ok(notice?.includes(leaf.code) && notice.includes(after.max), `notice names ${leaf.code} and ${after.max}: ${notice}`);

    await page.keyboard.press('Control+z');
    await app.waitSaved();
    await page.locator(`[data-testid="row-${leaf.code}"][data-applicable="true"]`).waitFor();
    assert.equal((await scoring.figures()).max, '100');
    assert.deepEqual(problems, []);
  });
});

test('secretariat grid: ticking KAD on an area asks first, naming sub-criteria and points; Ctrl+Z undoes it', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);
    await app.goto('scoring');
    await scoring.openUnit('SBN01', 'Sở Nội vụ');
    const leaves = (await scoring.leaves()).filter((l) => l.code.startsWith('3.') && l.applicable);

    await page.getByTestId('na-3').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    const message = (await page.getByTestId('confirm-message').textContent()) ?? '';
    assert.ok(message.includes(String(leaves.length)) && message.includes('14,5'), `names ${leaves.length} sub-criteria and 14,5 points: ${message}`);
    assert.equal(await scoring.row('3').getAttribute('data-applicable'), 'true', 'nothing saved before the answer');
    await page.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await scoring.row('3').getAttribute('data-applicable'), 'true', 'cancel changes nothing');

    await page.getByTestId('na-3').click();
    await page.getByTestId('confirm-ok').click();
    await app.waitSaved();
    await page.locator('[data-testid="row-3"][data-applicable="false"]').waitFor();
    assert.equal((await scoring.figures()).max, '85,5');

    // A click leaves the keyboard on the row, so Ctrl+Z reaches the grid.
    assert.equal(await scoring.focusSettles('3'), '3');
    await page.keyboard.press('Control+z');
    await app.waitSaved();
    await page.locator('[data-testid="row-3"][data-applicable="true"]').waitFor();
    assert.equal((await scoring.figures()).max, '100');
    assert.deepEqual(problems, []);
  });
});

test('member grid: a sentence typed into a % box or on a Có/Không cell is kept as text, never KAD, never the unit search', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    const ws = new WorkspacePage(page);
    await becomeMember(session, ['1', '2']);
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    const infos = await Promise.all((await ws.leafCodes()).map((code) => ws.rowInfo(code)));
    const mine = infos.filter((r) => r.locked === '');
    let percent: string | undefined;
    for (const r of mine) {
      if (r.rule === 'ratio' && (await page.getByTestId(`score2-${r.code}`).count()) === 0) {
        percent = r.code;
        break;
      }
    }
    const yesno = mine.find((r) => r.rule === 'yesno')?.code;
    assert.ok(percent && yesno, 'areas 1–2 have a % cell and a Có/Không cell');

    await page.getByTestId(`score-${percent}`).focus();
    await page.keyboard.type('khoảng 90');
    assert.equal(await page.getByTestId(`score-${percent}`).inputValue(), 'khoảng 90', 'every typed character is kept');
    await page.getByTestId(`score-error-${percent}`).waitFor();
    assert.notEqual((await ws.rowInfo(percent)).state, 'na');
    await page.keyboard.press('Escape');

    const search = await page.getByTestId('unit-search').inputValue();
    await page.getByTestId(`score-${yesno}`).focus();
    await ws.waitFocus(yesno);
    await page.keyboard.type('ok da xem / tiếp');
    await ws.waitFocus(yesno, 'reason');
    assert.equal(await page.getByTestId(`reason-${yesno}`).inputValue(), 'ok da xem / tiếp', 'the sentence lands in the reason field');
    assert.equal(await page.getByTestId('unit-search').inputValue(), search, 'the slash did not jump to the unit search');
    assert.equal((await ws.focused()).part, 'reason');
    assert.notEqual((await ws.rowInfo(yesno)).state, 'na');
    await page.keyboard.press('Enter');
    await ws.waitSaved();
    assert.equal((await ws.rowInfo(yesno)).state === 'na', false);
    assert.deepEqual(problems, []);
  });
});

test('member grid: KAD on an area asks first and Ctrl+Z undoes it', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    const ws = new WorkspacePage(page);
    await becomeMember(session, ['1', '2']);
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    const maxBefore = await ws.text('sheet-max');

    await page.getByTestId('mna-1').click();
    await page.getByTestId('confirm-dialog').waitFor();
    assert.match((await page.getByTestId('confirm-message').textContent()) ?? '', /\d+ tiêu chí thành phần/);
    await page.getByTestId('confirm-ok').click();
    await ws.waitSaved();
    await page.locator('[data-testid="mrow-1.1.1"][data-state="na"]').waitFor();
    assert.notEqual(await ws.text('sheet-max'), maxBefore);
    await page.getByTestId('na-notice').waitFor();

    await ws.waitFocus('1');
    await page.keyboard.press('Control+z');
    await ws.waitSaved();
    await page.locator('[data-testid="mrow-1.1.1"]:not([data-state="na"])').waitFor();
    assert.equal(await ws.text('sheet-max'), maxBefore);
    assert.deepEqual(problems, []);
  });
});

test('assignment ticks: one notice per batch of ticks, and the whole batch can be undone', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    const app = new AppShell(page);
    const members = new MembersPage(page);
    const name = 'Lê Minh Châu';
    // The member's own machine makes the identity; the secretariat registers it (assigning is the secretariat's).
    await withSession(async (member) => {
      await api(member, 'member/saveSelf', { name, agency: 'Sở Tài chính', role: 'Thành viên Tổ giúp việc', kind: 'member' });
      const identity = await api<{ contentBase64: string }>(member, 'identity/export', {});
      await api(session, 'identity/register', { campaignId: 1, fileName: 'chau.pub', contentBase64: identity.contentBase64 });
    });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await app.goto('campaigns');
    await members.open();
    await members.card(name).waitFor();
    // Every toast that appears is counted (they leave after a few seconds).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenToasts: string[] }).seenToasts = seen;
      new MutationObserver((changes) => {
        for (const change of changes) for (const node of change.addedNodes) if (node instanceof HTMLElement) seen.push(node.textContent ?? '');
      }).observe(document.querySelector('[data-testid="toasts"]')!, { childList: true });
    });

    await members.setArea(name, '1');
    await members.setArea(name, '2');
    await members.setUnit(name, 'XP09');
    await page.locator('[data-testid="assign-batch"]', { hasText: '3' }).waitFor();
    const toasts = await page.evaluate(() => (window as unknown as { seenToasts: string[] }).seenToasts.filter((text) => text.includes('phân công')));
    assert.equal(toasts.length, 1, `one notice for the batch: ${JSON.stringify(toasts)}`);

    await page.getByTestId('assign-undo').click();
    for (const id of ['assign-area-1', 'assign-area-2', 'assign-unit-XP09']) {
      await page.waitForFunction((testId) => (document.querySelector(`[data-testid="member-card"] [data-testid="${testId}"]`) as HTMLInputElement | null)?.checked === false, id);
    }
    await page.getByTestId('assign-batch').waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
  });
});
