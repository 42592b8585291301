// Survey (ĐTXHH), bonus and penalty points: the template, the all-or-nothing import, its history, and
// that consolidation never overwrites an imported value. Real SQLite files, real .xlsx files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { AppError, describeIssue } from '../../shared/errors.js';
import { ok, refusal } from '../dispatch.js';
import { smallWorkbook, tempDir, workbookBuffer, type Aoa } from '../helpers.js';
import { sharedStringsBomb, staleDimension, uncachedFormula } from '../reliability/hostile-workbooks.js';

const ctx = { actor: 'Tổ thư ký' };
const HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Nhóm', '2.1 Mức độ hài lòng', '3 Điểm thưởng', '4 Điểm trừ'];

function withCampaign(fn: (app: AppCore, campaignId: number) => void | Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
    try {
      const wb = smallWorkbook();
      // Keep the stored bonus within its cap so the template round-trips unchanged.
      wb['Điểm'] = wb['Điểm'].filter((r) => !(r[0] === 'S3' && r[1] === '3'));
      const r = await app.dispatch('workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(wb).toString('base64') }, ctx);
      assert.ok(r.ok, JSON.stringify(r));
      await fn(app, (r.value as { campaignId: number }).campaignId);
    } finally {
      app.close();
      cleanup();
    }
  };
}

const file = (rows: Aoa, sheet = 'Điều tra XHH') => workbookBuffer({ [sheet]: rows });
const valuesOf = (app: AppCore, id: number) =>
  Object.fromEntries(app.services.survey.table(id).rows.map((r) => [r.unitCode, r.values]));
const totals = (app: AppCore, id: number) =>
  Object.fromEntries(app.services.scoring.ranking(id).groups.flatMap((g) => g.rows).map((r) => [r.unitCode, r.totalMilli]));
const historyCount = (app: AppCore) => (app.db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;

async function refused(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

test('the template has one row per unit and one column per survey/bonus/penalty leaf, prefilled', withCampaign(async (app, id) => {
  const { fileName, bytes } = app.services.survey.template(id);
  assert.match(fileName, /\.xlsx$/);
  const wb = XLSX.read(bytes, { type: 'buffer' });
  assert.equal(wb.SheetNames[0], 'Điều tra XHH');
  const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(wb.Sheets['Điều tra XHH']!, { header: 1, defval: null });
  assert.deepEqual(rows[0]!.slice(0, 3), ['Mã đơn vị', 'Tên đơn vị', 'Nhóm']);
  assert.deepEqual(rows[0]!.slice(3).map((h) => String(h).split(' ')[0]), ['2.1', '3', '4'], 'appraised leaves are not columns');
  assert.match(String(rows[0]![3]), /^2\.1 Mức độ hài lòng \(điều tra XHH, tối đa 4\)$/);
  assert.match(String(rows[0]![5]), /điểm trừ, tối đa 2/);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['S1', 'S2', 'S3', 'X1']);
  assert.deepEqual(rows[1], ['S1', 'Sở Tư pháp', 'Sở, ban, ngành', 3.5, null, null]);
  assert.deepEqual(rows[3], ['S3', 'Sở Tài chính', 'Sở, ban, ngành', 3, null, null]);
  // The template as given imports with nothing to change.
  const before = historyCount(app);
  const summary = await app.services.survey.importWorkbook(id, fileName, bytes, ctx.actor);
  assert.equal(summary.changed, 0);
  assert.equal(summary.unchanged, 3);
  assert.equal(summary.units, 4);
  assert.equal(historyCount(app), before);
}));

test('an import writes every changed cell in one go, with one history row each; blank keeps, "-" clears', withCampaign(async (app, id) => {
  const before = totals(app, id);
  const ws = XLSX.utils.aoa_to_sheet([
    HEADER,
    ['S1', 'Sở Tư pháp', 'S', 4, null, null],
    ['S2', 'Sở Y tế', 'S', '-', null, '0,5'],
    ['S3', null, null, 3, 1, null],
    ['X1', null, null, null, null, null],
  ]);
  // A formula is read as the value the file stores, never evaluated.
  ws['D5'] = { t: 'n', v: 2, f: 'SUM(1,1)' };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Điều tra XHH');
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const summary = await app.services.survey.importWorkbook(id, 'dtxhh-2024.xlsx', bytes, ctx.actor);
  assert.deepEqual(
    { changed: summary.changed, cleared: summary.cleared, unchanged: summary.unchanged, units: summary.units, unitsChanged: summary.unitsChanged },
    { changed: 5, cleared: 1, unchanged: 1, units: 4, unitsChanged: 4 },
  );
  const sha = createHash('sha256').update(bytes).digest('hex');
  assert.equal(summary.sha256, sha);
  assert.deepEqual(valuesOf(app, id), { S1: [4000, null, null], S2: [null, null, 500], S3: [3000, 1000, null], X1: [2000, null, null] });

  const after = totals(app, id);
  assert.equal(after['S1']! - before['S1']!, 500, 'S1: survey 3,5 → 4');
  assert.equal(after['S2']! - before['S2']!, -3500 - 500, 'S2: survey cleared, penalty 0,5');
  assert.equal(after['S3']! - before['S3']!, 1000, 'S3: bonus 1');
  assert.equal(after['X1']! - before['X1']!, 2000, 'X1: survey 2 from a formula');

  const rows = app.db
    .prepare("SELECT actor, unit_code AS u, criterion_code AS c, old_value AS o, new_value AS n, reason, source FROM history WHERE action = 'survey.import' ORDER BY id")
    .all() as Array<Record<string, string | null>>;
  assert.equal(rows.length, 5);
  assert.ok(rows.every((r) => r['source'] === `survey:dtxhh-2024.xlsx#${sha}` && r['reason'] === 'Nhập kết quả ĐTXHH' && r['actor'] === 'Tổ thư ký'));
  assert.deepEqual(rows.find((r) => r['u'] === 'S2' && r['c'] === '2.1'), { actor: 'Tổ thư ký', u: 'S2', c: '2.1', o: '3500', n: null, reason: 'Nhập kết quả ĐTXHH', source: `survey:dtxhh-2024.xlsx#${sha}` });
}));

test('consolidation never overwrites an imported survey score (policy change, later decisions, crafted proposals)', withCampaign(async (app, id) => {
  const { scoring, survey, consolidation, repos } = app.services;
  // An earlier direct edit on the grid is a decision with the old value: the import must supersede it.
  scoring.setPoints(id, 'S1', '2.1', 1000, ctx.actor);
  await survey.importWorkbook(id, 'a.xlsx', file([HEADER, ['S1', null, null, 3.75, 0.5, null], ['X1', null, null, 2.5, null, null]]), ctx.actor);
  // A proposal on a survey cell (members cannot make one, but a package could carry one) and on a bonus cell.
  repos.members.insert({ uid: 'm-1', name: 'Thành viên A', agency: '', role: '', kind: 'member', isSelf: false, publicKey: null, createdAt: '2024-01-01T00:00:00Z' });
  for (const [unit, code, points] of [['X1', '2.1', 1000], ['S2', '2.1', 0], ['S1', '3', 0]] as const) {
    repos.exchange.putImportedProposal({ campaignId: id, unitCode: unit, criterionCode: code, memberUid: 'm-1', round: 1, pointsMilli: points, na: 0, reason: '', inputs: '', revision: 1, updatedAt: '2024-01-02T00:00:00Z' });
  }
  for (const policy of ['mean', 'manual', 'assigned'] as const) consolidation.setPolicy(id, policy, 500, 1000, ctx.actor);
  app.db.transaction(() => consolidation.recompute(id, [{ unitCode: 'X1', criterionCode: '2.1' }, { unitCode: 'S2', criterionCode: '2.1' }, { unitCode: 'S1', criterionCode: '3' }], ctx.actor, 'test'))();
  consolidation.decide(id, 'S1', '1.2', { pointsMilli: 1000, notApplicable: false }, 'Thiếu báo cáo quý', ctx.actor);
  const v = valuesOf(app, id);
  assert.deepEqual(v['S1'], [3750, 500, null]);
  assert.deepEqual(v['X1'], [2500, null, null]);
  assert.deepEqual(v['S2']![0], 3500, 'a survey value from the campaign workbook is kept too');
}));

test('a bad file is refused whole, every problem named by sheet, row and column; nothing changes', withCampaign(async (app, id) => {
  const before = valuesOf(app, id);
  const historyBefore = historyCount(app);
  const e = await refused(() =>
    app.services.survey.importWorkbook(id, 'bad.xlsx', file([
      ['Mã đơn vị', 'Tên đơn vị', '2.1 Hài lòng', '3', '4', '9.9 Không có', '1.2 Báo cáo', '__proto__', 'Ghi chú'],
      ['S1', 'Sở Tư pháp', 'nhiều', 0.5, null, null, null, 'x', 'ghi chú tự do'],
      ['ZZ9', 'Không có', 1, null, null, null, null, null, null],
      ['S1', 'Trùng', 1, null, null, null, null, null, null],
      ['S2', null, 4.5, 0.1234, -1, null, null, null, null],
      [null, null, 1, null, null, null, null, null, null],
      ['__proto__', null, 1, null, null, null, null, null, null],
    ]), ctx.actor),
  );
  assert.equal(e.code, 'import_invalid');
  assert.match(e.message, /chưa có gì được ghi/);
  const lines = (e.issues ?? []).map(describeIssue);
  const expect = [
    /^Trang "Điều tra XHH", dòng 1, cột F \(9\.9 Không có\): không có tiêu chí "9\.9"/,
    /^Trang "Điều tra XHH", dòng 1, cột G \(1\.2 Báo cáo\): tiêu chí "1\.2" không phải tiêu chí thành phần chấm bằng điều tra/,
    /^Trang "Điều tra XHH", dòng 2, cột C \(2\.1\): "nhiều" không phải là số điểm/,
    /^Trang "Điều tra XHH", dòng 3, cột A \(Mã đơn vị\): không có đơn vị mã "ZZ9"/,
    /^Trang "Điều tra XHH", dòng 4, cột A \(Mã đơn vị\): đơn vị "S1" đã có ở dòng 2/,
    /^Trang "Điều tra XHH", dòng 5, cột C \(2\.1\): điểm 4,5 vượt quá điểm tối đa 4 của tiêu chí "2\.1"/,
    /^Trang "Điều tra XHH", dòng 5, cột D \(3\): điểm "0.1234" có quá 3 chữ số thập phân/,
    /^Trang "Điều tra XHH", dòng 5, cột E \(4\): điểm không được âm/,
    /^Trang "Điều tra XHH", dòng 6, cột A \(Mã đơn vị\): thiếu mã đơn vị/,
    /^Trang "Điều tra XHH", dòng 7, cột A \(Mã đơn vị\): không có đơn vị mã "__proto__"/,
  ];
  for (const re of expect) assert.ok(lines.some((l) => re.test(l)), `missing ${re}\n${lines.join('\n')}`);
  assert.equal(lines.length, expect.length, lines.join('\n'));
  assert.equal(({} as Record<string, unknown>)['x'], undefined, 'a __proto__ header pollutes nothing');
  assert.deepEqual(valuesOf(app, id), before);
  assert.equal(historyCount(app), historyBefore);
}));

test('an empty, unreadable, header-only or column-less file is refused with a located message', withCampaign(async (app, id) => {
  const cases: Array<[Buffer, RegExp]> = [
    [Buffer.alloc(0), /không đúng định dạng \.xlsx/],
    [Buffer.from('Mã đơn vị,2.1\nS1,3\n'), /không đúng định dạng \.xlsx/],
    [file([HEADER]), /không có dòng đơn vị nào/],
    [file([['Mã đơn vị', 'Tên đơn vị'], ['S1', 'Sở Tư pháp']]), /dòng 1: không có cột tiêu chí nào/],
    [file([['Đơn vị', '2.1'], ['S1', 3]]), /thiếu cột "Mã đơn vị"/],
    [workbookBuffer({ 'Trang 1': [HEADER], 'Trang 2': [HEADER] }), /không tìm thấy trang "Điều tra XHH"/],
  ];
  for (const [bytes, re] of cases) {
    const e = await refused(() => app.services.survey.importWorkbook(id, 'x.xlsx', bytes, ctx.actor));
    assert.ok((e.issues ?? []).some((i) => re.test(describeIssue(i))), `${re} in ${JSON.stringify(e.issues)}`);
  }
  // A single sheet under another name is taken as the survey sheet.
  const ok = await app.services.survey.importWorkbook(id, 'y.xlsx', workbookBuffer({ 'Sheet1': [HEADER, ['S1', null, null, 2, null, null]] }), ctx.actor);
  assert.equal(ok.changed, 1);
}));

test('a finalised campaign refuses the import until it is unlocked', withCampaign(async (app, id) => {
  app.services.consolidation.finalize(id, ctx.actor);
  const bytes = file([HEADER, ['S1', null, null, 2, null, null]]);
  const e = await refused(() => app.services.survey.importWorkbook(id, 'x.xlsx', bytes, ctx.actor));
  assert.equal(e.code, 'locked');
  assert.match(e.message, /đã chốt kết quả/);
  assert.equal(valuesOf(app, id)['S1']![0], 3500);
  app.services.consolidation.unlock(id, 'Bổ sung kết quả khảo sát', ctx.actor);
  assert.equal((await app.services.survey.importWorkbook(id, 'x.xlsx', bytes, ctx.actor)).changed, 1);
  assert.equal(valuesOf(app, id)['S1']![0], 2000);
}));

test('the survey reader: rows past a stale <dimension> are imported; a formula without a stored value and an oversized file are refused, nothing written', withCampaign(async (app, id) => {
  const rows: Aoa = [HEADER, ['S1', null, null, 3.25, null, null], ['S2', null, null, 3, null, null], ['S3', null, null, 2.75, null, null], ['X1', null, null, 2.5, null, null]];
  const before = historyCount(app);
  const formula = uncachedFormula({ 'Điều tra XHH': rows }, 'Điều tra XHH', 'D4');
  const e = await refused(() => app.services.survey.importWorkbook(id, 'công thức.xlsx', formula, ctx.actor));
  assert.match(e.message, /^Trang 'Điều tra XHH', dòng 4, cột D: ô có công thức nhưng không có giá trị đã tính/);
  const bomb = sharedStringsBomb({ 'Điều tra XHH': rows }, 425 * 1024 * 1024);
  const big = await refused(() => app.services.survey.importWorkbook(id, 'bom.xlsx', bomb, ctx.actor));
  assert.match(big.message, /^Tệp quá lớn: phần xl\/sharedStrings\.xml giải nén ra 425 MB, vượt giới hạn 64 MB/);
  assert.equal(historyCount(app), before);

  const summary = await app.services.survey.importWorkbook(id, 'cũ.xlsx', staleDimension({ 'Điều tra XHH': rows }, 'Điều tra XHH', 'A1:F3'), ctx.actor);
  assert.equal(summary.units, 4, 'all four unit rows, not the two the tag covers');
  const values = valuesOf(app, id);
  assert.equal(values['X1']![0], 2500);
  assert.equal(values['S3']![0], 2750);
}));

test('through the door: survey/get is the table the template is filled from; an import through survey/import shows in both', withCampaign(async (app, id) => {
  const table = await ok(app, 'survey/get', { campaignId: id });
  assert.deepEqual([table.campaignId, table.status], [id, 'open']);
  assert.deepEqual(table.columns.map((c) => [c.code, c.criterionCode, c.kind, c.maxMilli]), [['2.1', '2.1', 'survey', 4000], ['3', '3', 'bonus', 1000], ['4', '4', 'penalty', 2000]]);
  assert.deepEqual(table.rows.map((r) => [r.unitCode, r.unitName, r.groupName, r.values]), [
    ['S1', 'Sở Tư pháp', 'Sở, ban, ngành', [3500, null, null]],
    ['S2', 'Sở Y tế', 'Sở, ban, ngành', [3500, null, null]],
    ['S3', 'Sở Tài chính', 'Sở, ban, ngành', [3000, null, null]],
    ['X1', 'Phường Ninh Kiều', 'UBND xã, phường', [null, null, null]],
  ]);

  const template = async () => {
    const file = await ok(app, 'survey/template', { campaignId: id });
    assert.match(file.fileName, /\.xlsx$/);
    const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(XLSX.read(Buffer.from(file.contentBase64, 'base64')).Sheets['Điều tra XHH']!, { header: 1, defval: null });
    return { file, rows };
  };
  const first = await template();
  // One row per unit of the table, prefilled with its values in points.
  assert.deepEqual(first.rows.slice(1).map((r) => [r[0], ...r.slice(3)]), table.rows.map((r) => [r.unitCode, ...r.values.map((v) => (v === null ? null : v / 1000))]));

  const filled = [first.rows[0]!, ['X1', null, null, 2.5, 0.5, null]] as Aoa;
  await ok(app, 'survey/import', { campaignId: id, fileName: 'dtxhh.xlsx', contentBase64: file(filled).toString('base64') });
  assert.deepEqual((await ok(app, 'survey/get', { campaignId: id })).rows.find((r) => r.unitCode === 'X1')!.values, [2500, 500, null]);
  assert.deepEqual((await template()).rows.find((r) => r[0] === 'X1')!.slice(3), [2.5, 0.5, null]);

  for (const method of ['survey/get', 'survey/template'] as const) {
    const unknown = await refusal(app, method, { campaignId: 999 });
    assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound'], method);
    assert.equal((await refusal(app, method, { campaignId: 1.5 })).code, 'invalid_input', method);
  }
}));
