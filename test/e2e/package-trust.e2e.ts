// Fingerprints checked by phone, in the browser: the secretariat undoes a registration whose fingerprint
// did not match ("Không khớp — hủy đăng ký"), and a member's first campaign package is imported only
// after the member confirms the secretariat's fingerprint; "Không khớp — hủy" imports nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { withSession } from './harness.js';
import type { Session } from './harness.js';
import { api as apiOnce } from './member-support.js';

/** The host closes idle keep-alive sockets; a request that raced that close is sent once more. */
async function api<T>(session: Session, method: string, input: unknown): Promise<T> {
  try {
    return await apiOnce<T>(session, method, input);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return apiOnce<T>(session, method, input);
  }
}
import { AppShell, PackagesPage } from './pages.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'par.mjs');

function par(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `par ${args.join(' ')}\n${r.stderr}`);
  return r.stdout;
}

test('the secretariat cancels a registration whose fingerprint does not match', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-trust-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      par('member', 'init', '--db', join(work, 'an/par.sqlite'), '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', join(work, 'an.pub'));
      await app.goto('campaigns');
      await packages.openInCampaigns();
      const shown = await packages.register(join(work, 'an.pub'));
      assert.equal(shown.name, 'Nguyễn Văn An');
      await app.screenshot('trust-registered');
      await page.getByTestId('registered-mismatch').click();
      await page.getByTestId('registered-dialog').waitFor({ state: 'detached' });
      const members = await api<Array<{ name: string }>>(session, 'member/list', { campaignId: 1 });
      assert.ok(!members.some((m) => m.name === 'Nguyễn Văn An'), 'the member is gone');
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a member\'s first campaign package waits for the secretariat\'s fingerprint to be confirmed', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-trust-'));
  const f = (name: string) => join(work, name);
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      // The secretariat (command line) registers this member and exports the campaign for them.
      writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
      const sec = f('sec/par.sqlite');
      par('import', f('dot.xlsx'), '--db', sec);
      await api(session, 'member/saveSelf', { name: 'Lê Minh Châu', agency: 'Sở Tài chính', role: 'Thành viên', kind: 'member' });
      const identity = await api<{ contentBase64: string }>(session, 'identity/export', {});
      writeFileSync(f('chau.pub'), Buffer.from(identity.contentBase64, 'base64'));
      par('member', 'add', '--db', sec, f('chau.pub'), '--areas', '1');
      const exported = par('package', 'export', '--db', sec, '--out', f('dot.parpkg'));
      assert.match(exported, /Đã xuất gói/);
      const campaignsBefore = await api<unknown[]>(session, 'campaign/list', {});

      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await app.goto('campaigns');
      await packages.openInCampaigns();
      // "No match": nothing imported.
      const asked = await packages.importAsking(f('dot.parpkg'), false);
      assert.match(asked.intro, /Tổ thư ký Hội đồng thẩm định/);
      assert.match(asked.fingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
      assert.deepEqual(await api<unknown[]>(session, 'campaign/list', {}), campaignsBefore, 'nothing was imported');
      // The fingerprint the CLI pins is the same one; "they match": imported.
      const pinned = par('package', 'import', '--db', f('copy/par.sqlite'), f('dot.parpkg'));
      assert.ok(pinned.includes(asked.fingerprint), 'the CLI prints the same fingerprint to check by phone');
      await page.getByTestId('package-import-file').setInputFiles(f('dot.parpkg'));
      const confirm = page.getByTestId('package-confirm');
      await confirm.waitFor();
      await app.screenshot('trust-confirm-fingerprint');
      await confirm.getByTestId('package-confirm-yes').click();
      await page.getByTestId('package-summary').waitFor();
      await packages.closeSummary();
      assert.equal((await api<unknown[]>(session, 'campaign/list', {})).length, campaignsBefore.length + 1);
      assert.deepEqual(problems, []);
      assert.ok(readFileSync(f('dot.parpkg')).length > 0);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
