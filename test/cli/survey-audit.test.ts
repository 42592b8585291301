// `par survey` and `par audit` as a user runs them: the real bin, a real SQLite file, real .xlsx files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { par, smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';



const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const total = (db: string, unit: string) => (JSON.parse(par('rank', '--db', db, '--json').out) as Array<{ unitCode: string; total: number }>).find((r) => r.unitCode === unit)!.total;

function campaign(dir: string): string {
  const wb = join(dir, 'đợt.xlsx');
  writeFileSync(wb, workbookBuffer(smallWorkbook()));
  const db = join(dir, 'par.sqlite');
  const r = par('import', wb, '--db', db);
  assert.equal(r.code, 0, r.err);
  return db;
}

test('survey template → fill in → survey import changes the ranking; audit export lists it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = campaign(dir);
    const template = join(dir, 'mẫu.xlsx');
    const t = par('survey', 'template', '--db', db, '--out', template);
    assert.equal(t.code, 0, t.err);
    const wb = XLSX.read(readFileSync(template), { type: 'buffer' });
    const ws = wb.Sheets['Điều tra XHH']!;
    const rows = XLSX.utils.sheet_to_json<Array<string | number | null>>(ws, { header: 1, defval: null });
    assert.deepEqual(rows.map((r) => r[0]), ['Mã đơn vị', 'S1', 'S2', 'S3', 'X1']);
    const before = total(db, 'X1');
    // X1 gets 3 survey points; S3's bonus above its cap (from the campaign workbook) is brought down to 1.
    XLSX.utils.sheet_add_aoa(ws, [[3]], { origin: 'D5' });
    XLSX.utils.sheet_add_aoa(ws, [[1]], { origin: 'E4' });
    const filled = join(dir, 'đã-điền.xlsx');
    writeFileSync(filled, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = par('survey', 'import', '--db', db, filled);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Đã nhập đã-điền\\.xlsx \\(SHA-256 ${sha(filled)}\\): 2 ô thay đổi \\(0 ô xóa điểm\\), 3 ô giữ nguyên; 4 đơn vị trong tệp, 2 đơn vị có thay đổi\\.`));
    assert.equal(total(db, 'X1'), before + 3);

    const log = join(dir, 'nhat-ky.xlsx');
    const a = par('audit', 'export', '--db', db, '--out', log, '--unit', 'X1');
    assert.equal(a.code, 0, a.err);
    const logRows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(log), { type: 'buffer' }).Sheets['Nhật ký thay đổi']!, { header: 1, defval: '' });
    const imported = logRows.find((x) => x[2] === 'Nhập điểm ĐTXHH/thưởng/trừ');
    assert.ok(imported, JSON.stringify(logRows));
    assert.deepEqual(imported.slice(3), ['X1 — Phường Ninh Kiều', '2.1', '', '3', 'Nhập kết quả ĐTXHH', `đã-điền.xlsx (SHA-256 ${sha(filled)})`]);
    assert.ok(logRows.slice(4).every((x) => x[3] === 'X1 — Phường Ninh Kiều'), 'only X1');
    const csv = join(dir, 'nhat-ky.csv');
    assert.equal(par('audit', 'export', '--db', db, '--out', csv).code, 0);
    const text = readFileSync(csv);
    assert.deepEqual([...text.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(text.toString('utf8'), /Nhập điểm ĐTXHH\/thưởng\/trừ,S3 — Sở Tài chính,3,5,1,Nhập kết quả ĐTXHH/);
  } finally {
    cleanup();
  }
});

test('a bad survey file or a finalised campaign is refused: non-zero exit, located Vietnamese messages, the database byte-for-byte unchanged', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = campaign(dir);
    const bad = join(dir, 'sai.xlsx');
    writeFileSync(bad, workbookBuffer({ 'Điều tra XHH': [['Mã đơn vị', '2.1', '1.1.1'], ['S1', 5, 1], ['S9', 1, null]] }));
    const before = sha(db);
    const r = par('survey', 'import', '--db', db, bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /Lỗi: Sổ tính điểm điều tra xã hội học có 3 lỗi; chưa có gì được ghi/);
    assert.match(r.err, /Trang "Điều tra XHH", dòng 1, cột C \(1\.1\.1\): tiêu chí "1\.1\.1" không phải tiêu chí thành phần chấm bằng điều tra/);
    assert.match(r.err, /Trang "Điều tra XHH", dòng 2, cột B \(2\.1\): điểm 5 vượt quá điểm tối đa 4/);
    assert.match(r.err, /Trang "Điều tra XHH", dòng 3, cột A \(Mã đơn vị\): không có đơn vị mã "S9"/);
    assert.equal(sha(db), before);

    const empty = join(dir, 'rong.xlsx');
    writeFileSync(empty, '');
    assert.equal(par('survey', 'import', '--db', db, empty).code, 1);
    assert.equal(sha(db), before);
    assert.equal(par('survey', 'import', '--db', db, join(dir, 'khong-co.xlsx')).code, 1);
    const fresh = join(dir, 'never.sqlite');
    assert.notEqual(par('survey', 'import', '--db', fresh, bad).code, 0);
    assert.equal(existsSync(fresh), false, 'no database is created for a refused import');

    assert.equal(par('finalize', '--db', db).code, 0);
    const locked = sha(db);
    const good = join(dir, 'dung.xlsx');
    writeFileSync(good, workbookBuffer({ 'Điều tra XHH': [['Mã đơn vị', '2.1'], ['S1', 1]] }));
    const f = par('survey', 'import', '--db', db, good);
    assert.equal(f.code, 1);
    assert.match(f.err, /đã chốt kết quả; cần mở khóa/);
    assert.equal(sha(db), locked);

    const u = par('audit', 'export', '--db', db, '--out', join(dir, 'x.xlsx'), '--unit', 'KHONG');
    assert.equal(u.code, 1);
    assert.match(u.err, /Không tìm thấy đơn vị "KHONG"/);
    assert.equal(par('survey', 'nothing', '--db', db).code, 2);
  } finally {
    cleanup();
  }
});
