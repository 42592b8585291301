// The secretariat's side of the offline exchange, in the browser: two members registered from their
// .pub files (fingerprints shown to check by phone), areas assigned, the signed campaign package
// downloaded; the members work through the `par` command on their own data folders and disagree on one
// cell; their packages are imported through the UI; the divergence shows in the queue and is decided
// with the keyboard; the ranking follows; the campaign is finalised (locked everywhere) and unlocked.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withSession } from './harness.js';
import { AppShell, ConsolidationPage, MembersPage, PackagesPage } from './pages.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'par.mjs');

function par(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `par ${args.join(' ')}\n${r.stderr}`);
  return r.stdout;
}

const MEMBERS = [
  { key: 'an', name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', points: '2', reason: 'Đúng quy trình lấy ý kiến' },
  { key: 'binh', name: 'Lê Thị Bình', agency: 'Sở Tài chính', points: '0', reason: 'Vi phạm quy trình lấy ý kiến' },
];

test('the secretariat exchanges packages, decides a divergence by keyboard, finalises and unlocks', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-members-'));
  try {
    await withSession(async ({ page, problems }) => {
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      const members = new MembersPage(page);
      const cons = new ConsolidationPage(page);
      const f = (name: string) => join(work, name);

      // Each member creates their identity on their own machine.
      for (const m of MEMBERS) par('member', 'init', '--db', f(`${m.key}/par.sqlite`), '--name', m.name, '--agency', m.agency, '--out', f(`${m.key}.pub`));

      // The secretariat registers them from the .pub files: the fingerprint is shown to check by phone.
      await app.goto('campaigns');
      await packages.openInCampaigns();
      for (const m of MEMBERS) {
        const shown = await packages.register(f(`${m.key}.pub`));
        const pub = JSON.parse(readFileSync(f(`${m.key}.pub`), 'utf8')) as { fingerprint: string };
        assert.equal(shown.name, m.name);
        assert.equal(shown.fingerprint, pub.fingerprint, 'the fingerprint shown is the one the member reads out');
        assert.match(shown.fingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
        if (m.key === 'an') await app.screenshot('consolidate-register');
        await packages.closeRegistered();
      }

      // Both appraise area 2 (so both are "assigned" on the cells they score).
      await members.open();
      for (const m of MEMBERS) await members.setArea(m.name, '2');

      // The campaign package, signed, downloaded from the UI.
      await packages.openInCampaigns();
      // The first export on this machine creates the secretariat's profile and signing key: asked first.
      await page.getByTestId('package-export').click();
      const confirm = page.getByTestId('confirm-dialog');
      await confirm.waitFor();
      assert.match((await confirm.textContent()) ?? '', /Tổ thư ký Hội đồng thẩm định/);
      await app.screenshot('consolidate-create-profile');
      await page.getByTestId('confirm-cancel').click();
      await confirm.waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('profile-button-name').count(), 0, 'cancelled: no profile was created');
      await page.getByTestId('package-export').click();
      const { path: campaignPkg } = await app.download(() => page.getByTestId('confirm-ok').click(), work);
      assert.match(campaignPkg, /\.parpkg$/);
      await app.screenshot('consolidate-packages');

      // The members work offline through the command line and disagree on XP09 · 2.1.2.
      for (const m of MEMBERS) {
        const db = f(`${m.key}/par.sqlite`);
        par('package', 'import', '--db', db, campaignPkg);
        par('score', '--db', db, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5', '--reason', 'Đủ kế hoạch');
        par('score', '--db', db, '--unit', 'XP09', '--criterion', '2.1.2', '--points', m.points, '--reason', m.reason);
        par('package', 'export', '--db', db, '--out', f(`${m.key}-1.parpkg`));
      }

      // A campaign package is refused on the secretariat's machine, with the server's message.
      assert.match(await packages.importRefused(campaignPkg), /Tổ thư ký không nhập gói đợt đánh giá/);
      await app.screenshot('consolidate-refused');
      await packages.closeSummary();

      // Both members' packages through the UI.
      for (const m of MEMBERS) {
        const summary = await packages.import(f(`${m.key}-1.parpkg`));
        assert.equal(summary.author, m.name);
        assert.equal(summary.applied, 2, `${m.name}: two cells`);
        assert.equal(summary.conflicts, 0);
        if (m.key === 'binh') await app.screenshot('consolidate-import-summary');
        await packages.closeSummary();
      }

      // The ranking before the decision: only the agreed 2.1.1 counts for XP09.
      await app.goto('ranking');
      const total = page.getByTestId('ranking-row-XP09').getByTestId('total');
      await total.filter({ hasText: /^1,50?0?$/ }).waitFor();

      // Tổng hợp (Alt+4): the dashboard and the divergence in the queue.
      await app.gotoByKeyboard('consolidate');
      await cons.waitReady();
      const diverging = cons.item('XP09', '2.1.2');
      await diverging.waitFor();
      assert.match((await diverging.getAttribute('data-reasons')) ?? '', /members_differ/);
      assert.equal(await page.getByTestId('progress-row').count(), 2, 'one progress row per member');
      await page.getByTestId('missing-list').waitFor();
      const before = await cons.queueTotal();
      assert.equal(await cons.items().count(), before);

      // Keyboard: walk to the cell, Enter opens the form, points, Enter to the reason, Ctrl+Enter saves.
      await cons.selectByKeyboard('XP09', '2.1.2');
      const proposals = page.getByTestId('proposal');
      assert.equal(await proposals.count(), 2);
      assert.deepEqual(await proposals.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.assigned)), ['true', 'true']);
      await cons.screenshot('consolidate-queue');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'decide-points');
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'decide-reason');
      await page.keyboard.type('Có sai sót nhỏ, không vi phạm quy trình');
      await cons.screenshot('consolidate-decide');
      await page.keyboard.press('Control+Enter');
      await diverging.waitFor({ state: 'detached' });
      await page.locator('[data-testid="queue-total"]', { hasText: new RegExp(`^${before - 1}$`) }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'queue-list', 'the keyboard is back on the queue');
      await cons.screenshot('consolidate-decided');

      // The policy and conflicts tabs.
      await page.getByTestId('ctab-policy').click();
      assert.equal(await page.getByTestId('policy-select').inputValue(), 'assigned');
      await cons.screenshot('consolidate-policy');
      await page.getByTestId('ctab-conflicts').click();
      await page.getByTestId('conflicts-panel').waitFor();

      // The ranking follows the decided points: 1,5 + 1.
      await app.goto('ranking');
      await total.filter({ hasText: /^2,50?0?$/ }).waitFor();

      // Finalise: locked here, in the top bar and in the campaigns list.
      await app.gotoByKeyboard('consolidate');
      await page.getByTestId('campaign-finalize').click();
      await page.getByTestId('confirm-dialog').waitFor();
      await app.screenshot('consolidate-finalize-confirm');
      await page.getByTestId('confirm-ok').click();
      await page.locator('[data-testid="consolidate-page"][data-status="final"]').waitFor();
      await page.getByTestId('locked-banner').waitFor();
      await page.getByTestId('topbar-locked').waitFor();
      await page.getByTestId('ctab-queue').click();
      if ((await cons.items().count()) > 0) {
        await cons.items().first().click();
        assert.equal(await page.getByTestId('decide-save').isDisabled(), true, 'no decision on a finalised campaign');
      }
      await cons.screenshot('consolidate-final');
      await app.goto('campaigns');
      await page.getByTestId('campaign-locked-1').waitFor();

      // Unlocking needs a reason.
      await app.goto('consolidate');
      await page.getByTestId('campaign-unlock').click();
      assert.equal(await page.getByTestId('unlock-ok').isDisabled(), true, 'no unlocking without a reason');
      await page.getByTestId('unlock-reason').fill('Hội đồng họp lại để xem xét kiến nghị của Xã Vĩnh Thạnh');
      await app.screenshot('consolidate-unlock');
      await page.getByTestId('unlock-ok').click();
      await page.locator('[data-testid="consolidate-page"][data-status="open"]').waitFor();
      assert.equal(await page.getByTestId('topbar-locked').count(), 0);

      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a double-clicked .parpkg is offered for import by name, imported only after the secretary agrees', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-open-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      const members = new MembersPage(page);
      const f = (name: string) => join(work, name);
      const m = MEMBERS[0]!;
      par('member', 'init', '--db', f(`${m.key}/par.sqlite`), '--name', m.name, '--agency', m.agency, '--out', f(`${m.key}.pub`));
      await app.goto('campaigns');
      await packages.openInCampaigns();
      await packages.register(f(`${m.key}.pub`));
      await packages.closeRegistered();
      await members.open();
      await members.setArea(m.name, '2');
      await packages.openInCampaigns();
      await page.getByTestId('package-export').click();
      const { path: campaignPkg } = await app.download(() => page.getByTestId('confirm-ok').click(), work);
      const db = f(`${m.key}/par.sqlite`);
      par('package', 'import', '--db', db, campaignPkg);
      par('score', '--db', db, '--unit', 'XP09', '--criterion', '2.1.2', '--points', m.points, '--reason', m.reason);
      par('package', 'export', '--db', db, '--out', f('Gói của An.parpkg'));

      // The OS starts the app with the file (what a double-click does); the window asks first.
      const url = await session.restartHost([f('Gói của An.parpkg'), f('không-có-thật.parpkg')]);
      await page.goto(url);
      const dialog = page.getByTestId('pending-package');
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /Nhập gói dữ liệu "Gói của An\.parpkg"/);
      assert.equal(await page.getByTestId('pending-path').textContent(), f('Gói của An.parpkg'));
      await app.screenshot('pending-package');

      // "Bỏ qua" imports nothing; the file is not offered again until the OS hands it over again.
      await page.getByTestId('pending-dismiss').click();
      await dialog.waitFor({ state: 'detached' });
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      assert.equal(await page.getByTestId('pending-package').count(), 0, 'a missing file is never offered; a dismissed one not again');
      await app.goto('ranking');
      const total = page.getByTestId('ranking-row-XP09').getByTestId('total');
      const before = ((await total.textContent()) ?? '').trim();

      // Handed over again and accepted: imported, with the usual summary.
      await page.goto(await session.restartHost([f('Gói của An.parpkg')]));
      await dialog.waitFor();
      await page.keyboard.press('Enter');
      const summary = page.getByTestId('package-summary');
      await summary.waitFor();
      assert.equal(await summary.getByTestId('package-applied').getAttribute('data-value'), '1');
      await packages.closeSummary();
      await app.goto('ranking');
      await total.filter({ hasText: /^2(,0+)?$/ }).waitFor();
      assert.notEqual(before, ((await total.textContent()) ?? '').trim(), 'the member\'s score now counts');
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
