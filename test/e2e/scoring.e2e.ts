// Scoring with the keyboard only: every leaf typed, Enter moving to the next unscored leaf, invalid
// values refused before sending; the index and the rank follow. Not applicable lowers the maximum.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, RankingPage, ScoringPage } from './pages.js';

const COMMUNES = 'UBND xã, phường';

test('a unit scored with the keyboard only gets its index and climbs the ranking', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);
    const ranking = new RankingPage(page);

    await app.gotoByKeyboard('ranking');
    await ranking.waitReady();
    const before = await ranking.rowOf(COMMUNES, 'Xã Vĩnh Thạnh');
    // Not appraised yet: listed without an index or a rank, never ranked at 0.
    assert.equal(before.index, '—');
    assert.notEqual(before.rank, '1');

    // Slow the saves down, as on a busy machine: typing runs ahead of the replies, and a reply to an
    // earlier save must not wipe out what was typed since.
    await page.route('**/api/score/set', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await route.continue();
    });
    await app.gotoByKeyboard('scoring');
    await scoring.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    const leaves = await scoring.leaves();
    const byCode = new Map(leaves.map((l) => [l.code, l]));
    const unscored = leaves.filter((l) => l.applicable && l.value === '').map((l) => l.code);
    assert.ok(unscored.length > 50, `the unit starts unscored (${unscored.length} leaves)`);
    assert.equal(await scoring.focusSettles(unscored[0]!), unscored[0], 'Enter in the search box puts the cursor on the first unscored leaf');

    const first = unscored[0]!;
    // Invalid values show a red message and are not sent; Escape reverts.
    await page.keyboard.type('abc');
    await scoring.scoreError(first).waitFor();
    assert.match((await scoring.scoreError(first).textContent()) ?? '', /Không phải số hợp lệ/);
    await page.keyboard.press('Enter');
    assert.equal(await scoring.focusSettles(first), first, 'Enter on an invalid value stays');
    await page.keyboard.press('Escape');
    await scoring.scoreError(first).waitFor({ state: 'detached' });
    await page.keyboard.type('99');
    assert.match((await scoring.scoreError(first).textContent()) ?? '', /Vượt điểm tối đa/);
    await page.keyboard.press('Escape');
    assert.equal(await scoring.scoreInput(first).inputValue(), '');

    // Score the third leaf first (Down, Down), come back up: Enter must then skip it.
    const allLeafCodes = leaves.map((l) => l.code);
    const third = allLeafCodes[allLeafCodes.indexOf(first) + 2]!;
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await scoring.focusSettles(third), third);
    await page.keyboard.type(byCode.get(third)!.max);
    await page.keyboard.press('ArrowUp');
    if (byCode.get(third)!.self !== '' && byCode.get(third)!.self !== byCode.get(third)!.max) await scoring.giveReason('Đủ hồ sơ');
    await page.keyboard.press('ArrowUp');
    assert.equal(await scoring.focusSettles(first), first);
    const expected = unscored.filter((c) => c !== third);

    const valueFor = (code: string, i: number) => {
      const leaf = byCode.get(code)!;
      if (leaf.kind === 'bonus' || leaf.kind === 'penalty') return '0';
      return i % 2 === 0 ? leaf.max : leaf.max.replace(',', '.');
    };
    for (const [i, code] of expected.entries()) {
      assert.equal(await scoring.focusSettles(code), code, `cursor on leaf ${code} (step ${i + 1})`);
      await page.keyboard.type(valueFor(code, i));
      await page.keyboard.press('Enter');
      // A score that differs from the unit's self-score is a decision: the grid asks for its reason.
      const self = byCode.get(code)!.self;
      if (self !== '' && self !== valueFor(code, 0)) await scoring.giveReason(`Thẩm định ${code}: đủ hồ sơ`);
    }
    // Nothing unscored is left: Enter stays and says so.
    await page.getByTestId('status-line').filter({ hasText: 'Đã chấm đủ mọi tiêu chí của đơn vị này.' }).waitFor();
    await app.waitSaved();

    const figures = await scoring.figures();
    assert.equal(figures.index, '100,00%');
    assert.equal(figures.total, figures.max);
    // Every applicable leaf is scored (the server counts not-applicable leaves in the total).
    const [done] = figures.progress.split('/');
    assert.equal(Number(done), leaves.filter((l) => l.applicable).length, `progress ${figures.progress}`);
    assert.equal(await scoring.unitItem('XP09').getByTestId('unit-progress-XP09').textContent(), figures.progress);
    await app.screenshot('scoring');

    await app.gotoByKeyboard('ranking');
    await ranking.waitReady();
    const after = await ranking.rowOf(COMMUNES, 'Xã Vĩnh Thạnh');
    assert.equal(after.index, '100,00');
    assert.equal(after.rank, '1');
    const rows = await ranking.rowsOf(COMMUNES);
    assert.equal(rows[0]!.name, 'Xã Vĩnh Thạnh');
    assert.deepEqual(problems, []);
  });
});

test('marking an area not applicable removes its maximum; Ctrl+Z brings it back', async () => {
  await withSession(async ({ page, problems }) => {
    const app = new AppShell(page);
    const scoring = new ScoringPage(page);
    const ranking = new RankingPage(page);
    await app.goto('scoring');
    await scoring.openUnit('SBN01', 'Sở Nội vụ');
    const start = await scoring.figures();
    assert.equal(start.max, '100');

    // From a leaf of area 2, Ctrl+Down walks every row until area 3's own row.
    await scoring.scoreInput('2.3.1').focus();
    for (let i = 0; i < 40 && (await scoring.focusedCode()) !== '3'; i++) await page.keyboard.press('Control+ArrowDown');
    assert.equal(await scoring.focusSettles('3'), '3');
    // An area is more than one sub-criterion: the grid asks first, then gives the keyboard back to the row.
    await page.keyboard.press('k');
    await page.getByTestId('confirm-ok').click();
    await app.waitSaved();
    await page.locator('[data-testid="row-3"][data-applicable="false"]').waitFor();
    const areaMax = await scoring.row('3').locator('td').nth(2).textContent();
    assert.equal(areaMax, '14,5');
    assert.equal((await scoring.figures()).max, '85,5');
    assert.equal(await scoring.row('3.1.1').getAttribute('data-applicable'), 'false', 'children follow their area');
    assert.equal(await scoring.achieved('3'), '0 / 0');
    assert.equal(await scoring.scoreInput('3.1.1').getAttribute('readonly'), '');
    await app.screenshot('scoring-not-applicable');

    assert.equal(await scoring.focusSettles('3'), '3');
    await page.keyboard.press('Control+z');
    await app.waitSaved();
    await page.locator('[data-testid="row-3"][data-applicable="true"]').waitFor();
    assert.equal((await scoring.figures()).max, '100');
    assert.equal((await scoring.figures()).index, start.index);

    await page.keyboard.press(' ');
    await page.getByTestId('confirm-ok').click();
    await app.waitSaved();
    await page.locator('[data-testid="row-3"][data-applicable="false"]').waitFor();
    const index = (await scoring.figures()).index;
    await app.goto('ranking');
    await ranking.waitReady();
    const row = await ranking.rowOf('Sở, ban, ngành', 'Sở Nội vụ');
    assert.equal(row.max, '85,50');
    assert.equal(`${row.index}%`, index);
    assert.deepEqual(problems, []);
  });
});
