// Roles and evidence in real Chromium against the browser host. A member's machine offers the member's
// work only (no results, no consolidation, no campaign tools), and a hidden screen cannot be reached by
// its address. The secretariat's Chấm điểm has an evidence panel: a file attached there is previewed;
// a member's file, named in their signed package, shows as "chưa có tệp" until the member's .parevd is
// imported in the panel, then previews; the unit list's progress follows the package's new finals. The small lies: a workbook imported twice is asked about, a
// 31/02 date is named as no real day, a too-large file speaks Vietnamese, old errors leave with their screen.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { execFile } from 'node:child_process';
import { SHOTS_DIR, withSession, type Session } from './harness.js';
import { api, becomeMember, writePdf } from './member-support.js';
import { CampaignsPage, EvidencePage } from './pages.js';

const PAR_BIN = join(import.meta.dirname, '..', '..', 'bin', 'par.mjs');

/**
 * `par` run without blocking this process: the test's HTTP client keeps its connections to the host
 * alive meanwhile (a blocking spawnSync lets the host close an idle socket the client then reuses).
 */
function par(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PAR_BIN, ...args], { encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

const shot = async (session: Session, name: string) => {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await session.page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
};

test("a member's machine shows the member's own work, not the secretariat's tools", async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await becomeMember(session, ['1', '2']);
    await shot(session, 'roles-member-scoring');

    // The screens: the campaigns (packages), the member's scoring and the signatures; no results, no consolidation.
    const nav = await page.locator('[data-testid^="nav-"]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.testid));
    assert.deepEqual(nav, ['nav-campaigns', 'nav-scoring', 'nav-signatures']);
    await page.evaluate(() => {
      window.location.hash = '#/ranking';
    });
    await page.getByTestId('screen-scoring').waitFor();
    await page.keyboard.press('Alt+3');
    await page.getByTestId('screen-signatures').waitFor();

    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('member-machine-hint').waitFor();
    for (const id of ['campaign-new', 'campaign-import', 'campaign-delete-1', 'campaign-export-1', 'tab-decision', 'tab-settings', 'tab-members']) {
      assert.equal(await page.getByTestId(id).count(), 0, `${id} is not offered`);
    }
    await page.getByTestId('campaign-import-package').waitFor();
    await page.locator('[data-testid="packages-panel"][data-mode="member"]').waitFor();
    assert.match(await page.getByTestId('evidence-bundle-export-button').innerText(), /Xuất tài liệu kiểm chứng của tôi/);

    // The identity file is named after the person.
    const download = page.waitForEvent('download');
    await page.getByTestId('identity-export').click();
    assert.equal((await download).suggestedFilename(), 'le-minh-chau.pub');
    await shot(session, 'roles-member-campaigns');
    assert.deepEqual(problems, []);
  });
});

test("the secretariat's evidence panel shows, previews and imports a member's evidence per unit", async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-roles-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      await page.setViewportSize({ width: 1366, height: 768 });
      const evidence = new EvidencePage(page);
      const f = (name: string) => join(work, name);

      // The member's machine is a CLI database: identity, campaign package in, a file attached, package and bundle out.
      const mem = f('mem/par.sqlite');
      await par('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
      const registered = await api<{ uid: string }>(session, 'identity/register', { campaignId: 1, fileName: 'an.pub', contentBase64: readFileSync(f('an.pub')).toString('base64') });
      await api(session, 'member/assign', { campaignId: 1, memberUid: registered.uid, areas: ['1'], units: [] });
      const campaignPkg = await api<{ contentBase64: string }>(session, 'package/export', { campaignId: 1 });
      writeFileSync(f('dot.parpkg'), Buffer.from(campaignPkg.contentBase64, 'base64'));
      assert.equal((await par('package', 'import', '--db', mem, f('dot.parpkg'))).code, 0);
      mkdirSync(f('in'));
      const memberPdf = await writePdf(f('in'), 'Biên bản kiểm tra.pdf');
      {
        const db = openDatabase(mem);
        const s = createServices(db);
        try {
          await s.evidence.attachPath(s.campaigns.list()[0]!.id, 'XP09', '1.1.1', memberPdf, 'Nguyễn Văn An');
        } finally {
          s.evidence.dispose();
          db.close();
        }
      }
      assert.equal((await par('score', '--db', mem, '--unit', 'XP09', '--criterion', '1.1.1', '--points', '1')).code, 0);
      assert.equal((await par('package', 'export', '--db', mem, '--out', f('an.parpkg'))).code, 0);
      assert.equal((await par('package', 'export-evidence', '--db', mem, '--out', f('an.parevd'))).code, 0);
      const imported = await api<{ notes: string[] }>(session, 'package/import', { fileName: 'an.parpkg', contentBase64: readFileSync(f('an.parpkg')).toString('base64') });
      assert.ok(imported.notes.some((n) => /tài liệu kiểm chứng mới của thành viên/.test(n)), imported.notes.join(' | '));

      // Chấm điểm, unit XP09: the member's file is listed, waiting for its bundle.
      await page.getByTestId('nav-scoring').click();
      await page.getByTestId('unit-item-XP09').click();
      await page.locator('[data-testid="sheet-unit-name"]', { hasText: 'Vĩnh Thạnh' }).waitFor();
      // The member's score became a final while this page was open: the unit list says what the header says.
      await page.locator('[data-testid="sheet-progress"]', { hasText: '1/74' }).waitFor();
      assert.equal(await page.getByTestId('unit-progress-XP09').innerText(), '1/74');
      await page.getByTestId('evidence-panel').waitFor();
      const memberItem = evidence.item('Biên bản kiểm tra.pdf');
      await memberItem.locator('[data-testid="evidence-absent"]').waitFor();
      assert.equal(await memberItem.getAttribute('data-available'), 'false');
      assert.match(await memberItem.innerText(), /Nguyễn Văn An/);

      // The secretariat attaches a file of its own to 1.1.2 and previews it.
      const own = await writePdf(work, 'Kế hoạch CCHC 2025.pdf');
      await page.getByTestId('evidence-panel-criterion').selectOption('1.1.2');
      await page.getByTestId('evidence-panel-file').setInputFiles(own);
      await page.locator('[data-testid="evidence-group-1.1.2"] [data-name="Kế hoạch CCHC 2025.pdf"]').waitFor();

      // The member's bundle, imported in the panel: the file arrives and previews with its ink.
      await page.getByTestId('evidence-bundle-import-button-file').setInputFiles(f('an.parevd'));
      await page.getByTestId('evidence-bundle-result').waitFor();
      await page.locator('[data-testid^="evidence-item-"][data-name="Biên bản kiểm tra.pdf"][data-available="true"]').waitFor();
      await shot(session, 'roles-secretariat-evidence-panel');
      await evidence.openPreview('Biên bản kiểm tra.pdf');
      const { inked } = await evidence.inkedPixels();
      assert.ok(inked > 5_000, `the preview shows the page's ink (${inked} pixels)`);
      await shot(session, 'roles-secretariat-evidence-preview');
      await page.getByTestId('preview-close').click();
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('small lies: a duplicate workbook is asked about, 31/02 is no real day, a too-large file and old errors', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-lies-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const campaigns = new CampaignsPage(page);
      const path = join(work, 'dot-2024.xlsx');
      writeFileSync(path, writeCampaignWorkbook({ ...demoCampaign(2024), name: 'Đợt thẩm định 2024' }));
      await page.getByTestId('nav-campaigns').click();
      await campaigns.importFile(path);
      await campaigns.rowByName('Đợt thẩm định 2024').waitFor();
      // Again: asked, not silently duplicated; cancelling writes nothing.
      await campaigns.importFile(path);
      await page.getByTestId('confirm-dialog').waitFor();
      assert.match(await page.getByTestId('confirm-dialog').innerText(), /Đã có đợt đánh giá "Đợt thẩm định 2024" năm 2024/);
      await page.getByTestId('confirm-cancel').click();
      assert.equal((await campaigns.names()).filter((n) => n.startsWith('Đợt thẩm định 2024')).length, 1);
      await campaigns.importFile(path);
      await page.getByTestId('confirm-ok').click();
      await campaigns.rowByName('Đợt thẩm định 2024 (2)').waitFor();

      // A date written right but with no such day says so.
      await page.getByTestId('tab-decision').click();
      await page.getByTestId('decision-date').fill('31/02/2026');
      assert.equal(await page.getByTestId('decision-date-error').innerText(), '31/02/2026 không phải là ngày có thật.');
      await page.getByTestId('decision-date').fill('31-2026');
      assert.match(await page.getByTestId('decision-date-error').innerText(), /dd\/mm\/yyyy/);

      // A file too large for its field: the field in words and the limit in KB, no validator text.
      await page.getByTestId('tab-packages').click();
      writeFileSync(join(work, 'lon.pub'), Buffer.alloc(80_000, 0x41));
      await page.getByTestId('identity-register-file').setInputFiles(join(work, 'lon.pub'));
      await page.locator('[data-testid="status-line"].status-error').waitFor();
      const said = await page.getByTestId('status-line').innerText();
      assert.equal(said, 'Tệp quá lớn (tối đa 73 KB).');
      // The red line belongs to that screen: gone on the next one.
      await page.getByTestId('nav-scoring').click();
      await page.getByTestId('screen-scoring').waitFor();
      assert.equal(await page.locator('[data-testid="status-line"].status-error').count(), 0);
      assert.equal(await page.getByTestId('toast-error').count(), 0);

      // Clearing a score in a fully scored unit: the status line does not claim everything is scored.
      await page.getByTestId('campaign-select').selectOption({ label: 'Thẩm định chỉ số CCHC năm 2025 (dữ liệu mẫu)' });
      await page.getByTestId('unit-item-SBN01').click();
      await page.locator('[data-testid="sheet-progress"]', { hasText: '75/75' }).waitFor();
      await page.getByTestId('score-1.1.1').click();
      await page.getByTestId('score-1.1.1').fill('');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="sheet-progress"]', { hasText: '74/75' }).waitFor();
      assert.doesNotMatch(await page.getByTestId('status-line').innerText(), /Đã chấm đủ/);
      assert.equal(await page.getByTestId('unit-progress-SBN01').innerText(), '74/75');
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
