// `npm run bench [-- --json <file>] [-- --only name,name]`: each figure printed beside its floor measured in
// the same run, with its goal where an issue sets one. `--only` runs just the parts that make the named
// figures (e.g. `node --import tsx bench/run.ts --only scoreRoundTripP99`), for a machine shared with others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { createServices, type Services } from '../electron/core/app.js';
import { openDatabase } from '../electron/db/database.js';
import { parseCampaignWorkbook } from '../electron/workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../electron/workbook/write-campaign.js';
import { buildAnnexes } from '../electron/annex/build.js';
import type { AnnexSet } from '../electron/annex/model.js';
import { RANKING_ANNEX_COLUMNS, UNIT_SHEET_COLUMNS } from '../electron/annex/model.js';
import { writeAnnexPdf } from '../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../electron/annex/xlsx.js';
import { computeUnit, type ScoreInput } from '../shared/calc.js';
import type { CampaignContent } from '../shared/domain.js';
import { milliToNumber } from '../shared/numbers.js';
import { generatedCampaign, generatedTwoSetCampaign } from './generate.js';
import { benchEvidence } from './evidence.js';
import { benchGrid } from './grid.js';
import { benchExchange, benchMemberPackage } from './exchange.js';
import { benchOpen } from './open.js';
import { benchPdfRss } from './pdf-rss.js';
import type { Figure } from './figure.js';
import { benchMainLoop } from './main-loop.js';
import { benchBackup } from './backup.js';

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
      const rows: Array<Array<string | number | null>> = [...head];
      for (const g of annex.groups) {
        rows.push(['STT', 'Đơn vị', ...g.areas.map((a) => a.name), 'Chỉ số CCHC'], [g.title]);
        for (const r of g.rows) rows.push([r.stt, r.unitName, ...g.areas.map((a) => (r.components[a.code] ?? null) === null ? null : r.components[a.code]! / 100), r.indexHundredths / 100]);
      }
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Phụ lục II');
    } else {
      [...annex.units].forEach((u, i) => {
        const rows: Array<Array<string | number | null>> = [...head, [u.unitName], [...UNIT_SHEET_COLUMNS]];
        for (const r of u.rows) rows.push([r.code, r.name, pts(r.maxMilli), pts(r.selfMilli), pts(r.appraisedMilli), pts(r.surveyMilli), pts(r.pointsMilli), r.indexHundredths === null ? null : r.indexHundredths / 100, r.note]);
        XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), `PL III ${i + 1}`);
      });
    }
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

const figures: Record<string, Figure> = {};

const argValue = (flag: string) => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const only = argValue('--only') ? new Set(argValue('--only')!.split(',').map((x) => x.trim()).filter(Boolean)) : null;
/** Whether any of these figures was asked for (all of them without --only). */
const want = (...names: string[]) => only === null || names.some((n) => only.has(n));

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

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The 3,000-unit campaign, generated and written as a workbook once, imported into bench.sqlite once. */
interface Big {
  content: CampaignContent;
  workbook: Buffer;
  file: string;
  db: ReturnType<typeof openDatabase>;
  s: Services;
  campaignId: number;
  /** The import's time (parse + validate + write in one transaction). */
  importMs: number;
}
let big: Big | null = null;
let generated: { content: CampaignContent; workbook: Buffer } | null = null;

function generated3000(): { content: CampaignContent; workbook: Buffer } {
  if (generated) return generated;
  console.log('Sinh đợt đánh giá 3.000 đơn vị × 100 tiêu chí thành phần…');
  const content = generatedCampaign(3000);
  const leafCount = content.criteria.filter((c) => !content.criteria.some((o) => o.parentCode === c.code)).length;
  const workbook = writeCampaignWorkbook(content);
  console.log(`  ${content.units.length} đơn vị, ${leafCount} tiêu chí thành phần, ${content.scores.length} dòng điểm, sổ tính ${(workbook.length / 1e6).toFixed(1)} MB`);
  return (generated = { content, workbook });
}

function bigCampaign(dir: string): Big {
  if (big) return big;
  const { content, workbook } = generated3000();
  const file = join(dir, 'bench.sqlite');
  // Opened as the Electron shell and the browser host open theirs: checkpoints in a worker thread.
  const db = openDatabase(file, { backgroundCheckpoints: true });
  const s = createServices(db);
  const imported = time(() => s.campaigns.insertContent(parseCampaignWorkbook(workbook), 'bench', 'bench'));
  big = { content, workbook, file, db, s, campaignId: imported.result, importMs: imported.ms };
  return big;
}

bigCampaign.close = () => {
  if (big?.db.open) big.db.close();
};

/**
 * The floor of the import: SheetJS reading the same file with the options the app's reader gives it
 * (electron/workbook/workbook-file.ts), then the same rows inserted raw in one transaction.
 */
function rawImport(dir: string, content: CampaignContent, workbook: Buffer): number {
  const rawDb = openDatabase(join(dir, `raw-${Date.now()}.sqlite`));
  const ms = time(() => {
    XLSX.read(workbook, { type: 'buffer', dense: true, nodim: true, sheetStubs: true, cellText: false, cellNF: true, cellFormula: true, cellHTML: false, cellStyles: false });
    const rs = createServices(rawDb);
    rawDb.transaction(() => {
      const id = rs.repos.campaigns.insert({ uid: 'raw', name: 'raw', year: 2025, issuer: '', decisionNo: '', decisionDate: '', createdAt: '' });
      rs.repos.criteria.insertAll(id, content.sets, content.criteria);
      rs.repos.groups.insertAll(id, content.groups);
      rs.repos.units.insertAll(id, content.units);
      // Row by row, as a raw insert does (the app's ScoreRepo.insertAll writes a few hundred rows per statement).
      const putScore = rawDb.prepare(
        `INSERT INTO score (campaign_id, unit_code, criterion_code, self_milli, points_milli, not_applicable, note, explanation, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const sc of content.scores) putScore.run(id, sc.unitCode, sc.criterionCode, sc.selfMilli, sc.pointsMilli, sc.notApplicable ? 1 : 0, sc.note, sc.explanation ?? '', '');
    })();
  }).ms;
  rawDb.close();
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), 'par-bench-'));
try {
  if (want('import3000x100')) {
    // import3000x100: parse + validate + write in one transaction, against SheetJS reading the same file
    // plus the same rows inserted raw.
    // Each twice, alternated, best of two: the first run of either pays for warming SheetJS's code.
    const { importMs, content, workbook } = bigCampaign(dir);
    const floors = [rawImport(dir, content, workbook)];
    const again = openDatabase(join(dir, 'bench-again.sqlite'));
    const imports = [importMs, time(() => createServices(again).campaigns.insertContent(parseCampaignWorkbook(workbook), 'bench', 'bench')).ms];
    again.close();
    floors.push(rawImport(dir, content, workbook));
    const floor = Math.min(...floors);
    figures.import3000x100 = { value: Math.min(...imports), unit: 'ms', floor, floorLabel: 'SheetJS read of the same file + same rows inserted raw, one transaction', goal: '≤ 1.3 × floor' };
  }

  if (want('rank3000x100')) {
    // rank3000x100: load, roll up, rank and band every unit, against one SQL aggregate over the scores.
    const { s, db, campaignId } = bigCampaign(dir);
    const ranked = best(3, () => s.scoring.ranking(campaignId));
    const aggregate = best(3, () =>
      db.prepare('SELECT unit_code, sum(points_milli) AS total FROM score WHERE campaign_id = ? GROUP BY unit_code').all(campaignId),
    );
    figures.rank3000x100 = { value: ranked.ms, unit: 'ms', floor: aggregate.ms, floorLabel: 'one SQL aggregate' };
  }

  if (want('rank3000x100TwoSets')) {
    // rank3000x100TwoSets: the same ranking when departments and communes are scored under two criteria
    // sets (each group's units rolled up under their own set's tree), against one SQL aggregate.
    const content = generatedTwoSetCampaign(3000);
    const twoDb = openDatabase(join(dir, 'two-sets.sqlite'));
    const ts = createServices(twoDb);
    const id = ts.campaigns.insertContent(content, 'bench', 'bench');
    const ranked = best(3, () => ts.scoring.ranking(id));
    const aggregate = best(3, () => twoDb.prepare('SELECT unit_code, sum(points_milli) AS total FROM score WHERE campaign_id = ? GROUP BY unit_code').all(id));
    figures.rank3000x100TwoSets = { value: ranked.ms, unit: 'ms', floor: aggregate.ms, floorLabel: 'one SQL aggregate' };
    twoDb.close();
  }

  if (want('annexI3000')) {
    // annexI3000: Phụ lục I for 3,000 units, styled, against SheetJS writing the same cells unstyled.
    const { s, campaignId } = bigCampaign(dir);
    const annexI = best(3, () => writeAnnexXlsx(buildAnnexes(s, campaignId, ['I'], DECISION)));
    const annexIPlain = best(3, () => plainCells(buildAnnexes(s, campaignId, ['I'], DECISION)));
    figures.annexI3000 = { value: annexI.ms, unit: 'ms', floor: annexIPlain.ms, floorLabel: 'same cells, SheetJS alone, unstyled', goal: '< 2000 ms' };
  }

  if (want('annexesAll130', 'annexesAll130Pdf')) {
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
  }

  if (want('annexIII1000PdfRss', 'annexIII1000PdfTime')) {
    console.log('Đo bộ nhớ khi ghi Phụ lục III PDF cho 1.000 đơn vị (tiến trình riêng)…');
    Object.assign(figures, await benchPdfRss());
  }

  if (want('scoreWriteP50', 'scoreWriteP99', 'scoreRoundTripP99')) {
    const { s, db, content, campaignId } = bigCampaign(dir);
    const me = s.workspace.saveSelf({ name: 'Thành viên đo hiệu năng', agency: '', role: 'Thành viên', kind: 'member' });
    const areas = s.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
    s.workspace.assign({ campaignId, memberUid: me.uid, areas, units: [] }, 'bench');
    const leaves = s.scoring.modelOf(campaignId).sets[0]!.tree.leaves.filter((l) => l.criterion.kind === 'appraised');
    if (want('scoreWriteP50', 'scoreWriteP99')) {
      // scoreWriteP99: 10,000 durable member score writes through the service layer (each its own
      // transaction, with its history row, returning the unit's sheet), against a raw autocommit UPDATE of
      // the same table family.
      const latencies: number[] = [];
      for (let i = 0; i < 10_000; i++) {
        const leaf = leaves[i % leaves.length]!.criterion;
        const unitCode = content.units[i % 50]!.code;
        const t0 = performance.now();
        s.workspace.setProposal({ campaignId, unitCode, criterionCode: leaf.code, input: { kind: 'points', pointsMilli: (i * 250) % (leaf.maxMilli + 1) }, reason: 'đo' });
        latencies.push(performance.now() - t0);
      }
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
    }
    if (want('scoreRoundTripP99')) {
      // The whole round trip the grid waits for: validate, write, and the unit's sheet it redraws from.
      // Floor, alternated with it so both see the same load: a raw UPDATE of the cell, a raw SELECT of the
      // unit's rows and the roll-up (computeUnit) over them.
      const unitCode = content.units[0]!.code;
      const tree = s.scoring.modelOf(campaignId).sets[0]!.tree;
      const rawWrite = db.prepare('UPDATE proposal SET points_milli = ? WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND member_uid = ? AND round = 1');
      const rawRows = db.prepare<[number, string], { criterion_code: string; points_milli: number | null; not_applicable: number }>(
        'SELECT criterion_code, points_milli, not_applicable FROM score WHERE campaign_id = ? AND unit_code = ?',
      );
      for (const leaf of leaves) s.workspace.setProposal({ campaignId, unitCode, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: 0 } });
      const trips: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const leaf = leaves[i % leaves.length]!.criterion;
        const points = (i * 250) % (leaf.maxMilli + 1);
        const t0 = performance.now();
        s.workspace.setProposal({ campaignId, unitCode, criterionCode: leaf.code, input: { kind: 'points', pointsMilli: points }, reason: 'đo' });
        trips.push(performance.now() - t0);
        const f0 = performance.now();
        rawWrite.run(points, campaignId, unitCode, leaf.code, me.uid);
        const inputs = new Map<string, ScoreInput>();
        for (const r of rawRows.all(campaignId, unitCode)) inputs.set(r.criterion_code, { pointsMilli: r.points_milli, notApplicable: r.not_applicable === 1 });
        computeUnit(tree, inputs);
        floors.push(performance.now() - f0);
      }
      figures.scoreRoundTripP99 = { value: pct(trips, 0.99), unit: 'ms', floor: pct(floors, 0.99), floorLabel: "raw UPDATE + raw SELECT of the unit's rows + computeUnit", goal: '≤ 2 × floor' };
    }
  }

  if (want('open3000', 'open3000Ranking', 'mainProcessRss', 'mainProcessRssRanked', 'rendererBundle', 'rendererLazyChunks', 'rendererBundleGzip')) {
    console.log('Đo mở đợt 3.000 đơn vị trong tiến trình chính (máy chủ trình duyệt) và kích thước giao diện…');
    const { file, campaignId } = bigCampaign(dir);
    // The host process opens the same file: this one lets go of it first.
    bigCampaign.close();
    Object.assign(figures, await benchOpen(file, campaignId, dir));
  }
  if (want('memberPackageImport')) {
    console.log('Đo nhập gói của một thành viên: 130 đơn vị × 100 tiêu chí…');
    Object.assign(figures, await benchMemberPackage());
  }
  if (want('consolidate130x100x15')) {
    console.log('Đo tổng hợp: 15 thành viên × 130 đơn vị × 100 tiêu chí…');
    Object.assign(figures, await benchExchange());
  }
  if (want('gridReady120', 'gridReady120Final')) {
    console.log('Đo thời gian hiện bảng chấm điểm 120 tiêu chí trong Chromium…');
    Object.assign(figures, await benchGrid());
  }
  if (want('hashThroughput', 'evidenceVerifyThroughput')) {
    console.log('Đo tốc độ băm tài liệu kiểm chứng (tệp 1 GB)…');
    Object.assign(figures, await benchEvidence());
  }
  if (want('backup130', 'verify130')) {
    console.log('Đo sao lưu và kiểm tra bản sao lưu: 130 đơn vị, 256 MB tài liệu kiểm chứng…');
    Object.assign(figures, await benchBackup());
  }

  if (want('mainLoopMaxDelay')) {
    console.log('Đo độ trễ vòng sự kiện của máy chủ khi nhập 3.000 × 100 và xuất PDF Phụ lục III 1.000 đơn vị…');
    Object.assign(figures, await benchMainLoop());
  }

  const shown = Object.entries(figures).filter(([name]) => only === null || only.has(name));
  for (const name of only ?? []) if (!(name in figures)) console.log(`Không có chỉ số "${name}" (--only).`);
  console.log('\nChỉ số                 giá trị        sàn (cùng lần chạy)');
  for (const [name, f] of shown) {
    const floor = f.floor === null ? '—' : `${f.floor.toFixed(2)} ${f.unit}  (${f.floorLabel})`;
    const ratio = f.floor ? `  = ${(f.value / f.floor).toFixed(2)} × sàn` : '';
    console.log(`${name.padEnd(22)} ${`${f.value.toFixed(2)} ${f.unit}`.padStart(12)}   ${floor}${ratio}${f.goal ? `   mục tiêu ${f.goal}` : ''}`);
  }
  const jsonFile = argValue('--json');
  if (jsonFile) {
    const out = Object.fromEntries(shown.map(([k, f]) => [k, { value: Number(f.value.toFixed(3)), unit: f.unit, floor: f.floor === null ? null : Number(f.floor.toFixed(3)), floorLabel: f.floorLabel, ...(f.goal ? { goal: f.goal } : {}) }]));
    writeFileSync(jsonFile, JSON.stringify(out, null, 2));
    console.log(`\nĐã ghi ${jsonFile}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
