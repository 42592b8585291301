// Builds every bundle with esbuild: the CLI, the browser host, the Electron main and preload, the renderer.
// Runs on `npm install` (prepare) so `npx par` works right after set-up.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const quiet = process.argv.includes('--quiet');
const external = [...Object.keys(pkg.dependencies ?? {}), 'electron'];
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const nodeEntries = [
  ['electron/cli/par.ts', 'cli.mjs'],
  ['electron/host/main.ts', 'host.mjs'],
  // Workbooks are read in a worker thread (electron/workbook/isolated.ts), loaded from beside the bundles.
  ['electron/workbook/worker.ts', 'workbook-worker.mjs'],
  // Heavy operations (imports, annex export, packages, integrity check) run in this worker (electron/jobs/runner.ts).
  ['electron/jobs/worker.ts', 'job-worker.mjs'],
  // WAL checkpoints of the app's connection run in this thread (electron/db/checkpointer.ts).
  ['electron/db/checkpoint-worker.ts', 'checkpoint-worker.mjs'],
];
// The worker is unpacked beside app.asar in the installed app (electron-builder.yml), where node_modules
// is out of reach: it carries its pure-JS dependencies (SheetJS, zod) inside itself.
const selfContained = new Set(['workbook-worker.mjs', 'job-worker.mjs', 'checkpoint-worker.mjs']);
const nativeOnly = ['electron', 'better-sqlite3', 'pkcs11js'];
if (existsSync(join(root, 'electron/shell/main.ts'))) nodeEntries.push(['electron/shell/main.ts', 'main.mjs']);

const started = Date.now();
await Promise.all([
  ...nodeEntries.map(([entry, out]) =>
    build({
      entryPoints: [join(root, entry)],
      outfile: join(dist, out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: selfContained.has(out) ? nativeOnly : external,
      define,
      sourcemap: true,
      logLevel: 'warning',
      banner: { js: "import { createRequire as __parCreateRequire } from 'node:module'; const require = __parCreateRequire(import.meta.url);" },
    }),
  ),
  existsSync(join(root, 'electron/shell/preload.ts'))
    ? build({
        entryPoints: [join(root, 'electron/shell/preload.ts')],
        outfile: join(dist, 'preload.cjs'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['electron'],
        logLevel: 'warning',
      })
    : Promise.resolve(),
  build({
    entryPoints: { app: join(root, 'renderer/main.tsx') },
    outdir: join(dist, 'renderer'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    // Screens behind a dynamic import() (charts with chart.js) load when first opened, not at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { ...define, 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.png': 'file', '.svg': 'file' },
    logLevel: 'warning',
  }),
]);

cpSync(join(root, 'electron/db/migrations'), join(dist, 'migrations'), { recursive: true });
// pdfkit, bundled into the self-contained job worker, reads its colour profile (PDF/A) and font metrics from
// `data/` beside the script that carries it.
cpSync(join(root, 'node_modules/pdfkit/js/data'), join(dist, 'data'), { recursive: true });
writeFileSync(join(dist, 'renderer/index.html'), readFileSync(join(root, 'renderer/index.html')));
// pdf.js renders evidence PDFs inside the app; its worker is a file of our own origin (CSP: script-src 'self').
cpSync(join(root, 'node_modules/pdfjs-dist/build/pdf.worker.min.mjs'), join(dist, 'renderer/pdf.worker.min.mjs'));
if (!quiet) console.log(`Đã dựng xong (${Date.now() - started} ms) → dist/`);
