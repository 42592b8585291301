// Seeded fuzzing of the survey / bonus / penalty importer: random headers and cells (codes real and not,
// numbers in and out of range, too many decimals, text, "-", __proto__, errors), and flipped or truncated
// bytes. Every case either imports exactly what the file says or is refused with a Vietnamese AppError
// leaving the database as it was; nothing throws anything else, nothing pollutes Object.prototype.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { openApp } from '../../electron/core/app.js';
import { AppError } from '../../shared/errors.js';
import { pointsToMilli } from '../../shared/numbers.js';
import { tempDir } from '../helpers.js';
import { sharedStringsBomb, staleDimension, uncachedFormula } from './hostile-workbooks.js';

const SEED = Number(process.env.PAR_FUZZ_SEED ?? 20261122) | 0;
const CASES = Number(process.env.PAR_FUZZ_CASES ?? 400);
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

const { dir, cleanup } = tempDir('par-survey-fuzz-');
const app = openApp({ dataDir: dir, host: 'browser' });
const id = app.services.campaigns.list()[0]!.id;
const columns = app.services.survey.columns(id);
const units = app.services.campaigns.unitList(id).map((u) => u.code);
after(() => {
  app.close();
  cleanup();
  for (const key of ['polluted', 'x', 'toString2']) assert.equal((({}) as Record<string, unknown>)[key], undefined, `Object.prototype.${key} was polluted`);
});

const header = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...columns.map((c) => `${c.code} ${c.name}`)) },
  fc.constantFrom('1.1.1 Thẩm định', '99.9', '8.1', '8.1.1.1', '2.l', '__proto__', 'constructor', 'Ghi chú', '', '8.1.1 trùng'),
  fc.string({ maxLength: 12 }),
);
const cell = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(null, 0, 0.25, 0.5, 1, '-', '0,75', ' ') },
  fc.constant(null),
  fc.double({ min: -5, max: 20, noNaN: true }),
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('-', '0,5', '1.25', '1,2345', 'abc', '=1+1', '#N/A', ' ', 'KAD', '__proto__', '1e3', 'Infinity'),
  fc.string({ maxLength: 8 }),
);
const unitCell = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...units) }, fc.constantFrom('', '__proto__', 'SBN99', 'sbn01', ' SBN01 '), fc.string({ maxLength: 6 }));
const surveyCase = fc.record({
  headers: fc.uniqueArray(header, { minLength: 0, maxLength: 6 }),
  rows: fc.uniqueArray(fc.tuple(unitCell, fc.array(cell, { minLength: 0, maxLength: 6 })), { maxLength: 8, selector: (r) => r[0] }),
  sheetName: fc.constantFrom('Điều tra XHH', 'ĐTXHH', 'Survey', 'Trang khác'),
  mutate: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), truncate: fc.boolean() }), { freq: 12 }),
  // The crafted corpus (hostile-workbooks.ts): a stale <dimension>, a formula without a value, bombs.
  crafted: fc.option(fc.constantFrom('staleDimension' as const, 'uncachedFormula' as const, 'sizeBomb' as const, 'lyingBomb' as const), { freq: 10 }),
});

function snapshot(): string {
  const scores = app.db.prepare('SELECT unit_code, criterion_code, points_milli, revision FROM score WHERE campaign_id = ? ORDER BY 1, 2').raw().all(id);
  const history = app.db.prepare('SELECT max(id) FROM history').pluck().get();
  const decisions = app.db.prepare('SELECT count(*) FROM decision').pluck().get();
  return JSON.stringify({ scores, history, decisions });
}

test(`fuzz: survey importer (${CASES} cases, seed ${SEED})`, { timeout: 180_000 }, async () => {
  const tally = { imported: 0, refused: 0 };
  let n = 0;
  await fc.assert(
    fc.asyncProperty(surveyCase, async (c) => {
      const i = n++;
      const aoa = [['Mã đơn vị', ...c.headers], ...c.rows.map(([u, cells]) => [u, ...cells])];
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), c.sheetName);
      if (c.sheetName === 'Trang khác' && i % 2 === 0) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), 'Khác nữa');
      let bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
      const sheets = { [c.sheetName]: aoa };
      if (c.crafted === 'staleDimension') bytes = staleDimension(sheets, c.sheetName, 'A1:B2');
      if (c.crafted === 'uncachedFormula') bytes = uncachedFormula(sheets, c.sheetName, 'A1');
      if (c.crafted === 'sizeBomb') bytes = sharedStringsBomb(sheets, 70 * 1024 * 1024);
      if (c.crafted === 'lyingBomb') bytes = sharedStringsBomb(sheets, 8 * 1024 * 1024, 4096);
      if (c.mutate) {
        bytes = Buffer.from(bytes);
        const at = c.mutate.at % bytes.length;
        if (c.mutate.truncate) bytes = bytes.subarray(0, at);
        else bytes[at]! ^= c.mutate.xor;
      }
      const label = `survey case ${i} (seed ${SEED}) ${JSON.stringify(c).slice(0, 300)}`;
      const before = snapshot();
      let summary;
      try {
        summary = await app.services.survey.importWorkbook(id, `fuzz-${i}.xlsx`, bytes, 'Fuzz');
      } catch (error) {
        assert.ok(error instanceof AppError, `${label}: threw ${String(error)}`);
        assert.ok(['import_invalid', 'locked'].includes(error.code), `${label}: ${error.code}`);
        assert.match(error.message, VIETNAMESE, label);
        for (const issue of error.issues ?? []) assert.match(issue.message, VIETNAMESE, label);
        assert.equal(snapshot(), before, `${label}: a refused import changed the database`);
        tally.refused++;
        return;
      }
      // Imported: every non-blank cell of a known column now holds the file's value.
      const table = app.services.survey.table(id);
      const byUnit = new Map(table.rows.map((r) => [r.unitCode, r.values]));
      const colIndex = new Map(table.columns.map((col, k) => [col.code, k]));
      for (const [u, cells] of c.rows) {
        c.headers.forEach((h, k) => {
          const code = h.split(' ')[0]!;
          const v = cells[k];
          if (!colIndex.has(code) || v === null || v === undefined || String(v).trim() === '') return;
          const stored = byUnit.get(String(u).trim())![colIndex.get(code)!];
          const expected = v === '-' ? null : pointsToMilli(typeof v === 'number' ? v : Number(String(v).replace(',', '.')));
          assert.equal(stored, expected, `${label}: ${u} ${code}`);
        });
      }
      assert.ok(summary.changed + summary.unchanged >= 0);
      tally.imported++;
    }),
    { seed: SEED, numRuns: CASES, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(`survey fuzz: ${tally.imported} imported, ${tally.refused} refused`);
  assert.ok(tally.imported > 0 && tally.refused > 0, JSON.stringify(tally));
});
