// The unit's role in real Chromium, keyboard only. A fresh machine becomes a unit's (Hồ sơ → "Đơn vị tự
// đánh giá"), shows its fingerprint and saves its .pub; the secretariat (a real `par` database beside it,
// in round 2 with a member's request to the unit) registers it and sends the unit package, which the unit
// imports after checking the secretariat's fingerprint. On its sheet the unit self-scores a leaf of each
// rule kind (levels, yes/no, a percentage, declared figures, free points), claims "không áp dụng" with a
// reason, writes an explanation, attaches a file, answers the council's request, filters what still lacks
// evidence, and exports its signed package and evidence bundle. The secretariat imports both (the CLI) and
// the values are in its database; a survey leaf refuses a self-score; the sheet fits 1366×768. Past the
// tự đánh giá deadline (brought by the next unit package) the sheet is read-only, its claims still shown.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { parOk as ok } from '../helpers.js';
import { withSession } from './harness.js';
import { writePdf } from './member-support.js';
import { AppShell } from './pages.js';

const UNIT = 'XP09';

/** Presses Tab until the element with `testId` has the keyboard (the keyboard's way to a button). */
async function tabTo(page: Page, testId: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? '')) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** The "go to criterion" box: Ctrl+K (from a field too) then the code, Enter; waits until the row's cell has the keyboard. */
async function goTo(page: Page, code: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.getByTestId('self-goto').waitFor();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.waitForFunction((c) => document.activeElement?.closest('tr')?.getAttribute('data-code') === c, code);
}

const rowOf = (page: Page, code: string) => page.getByTestId(`srow-${code}`);

function read<T>(db: string, sql: string, ...args: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}

test('a unit self-assesses with the keyboard only, and the secretariat receives its signed package', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'par-unit-e2e-'));
  const f = (name: string) => join(dir, name);
  try {
    // The secretariat's machine: the demo campaign, a member who asks the unit to explain 2.1.2, round 2.
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    const mem = f('a/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
    ok('member', 'add', '--db', sec, f('an.pub'), '--areas', '2');
    ok('package', 'export', '--db', sec, '--out', f('campaign.parpkg'));
    // The member's first import prints the secretariat's fingerprint: the unit will be shown the same one.
    const secFingerprint = /dấu vân tay ([0-9A-Fa-f ]+[0-9A-Fa-f])/.exec(ok('package', 'import', '--db', mem, f('campaign.parpkg')))?.[1];
    assert.ok(secFingerprint, 'the secretariat\'s fingerprint is printed');
    ok('explanations', 'request', '--db', mem, '--unit', UNIT, '--criterion', '2.1.2', '--text', 'Đề nghị gửi biên bản lấy ý kiến thẩm định');
    ok('package', 'export', '--db', mem, '--out', f('an-1.parpkg'));
    ok('package', 'import', '--db', sec, f('an-1.parpkg'));
    ok('round', 'open', '--db', sec, '--reason', 'Mở vòng 2 để các đơn vị giải trình');
    ok('calendar', 'set', '--db', sec, '--phase', 'tu_danh_gia', '--deadline', '31/12/2099');
    ok('calendar', 'set', '--db', sec, '--phase', 'giai_trinh', '--deadline', '31/12/2099');

    await withSession(async ({ page, problems }) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      // Playwright intercepts file choosers only while a listener exists, and turns that on asynchronously: a
      // chooser opened by a key press right after waitForEvent could open unintercepted and never be seen.
      page.on('filechooser', () => undefined);
      const app = new AppShell(page);

      // Hồ sơ → "Đơn vị tự đánh giá": code, name, agency, then the card with the fingerprint and the .pub.
      await tabTo(page, 'profile-button');
      await page.keyboard.press('Enter');
      await page.getByTestId('profile-dialog').waitFor();
      await tabTo(page, 'profile-kind-member');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.ok(await page.getByTestId('profile-kind-unit').isChecked());
      await page.keyboard.press('Tab');
      await page.keyboard.type(UNIT);
      await page.keyboard.press('Tab');
      await page.keyboard.type('UBND xã Vĩnh Thạnh');
      await page.keyboard.press('Tab');
      await page.keyboard.type('UBND thành phố Cần Thơ');
      await page.keyboard.press('Enter');
      await page.getByTestId('unit-profile-dialog').waitFor();
      const fingerprint = (await page.getByTestId('unit-profile-fingerprint').getAttribute('data-value')) ?? '';
      assert.match(fingerprint, /\S{4}( \S{4})+/);
      await app.screenshot('unit-profile');
      await tabTo(page, 'unit-profile-export');
      const pub = await app.download(() => page.keyboard.press('Enter'), dir);
      await page.keyboard.press('Escape');
      assert.deepEqual(await page.locator('[data-testid^="nav-"]').evaluateAll((n) => n.map((x) => (x as HTMLElement).dataset.testid)), ['nav-self', 'nav-unitPackages', 'nav-unitCalendar']);
      assert.equal(await page.getByTestId('profile-button-kind').textContent(), 'Đơn vị tự đánh giá');
      // The demo campaign seeded on first start is not the unit's: nothing to self-assess yet.
      await page.getByTestId('unit-no-campaign').waitFor();

      // The secretariat registers the unit (same fingerprint) and sends it its unit package.
      const added = ok('unit', 'add', '--db', sec, pub.path);
      assert.ok(added.includes(fingerprint), `the secretariat reads the same fingerprint:\n${added}`);
      ok('package', 'export', '--db', sec, '--for-unit', UNIT, '--out', f('xp09-unit.parpkg'));

      // Gói dữ liệu: import it; the first package asks to check the secretariat's key by phone.
      await app.gotoByKeyboard('unitPackages');
      // The screen settles first (nothing busy), so the button is enabled and keeps the keyboard when Enter comes.
      await page.getByTestId('busy').waitFor({ state: 'detached' });
      await tabTo(page, 'unit-package-import');
      await page.waitForFunction(() => {
        const el = document.activeElement as HTMLButtonElement | null;
        return el?.dataset.testid === 'unit-package-import' && !el.disabled;
      });
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
      await chooser.setFiles(f('xp09-unit.parpkg'));
      await page.getByTestId('package-confirm').waitFor();
      const shownFingerprint = (await page.getByTestId('package-confirm-fingerprint').getAttribute('data-value')) ?? '';
      assert.equal(shownFingerprint.replace(/\s/g, ''), secFingerprint.replace(/\s/g, ''));
      await tabTo(page, 'package-confirm-yes');
      await page.keyboard.press('Enter');
      await page.getByTestId('package-summary').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('package-summary').waitFor({ state: 'detached' });
      // The campaign selector offers the unit's campaign only (not the demo seeded on first start).
      assert.deepEqual(await page.locator('[data-testid="campaign-select"] option').allTextContents(), ['Thẩm định chỉ số CCHC năm 2025 (dữ liệu mẫu)']);

      // Tự đánh giá: the unit's own sheet, round 2, with the deadlines and its claim labelled as such.
      await app.gotoByKeyboard('self');
      await page.getByTestId('self-grid').waitFor();
      assert.match((await page.getByTestId('self-unit-name').textContent()) ?? '', /Xã Vĩnh Thạnh/);
      assert.match((await page.getByTestId('self-claim').textContent()) ?? '', /Điểm tự đánh giá — chưa phải kết quả thẩm định/);
      assert.match((await page.getByTestId('self-deadline-self').textContent()) ?? '', /^31\/12\/2099 — còn \d+ ngày$/);
      assert.match((await page.getByTestId('self-deadline-answer').textContent()) ?? '', /^31\/12\/2099 — còn \d+ ngày$/);
      assert.equal(await page.getByTestId('self-open-requests').textContent(), '1');
      assert.equal(await page.locator('[data-testid^="srow-"]').count() > 100, true, 'the whole tree with its maxima');

      // Levels: "2" picks the second level (Trễ hạn = 0,5).
      await goTo(page, '1.1.1');
      await page.keyboard.press('2');
      await rowOf(page, '1.1.1').and(page.locator('[data-self="500"]')).waitFor();
      // Yes/no: "1" is Có.
      await goTo(page, '1.2.1');
      await page.keyboard.press('1');
      await rowOf(page, '1.2.1').and(page.locator('[data-self="1000"]')).waitFor();
      // A percentage.
      await goTo(page, '1.1.2');
      await page.keyboard.type('95');
      await page.keyboard.press('Enter');
      await rowOf(page, '1.1.2').and(page.locator('[data-self="2000"]')).waitFor();
      // Declared figures: Hồ sơ đúng hạn / Tổng số hồ sơ = 480/500 = 96 % → 2 points; the ratio shows as it is typed.
      await goTo(page, '3.3.1');
      await page.keyboard.type('480');
      await page.keyboard.press('Tab');
      await page.keyboard.type('500');
      await page.locator('[data-testid="self-live-3.3.1"]', { hasText: /^= 2 đ$/ }).waitFor();
      await page.keyboard.press('Enter');
      await rowOf(page, '3.3.1').and(page.locator('[data-self="2000"]')).waitFor();
      // Free points on a step of 0,25.
      await goTo(page, '1.5.1');
      await page.keyboard.type('1,25');
      await page.keyboard.press('Enter');
      await rowOf(page, '1.5.1').and(page.locator('[data-self="1250"]')).waitFor();

      // "Không áp dụng" with its reason (Alt+K asks for it).
      await goTo(page, '6.2.2');
      await page.keyboard.press('Alt+K');
      await page.getByTestId('self-na-dialog').waitFor();
      await page.keyboard.type('Xã không có đơn vị sự nghiệp công lập trực thuộc');
      await page.keyboard.press('Enter');
      await rowOf(page, '6.2.2').and(page.locator('[data-state="na"]')).waitFor();
      assert.match((await page.getByTestId('self-na-reason-6.2.2').textContent()) ?? '', /không có đơn vị sự nghiệp/);

      // A survey leaf is not self-scored: the key is refused, saying why.
      await goTo(page, '8.1.1');
      await page.keyboard.press('1');
      assert.match((await page.getByTestId('self-refusal-8.1.1').textContent()) ?? '', /điều tra xã hội học/);

      // The explanation where evidence is missing (Alt+G, Ctrl+Enter saves and goes back to the row).
      await goTo(page, '1.2.1');
      assert.equal(await rowOf(page, '1.2.1').getAttribute('data-missing'), 'true');
      await page.keyboard.press('Alt+G');
      await page.getByTestId('self-explanation').waitFor();
      await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'self-explanation');
      await page.keyboard.type('Báo cáo gửi qua hệ thống quản lý văn bản, đang trích xuất');
      await page.keyboard.press('Control+Enter');
      await rowOf(page, '1.2.1').and(page.locator('[data-missing="false"]')).waitFor();

      // A file on 1.1.1 (Alt+T opens the file picker).
      const pdf = await writePdf(dir, 'ke-hoach-cchc-2025.pdf');
      await goTo(page, '1.1.1');
      const [picker] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Alt+T')]);
      await picker.setFiles(pdf);
      await page.getByTestId('self-evidence-count-1.1.1').waitFor();
      assert.equal(await page.locator('[data-testid^="self-evidence-"][data-name="ke-hoach-cchc-2025.pdf"]').count(), 1);

      // The council's request (round 2): Alt+R, the answer, Ctrl+Enter.
      await goTo(page, '2.1.2');
      assert.equal(await page.getByTestId('self-request-2.1.2').textContent(), '1 yêu cầu giải trình');
      await page.keyboard.press('Alt+R');
      await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.testid?.startsWith('self-answer-') ?? false);
      await page.keyboard.type('Đã bổ sung biên bản lấy ý kiến ngày 12/3');
      await page.keyboard.press('Control+Enter');
      await page.locator('[data-testid="self-open-requests"]', { hasText: /^0$/ }).waitFor();

      // "Còn thiếu kiểm chứng" (Alt+L): only self-scored leaves with neither a file nor an explanation.
      const missing = Number(await page.getByTestId('self-filter-missing').getAttribute('data-count'));
      assert.ok(missing > 0, 'the demo self-scores came without files');
      await page.keyboard.press('Alt+L');
      await page.locator('[data-testid="self-filter-missing"][aria-pressed="true"]').waitFor();
      const shownLeaves = await page.locator('[data-testid^="srow-"].leaf').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-missing')));
      assert.equal(shownLeaves.length, missing);
      assert.ok(shownLeaves.every((m) => m === 'true'));
      assert.equal(await rowOf(page, '1.1.1').count(), 0, 'a leaf with its file is not listed');
      await page.keyboard.press('Alt+L');
      await page.locator('[data-testid="self-filter-missing"][aria-pressed="false"]').waitFor();

      // The sheet at 1366×768: no horizontal scroll anywhere, the panel and the claim on screen.
      await goTo(page, '3.3.1');
      await app.screenshot('unit-sheet-1366');
      const fit = await page.evaluate(() => {
        const grid = document.querySelector<HTMLElement>('[data-testid="self-grid"]')!;
        const panel = document.querySelector<HTMLElement>('[data-testid="self-panel"]')!.getBoundingClientRect();
        const claim = document.querySelector<HTMLElement>('[data-testid="self-claim"]')!.getBoundingClientRect();
        return {
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          grid: grid.scrollWidth - grid.clientWidth,
          panelRight: panel.right,
          claimRight: claim.right,
          width: window.innerWidth,
        };
      });
      assert.equal(fit.page, 0, 'no horizontal scroll on the page');
      assert.equal(fit.grid, 0, 'no horizontal scroll in the grid');
      assert.ok(fit.panelRight <= fit.width && fit.claimRight <= fit.width, JSON.stringify(fit));

      // Gói dữ liệu: the signed self-assessment package and the evidence bundle.
      await app.gotoByKeyboard('unitPackages');
      await tabTo(page, 'unit-package-export');
      const pkg = await app.download(() => page.keyboard.press('Enter'), dir);
      assert.match(pkg.path, /tu-danh-gia-xp09-2025-001\.parpkg$/);
      await page.locator('[data-testid="unit-last-export"]', { hasText: /số 1/ }).waitFor();
      await app.screenshot('unit-packages-1366');
      await page.locator('[data-testid="evidence-bundle-export-button"]:not([disabled])').waitFor();
      await tabTo(page, 'evidence-bundle-export-button');
      const bundle = await app.download(() => page.keyboard.press('Enter'), dir);
      assert.match(bundle.path, /\.parevd$/);
      await app.gotoByKeyboard('unitCalendar');
      await page.getByTestId('calendar-table').waitFor();
      assert.equal(await page.locator('[data-testid^="calendar-set-"]').count(), 0, 'the calendar is read-only here');

      // The secretariat imports both (checked below): the unit's columns arrive, the answer too, the file with its bytes.
      assert.match(ok('package', 'import', '--db', sec, pkg.path), /Đã nhập gói tự đánh giá của đơn vị/);
      ok('package', 'import-evidence', '--db', sec, bundle.path);

      // Then tự đánh giá closes (a day already past) and the next unit package brings that: the unit's sheet
      // turns read-only, its claims still shown, a key on a leaf refused saying why; files still go in.
      ok('calendar', 'set', '--db', sec, '--phase', 'tu_danh_gia', '--deadline', '01/03/2026');
      ok('package', 'export', '--db', sec, '--for-unit', UNIT, '--out', f('xp09-unit-2.parpkg'));
      await app.gotoByKeyboard('unitPackages');
      await page.getByTestId('busy').waitFor({ state: 'detached' });
      await tabTo(page, 'unit-package-import');
      const [again] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
      await again.setFiles(f('xp09-unit-2.parpkg'));
      await page.getByTestId('package-summary').waitFor();
      await page.keyboard.press('Escape');
      await app.gotoByKeyboard('self');
      await page.locator('[data-testid="self-deadline-self"]', { hasText: /^01\/03\/2026 — đã hết hạn$/ }).waitFor();
      await page.getByTestId('self-closed').waitFor();
      await goTo(page, '1.2.1');
      assert.equal(await page.getByTestId('self-score-1.2.1').getAttribute('data-lock'), 'closed');
      assert.match((await page.getByTestId('self-score-1.2.1').textContent()) ?? '', /^1$/, 'the claim stays shown');
      await page.keyboard.press('0');
      assert.match((await page.getByTestId('self-refusal-1.2.1').textContent()) ?? '', /hết hạn tự đánh giá/);
      await rowOf(page, '1.2.1').and(page.locator('[data-self="1000"]')).waitFor();
      assert.match((await page.getByTestId('self-panel-explanation').textContent()) ?? '', /đang trích xuất/);
      await page.getByTestId('self-evidence-attach').waitFor();
      await app.screenshot('unit-sheet-closed-1366');
      const closedFit = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        grid: (() => {
          const grid = document.querySelector<HTMLElement>('[data-testid="self-grid"]')!;
          return grid.scrollWidth - grid.clientWidth;
        })(),
      }));
      assert.deepEqual(closedFit, { page: 0, grid: 0 }, 'no horizontal scroll with the closed note');
      assert.deepEqual(problems, []);
      const cells = new Map(
        read<{ code: string; selfMilli: number | null; na: number; reason: string; explanation: string }>(
          sec,
          'SELECT criterion_code AS code, self_milli AS selfMilli, self_not_applicable AS na, self_reason AS reason, explanation FROM score WHERE unit_code = ?',
          UNIT,
        ).map((c) => [c.code, c]),
      );
      assert.equal(cells.get('1.1.1')?.selfMilli, 500);
      assert.equal(cells.get('1.2.1')?.selfMilli, 1000);
      assert.equal(cells.get('1.2.1')?.explanation, 'Báo cáo gửi qua hệ thống quản lý văn bản, đang trích xuất');
      assert.equal(cells.get('1.1.2')?.selfMilli, 2000);
      assert.equal(cells.get('3.3.1')?.selfMilli, 2000);
      assert.equal(cells.get('1.5.1')?.selfMilli, 1250);
      assert.equal(cells.get('6.2.2')?.na, 1);
      assert.equal(cells.get('6.2.2')?.reason, 'Xã không có đơn vị sự nghiệp công lập trực thuộc');
      const [request] = read<{ status: string; answer: string }>(sec, "SELECT status, answer FROM explanation_request WHERE unit_code = ? AND criterion_code = '2.1.2'", UNIT);
      assert.deepEqual(request, { status: 'answered', answer: 'Đã bổ sung biên bản lấy ý kiến ngày 12/3' });
      const files = read<{ name: string; here: number }>(
        sec,
        "SELECT e.original_name AS name, b.sha256 IS NOT NULL AS here FROM evidence e LEFT JOIN evidence_blob b ON b.sha256 = e.sha256 WHERE e.unit_code = ? AND e.criterion_code = '1.1.1'",
        UNIT,
      );
      assert.deepEqual(files, [{ name: 'ke-hoach-cchc-2025.pdf', here: 1 }]);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
