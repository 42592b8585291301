// Shared set-up for the reliability tests: a secretariat data folder with the demo campaign and a
// registered member, the member's own folder with the campaign imported and proposals made, and a
// signed member package — built once, through the services, then copied per run.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { DB_FILE } from '../../electron/core/paths.js';
import { AppError } from '../../shared/errors.js';

export interface World {
  /** Secretariat database file (closed, checkpointed). */
  secDb: string;
  /** Member database file (closed, checkpointed). */
  memberDb: string;
  memberUid: string;
  /** A signed member package the secretariat has not imported yet. */
  memberPackage: Buffer;
  /** How many proposals the package carries. */
  packageProposals: number;
}

export function buildWorld(dir: string, proposals = 400): World {
  const secDir = join(dir, 'sec');
  const memDir = join(dir, 'mem');
  const sec = openApp({ dataDir: secDir, host: 'cli', seedDemo: true });
  const mem = openApp({ dataDir: memDir, host: 'cli', seedDemo: false });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const id = mem.services.exchange.initSelf({ name: 'Nguyễn Văn Thử', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(id)) as unknown, campaignId, 'Tổ thư ký');
    const areas = sec.services.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
    sec.services.workspace.assign({ campaignId, memberUid: id.uid, areas, units: [] }, 'Tổ thư ký');
    mem.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'Thành viên');
    const memCampaign = mem.services.campaigns.list()[0]!.id;
    const tree = mem.services.scoring.modelOf(memCampaign).sets[0]!.tree;
    const leaves = [...tree.byCode.values()].filter((n) => n.children.length === 0);
    let made = 0;
    for (const u of mem.services.repos.units.list(memCampaign)) {
      for (const l of leaves) {
        if (made >= proposals) break;
        try {
          mem.services.workspace.setProposal({ campaignId: memCampaign, unitCode: u.code, criterionCode: l.criterion.code, input: { kind: 'points', pointsMilli: 0 }, reason: 'Chuẩn bị' });
          made++;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
      }
    }
    const memberPackage = mem.services.exchange.exportMemberPackage(memCampaign).bytes;
    return { secDb: join(secDir, DB_FILE), memberDb: join(memDir, DB_FILE), memberUid: id.uid, memberPackage, packageProposals: made };
  } finally {
    sec.close();
    mem.close();
  }
}

/** A fresh data folder holding a copy of the given database. */
export function copyInto(dbFile: string, dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, DB_FILE);
  copyFileSync(dbFile, target);
  return target;
}
