#!/usr/bin/env node
// Builds the native modules (better-sqlite3, and pkcs11js for USB tokens) for Electron's ABI into
// .cache/electron-native/<electron version>/ (and stages a copy in .cache/electron-native/current/ for
// electron-builder). node_modules keeps its Node build: each package is copied to a temporary folder and
// built there, first from a published prebuilt binary where the package has them (prebuild-install),
// else from source (node-gyp against Electron's headers).
// Usage: node scripts/electron-native.mjs [--force] [--target <electron version>] [--arch <arch>]
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronNativeDir, electronNativeStageDir, readElectronVersion } from './launcher.mjs';

/**
 * The native modules the app loads. better-sqlite3 is loaded through its `nativeBinding` option from
 * native/; pkcs11js has no such option, so electron-builder puts its Electron build where its index.js
 * looks (electron-builder.yml maps native/pkcs11.node to node_modules/pkcs11js/build/Release/).
 */
export const NATIVE_MODULES = [
  { pkg: 'better-sqlite3', file: 'better_sqlite3.node', info: 'build-info.json', prebuilt: true },
  { pkg: 'pkcs11js', file: 'pkcs11.node', info: 'pkcs11-build-info.json', prebuilt: false },
];
const [SQLITE] = NATIVE_MODULES;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(argv, name) {
  const i = argv.indexOf(name);
  if (i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--')) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline ? inline.slice(name.length + 1) : undefined;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * npm passes its settings to children as npm_config_*; a user's nodedir, target or runtime there would
 * silently build for Node instead of Electron. Keep only the network settings (proxy, certificates).
 */
export function buildEnv(env) {
  const keep = /^npm_config_(https?_proxy|proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache)$/i;
  const copy = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^npm_config_/i.test(key) && !keep.test(key)) continue;
    copy[key] = value;
  }
  return copy;
}

function sameBuild(info, wanted) {
  return info !== null && Object.keys(wanted).every((key) => info[key] === wanted[key]);
}

function run(command, argv, cwd, log) {
  log(`  $ ${[command, ...argv].map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
  const result = spawnSync(command, argv, { cwd, env: buildEnv(process.env), stdio: 'inherit', timeout: 15 * 60_000 });
  return result.status === 0;
}

/**
 * Builds one native module (default better-sqlite3) for a runtime and version into outDir, with its
 * build-info file beside it. Returns the method that worked ('cached', 'prebuild-install', 'node-gyp')
 * or throws.
 */
export function buildNative({
  root: repoRoot,
  module: mod = SQLITE,
  runtime = 'electron',
  target,
  arch = process.arch,
  platform = process.platform,
  outDir,
  nodedir,
  force = false,
  allowPrebuilt = true,
  log = console.log,
}) {
  const moduleDir = join(repoRoot, 'node_modules', mod.pkg);
  const version = readJson(join(moduleDir, 'package.json'))?.version;
  if (!version) throw new Error(`node_modules/${mod.pkg} is missing`);
  // (better-sqlite3's key keeps its old name: build-info.json files already written stay valid.)
  const wanted = { runtime, target, platform, arch, ...(mod === SQLITE ? { betterSqlite3: version } : { module: mod.pkg, version }) };
  const outFile = join(outDir, mod.file);
  if (!force && existsSync(outFile) && sameBuild(readJson(join(outDir, mod.info)), wanted)) return 'cached';

  const work = mkdtempSync(join(tmpdir(), 'par-native-'));
  try {
    const copy = join(work, mod.pkg);
    // Everything but the Node build output: the copy is built from a clean state.
    cpSync(moduleDir, copy, {
      recursive: true,
      filter: (src) => {
        const rel = relative(moduleDir, src);
        return rel !== 'build' && !rel.startsWith(`build${sep}`);
      },
    });
    const built = join(copy, 'build', 'Release', mod.file);
    const bin = (pkg, file) => join(repoRoot, 'node_modules', pkg, file);
    let method = null;
    if (allowPrebuilt && mod.prebuilt && existsSync(bin('prebuild-install', 'bin.js'))) {
      log(`Tải bản dựng sẵn ${mod.pkg} ${version} cho ${runtime} ${target} (${platform}-${arch})…`);
      const ok = run(
        process.execPath,
        [bin('prebuild-install', 'bin.js'), `--runtime=${runtime}`, `--target=${target}`, `--arch=${arch}`, `--platform=${platform}`, '--verbose'],
        copy,
        log,
      );
      if (ok && existsSync(built)) method = 'prebuild-install';
    }
    if (method === null) {
      log(`Dựng ${mod.pkg} từ mã nguồn cho ${runtime} ${target} (${platform}-${arch})…`);
      const gypArgs = [bin('node-gyp', join('bin', 'node-gyp.js')), 'rebuild', '--release', `--target=${target}`, `--arch=${arch}`];
      if (nodedir) gypArgs.push(`--nodedir=${nodedir}`);
      else if (runtime === 'electron') gypArgs.push('--dist-url=https://electronjs.org/headers');
      if (run(process.execPath, gypArgs, copy, log) && existsSync(built)) method = 'node-gyp';
    }
    if (method === null) throw new Error(`could not build ${mod.file} for ${runtime} ${target}`);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, outFile);
    writeFileSync(join(outDir, mod.info), `${JSON.stringify({ ...wanted, method, builtAt: new Date().toISOString() }, null, 2)}\n`);
    return method;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** electron-builder packs .cache/electron-native/current/: keep it equal to the version in use. */
function stage(fromDir, toDir) {
  mkdirSync(toDir, { recursive: true });
  for (const m of NATIVE_MODULES) for (const file of [m.file, m.info]) copyFileSync(join(fromDir, file), join(toDir, file));
}

function main(argv) {
  const force = argv.includes('--force');
  const target = option(argv, '--target') ?? readElectronVersion(root);
  const arch = option(argv, '--arch') ?? process.arch;
  const outDir = electronNativeDir(root, target);
  let current = SQLITE;
  try {
    for (const mod of NATIVE_MODULES) {
      current = mod;
      const method = buildNative({ root, module: mod, runtime: 'electron', target, arch, outDir, force });
      if (method !== 'cached') console.log(`Đã dựng ${mod.pkg} cho Electron ${target} (${method}) → ${relative(root, outDir)}`);
    }
    stage(outDir, electronNativeStageDir(root));
    return 0;
  } catch (err) {
    console.error(
      [
        `Không dựng được ${current.pkg} cho Electron ${target}: ${err instanceof Error ? err.message : String(err)}`,
        'Cần mạng (để tải bản dựng sẵn hoặc bộ header của Electron), hoặc trình biên dịch C++ và Python để dựng từ mã nguồn.',
        'Needs a network connection (for a prebuilt binary or Electron headers), or a C++ compiler and Python to build from source.',
        'node_modules không bị thay đổi. (node_modules was left untouched.)',
      ].join('\n'),
    );
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
