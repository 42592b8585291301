// The secretariat's side of units, in Chromium against the real host: a unit's .pub registered in Đơn vị
// tự đánh giá (the fingerprint shown to read by phone; a changed key shown beside the old one and replaced
// only when confirmed), its unit package exported with the keyboard and
// taken by the unit's own machine (a second data folder), the unit's signed self-assessment imported, then
// Theo dõi tiến độ on the Tổng hợp dashboard: the unit's package and counts, the filters Trễ hạn and Còn
// thiếu driven by the keyboard once the tự đánh giá deadline has passed, and Xuất Excel read back.
// Screenshots at 1366×768.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { openApp } from '../../electron/core/app.js';
import { tempDir } from '../helpers.js';
import { withSession } from './harness.js';
import { api } from './member-support.js';
import { AppShell, PackagesPage } from './pages.js';

test('register a unit, export its package, import its self-assessment; the tracker filters late and missing and exports to Excel', async () => {
  const unitDir = tempDir();
  // XP09's first machine, then the one it moved to (its key replaced in the app), and a council member's.
  const oldUnit = openApp({ dataDir: join(unitDir.dir, 'old'), host: 'cli', seedDemo: false });
  const unit = openApp({ dataDir: join(unitDir.dir, 'unit'), host: 'cli', seedDemo: false });
  const member = openApp({ dataDir: join(unitDir.dir, 'member'), host: 'cli', seedDemo: false });
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      await page.setViewportSize({ width: 1366, height: 768 });

      // The unit's machine makes its key; its .pub comes to the secretariat.
      const oldCard = oldUnit.services.units.initSelf({ unitCode: 'XP09', name: 'UBND xã Tân Thành', agency: 'Huyện Thử' });
      const oldPub = join(unitDir.dir, 'xp09-old.pub');
      writeFileSync(oldPub, JSON.stringify(oldCard, null, 2));
      const card = unit.services.units.initSelf({ unitCode: 'XP09', name: 'UBND xã Tân Thành', agency: 'Huyện Thử' });
      const pub = join(unitDir.dir, 'xp09.pub');
      writeFileSync(pub, JSON.stringify(card, null, 2));
      // A council member, registered and assigned area 1, who has sent nothing yet.
      const memberCard = member.services.exchange.initSelf({ name: 'Phạm Thu Hà', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
      const registeredMember = await api<{ uid: string }>(session, 'identity/register', { campaignId: 1, fileName: 'ha.pub', contentBase64: Buffer.from(JSON.stringify(memberCard)).toString('base64') });
      await api(session, 'member/assign', { campaignId: 1, memberUid: registeredMember.uid, areas: ['1'], units: [] });

      await app.goto('campaigns');
      await page.getByTestId('campaign-row-1').click();
      await page.getByTestId('tab-members').click();
      await page.getByTestId('unit-reg-panel').waitFor();
      await page.getByTestId('unit-reg-empty').waitFor();
      await page.getByTestId('unit-register-file').setInputFiles(oldPub);
      const dialog = page.getByTestId('unit-registered-dialog');
      await dialog.waitFor();
      assert.equal(await dialog.getByTestId('unit-registered-fingerprint').getAttribute('data-value'), oldCard.fingerprint);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // The unit moved to a new machine: both fingerprints are shown; Esc changes nothing, confirming replaces.
      const replace = page.getByTestId('unit-replace-dialog');
      const rowFingerprint = () => page.locator('[data-testid="unit-reg-row"][data-unit="XP09"]').getByTestId('unit-reg-fingerprint').textContent();
      await page.getByTestId('unit-register-file').setInputFiles(pub);
      await replace.waitFor();
      assert.equal(await replace.getByTestId('unit-replace-known').getAttribute('data-value'), oldCard.fingerprint);
      assert.equal(await replace.getByTestId('unit-replace-offered').getAttribute('data-value'), card.fingerprint);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'unit-replace-cancel', 'the safe answer has the focus');
      await page.keyboard.press('Escape');
      await replace.waitFor({ state: 'detached' });
      assert.equal((await rowFingerprint())?.trim(), oldCard.fingerprint);
      await page.getByTestId('unit-register-file').setInputFiles(pub);
      await replace.waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'unit-replace-confirm');
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      assert.equal((await dialog.getByTestId('unit-registered-name').textContent())?.trim(), 'XP09 — UBND xã Tân Thành');
      assert.equal(await dialog.getByTestId('unit-registered-fingerprint').getAttribute('data-value'), card.fingerprint);
      // The close button has the focus: Enter closes.
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'unit-registered-close');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      const row = page.locator('[data-testid="unit-reg-row"][data-unit="XP09"]');
      assert.equal((await row.getByTestId('unit-reg-fingerprint').textContent())?.trim(), card.fingerprint);
      await row.scrollIntoViewIfNeeded();
      await app.screenshot('unit-registration-1366');

      // The unit package, exported from the keyboard, is what the unit's machine imports.
      await page.getByTestId('unit-export-XP09').focus();
      const { path: unitPackage } = await app.download(() => page.keyboard.press('Enter'), session.downloadDir);
      assert.match(unitPackage, /\.parpkg$/);
      unit.services.exchange.importPackage(readFileSync(unitPackage), 'XP09');
      const unitCampaign = unit.services.campaigns.list()[0]!.id;
      const sheet = unit.services.units.sheet(unitCampaign);
      const leaves = sheet.rows.filter((r) => r.isLeaf && r.locked === '' && r.selfMilli === null).slice(0, 1);
      for (const leaf of leaves) unit.services.units.setScore(unitCampaign, leaf.code, { kind: 'points', pointsMilli: 0 }, undefined, 'XP09');
      const selfPackage = join(unitDir.dir, 'xp09-tu-danh-gia.parpkg');
      writeFileSync(selfPackage, unit.services.units.exportSelfPackage(unitCampaign).bytes);
      const expected = unit.services.units.sheet(unitCampaign);

      const packages = new PackagesPage(page);
      await packages.openInCampaigns();
      await packages.import(selfPackage);
      await packages.closeSummary();

      // Past the tự đánh giá deadline: every unit but XP09 sent nothing and is late.
      await api(session, 'calendar/set', { campaignId: 1, phase: 'tu_danh_gia', deadline: '2020-01-15' });
      await app.gotoByKeyboard('consolidate');
      const panel = page.getByTestId('tracker-panel');
      await panel.waitFor();
      const xp09 = panel.locator('[data-testid="tracker-unit"][data-unit="XP09"]');
      await xp09.waitFor();
      assert.equal(await xp09.getAttribute('data-late'), 'false');
      assert.equal((await xp09.getByTestId('tracker-self').textContent())?.trim(), `${expected.scored}/${expected.leaves}`);
      assert.equal((await xp09.getByTestId('tracker-evidence').textContent())?.trim(), `${expected.documented}/${expected.scored}`);
      assert.match((await xp09.textContent()) ?? '', /Đã đăng ký\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · 1 gói/);
      const units = panel.locator('[data-testid="tracker-unit"]');
      const total = await units.count();
      assert.ok(total > 10, 'every unit of the demo campaign is listed');

      // Filters from the keyboard: Trễ hạn leaves the late ones (not XP09), Còn thiếu the incomplete ones.
      await page.getByTestId('tracker-filter-late').focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="tracker-panel"][data-filter="late"]').waitFor();
      assert.equal(await page.getByTestId('tracker-filter-late').getAttribute('aria-pressed'), 'true');
      const late = await units.evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.unit, (r as HTMLElement).dataset.late]));
      assert.equal(late.length, total - 1);
      assert.ok(late.every(([, isLate]) => isLate === 'true'));
      assert.ok(!late.some(([code]) => code === 'XP09'));
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tracker-filter-missing');
      await page.keyboard.press('Space');
      await page.locator('[data-testid="tracker-panel"][data-filter="missing"]').waitFor();
      const missing = await units.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.missing));
      assert.ok(missing.length > 0 && missing.every((m) => m === 'true'));
      await panel.scrollIntoViewIfNeeded();
      await app.screenshot('tracker-1366');
      const ha = panel.locator('[data-testid="tracker-member"][data-member="Phạm Thu Hà"]');
      assert.equal(await ha.getAttribute('data-missing'), 'true');
      assert.match((await ha.getByTestId('tracker-area-1').textContent()) ?? '', /^Lĩnh vực 10\/\d+$/);
      await page.getByTestId('tracker-members').scrollIntoViewIfNeeded();
      await app.screenshot('tracker-members-1366');
      const fits = await panel.evaluate((e) => e.scrollWidth <= e.clientWidth);
      assert.ok(fits, 'the tracker fits at 1366 px');

      // Xuất Excel: the two sheets, XP09's line as on screen.
      await page.getByTestId('tracker-filter-all').click();
      const { path: xlsx } = await app.download(() => page.getByTestId('tracker-export').click(), session.downloadDir);
      const book = XLSX.read(readFileSync(xlsx));
      assert.deepEqual(book.SheetNames, ['Đơn vị', 'Thành viên']);
      const lines = XLSX.utils.sheet_to_json<Array<string | number>>(book.Sheets['Đơn vị']!, { header: 1, defval: '' });
      const line = lines.find((r) => r[0] === 'XP09')!;
      assert.deepEqual(line.slice(5, 8), [1, `${expected.scored}/${expected.leaves}`, `${expected.documented}/${expected.scored}`]);
      assert.equal(lines.filter((r) => r[9] === 'Có').length, total - 1, 'the late ones marked in the workbook too');
      assert.deepEqual(problems, []);
    });
  } finally {
    oldUnit.close();
    member.close();
    unit.close();
    unitDir.cleanup();
  }
});
