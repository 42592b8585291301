// annexIII1000PdfRss: peak RSS of a child process that opens a 1,000-unit campaign, builds Phụ lục III and
// writes it as PDF (~7,000 pages) to a file, beside the floor of the same child that only loads the same
// modules. Peak, not final: the child reads its own maxRSS (getrusage) once the file is closed.
// Standalone: `node --import tsx bench/pdf-rss.ts`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure } from './figure.js';

const UNITS = 1000;
const SELF = fileURLToPath(import.meta.url);

interface ChildReport {
  maxRssMb: number;
  ms: number;
  /** CPU time of the same work: the wall time varies with what else the machine runs. */
  cpuMs: number;
  pages: number;
  bytes: number;
}

/** In the child: load the modules, and (unless `bare`) write the annex; print one JSON line. */
async function child(mode: 'bare' | 'write', dbPath: string, campaignId: number, out: string): Promise<void> {
  // The annex modules are loaded in both modes so the floor holds the same code; the write goes through the
  // service as the job worker runs it (units read one at a time inside one read snapshot).
  const [{ openDatabase }, { createServices }] = await Promise.all([
    import('../electron/db/database.js'),
    import('../electron/core/app.js'),
    import('../electron/annex/build.js'),
    import('../electron/annex/pdf.js'),
  ]);
  let report = { ms: 0, cpuMs: 0, pages: 0, bytes: 0 };
  if (mode === 'write') {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const db = openDatabase(dbPath);
    const decision = { decisionNo: '1/QĐ-UBND', decisionDate: '2026-01-15', issuer: 'Chủ tịch Ủy ban nhân dân tỉnh' };
    const written = await createServices(db).annexes.writeFile(campaignId, 'III', 'pdf', decision, out);
    db.close();
    const cpu = process.cpuUsage(cpu0);
    report = { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, pages: written.pages ?? 0, bytes: written.bytes };
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ maxRssMb, ...report } satisfies ChildReport)}\n`);
}

function runChild(mode: 'bare' | 'write', dbPath: string, campaignId: number, out: string): ChildReport {
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, 'child', mode, dbPath, String(campaignId), out], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench/pdf-rss.ts child (${mode}) exited ${r.status}: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildReport;
}

export async function benchPdfRss(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'par-bench-pdf-'));
  try {
    const [{ openDatabase }, { createServices }, { generatedCampaign }] = await Promise.all([
      import('../electron/db/database.js'),
      import('../electron/core/app.js'),
      import('./generate.js'),
    ]);
    const dbPath = join(dir, 'bench.sqlite');
    const db = openDatabase(dbPath);
    const campaignId = createServices(db).campaigns.insertContent(generatedCampaign(UNITS), 'bench', 'bench');
    db.close();
    const bare = runChild('bare', dbPath, campaignId, join(dir, 'bare.pdf'));
    const t0 = performance.now();
    const written = runChild('write', dbPath, campaignId, join(dir, 'annex-III.pdf'));
    const wall = performance.now() - t0;
    return {
      annexIII1000PdfRss: { value: written.maxRssMb, unit: 'MB', floor: bare.maxRssMb, floorLabel: 'bare process: same modules loaded, nothing written', goal: '< 300 MB' },
      annexIII1000PdfTime: {
        value: written.ms,
        unit: 'ms',
        floor: null,
        floorLabel: `${written.pages} pages, ${(written.bytes / 1e6).toFixed(1)} MB, build + write, CPU ${(written.cpuMs / 1000).toFixed(1)} s; child wall time ${(wall / 1000).toFixed(1)} s`,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const [, , role, mode, dbPath, campaignId, out] = process.argv;
  if (role === 'child') {
    await child(mode === 'bare' ? 'bare' : 'write', dbPath!, Number(campaignId), out!);
  } else {
    for (const [name, f] of Object.entries(await benchPdfRss())) {
      console.log(`${name}: ${f.value.toFixed(1)} ${f.unit}  (floor ${f.floor === null ? '—' : `${f.floor.toFixed(1)} ${f.unit}`}: ${f.floorLabel})`);
    }
  }
}
