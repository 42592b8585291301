// The secretariat database of bench/exchange.ts right before its full consolidation, saved to a file,
// with each member package's export + import time and its unzip + parse floor.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { readPackage } from '../electron/exchange/container.js';
import { generatedCampaign } from './generate.js';

export interface PreparedConsolidation {
  path: string;
  campaignId: number;
  /** Export + import of each member package, in import order. */
  packageMs: number[];
  /** Unzip + parse of each package alone: the floor. */
  verifyMs: number[];
}

export function prepareConsolidation(dir: string, memberCount = 15): PreparedConsolidation {
  const path = join(dir, 'sec', 'par.sqlite');
  const secDb = openDatabase(path);
  const sec = createServices(secDb, { dataDir: join(dir, 'sec') });
  const campaignId = sec.campaigns.insertContent(generatedCampaign(130), 'bench', 'bench');
  const areas = sec.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
  const members = Array.from({ length: memberCount }, (_, i) => {
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
  const packages: Buffer[] = [];
  const exportMs: number[] = [];
  for (const m of members) {
    m.s.exchange.importPackage(campaignPackage, 'bench');
    const id = m.s.campaigns.list()[0]!.id;
    const leaves = m.s.scoring.modelOf(id).sets[0]!.tree.leaves.filter((l) => m.mine.includes(l.criterion.code.split('.')[0]!) && l.criterion.kind === 'appraised');
    m.db.transaction(() => {
      for (const u of m.s.campaigns.unitList(id)) {
        for (const [j, leaf] of leaves.entries()) {
          m.s.workspace.setProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: (j * 250) % (leaf.criterion.maxMilli + 1) }, reason: 'đo' });
        }
      }
    })();
    const t0 = performance.now();
    packages.push(m.s.exchange.exportMemberPackage(id).bytes);
    exportMs.push(performance.now() - t0);
    m.db.close();
  }
  const packageMs: number[] = [];
  const verifyMs: number[] = [];
  packages.forEach((bytes, i) => {
    const v0 = performance.now();
    readPackage(bytes);
    verifyMs.push(performance.now() - v0);
    const t0 = performance.now();
    sec.exchange.importPackage(bytes, 'bench');
    packageMs.push(exportMs[i]! + performance.now() - t0);
  });
  secDb.close();
  return { path, campaignId, packageMs, verifyMs };
}
