// open3000 and mainProcessRss: the browser host (the same core the Electron main process runs) started
// as its own process on a database holding a 3,000-unit campaign; the calls the renderer makes to open a
// campaign are timed over HTTP, then the process's resident memory is read from /proc. Floors: the same
// rows read by raw SQLite, and the memory of a bare Node process holding the same database open.
// rendererBundle: what the window loads at start, beside React and ReactDOM bundled alone by the same esbuild.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type * as Esbuild from 'esbuild';
import type { Figure } from './figure.js';

const ROOT = join(import.meta.dirname, '..');


function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function post(base: URL, method: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, path: `/api/${method}`, method: 'POST', headers: { 'x-par-token': base.searchParams.get('t') ?? '', 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; value?: unknown; error?: { message: string } };
          if (reply.ok) resolve(reply.value);
          else reject(new Error(`${method}: ${reply.error?.message}`));
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Starts a Node process and resolves once it prints a line starting with `ready`. */
function start(args: string[], ready: string): Promise<{ pid: number; line: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      buf += c;
      const line = buf.split('\n').find((l) => l.startsWith(ready));
      if (line) {
        buf = '';
        resolve({
          pid: child.pid!,
          line,
          stop: () => new Promise((r) => {
            child.once('close', () => r());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`${args.join(' ')} ended (${code}) before "${ready}"`)));
  });
}

/** `dbFile` holds the 3,000-unit campaign with id `campaignId`. */
export async function benchOpen(dbFile: string, campaignId: number, workDir: string): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {};
  const dataDir = join(workDir, 'host-data');
  mkdirSync(dataDir, { recursive: true });
  const host = await start([join(ROOT, 'dist', 'host.mjs'), '--data-dir', dataDir, '--db', dbFile, '--port', '0', '--no-auto-backup'], 'PAR_HOST_READY');
  try {
    const base = new URL(host.line.slice('PAR_HOST_READY '.length).trim());
    const t0 = performance.now();
    await post(base, 'campaign/list', {});
    await post(base, 'campaign/get', { campaignId });
    const units = (await post(base, 'unit/list', { campaignId })) as Array<{ code: string }>;
    await post(base, 'sheet/get', { campaignId, unitCode: units[0]!.code });
    const opened = performance.now() - t0;
    const rss = rssMb(host.pid);
    // The results screen is what a secretary opens next: the ranking of all 3,000 units.
    const r0 = performance.now();
    await post(base, 'ranking/get', { campaignId });
    const rankedMs = performance.now() - r0;
    const rssRanked = rssMb(host.pid);

    // Floors, in a bare Node process: the same rows read by raw SQLite, and its memory with the file open.
    const floorScript = join(workDir, 'floor.cjs');
    writeFileSync(floorScript, `
      const Database = require(${JSON.stringify(createRequire(join(ROOT, 'package.json')).resolve('better-sqlite3'))});
      const t0 = performance.now();
      const db = new Database(${JSON.stringify(dbFile)}, { readonly: true });
      db.prepare('SELECT * FROM campaign').all();
      const units = db.prepare('SELECT * FROM unit WHERE campaign_id = ?').all(${campaignId});
      db.prepare('SELECT * FROM criterion WHERE campaign_id = ?').all(${campaignId});
      db.prepare('SELECT * FROM score WHERE campaign_id = ? AND unit_code = ?').all(${campaignId}, units[0].code);
      const ms = performance.now() - t0;
      db.prepare('SELECT unit_code, sum(points_milli) FROM score WHERE campaign_id = ? GROUP BY unit_code').all(${campaignId});
      console.log('ready ' + ms);
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));
    `);
    const bare = await start([floorScript], 'ready');
    const bareRss = rssMb(bare.pid);
    const rawMs = Number(bare.line.split(' ')[1]);
    await bare.stop();
    figures.open3000 = { value: opened, unit: 'ms', floor: rawMs, floorLabel: 'same rows, raw SQLite, fresh connection' };
    figures.mainProcessRss = { value: rss, unit: 'MB', floor: bareRss, floorLabel: 'bare Node + better-sqlite3, same file open', goal: '< 300 MB' };
    figures.open3000Ranking = { value: rankedMs, unit: 'ms', floor: null, floorLabel: 'ranking/get over HTTP, after opening (rank3000x100 is the in-process figure)' };
    figures.mainProcessRssRanked = { value: rssRanked, unit: 'MB', floor: bareRss, floorLabel: 'after the 3,000-unit ranking too', goal: '< 300 MB' };
  } finally {
    await host.stop();
  }

  // rendererBundle: what the window loads (script + stylesheet, and the gzip size beside it).
  // With code splitting the window loads app.js, app.css and the chunks app.js imports statically;
  // chunks behind import() (the charts tab) load on first use and are counted separately.
  const dist = join(ROOT, 'dist', 'renderer');
  const css = readFileSync(join(dist, 'app.css'));
  const app = readFileSync(join(dist, 'app.js'));
  const staticChunks = [...app.toString('utf8').matchAll(/(?:from|import)\s*"(\.\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const js = Buffer.concat([app, ...staticChunks.map((c) => readFileSync(join(dist, c)))]);
  const lazyChunks = [...app.toString('utf8').matchAll(/import\("(\.\/chunks\/[^"]+\.js)"\)/g)].map((m) => m[1]!);
  const lazyBytes = lazyChunks.reduce((n, c) => n + statSync(join(dist, c)).size, 0);
  const require = createRequire(join(ROOT, 'package.json'));
  const esbuild = (await import(require.resolve('esbuild'))) as typeof Esbuild;
  const entry = join(workDir, 'react-only.tsx');
  writeFileSync(entry, "import { createRoot } from 'react-dom/client';\ncreateRoot(document.body).render(null);\n");
  const reactOnly = join(workDir, 'react-only.js');
  await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, outfile: reactOnly, nodePaths: [join(ROOT, 'node_modules')], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error' });
  const kb = (n: number) => n / 1024;
  figures.rendererBundle = { value: kb(js.length + css.length), unit: 'KiB', floor: kb(statSync(reactOnly).size), floorLabel: 'React + ReactDOM alone, minified' };
  figures.rendererLazyChunks = { value: kb(lazyBytes), unit: 'KiB', floor: null, floorLabel: `${lazyChunks.length} chunk(s) loaded on first use (charts, PDF preview)` };
  figures.rendererBundleGzip = { value: kb(gzipSync(js).length + gzipSync(css).length), unit: 'KiB', floor: kb(gzipSync(readFileSync(reactOnly)).length), floorLabel: 'React + ReactDOM alone, gzip' };
  return figures;
}
