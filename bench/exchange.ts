// memberPackageImport: one member's signed package for 130 units × 100 leaves (every appraised leaf),
// imported by the secretariat, beside unzip + parse + the same rows inserted raw; consolidate130x100x15:
// 15 members' packages, then full consolidation and re-ranking. Real SQLite files, real package files.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { strFromU8 } from 'fflate';
import { readPackage } from '../electron/exchange/container.js';
import { generatedCampaign } from './generate.js';
import type { Figure } from './figure.js';


export async function benchExchange(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-exchange-'));
  try {
    const secDb = openDatabase(join(dir, 'sec', 'par.sqlite'));
    const sec = createServices(secDb, { dataDir: join(dir, 'sec') });
    const campaignId = sec.campaigns.insertContent(generatedCampaign(130), 'bench', 'bench');
    const areas = sec.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
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
    for (const m of members) {
      m.s.exchange.importPackage(campaignPackage, 'bench');
      const id = m.s.campaigns.list()[0]!.id;
      const tree = m.s.scoring.modelOf(id).sets[0]!.tree;
      const leaves = tree.leaves.filter((l) => m.mine.includes(l.criterion.code.split('.')[0]!) && l.criterion.kind === 'appraised');
      m.db.transaction(() => {
        for (const u of m.s.campaigns.unitList(id)) {
          for (const [j, leaf] of leaves.entries()) {
            m.s.workspace.setProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: (j * 250) % (leaf.criterion.maxMilli + 1) }, reason: 'đo' });
          }
        }
      })();
      memberPackages.push(m.s.exchange.exportMemberPackage(id).bytes);
      m.db.close();
    }
    for (const bytes of memberPackages) sec.exchange.importPackage(bytes, 'bench');
    const c0 = performance.now();
    secDb.transaction(() => sec.consolidation.recompute(campaignId, null, 'bench', 'bench'))();
    sec.scoring.ranking(campaignId);
    const consolidateMs = performance.now() - c0;
    const r0 = performance.now();
    sec.scoring.ranking(campaignId);
    const rankMs = performance.now() - r0;
    secDb.close();
    return {
      consolidate130x100x15: { value: consolidateMs, unit: 'ms', floor: rankMs, floorLabel: 'ranking alone', goal: '< 300 ms' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RawPayload {
  proposals: Array<{ unitCode: string; criterionCode: string; round: number; pointsMilli: number | null; notApplicable: boolean; reason: string; inputs: string; revision: number; updatedAt: string }>;
  history: Array<{ at: string; action: string; unitCode: string | null; criterionCode: string | null; oldValue: string | null; newValue: string | null; reason: string }>;
}

/**
 * memberPackageImport: the secretariat imports one member's package holding every appraised leaf of 130
 * units (~11,000 proposals and their history). Floor, from a copy of the same database: unzip + parse of
 * the package and the same proposal and history rows inserted raw in one transaction. Best of 3 each,
 * every run on a fresh copy.
 */
export async function benchMemberPackage(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-member-package-'));
  try {
    const secFile = join(dir, 'sec', 'par.sqlite');
    const secDb = openDatabase(secFile);
    const sec = createServices(secDb, { dataDir: join(dir, 'sec') });
    const campaignId = sec.campaigns.insertContent(generatedCampaign(130), 'bench', 'bench');
    const areas = sec.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
    const mdir = join(dir, 'member');
    const mdb = openDatabase(join(mdir, 'par.sqlite'));
    const m = createServices(mdb, { dataDir: mdir });
    const identity = m.exchange.initSelf({ name: 'Thành viên đo hiệu năng', agency: '', role: 'Thành viên', kind: 'member' });
    sec.exchange.registerMember(identity, campaignId, 'bench');
    sec.workspace.assign({ campaignId, memberUid: identity.uid, areas, units: [] }, 'bench');
    m.exchange.importPackage(sec.exchange.exportCampaignPackage(campaignId, null).bytes, 'bench');
    const id = m.campaigns.list()[0]!.id;
    const leaves = m.scoring.modelOf(id).sets[0]!.tree.leaves.filter((l) => l.criterion.kind === 'appraised');
    mdb.transaction(() => {
      for (const u of m.campaigns.unitList(id)) {
        for (const [j, leaf] of leaves.entries()) {
          m.workspace.setProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: (j * 250) % (leaf.criterion.maxMilli + 1) }, reason: 'đo' });
        }
      }
    })();
    const bytes = m.exchange.exportMemberPackage(id).bytes;
    mdb.close();
    secDb.pragma('wal_checkpoint(TRUNCATE)');
    secDb.close();

    let value = Infinity;
    let floor = Infinity;
    let rows = 0;
    for (let run = 0; run < 3; run++) {
      const rawFile = join(dir, `raw${run}.sqlite`);
      copyFileSync(secFile, rawFile);
      const raw = openDatabase(rawFile);
      const putProposal = raw.prepare(
        `INSERT INTO proposal (campaign_id, unit_code, criterion_code, member_uid, round, points_milli, not_applicable, reason, inputs, revision, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const putHistory = raw.prepare(
        `INSERT INTO member_history (campaign_id, member_uid, package_sha256, at, action, unit_code, criterion_code, old_value, new_value, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const f0 = performance.now();
      const pkg = readPackage(bytes);
      const payload = JSON.parse(strFromU8(pkg.payloadBytes)) as RawPayload;
      raw.transaction(() => {
        for (const p of payload.proposals) putProposal.run(campaignId, p.unitCode, p.criterionCode, identity.uid, p.round, p.pointsMilli, p.notApplicable ? 1 : 0, p.reason, p.inputs, p.revision, p.updatedAt);
        for (const h of payload.history) putHistory.run(campaignId, identity.uid, pkg.sha256, h.at, h.action, h.unitCode, h.criterionCode, h.oldValue, h.newValue, h.reason);
      })();
      floor = Math.min(floor, performance.now() - f0);
      rows = payload.proposals.length;
      raw.close();

      const runFile = join(dir, `sec${run}`, 'par.sqlite');
      mkdirSync(dirname(runFile), { recursive: true });
      copyFileSync(secFile, runFile);
      // As the app's job worker opens it: the app's checkpointer thread, not the import's commit, copies the log back.
      const db = openDatabase(runFile, { checkpointsElsewhere: true });
      const s = createServices(db, { dataDir: dirname(runFile) });
      s.scoring.modelOf(campaignId);
      const t0 = performance.now();
      s.exchange.importPackage(bytes, 'bench');
      value = Math.min(value, performance.now() - t0);
      db.close();
    }
    return {
      memberPackageImport: {
        value, unit: 'ms', floor,
        floorLabel: `unzip + parse + the same ${rows} proposals and their history inserted raw; ${(bytes.length / 1024).toFixed(0)} KB package`, goal: '≤ 3 × floor',
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(await benchMemberPackage());
  console.log(await benchExchange());
}
