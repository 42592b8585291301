// Page objects: what a person sees and does on each screen, in the words of the UI.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { SHOTS_DIR } from './harness.js';

export type ScreenName = 'campaigns' | 'scoring' | 'ranking';

export class AppShell {
  constructor(readonly page: Page) {}

  async goto(screen: ScreenName): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
    await this.page.getByTestId(`screen-${screen}`).waitFor();
  }

  /** Alt+1..3, the keyboard way. */
  async gotoByKeyboard(screen: ScreenName): Promise<void> {
    const key = { campaigns: '1', scoring: '2', ranking: '3' }[screen];
    await this.page.keyboard.press(`Alt+${key}`);
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

  /** Leaves of the open sheet in display order, with what the grid shows for them. */
  async leaves(): Promise<Array<{ code: string; kind: string; applicable: boolean; max: string; value: string }>> {
    return this.page.locator('[data-testid^="row-"]').evaluateAll((rows) =>
      rows
        .map((r) => r as HTMLElement)
        .filter((r) => r.querySelector('input.score-input'))
        .map((r) => ({
          code: r.dataset.code ?? '',
          kind: r.dataset.kind ?? '',
          applicable: r.dataset.applicable === 'true',
          max: r.children[2]?.textContent?.trim() ?? '',
          value: (r.querySelector('input.score-input') as HTMLInputElement).value,
        })),
    );
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

export class RankingPage {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="ranking"][data-state="ready"]').waitFor();
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
}

/** "81,96" → 81.96 */
export function parseVietnameseNumber(text: string): number {
  return Number(text.replace('%', '').replace(/\./g, '').replace(',', '.').trim());
}
