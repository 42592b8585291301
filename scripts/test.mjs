// `npm test`: typecheck, lint, build, then every test (unit, service, CLI, host, shell and
// end-to-end in real Chromium) in one run of Node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, cmd, cmdArgs) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`✖ ${title} thất bại (mã ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function collect(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return collect(full, suffix);
    return name.endsWith(suffix) ? [full] : [];
  });
}

if (!only) {
  step('Kiểm tra kiểu (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('Lint (eslint, 0 cảnh báo)', bin('eslint'), ['--max-warnings', '0', '.']);
}
step('Dựng bản chạy (esbuild)', process.execPath, ['scripts/build.mjs']);

const unit = collect(join(root, 'test'), '.test.ts').filter((f) => !f.includes(`${join('test', 'e2e')}`));
const e2e = collect(join(root, 'test', 'e2e'), '.e2e.ts');
const files = only === 'unit' ? unit : only === 'e2e' ? e2e : [...unit, ...e2e];
if (e2e.length > 0 && only !== 'unit' && !existsSync('/usr/bin/chromium') && !process.env.PAR_CHROMIUM) {
  console.error('✖ Cần Chromium cho kiểm thử đầu-cuối: apt-get install chromium (hoặc đặt PAR_CHROMIUM).');
  process.exit(1);
}
// Spec output for people; TAP into a file so the closing line can state the counts plainly.
const tap = join(root, 'test-results', 'results.tap');
mkdirSync(dirname(tap), { recursive: true });
const testArgs = ['--import', 'tsx', '--test', '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files.map((f) => relative(root, f))];
console.log(`\n▶ Kiểm thử (${files.length} tệp)`);
const run = spawnSync(process.execPath, testArgs, { cwd: root, stdio: 'inherit', env: process.env });
const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (key) => Number((new RegExp(`^# ${key} (\\d+)$`, 'm').exec(summary) ?? [])[1] ?? 0);
console.log(`\n${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(run.status ?? 1);
