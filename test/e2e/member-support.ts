// Set-up shared by the member workspace tests: a member profile and its assignment written straight
// through the host's API (the UI way is covered by member-scoring.e2e.ts), and small files to attach.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Page } from 'playwright-core';
import type { Session } from './harness.js';
import type { WorkspacePage } from './pages.js';

async function api<T>(session: Session, method: string, input: unknown): Promise<T> {
  const url = new URL(session.url);
  const token = url.searchParams.get('t') ?? '';
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-par-token': token },
    body: JSON.stringify(input),
  });
  const reply = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message ?? 'failed'}`);
  return reply.value as T;
}

export { api };

/** Makes this machine's profile a council member assigned `areas` (and `units`) of campaign 1, then reloads. */
export async function becomeMember(session: Session, areas: string[], units: string[] = []): Promise<string> {
  // A member's machine does not assign (the secretariat does, and the campaign package brings it): the
  // assignment is written while the profile is still the secretariat's, then the profile becomes the member's.
  const profile = { name: 'Lê Minh Châu', agency: 'Sở Tài chính', role: 'Thành viên Tổ giúp việc' };
  const self = await api<{ uid: string }>(session, 'member/saveSelf', { ...profile, kind: 'secretariat' });
  await api(session, 'member/assign', { campaignId: 1, memberUid: self.uid, areas, units });
  await api(session, 'member/saveSelf', { ...profile, kind: 'member' });
  // A fragment change alone would not reload the app: go to the scoring screen, then reload.
  await session.page.evaluate(() => {
    window.location.hash = '#/scoring';
  });
  await session.page.reload();
  await session.page.waitForSelector('body[data-ready="true"]');
  await session.page.getByTestId('member-workspace').waitFor();
  return self.uid;
}

/** A real one-page PDF (pdfkit): a title, a line of Vietnamese text and a dark block, so a preview has ink. */
export async function writePdf(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(22).text('KE HOACH CAI CACH HANH CHINH NAM 2025', { align: 'center' });
  doc.moveDown().fontSize(12).text('Tai lieu kiem chung cho tieu chi 1.1.1 (test).');
  doc.rect(50, 200, 495, 120).fill('#1d3557');
  doc.end();
  await done;
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

/**
 * Scores one row from the keyboard the way its rule reads (option 1, "100" %, or the maximum) and,
 * when the reason field takes the keyboard because the score differs from the self-score, types one.
 * Leaves the keyboard on the next unscored cell.
 */
export async function scoreRowByKeyboard(page: Page, ws: WorkspacePage, code: string): Promise<void> {
  await ws.waitFocus(code);
  const row = await ws.rowInfo(code);
  if (row.options.length > 0) {
    await page.keyboard.press('1');
    await page.locator(`[data-testid="mrow-${code}"][data-proposal="${row.options[0]}"]`).waitFor();
  } else {
    await page.keyboard.type(row.rule === 'ratio' ? '100' : row.max);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="mrow-${code}"]:not([data-proposal=""])`).waitFor();
  }
  const after = await ws.rowInfo(code);
  if (after.self !== null && after.proposal !== after.self) {
    await ws.waitFocus(code, 'reason');
    await page.keyboard.type(`Lý do ${code}`);
  }
  if (row.options.length > 0 || (after.self !== null && after.proposal !== after.self)) await page.keyboard.press('Enter');
}
