// The unit's side end to end through the real `par` command, each machine in its own data folder: the
// secretariat, two units (a ward of set XA and a department of set SO) and one member. A unit self-scores,
// explains, attaches evidence and submits a signed self-assessment package; re-submits (cell by cell,
// logged); a tampered package, a package for another unit, a replay and an older package change nothing;
// a late package is refused naming the deadline and accepted after an extension; the member sees the
// unit's self-scores and files; the ranking follows the member's appraisal, never the unit's claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SelfSheet } from '../../shared/contract.js';
import { par, parOk as ok, tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The secretariat's record of one cell, read from the real database file. */
function cell(db: string, unit: string, criterion: string) {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT self_milli AS selfMilli, self_not_applicable AS selfNa, self_reason AS selfReason, explanation, points_milli AS pointsMilli, not_applicable AS na FROM score WHERE unit_code = ? AND criterion_code = ?').get(unit, criterion) as
      { selfMilli: number | null; selfNa: number; selfReason: string; explanation: string; pointsMilli: number | null; na: number } | undefined;
  } finally {
    d.close();
  }
}

function rows(db: string, sql: string, ...args: unknown[]): Array<Record<string, unknown>> {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...args) as Array<Record<string, unknown>>;
  } finally {
    d.close();
  }
}

const refused = (args: string[], pattern: RegExp, db: string): void => {
  const before = sha(db);
  const r = par(...args);
  assert.equal(r.code, 1, `expected a refusal: par ${args.join(' ')}\n${r.out}`);
  assert.match(r.err, pattern);
  assert.equal(sha(db), before, `the refused command changed ${db}`);
};

test('par unit/self: two units and a member, submissions, refusals, the calendar and the ranking', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    const book = twoSetWorkbook();
    // The ward's self-score of 1.1 arrives with the campaign workbook, as before units had machines.
    book['Điểm'].find((r) => r[0] === 'X1' && r[1] === '1.1')![2] = 3.5;
    writeFileSync(f('dot.xlsx'), workbookBuffer(book));
    const sec = f('sec/par.sqlite');
    const x1 = f('x1/par.sqlite');
    const s1 = f('s1/par.sqlite');
    const mem = f('m/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);

    // Identities: each unit's machine makes its own key; the secretariat registers them.
    const initOut = ok('unit', 'init', '--db', x1, '--unit-code', 'X1', '--name', 'UBND phường An Hòa', '--out', f('x1.pub'));
    const x1Fingerprint = /Dấu vân tay khóa \(đọc cho Tổ thư ký để xác minh\): (.+)/.exec(initOut)![1]!.trim();
    ok('unit', 'init', '--db', s1, '--unit-code', 'S1', '--name', 'Sở Nội vụ', '--out', f('s1.pub'));
    assert.match(par('unit', 'init', '--db', x1, '--unit-code', 'X1', '--name', 'Lần hai', '--out', f('again.pub')).err, /đã có hồ sơ đơn vị/);
    ok('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Nội vụ', '--out', f('an.pub'));
    assert.match(ok('unit', 'add', '--db', sec, f('x1.pub')), new RegExp(`Đã đăng ký đơn vị X1[\\s\\S]*${x1Fingerprint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    ok('unit', 'add', '--db', sec, f('s1.pub'));
    ok('member', 'add', '--db', sec, f('an.pub'), '--areas', 'XA:1,XA:2');
    const listed = JSON.parse(ok('unit', 'list', '--db', sec, '--json')) as Array<{ unitCode: string; unitName: string; fingerprint: string; packages: number }>;
    assert.deepEqual(listed.map((u) => [u.unitCode, u.unitName, u.packages]), [['S1', 'Sở Nội vụ', 0], ['X1', 'Phường An Hòa', 0]]);

    // Unit packages: each unit gets its own set and sheet only; a package for S1 is refused on X1's machine.
    ok('package', 'export', '--db', sec, '--for-unit', 'X1', '--out', f('x1-unit.parpkg'));
    ok('package', 'export', '--db', sec, '--for-unit', 'S1', '--out', f('s1-unit.parpkg'));
    refused(['package', 'import', '--db', x1, f('s1-unit.parpkg')], /được xuất cho một đơn vị khác/, x1);
    assert.match(ok('package', 'import', '--db', x1, f('x1-unit.parpkg')), /Đã nhập gói đơn vị/);
    ok('package', 'import', '--db', s1, f('s1-unit.parpkg'));
    const status = JSON.parse(ok('self', 'status', '--db', x1, '--json')) as SelfSheet;
    assert.equal(status.unitCode, 'X1');
    assert.equal(status.setCode, 'XA');
    assert.ok(!status.rows.some((r) => r.code === '1.3'), '1.3 is a criterion of set SO only: not on the ward\'s sheet');
    assert.deepEqual(rows(x1, 'SELECT code FROM unit').map((r) => r.code), ['X1'], 'the unit package holds no other unit');
    // The workbook's self-scores reached the unit's sheet as the secretariat recorded them.
    assert.equal(status.rows.find((r) => r.code === '1.1')!.selfMilli, 3500);

    // The ward self-assesses: a score, a claim of not applicable with its reason, an explanation, a file.
    ok('self', 'score', '--db', x1, '--criterion', '1.2', '--points', '3,5');
    assert.match(par('self', 'score', '--db', x1, '--criterion', '2.2', '--points', 'KAD').err, /cần ghi lý do/);
    ok('self', 'score', '--db', x1, '--criterion', '2.2', '--points', 'KAD', '--reason', 'Phường không có đơn vị sự nghiệp');
    assert.match(par('self', 'score', '--db', x1, '--criterion', '3.1', '--points', '5').err, /điều tra xã hội học/);
    assert.match(par('self', 'score', '--db', x1, '--criterion', '1.3', '--points', '1').err, /không có trong bộ tiêu chí/);
    assert.match(par('self', 'score', '--db', x1, '--criterion', '1', '--points', '1').err, /tiêu chí thành phần cuối cùng/);
    ok('self', 'explain', '--db', x1, '--criterion', '2.1', '--text', 'Đề án sắp xếp đang chờ phê duyệt');
    writeFileSync(f('ke-hoach.pdf'), Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'));
    ok('self', 'attach', '--db', x1, '--criterion', '1.2', f('ke-hoach.pdf'));
    // The unit's machine does the unit's work only.
    refused(['decide', '--db', x1, '--unit', 'X1', '--criterion', '1.2', '--points', '4', '--reason', 'tự quyết'], /máy của đơn vị/, x1);
    ok('package', 'export', '--db', x1, '--out', f('x1-self-1.parpkg'));
    ok('package', 'export-evidence', '--db', x1, '--out', f('x1-files.parevd'));

    // The secretariat imports it: self columns only, never the council's score or N/A mark.
    const finalBefore = cell(sec, 'X1', '1.2')!.pointsMilli;
    assert.match(ok('package', 'import', '--db', sec, f('x1-self-1.parpkg')), /Đã nhập gói tự đánh giá của đơn vị/);
    ok('package', 'import-evidence', '--db', sec, f('x1-files.parevd'));
    assert.deepEqual(cell(sec, 'X1', '1.2'), { selfMilli: 3500, selfNa: 0, selfReason: '', explanation: '', pointsMilli: finalBefore, na: 0 });
    const na = cell(sec, 'X1', '2.2')!;
    assert.equal(na.selfNa, 1);
    assert.equal(na.selfReason, 'Phường không có đơn vị sự nghiệp');
    assert.equal(na.na, 0, 'a unit\'s claim never marks the cell not applicable');
    assert.equal(cell(sec, 'X1', '2.1')!.explanation, 'Đề án sắp xếp đang chờ phê duyệt');
    const logged = rows(sec, "SELECT action, criterion_code AS code, source FROM history WHERE unit_code = 'X1' AND action IN ('self.import', 'package.import') ORDER BY id");
    assert.deepEqual(logged.filter((h) => h.action === 'self.import').map((h) => h.code).sort(), ['1.2', '2.1', '2.2']);
    const pkgHash = sha(f('x1-self-1.parpkg'));
    assert.ok(logged.every((h) => h.source === `package:${pkgHash}`), 'every change names the package hash');
    assert.equal(rows(sec, "SELECT count(*) AS n FROM evidence WHERE unit_code = 'X1' AND criterion_code = '1.2'")[0]!.n, 1);

    // Replayed, tampered, foreign: refused whole, nothing changes.
    refused(['package', 'import', '--db', sec, f('x1-self-1.parpkg')], /đã được nhập lúc/, sec);
    const bytes = readFileSync(f('x1-self-1.parpkg'));
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(tampered.length / 2)]! ^= 0x55;
    writeFileSync(f('tampered.parpkg'), tampered);
    const tamperedRun = par('package', 'import', '--db', sec, f('tampered.parpkg'));
    assert.equal(tamperedRun.code, 1, 'a tampered package is refused');
    // A unit not registered here signs with its own key: refused, naming the key's fingerprint.
    ok('unit', 'init', '--db', f('rogue/par.sqlite'), '--unit-code', 'X1', '--name', 'Kẻ giả mạo', '--out', f('rogue.pub'));
    assert.match(par('package', 'import', '--db', f('rogue/par.sqlite'), f('x1-unit.parpkg')).err, /được xuất cho một đơn vị khác/);

    // Re-submission: only the cells that changed are written, each logged; an older package is refused.
    ok('self', 'score', '--db', x1, '--criterion', '1.2', '--points', '4');
    ok('package', 'export', '--db', x1, '--out', f('x1-self-2.parpkg'));
    ok('self', 'score', '--db', x1, '--criterion', '1.1', '--points', '3');
    ok('package', 'export', '--db', x1, '--out', f('x1-self-3.parpkg'));
    assert.match(ok('package', 'import', '--db', sec, f('x1-self-3.parpkg')), /2 ô áp dụng/);
    refused(['package', 'import', '--db', sec, f('x1-self-2.parpkg')], /cũ hơn gói số 3/, sec);
    assert.equal(cell(sec, 'X1', '1.2')!.selfMilli, 4000);
    assert.equal(cell(sec, 'X1', '1.1')!.selfMilli, 3000);
    assert.equal(rows(sec, "SELECT count(*) AS n FROM history WHERE unit_code = 'X1' AND action = 'self.import'")[0]!.n, 5);

    // The department is late: refused naming the deadline; accepted after an extension with a reason.
    ok('self', 'score', '--db', s1, '--criterion', '1.3', '--points', '2');
    ok('package', 'export', '--db', s1, '--out', f('s1-self-1.parpkg'));
    ok('calendar', 'set', '--db', sec, '--phase', 'tu_danh_gia', '--deadline', '15/03/2026');
    refused(['package', 'import', '--db', sec, f('s1-self-1.parpkg')], /giai đoạn "Tự đánh giá" đã hết hạn ngày 15\/03\/2026/, sec);
    ok('calendar', 'extend', '--db', sec, '--phase', 'tu_danh_gia', '--deadline', '31/12/2099', '--reason', 'Sở Nội vụ xin gia hạn do sáp nhập');
    ok('package', 'import', '--db', sec, f('s1-self-1.parpkg'));
    assert.equal(cell(sec, 'S1', '1.3')!.selfMilli, 2000);

    // The member sees the unit's self-scores and its file; the ranking follows the member's appraisal.
    ok('package', 'export', '--db', sec, '--out', f('campaign.parpkg'));
    ok('package', 'export-evidence', '--db', sec, '--for', 'Nguyễn Văn An', '--out', f('an-files.parevd'));
    ok('package', 'import', '--db', mem, f('campaign.parpkg'));
    ok('package', 'import-evidence', '--db', mem, f('an-files.parevd'));
    assert.equal(cell(mem, 'X1', '1.2')!.selfMilli, 4000, 'the member sees the unit\'s self-score');
    assert.deepEqual([cell(mem, 'X1', '2.2')!.selfNa, cell(mem, 'X1', '2.2')!.selfReason, cell(mem, 'X1', '2.2')!.na], [1, 'Phường không có đơn vị sự nghiệp', 0], 'and its not-applicable claim, as a claim');
    assert.deepEqual(rows(mem, "SELECT e.original_name AS name, b.sha256 IS NOT NULL AS here FROM evidence e LEFT JOIN evidence_blob b ON b.sha256 = e.sha256 WHERE e.unit_code = 'X1' AND e.criterion_code = '1.2'"), [{ name: 'ke-hoach.pdf', here: 1 }]);
    const rankOf = (db: string) => (JSON.parse(ok('rank', '--db', db, '--json')) as Array<{ unitCode: string; total: number }>).find((r) => r.unitCode === 'X1')!.total;
    const before = rankOf(sec);
    ok('score', '--db', mem, '--unit', 'X1', '--criterion', '1.2', '--points', '2', '--reason', 'Tuyên truyền chưa đủ kế hoạch');
    ok('package', 'export', '--db', mem, '--out', f('an-1.parpkg'));
    ok('package', 'import', '--db', sec, f('an-1.parpkg'));
    assert.equal(rankOf(sec), before - 2, 'the member\'s appraisal of 2 instead of 4 lowers the ward\'s total by 2');
  } finally {
    cleanup();
  }
});
