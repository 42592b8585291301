// A council member sets up their profile, is assigned areas 1 and 2 for one commune, and appraises
// that commune with the keyboard alone: digits pick options, percentages and points are typed, Enter
// goes to the next unscored cell, and a reason is typed wherever the score differs from the
// self-assessment. Progress moves to n/n; a locked cell refuses input; Ctrl+Z undoes; a request for
// explanation is sent and answered; the cell's history lists the changes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPoints } from '../../shared/numbers.js';
import { withSession } from './harness.js';
import { AppShell, MembersPage, ProfilePage, WorkspacePage } from './pages.js';

const NAME = 'Trần Thị Bình';

test('a member scores the assigned part of a unit with the keyboard only', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const profile = new ProfilePage(page);
    const members = new MembersPage(page);
    const ws = new WorkspacePage(page);
    const proposalWrites: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/proposal/set')) proposalWrites.push(request.postData() ?? '');
    });

    // Assignment is the secretariat's: while this machine's profile is still the secretariat's, the members
    // panel assigns areas 1 and 2, for Xã Vĩnh Thạnh only (a member of the Department of Home Affairs, so
    // recused from that unit automatically).
    await profile.open();
    await profile.fill({ name: NAME, agency: 'Sở Nội vụ', role: 'Thành viên Tổ giúp việc', kind: 'secretariat' });
    await profile.save(NAME);
    await app.gotoByKeyboard('campaigns');
    await members.open();
    await members.card(NAME).waitFor();
    await members.setArea(NAME, '1');
    await members.setArea(NAME, '2');
    await members.setUnit(NAME, 'XP09');
    assert.equal(await members.recusal(NAME, 'SBN01').getAttribute('data-auto'), 'true', 'own agency recused automatically');
    await ws.screenshot('member-members');

    // Who am I: the member. From now on this machine offers the member's own work.
    await profile.open();
    await profile.fill({ name: NAME, agency: 'Sở Nội vụ', role: 'Thành viên Tổ giúp việc', kind: 'member' });
    await ws.screenshot('member-profile');
    await profile.save(NAME);
    assert.deepEqual(await profile.topBar(), { name: NAME, kind: 'Thành viên Hội đồng' });

    await app.gotoByKeyboard('scoring');
    await ws.waitReady();
    await page.locator('[data-testid="unit-recused-SBN01"]').waitFor();
    await page.locator('[data-testid="overall-progress"]', { hasText: /^0\/\d+$/ }).waitFor();
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');

    const leaves = await ws.leafCodes();
    const infos = await Promise.all(leaves.map((code) => ws.rowInfo(code)));
    const mine = infos.filter((r) => r.locked === '');
    const n = mine.length;
    assert.equal(n, 17, `areas 1 and 2 have 17 sub-criteria (${mine.map((r) => r.code).join(' ')})`);
    assert.ok(mine.every((r) => r.state === 'unscored'), 'the unit has no appraisal yet');
    assert.ok(infos.some((r) => r.locked === 'not_assigned'), 'other areas are locked');
    assert.equal(await ws.unitProgress(), `0/${n}`);
    assert.equal(await ws.overallProgress(), `0/${n}`);

    let reasons = 0;
    for (const [i, row] of mine.entries()) {
      await ws.waitFocus(row.code);
      let points: number;
      if (row.options.length > 0) {
        // Every third option row differs from the self-assessment on purpose.
        const selfIndex = row.self === null ? -1 : row.options.indexOf(row.self);
        const index = i % 3 === 1 || selfIndex < 0 ? row.options.findIndex((p) => p !== row.self) : selfIndex;
        points = row.options[index]!;
        await page.keyboard.press(String(index + 1));
        await page.locator(`[data-testid="mrow-${row.code}"][data-proposal="${points}"]`).waitFor();
      } else if (row.rule === 'ratio') {
        await page.keyboard.type(i % 2 === 0 ? '100' : '95,5');
        const live = await ws.text(`live-${row.code}`);
        const m = /= ([\d,]+) đ/.exec(live);
        assert.ok(m, `live points shown while typing (${live})`);
        points = Math.round(Number(m[1]!.replace(',', '.')) * 1000);
      } else {
        const target = i % 2 === 0 || row.self === null ? row.max : formatPoints(row.self);
        await page.keyboard.type(target);
        points = Math.round(Number(target.replace(',', '.')) * 1000);
      }
      const differs = row.self !== null && points !== row.self;
      if (row.options.length === 0) await page.keyboard.press('Enter');
      if (differs) {
        // The reason field takes the keyboard by itself.
        await ws.waitFocus(row.code, 'reason');
        await page.keyboard.type(`Chưa đủ tài liệu kiểm chứng cho tiêu chí ${row.code}`);
        reasons++;
      }
      if (differs || row.options.length > 0) await page.keyboard.press('Enter');
      await page.locator('[data-testid="unit-progress"]', { hasText: new RegExp(`^${i + 1}/${n}$`) }).waitFor();
      const next = mine[i + 1];
      if (next) await ws.waitFocus(next.code);
    }
    assert.ok(reasons >= 3, `some scores differ from the self-assessment (${reasons})`);
    await page.getByTestId('status-line').filter({ hasText: 'Đã chấm đủ mọi tiêu chí được phân công của đơn vị này.' }).waitFor();
    await ws.waitSaved();
    assert.equal(await ws.unitProgress(), `${n}/${n}`);
    assert.equal(await ws.overallProgress(), `${n}/${n}`);
    assert.equal(await ws.listProgress('XP09'), `${n}/${n}`);
    assert.equal(await ws.text('missing-reasons'), '0');
    for (const row of mine) {
      const after = await ws.rowInfo(row.code);
      assert.notEqual(after.proposal, null, `${row.code} scored`);
      assert.equal(after.needsReason, false, `${row.code} has its reason`);
    }
    await ws.screenshot('member-scoring');

    // A locked cell (area 3 is not assigned) refuses input and sends nothing.
    const last = mine[n - 1]!.code;
    assert.equal((await ws.focused()).code, last);
    const writes = proposalWrites.length;
    await page.keyboard.press('ArrowDown');
    const locked = leaves[leaves.indexOf(last) + 1]!;
    await ws.waitFocus(locked);
    assert.equal((await ws.rowInfo(locked)).locked, 'not_assigned');
    assert.match((await ws.row(locked).getByTestId(`score-${locked}`).getAttribute('title')) ?? '', /phân công/);
    await page.keyboard.press('1');
    await page.getByTestId(`refusal-${locked}`).waitFor();
    assert.match(await ws.text(`refusal-${locked}`), /Chỉ xem/);
    await ws.screenshot('member-locked');
    assert.equal((await ws.rowInfo(locked)).proposal, null);
    assert.equal(proposalWrites.length, writes, 'nothing was sent for the locked cell');

    // Ctrl+Z puts back the previous option (and its reason).
    const option = mine.find((r) => r.options.length > 1)!;
    const before = await ws.rowInfo(option.code);
    await ws.row(option.code).getByTestId(`score-${option.code}`).focus();
    const other = before.options.findIndex((p) => p !== before.proposal);
    await page.keyboard.press(String(other + 1));
    await page.locator(`[data-testid="mrow-${option.code}"][data-proposal="${before.options[other]}"]`).waitFor();
    await ws.waitSaved();
    if ((await ws.focused()).part === 'reason') await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await page.locator(`[data-testid="mrow-${option.code}"][data-proposal="${before.proposal}"]`).waitFor();
    await ws.waitSaved();
    assert.equal((await ws.rowInfo(option.code)).needsReason, false);

    // Request an explanation on a row, then record the unit's answer.
    const asked = mine[1]!.code;
    await ws.row(asked).locator('td.code').click();
    await page.getByTestId('request-text').fill('Đề nghị bổ sung báo cáo kết quả thực hiện kế hoạch.');
    await page.getByTestId('request-send').click();
    await page.locator(`[data-testid="request-status-${asked}"][data-status="open"]`).waitFor();
    assert.match(await ws.text('filter-awaiting'), /1$/);
    await ws.screenshot('member-request');
    await page.getByTestId('request-answered').click();
    await page.getByTestId('request-answer-text').fill('Đơn vị đã gửi bổ sung báo cáo số 12/BC.');
    await page.getByTestId('request-answer-save').click();
    await page.locator(`[data-testid="request-status-${asked}"][data-status="answered"]`).waitFor();

    // The history of a scored cell: who, when, old → new, reason.
    await ws.row(option.code).locator('td.code').click();
    await page.getByTestId('panel-tab-history').click();
    const items = page.getByTestId('history-item');
    await items.first().waitFor();
    assert.ok((await items.count()) >= 3, 'pick, re-pick and undo are all in the history');
    assert.match((await items.first().textContent()) ?? '', new RegExp(NAME));
    await ws.screenshot('member-history');

    // Filters: only the rows whose score differs from the self-assessment.
    await page.getByTestId('panel-tab-details').click();
    await page.getByTestId('filter-differs').click();
    const shown = await page.locator('[data-testid^="mrow-"].leaf').count();
    assert.equal(shown, reasons, 'the filter keeps the rows that differ');
    await ws.screenshot('member-filter');
    assert.deepEqual(problems, []);
  });
});
