// Evidence travelling to a member: the secretariat (its own data folder, through `par` and the services)
// attaches a real PDF and exports the campaign package and the member's .parevd. In the member's app the
// package brings the link only ("chưa có tệp…"); importing the .parevd through the packages panel
// (chunked upload, progress) makes the preview work, drawn by pdf.js.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { withSession } from './harness.js';
import { api, writePdf } from './member-support.js';
import { AppShell, EvidencePage, MembersPage, PackagesPage, WorkspacePage } from './pages.js';
import { readFileSync } from 'node:fs';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'par.mjs');
function par(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `par ${args.join(' ')}\n${r.stderr}`);
  return r.stdout;
}

test('a member sees "chưa có tệp" for linked evidence, imports the .parevd in the app, then previews the PDF', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-evd-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      const ws = new WorkspacePage(page);
      const evidence = new EvidencePage(page);
      const f = (name: string) => join(work, name);

      // The secretariat's machine: the campaign, the member registered for area 1, a PDF on XP09 1.1.1.
      writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
      const sec = f('sec/par.sqlite');
      par('import', f('dot.xlsx'), '--db', sec);
      await api(session, 'member/saveSelf', { name: 'Lê Minh Châu', agency: 'Sở Tài chính', role: 'Thành viên Tổ giúp việc', kind: 'member' });
      const identity = await api<{ fileName: string; contentBase64: string }>(session, 'identity/export', {});
      writeFileSync(f('chau.pub'), Buffer.from(identity.contentBase64, 'base64'));
      par('member', 'add', '--db', sec, f('chau.pub'), '--areas', '1');
      mkdirSync(f('in'));
      const pdf = await writePdf(f('in'), 'Kế hoạch CCHC 2025.pdf');
      {
        const db = openDatabase(sec);
        const s = createServices(db);
        try {
          await s.evidence.attachPath(s.campaigns.list()[0]!.id, 'XP09', '1.1.1', pdf, 'Tổ thư ký');
          // A second file outside the member's area: only in the bundle for everybody.
          writeFileSync(f('in/Biên bản.pdf'), Buffer.concat([readFileSync(pdf), Buffer.from('% biên bản\n')]));
          await s.evidence.attachPath(s.campaigns.list()[0]!.id, 'XP09', '2.1.1', f('in/Biên bản.pdf'), 'Tổ thư ký');
        } finally {
          s.evidence.dispose();
          db.close();
        }
      }
      par('package', 'export', '--db', sec, '--out', f('dot-danh-gia.parpkg'));
      const uid = (JSON.parse(Buffer.from(identity.contentBase64, 'base64').toString('utf8')) as { uid: string }).uid;
      par('package', 'export-evidence', '--db', sec, '--out', f('tai-lieu.parevd'), '--for', uid);
      par('package', 'export-evidence', '--db', sec, '--out', f('tai-lieu-tat-ca.parevd'));

      // The member imports the campaign package in the app: the link arrives, its file does not.
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await app.goto('campaigns');
      await packages.openInCampaigns();
      await packages.import(f('dot-danh-gia.parpkg'));
      await packages.closeSummary();
      await app.goto('scoring');
      await page.getByTestId('member-workspace').waitFor();
      await ws.openUnitByTyping('Vĩnh Thạnh', 'Xã Vĩnh Thạnh');
      await evidence.select('1.1.1');
      const item = evidence.item('Kế hoạch CCHC 2025.pdf');
      await item.waitFor();
      assert.equal(await item.getAttribute('data-available'), 'false');
      assert.match((await item.getByTestId('evidence-absent').textContent()) ?? '', /chưa có tệp — hãy nhập gói tài liệu kiểm chứng \(\.parevd\)/);
      assert.equal(await item.getByTestId('evidence-open').count(), 0, 'nothing to preview yet');
      await ws.screenshot('evidence-bundle-absent');

      // The .parevd through the member's packages panel.
      await app.goto('campaigns');
      await packages.openInCampaigns();
      await page.getByTestId('evidence-bundle-import-button-file').setInputFiles(f('tai-lieu.parevd'));
      const result = page.getByTestId('evidence-bundle-result');
      await result.waitFor();
      assert.match((await result.textContent()) ?? '', /1 tệp mới, 0 tệp đã có sẵn/);
      await app.screenshot('evidence-bundle-imported');

      await app.goto('scoring');
      await ws.openUnitByTyping('Vĩnh Thạnh', 'Xã Vĩnh Thạnh');
      await evidence.select('1.1.1');
      await page.locator('[data-testid^="evidence-item-"][data-available="true"]').waitFor();
      await evidence.openPreview('Kế hoạch CCHC 2025.pdf');
      const { inked, total } = await evidence.inkedPixels();
      assert.ok(total > 100_000, `the page is drawn at a readable size (${total} pixels)`);
      assert.ok(inked > 5_000, `the preview shows the page's ink (${inked} of ${total} pixels)`);
      await ws.screenshot('evidence-bundle-preview');
      await page.getByTestId('preview-close').click();

      // A double-clicked .parevd (the OS starts the app with it): offered by name, imported on consent.
      await page.goto(await session.restartHost([f('tai-lieu-tat-ca.parevd')]));
      const dialog = page.getByTestId('pending-package');
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /Nhập gói tài liệu kiểm chứng "tai-lieu-tat-ca\.parevd"/);
      await app.screenshot('evidence-bundle-pending');
      await page.getByTestId('pending-import').click();
      await page.getByTestId('status-line').filter({ hasText: /1 tệp mới, 1 tệp đã có sẵn/ }).waitFor();
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the secretariat sees the bundle\'s size for the chosen member, exports it, and a member\'s machine accepts the download', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-evd-sec-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const app = new AppShell(page);
      const packages = new PackagesPage(page);
      const members = new MembersPage(page);
      const f = (name: string) => join(work, name);
      const mem = f('an/par.sqlite');
      par('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
      // Two PDFs attached by the secretariat (chunked upload through the API): one in area 1, one in area 2.
      mkdirSync(f('in'));
      const upload = async (path: string, unitCode: string, criterionCode: string) => {
        const bytes = readFileSync(path);
        const begun = await api<{ uploadId: string }>(session, 'evidence/uploadBegin', { fileName: 'Kế hoạch.pdf', size: bytes.length });
        await api(session, 'evidence/uploadChunk', { uploadId: begun.uploadId, offset: 0, chunkBase64: bytes.toString('base64') });
        await api(session, 'evidence/uploadFinish', { uploadId: begun.uploadId, campaignId: 1, unitCode, criterionCode });
      };
      await upload(await writePdf(f('in'), 'a.pdf'), 'XP09', '1.1.1');
      mkdirSync(f('in2'));
      const other = await writePdf(f('in2'), 'b.pdf');
      writeFileSync(other, Buffer.concat([readFileSync(other), Buffer.from('% another file\n')]));
      await upload(other, 'XP09', '2.1.1');

      await app.goto('campaigns');
      await packages.openInCampaigns();
      await packages.register(f('an.pub'));
      await packages.closeRegistered();
      await members.open();
      await members.setArea('Nguyễn Văn An', '1');
      await packages.openInCampaigns();
      const plan = page.getByTestId('evidence-bundle-plan');
      await plan.filter({ hasText: /^2 tệp/ }).waitFor();
      const uid = (JSON.parse(readFileSync(f('an.pub'), 'utf8')) as { uid: string }).uid;
      await page.getByTestId('package-for').selectOption(uid);
      await plan.filter({ hasText: /^1 tệp, tổng [\d,.]+ KB$/ }).waitFor();
      await app.screenshot('evidence-bundle-export');
      const { path: bundle } = await app.download(() => page.getByTestId('evidence-bundle-export-button').click(), work);
      assert.match(bundle, /tai-lieu-kiem-chung-2025-Nguyen-Van-An\.parevd$/);
      await page.getByTestId('package-export').click();
      const { path: campaignPkg } = await app.download(() => page.getByTestId('confirm-ok').click(), work);

      // The member's machine takes the campaign package, then the downloaded bundle.
      par('package', 'import', '--db', mem, campaignPkg);
      const out = par('package', 'import-evidence', '--db', mem, bundle);
      assert.match(out, /1 tệp mới, 0 tệp đã có sẵn/);
      assert.match(out, /1 tài liệu kiểm chứng của đợt vẫn chưa có tệp/);
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
