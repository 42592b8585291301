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
import { buildAnnexes } from '../electron/annex/build.js';
import type { AnnexSet } from '../electron/annex/model.js';
import { RANKING_ANNEX_COLUMNS, UNIT_SHEET_COLUMNS } from '../electron/annex/model.js';
import { writeAnnexPdf } from '../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../electron/annex/xlsx.js';
import { milliToNumber } from '../shared/numbers.js';
import { generatedCampaign } from './generate.js';
import { benchEvidence } from './evidence.js';
import { benchGrid } from './grid.js';
import { benchExchange } from './exchange.js';
import { benchOpen } from './open.js';
import type { Figure } from './figure.js';
import { benchMainLoop } from './main-loop.js';
// ——— Backup ———
import { benchBackup } from './backup.js';
// ——— end of backup imports ———

const DECISION = { decisionNo: '1/QĐ-UBND', decisionDate: '2026-01-15', issuer: 'Chủ tịch Ủy ban nhân dân tỉnh' };

/** The floor: the same cells an annex holds, written by SheetJS with no styles, merges or print setup. */
function plainCells(set: AnnexSet): Buffer {
  const wb = XLSX.utils.book_new();
  const pts = (m: number | null) => (m === null ? null : milliToNumber(m));
  for (const annex of set.annexes) {
    const head = [[annex.heading.label], [annex.heading.title], [annex.heading.decisionLine]];
    if (annex.kind === 'ranking') {
      const rows: Array<Array<string | number | null>> = [...head, [...RANKING_ANNEX_COLUMNS]];
      for (const g of annex.groups) {
        rows.push([g.title]);
        for (const r of g.rows) rows.push([r.stt, r.unitName, pts(r.totalMilli), pts(r.maxMilli), r.indexHundredths / 100, r.rank, r.band]);
      }
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Phụ lục I');
    } else if (annex.kind === 'components') {
      const rows: Array<Array<string | number | null>> = [...head, ['STT', 'Đơn vị', ...annex.areas.map((a) => a.name), 'Chỉ số CCHC']];
      for (const g of annex.groups) {
        rows.push([g.title]);
        for (const r of g.rows) rows.push([r.stt, r.unitName, ...annex.areas.map((a) => (r.components[a.code] ?? null) === null ? null : r.components[a.code]! / 100), r.indexHundredths / 100]);
      }
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Phụ lục II');
    } else {
      annex.units.forEach((u, i) => {
        const rows: Array<Array<string | number | null>> = [...head, [u.unitName], [...UNIT_SHEET_COLUMNS]];
        for (const r of u.rows) rows.push([r.code, r.name, pts(r.maxMilli), pts(r.selfMilli), pts(r.appraisedMilli), pts(r.surveyMilli), pts(r.pointsMilli), r.indexHundredths === null ? null : r.indexHundredths / 100, r.note]);
        XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), `PL III ${i + 1}`);
      });
    }
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

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

  // annexI3000: Phụ lục I for 3,000 units, styled, against SheetJS writing the same cells unstyled.
  const annexI = best(3, () => writeAnnexXlsx(buildAnnexes(s, campaignId, ['I'], DECISION)));
  const annexIPlain = best(3, () => plainCells(buildAnnexes(s, campaignId, ['I'], DECISION)));
  figures.annexI3000 = { value: annexI.ms, unit: 'ms', floor: annexIPlain.ms, floorLabel: 'same cells, SheetJS alone, unstyled', goal: '< 2000 ms' };

  // annexesAll130: Phụ lục I, II and III for 130 units (xlsx, and PDF beside it).
  const smallDb = openDatabase(join(dir, 'small.sqlite'));
  const small = createServices(smallDb);
  const smallId = small.campaigns.insertContent(generatedCampaign(130), 'bench', 'bench');
  const all130 = best(3, () => writeAnnexXlsx(buildAnnexes(small, smallId, ['I', 'II', 'III'], DECISION)));
  const all130Plain = best(3, () => plainCells(buildAnnexes(small, smallId, ['I', 'II', 'III'], DECISION)));
  figures.annexesAll130 = { value: all130.ms, unit: 'ms', floor: all130Plain.ms, floorLabel: 'same cells, SheetJS alone, unstyled', goal: '< 2000 ms' };
  const set130 = buildAnnexes(small, smallId, ['I', 'II', 'III'], DECISION);
  const t0 = performance.now();
  const pdf = await writeAnnexPdf(set130);
  figures.annexesAll130Pdf = { value: performance.now() - t0, unit: 'ms', floor: null, floorLabel: `${(pdf.length / 1e6).toFixed(1)} MB PDF` };
  smallDb.close();

  // scoreWriteP99: 10,000 durable member score writes through the service layer (each its own
  // transaction, with its history row), against a raw autocommit UPDATE of the same table family.
  const me = s.workspace.saveSelf({ name: 'Thành viên đo hiệu năng', agency: '', role: 'Thành viên', kind: 'member' });
  const areas = s.scoring.treeOf(campaignId).tree.roots.map((r) => r.criterion.code);
  s.workspace.assign({ campaignId, memberUid: me.uid, areas, units: [] }, 'bench');
  const leaves = s.scoring.treeOf(campaignId).tree.leaves.filter((l) => l.criterion.kind === 'appraised');
  const latencies: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const leaf = leaves[i % leaves.length]!.criterion;
    const unitCode = content.units[i % 50]!.code;
    const t0 = performance.now();
    s.workspace.setProposal({ campaignId, unitCode, criterionCode: leaf.code, input: { kind: 'points', pointsMilli: (i * 250) % (leaf.maxMilli + 1) }, reason: 'đo' });
    latencies.push(performance.now() - t0);
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const rawWrite = db.prepare('UPDATE proposal SET points_milli = ? WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND member_uid = ? AND round = 1');
  const rawLat: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const leaf = leaves[i % leaves.length]!.criterion;
    const t0 = performance.now();
    rawWrite.run(0, campaignId, content.units[i % 50]!.code, leaf.code, me.uid);
    rawLat.push(performance.now() - t0);
  }
  figures.scoreWriteP50 = { value: pct(latencies, 0.5), unit: 'ms', floor: pct(rawLat, 0.5), floorLabel: 'raw UPDATE, autocommit' };
  figures.scoreWriteP99 = { value: pct(latencies, 0.99), unit: 'ms', floor: pct(rawLat, 0.99), floorLabel: 'raw UPDATE, autocommit', goal: '< 2 ms' };
  // The whole round trip the grid waits for: validate, write, and read the unit's sheet back.
  const trips: number[] = [];
  for (let i = 0; i < 500; i++) {
    const leaf = leaves[i % leaves.length]!.criterion;
    const t0 = performance.now();
    s.workspace.setProposal({ campaignId, unitCode: content.units[0]!.code, criterionCode: leaf.code, input: { kind: 'points', pointsMilli: 0 } });
    s.workspace.sheet(campaignId, content.units[0]!.code);
    trips.push(performance.now() - t0);
  }
  figures.scoreRoundTripP99 = { value: pct(trips, 0.99), unit: 'ms', floor: pct(rawLat, 0.99), floorLabel: 'raw UPDATE, autocommit' };
  db.close();

  console.log('Đo mở đợt 3.000 đơn vị trong tiến trình chính (máy chủ trình duyệt) và kích thước giao diện…');
  Object.assign(figures, await benchOpen(join(dir, 'bench.sqlite'), campaignId, dir));

  console.log('Đo trao đổi gói: 15 thành viên × 130 đơn vị × 100 tiêu chí…');
  Object.assign(figures, await benchExchange());
  console.log('Đo thời gian hiện bảng chấm điểm 120 tiêu chí trong Chromium…');
  Object.assign(figures, await benchGrid());
  console.log('Đo tốc độ băm tài liệu kiểm chứng (tệp 1 GB)…');
  Object.assign(figures, await benchEvidence());
  // ——— Backup ———
  console.log('Đo sao lưu và kiểm tra bản sao lưu: 130 đơn vị, 256 MB tài liệu kiểm chứng…');
  Object.assign(figures, await benchBackup());
  // ——— end of backup ———

  console.log('Đo độ trễ vòng sự kiện của máy chủ khi nhập 3.000 × 100 và xuất PDF Phụ lục III 1.000 đơn vị…');
  Object.assign(figures, await benchMainLoop());

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
