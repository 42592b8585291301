import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { smallWorkbook, tempDir, workbookBuffer, type Aoa } from '../helpers.js';

function refused(buffer: Buffer): ImportIssue[] {
  try {
    parseCampaignWorkbook(buffer);
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, 'import_invalid');
    return error.issues ?? [];
  }
  assert.fail('the workbook was accepted');
}

function withSheet(name: keyof ReturnType<typeof smallWorkbook>, edit: (rows: Aoa) => void): Buffer {
  const wb = smallWorkbook();
  edit(wb[name]);
  return workbookBuffer(wb);
}

test('a valid workbook reads into content with kinds inherited and decimal commas parsed', () => {
  const content = parseCampaignWorkbook(workbookBuffer(smallWorkbook()));
  assert.equal(content.name, 'Đợt thử nghiệm');
  assert.equal(content.year, 2024);
  assert.equal(content.criteria.find((c) => c.code === '2.1')?.kind, 'survey', 'blank kind = parent kind');
  assert.equal(content.criteria.find((c) => c.code === '3')?.kind, 'bonus');
  assert.equal(content.scores.find((s) => s.unitCode === 'S2' && s.criterionCode === '1.1.1')?.pointsMilli, 1500, '"1,5" text cell');
  assert.equal(content.scores.find((s) => s.unitCode === 'S3' && s.criterionCode === '1')?.notApplicable, true);
  assert.deepEqual(content.groups.map((g) => [g.code, g.bands.length]), [['S', 3], ['X', 1]]);
});

test('English aliases for headers are accepted, and extra columns and sheets ignored', () => {
  const wb = smallWorkbook();
  wb['Tiêu chí'][0] = ['Code', 'Name', 'Max', 'Kind'];
  wb['Đơn vị'] = wb['Đơn vị'].map((r, i) => [...r, i === 0 ? 'Địa chỉ' : 'x']);
  const content = parseCampaignWorkbook(workbookBuffer({ ...wb, 'Ghi chép': [['bất kỳ']] }));
  assert.equal(content.criteria.length, 9);
  assert.equal(content.units.length, 4);
});

const cases: Array<{ rule: string; sheet: keyof ReturnType<typeof smallWorkbook>; edit: (rows: Aoa) => void; expect: { sheet: string; row: number | null; column: RegExp | null; message: RegExp } }> = [
  {
    rule: 'score over max',
    sheet: 'Điểm',
    edit: (r) => { r[2] = ['S1', '1.1.2', 2.5, 3, null]; },
    expect: { sheet: 'Điểm', row: 3, column: /^D \(Thẩm định\)$/, message: /vượt quá điểm tối đa 2,5/ },
  },
  {
    rule: 'unknown criterion code',
    sheet: 'Điểm',
    edit: (r) => { r[4] = ['S1', '9.9', null, 1, null]; },
    expect: { sheet: 'Điểm', row: 5, column: /^B \(Mã tiêu chí\)$/, message: /"9\.9" không có/ },
  },
  {
    rule: 'unknown unit code',
    sheet: 'Điểm',
    edit: (r) => { r[1] = ['S9', '1.1.1', null, 1, null]; },
    expect: { sheet: 'Điểm', row: 2, column: /^A \(Mã đơn vị\)$/, message: /"S9" không có/ },
  },
  {
    rule: 'parent sum wrong',
    sheet: 'Tiêu chí',
    edit: (r) => { r[3] = ['1.1.1', 'Ban hành kế hoạch', 1, null]; },
    expect: { sheet: 'Tiêu chí', row: 3, column: /^C \(Điểm tối đa\)$/, message: /"1\.1" là 4 nhưng tổng .* là 3,5/ },
  },
  {
    rule: 'text in a number cell',
    sheet: 'Điểm',
    edit: (r) => { r[6] = ['S2', '1.1.2', null, 'hai', null]; },
    expect: { sheet: 'Điểm', row: 7, column: /^D \(Thẩm định\)$/, message: /"hai" không phải là số/ },
  },
  {
    rule: 'duplicate criterion code',
    sheet: 'Tiêu chí',
    edit: (r) => { r.push(['1.2', 'Báo cáo lần hai', 2, null]); },
    expect: { sheet: 'Tiêu chí', row: 11, column: /^A \(Mã\)$/, message: /"1\.2" bị trùng/ },
  },
  {
    rule: 'duplicate unit code',
    sheet: 'Đơn vị',
    edit: (r) => { r.push(['S2', 'Sở Y tế (trùng)', 'S']); },
    expect: { sheet: 'Đơn vị', row: 6, column: /^A \(Mã\)$/, message: /"S2" bị trùng/ },
  },
  {
    rule: 'unknown group',
    sheet: 'Đơn vị',
    edit: (r) => { r[4] = ['X1', 'Phường Ninh Kiều', 'Q']; },
    expect: { sheet: 'Đơn vị', row: 5, column: /^C \(Mã nhóm\)$/, message: /nhóm "Q" không có/ },
  },
  {
    rule: 'overlapping bands',
    sheet: 'Nhóm',
    edit: (r) => { r.push(['S', 'Sở, ban, ngành', 'Xuất sắc', 85]); },
    expect: { sheet: 'Nhóm', row: 6, column: /^D \(Từ \(%\)\)$/, message: /chồng lấn/ },
  },
  {
    rule: 'band bound out of range',
    sheet: 'Nhóm',
    edit: (r) => { r[1] = ['S', 'Sở, ban, ngành', 'Tốt', 120]; },
    expect: { sheet: 'Nhóm', row: 2, column: /^D \(Từ \(%\)\)$/, message: /từ 0 đến 100/ },
  },
  {
    rule: 'points on a parent node',
    sheet: 'Điểm',
    edit: (r) => { r[1] = ['S1', '1.1', null, 1, null]; },
    expect: { sheet: 'Điểm', row: 2, column: /^D \(Thẩm định\)$/, message: /có tiêu chí con/ },
  },
  {
    rule: 'negative points',
    sheet: 'Điểm',
    edit: (r) => { r[1] = ['S1', '1.1.1', null, -1, null]; },
    expect: { sheet: 'Điểm', row: 2, column: /^D \(Thẩm định\)$/, message: /không được âm/ },
  },
  {
    rule: 'invalid criterion code',
    sheet: 'Tiêu chí',
    edit: (r) => { r.push(['1..3', 'Sai mã', 0, null]); },
    expect: { sheet: 'Tiêu chí', row: 11, column: /^A \(Mã\)$/, message: /không hợp lệ/ },
  },
  {
    rule: 'missing required column',
    sheet: 'Đơn vị',
    edit: (r) => { r[0] = ['Mã', 'Tên', 'Nhóm?']; },
    expect: { sheet: 'Đơn vị', row: 1, column: /^Mã nhóm$/, message: /thiếu cột "Mã nhóm"/ },
  },
  {
    rule: 'unknown kind',
    sheet: 'Tiêu chí',
    edit: (r) => { r[6] = ['2', 'Khảo sát hài lòng', 4, 'phỏng vấn']; },
    expect: { sheet: 'Tiêu chí', row: 7, column: /^D \(Loại\)$/, message: /loại "phỏng vấn"/ },
  },
  {
    rule: 'malformed scoring rule',
    sheet: 'Tiêu chí',
    edit: (r) => { r[0] = ['Mã', 'Tên', 'Điểm tối đa', 'Loại', 'Cách tính']; r[3] = ['1.1.1', 'Ban hành kế hoạch', 1.5, null, 'mức: Đúng hạn=2; Trễ hạn=0']; },
    expect: { sheet: 'Tiêu chí', row: 4, column: /^E \(Cách tính\)$/, message: /vượt quá điểm tối đa 1,5/ },
  },
  {
    rule: 'duplicate score row',
    sheet: 'Điểm',
    edit: (r) => { r.push(['S1', '1.2', null, 1, null]); },
    expect: { sheet: 'Điểm', row: 14, column: null, message: /đã có ở một dòng khác/ },
  },
];

for (const c of cases) {
  test(`bad input is refused and named: ${c.rule}`, () => {
    const issues = refused(withSheet(c.sheet, c.edit));
    const hit = issues.find((i) => i.sheet === c.expect.sheet && c.expect.message.test(i.message));
    assert.ok(hit, `no issue matching ${c.expect.message} in ${JSON.stringify(issues)}`);
    assert.equal(hit.row, c.expect.row);
    if (c.expect.column === null) assert.equal(hit.column, null);
    else assert.match(hit.column ?? '', c.expect.column);
  });
}

test('a missing sheet and a file that is not a workbook are refused with a clear message', () => {
  const wb = smallWorkbook();
  const issues = refused(workbookBuffer({ 'Đợt': wb['Đợt'], 'Tiêu chí': wb['Tiêu chí'], 'Đơn vị': wb['Đơn vị'] }));
  assert.ok(issues.some((i) => i.sheet === 'Nhóm' && /không tìm thấy trang "Nhóm"/.test(i.message)));
  assert.throws(() => parseCampaignWorkbook(Buffer.from('PK\u0003\u0004 not really a zip')), (e: unknown) => e instanceof AppError && e.code === 'import_invalid');
});

test('percent-formatted band cells count in percent', () => {
  const wb = smallWorkbook();
  const buffer = workbookBuffer(wb);
  const book = XLSX.read(buffer, { type: 'buffer' });
  const ws = book.Sheets['Nhóm']!;
  ws['D2'] = { t: 'n', v: 0.85, z: '0%' };
  const content = parseCampaignWorkbook(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  assert.equal(content.groups[0]!.bands.find((b) => b.label === 'Tốt')?.fromHundredths, 8500);
});

test('export → import gives the same campaign and the same ranking', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'a.sqlite'));
    const s = createServices(db);
    const id = s.campaigns.insertContent(demoCampaign(), 'test', 'demo');
    s.scoring.setNotApplicable(id, 'SBN01', '3', true, 'test');
    const exported = writeCampaignWorkbook(s.campaigns.content(id));
    const again = s.campaigns.insertContent(parseCampaignWorkbook(exported), 'test', 'reimport');
    const a = s.scoring.ranking(id);
    const b = s.scoring.ranking(again);
    assert.deepEqual(b, a);
    assert.ok(a.groups[0]!.rows.some((r) => r.maxMilli === 85_500), 'the not-applicable area survived the round trip');
    db.close();
  } finally {
    cleanup();
  }
});
