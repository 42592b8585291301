import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import { createServices, openApp } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { outsideAsar, setWorkbookWorkerLimits } from '../../electron/workbook/isolated.js';
import { smallWorkbook, tempDir, workbookBuffer, type Aoa } from '../helpers.js';
import { sharedStringsBomb, staleDimension, uncachedFormula } from '../reliability/hostile-workbooks.js';

const ctx = { actor: 'Tổ thư ký' };

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

test('the optional index-rule rows of "Đợt" are read; absent, the rules are the defaults', () => {
  assert.deepEqual(parseCampaignWorkbook(workbookBuffer(smallWorkbook())).indexRules, { capIndex: true, tieRanking: 'competition' });
  const read = (cap: string, tie: string) => parseCampaignWorkbook(withSheet('Đợt', (r) => { r.push(['Giới hạn chỉ số 100%', cap], ['Xếp hạng khi bằng nhau', tie]); })).indexRules;
  assert.deepEqual(read('không', '1-1-2'), { capIndex: false, tieRanking: 'dense' });
  assert.deepEqual(read('Có', '1 - 2 - 2 - 4'), { capIndex: true, tieRanking: 'competition' });
  assert.deepEqual(read('KHÔNG', '1-2-2-4'), { capIndex: false, tieRanking: 'competition' });
});

test('an index-rule row with any other value is refused naming sheet, row and column (the CLI test checks the database stays unchanged)', () => {
  const bad = withSheet('Đợt', (r) => { r.push(['Giới hạn chỉ số 100%', 'có lẽ'], ['Xếp hạng khi bằng nhau', '1-2-3']); });
  const issues = refused(bad);
  assert.deepEqual(
    issues.filter((i) => i.sheet === 'Đợt').map((i) => [i.row, i.column, i.message]),
    [
      [5, 'B (Giá trị)', '"Giới hạn chỉ số 100%" phải là "có" hoặc "không" (đang là "có lẽ").'],
      [6, 'B (Giá trị)', '"Xếp hạng khi bằng nhau" phải là "1-2-2-4" hoặc "1-1-2" (đang là "1-2-3").'],
    ],
  );
});

test('export writes the index rules and import reads them back: the same campaign, the same uncapped dense ranking', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'a.sqlite'));
    const s = createServices(db);
    const id = s.campaigns.insertContent(demoCampaign(), 'test', 'demo');
    s.campaigns.update({ campaignId: id, indexRules: { capIndex: false, tieRanking: 'dense' } }, 'test');
    const exported = writeCampaignWorkbook(s.campaigns.content(id));
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(exported, { type: 'buffer' }).Sheets['Đợt']!, { header: 1 });
    assert.deepEqual(sheet.slice(-2), [['Giới hạn chỉ số 100%', 'không'], ['Xếp hạng khi bằng nhau', '1-1-2']]);
    const again = s.campaigns.insertContent(parseCampaignWorkbook(exported), 'test', 'reimport');
    assert.deepEqual(s.campaigns.require(again).indexRules, { capIndex: false, tieRanking: 'dense' });
    assert.deepEqual(s.scoring.ranking(again), s.scoring.ranking(id));
    // The defaults are written too, so a file says which rules it was ranked under.
    const plain = s.campaigns.insertContent(demoCampaign(), 'test', 'demo');
    const defaults = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(writeCampaignWorkbook(s.campaigns.content(plain)), { type: 'buffer' }).Sheets['Đợt']!, { header: 1 });
    assert.deepEqual(defaults.slice(-2), [['Giới hạn chỉ số 100%', 'có'], ['Xếp hạng khi bằng nhau', '1-2-2-4']]);
    db.close();
  } finally {
    cleanup();
  }
});


test('rows past a stale <dimension> tag are read: the used range comes from the cells, in every reader', async () => {
  const wb = smallWorkbook();
  assert.equal(wb['Điểm'].length, 13);
  const crafted = staleDimension(wb, 'Điểm', 'A1:C3');
  const content = parseCampaignWorkbook(crafted);
  assert.equal(content.scores.length, 12, 'every score row, not the two the tag covers');
  assert.deepEqual(content.scores.at(-1), parseCampaignWorkbook(workbookBuffer(wb)).scores.at(-1));
  // Through the door (the workbook worker) as well.
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const r = await app.dispatch('workbook/import', { fileName: 'cũ.xlsx', contentBase64: crafted.toString('base64') }, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal((r.value as { scores: number }).scores, 12);
    // A previous year's simple sheet whose tag covers two of its five rows.
    const previous = staleDimension({ 'Kết quả': [['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)'], ['S1', 'Sở Tư pháp', 80], ['S2', 'Sở Y tế', 70], ['S3', 'Sở Tài chính', 60], ['X1', 'Phường Ninh Kiều', 50]] }, 'Kết quả', 'A1:C3');
    const p = await app.dispatch('previous/import', { campaignId: (r.value as { campaignId: number }).campaignId, fileName: 'năm trước.xlsx', contentBase64: previous.toString('base64'), year: 2023 }, ctx);
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(app.services.previous.summary((r.value as { campaignId: number }).campaignId).previous.length, 4);
  } finally {
    app.close();
    cleanup();
  }
});

test('a formula cell with no stored value is refused naming sheet, row and column (not imported as a blank)', async () => {
  const wb = smallWorkbook();
  assert.deepEqual(wb['Điểm'][11], ['S3', '3', null, 5, null]);
  const crafted = uncachedFormula(wb, 'Điểm', 'D12');
  const expected = /^Trang 'Điểm', dòng 12, cột D: ô có công thức nhưng không có giá trị đã tính — hãy mở tệp bằng Excel, lưu lại rồi nhập lại\./;
  assert.throws(() => parseCampaignWorkbook(crafted), (e: unknown) => e instanceof AppError && e.code === 'import_invalid' && expected.test(e.message) && e.issues?.[0]?.row === 12 && e.issues[0].column === 'D');
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const r = await app.dispatch('workbook/import', { fileName: 'công thức.xlsx', contentBase64: crafted.toString('base64') }, ctx);
    assert.ok(!r.ok);
    assert.match(r.error.message, expected);
    assert.equal(app.services.campaigns.list().length, 0);
    // A formula whose value the file stores is read as that value.
    const book = XLSX.read(workbookBuffer(wb), { type: 'buffer' });
    book.Sheets['Điểm']!['D12'] = { t: 'n', v: 0.5, f: 'C12/2' };
    const stored = await app.dispatch('workbook/import', { fileName: 'đã tính.xlsx', contentBase64: (XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64') }, ctx);
    assert.ok(stored.ok, JSON.stringify(stored));
  } finally {
    app.close();
    cleanup();
  }
});

test('a 1 MB workbook whose shared strings inflate to 425 MB is refused from its declared sizes, naming the part; so is an absurd ratio and a part that inflates past what it declares', async () => {
  const wb = smallWorkbook();
  const bomb = sharedStringsBomb(wb, 425 * 1024 * 1024);
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length} bytes`);
  const tooBig = /^Tệp quá lớn: phần xl\/sharedStrings\.xml giải nén ra 425 MB, vượt giới hạn 64 MB\. Chưa có gì được ghi/;
  assert.throws(() => parseCampaignWorkbook(bomb), (e: unknown) => e instanceof AppError && e.code === 'import_invalid' && tooBig.test(e.message));
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const send = (bytes: Buffer) => app.dispatch('workbook/import', { fileName: 'bom.xlsx', contentBase64: bytes.toString('base64') }, ctx);
    const r = await send(bomb);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'import_invalid');
    assert.match(r.error.message, tooBig);
    // Within the size limit, but 40 MB out of a few KB is no spreadsheet.
    const ratio = await send(sharedStringsBomb(wb, 40 * 1024 * 1024));
    assert.ok(!ratio.ok);
    assert.match(ratio.error.message, /^Tệp quá lớn: phần xl\/sharedStrings\.xml nén .* thành 40 MB \(gấp \d+ lần\), không phải một sổ tính thật/);
    // The zip says 2 KB; the stream inflates to 100 MB: stopped at 2 KB by the cap, inside the worker.
    const liar = await send(sharedStringsBomb(wb, 100 * 1024 * 1024, 2048));
    assert.ok(!liar.ok);
    assert.equal(liar.error.code, 'import_invalid');
    assert.match(liar.error.message, /không phải là sổ tính Excel/);
    assert.match(liar.error.issues?.[0]?.message ?? '', /phần xl\/sharedStrings\.xml bị hỏng hoặc giải nén ra nhiều hơn kích thước ghi trong tệp/);
    assert.equal(app.services.campaigns.list().length, 0);
    // And the next real workbook imports.
    assert.ok((await send(workbookBuffer(wb))).ok);
  } finally {
    app.close();
    cleanup();
  }
});

test('the workbook worker is stopped at its memory or time limit with a Vietnamese refusal, and replaced for the next file', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  const send = (bytes: Buffer) => app.dispatch('workbook/import', { fileName: 'đợt.xlsx', contentBase64: bytes.toString('base64') }, ctx);
  // A real workbook with a notes sheet of 150,000 cells: reading it needs far more than 16 MB of heap.
  const notes: Aoa = Array.from({ length: 30_000 }, (_, i) => [`Ghi chép ${i}`, i, i * 2, 'Nội dung', i % 7]);
  const big = workbookBuffer({ ...smallWorkbook(), 'Ghi chép': notes });
  const previous = setWorkbookWorkerLimits({ maxOldGenerationSizeMb: 16 });
  try {
    const r = await send(big);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'import_invalid');
    assert.match(r.error.message, /^Đọc tệp cần nhiều hơn 16 MB bộ nhớ; tệp quá lớn hoặc bị hỏng nên đã dừng đọc\. Chưa có gì được ghi/);
    setWorkbookWorkerLimits({ ...previous, timeoutMs: 1 });
    const slow = await send(big);
    assert.ok(!slow.ok);
    assert.match(slow.error.message, /^Đọc tệp mất hơn 1 ms; tệp quá lớn hoặc bị hỏng nên đã dừng đọc/);
    setWorkbookWorkerLimits(previous);
    const again = await send(big);
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(app.services.campaigns.list().length, 1);
  } finally {
    setWorkbookWorkerLimits(previous);
    app.close();
    cleanup();
  }
});

test('the workbook worker starts from app.asar.unpacked in an installed app, and from where it is otherwise', () => {
  assert.equal(outsideAsar('C:\\Program Files\\PAR\\resources\\app.asar\\dist\\workbook-worker.mjs'), 'C:\\Program Files\\PAR\\resources\\app.asar.unpacked\\dist\\workbook-worker.mjs');
  assert.equal(outsideAsar('/opt/PAR/resources/app.asar/dist/workbook-worker.mjs'), '/opt/PAR/resources/app.asar.unpacked/dist/workbook-worker.mjs');
  assert.equal(outsideAsar('/work/par/dist/workbook-worker.mjs'), '/work/par/dist/workbook-worker.mjs');
});
