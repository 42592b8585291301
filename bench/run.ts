// `npm run bench [-- --json <file>]`: each figure printed beside its floor measured in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { createServices } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { parseCampaignWorkbook } from '../electron/workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../electron/workbook/write-campaign.js';
import { RANKING_COLUMNS, writeRankingAnnex } from '../electron/workbook/ranking-annex.js';
import { milliToNumber } from '../shared/numbers.js';
import { generatedCampaign } from './generate.js';

interface Figure { value: number; unit: string; floor: number | null; floorLabel: string; goal?: string }
const figures: Record<string, Figure> = {};

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

function best<T>(runs: number, fn: () => T): { ms: number; result: T } {
  let out = time(fn);
  for (let i = 1; i < runs; i++) {
    const r = time(fn);
    if (r.ms < out.ms) out = r;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'par-bench-'));
try {
  console.log('Sinh đợt đánh giá 3.000 đơn vị × 100 tiêu chí thành phần…');
  const content = generatedCampaign(3000);
  const leafCount = content.criteria.filter((c) => !content.criteria.some((o) => o.parentCode === c.code)).length;
  const workbook = writeCampaignWorkbook(content);
  console.log(`  ${content.units.length} đơn vị, ${leafCount} tiêu chí thành phần, ${content.scores.length} dòng điểm, sổ tính ${(workbook.length / 1e6).toFixed(1)} MB`);

  // import3000x100: parse + validate + write in one transaction, against the same rows inserted raw.
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const s = createServices(db);
  const imported = time(() => s.campaigns.insertContent(parseCampaignWorkbook(workbook), 'bench', 'bench'));
  const campaignId = imported.result;
  const rawDb = openDatabase(join(dir, 'raw.sqlite'));
  const raw = time(() => {
    const rs = createServices(rawDb);
    rawDb.transaction(() => {
      const id = rs.repos.campaigns.insert({ uid: 'raw', name: 'raw', year: 2025, issuer: '', decisionNo: '', decisionDate: '', createdAt: '' });
      rs.repos.criteria.insertAll(id, content.criteria);
      rs.repos.groups.insertAll(id, content.groups);
      rs.repos.units.insertAll(id, content.units);
      rs.repos.scores.insertAll(id, content.scores, '');
    })();
  });
  rawDb.close();
  figures.import3000x100 = { value: imported.ms, unit: 'ms', floor: raw.ms, floorLabel: 'same rows inserted raw, one transaction' };

  // rank3000x100: load, roll up, rank and band every unit, against one SQL aggregate over the scores.
  const ranked = best(3, () => s.scoring.ranking(campaignId));
  const aggregate = best(3, () =>
    db.prepare('SELECT unit_code, sum(points_milli) AS total FROM score WHERE campaign_id = ? GROUP BY unit_code').all(campaignId),
  );
  figures.rank3000x100 = { value: ranked.ms, unit: 'ms', floor: aggregate.ms, floorLabel: 'one SQL aggregate' };

  // annexI3000: the ranking annex, against the spreadsheet library writing the same cells unstyled.
  const ranking = ranked.result;
  const annex = best(3, () => writeRankingAnnex(ranking, { year: 2025, decisionNo: '1/QĐ-UBND', decisionDate: '2026-01-15', issuer: 'Chủ tịch UBND tỉnh' }));
  const plain = best(3, () => {
    const rows: Array<Array<string | number | null>> = [[...RANKING_COLUMNS]];
    for (const g of ranking.groups) g.rows.forEach((r, i) => rows.push([i + 1, r.unitName, milliToNumber(r.totalMilli), r.indexHundredths / 100, r.rank, r.band]));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  });
  writeFileSync(join(dir, 'annex.xlsx'), annex.result);
  figures.annexI3000 = { value: annex.ms, unit: 'ms', floor: plain.ms, floorLabel: 'same cells, SheetJS alone', goal: '< 2000 ms' };

  // scoreWriteP99: 10,000 durable score writes through the service layer (each its own transaction).
  const sheet = s.scoring.sheet(campaignId, content.units[0]!.code);
  const leaves = sheet.rows.filter((r) => r.isLeaf);
  const latencies: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const leaf = leaves[i % leaves.length]!;
    const unit = content.units[i % 50]!.code;
    const t0 = performance.now();
    s.scoring.setPoints(campaignId, unit, leaf.code, (i * 250) % (leaf.maxMilli + 1), 'bench');
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const rawWrite = db.prepare('UPDATE score SET points_milli = ? WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?');
  const rawLat: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const leaf = leaves[i % leaves.length]!;
    const t0 = performance.now();
    rawWrite.run(0, campaignId, content.units[i % 50]!.code, leaf.code);
    rawLat.push(performance.now() - t0);
  }
  rawLat.sort((a, b) => a - b);
  figures.scoreWriteP50 = { value: p(0.5), unit: 'ms', floor: rawLat[5000]!, floorLabel: 'raw UPDATE, autocommit' };
  figures.scoreWriteP99 = { value: p(0.99), unit: 'ms', floor: rawLat[9900]!, floorLabel: 'raw UPDATE, autocommit', goal: '< 2 ms' };
  db.close();

  console.log('\nChỉ số                 giá trị        sàn (cùng lần chạy)');
  for (const [name, f] of Object.entries(figures)) {
    const floor = f.floor === null ? '—' : `${f.floor.toFixed(2)} ${f.unit}  (${f.floorLabel})`;
    console.log(`${name.padEnd(22)} ${`${f.value.toFixed(2)} ${f.unit}`.padStart(12)}   ${floor}${f.goal ? `   mục tiêu ${f.goal}` : ''}`);
  }
  const jsonAt = process.argv.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? process.argv[jsonAt + 1] : undefined;
  if (jsonFile) {
    const out = Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, { value: Number(f.value.toFixed(3)), unit: f.unit, floor: f.floor === null ? null : Number(f.floor.toFixed(3)) }]));
    writeFileSync(jsonFile, JSON.stringify(out, null, 2));
    console.log(`\nĐã ghi ${jsonFile}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
