// Page objects: what a person sees and does on each screen, in the words of the UI.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { SHOTS_DIR } from './harness.js';

export type ScreenName = 'campaigns' | 'scoring' | 'ranking' | 'consolidate' | 'signatures' | 'self' | 'unitPackages' | 'unitCalendar';

export class AppShell {
  constructor(readonly page: Page) {}

  async goto(screen: ScreenName): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
    await this.page.getByTestId(`screen-${screen}`).waitFor();
  }

  /** Alt+1..5, the keyboard way. */
  async gotoByKeyboard(screen: ScreenName): Promise<void> {
    // Alt+N is the N-th screen this machine offers (a member's machine offers fewer).
    const offered = await this.page.locator('[data-testid^="nav-"]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.testid));
    const index = offered.indexOf(`nav-${screen}`);
    if (index < 0) throw new Error(`the screen ${screen} is not offered here (${offered.join(', ')})`);
    await this.page.keyboard.press(`Alt+${index + 1}`);
    await this.page.getByTestId(`screen-${screen}`).waitFor();
  }

  async waitSaved(): Promise<void> {
    await this.page.locator('[data-testid="save-state"][data-pending="0"]').waitFor();
  }

  async statusText(): Promise<string> {
    return (await this.page.getByTestId('status-line').textContent()) ?? '';
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
  }

  /** Starts a download with `trigger` and saves it under `dir`; returns the saved path. */
  async download(trigger: () => Promise<void>, dir: string): Promise<{ path: string; download: Download }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), trigger()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return { path, download };
  }
}

export class CampaignsPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.locator('[data-testid^="campaign-row-"]');
  }

  rowByName(name: string): Locator {
    return this.page.locator(`[data-testid^="campaign-row-"][data-name="${name}"]`);
  }

  async names(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name ?? ''));
  }

  exportButton(row: Locator): Locator {
    return row.locator('[data-testid^="campaign-export-"]');
  }

  async importFile(path: string): Promise<void> {
    await this.page.getByTestId('campaign-import-file').setInputFiles(path);
  }

  issuesPanel(): Locator {
    return this.page.getByTestId('import-issues');
  }

  async issues(): Promise<string[]> {
    await this.issuesPanel().waitFor();
    return this.page.getByTestId('import-issue').allTextContents();
  }
}

export interface SheetFigures {
  total: string;
  max: string;
  index: string;
  progress: string;
}

export class ScoringPage {
  constructor(readonly page: Page) {}

  unitItem(code: string): Locator {
    return this.page.getByTestId(`unit-item-${code}`);
  }

  /** Ctrl+K, type (part of) the name, Enter: the unit opens with the cursor in its sheet. */
  async openUnitByTyping(text: string, expectedName: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.page.locator('[data-testid="sheet-unit-name"]', { hasText: expectedName }).waitFor();
  }

  async openUnit(code: string, expectedName: string): Promise<void> {
    await this.unitItem(code).click();
    await this.page.locator('[data-testid="sheet-unit-name"]', { hasText: expectedName }).waitFor();
  }

  row(code: string): Locator {
    return this.page.getByTestId(`row-${code}`);
  }

  scoreInput(code: string): Locator {
    return this.page.getByTestId(`score-${code}`);
  }

  scoreError(code: string): Locator {
    return this.page.getByTestId(`score-error-${code}`);
  }

  async figures(): Promise<SheetFigures> {
    const text = async (id: string) => ((await this.page.getByTestId(id).textContent()) ?? '').trim();
    return { total: await text('sheet-total'), max: await text('sheet-max'), index: await text('sheet-index'), progress: await text('sheet-progress') };
  }

  /** The criterion code of the focused cell or row in the sheet, or null. */
  async focusedCode(): Promise<string | null> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return el instanceof HTMLElement ? (el.closest<HTMLElement>('[data-code]')?.dataset.code ?? null) : null;
    });
  }

  /**
   * The focused row's code once it is `expected` (a key press is handled, then React moves the focus
   * in the next frame: reading at once races it on a busy machine), or whatever is focused after 5 s.
   */
  async focusSettles(expected: string): Promise<string | null> {
    await this.page
      .waitForFunction((code) => document.activeElement instanceof HTMLElement && document.activeElement.closest<HTMLElement>('[data-code]')?.dataset.code === code, expected, { timeout: 5000 })
      .catch(() => undefined);
    return this.focusedCode();
  }

  /** Leaves of the open sheet in display order, with what the grid shows for them. */
  async leaves(): Promise<Array<{ code: string; kind: string; applicable: boolean; max: string; self: string; value: string }>> {
    return this.page.locator('[data-testid^="row-"]').evaluateAll((rows) =>
      rows
        .map((r) => r as HTMLElement)
        .filter((r) => r.querySelector('input.score-input'))
        .map((r) => ({
          code: r.dataset.code ?? '',
          kind: r.dataset.kind ?? '',
          applicable: r.dataset.applicable === 'true',
          max: r.children[2]?.textContent?.trim() ?? '',
          self: r.children[3]?.textContent?.trim() ?? '',
          value: (r.querySelector('input.score-input') as HTMLInputElement).value,
        })),
    );
  }

  /** Answers the reason dialog a score differing from the self-score opens, and waits for the save. */
  async giveReason(text: string): Promise<void> {
    const dialog = this.page.getByTestId('reason-dialog');
    await dialog.waitFor();
    await this.page.getByTestId('reason-input').fill(text);
    await this.page.getByTestId('reason-save').click();
    await dialog.waitFor({ state: 'detached' });
  }

  async achieved(code: string): Promise<string> {
    return ((await this.page.getByTestId(`achieved-${code}`).textContent()) ?? '').trim();
  }
}

export interface RankingRow {
  rank: string;
  name: string;
  total: string;
  max: string;
  index: string;
  band: string;
}

/** The year-over-year cells of a ranking row ("—" where there is nothing to compare). */
export interface ComparisonCells {
  index: string;
  rank: string;
  prevIndex: string;
  delta: string;
  rankChange: string;
}

export type ResultsTabName = 'ranking' | 'components' | 'previous' | 'charts' | 'annex';

/** The "Kết quả" screen: its ranking tab, and the way to the other tabs. */
export class RankingPage {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="ranking"][data-state="ready"]').waitFor();
  }

  async openTab(tab: ResultsTabName): Promise<void> {
    await this.page.getByTestId(`results-tab-${tab}`).click();
    await this.page.getByTestId(`results-panel-${tab}`).waitFor();
  }

  group(groupName: string): Locator {
    return this.page.locator(`[data-testid^="ranking-group-"][data-name="${groupName}"]`);
  }

  row(unitCode: string): Locator {
    return this.page.getByTestId(`ranking-row-${unitCode}`);
  }

  async comparison(unitCode: string): Promise<ComparisonCells> {
    const row = this.row(unitCode);
    const cell = async (id: string) => ((await row.getByTestId(id).textContent()) ?? '').trim();
    return { index: await cell('index'), rank: await cell('rank'), prevIndex: await cell('prev-index'), delta: await cell('delta'), rankChange: await cell('rank-change') };
  }

  /** Clicks a column header of a group's table until it sorts in `direction`. */
  async sortBy(groupName: string, key: string, direction: 'ascending' | 'descending'): Promise<void> {
    const header = this.group(groupName).locator('th', { has: this.page.getByTestId(`sort-${key}`) });
    for (let i = 0; i < 2 && (await header.getAttribute('aria-sort')) !== direction; i++) {
      await header.getByTestId(`sort-${key}`).click();
    }
    await this.page.locator(`[data-testid^="ranking-group-"][data-name="${groupName}"] th[aria-sort="${direction}"]`).waitFor();
  }

  async filter(text: string): Promise<void> {
    await this.page.getByTestId('ranking-filter').fill(text);
  }

  async unitNames(groupName: string): Promise<string[]> {
    return this.group(groupName).getByTestId('unit-name').allTextContents();
  }

  groups(): Locator {
    return this.page.locator('[data-testid^="ranking-group-"]');
  }

  async groupNames(): Promise<string[]> {
    return this.groups().evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset.name ?? ''));
  }

  async rowsOf(groupName: string): Promise<RankingRow[]> {
    const group = this.page.locator(`[data-testid^="ranking-group-"][data-name="${groupName}"]`);
    // No named helpers inside: the callback runs in the page, where tsx's __name helper does not exist.
    const cells = await group.locator('[data-testid^="ranking-row-"]').evaluateAll((rows) =>
      rows.map((r) =>
        ['rank', 'unit-name', 'total', 'max', 'index', 'band'].map((id) => r.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? ''),
      ),
    );
    return cells.map(([rank = '', name = '', total = '', max = '', index = '', band = '']) => ({ rank, name, total, max, index, band }));
  }

  async rowOf(groupName: string, unitName: string): Promise<RankingRow> {
    const row = (await this.rowsOf(groupName)).find((r) => r.name === unitName);
    if (!row) throw new Error(`no ranking row for ${unitName} in ${groupName}`);
    return row;
  }

  async fillDecision(no: string, date: string, issuer?: string): Promise<void> {
    await this.page.getByTestId('annex-decision-no').fill(no);
    await this.page.getByTestId('annex-decision-date').fill(date);
    if (issuer !== undefined) await this.page.getByTestId('annex-issuer').fill(issuer);
  }

  exportButton(): Locator {
    return this.page.getByTestId('export-annex');
  }

  async chooseAnnex(annex: 'I' | 'II' | 'III' | 'all', format: 'xlsx' | 'pdf'): Promise<void> {
    await this.page.getByTestId(`annex-kind-${annex}`).check();
    await this.page.getByTestId(`annex-format-${format}`).check();
  }
}

/** The "So với năm trước" tab: import, summary, the unit mapping and the clearing. */
export class PreviousYearPage {
  constructor(readonly page: Page) {}

  async importFile(path: string, year?: number): Promise<void> {
    if (year !== undefined) await this.page.getByTestId('previous-year').fill(String(year));
    await this.page.getByTestId('previous-import-file').setInputFiles(path);
  }

  async summary(): Promise<{ year: string; file: string; matched: string; unmatched: string }> {
    await this.page.getByTestId('previous-summary').waitFor();
    const text = async (id: string) => ((await this.page.getByTestId(id).textContent()) ?? '').trim();
    return {
      year: await text('previous-summary-year'),
      file: await text('previous-summary-file'),
      matched: await text('previous-summary-matched'),
      unmatched: await text('previous-summary-unmatched'),
    };
  }

  mapRow(unitCode: string): Locator {
    return this.page.getByTestId(`previous-map-row-${unitCode}`);
  }

  /** Chooses `value` ('auto', 'none' or 'unit:<code>') for a unit and waits for the matching to show it. */
  async choose(unitCode: string, value: string, expectHow: 'auto' | 'manual' | 'none' | 'noMatch'): Promise<void> {
    await this.mapRow(unitCode).getByTestId('previous-map-select').selectOption(value);
    await this.page.locator(`[data-testid="previous-map-row-${unitCode}"][data-how="${expectHow}"]`).waitFor();
  }

  async unmatchedCodes(): Promise<string[]> {
    return this.page
      .locator('[data-testid^="previous-unmatched-"]')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.testid?.replace('previous-unmatched-', '') ?? ''));
  }

  async clear(): Promise<void> {
    await this.page.getByTestId('previous-clear').click();
    await this.page.getByTestId('confirm-ok').click();
    await this.page.getByTestId('previous-none').waitFor();
  }
}

export interface HeatCell {
  unit: string;
  area: string;
  text: string;
  low: boolean;
  title: string;
}

/** The "Chỉ số thành phần" tab. */
export class ComponentsPage {
  constructor(readonly page: Page) {}

  async cells(groupCode: string): Promise<HeatCell[]> {
    return this.page
      .getByTestId(`heatmap-${groupCode}`)
      .locator('tbody td[data-testid^="heat-"]')
      .evaluateAll((cells) =>
        cells.map((c) => {
          const el = c as HTMLElement;
          const [, unit = '', area = ''] = /^heat-(.+)-([^-]+)$/.exec(el.dataset.testid ?? '') ?? [];
          return { unit, area, text: el.textContent?.trim() ?? '', low: el.dataset.low === 'true' && el.classList.contains('low'), title: el.title };
        }),
      );
  }

  /** The areas listed as where the unit lost most points, in order, as "LV3 −4 điểm 72,41%". */
  async losses(unitCode: string): Promise<Array<{ area: string; lost: string; index: string }>> {
    return this.page
      .getByTestId(`losses-${unitCode}`)
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => ({
          area: (li as HTMLElement).dataset.area ?? '',
          lost: li.querySelector('.loss-points')?.textContent?.trim() ?? '',
          index: li.querySelector('.loss-index')?.textContent?.trim() ?? '',
        })),
      );
  }
}

/** The "Biểu đồ" tab: two chart.js canvases, each with its PNG download. */
export class ChartsPage {
  constructor(readonly page: Page) {}

  canvas(name: 'indices' | 'components'): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  /** Waits for the chart to draw, then counts its pixels that are neither transparent nor white. */
  async inkedPixels(name: 'indices' | 'components'): Promise<{ inked: number; total: number }> {
    await this.page.locator(`[data-testid="chart-${name}"][data-rendered="true"]`).waitFor();
    return this.canvas(name).evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return { inked: 0, total: 0 };
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 0 && !(r > 250 && g > 250 && b > 250)) inked++;
      }
      return { inked, total: data.length / 4 };
    });
  }

  /** Counts the pixels of one exact colour ("#17694a") on a chart: a bar or line drawn in it. */
  async pixelsOfColour(name: 'indices' | 'components', hex: string): Promise<number> {
    return this.canvas(name).evaluate((node, colour) => {
      const canvas = node as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx) return 0;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) count++;
      return count;
    }, hex);
  }
}

/** "81,96" → 81.96 */
export function parseVietnameseNumber(text: string): number {
  return Number(text.replace('%', '').replace(/\./g, '').replace(',', '.').trim());
}


export interface ProfileInput {
  name: string;
  agency: string;
  role: string;
  kind: 'member' | 'secretariat';
}

/** "Hồ sơ của tôi", opened from the top bar. */
export class ProfilePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('profile-button').click();
    await this.page.getByTestId('profile-dialog').waitFor();
  }

  async fill(profile: ProfileInput): Promise<void> {
    await this.page.getByTestId('profile-name').fill(profile.name);
    await this.page.getByTestId('profile-agency').fill(profile.agency);
    await this.page.getByTestId('profile-role').fill(profile.role);
    await this.page.getByTestId(`profile-kind-${profile.kind}`).check();
  }

  /** Saves and waits for the top bar to show the name. */
  async save(name: string): Promise<void> {
    await this.page.getByTestId('profile-save').click();
    await this.page.getByTestId('profile-dialog').waitFor({ state: 'detached' });
    await this.page.locator('[data-testid="profile-button-name"]', { hasText: name }).waitFor();
  }

  async topBar(): Promise<{ name: string; kind: string }> {
    const text = async (id: string) => ((await this.page.getByTestId(id).textContent()) ?? '').trim();
    return { name: await text('profile-button-name'), kind: await text('profile-button-kind') };
  }
}

/** Campaigns → "Thành viên Hội đồng": areas, units and recusals of each member. */
export class MembersPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('tab-members').click();
    await this.page.getByTestId('members-panel').waitFor();
  }

  card(name: string): Locator {
    return this.page.locator(`[data-testid="member-card"][data-name="${name}"]`);
  }

  /** Ticks or unticks a box and waits until the saved assignment shows it. */
  private async setBox(name: string, testId: string, checked: boolean): Promise<void> {
    const box = this.card(name).getByTestId(testId);
    if ((await box.isChecked()) !== checked) await box.click();
    await this.page.waitForFunction(
      ([card, id, want]) =>
        (document.querySelector(`[data-testid="member-card"][data-name="${card}"] [data-testid="${id}"]`) as HTMLInputElement | null)?.checked === want,
      [name, testId, checked] as const,
    );
  }

  async setArea(name: string, code: string, checked = true): Promise<void> {
    await this.setBox(name, `assign-area-${code}`, checked);
  }

  async setUnit(name: string, code: string, checked = true): Promise<void> {
    await this.setBox(name, `assign-unit-${code}`, checked);
  }

  recusal(name: string, unitCode: string): Locator {
    return this.card(name).getByTestId(`recusal-${unitCode}`);
  }
}

export interface MemberRowInfo {
  code: string;
  locked: string;
  rule: string;
  self: number | null;
  proposal: number | null;
  state: string;
  needsReason: boolean;
  /** Points of each option button, in key order (option rules only). */
  options: number[];
  max: string;
}

/** The member's scoring workspace (Chấm điểm in member mode). */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.getByTestId('member-workspace').waitFor();
  }

  /** Ctrl+K, type (part of) the name, Enter: the unit opens with the cursor on its first unscored cell. */
  async openUnitByTyping(text: string, expectedName: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.page.locator('[data-testid="sheet-unit-name"]', { hasText: expectedName }).waitFor();
    await this.page.getByTestId('member-grid').waitFor();
  }

  row(code: string): Locator {
    return this.page.getByTestId(`mrow-${code}`);
  }

  async rowInfo(code: string): Promise<MemberRowInfo> {
    // No named helpers inside: the callback runs in the page, where tsx's __name helper does not exist.
    return this.row(code).evaluate((node) => {
      const r = node as HTMLElement;
      const options = Array.from(r.querySelectorAll('.opt .opt-pts')).map((el) => Math.round(Number((el.textContent ?? '').replace(',', '.')) * 1000));
      return {
        code: r.dataset.code ?? '',
        locked: r.dataset.locked ?? '',
        rule: r.dataset.rule ?? '',
        self: r.dataset.self ? Number(r.dataset.self) : null,
        proposal: r.dataset.proposal ? Number(r.dataset.proposal) : null,
        state: r.dataset.state ?? '',
        needsReason: r.dataset.needsReason === 'true',
        options,
        max: r.children[2]?.textContent?.trim() ?? '',
      };
    });
  }

  /** Leaves of the open unit in display order. */
  async leafCodes(): Promise<string[]> {
    return this.page
      .locator('[data-testid^="mrow-"].leaf')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code ?? ''));
  }

  /** Which cell has the keyboard: its criterion and whether the score or the reason field. */
  async focused(): Promise<{ code: string | null; part: 'score' | 'reason' | null }> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement)) return { code: null, part: null };
      const code = el.closest<HTMLElement>('[data-code]')?.dataset.code ?? null;
      const part = el.closest<HTMLElement>('[data-part]')?.dataset.part === 'reason' ? 'reason' : code ? 'score' : null;
      return { code, part } as { code: string | null; part: 'score' | 'reason' | null };
    });
  }

  /** Waits until the keyboard is on `code` (score or reason part). */
  async waitFocus(code: string, part: 'score' | 'reason' = 'score'): Promise<void> {
    await this.page.waitForFunction(
      ([want, wantPart]) => {
        const el = document.activeElement;
        if (!(el instanceof HTMLElement)) return false;
        const c = el.closest<HTMLElement>('[data-code]')?.dataset.code;
        const p = el.closest<HTMLElement>('[data-part]')?.dataset.part === 'reason' ? 'reason' : 'score';
        return c === want && p === wantPart;
      },
      [code, part] as const,
      { timeout: 5000 },
    );
  }

  async text(testId: string): Promise<string> {
    return ((await this.page.getByTestId(testId).textContent()) ?? '').trim();
  }

  async unitProgress(): Promise<string> {
    return (await this.text('unit-progress')).replace(/\s+/g, '');
  }

  async overallProgress(): Promise<string> {
    return this.text('overall-progress');
  }

  async listProgress(unitCode: string): Promise<string> {
    return this.text(`unit-progress-${unitCode}`);
  }

  /** Waits until every change is acknowledged by the service ("Đã lưu"). */
  async waitSaved(): Promise<void> {
    await this.page.locator('[data-testid="save-indicator"][data-state="saved"]').waitFor();
    await this.page.locator('[data-testid="save-state"][data-pending="0"]').waitFor();
  }

  async saveState(): Promise<string> {
    return (await this.page.getByTestId('save-indicator').getAttribute('data-state')) ?? '';
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
  }
}

/** The evidence of the selected row (side panel), its preview, and the unit's bundle import. */
export class EvidencePage {
  constructor(readonly page: Page) {}

  /** Selects a row (click on its code) so the side panel shows it. */
  async select(code: string): Promise<void> {
    await this.page.getByTestId(`mrow-${code}`).locator('td.code').click();
    await this.page.locator(`[data-testid="panel-code"][data-code="${code}"]`).waitFor();
  }

  async attach(path: string): Promise<void> {
    await this.page.getByTestId('evidence-file').setInputFiles(path);
  }

  item(fileName: string): Locator {
    return this.page.locator(`[data-testid^="evidence-item-"][data-name="${fileName}"]`);
  }

  async fileNames(): Promise<string[]> {
    return this.page.locator('[data-testid^="evidence-item-"]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.name ?? ''));
  }

  async openPreview(fileName: string): Promise<void> {
    await this.item(fileName).getByTestId('evidence-open').click();
    await this.page.getByTestId('preview-dialog').waitFor();
  }

  /** Waits for pdf.js to draw the page, then counts its pixels that are neither transparent nor white. */
  async inkedPixels(): Promise<{ inked: number; total: number }> {
    await this.page.locator('[data-testid="preview-canvas"][data-rendered="true"]').waitFor({ timeout: 15_000 });
    return this.page.getByTestId('preview-canvas').evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return { inked: 0, total: 0 };
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 0 && !(r > 250 && g > 250 && b > 250)) inked++;
      }
      return { inked, total: data.length / 4 };
    });
  }

  async importBundle(path: string): Promise<void> {
    await this.page.getByTestId('bundle-file').setInputFiles(path);
  }
}

/** Package exchange (Campaigns → "Gói dữ liệu", or Tổng hợp → "Gói dữ liệu"). */
export class PackagesPage {
  constructor(readonly page: Page) {}

  async openInCampaigns(): Promise<void> {
    await this.page.getByTestId('tab-packages').click();
    await this.page.getByTestId('packages-panel').waitFor();
  }

  /** Registers a member from their .pub file; returns the name and fingerprint the dialog shows. */
  async register(pubPath: string): Promise<{ name: string; fingerprint: string }> {
    await this.page.getByTestId('identity-register-file').setInputFiles(pubPath);
    const dialog = this.page.getByTestId('registered-dialog');
    await dialog.waitFor();
    const name = ((await dialog.getByTestId('registered-name').textContent()) ?? '').trim();
    const fingerprint = (await dialog.getByTestId('registered-fingerprint').getAttribute('data-value')) ?? '';
    return { name, fingerprint };
  }

  async closeRegistered(): Promise<void> {
    await this.page.getByTestId('registered-close').click();
    await this.page.getByTestId('registered-dialog').waitFor({ state: 'detached' });
  }

  /** Imports a package; returns the summary's figures (or throws with the refusal shown). */
  async import(path: string): Promise<Record<'applied' | 'skipped' | 'conflicts' | 'finals', number> & { author: string }> {
    await this.page.getByTestId('package-import-file').setInputFiles(path);
    const summary = this.page.getByTestId('package-summary');
    const refused = this.page.getByTestId('package-refused');
    const confirm = this.page.getByTestId('package-confirm');
    await summary.or(refused).or(confirm).waitFor();
    // A first campaign package: the secretariat's fingerprint is confirmed (as read out by phone).
    if (await confirm.isVisible()) {
      await confirm.getByTestId('package-confirm-yes').click();
      await summary.or(refused).waitFor();
    }
    if (await refused.isVisible()) throw new Error(`refused: ${await refused.getByTestId('package-refused-message').textContent()}`);
    const figure = async (id: string) => Number(await summary.getByTestId(`package-${id}`).getAttribute('data-value'));
    return {
      author: ((await summary.getByTestId('package-author').textContent()) ?? '').trim(),
      applied: await figure('applied'),
      skipped: await figure('skipped'),
      conflicts: await figure('conflicts'),
      finals: await figure('finals'),
    };
  }

  /** Imports a first campaign package and answers the fingerprint question; returns the fingerprint shown. */
  async importAsking(path: string, matches: boolean): Promise<{ intro: string; fingerprint: string }> {
    await this.page.getByTestId('package-import-file').setInputFiles(path);
    const confirm = this.page.getByTestId('package-confirm');
    await confirm.waitFor();
    const intro = ((await confirm.getByTestId('package-confirm-intro').textContent()) ?? '').trim();
    const fingerprint = (await confirm.getByTestId('package-confirm-fingerprint').getAttribute('data-value')) ?? '';
    await confirm.getByTestId(matches ? 'package-confirm-yes' : 'package-confirm-no').click();
    await confirm.waitFor({ state: 'detached' });
    return { intro, fingerprint };
  }

  /** Imports a package the server must refuse; returns its message. */
  async importRefused(path: string): Promise<string> {
    await this.page.getByTestId('package-import-file').setInputFiles(path);
    const refused = this.page.getByTestId('package-refused');
    await refused.waitFor();
    return ((await refused.getByTestId('package-refused-message').textContent()) ?? '').trim();
  }

  async closeSummary(): Promise<void> {
    await this.page.getByTestId('package-summary-close').click();
    await this.page.locator('[data-testid="package-summary"], [data-testid="package-refused"]').waitFor({ state: 'detached' });
  }
}

/** Tổng hợp: dashboard, divergence queue with its decision form, conflicts, policy, finalise / unlock. */
export class ConsolidationPage {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.getByTestId('dashboard').waitFor();
  }

  items(): Locator {
    return this.page.getByTestId('queue-item');
  }

  item(unitCode: string, criterionCode: string): Locator {
    return this.page.locator(`[data-testid="queue-item"][data-unit="${unitCode}"][data-criterion="${criterionCode}"]`);
  }

  async queueTotal(): Promise<number> {
    return Number(((await this.page.getByTestId('queue-total').textContent()) ?? '').trim());
  }

  /** Puts the keyboard on the queue and walks it with ↓ until the wanted cell is selected. */
  async selectByKeyboard(unitCode: string, criterionCode: string): Promise<number> {
    await this.page.getByTestId('queue-list').focus();
    await this.page.keyboard.press('Home');
    const count = await this.items().count();
    for (let i = 0; i < count; i++) {
      if ((await this.item(unitCode, criterionCode).getAttribute('aria-selected')) === 'true') return i;
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`${unitCode} ${criterionCode} not reached in the queue`);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
  }
}

/** Tổng hợp › ĐTXHH và điểm thưởng/trừ: template, import with its errors or summary, the values per unit. */
export class SurveyPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('ctab-survey').click();
    await this.page.getByTestId('survey-table').waitFor();
  }

  /** Imports a file; resolves with the summary text or the located error lines, whichever shows. */
  async import(path: string): Promise<{ ok: true; summary: string } | { ok: false; issues: string[] }> {
    await this.page.getByTestId('survey-import-file').setInputFiles(path);
    const summary = this.page.getByTestId('survey-summary');
    const issues = this.page.getByTestId('survey-issues');
    await summary.or(issues).waitFor();
    if (await issues.isVisible()) return { ok: false, issues: (await issues.getByTestId('import-issue').allTextContents()).map((s) => s.trim()) };
    return { ok: true, summary: ((await summary.textContent()) ?? '').trim() };
  }

  async value(unitCode: string, criterionCode: string): Promise<string> {
    const cell = this.page.locator(`[data-testid="survey-row"][data-unit="${unitCode}"] td[data-criterion="${criterionCode}"]`);
    return ((await cell.textContent()) ?? '').trim();
  }
}

/** Tổng hợp › Nhật ký: the filtered, paged change log. */
export class AuditPage {
  constructor(readonly page: Page) {}

  async openByKeyboard(): Promise<void> {
    await this.page.getByTestId('ctab-audit').focus();
    await this.page.keyboard.press('Enter');
    await this.page.getByTestId('audit-table').waitFor();
  }

  rows(action?: string): Locator {
    return this.page.locator(action ? `[data-testid="audit-row"][data-action="${action}"]` : '[data-testid="audit-row"]');
  }

  async range(): Promise<string> {
    return ((await this.page.getByTestId('audit-range').textContent()) ?? '').trim();
  }
}
export type SignaturesTabName = 'identities' | 'roots' | 'verify';

/** The "Chữ ký số" screen: identities, trusted roots, verification; and signing on the annex tab. */
export class SignaturesPage {
  constructor(readonly page: Page) {}

  async openTab(tab: SignaturesTabName): Promise<void> {
    await this.page.getByTestId(`signatures-tab-${tab}`).click();
    await this.page.getByTestId(`signatures-panel-${tab}`).waitFor();
  }

  /** Uploads a .p12 with its password and presses "Thêm chứng thư". */
  async addPkcs12(path: string, password: string): Promise<void> {
    await this.page.getByTestId('identity-p12-file').setInputFiles(path);
    await this.page.getByTestId('identity-p12-password').fill(password);
    await this.page.getByTestId('identity-p12-add').click();
  }

  identity(name: string): Locator {
    return this.page.locator(`[data-testid="identity-card"][data-name="${name}"]`);
  }

  async importRoots(path: string): Promise<void> {
    await this.page.getByTestId('roots-file').setInputFiles(path);
  }

  root(name: string): Locator {
    return this.page.locator(`[data-testid="root-card"][data-name="${name}"]`);
  }

  async verify(file: string, sig: string | null): Promise<Locator> {
    await this.page.getByTestId('verify-file').setInputFiles(file);
    if (sig) await this.page.getByTestId('verify-sig-file').setInputFiles(sig);
    await this.page.getByTestId('verify-run').click();
    const report = this.page.getByTestId('verify-report');
    await report.waitFor();
    return report;
  }

  /** Each signature card's facts as the page shows them. */
  async signatureCards(): Promise<Array<{ signer: string; time: string; chain: string; integrity: string; valid: string; chainStatus: string }>> {
    return this.page.getByTestId('signature-card').evaluateAll((cards) =>
      cards.map((c) => ({
        signer: c.querySelector('[data-testid="signature-signer"]')?.textContent?.trim() ?? '',
        time: c.querySelector('[data-testid="signature-time"]')?.textContent?.trim() ?? '',
        chain: c.querySelector('[data-testid="signature-chain"]')?.textContent?.trim() ?? '',
        integrity: c.querySelector('[data-testid="signature-integrity"]')?.textContent?.trim() ?? '',
        valid: c.querySelector('[data-testid="signature-valid"]')?.textContent?.trim() ?? '',
        chainStatus: (c as HTMLElement).dataset.chain ?? '',
      })),
    );
  }

  /** On the annex tab: tick "Ký số", choose the identity by its name, type the secret, optionally a .p7s. */
  async chooseSigning(name: string, secret: string, p7s: boolean): Promise<void> {
    await this.page.getByTestId('annex-sign').check();
    const select = this.page.getByTestId('annex-sign-identity');
    const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
    await select.selectOption(value ?? '');
    await this.page.getByTestId('annex-sign-secret').fill(secret);
    if (p7s) await this.page.getByTestId('annex-sign-p7s').check();
  }
}
/** Tổng hợp → Vòng thẩm định và giải trình: the round pill, opening round 2, the explanation list to and from units. */
export class RoundsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('ctab-rounds').click();
    await this.page.getByTestId('rounds-panel').waitFor();
  }

  async waitRound(round: 1 | 2): Promise<void> {
    await this.page.locator(`[data-testid="round-pill"][data-round="${round}"]`).waitFor();
  }

  async waitCounts(text: string): Promise<void> {
    await this.page.getByTestId('request-counts').filter({ hasText: text }).waitFor();
  }

  /** Imports a filled answers workbook; returns the result line, or the located problems of a refusal. */
  async importAnswers(path: string): Promise<{ ok: true; text: string } | { ok: false; issues: string[] }> {
    await this.page.getByTestId('answers-import-file').setInputFiles(path);
    const result = this.page.getByTestId('answers-result');
    const issues = this.page.getByTestId('answers-issues');
    await result.or(issues).waitFor();
    if (await issues.isVisible()) return { ok: false, issues: await issues.getByTestId('import-issue').allTextContents() };
    return { ok: true, text: ((await result.textContent()) ?? '').trim() };
  }

  async closeIssues(): Promise<void> {
    await this.page.getByTestId('answers-issues-close').click();
    await this.page.getByTestId('answers-issues').waitFor({ state: 'detached' });
  }

  /** Opens the confirmation, checks it refuses an empty reason, types one; `confirm` then opens round 2. */
  async askOpenRound2(reason: string): Promise<{ disabledWithoutReason: boolean }> {
    await this.page.getByTestId('round-open').click();
    await this.page.getByTestId('round-open-dialog').waitFor();
    await this.page.getByTestId('round-no-way-back').waitFor();
    const disabledWithoutReason = await this.page.getByTestId('round-open-ok').isDisabled();
    await this.page.getByTestId('round-open-reason').fill(reason);
    return { disabledWithoutReason };
  }

  async confirmOpenRound2(): Promise<void> {
    await this.page.getByTestId('round-open-ok').click();
    await this.waitRound(2);
  }

  row(unitCode: string): Locator {
    return this.page.locator(`[data-testid="round-row"][data-unit="${unitCode}"]`);
  }
}
