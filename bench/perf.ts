// `node --import tsx bench/perf.ts [rank] [open] [consolidate] [import]` (RUNS=5 by default): the
// ranking and consolidation figures of `npm run bench`, each alone and the best of several runs, each
// beside its floor from the same run — for a machine other work is loading. Not part of `npm run bench`.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { generatedCampaign } from './generate.js';
import { benchOpen } from './open.js';
import { prepareConsolidation } from './perf-setup.js';

const RUNS = Number(process.env.RUNS ?? 5);
const only = process.argv.slice(2);
const want = (n: string) => only.length === 0 || only.includes(n);
const dir = mkdtempSync(join(tmpdir(), 'par-perf-'));
const line = (name: string, ms: number, floor: number, label: string) =>
  console.log(`${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms   floor ${floor.toFixed(1)} ms (${label})`);

function bestOf(n: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

try {
  if (want('rank') || want('open')) {
    const file = join(dir, 'rank.sqlite');
    const db = openDatabase(file);
    const s = createServices(db);
    const id = s.campaigns.insertContent(generatedCampaign(3000), 'bench', 'bench');
    if (want('rank')) {
      // Alternate figure and floor so both see the same load.
      let rank = Infinity;
      let floor = Infinity;
      const aggregate = db.prepare('SELECT unit_code, sum(points_milli) AS total FROM score WHERE campaign_id = ? GROUP BY unit_code');
      for (let i = 0; i < RUNS; i++) {
        rank = Math.min(rank, bestOf(1, () => s.scoring.ranking(id)));
        floor = Math.min(floor, bestOf(1, () => aggregate.all(id)));
      }
      line('rank3000x100', rank, floor, 'one SQL aggregate');
    }
    db.close();
    if (want('open')) {
      let ranking = Infinity;
      let open = Infinity;
      let openFloor = Infinity;
      let rss = 0;
      for (let i = 0; i < Math.min(RUNS, 3); i++) {
        const f = await benchOpen(file, id, dir);
        ranking = Math.min(ranking, f.open3000Ranking!.value);
        open = Math.min(open, f.open3000!.value);
        openFloor = Math.min(openFloor, f.open3000!.floor!);
        rss = f.mainProcessRssRanked!.value;
      }
      line('open3000', open, openFloor, 'same rows, raw SQLite');
      console.log(`${'open3000Ranking'.padEnd(22)} ${ranking.toFixed(1).padStart(8)} ms   (ranking/get over HTTP; host RSS after it ${rss.toFixed(0)} MB)`);
    }
  }
  if (want('consolidate') || want('import')) {
    const prepared = [prepareConsolidation(join(dir, 'c0'))];
    if (want('import')) for (let i = 1; i < Math.min(RUNS, 3); i++) prepared.push(prepareConsolidation(join(dir, `c${i}`)));
    if (want('import')) {
      const worst = (xs: number[]) => Math.max(...xs);
      const best = prepared.reduce((a, b) => (worst(a.packageMs) <= worst(b.packageMs) ? a : b));
      // Not run.ts's memberPackageImport (one member's 130 × 100 package): export + import of 15 smaller ones.
      line('memberPackages15', worst(best.packageMs), worst(best.verifyMs), 'unzip + parse alone; worst of 15 packages');
      console.log(`  export + import per package (ms): ${best.packageMs.map((x) => x.toFixed(0)).join(' ')}`);
    }
    if (want('consolidate')) {
      const { path, campaignId } = prepared[0]!;
      let best = Infinity;
      let floor = Infinity;
      for (let i = 0; i < RUNS; i++) {
        const f = join(dir, `copy${i}.sqlite`);
        copyFileSync(path, f);
        const db = openDatabase(f);
        const s = createServices(db, { dataDir: join(dir, `copy${i}`) });
        s.scoring.modelOf(campaignId);
        const t0 = performance.now();
        db.transaction(() => s.consolidation.recompute(campaignId, null, 'bench', 'bench'))();
        s.scoring.ranking(campaignId);
        best = Math.min(best, performance.now() - t0);
        floor = Math.min(floor, bestOf(1, () => s.scoring.ranking(campaignId)));
        db.close();
      }
      line('consolidate130x100x15', best, floor, 'ranking alone');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
