// Hostile files: seeded, reproducible fuzzing of the importers (campaign workbook, signed package,
// evidence bundle (.zip), evidence bundle (.parevd)). Every case must end in a clean AppError (code +
// Vietnamese message; import_invalid for refused files) or a correct import: never another exception, never a hang, never a partial write.
//   PAR_FUZZ_SEED (default below) and PAR_FUZZ_CASES (cases per importer, default 1200; bundles get half) reproduce or widen a run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { readPackage, writePackage } from '../../electron/exchange/container.js';
import { loadPrivateKey } from '../../electron/exchange/keys.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { AppError } from '../../shared/errors.js';
import { craftZip, type CraftEntry } from '../evidence/zip-craft.js';
import { smallWorkbook, tempDir, type Aoa } from '../helpers.js';
import { buildWorld, copyInto } from './setup.js';
import { sharedStringsBomb, staleDimension, uncachedFormula } from './hostile-workbooks.js';

const SEED = Number(process.env.PAR_FUZZ_SEED ?? 20250611) | 0;
const CASES = Number(process.env.PAR_FUZZ_CASES ?? 1200);
/** Sync importers cannot be interrupted in-process: a case slower than this counts as a hang. */
const CASE_BUDGET_MS = 5_000;
const SAMPLE_EVERY = 50;
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const { dir, cleanup } = tempDir('par-fuzz-');
after(() => {
  cleanup();
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoBefore, 'Object.prototype gained or lost properties');
  for (const key of ['polluted', 'isAdmin', 'x']) assert.equal((({}) as Record<string, unknown>)[key], undefined, `Object.prototype.${key} was polluted`);
});

/** Runs one case: the only acceptable failure is an AppError with a code and a Vietnamese message. */
async function outcome(label: string, fn: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: AppError }> {
  const t0 = Date.now();
  if (process.env.PAR_FUZZ_TRACE) writeFileSync(process.env.PAR_FUZZ_TRACE, label);
  try {
    const value = await fn();
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof AppError)) {
      assert.fail(`${label}: threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
    }
    assert.ok(error.code.length > 0, `${label}: AppError without a code`);
    assert.match(error.message, VIETNAMESE, `${label}: message is not Vietnamese: ${error.message}`);
    return { ok: false, error };
  } finally {
    const ms = Date.now() - t0;
    if (process.env.PAR_FUZZ_SLOW && ms > Number(process.env.PAR_FUZZ_SLOW)) console.error(`slow ${ms} ms: ${label.slice(0, 300)}`);
    assert.ok(ms < CASE_BUDGET_MS, `${label}: took ${ms} ms (hang)`);
  }
}

function fingerprintDb(app: AppCore): string {
  const tables = app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const counts = tables.map((t) => `${t}:${app.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number}`);
  const maxHistory = app.db.prepare('SELECT coalesce(max(id), 0) FROM history').pluck().get() as number;
  return `${counts.join(',')};h${maxHistory}`;
}

function storeListing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      out.push(`${relative(root, full)}${st.isDirectory() ? '/' : ` ${st.size}`}`);
      if (st.isDirectory()) walk(full);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** Present about once in `n` cases (fc.option's freq is the other way round: 1/freq are null). */
const rare = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const hostileText = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '=1+1', '=HYPERLINK("http://x","y")', '+cmd|calc', '@SUM(A1)', '-1', '1e309', 'NaN', 'Infinity', '-0', '', ' ', '\u0000', '\uFFFD', '\uD800', 'Mã', 'Tên', 'Điểm tối đa', 'Mã nhóm', 'KAD', '1.1.1', 'S1'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 1e21, -1e21, 0.1 + 0.2, 2100, 1999),
  fc.double(),
  fc.integer(),
);
const cellValue = fc.oneof(hostileText, hostileNumber, fc.constant(null));

type SheetName = 'Đợt' | 'Tiêu chí' | 'Nhóm' | 'Đơn vị' | 'Điểm';
const SHEET_NAMES: SheetName[] = ['Đợt', 'Tiêu chí', 'Nhóm', 'Đơn vị', 'Điểm'];

const cellEdit = fc.record({ sheet: fc.constantFrom(...SHEET_NAMES), row: fc.nat(14), col: fc.nat(5), value: cellValue, formula: rare(fc.constantFrom('1+1', 'HYPERLINK("http://evil","x")', 'NOW()', 'A1/0', '1/0', 'CONCAT("__proto__")'), 4) });
const workbookCase = fc.record({
  edits: fc.array(cellEdit, { maxLength: 6 }),
  renameSheet: rare(fc.record({ sheet: fc.constantFrom(...SHEET_NAMES), to: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'Sheet1', 'Điểm', 'Đợt', 'x'.repeat(31)), fc.string({ minLength: 1, maxLength: 31 })) }), 5),
  dropSheet: rare(fc.constantFrom(...SHEET_NAMES), 8),
  duplicateHeader: rare(fc.constantFrom(...SHEET_NAMES), 6),
  dropHeaderCol: rare(fc.record({ sheet: fc.constantFrom(...SHEET_NAMES), col: fc.nat(4) }), 6),
  protoHeader: rare(fc.record({ sheet: fc.constantFrom(...SHEET_NAMES), col: fc.nat(4), name: fc.constantFrom('__proto__', 'constructor', 'prototype') }), 5),
  badUtf8: rare(fc.record({ at: fc.nat(), bytes: fc.constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]) }), 6),
  bytes: rare(fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), count: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), xor: fc.constant(0), count: fc.constant(0) }),
  ), 5),
  // The crafted corpus (hostile-workbooks.ts), then mutated like any other case.
  crafted: rare(fc.record({ kind: fc.constantFrom('staleDimension', 'uncachedFormula', 'sizeBomb', 'ratioBomb', 'lyingBomb'), sheet: fc.constantFrom(...SHEET_NAMES) }), 6),
});
type WorkbookCase = typeof workbookCase extends fc.Arbitrary<infer T> ? T : never;

function craftedWorkbook(crafted: NonNullable<WorkbookCase['crafted']>): Buffer {
  const sheets: Record<string, Aoa> = structuredClone(smallWorkbook()) as Record<string, Aoa>;
  switch (crafted.kind) {
    case 'staleDimension':
      return staleDimension(sheets, crafted.sheet, 'A1:B2');
    case 'uncachedFormula':
      return uncachedFormula(sheets, crafted.sheet, 'A2');
    case 'sizeBomb':
      return sharedStringsBomb(sheets, 70 * 1024 * 1024);
    case 'ratioBomb':
      return sharedStringsBomb(sheets, 8 * 1024 * 1024);
    case 'lyingBomb':
      return sharedStringsBomb(sheets, 8 * 1024 * 1024, 4096);
  }
}

function buildWorkbook(c: WorkbookCase, huge: boolean): Buffer {
  if (c.crafted) return mutateBytes(craftedWorkbook(c.crafted), c.bytes);
  const sheets: Record<string, Aoa> = structuredClone(smallWorkbook()) as Record<string, Aoa>;
  if (c.duplicateHeader) sheets[c.duplicateHeader]![0]!.push(sheets[c.duplicateHeader]![0]![0]!);
  if (c.dropHeaderCol) sheets[c.dropHeaderCol.sheet]![0]!.splice(c.dropHeaderCol.col, 1);
  if (c.protoHeader) sheets[c.protoHeader.sheet]![0]![c.protoHeader.col] = c.protoHeader.name;
  const formulas: Array<{ sheet: string; addr: string; f: string }> = [];
  for (const e of c.edits) {
    const rows = sheets[e.sheet]!;
    while (rows.length <= e.row) rows.push([]);
    rows[e.row]![e.col] = e.value;
    if (e.formula !== null) formulas.push({ sheet: e.sheet, addr: XLSX.utils.encode_cell({ r: e.row, c: e.col }), f: e.formula });
  }
  // The writer refuses strings over 32,767 characters; the 10 MB one is put into sharedStrings.xml below.
  if (huge) sheets['Tiêu chí']![2]![1] = 'HUGE-STRING-HERE';
  const wb = XLSX.utils.book_new();
  for (const name of SHEET_NAMES) {
    if (c.dropSheet === name) continue;
    const ws = XLSX.utils.aoa_to_sheet(sheets[name]!);
    for (const f of formulas.filter((x) => x.sheet === name)) ws[f.addr] = { t: 'n', v: 2, f: f.f };
    let sheetName: string = name;
    if (c.renameSheet?.sheet === name) sheetName = c.renameSheet.to.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'x';
    if (wb.SheetNames.includes(sheetName)) sheetName = `${sheetName.slice(0, 28)}(2)`;
    XLSX.utils.book_append_sheet(wb, ws, sheetName);
  }
  let bytes: Uint8Array = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
  if (huge) {
    const files = unzipSync(bytes);
    const sst = files['xl/sharedStrings.xml'];
    if (sst) {
      files['xl/sharedStrings.xml'] = Buffer.from(Buffer.from(sst).toString('utf8').replace('HUGE-STRING-HERE', 'Đ'.repeat(5 * 1024 * 1024)), 'utf8');
      bytes = zipSync(files);
    }
  }
  if (c.badUtf8) {
    const files = unzipSync(bytes);
    const sst = files['xl/sharedStrings.xml'];
    if (sst) {
      // Inside a string: after some "<t>" tag, never in the markup itself.
      const text = Buffer.from(sst);
      const tags: number[] = [];
      for (let i = text.indexOf('<t>'); i >= 0; i = text.indexOf('<t>', i + 1)) tags.push(i + 3);
      const at = tags[c.badUtf8.at % Math.max(1, tags.length)] ?? 0;
      files['xl/sharedStrings.xml'] = Buffer.concat([text.subarray(0, at), Buffer.from(c.badUtf8.bytes), text.subarray(at)]);
      bytes = zipSync(files);
    }
  }
  return mutateBytes(Buffer.from(bytes), c.bytes);
}

function mutateBytes(buf: Buffer, m: { kind: 'flip' | 'truncate'; at: number; xor: number; count: number } | null): Buffer {
  if (!m || buf.length === 0) return buf;
  if (m.kind === 'truncate') return buf.subarray(0, m.at % buf.length);
  const out = Buffer.from(buf);
  for (let i = 0; i < m.count; i++) out[(m.at + i * 7919) % out.length]! ^= m.xor;
  return out;
}

const world = buildWorld(join(dir, 'world'), 60);
const secDir = join(dir, 'sec');
copyInto(world.secDb, secDir);
const sec = openApp({ dataDir: secDir, host: 'cli', seedDemo: true });
after(() => sec.close());

test(`fuzz: campaign workbook importer (${CASES} cases, seed ${SEED})`, { timeout: 120_000 }, async () => {
  let n = 0;
  const tally = { imported: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(workbookCase, async (c) => {
      const i = n++;
      // A handful of 10 MB strings per run, not thousands.
      const huge = i % Math.max(1, Math.floor(CASES / 3)) === 1;
      const buf = buildWorkbook(c, huge);
      const label = `workbook case ${i} (seed ${SEED}) ${JSON.stringify(c).slice(0, 400)}`;
      if (process.env.PAR_FUZZ_TRACE) writeFileSync(`${process.env.PAR_FUZZ_TRACE}.xlsx`, buf);
      const parsed = await outcome(label, () => parseCampaignWorkbook(buf));
      if (!parsed.ok) {
        assert.equal(parsed.error.code, 'import_invalid', `${label}: ${parsed.error.message}`);
        tally.refused++;
        return;
      }
      // Parsed: it must also import cleanly (or be refused by the same rules) without a partial write.
      const sample = i % SAMPLE_EVERY === 0;
      const before = sample ? fingerprintDb(sec) : '';
      const content = parsed.value as ReturnType<typeof parseCampaignWorkbook>;
      const r = await outcome(label, () => sec.services.campaigns.insertContent(content, 'Fuzz', 'workbook:fuzz.xlsx'));
      if (!r.ok) {
        assert.equal(r.error.code, 'import_invalid', `${label}: ${r.error.message}`);
        if (sample) assert.equal(fingerprintDb(sec), before, `${label}: refused import wrote something`);
        tally.refused++;
        return;
      }
      const id = r.value as number;
      const back = sec.services.campaigns.content(id);
      assert.equal(back.units.length, content.units.length, `${label}: units`);
      assert.equal(back.criteria.length, content.criteria.length, `${label}: criteria`);
      assert.equal(back.scores.length, content.scores.length, `${label}: scores`);
      for (const u of back.units) assert.equal(typeof u.code, 'string');
      sec.services.campaigns.delete(id);
      sec.services.scoring.forget(id);
      tally.imported++;
    }),
    { seed: SEED, numRuns: CASES, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(`workbook fuzz: ${JSON.stringify(tally)}`);
  assert.ok(tally.imported > 0 && tally.refused > 0, 'the generator reaches both outcomes');
});

const memberKey = loadPrivateKey(join(dir, 'world', 'mem'), world.memberUid);
const goodPkg = readPackage(world.memberPackage);
const goodFiles = unzipSync(world.memberPackage);
const goodPayload = JSON.parse(strFromU8(goodPkg.payloadBytes)) as Record<string, unknown>;

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 1.5, 1e308, -0, '', '__proto__', 'x'.repeat(5000), 2 ** 53 + 1),
  fc.constantFrom({}, [], { __proto__: { polluted: 1 } }, JSON.parse('{"__proto__":{"polluted":1}}') as unknown, JSON.parse('{"constructor":{"prototype":{"polluted":1}}}') as unknown),
  fc.string({ maxLength: 30 }),
  fc.integer(),
);
const pathStep = fc.oneof(fc.constantFrom('member', 'proposals', 'requests', 'history', 'uid', 'name', 'unitCode', 'criterionCode', 'pointsMilli', 'round', 'revision', 'notApplicable', 'reason', '__proto__', 'constructor'), fc.nat(80));
const packageCase = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('bytes' as const), m: fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), count: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), xor: fc.constant(0), count: fc.constant(0) })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('entries' as const), rename: rare(fc.record({ from: fc.constantFrom('manifest.json', 'payload.json', 'signature.json'), to: fc.constantFrom('../manifest.json', '/payload.json', 'PAYLOAD.JSON', '__proto__', 'constructor', 'manifest.json\u0000', 'signature.json ', 'x/../payload.json') }), 2), add: rare(fc.record({ name: fc.constantFrom('__proto__', 'evil.txt', '../x', 'manifest.json/', ''), size: fc.nat(2000) }), 2), drop: rare(fc.constantFrom('manifest.json', 'payload.json', 'signature.json'), 4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('manifest' as const), path: fc.constantFrom('format', 'kind', 'campaignUid', 'criteriaFingerprint', 'sequence', 'payloadSize', 'author', 'createdAt', '__proto__', 'constructor'), value: jsonValue }) },
  // The crafted files of the trust tests (duplicate entries, bombs, out-of-scope and forged-history packages), drawn among the rest.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crafted' as const), which: fc.constantFrom('duplicate-payload', 'duplicate-manifest', 'bomb', 'declared-huge', 'recused-full-marks', 'survey-cell', 'off-rule', 'forged-history') }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('payload' as const), edits: fc.array(fc.record({ path: fc.array(pathStep, { minLength: 1, maxLength: 4 }), value: jsonValue }), { minLength: 1, maxLength: 3 }), hugeArray: rare(fc.constantFrom('proposals', 'requests', 'history'), 20), resign: fc.boolean() }) },
);
type PackageCase = typeof packageCase extends fc.Arbitrary<infer T> ? T : never;

function setPath(root: unknown, path: Array<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const nextNode = Object.prototype.hasOwnProperty.call(node, k) ? node[k] : undefined;
    if (nextNode === null || typeof nextNode !== 'object') return;
    node = nextNode as Record<string | number, unknown>;
  }
  // defineProperty, so "__proto__" becomes a real own key as JSON.parse would make it.
  // A fresh copy each time: the generator's constants are shared between cases and must never form cycles.
  const copy = value === undefined ? value : (JSON.parse(JSON.stringify(value)) as unknown);
  Object.defineProperty(node, path[path.length - 1]!, { value: copy, enumerable: true, writable: true, configurable: true });
}

/** A crafted hostile package (see test/services/exchange.test.ts and exchange-trust.test.ts). */
function craftedPackage(which: string): Uint8Array {
  const entries: CraftEntry[] = Object.entries(goodFiles).map(([name, data]) => ({ name, data }));
  if (which === 'duplicate-payload') return craftZip([...entries, { name: 'payload.json', data: strToU8('{}') }]);
  if (which === 'duplicate-manifest') return craftZip([...entries, { name: 'manifest.json', data: goodFiles['manifest.json']! }]);
  const withPayload = (payload: CraftEntry) => craftZip(entries.map((e) => (e.name === 'payload.json' ? payload : e)));
  if (which === 'bomb') return withPayload({ name: 'payload.json', data: new Uint8Array(4 * 1024 * 1024) });
  if (which === 'declared-huge') return withPayload({ name: 'payload.json', data: goodFiles['payload.json']!, declaredSize: 0xfffffff0 });
  // Re-signed by the member: what a member can send.
  const payload = structuredClone(goodPayload) as Record<string, unknown>;
  const cell = (unitCode: string, criterionCode: string, pointsMilli: number) => ({ unitCode, criterionCode, round: 1, pointsMilli, notApplicable: false, reason: 'x', inputs: '', revision: 999, updatedAt: '2026-01-01T00:00:00Z' });
  const recused = sec.services.repos.members.recusalsOf(sec.services.campaigns.list()[0]!.id, world.memberUid)[0]?.unitCode ?? 'SBN02';
  if (which === 'recused-full-marks') payload.proposals = [cell(recused, '2.1.2', 2000)];
  if (which === 'survey-cell') payload.proposals = [cell('SBN01', '8.1.1', 1500)];
  if (which === 'off-rule') payload.proposals = [cell('SBN01', '2.1.2', 1500)];
  if (which === 'forged-history') payload.history = [{ at: '2020-01-01T00:00:00Z', action: 'campaign.finalize', unitCode: null, criterionCode: null, oldValue: 'open', newValue: 'final', reason: 'Chốt kết quả' }];
  const { format: _f, payloadSha256: _h, payloadSize: _s, ...m } = goodPkg.manifest;
  return writePackage(m, payload, memberKey);
}

function buildPackage(c: PackageCase): Uint8Array {
  if (c.kind === 'crafted') return craftedPackage(c.which);
  if (c.kind === 'bytes') return mutateBytes(world.memberPackage, c.m);
  if (c.kind === 'entries') {
    // Written byte by byte: fflate will not name an entry "__proto__".
    let entries: CraftEntry[] = Object.entries(goodFiles).map(([name, data]) => ({ name, data }));
    if (c.drop) entries = entries.filter((e) => e.name !== c.drop);
    if (c.rename) entries = entries.map((e) => (e.name === c.rename!.from ? { ...e, name: c.rename!.to } : e));
    if (c.add) entries.push({ name: c.add.name, data: new Uint8Array(c.add.size) });
    return craftZip(entries);
  }
  if (c.kind === 'manifest') {
    const manifest = JSON.parse(strFromU8(goodPkg.manifestBytes)) as Record<string, unknown>;
    setPath(manifest, [c.path], c.value);
    return zipSync({ ...goodFiles, 'manifest.json': strToU8(JSON.stringify(manifest)) });
  }
  const payload = structuredClone(goodPayload);
  for (const e of c.edits) setPath(payload, e.path, e.value);
  if (c.hugeArray) {
    const list = payload[c.hugeArray];
    if (Array.isArray(list) && list.length > 0) payload[c.hugeArray] = Array.from({ length: 20_000 }, () => list[0] as unknown);
  }
  if (!c.resign) return zipSync({ ...goodFiles, 'payload.json': strToU8(JSON.stringify(payload)) });
  // Re-signed with the member's own key: the mutation reaches schema and business checks.
  const { format: _f, payloadSha256: _h, payloadSize: _s, ...m } = goodPkg.manifest;
  return writePackage(m, payload, memberKey);
}

test(`fuzz: package importer (${CASES} cases, seed ${SEED})`, { timeout: 120_000 }, async () => {
  let n = 0;
  const tally: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(packageCase, async (c) => {
      const i = n++;
      const bytes = buildPackage(c);
      const label = `package case ${i} (seed ${SEED}) ${JSON.stringify(c).slice(0, 400)}`;
      const sample = i % SAMPLE_EVERY === 0 || c.kind === 'payload';
      const before = sample ? fingerprintDb(sec) : '';
      const r = await outcome(label, () => sec.services.exchange.importPackage(bytes, 'Fuzz'));
      if (!r.ok) {
        assert.equal(r.error.code, 'import_invalid', `${label}: ${r.error.message}`);
        if (sample) assert.equal(fingerprintDb(sec), before, `${label}: refused package wrote something`);
        tally[`${c.kind}:refused`] = (tally[`${c.kind}:refused`] ?? 0) + 1;
        return;
      }
      const summary = r.value as { alreadyImported: boolean; applied: number; skipped: number };
      assert.equal(typeof summary.applied, 'number');
      if (c.kind === 'crafted') {
        assert.equal(c.which, 'forged-history', `${label}: a crafted hostile package was imported`);
        assert.equal(sec.db.prepare("SELECT count(*) FROM history WHERE action = 'campaign.finalize' AND at < '2021'").pluck().get(), 0, `${label}: the member's history entered the secretariat's`);
      }
      tally[`${c.kind}:imported`] = (tally[`${c.kind}:imported`] ?? 0) + 1;
    }),
    { seed: SEED, numRuns: CASES, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(`package fuzz: ${JSON.stringify(tally)}`);
});

const nameFragment = fc.oneof(
  fc.constantFrom('..', '.', '', 'CON', 'nul', 'COM1.pdf', 'aux.txt', 'LPT9', 'a\u0000b.pdf', 'x'.repeat(300), 'Ｃ：', 'a\\..\\b.pdf', 'C:', '__proto__', 'constructor', 'tài liệu.pdf', '1.1.1', '1.2.1', '9.9.9', 'a:b', ' trailing ', '.hidden', 'thumbs.db'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const entryArb = fc.record({
  segments: fc.array(nameFragment, { minLength: 1, maxLength: 5 }),
  absolute: fc.constantFrom('', '', '', '/', 'C:/', '\\\\server\\share\\'),
  kind: fc.constantFrom('pdf', 'png', 'empty', 'zeros', 'random', 'dir'),
  size: fc.nat(4000),
  method: fc.constantFrom(undefined, 0, 8),
  lieSize: rare(fc.nat(10_000_000), 10),
  badCrc: fc.boolean() as fc.Arbitrary<boolean>,
  corruptBody: rare(fc.nat(255), 15),
});
// Well-formed entries too, so that correct imports (and their mix with hostile ones) are exercised.
const benignEntry = fc.record({
  segments: fc.tuple(fc.constantFrom('1.1.1', '1.2.1', '2.1.1'), fc.constantFrom('Kế hoạch.pdf', 'báo cáo quý I.pdf', 'ảnh.png', 'a.pdf')).map((t) => [...t]),
  absolute: fc.constant(''), kind: fc.constantFrom('pdf', 'png'), size: fc.nat(4000), method: fc.constantFrom(undefined, 0, 8),
  lieSize: fc.constant(null), badCrc: fc.constant(false), corruptBody: fc.constant(null),
});
const bundleCase: fc.Arbitrary<BundleCase> = fc.record({ entries: fc.oneof<fc.Arbitrary<BundleEntry[]>[]>(fc.array(entryArb, { minLength: 0, maxLength: 6 }), fc.array(benignEntry, { minLength: 1, maxLength: 4 }), fc.array(fc.oneof({ weight: 4, arbitrary: benignEntry }, { weight: 1, arbitrary: entryArb }), { minLength: 1, maxLength: 4 })), bomb: rare(fc.constant(true), 25), bytes: rare(fc.record({ kind: fc.constantFrom('flip' as const, 'truncate' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), count: fc.integer({ min: 1, max: 4 }) }), 8) });
type BundleEntry = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;
interface BundleCase {
  entries: BundleEntry[];
  bomb: boolean | null;
  bytes: { kind: 'flip' | 'truncate'; at: number; xor: number; count: number } | null;
}

function pdf(size: number, seed: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = (seed + i * 31) & 0x7f;
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), body, Buffer.from('\n%%EOF\n')]);
}

function buildBundle(c: BundleCase): Buffer {
  const entries: CraftEntry[] = c.entries.map((e, i) => {
    const name = e.absolute + e.segments.join('/') + (e.kind === 'dir' ? '/' : '');
    const data =
      e.kind === 'pdf' ? pdf(e.size, i)
        : e.kind === 'png' ? Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pdf(e.size, i)])
          : e.kind === 'zeros' ? Buffer.alloc(e.size)
            : e.kind === 'random' ? pdf(e.size, i * 7).reverse()
              : Buffer.alloc(0);
    return {
      name,
      data,
      ...(e.method !== undefined && e.kind !== 'dir' ? { method: e.method } : {}),
      ...(e.lieSize !== null ? { declaredSize: e.lieSize } : {}),
      ...(e.badCrc && data.length > 0 ? { crc: 0xdeadbeef } : {}),
      ...(e.corruptBody !== null && data.length > 0 ? { body: Buffer.from([e.corruptBody, 0xff, 0x00, 0x13]) } : {}),
    };
  });
  // High compression ratio: 3 MB of zeros deflates to a few KB.
  if (c.bomb) entries.push({ name: '1.1.1/bom.pdf', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024)]) });
  return mutateBytes(craftZip(entries), c.bytes);
}

test(`fuzz: evidence bundle importer (${Math.ceil(CASES / 2)} cases, seed ${SEED})`, { timeout: 120_000 }, async () => {
  const evDir = join(dir, 'ev');
  copyInto(world.secDb, evDir);
  const app = openApp({ dataDir: evDir, host: 'cli', seedDemo: true });
  const scratch = join(dir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  const campaignId = app.services.campaigns.list()[0]!.id;
  const unit = app.services.repos.units.list(campaignId)[0]!.code;
  // Keep some legitimate imports cheap: one good bundle first so the store exists.
  writeFileSync(join(scratch, 'seed.zip'), zipSync({ '1.1.1': { 'seed.pdf': pdf(100, 1) } }));
  await app.services.evidence.importBundle(campaignId, unit, join(scratch, 'seed.zip'), 'Fuzz');
  let n = 0;
  const tally = { imported: 0, refused: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(bundleCase, async (c) => {
        const i = n++;
        const path = join(scratch, `case.zip`);
        writeFileSync(path, buildBundle(c));
        const label = `bundle case ${i} (seed ${SEED}) ${JSON.stringify(c).slice(0, 400)}`;
        const sample = i % SAMPLE_EVERY === 0 || c.bomb === true;
        const before = sample ? { db: fingerprintDb(app), store: storeListing(join(evDir, 'evidence')) } : null;
        const r = await outcome(label, () => app.services.evidence.importBundle(campaignId, unit, path, 'Fuzz'));
        if (!r.ok) {
          // A file that is neither a folder nor a zip (by its magic bytes) is refused as invalid_input.
          assert.ok(['import_invalid', 'invalid_input'].includes(r.error.code), `${label}: ${r.error.code} ${r.error.message}`);
          if (before) assert.deepEqual({ db: fingerprintDb(app), store: storeListing(join(evDir, 'evidence')) }, before, `${label}: refused bundle wrote something`);
          tally.refused++;
          return;
        }
        tally.imported++;
      }),
      { seed: SEED, numRuns: Math.ceil(CASES / 2), endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    app.close();
  }
  console.log(`bundle fuzz: ${JSON.stringify(tally)}`);
  assert.ok(tally.refused > 0 && tally.imported > 0, 'the generator reaches both outcomes');
});

/** Recomputes a ustar header's checksum after a field was changed, so the mutation reaches the reader's later checks. */
function reChecksum(buf: Buffer, at: number): void {
  buf.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += buf[i]!;
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 8, 'ascii');
}
/** Offsets of the tar headers (walking the valid original). */
function headerOffsets(buf: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos + 512 <= buf.length; ) {
    if (buf.subarray(pos, pos + 512).every((b) => b === 0)) break;
    out.push(pos);
    const size = parseInt(buf.toString('ascii', pos + 124, pos + 136).replace(/\0.*$/s, ''), 8);
    pos += 512 + size + ((512 - (size % 512)) % 512);
  }
  return out;
}
const parevdCase = fc.record({
  kind: fc.constantFrom('none', 'flip', 'rename', 'resize', 'truncate', 'append', 'manifest'),
  entry: fc.nat(10),
  at: fc.nat(),
  xor: fc.integer({ min: 1, max: 255 }),
  name: fc.constantFrom('../../x', '/etc/passwd', 'evidence/ab/..', 'manifest.json', `evidence/00/${'0'.repeat(64)}`, 'evidence/zz/zz', 'a\\b', `evidence/${'f'.repeat(2)}/${'f'.repeat(64)}`),
  size: fc.oneof(fc.nat(100_000), fc.constant(8 ** 11 - 1)),
  manifest: fc.constantFrom('uid', 'drop', 'size', 'extra', 'version', 'garbage', 'proto'),
});
type ParevdCase = typeof parevdCase extends fc.Arbitrary<infer T> ? T : never;

function mutateParevd(good: Buffer, c: ParevdCase): Buffer {
  const out = Buffer.from(good);
  const heads = headerOffsets(good);
  const h = heads[c.entry % heads.length]!;
  switch (c.kind) {
    case 'none':
      return out;
    case 'flip':
      out[c.at % out.length] = out[c.at % out.length]! ^ c.xor;
      return out;
    case 'rename':
      out.fill(0, h, h + 100);
      out.write(c.name, h, 99, 'utf8');
      reChecksum(out, h);
      return out;
    case 'resize':
      out.write(c.size.toString(8).padStart(11, '0') + '\0', h + 124, 12, 'ascii');
      reChecksum(out, h);
      return out;
    case 'truncate':
      return out.subarray(0, c.at % out.length);
    case 'append':
      return Buffer.concat([out, Buffer.alloc(1 + (c.at % 2000), c.xor)]);
    case 'manifest': {
      const last = heads[heads.length - 1]!;
      const size = parseInt(good.toString('ascii', last + 124, last + 136).replace(/\0.*$/s, ''), 8);
      const m = JSON.parse(good.toString('utf8', last + 512, last + 512 + size)) as { campaignUid: string; formatVersion: number; entries: Array<{ path: string; size: number; sha256: string }> };
      if (c.manifest === 'uid') m.campaignUid = 'another-campaign';
      if (c.manifest === 'drop') m.entries.pop();
      if (c.manifest === 'size' && m.entries[0]) m.entries[0].size += 1;
      if (c.manifest === 'extra') m.entries.push({ path: `evidence/ab/${'ab'.repeat(32)}`, size: 5, sha256: 'ab'.repeat(32) });
      if (c.manifest === 'version') m.formatVersion = 99;
      const text = c.manifest === 'garbage' ? '{"format":' : c.manifest === 'proto' ? JSON.stringify({ ...m, __proto__: { polluted: 1 } }).replace('"format"', '"__proto__":{"isAdmin":true},"format"') : JSON.stringify(m);
      const data = Buffer.from(text);
      const header = Buffer.from(good.subarray(last, last + 512));
      header.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
      reChecksum(header, 0);
      return Buffer.concat([good.subarray(0, last), header, data, Buffer.alloc((512 - (data.length % 512)) % 512), Buffer.alloc(1024)]);
    }
  }
}

test(`fuzz: evidence bundle (.parevd) importer (${Math.ceil(CASES / 4)} cases, seed ${SEED})`, { timeout: 120_000 }, async () => {
  const secDir = join(dir, 'parevd-sec');
  const memDir = join(dir, 'parevd-mem');
  const sec = openApp({ dataDir: secDir, host: 'browser' });
  const mem = openApp({ dataDir: memDir, host: 'cli' });
  const scratch = join(dir, 'parevd-scratch');
  mkdirSync(scratch, { recursive: true });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    for (const [i, [unit, code]] of [['SBN01', '1.1.1'], ['SBN02', '1.2.1'], ['XP09', '2.1.1']].entries()) {
      mkdirSync(join(scratch, String(i)));
      writeFileSync(join(scratch, String(i), `tài liệu ${i}.pdf`), pdf(3000 + i * 700, i));
      await sec.services.evidence.attachPath(campaignId, unit!, code!, join(scratch, String(i), `tài liệu ${i}.pdf`), 'Fuzz');
    }
    mem.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'Fuzz');
    const goodPath = join(scratch, 'good.parevd');
    await sec.services.evidenceBundle.exportBundle(campaignId, null, goodPath);
    const good = readFileSync(goodPath);
    let n = 0;
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(parevdCase, async (c) => {
        const i = n++;
        const path = join(scratch, 'case.parevd');
        writeFileSync(path, mutateParevd(good, c));
        const label = `parevd case ${i} (seed ${SEED}) ${JSON.stringify(c)}`;
        const before = { db: fingerprintDb(mem), store: storeListing(join(memDir, 'evidence')).filter((p) => !p.startsWith('tmp')) };
        const r = await outcome(label, () => mem.services.evidenceBundle.importBundle(path, 'case.parevd', 'Fuzz'));
        if (!r.ok) {
          assert.ok(['import_invalid', 'invalid_input'].includes(r.error.code), `${label}: ${r.error.code} ${r.error.message}`);
          assert.deepEqual({ db: fingerprintDb(mem), store: storeListing(join(memDir, 'evidence')).filter((p) => !p.startsWith('tmp')) }, before, `${label}: refused bundle wrote something`);
          tally[`${c.kind}:refused`] = (tally[`${c.kind}:refused`] ?? 0) + 1;
          return;
        }
        // Accepted: every blob the member now lists as here hashes to its name.
        for (const link of mem.services.evidence.list(mem.services.campaigns.list()[0]!.id, 'SBN01').criteria.flatMap((g) => g.items)) {
          if (link.available) assert.equal(await mem.services.evidence.store.hashBlob(link.sha256), link.sha256, `${label}: a placed blob does not match its hash`);
        }
        tally[`${c.kind}:imported`] = (tally[`${c.kind}:imported`] ?? 0) + 1;
      }),
      { seed: SEED, numRuns: Math.ceil(CASES / 4), endOnFailure: true, includeErrorInReport: true },
    );
    console.log(`parevd fuzz: ${JSON.stringify(tally)}`);
    assert.ok(Object.keys(tally).some((k) => k.endsWith(':refused')) && Object.keys(tally).some((k) => k.endsWith(':imported')), 'the generator reaches both outcomes');
    assert.equal(mem.db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    sec.close();
    mem.close();
  }
});
