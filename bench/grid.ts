// gridReady120: from clicking a unit to its whole 120-leaf grid on screen, in real Chromium against the
// browser host, for the member grid and the secretariat grid; floor: the sheet call alone, timed in the page.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { writeCampaignWorkbook } from '../electron/workbook/write-campaign.js';
import { generatedCampaign } from './generate.js';
import type { Figure } from './figure.js';


const root = join(import.meta.dirname, '..');
const CHROMIUM = process.env.PAR_CHROMIUM ?? '/usr/bin/chromium';

function startHost(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'host.mjs'), '--data-dir', dataDir, '--port', '0', '--no-auto-backup'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PAR_HOST_READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchGrid(): Promise<Record<string, Figure>> {
  if (!existsSync(join(root, 'dist', 'host.mjs'))) throw new Error('dist/host.mjs is missing: run "node scripts/build.mjs" first.');
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-grid-'));
  const { child, url } = await startHost(dir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const token = new URL(url).searchParams.get('t')!;
    const api = async (method: string, input: unknown) => {
      const r = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'x-par-token': token, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const reply = (await r.json()) as { ok: boolean; value: unknown; error?: { message: string } };
      if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
      return reply.value;
    };
    const content = generatedCampaign(20, [15, 15, 15, 15, 15, 15, 15, 15]);
    const leaves = content.criteria.filter((c) => !content.criteria.some((o) => o.parentCode === c.code)).length;
    const imported = (await api('workbook/import', { fileName: 'bench.xlsx', contentBase64: writeCampaignWorkbook(content).toString('base64') })) as { campaignId: number };
    const campaignId = imported.campaignId;
    const units = content.units.slice(0, 12).map((u) => u.code);
    const names = Object.fromEntries(content.units.map((u) => [u.code, u.name]));
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // tsx compiles with keepNames: functions sent to the page refer to its __name helper.
    await page.addInitScript('window.__name = (f) => f;');

    const measure = async (rowPrefix: string, sheetMethod: string) => {
      await page.goto(`${url}#/scoring`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      await page.selectOption('[data-testid=campaign-select]', String(campaignId));
      await page.waitForSelector(`[data-testid=unit-item-${units[0]}]`);
      const ready: number[] = [];
      const calls: number[] = [];
      for (const [i, code] of units.entries()) {
        // Alternate so every click really loads another unit.
        const target = i % 2 === 0 ? code : units[(i + 1) % units.length]!;
        // Ready: the header names the clicked unit and every row is in the DOM, checked each frame.
        const ms = await page.evaluate(
          async ({ target, name, rowPrefix, leaves }) => {
            const item = document.querySelector<HTMLElement>(`[data-testid="unit-item-${target}"]`)!;
            const t0 = performance.now();
            item.click();
            await new Promise<void>((resolve) => {
              const check = () => {
                const title = document.querySelector('[data-testid="sheet-unit-name"]')?.textContent?.trim();
                const rows = document.querySelectorAll(`[data-testid^="${rowPrefix}"]`).length;
                if (title === name && rows >= leaves) resolve();
                else requestAnimationFrame(check);
              };
              check();
            });
            return performance.now() - t0;
          },
          { target, name: names[target]!, rowPrefix, leaves },
        );
        if (i > 0) ready.push(ms);
        const call = await page.evaluate(
          async ({ sheetMethod, campaignId, target, token }) => {
            const t0 = performance.now();
            const r = await fetch(`/api/${sheetMethod}`, { method: 'POST', headers: { 'x-par-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ campaignId, unitCode: target }) });
            await r.json();
            return performance.now() - t0;
          },
          { sheetMethod, campaignId, target, token },
        );
        calls.push(call);
      }
      return { ready: median(ready), call: median(calls) };
    };

    const secretariat = await measure('row-', 'sheet/get');
    // Assigning is the secretariat's: the profile is assigned its areas first, then becomes the member's.
    const me = (await api('member/saveSelf', { name: 'Thành viên đo', agency: '', role: 'Thành viên', kind: 'secretariat' })) as { uid: string };
    await api('member/assign', { campaignId, memberUid: me.uid, areas: ['1', '2', '3', '4', '5', '6', '7', '8'], units: [] });
    await api('member/saveSelf', { name: 'Thành viên đo', agency: '', role: 'Thành viên', kind: 'member' });
    const member = await measure('mrow-', 'proposal/sheet');
    return {
      gridReady120: { value: member.ready, unit: 'ms', floor: member.call, floorLabel: `proposal/sheet call alone (${leaves} leaves)`, goal: '< 100 ms' },
      gridReady120Final: { value: secretariat.ready, unit: 'ms', floor: secretariat.call, floorLabel: 'sheet/get call alone' },
    };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(await benchGrid());
}
