// Every acknowledged score survives the host being killed outright (SIGKILL, no shutdown handler):
// a member scores several cells, waits for "Đã lưu", the process dies, a change made while it is down
// is shown as not saved, and after a restart on the same data folder every acknowledged score is back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { becomeMember, scoreRowByKeyboard } from './member-support.js';
import { WorkspacePage } from './pages.js';

test('acknowledged scores survive a killed host', async () => {
  await withSession(async (session) => {
    const { page } = session;
    const ws = new WorkspacePage(page);
    await becomeMember(session, ['1', '2'], ['XP09']);
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');

    const mine: string[] = [];
    for (const code of await ws.leafCodes()) if ((await ws.rowInfo(code)).locked === '') mine.push(code);
    const scored = mine.slice(0, 8);
    for (const code of scored) await scoreRowByKeyboard(page, ws, code);
    await ws.waitSaved();
    assert.equal(await ws.unitProgress(), `${scored.length}/${mine.length}`);
    const acknowledged = new Map<string, { proposal: number | null; reason: string }>();
    for (const code of scored) {
      acknowledged.set(code, { proposal: (await ws.rowInfo(code)).proposal, reason: await page.getByTestId(`reason-${code}`).inputValue() });
    }
    assert.ok([...acknowledged.values()].every((a) => a.proposal !== null));
    assert.ok([...acknowledged.values()].some((a) => a.reason !== ''), 'some rows carry a reason');

    await session.killHost();
    // A change made while the service is gone is not acknowledged, and the screen says so.
    const next = mine[scored.length]!;
    await ws.waitFocus(next);
    const row = await ws.rowInfo(next);
    if (row.options.length > 0) await page.keyboard.press('1');
    else {
      await page.keyboard.type(row.rule === 'ratio' ? '100' : row.max);
      await page.keyboard.press('Enter');
    }
    await page.locator('[data-testid="save-indicator"][data-state="error"]').waitFor();
    await page.getByTestId('toast-error').first().waitFor();
    assert.equal((await ws.rowInfo(next)).proposal, null, 'the screen shows what was saved, not the lost change');
    await ws.screenshot('member-host-down');

    const url = await session.restartHost();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByTestId('nav-scoring').click();
    await ws.waitReady();
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    for (const [code, want] of acknowledged) {
      const got = await ws.rowInfo(code);
      assert.equal(got.proposal, want.proposal, `score of ${code} after the restart`);
      assert.equal(await page.getByTestId(`reason-${code}`).inputValue(), want.reason, `reason of ${code} after the restart`);
    }
    assert.equal((await ws.rowInfo(next)).proposal, null, 'the change made while the host was down was never acknowledged');
    assert.equal(await ws.unitProgress(), `${scored.length}/${mine.length}`);
    await ws.screenshot('member-after-restart');
  });
});
