// memberPackageImport: 15 members' signed packages for 130 units × 100 leaves — export, verify and import
// each; consolidate130x100x15: full consolidation and re-ranking. Real SQLite files, real package files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { readPackage } from '../electron/exchange/container.js';
import { generatedCampaign } from './generate.js';
import type { Figure } from './figure.js';


export async function benchExchange(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-exchange-'));
  try {
    const secDb = openDatabase(join(dir, 'sec', 'par.sqlite'));
    const sec = createServices(secDb, { dataDir: join(dir, 'sec') });
    const campaignId = sec.campaigns.insertContent(generatedCampaign(130), 'bench', 'bench');
    const areas = sec.scoring.treeOf(campaignId).tree.roots.map((r) => r.criterion.code);
    const members = Array.from({ length: 15 }, (_, i) => {
      const mdir = join(dir, `m${i}`);
      const db = openDatabase(join(mdir, 'par.sqlite'));
      const s = createServices(db, { dataDir: mdir });
      const identity = s.exchange.initSelf({ name: `Thành viên ${i + 1}`, agency: '', role: 'Thành viên', kind: 'member' });
      const mine = [areas[i % areas.length]!, areas[(i + 3) % areas.length]!];
      sec.exchange.registerMember(identity, campaignId, 'bench');
      sec.workspace.assign({ campaignId, memberUid: identity.uid, areas: mine, units: [] }, 'bench');
      return { db, s, mine };
    });
    const campaignPackage = sec.exchange.exportCampaignPackage(campaignId, null).bytes;
    const memberPackages: Buffer[] = [];
    const exportMs: number[] = [];
    for (const m of members) {
      m.s.exchange.importPackage(campaignPackage, 'bench');
      const id = m.s.campaigns.list()[0]!.id;
      const tree = m.s.scoring.treeOf(id).tree;
      const leaves = tree.leaves.filter((l) => m.mine.includes(l.criterion.code.split('.')[0]!) && l.criterion.kind === 'appraised');
      m.db.transaction(() => {
        for (const u of m.s.campaigns.unitList(id)) {
          for (const [j, leaf] of leaves.entries()) {
            m.s.workspace.setProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: (j * 250) % (leaf.criterion.maxMilli + 1) }, reason: 'đo' });
          }
        }
      })();
      const t0 = performance.now();
      memberPackages.push(m.s.exchange.exportMemberPackage(id).bytes);
      exportMs.push(performance.now() - t0);
      m.db.close();
    }
    const importMs: number[] = [];
    const verifyMs: number[] = [];
    for (const bytes of memberPackages) {
      const v0 = performance.now();
      readPackage(bytes);
      verifyMs.push(performance.now() - v0);
      const t0 = performance.now();
      sec.exchange.importPackage(bytes, 'bench');
      importMs.push(performance.now() - t0);
    }
    const c0 = performance.now();
    secDb.transaction(() => sec.consolidation.recompute(campaignId, null, 'bench', 'bench'))();
    sec.scoring.ranking(campaignId);
    const consolidateMs = performance.now() - c0;
    const r0 = performance.now();
    sec.scoring.ranking(campaignId);
    const rankMs = performance.now() - r0;
    secDb.close();
    const worst = (xs: number[]) => Math.max(...xs);
    const sizes = memberPackages.map((b) => b.length);
    return {
      memberPackageImport: {
        value: worst(exportMs.map((e, i) => e + importMs[i]!)), unit: 'ms', floor: worst(verifyMs),
        floorLabel: `unzip + parse alone; worst of 15 packages, ${(Math.max(...sizes) / 1024).toFixed(0)} KB`, goal: '< 1000 ms each',
      },
      consolidate130x100x15: { value: consolidateMs, unit: 'ms', floor: rankMs, floorLabel: 'ranking alone', goal: '< 300 ms' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(await benchExchange());
}
