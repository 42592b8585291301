// Evidence in the member workspace: a real PDF attached through the file picker (chunked upload) is
// listed on its row and previewed inside the app by pdf.js (the canvas has ink); the integrity check
// finds it intact. A hostile bundle (an entry escaping its folder) is refused with a clear message
// and attaches nothing; a good bundle then attaches its file.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { withSession } from './harness.js';
import { api, becomeMember, writePdf } from './member-support.js';
import { EvidencePage, WorkspacePage } from './pages.js';

test('a PDF attached through the file picker is previewed in the app', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'par-e2e-pdf-'));
  try {
    await withSession(async (session) => {
      const { page, problems } = session;
      const ws = new WorkspacePage(page);
      const evidence = new EvidencePage(page);
      const pdf = await writePdf(dir, 'Kế hoạch CCHC 2025.pdf');
      await becomeMember(session, ['1', '2']);
      await ws.openUnitByTyping('Vĩnh Thạnh', 'Xã Vĩnh Thạnh');

      await evidence.select('1.1.1');
      await evidence.attach(pdf);
      await evidence.item('Kế hoạch CCHC 2025.pdf').waitFor();
      await page.getByTestId('evidence-count-1.1.1').waitFor();
      assert.match(await ws.text('evidence-count-1.1.1'), /1 tệp/);
      assert.match(await ws.text('filter-evidence'), /1$/);

      await evidence.openPreview('Kế hoạch CCHC 2025.pdf');
      const { inked, total } = await evidence.inkedPixels();
      assert.ok(total > 100_000, `the page is drawn at a readable size (${total} pixels)`);
      assert.ok(inked > 5_000, `the preview shows the page's ink (${inked} of ${total} pixels)`);
      assert.match(await ws.text('preview-page'), /Trang 1\/1/);
      await ws.screenshot('member-preview');
      await page.getByTestId('preview-close').click();
      await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });

      // The attachment is in the cell's history.
      await page.getByTestId('panel-tab-history').click();
      await page.locator('[data-testid="history-item"][data-action="evidence.attach"]').waitFor();
      await page.getByTestId('panel-tab-details').click();

      await page.getByTestId('integrity-open').click();
      await page.getByTestId('integrity-clean').waitFor();
      assert.match(await ws.text('integrity-report'), /Đã kiểm tra 1 tệp/);
      await ws.screenshot('member-integrity');
      await page.keyboard.press('Escape');
      await page.getByTestId('integrity-dialog').waitFor({ state: 'detached' });
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a hostile evidence bundle is refused with a clear message and nothing is attached', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'par-e2e-zip-'));
  try {
    await withSession(async (session) => {
      const { page } = session;
      const ws = new WorkspacePage(page);
      const evidence = new EvidencePage(page);
      const pdf = readFileSync(await writePdf(dir, 'plan.pdf'));
      await becomeMember(session, ['1']);
      await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');

      const hostile = join(dir, 'ho-so-xa-vinh-thanh.zip');
      writeFileSync(hostile, zipSync({ '1.1.1/ke-hoach.pdf': pdf, '../evil.pdf': pdf }));
      await evidence.importBundle(hostile);
      await page.getByTestId('bundle-failure').waitFor();
      const message = await ws.text('bundle-failure');
      assert.match(message, /bị từ chối/);
      assert.match(message, /evil\.pdf/);
      assert.match(message, /Không có tệp nào được đính kèm/);
      await ws.screenshot('member-bundle-refused');
      const after = await api<{ fileCount: number }>(session, 'evidence/list', { campaignId: 1, unitCode: 'XP09' });
      assert.equal(after.fileCount, 0, 'nothing attached');
      assert.equal(await page.locator('[data-testid^="evidence-count-"]').count(), 0);

      // The same files laid out properly go in.
      const good = join(dir, 'ho-so-dung.zip');
      writeFileSync(good, zipSync({ '1.1.1/ke-hoach.pdf': pdf, '1.2.1/bao-cao.pdf': pdf }));
      await page.getByTestId('bundle-close').click();
      await evidence.importBundle(good);
      await page.getByTestId('bundle-result').waitFor();
      assert.match(await ws.text('bundle-result'), /đính kèm 2 trên 2 tệp/);
      await page.getByTestId('evidence-count-1.2.1').waitFor();
      await evidence.select('1.2.1');
      assert.deepEqual(await evidence.fileNames(), ['bao-cao.pdf']);
      await ws.screenshot('member-bundle-imported');

      // Removing a link asks first.
      await evidence.item('bao-cao.pdf').getByTestId('evidence-remove').click();
      await page.getByTestId('confirm-dialog').waitFor();
      assert.match(await ws.text('confirm-message'), /bao-cao\.pdf/);
      await page.getByTestId('confirm-ok').click();
      await evidence.item('bao-cao.pdf').waitFor({ state: 'detached' });
      await page.getByTestId('evidence-count-1.2.1').waitFor({ state: 'detached' });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
