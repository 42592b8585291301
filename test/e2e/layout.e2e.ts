// At 1366×768 (the councils' laptops) no screen, tab or main dialog scrolls sideways, in either role,
// with a long campaign name; the top bar's controls stay on screen and the name is truncated with a
// tooltip. Screenshots of the grids are kept for a person to look at.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { withSession, type Session } from './harness.js';
import { api, becomeMember } from './member-support.js';
import { AppShell, PreviousYearPage, ScoringPage, WorkspacePage, type ScreenName } from './pages.js';

const WIDTH = 1366;
const LONG_NAME =
  'Đợt thẩm định, đánh giá, xếp hạng Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành, Ủy ban nhân dân cấp huyện và cấp xã trên địa bàn tỉnh';

/** What sticks out to the right: the page's own width, and top-bar controls past the window's edge. */
async function overflow(page: Page): Promise<{ scrollWidth: number; outside: string[] }> {
  return page.evaluate((width) => {
    const outside: string[] = [];
    for (const el of Array.from(document.querySelectorAll('.topbar button, .topbar select, .statusbar button, dialog[open] button, th, .panel button'))) {
      const r = el.getBoundingClientRect();
      // A column header or button past the window's edge is off-screen even when a parent clips it.
      // The survey matrix (one column per survey, bonus and penalty sub-criterion) scrolls inside its own panel.
      if (el.closest('.survey-scroll')) continue;
      if (r.width > 0 && r.right > width + 0.5) outside.push(`${(el as HTMLElement).dataset.testid ?? (el.textContent ?? '?').slice(0, 30)} → ${Math.round(r.right)}`);
    }
    // A panel that scrolls sideways inside the page is a horizontal scroll too.
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
      const style = getComputedStyle(el);
      if (style.overflowX !== 'auto' && style.overflowX !== 'scroll') continue;
      // The survey matrix has a column per survey, bonus and penalty sub-criterion: it scrolls by design.
      if (el.classList.contains('survey-scroll')) continue;
      outside.push(`scrolls sideways: ${el.dataset.testid ?? el.className} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, outside };
  }, WIDTH);
}

/** Everything too wide, gathered over a whole walk so one run names every place at once. */
let tooWide: string[] = [];

async function assertFits(page: Page, where: string): Promise<void> {
  const found = await overflow(page);
  if (found.scrollWidth > WIDTH) tooWide.push(`${where}: page is ${found.scrollWidth} px wide`);
  if (found.outside.length > 0) tooWide.push(`${where}: off-screen ${found.outside.join(', ')}`);
}

async function visitTabs(page: Page, where: string, testIds: readonly string[]): Promise<void> {
  for (const id of testIds) {
    await page.getByTestId(id).click();
    await page.locator(`[data-testid="${id}"][aria-selected="true"]`).waitFor();
    await assertFits(page, `${where} › ${id}`);
  }
}

async function openDialog(page: Page, trigger: string, dialog: string, where: string): Promise<void> {
  await page.getByTestId(trigger).click();
  await page.getByTestId(dialog).waitFor();
  await assertFits(page, `${where} › ${dialog}`);
  await page.keyboard.press('Escape');
  await page.getByTestId(dialog).waitFor({ state: 'detached' });
}

async function visitEverything(session: Session, role: 'secretariat' | 'member'): Promise<void> {
  const { page } = session;
  const app = new AppShell(page);
  // A member's machine offers the member's own work only (no results, no consolidation, no campaign tools).
  const screens: ScreenName[] = role === 'member' ? ['campaigns', 'scoring', 'signatures'] : ['campaigns', 'scoring', 'ranking', 'consolidate', 'signatures'];
  for (const screen of screens) {
    await app.goto(screen);
    await assertFits(page, `${role} ${screen}`);
    if (screen === 'campaigns') await visitTabs(page, role, role === 'member' ? ['tab-packages'] : ['tab-decision', 'tab-settings', 'tab-members', 'tab-packages']);
    if (screen === 'ranking') {
      await visitTabs(page, role, ['results-tab-ranking', 'results-tab-components', 'results-tab-previous', 'results-tab-charts', 'results-tab-annex']);
      await page.getByTestId('results-tab-ranking').click();
      await app.screenshot(`layout-1366-${role}-ranking`);
    }
    if (screen === 'signatures') await visitTabs(page, role, ['signatures-tab-identities', 'signatures-tab-roots', 'signatures-tab-verify']);
    if (screen === 'consolidate') {
      const tabs = await page.locator('[data-testid^="ctab-"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid ?? ''));
      await visitTabs(page, role, tabs);
    }
  }
  await app.goto('campaigns');
  if (role === 'secretariat') await openDialog(page, 'campaign-new', 'create-dialog', role);
  await openDialog(page, 'backup-button', 'backup-dialog', role);
  await openDialog(page, 'profile-button', 'profile-dialog', role);
  await openDialog(page, 'about-open', 'about-dialog', role);
}

async function useLaptopScreen(session: Session): Promise<void> {
  await session.page.setViewportSize({ width: WIDTH, height: 768 });
  await api(session, 'campaign/update', { campaignId: 1, name: LONG_NAME });
  await session.page.reload();
  await session.page.waitForSelector('body[data-ready="true"]');
}

test('secretariat at 1366×768: no screen, tab or dialog scrolls sideways; the long campaign name is truncated with a tooltip', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    tooWide = [];
    await useLaptopScreen(session);
    const picker = page.getByTestId('campaign-select');
    assert.equal(await picker.getAttribute('title'), LONG_NAME, 'the full name is the tooltip');
    await visitEverything(session, 'secretariat');

    const app = new AppShell(page);
    // With a previous year the ranking gains its comparison columns: Xếp loại must still be on screen.
    const sheet = join(session.downloadDir, 'ket-qua-2024.xlsx');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)', 'Xếp hạng'], ['SBN01', 'Sở Nội vụ', 80.5, 2], ['XP05', 'Quận Cái Răng', 91.2, 3]]), 'Kết quả');
    writeFileSync(sheet, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await app.goto('ranking');
    await page.getByTestId('results-tab-previous').click();
    await new PreviousYearPage(page).importFile(sheet, 2024);
    await page.getByTestId('previous-summary').waitFor();
    await page.getByTestId('results-tab-ranking').click();
    await page.getByTestId('prev-index').first().waitFor();
    await assertFits(page, 'ranking with the previous year');
    await app.screenshot('layout-1366-ranking-previous');

    const scoring = new ScoringPage(page);
    await app.goto('scoring');
    await scoring.openUnit('SBN01', 'Sở Nội vụ');
    await assertFits(page, 'secretariat grid');
    // The last column (Điểm đạt) is inside the window.
    const right = await page.locator('[data-testid="sheet-grid"] thead th').last().evaluate((th) => th.getBoundingClientRect().right);
    assert.ok(right <= WIDTH, `Điểm đạt ends at ${right}`);
    await app.screenshot('layout-1366-secretariat-grid');
    assert.deepEqual(tooWide, []);
    assert.deepEqual(problems, []);
  });
});

test('member at 1366×768: no screen, tab or dialog scrolls sideways', async () => {
  await withSession(async (session) => {
    const { page, problems } = session;
    tooWide = [];
    await useLaptopScreen(session);
    await becomeMember(session, ['1', '2']);
    await visitEverything(session, 'member');

    const app = new AppShell(page);
    const ws = new WorkspacePage(page);
    await app.goto('scoring');
    await ws.openUnitByTyping('vinh thanh', 'Xã Vĩnh Thạnh');
    await assertFits(page, 'member grid');
    const right = await page.locator('[data-testid="member-grid"] thead th').last().evaluate((th) => th.getBoundingClientRect().right);
    assert.ok(right <= WIDTH, `Đạt ends at ${right}`);
    await app.screenshot('layout-1366-member-grid');
    assert.deepEqual(tooWide, []);
    assert.deepEqual(problems, []);
  });
});
