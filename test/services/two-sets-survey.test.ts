// Survey, bonus and penalty points in a campaign with two criteria sets: one column per (set, leaf), headed
// "XA:3.1 …"; a unit's value in a column of the other set is refused with its row and column, nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as XLSX from 'xlsx';
import { openApp } from '../../electron/core/app.js';
import { AppError } from '../../shared/errors.js';
import { tempDir, twoSetWorkbook, workbookBuffer, type Aoa } from '../helpers.js';

const ctx = { actor: 'Tổ thư ký' };

test('two sets: the survey template has each set\'s columns; values land in the unit\'s own set; another set\'s column is refused', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const r = await app.dispatch('workbook/import', { fileName: 'hai-cap.xlsx', contentBase64: workbookBuffer(twoSetWorkbook()).toString('base64') }, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    const id = (r.value as { campaignId: number }).campaignId;
    const wb = XLSX.read(app.services.survey.template(id).bytes, { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets['Điều tra XHH']!, { header: 1, defval: null }) as Aoa;
    const codes = rows[0]!.slice(3).map((h) => String(h).split(' ')[0]);
    assert.deepEqual(codes, ['SO:3.1', 'SO:4.1', 'SO:4.2', 'SO:5.1', 'SO:5.2', 'XA:3.1', 'XA:3.2', 'XA:4.1', 'XA:5.1']);
    // Each unit's row shows only its own set's stored values.
    const x1 = rows.find((row) => row[0] === 'X1')!;
    assert.equal(x1[3 + codes.indexOf('SO:3.1')], null, 'a ward has no department survey value');
    assert.equal(x1[3 + codes.indexOf('XA:3.1')], 10);

    const col = (code: string) => 3 + codes.indexOf(code);
    const header = rows[0]!;
    const blank = () => header.map(() => null as string | number | null);
    const line = (unit: string, values: Record<string, number>) => {
      const row = blank();
      row[0] = unit;
      for (const [code, v] of Object.entries(values)) row[col(code)] = v;
      return row;
    };
    const before = JSON.stringify(app.services.survey.table(id));
    const bad = workbookBuffer({ 'Điều tra XHH': [header, line('X2', { 'SO:3.1': 7 })] });
    const refusal = await app.services.survey.importWorkbook(id, 'sai.xlsx', bad, ctx.actor).then(() => null, (e: unknown) => e);
    assert.ok(refusal instanceof AppError, 'refused');
    const issue = refusal.issues?.[0];
    assert.equal(issue?.row, 2);
    assert.match(String(issue?.column), /SO:3\.1/);
    assert.match(issue?.message ?? '', /được chấm theo bộ tiêu chí "XA"; cột này thuộc bộ "SO"/);
    assert.equal(JSON.stringify(app.services.survey.table(id)), before, 'nothing written');

    const good = workbookBuffer({ 'Điều tra XHH': [header, line('X2', { 'XA:3.1': 9.5 }), line('S3', { 'SO:3.1': 9 })] });
    const done = await app.services.survey.importWorkbook(id, 'dung.xlsx', good, ctx.actor);
    assert.equal(done.changed, 2);
    assert.equal(app.services.scoring.sheet(id, 'X2').rows.find((row) => row.code === '3.1')!.pointsMilli, 9500);
    assert.equal(app.services.scoring.sheet(id, 'S3').rows.find((row) => row.code === '3.1')!.pointsMilli, 9000);
  } finally {
    app.close();
    cleanup();
  }
});
