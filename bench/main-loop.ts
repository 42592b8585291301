// mainLoopMaxDelay: the longest the host's event loop was held (perf_hooks.monitorEventLoopDelay, max, ms)
// while the core the host runs imports a 3,000 × 100 campaign workbook and exports Phụ lục III as PDF for
// 1,000 units, each through `dispatch` as the host calls it (the request body parsed from JSON, the reply
// turned back into JSON). No floor: nothing else runs on that loop. Alone: `node --import tsx bench/main-loop.ts`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openApp } from '../electron/core/app.js';
import { writeCampaignWorkbook } from '../electron/workbook/write-campaign.js';
import { generatedCampaign } from './generate.js';
import type { Figure } from './figure.js';

/** As the host does it: JSON body in, dispatch, JSON reply out. */
async function hostCall(core: ReturnType<typeof openApp>, method: string, body: string): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const reply = await core.dispatch(method, JSON.parse(body), { actor: 'bench' });
  return JSON.parse(JSON.stringify(reply)) as { ok: boolean; value?: unknown; error?: { message: string } };
}

export async function benchMainLoop(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-loop-'));
  const core = openApp({ dataDir: dir, host: 'browser', seedDemo: false, backgroundCheckpoints: true });
  try {
    const importBody = JSON.stringify({ fileName: 'dot-3000.xlsx', contentBase64: writeCampaignWorkbook(generatedCampaign(3000)).toString('base64') });
    const annexCampaign = core.services.campaigns.insertContent({ ...generatedCampaign(1000), name: 'Đợt 1.000 đơn vị' }, 'bench', 'bench');
    const annexBody = JSON.stringify({ campaignId: annexCampaign, annex: 'III', format: 'pdf' });

    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    const imported = await hostCall(core, 'workbook/import', importBody);
    const exported = await hostCall(core, 'annex/export', annexBody);
    const elapsed = performance.now() - started;
    // A delay is recorded when the monitor's timer finally fires: give it those turns before reading.
    await new Promise((resolve) => setTimeout(resolve, 50));
    histogram.disable();
    for (const [name, reply] of [['workbook/import', imported], ['annex/export', exported]] as const) {
      if (!reply.ok) throw new Error(`${name}: ${reply.error?.message}`);
    }
    const maxMs = histogram.max / 1e6;
    return {
      mainLoopMaxDelay: { value: maxMs, unit: 'ms', floor: null, floorLabel: `— (import 3.000 × 100 + PDF Phụ lục III 1.000 đơn vị, ${(elapsed / 1000).toFixed(1)} s)`, goal: '< 50 ms' },
    };
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchMainLoop();
  for (const [name, f] of Object.entries(figures)) console.log(`${name} ${f.value.toFixed(1)} ${f.unit}   sàn ${f.floorLabel}   mục tiêu ${f.goal ?? '—'}`);
}
