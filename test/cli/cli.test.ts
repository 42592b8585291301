// The `par` command as a user runs it: the real bin, a real SQLite file, real .xlsx files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { par, parOk, smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';



const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('import, then rank --json gives the hand-calculated ranking (ties, not applicable, caps)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = join(dir, 'đợt.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const db = join(dir, 'par.sqlite');
    const imported = par('import', wb, '--db', db);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /Đã nhập đợt đánh giá #1/);
    const ranked = par('rank', '--db', db, '--json');
    assert.equal(ranked.code, 0, ranked.err);
    const rows = JSON.parse(ranked.out) as Array<Record<string, unknown>>;
    const common = { appraised: true, provisional: true };
    assert.deepEqual(rows, [
      { group: 'S', unitCode: 'S3', unitName: 'Sở Tài chính', total: 4, max: 4, index: 100, rank: 1, band: 'Tốt', ...common, components: { '2': 75 } },
      { group: 'S', unitCode: 'S1', unitName: 'Sở Tư pháp', total: 9, max: 10, index: 90, rank: 2, band: 'Tốt', ...common, components: { '1': 91.67, '2': 87.5 } },
      { group: 'S', unitCode: 'S2', unitName: 'Sở Y tế', total: 9, max: 10, index: 90, rank: 2, band: 'Tốt', ...common, components: { '1': 91.67, '2': 87.5 } },
      { group: 'X', unitCode: 'X1', unitName: 'Phường Ninh Kiều', total: 1, max: 10, index: 10, rank: 1, band: null, ...common, components: { '1': 16.67, '2': 0 } },
    ]);
  } finally {
    cleanup();
  }
});

test('a workbook with "Giới hạn chỉ số 100%" = không and "Xếp hạng khi bằng nhau" = 1-1-2: rank --json shows the index past 100 and dense ranks; a bad value changes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = smallWorkbook();
    wb['Đợt'].push(['Giới hạn chỉ số 100%', 'không'], ['Xếp hạng khi bằng nhau', '1-1-2']);
    wb['Đơn vị'].push(['S4', 'Sở Xây dựng', 'S']);
    wb['Điểm'] = wb['Điểm'].map((r) => (r[0] === 'S3' && r[1] === '2.1' ? ['S3', '2.1', null, 4, null] : r));
    wb['Điểm'].push(['S4', '1.1.1', null, 1, null]);
    const file = join(dir, 'đợt-không-giới-hạn.xlsx');
    writeFileSync(file, workbookBuffer(wb));
    const db = join(dir, 'par.sqlite');
    const imported = par('import', file, '--db', db);
    assert.equal(imported.code, 0, imported.err);
    const ranked = par('rank', '--db', db, '--json');
    assert.equal(ranked.code, 0, ranked.err);
    const rows = JSON.parse(ranked.out) as Array<Record<string, unknown>>;
    const common = { appraised: true, provisional: true };
    assert.deepEqual(rows, [
      // 4 survey points of 4 and the bonus point: 5 of 4 publishes 125 %.
      { group: 'S', unitCode: 'S3', unitName: 'Sở Tài chính', total: 5, max: 4, index: 125, rank: 1, band: 'Tốt', ...common, components: { '2': 100 } },
      { group: 'S', unitCode: 'S1', unitName: 'Sở Tư pháp', total: 9, max: 10, index: 90, rank: 2, band: 'Tốt', ...common, components: { '1': 91.67, '2': 87.5 } },
      { group: 'S', unitCode: 'S2', unitName: 'Sở Y tế', total: 9, max: 10, index: 90, rank: 2, band: 'Tốt', ...common, components: { '1': 91.67, '2': 87.5 } },
      { group: 'S', unitCode: 'S4', unitName: 'Sở Xây dựng', total: 1, max: 10, index: 10, rank: 3, band: 'Trung bình', ...common, components: { '1': 16.67, '2': 0 } },
      { group: 'X', unitCode: 'X1', unitName: 'Phường Ninh Kiều', total: 1, max: 10, index: 10, rank: 1, band: null, ...common, components: { '1': 16.67, '2': 0 } },
    ]);
    const table = par('rank', '--db', db);
    assert.match(table.out, /125,00%/);

    const before = sha(db);
    wb['Đợt'][4] = ['Giới hạn chỉ số 100%', 'tùy'];
    const bad = join(dir, 'sai.xlsx');
    writeFileSync(bad, workbookBuffer(wb));
    const refused = par('import', bad, '--db', db, '--copy');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /Trang "Đợt", dòng 5, cột B \(Giá trị\): "Giới hạn chỉ số 100%" phải là "có" hoặc "không" \(đang là "tùy"\)/);
    assert.equal(sha(db), before);
  } finally {
    cleanup();
  }
});

test('a bad workbook is refused: non-zero exit, every problem named, the database byte-for-byte unchanged', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'par.sqlite');
    const good = join(dir, 'good.xlsx');
    writeFileSync(good, workbookBuffer(smallWorkbook()));
    assert.equal(par('import', good, '--db', db).code, 0);
    const before = sha(db);
    const wb = smallWorkbook();
    wb['Điểm'][2] = ['S1', '1.1.2', 2.5, 3, null];
    wb['Đơn vị'].push(['S2', 'Sở trùng', 'S']);
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, workbookBuffer(wb));
    const r = par('import', bad, '--db', db);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /Trang "Điểm", dòng 3, cột D \(Thẩm định\): điểm 3 vượt quá điểm tối đa 2,5/);
    assert.match(r.err, /Trang "Đơn vị", dòng 6, cột A \(Mã\): mã đơn vị "S2" bị trùng/);
    assert.equal(sha(db), before);
    assert.equal(par('rank', '--db', db, '--json').out.includes('"S2"'), true);
    const fresh = join(dir, 'never.sqlite');
    assert.notEqual(par('import', bad, '--db', fresh).code, 0);
    assert.equal(existsSync(fresh), false, 'a refused import does not even create the database');
  } finally {
    cleanup();
  }
});

test('export-workbook → import gives the same ranking', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = join(dir, 'in.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    assert.equal(par('import', wb, '--db', a).code, 0);
    const out = join(dir, 'out.xlsx');
    const exported = par('export-workbook', '--db', a, '--out', out);
    assert.equal(exported.code, 0, exported.err);
    assert.equal(par('import', out, '--db', b).code, 0);
    assert.deepEqual(JSON.parse(par('rank', '--db', b, '--json').out), JSON.parse(par('rank', '--db', a, '--json').out));
  } finally {
    cleanup();
  }
});

test('export-annex writes the decision header lines and every unit with its diacritics', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = join(dir, 'in.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const db = join(dir, 'a.sqlite');
    assert.equal(par('import', wb, '--db', db).code, 0);
    parOk('finalize', '--db', db);
    const out = join(dir, 'phu-luc.xlsx');
    const r = par('export-annex', '--db', db, '--out', out, '--decision', '679/QĐ-UBND', '--date', '2022-02-16', '--issuer', 'Chủ tịch Ủy ban nhân dân thành phố Cần Thơ');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', 'a finalised campaign exports without a warning');
    const book = XLSX.read(readFileSync(out), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, blankrows: false });
    assert.deepEqual(rows[0], ['PHỤ LỤC I']);
    assert.deepEqual(rows[1], ['KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024']);
    assert.deepEqual(rows[2], ['(Kèm theo Quyết định số 679/QĐ-UBND ngày 16 tháng 02 năm 2022 của Chủ tịch Ủy ban nhân dân thành phố Cần Thơ)']);
    const flat = rows.map((r) => r.join('|'));
    assert.ok(flat.includes('STT|Đơn vị|Điểm đạt được|Điểm tối đa|Chỉ số (%)|Xếp hạng|Xếp loại'), flat.join('\n'));
    assert.ok(flat.includes('1|Sở Tài chính|4|4|100|1|Tốt'), flat.join('\n'));
    assert.ok(flat.includes('2|Sở Tư pháp|9|10|90|2|Tốt'));
    assert.ok(flat.includes('3|Sở Y tế|9|10|90|2|Tốt'));
    assert.ok(flat.some((l) => l.startsWith('1|Phường Ninh Kiều|1|10|10|1')));
  } finally {
    cleanup();
  }
});

test('export-annex --annex all --format pdf writes every annex into one PDF with embedded text', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = join(dir, 'in.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const db = join(dir, 'a.sqlite');
    assert.equal(par('import', wb, '--db', db).code, 0);
    const out = join(dir, 'phu-luc.pdf');
    const r = par('export-annex', '--db', db, '--out', out, '--annex', 'all', '--format', 'pdf', '--decision', '12/QĐ-UBND');
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(out).subarray(0, 5).toString('latin1'), '%PDF-');
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
    for (const needle of ['PHỤ LỤC I', 'PHỤ LỤC II', 'PHỤ LỤC III', 'Phường Ninh Kiều', 'Sở Tài chính', '12/QĐ-UBND']) {
      assert.ok(text.includes(needle), `"${needle}" not found in the PDF text`);
    }
    const bad = par('export-annex', '--db', db, '--out', out, '--annex', 'IV');
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--annex phải là I, II, III hoặc all/);
  } finally {
    cleanup();
  }
});

test('refusals exit non-zero with a Vietnamese message', () => {
  const { dir, cleanup } = tempDir();
  try {
    const missing = par('rank', '--db', join(dir, 'none.sqlite'), '--json');
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, /Không tìm thấy tệp cơ sở dữ liệu/);
    const unknown = par('frobnicate');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.err, /Lệnh "frobnicate" không tồn tại/);
    const noDb = par('rank');
    assert.notEqual(noDb.code, 0);
    assert.match(noDb.err, /Thiếu tùy chọn --db/);
  } finally {
    cleanup();
  }
});

/** The small workbook with a rule on 1.1.1 (1,5 / 1 / 0) and on 1.2 (2 / 1 / 0). */
function ruledWorkbook() {
  const wb = smallWorkbook();
  wb['Tiêu chí'][0] = ['Mã', 'Tên', 'Điểm tối đa', 'Loại', 'Cách tính'];
  wb['Tiêu chí'][3] = ['1.1.1', 'Ban hành kế hoạch', 1.5, null, 'mức: Đúng hạn=1,5; Trễ hạn=1; Không ban hành=0'];
  wb['Tiêu chí'][5] = ['1.2', 'Báo cáo', 2, null, 'mức: Đủ=2; Thiếu=1; Không=0'];
  return wb;
}

test('par decide refuses points off the leaf\'s rule with the members\' message: exit non-zero, database unchanged', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = join(dir, 'in.xlsx');
    writeFileSync(wb, workbookBuffer(ruledWorkbook()));
    const db = join(dir, 'a.sqlite');
    parOk('import', wb, '--db', db);
    const before = sha(db);
    const off = par('decide', '--db', db, '--unit', 'S1', '--criterion', '1.2', '--points', '0,7', '--reason', 'Hội đồng thống nhất');
    assert.notEqual(off.code, 0);
    assert.match(off.err, /Tiêu chí "1\.2": điểm 0,7 không thuộc các mức của cách tính \(2; 1; 0\)\./);
    const between = par('decide', '--db', db, '--unit', 'S1', '--criterion', '1.2', '--points', '1,5', '--reason', 'Hội đồng thống nhất');
    assert.notEqual(between.code, 0);
    assert.match(between.err, /điểm 1,5 không thuộc các mức của cách tính \(2; 1; 0\)/);
    assert.equal(sha(db), before, 'a refused decision changes nothing');
    parOk('decide', '--db', db, '--unit', 'S1', '--criterion', '1.2', '--points', '1', '--reason', 'Hội đồng thống nhất');
    assert.notEqual(sha(db), before);
  } finally {
    cleanup();
  }
});

test('an unfinished campaign: rank lists a unit without appraisal as such, export-annex marks DỰ THẢO and says what is missing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const wb = smallWorkbook();
    wb['Đơn vị'].push(['X2', 'Xã Mỹ Khánh', 'X']);
    const file = join(dir, 'in.xlsx');
    writeFileSync(file, workbookBuffer(wb));
    const db = join(dir, 'a.sqlite');
    parOk('import', file, '--db', db);
    const rows = JSON.parse(parOk('rank', '--db', db, '--json')) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(rows));
    assert.deepEqual(rows.at(-1), { group: 'X', unitCode: 'X2', unitName: 'Xã Mỹ Khánh', total: 0, max: 10, index: 0, rank: null, band: null, appraised: false, provisional: true, components: { '1': 0, '2': 0 } });
    const text = parOk('rank', '--db', db);
    assert.match(text, /Kết quả tạm tính/);
    assert.match(text, /Xã Mỹ Khánh\s+chưa thẩm định/);
    const out = join(dir, 'phu-luc.xlsx');
    const r = par('export-annex', '--db', db, '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Cảnh báo: đợt đánh giá chưa chốt kết quả, phụ lục được đánh dấu DỰ THẢO/);
    assert.match(r.err, /1 đơn vị chưa thẩm định \(chưa có điểm chính thức nào, không xếp hạng\): Xã Mỹ Khánh\./);
    assert.match(r.err, /tiêu chí thành phần chưa có điểm chính thức \(.*Xã Mỹ Khánh: 4/);
    const sheet = XLSX.read(readFileSync(out), { type: 'buffer' });
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet.Sheets[sheet.SheetNames[0]!]!, { header: 1, blankrows: false });
    assert.match(String(aoa[0]![0]), /^DỰ THẢO — KẾT QUẢ TẠM TÍNH/);
    assert.ok(aoa.some((row) => row.join('|') === '2|Xã Mỹ Khánh|—|—|—|Chưa thẩm định'), JSON.stringify(aoa));
  } finally {
    cleanup();
  }
});
