// `par tracker` through the real command, the secretariat and a unit in their own data folders: the
// listing, `--json` (the contract's Tracker) and `--out` (the two-sheet workbook, read back with SheetJS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { Tracker } from '../../shared/contract.js';
import { par, parOk as ok, tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

test('par tracker: the listing, --json and --out after a unit sent its self-assessment package', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), workbookBuffer(twoSetWorkbook()));
    const sec = f('sec/par.sqlite');
    const x1 = f('x1/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('unit', 'init', '--db', x1, '--unit-code', 'X1', '--name', 'UBND phường An Hòa', '--out', f('x1.pub'));
    ok('unit', 'add', '--db', sec, f('x1.pub'));
    ok('package', 'export', '--db', sec, '--for-unit', 'X1', '--out', f('x1-unit.parpkg'));
    ok('package', 'import', '--db', x1, f('x1-unit.parpkg'));
    ok('self', 'score', '--db', x1, '--criterion', '1.1', '--points', '3');
    ok('self', 'score', '--db', x1, '--criterion', '1.2', '--points', '2');
    ok('self', 'explain', '--db', x1, '--criterion', '1.2', '--text', 'Đang bổ sung');
    ok('package', 'export', '--db', x1, '--out', f('x1-self.parpkg'));
    ok('package', 'import', '--db', sec, f('x1-self.parpkg'));

    const listing = ok('tracker', '--db', sec);
    assert.match(listing, /X1 {2}Phường An Hòa {2}gói \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} {2}tự chấm 2\/6 {2}kiểm chứng 1\/2 {2}chờ giải trình 0 {2}CÒN THIẾU/);
    assert.match(listing, /S1 {2}Sở Nội vụ {2}chưa gửi gói {2}tự chấm 0\/9/);

    const t = JSON.parse(ok('tracker', '--db', sec, '--json')) as Tracker;
    const row = t.units.find((u) => u.unitCode === 'X1')!;
    assert.deepEqual({ ...row, packageAt: row.packageAt !== null }, {
      unitCode: 'X1', unitName: 'Phường An Hòa', groupName: 'UBND xã, phường', registered: true, packageAt: true, packages: 1,
      selfScored: 2, leaves: 6, evidence: 1, explanationsPending: 0, late: false, missing: true,
    });
    assert.deepEqual(t.units.map((u) => u.unitCode), ['S1', 'S2', 'S3', 'X1', 'X2', 'X3']);
    assert.deepEqual(t.members, []);

    assert.match(ok('tracker', '--db', sec, '--out', f('theo-doi.xlsx')), /Đã xuất bảng theo dõi: .*theo-doi\.xlsx/);
    const book = XLSX.read(readFileSync(f('theo-doi.xlsx')));
    assert.deepEqual(book.SheetNames, ['Đơn vị', 'Thành viên']);
    const lines = XLSX.utils.sheet_to_json<Array<string | number>>(book.Sheets['Đơn vị']!, { header: 1, defval: '' });
    assert.deepEqual(lines.find((r) => r[0] === 'X1')!.slice(5), [1, '2/6', '1/2', 0, '', 'Có']);

    // A unit's machine has no tracker.
    const refused = par('tracker', '--db', x1);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /máy của đơn vị/);
  } finally {
    cleanup();
  }
});
