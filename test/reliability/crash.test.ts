// Crash safety: a child process writes scores, imports a campaign workbook or imports a member package
// into a real SQLite file and is SIGKILLed at a random (seeded) moment; the parent then opens the file
// and checks integrity, foreign keys, every acknowledged write, and that no import is half-applied.
//   PAR_KILL_RUNS (default 100, spread over the three kinds), PAR_FUZZ_SEED (default below),
//   PAR_KILL_TSX=1 runs the worker through tsx instead of a bundle built once (slower start-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type * as Esbuild from 'esbuild';
import { generatedCampaign } from '../../bench/generate.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { tempDir } from '../helpers.js';
import { buildWorld, copyInto } from './setup.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKER_TS = join(import.meta.dirname, 'worker.ts');
const RUNS = Number(process.env.PAR_KILL_RUNS ?? 100);
const SEED = Number(process.env.PAR_FUZZ_SEED ?? 20250611) >>> 0;
const PARALLEL = 2;
const BURST = 150;

type Kind = 'scores' | 'workbook' | 'package';

function prng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The worker bundled once with the project's esbuild (plain `node` starts in a third of the time). */
async function bundleWorker(outDir: string): Promise<string[]> {
  if (process.env.PAR_KILL_TSX === '1') return ['--import', 'tsx', WORKER_TS];
  const require = createRequire(join(ROOT, 'package.json'));
  const esbuild = (await import(require.resolve('esbuild'))) as typeof Esbuild;
  // Native modules stay outside the bundle, loaded from node_modules as the app's own build does.
  const native: Record<string, string> = { 'better-sqlite3': require.resolve('better-sqlite3'), pkcs11js: require.resolve('pkcs11js') };
  const outfile = join(outDir, 'worker.mjs');
  await esbuild.build({
    entryPoints: [WORKER_TS], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error',
    plugins: [{ name: 'native', setup: (b) => b.onResolve({ filter: /^(better-sqlite3|pkcs11js)$/ }, (a) => ({ path: native[a.path]!, external: true })) }],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // openDatabase finds its migrations beside the module.
  cpSync(join(ROOT, 'electron', 'db', 'migrations'), join(outDir, 'migrations'), { recursive: true });
  return [outfile];
}

interface Outcome {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
  /** Milliseconds from the marker line to the process's end. */
  afterMarker: number;
}

/** What the worker wrote to its log before it ended (a cut last line is dropped: it was never complete). */
function readLog(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
}

/**
 * Runs the worker; `killAfter` (ms after the marker line on stdout, or null to let it finish) decides
 * when SIGKILL lands. The outcome's lines are the worker's log file, read once the process is gone.
 */
function runWorker(argv: string[], args: string[], marker: string, killAfter: number | null, logFile: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...argv, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let stderr = '';
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    let markedAt = 0;
    const kill = () => {
      if (child.exitCode === null && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const hang = setTimeout(() => {
      kill();
      reject(new Error(`worker ${args.join(' ')} hung`));
    }, 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === marker) {
          markedAt = Date.now();
          if (killAfter !== null) timer = setTimeout(kill, killAfter);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('close', (code) => {
      clearTimeout(hang);
      if (timer) clearTimeout(timer);
      resolve({ lines: readLog(logFile), killed, code, stderr, afterMarker: markedAt ? Date.now() - markedAt : 0 });
    });
  });
}

const one = <T>(db: Database.Database, sql: string, ...params: unknown[]): T => db.prepare(sql).pluck().get(...params) as T;

function checkStructure(db: Database.Database, label: string): void {
  assert.equal(one<string>(db, 'PRAGMA integrity_check'), 'ok', `${label}: integrity_check`);
  assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), [], `${label}: foreign_key_check`);
}

test(`kill -9 during score bursts, workbook and package imports (${RUNS} runs, seed ${SEED})`, { timeout: 600_000 }, async () => {
  const { dir, cleanup } = tempDir('par-crash-');
  try {
    const started = Date.now();
    const world = buildWorld(join(dir, 'world'), 1300);
    const argv = await bundleWorker(join(dir, 'bin'));
    const generated = generatedCampaign(300);
    const xlsx = join(dir, 'big.xlsx');
    writeFileSync(xlsx, writeCampaignWorkbook(generated));
    const pkgFile = join(dir, 'member.parpkg');
    writeFileSync(pkgFile, world.memberPackage);
    const pkgSha = createHash('sha256').update(world.memberPackage).digest('hex');
    const expectedSum = generated.scores.reduce((a, s) => a + (s.pointsMilli ?? 0), 0);

    const sec = new Database(world.secDb, { readonly: true });
    const mem = new Database(world.memberDb, { readonly: true });
    const secCampaigns = one<number>(sec, 'SELECT count(*) FROM campaign');
    const secHistory = one<number>(sec, 'SELECT count(*) FROM history');
    const memCampaign = one<number>(mem, 'SELECT id FROM campaign');
    const memHistory = one<number>(mem, "SELECT count(*) FROM history WHERE action IN ('score.points', 'proposal.points')");
    const templateScore = (u: string, c: string) => one<number | null>(mem, 'SELECT points_milli FROM score WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?', memCampaign, u, c) ?? null;
    const templateProposal = (u: string, c: string) =>
      one<number | null>(mem, 'SELECT points_milli FROM proposal WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND member_uid = ? AND round = 1', memCampaign, u, c, world.memberUid) ?? null;
    assert.equal(one<number>(sec, 'SELECT count(*) FROM proposal'), 0, 'the secretariat has not seen the package yet');

    function verify(kind: Kind, dataDir: string, out: Outcome, label: string): 'complete' | 'none' | 'partial-ok' {
      const db = new Database(join(dataDir, 'par.sqlite'));
      try {
        checkStructure(db, label);
        const acked = out.lines.filter((l) => l.startsWith('ack '));
        if (kind === 'scores') {
          const get = (table: 'S' | 'P', u: string, c: string) =>
            table === 'S'
              ? one<number | null>(db, 'SELECT points_milli FROM score WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ?', memCampaign, u, c) ?? null
              : one<number | null>(db, 'SELECT points_milli FROM proposal WHERE campaign_id = ? AND unit_code = ? AND criterion_code = ? AND member_uid = ? AND round = 1', memCampaign, u, c, world.memberUid) ?? null;
          const old = (table: 'S' | 'P', u: string, c: string) => (table === 'S' ? templateScore(u, c) : templateProposal(u, c));
          // Each "try" is followed by "ack" (returned) or "skip" (refused with an AppError), except maybe the last.
          let pending: string[] | null = null;
          let committed = 0;
          for (const line of out.lines) {
            const parts = line.split(' ');
            if (parts[0] === 'try') {
              assert.equal(pending, null, `${label}: one write at a time`);
              pending = parts;
            } else if (parts[0] === 'ack') {
              const [, table, u, c, v] = parts as [string, 'S' | 'P', string, string, string];
              assert.deepEqual(pending, ['try', table, u, c, v], `${label}: ack follows its try`);
              assert.equal(get(table, u, c), Number(v), `${label}: acknowledged ${line} is in the database`);
              committed++;
              pending = null;
            } else if (parts[0] === 'skip' && pending) {
              const [, table, u, c] = pending as [string, 'S' | 'P', string, string];
              assert.equal(get(table, u, c), old(table, u, c), `${label}: a refused write leaves the cell as it was`);
              pending = null;
            }
          }
          if (pending) {
            const [, table, u, c, v] = pending as [string, 'S' | 'P', string, string, string];
            const before = old(table, u, c);
            const now = get(table, u, c);
            assert.ok(now === before || now === Number(v), `${label}: the write in flight is all or nothing (${before} → ${v}, found ${now})`);
            if (now === Number(v)) committed++;
          }
          const history = one<number>(db, "SELECT count(*) FROM history WHERE action IN ('score.points', 'proposal.points')");
          assert.equal(history - memHistory, committed, `${label}: one history row per committed write, no more, no less (log ends: ${out.lines.slice(-4).join(' | ')})`);
          return out.lines.includes("done") ? 'complete' : committed > 0 ? 'partial-ok' : 'none';
        }
        if (kind === 'workbook') {
          const n = one<number>(db, 'SELECT count(*) FROM campaign');
          assert.ok(n === secCampaigns || n === secCampaigns + 1, `${label}: campaign count ${n}`);
          if (acked.length > 0) assert.equal(n, secCampaigns + 1, `${label}: an acknowledged import is there`);
          const history = one<number>(db, 'SELECT count(*) FROM history');
          if (n === secCampaigns) {
            assert.equal(history, secHistory, `${label}: no stray history`);
            return 'none';
          }
          const id = one<number>(db, 'SELECT max(id) FROM campaign');
          assert.equal(one<number>(db, 'SELECT count(*) FROM unit WHERE campaign_id = ?', id), generated.units.length, `${label}: all units`);
          assert.equal(one<number>(db, 'SELECT count(*) FROM criterion WHERE campaign_id = ?', id), generated.criteria.length, `${label}: all criteria`);
          assert.equal(one<number>(db, 'SELECT count(*) FROM score WHERE campaign_id = ?', id), generated.scores.length, `${label}: all scores`);
          assert.equal(one<number>(db, 'SELECT coalesce(sum(points_milli), 0) FROM score WHERE campaign_id = ?', id), expectedSum, `${label}: score values`);
          return 'complete';
        }
        const proposals = one<number>(db, 'SELECT count(*) FROM proposal WHERE member_uid = ?', world.memberUid);
        const recorded = one<number>(db, 'SELECT count(*) FROM package_import WHERE sha256 = ?', pkgSha);
        const history = one<number>(db, 'SELECT count(*) FROM history WHERE source = ?', `package:${pkgSha}`);
        assert.ok(proposals === 0 || proposals === world.packageProposals, `${label}: ${proposals} of ${world.packageProposals} proposals`);
        assert.equal(recorded, proposals === 0 ? 0 : 1, `${label}: package_import agrees with the proposals`);
        if (proposals === 0) assert.equal(history, 0, `${label}: no stray history`);
        else assert.ok(history > 0, `${label}: the import's history is there`);
        if (acked.length > 0) assert.equal(proposals, world.packageProposals, `${label}: an acknowledged import is there`);
        return proposals === 0 ? 'none' : 'complete';
      } finally {
        db.close();
      }
    }

    const spec = (kind: Kind, dataDir: string, seed: number): { args: string[]; marker: string; template: string } =>
      kind === 'scores'
        ? { args: ['scores', dataDir, String(seed), String(BURST)], marker: 'ready', template: world.memberDb }
        : kind === 'workbook'
          ? { args: ['workbook', dataDir, xlsx], marker: 'parsed', template: world.secDb }
          : { args: ['package', dataDir, pkgFile], marker: 'ready', template: world.secDb };

    // Calibration: each kind runs to the end once; its duration after the marker sets the kill window.
    const kinds: Kind[] = ['scores', 'workbook', 'package'];
    const window: Record<Kind, number> = { scores: 0, workbook: 0, package: 0 };
    for (const kind of kinds) {
      const dataDir = join(dir, `calibrate-${kind}`);
      const s = spec(kind, dataDir, SEED);
      copyInto(s.template, dataDir);
      const out = await runWorker(argv, s.args, s.marker, null, join(dataDir, 'worker.log'));
      assert.equal(out.code, 0, out.stderr);
      // A little past the end, so that some runs finish and "killed just after the commit" is covered too.
      window[kind] = Math.max(20, Math.round(out.afterMarker * 1.1));
      assert.equal(verify(kind, dataDir, out, `calibrate ${kind}`), 'complete');
      rmSync(dataDir, { recursive: true, force: true });
    }

    const rand = prng(SEED);
    const plan = Array.from({ length: RUNS }, (_, i) => ({ i, kind: kinds[i % 3]!, delay: Math.floor(rand() * window[kinds[i % 3]!]), seed: Math.floor(rand() * 2 ** 31) }));
    const tally: Record<string, number> = {};
    let next = 0;
    const lane = async () => {
      while (next < plan.length) {
        const p = plan[next++]!;
        const dataDir = join(dir, `run-${p.i}`);
        const s = spec(p.kind, dataDir, p.seed);
        copyInto(s.template, dataDir);
        const out = await runWorker(argv, s.args, s.marker, p.delay, join(dataDir, 'worker.log'));
        const label = `run ${p.i} (${p.kind}, kill ${p.delay} ms after "${s.marker}", seed ${SEED})`;
        if (!out.killed) assert.equal(out.code, 0, `${label}: ${out.stderr}`);
        const result = verify(p.kind, dataDir, out, label);
        const key = `${p.kind}:${out.killed ? 'killed' : 'finished'}:${result}`;
        tally[key] = (tally[key] ?? 0) + 1;
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
    sec.close();
    mem.close();
    console.log(`kill test: ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}, windows ${JSON.stringify(window)}, outcomes ${JSON.stringify(tally)}`);
    const killed = Object.entries(tally).filter(([k]) => k.includes(':killed:')).reduce((a, [, n]) => a + n, 0);
    if (RUNS >= 30) assert.ok(killed >= RUNS / 2, `most runs must actually be killed mid-way (${JSON.stringify(tally)})`);
  } finally {
    cleanup();
  }
});
