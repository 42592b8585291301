// Backup of a 130-unit campaign with 256 MB of evidence (256 files of 1 MB): the archive written by
// createBackup beside the system's `tar -cf` of the same database copy and blobs (the floor: the same
// bytes read and written with no hashing), then the full verification beside `sha256sum` of the
// archive. Standalone: `node --import tsx bench/backup.ts`.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createBackup, verifyBackup } from '../electron/backup/archive.js';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import type { Figure } from './figure.js';
import { generatedCampaign } from './generate.js';

const FILES = 256;
const FILE_BYTES = 1024 * 1024;

export async function benchBackup(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-backup-'));
  try {
    const data = join(dir, 'data');
    const db = openDatabase(join(data, 'par.sqlite'));
    const s = createServices(db, { dataDir: data });
    const content = generatedCampaign(130);
    const campaignId = s.campaigns.insertContent(content, 'bench', 'bench');
    const leaf = content.criteria.find((c) => !content.criteria.some((o) => o.parentCode === c.code))!.code;
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    for (let i = 0; i < FILES; i++) {
      const file = join(scratch, `minh-chung-${i}.pdf`);
      // Incompressible bytes inside a PDF's header and trailer: evidence is judged by its content.
      writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(FILE_BYTES), Buffer.from('\n%%EOF\n')]));
      await s.evidence.attachPath(campaignId, content.units[i % content.units.length]!.code, leaf, file, 'bench');
    }
    rmSync(scratch, { recursive: true });
    const archive = join(dir, 'bench.parbak');
    const t0 = performance.now();
    const made = await createBackup({ db, dataDir: data, out: archive, appVersion: 'bench' });
    const backupMs = performance.now() - t0;
    // The floor: tar of a copy of the database and the same blob files.
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(data, 'par.sqlite'), join(dir, 'floor.sqlite'));
    const t1 = performance.now();
    const tar = spawnSync('tar', ['-cf', join(dir, 'floor.tar'), '-C', dir, 'floor.sqlite', '-C', data, 'evidence'], { encoding: 'utf8' });
    const tarMs = performance.now() - t1;
    s.evidence.dispose();
    db.close();
    const t2 = performance.now();
    await verifyBackup(archive, 'bench.parbak');
    const verifyMs = performance.now() - t2;
    const t3 = performance.now();
    const sum = spawnSync('sha256sum', [archive], { encoding: 'utf8' });
    const sumMs = performance.now() - t3;
    const mb = (made.size / 1e6).toFixed(0);
    return {
      backup130: { value: backupMs, unit: 'ms', floor: tar.status === 0 ? tarMs : null, floorLabel: `tar -cf, same ${mb} MB` },
      verify130: { value: verifyMs, unit: 'ms', floor: sum.status === 0 ? sumMs : null, floorLabel: `sha256sum of the ${mb} MB archive` },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, f] of Object.entries(await benchBackup())) {
    console.log(`${name.padEnd(12)} ${f.value.toFixed(0).padStart(7)} ${f.unit}   floor ${f.floor === null ? '—' : `${f.floor.toFixed(0)} ${f.unit}`} (${f.floorLabel})`);
  }
}
