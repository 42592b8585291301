// One decision, two criteria sets, through the real `par`: a v2 workbook whose sets share codes, ranked
// under both index-rule settings; a score naming a code of the other set refused with its sheet, row and
// column (or its set) and nothing changed; one Phụ lục I holding both groups; export → import the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { par, parOk, tempDir, twoSetWorkbook, workbookBuffer, type Aoa } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
type Row = { group: string; unitCode: string; total: number; max: number; index: number; rank: number | null; band: string | null; components: Record<string, number> };
const brief = (rows: Row[]) => rows.map((r) => [r.group, r.unitCode, r.total, r.max, r.index, r.rank, r.band]);

function imported(dir: string, sheets: ReturnType<typeof twoSetWorkbook>, name = 'hai-cap.xlsx'): string {
  const file = join(dir, name);
  writeFileSync(file, workbookBuffer(sheets));
  const db = join(dir, `${name}.sqlite`);
  parOk('import', file, '--db', db);
  return db;
}

test('a v2 workbook with two sets imports; rank --json ranks each group under its own set (capped, 1-2-2-4 by default)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const rows = JSON.parse(parOk('rank', '--db', imported(dir, twoSetWorkbook()), '--json')) as Row[];
    assert.deepEqual(brief(rows), [
      // S1 and S2: 30 of 30 plus a bonus chain of 1,5 + 1,5 capped at 2 → 32 of 30, published 100 %: a tie.
      ['S', 'S1', 32, 30, 100, 1, 'Tốt'],
      ['S', 'S2', 32, 30, 100, 1, 'Tốt'],
      // S3: 23 minus a penalty chain of 2 + 2 capped at 3.
      ['S', 'S3', 20, 30, 66.67, 3, 'Trung bình'],
      ['X', 'X1', 41, 40, 100, 1, 'Tốt'],
      // X2: 2.2 does not apply, so its 6 points leave the maximum.
      ['X', 'X2', 30, 34, 88.24, 2, 'Khá'],
      ['X', 'X3', 23, 40, 57.5, 3, 'Trung bình'],
    ]);
    // Components by each set's own area codes: area 2 is "Thủ tục hành chính" of 10 for S3, "Tổ chức bộ máy" of 12 for X2.
    assert.deepEqual(rows.find((r) => r.unitCode === 'S3')!.components, { '1': 70, '2': 80, '3': 80 });
    assert.deepEqual(rows.find((r) => r.unitCode === 'X2')!.components, { '1': 87.5, '2': 100, '3': 85 });
  } finally {
    cleanup();
  }
});

test('the same workbook uncapped with dense ranking: indices past 100 % and 1-1-2 ranks, group by group', () => {
  const { dir, cleanup } = tempDir();
  try {
    const sheets = twoSetWorkbook();
    sheets['Đợt'].push(['Giới hạn chỉ số 100%', 'không'], ['Xếp hạng khi bằng nhau', '1-1-2']);
    const rows = JSON.parse(parOk('rank', '--db', imported(dir, sheets), '--json')) as Row[];
    assert.deepEqual(brief(rows), [
      ['S', 'S1', 32, 30, 106.67, 1, 'Tốt'],
      ['S', 'S2', 32, 30, 106.67, 1, 'Tốt'],
      ['S', 'S3', 20, 30, 66.67, 2, 'Trung bình'],
      ['X', 'X1', 41, 40, 102.5, 1, 'Tốt'],
      ['X', 'X2', 30, 34, 88.24, 2, 'Khá'],
      ['X', 'X3', 23, 40, 57.5, 3, 'Trung bình'],
    ]);
  } finally {
    cleanup();
  }
});

test('a score naming a code only the other set has is refused with sheet, row and column, and the database is unchanged', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = imported(dir, twoSetWorkbook(), 'truoc.xlsx');
    const before = sha(db);
    const sheets = twoSetWorkbook();
    // 1.3 "Kiểm tra CCHC" exists in SO only; X1 is a ward, scored under XA. Row 47 of Điểm (header is row 1).
    sheets['Điểm'].push(['X1', '1.3', null, 1]);
    const row = sheets['Điểm'].length;
    const file = join(dir, 'sai-bo.xlsx');
    writeFileSync(file, workbookBuffer(sheets));
    const r = par('import', file, '--db', db, '--copy');
    assert.notEqual(r.code, 0);
    assert.match(r.err, new RegExp(`Điểm.*dòng ${row}.*B \\(Mã tiêu chí\\)`, 's'));
    assert.match(r.err, /tiêu chí "1\.3" không có trong bộ tiêu chí "XA" mà đơn vị "X1" được chấm \(chỉ có trong bộ "SO"\)/);
    assert.equal(sha(db), before, 'nothing written');

    // The same code typed on the command line for a ward: refused, naming the unit's set and the other one.
    const typed = par('decide', '--db', db, '--unit', 'X1', '--criterion', '1.3', '--points', '1', '--reason', 'thử');
    assert.notEqual(typed.code, 0);
    assert.match(typed.err, /Tiêu chí "1\.3" không có trong bộ tiêu chí "XA" mà đơn vị "X1" được chấm \(chỉ có trong bộ SO\)/);
    const over = par('decide', '--db', db, '--unit', 'S1', '--criterion', '1.2', '--points', '4', '--reason', 'thử');
    assert.notEqual(over.code, 0, '1.2 is worth 3 for a department');
    assert.equal(sha(db), before, 'nothing written by the refused scores');
    // A code both sets have is read in the unit's own set: 1.2 is worth 4 for a ward.
    parOk('decide', '--db', db, '--unit', 'X1', '--criterion', '1.2', '--points', '4', '--reason', 'Đủ minh chứng');
  } finally {
    cleanup();
  }
});

test('export-annex --annex I gives one Phụ lục I with both groups, each ranked within itself', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = imported(dir, twoSetWorkbook());
    const out = join(dir, 'phu-luc-I.xlsx');
    parOk('export-annex', '--db', db, '--out', out, '--annex', 'I', '--format', 'xlsx');
    const wb = XLSX.read(readFileSync(out));
    assert.equal(wb.SheetNames.length, 1, 'one table');
    const text = (XLSX.utils.sheet_to_json<Array<string | number>>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 }) as Aoa).map((r) => r.join(' | ')).join('\n');
    const so = text.indexOf('I. SỞ, BAN, NGÀNH');
    const xa = text.indexOf('II. UBND XÃ, PHƯỜNG');
    assert.ok(so >= 0 && xa > so, 'two sections in group order');
    for (const name of ['Sở Nội vụ', 'Sở Tư pháp', 'Sở Y tế']) assert.ok(text.indexOf(name) > so && text.indexOf(name) < xa, `${name} in section I`);
    for (const name of ['Phường An Hòa', 'Xã Mỹ Khánh', 'Phường Cái Khế']) assert.ok(text.indexOf(name) > xa, `${name} in section II`);
  } finally {
    cleanup();
  }
});

test('export-workbook writes v2 (set column and sheet); importing it back gives the same sets and ranking', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = imported(dir, twoSetWorkbook());
    const out = join(dir, 'xuat.xlsx');
    parOk('export-workbook', '--db', db, '--out', out);
    const wb = XLSX.read(readFileSync(out));
    const rowsOf = (name: string) => XLSX.utils.sheet_to_json<Array<string | number>>(wb.Sheets[name]!, { header: 1 }) as Aoa;
    assert.deepEqual(rowsOf('Bộ tiêu chí'), [['Mã', 'Tên'], ['SO', 'Bộ tiêu chí cấp sở'], ['XA', 'Bộ tiêu chí cấp xã']]);
    assert.equal(rowsOf('Tiêu chí')[0]![0], 'Bộ tiêu chí');
    assert.ok(rowsOf('Nhóm')[0]!.includes('Bộ tiêu chí'));
    const again = join(dir, 'lai.sqlite');
    parOk('import', out, '--db', again);
    assert.deepEqual(JSON.parse(parOk('rank', '--db', again, '--json')), JSON.parse(parOk('rank', '--db', db, '--json')));
  } finally {
    cleanup();
  }
});
