// Offline exchange end to end through the real `par` command: a secretariat and three members, each in
// their own data folder and process; signed packages carried as files; divergences, conflicts, decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Report {
  queue: Array<{ unitCode: string; criterionCode: string; reasons: string[]; proposals: Array<{ memberName: string; pointsMilli: number | null }> }>;
  conflicts: Array<{ unitCode: string; criterionCode: string; memberName: string; pointsMilli: number | null }>;
  progress: Array<{ memberName: string; areaCode: string; assignedLeaves: number; proposedLeaves: number }>;
}

test('three members score offline; the secretariat consolidates, resolves and ranks; bad packages change nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    // The secretariat creates the campaign from a workbook.
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    // Three members create their identities on their own machines.
    const members = [
      { key: 'a', name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', areas: '2' },
      { key: 'b', name: 'Lê Thị Bình', agency: 'Sở Tài chính', areas: '2,6' },
      { key: 'c', name: 'Phạm Văn Cường', agency: 'Sở Khoa học và Công nghệ', areas: '7' },
    ];
    for (const m of members) {
      const out = ok('member', 'init', '--db', f(`${m.key}/par.sqlite`), '--name', m.name, '--agency', m.agency, '--out', f(`${m.key}.pub`));
      assert.match(out, /Dấu vân tay khóa .*: ([0-9A-F]{4} ){15}[0-9A-F]{4}/);
      const added = ok('member', 'add', '--db', sec, f(`${m.key}.pub`), '--areas', m.areas);
      const fp = JSON.parse(readFileSync(f(`${m.key}.pub`), 'utf8')) as { fingerprint: string };
      assert.ok(added.includes(fp.fingerprint), 'registering shows the same fingerprint the member reads out');
    }
    // The secretariat hands out the campaign; each member imports it offline.
    ok('package', 'export', '--db', sec, '--out', f('campaign.parpkg'));
    for (const m of members) ok('package', 'import', '--db', f(`${m.key}/par.sqlite`), f('campaign.parpkg'));

    // Overlapping cells: An and Bình both appraise area 2 of Xã Vĩnh Thạnh (XP09) and disagree on 2.1.2.
    ok('score', '--db', f('a/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5', '--reason', 'Đủ kế hoạch');
    ok('score', '--db', f('a/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.2', '--points', '2', '--reason', 'Đúng quy trình');
    ok('score', '--db', f('b/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5');
    ok('score', '--db', f('b/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.2', '--points', '0', '--reason', 'Vi phạm quy trình lấy ý kiến');
    ok('score', '--db', f('c/par.sqlite'), '--unit', 'XP09', '--criterion', '7.1.1', '--points', '1,5');
    // A member cannot score outside their areas.
    const outside = par('score', '--db', f('c/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1');
    assert.notEqual(outside.code, 0);
    assert.match(outside.err, /không thuộc lĩnh vực/);

    for (const m of members) ok('package', 'export', '--db', f(`${m.key}/par.sqlite`), '--out', f(`${m.key}-1.parpkg`));

    // Bad packages first: each refused, the secretariat's database byte-for-byte unchanged.
    const before = sha(sec);
    // One byte changed.
    const tampered = Buffer.from(readFileSync(f('a-1.parpkg')));
    const files = unzipSync(tampered);
    const payload = strFromU8(files['payload.json']!).replace('"pointsMilli":2000', '"pointsMilli":1000');
    writeFileSync(f('tampered.parpkg'), zipSync({ ...files, 'payload.json': strToU8(payload) }));
    let r = par('package', 'import', '--db', sec, f('tampered.parpkg'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /gói đã bị sửa đổi/);
    // From an unregistered key.
    // (A member's machine refuses a campaign package that does not list it: the stranger takes it before making a profile.)
    ok('package', 'import', '--db', f('x/par.sqlite'), f('campaign.parpkg'));
    ok('member', 'init', '--db', f('x/par.sqlite'), '--name', 'Người lạ', '--agency', '', '--out', f('x.pub'));
    ok('package', 'export', '--db', f('x/par.sqlite'), '--out', f('x-1.parpkg'));
    r = par('package', 'import', '--db', sec, f('x-1.parpkg'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /khóa chưa đăng ký/);
    // For another campaign.
    const other = f('other/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', other);
    ok('member', 'add', '--db', other, f('a.pub'), '--areas', '2');
    r = par('package', 'import', '--db', other, f('a-1.parpkg'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /không có trên máy này/);
    assert.equal(sha(sec), before, 'refused packages leave the database byte-for-byte unchanged');

    // Good packages; the same package twice changes nothing.
    for (const m of members) ok('package', 'import', '--db', sec, f(`${m.key}-1.parpkg`));
    const again = ok('package', 'import', '--db', sec, f('a-1.parpkg'));
    assert.match(again, /đã được nhập trước đó/);

    let report = JSON.parse(ok('consolidate', '--db', sec, '--json')) as Report;
    const diverging = report.queue.find((q) => q.unitCode === 'XP09' && q.criterionCode === '2.1.2');
    assert.ok(diverging?.reasons.includes('members_differ'), JSON.stringify(report.queue.slice(0, 5)));
    assert.deepEqual(diverging?.proposals.map((p) => p.pointsMilli).sort(), [0, 2000]);
    assert.ok(!report.queue.some((q) => q.unitCode === 'XP09' && q.criterionCode === '2.1.1' && q.reasons.includes('members_differ')), 'equal proposals do not diverge');
    const an = report.progress.find((p) => p.memberName === 'Nguyễn Văn An' && p.areaCode === '2')!;
    assert.ok(an.proposedLeaves === 2 && an.assignedLeaves > 2);

    const rankOf = () => (JSON.parse(ok('rank', '--db', sec, '--json')) as Array<{ unitCode: string; total: number }>).find((x) => x.unitCode === 'XP09')!;
    assert.equal(rankOf().total, 1.5 + 1.5, 'agreed cells became final: 2.1.1 (both members) and 7.1.1 (Cường)');
    // The divergence is resolved with a decision and a reason; the ranking follows.
    ok('decide', '--db', sec, '--unit', 'XP09', '--criterion', '2.1.2', '--points', '1', '--reason', 'Có sai sót nhỏ, không vi phạm');
    assert.equal(rankOf().total, 4);
    report = JSON.parse(ok('consolidate', '--db', sec, '--json')) as Report;
    assert.ok(!report.queue.some((q) => q.unitCode === 'XP09' && q.criterionCode === '2.1.2' && q.reasons.includes('members_differ')));

    // Bình later changes 2.1.2 again: the decided cell is not overwritten, it becomes a conflict.
    ok('score', '--db', f('b/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.2', '--points', '2', '--reason', 'Đã nhận thêm biên bản');
    ok('package', 'export', '--db', f('b/par.sqlite'), '--out', f('b-2.parpkg'));
    const imported = ok('package', 'import', '--db', sec, f('b-2.parpkg'));
    assert.match(imported, /1 xung đột/);
    assert.equal(rankOf().total, 4, 'the decision stands');
    report = JSON.parse(ok('consolidate', '--db', sec, '--json')) as Report;
    assert.deepEqual(report.conflicts.map((c) => [c.unitCode, c.criterionCode, c.memberName, c.pointsMilli]), [['XP09', '2.1.2', 'Lê Thị Bình', 2000]]);
    // A stale package (Bình's first) after the newer one changes nothing it should not.
    const stale = ok('package', 'import', '--db', sec, f('b-1.parpkg'));
    assert.match(stale, /đã được nhập trước đó/);
    copyFileSync(f('b-1.parpkg'), f('b-1-copy.parpkg'));
    // Finalising waits for the conflict; deciding it clears it; unlocking needs a reason.
    r = par('finalize', '--db', sec);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /xung đột/);
    ok('decide', '--db', sec, '--unit', 'XP09', '--criterion', '2.1.2', '--points', '2', '--reason', 'Chấp nhận biên bản bổ sung');
    assert.equal(rankOf().total, 5);
    ok('finalize', '--db', sec);
    r = par('score', '--db', f('a/par.sqlite'), '--unit', 'XP09', '--criterion', '2.2.1', '--points', '1');
    assert.equal(r.code, 0, 'members keep working on their own copy');
    assert.notEqual(par('decide', '--db', sec, '--unit', 'XP09', '--criterion', '2.2.1', '--points', '1', '--reason', 'x').code, 0, 'a finalised campaign refuses decisions');
    assert.notEqual(par('unlock', '--db', sec).code, 0, 'unlocking needs a reason');
    ok('unlock', '--db', sec, '--reason', 'Phát hiện sai sót ở đơn vị XP01');
  } finally {
    cleanup();
  }
});

test('package import on the command line: the pinned fingerprint is printed, --expect-fingerprint is checked, packages for another member are refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('member', 'init', '--db', f('a/par.sqlite'), '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('a.pub'));
    ok('member', 'init', '--db', f('b/par.sqlite'), '--name', 'Lê Thị Bình', '--agency', 'Sở Tài chính', '--out', f('b.pub'));
    ok('member', 'add', '--db', sec, f('a.pub'), '--areas', '2');
    ok('member', 'add', '--db', sec, f('b.pub'), '--areas', '2');
    const uidOf = (pub: string) => (JSON.parse(readFileSync(f(pub), 'utf8')) as { uid: string }).uid;
    ok('package', 'export', '--db', sec, '--out', f('for-a.parpkg'), '--for', uidOf('a.pub'));
    // Bình's machine refuses the package made for An, and changes nothing.
    const before = sha(f('b/par.sqlite'));
    let r = par('package', 'import', '--db', f('b/par.sqlite'), f('for-a.parpkg'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /không dành cho "Lê Thị Bình"/);
    assert.equal(sha(f('b/par.sqlite')), before);
    // A wrong fingerprint (read out by phone) refuses; the right one, in any spacing, imports.
    r = par('package', 'import', '--db', f('a/par.sqlite'), f('for-a.parpkg'), '--expect-fingerprint', '0000 1111 2222 3333');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /không khớp với dấu vân tay đã đối chiếu/);
    // A machine with no profile yet takes it on first use and prints the fingerprint to check.
    const printed = par('package', 'import', '--db', f('x/par.sqlite'), f('for-a.parpkg'));
    assert.equal(printed.code, 0, printed.err);
    const fp = /dấu vân tay (([0-9A-F]{4} ){15}[0-9A-F]{4})/.exec(printed.out)?.[1];
    assert.ok(fp, printed.out);
    assert.match(printed.out, /hãy gọi điện cho Tổ thư ký và cùng đọc để đối chiếu/);
    ok('package', 'import', '--db', f('a/par.sqlite'), f('for-a.parpkg'), '--expect-fingerprint', fp.replace(/ /g, '').toLowerCase());
    // On the secretariat's machine a member package imported on a member's machine is refused there.
    ok('score', '--db', f('a/par.sqlite'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5');
    ok('package', 'export', '--db', f('a/par.sqlite'), '--out', f('a-1.parpkg'));
    r = par('package', 'import', '--db', f('b/par.sqlite'), f('a-1.parpkg'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /gói của thành viên chỉ nhập trên máy của Tổ thư ký/);
    ok('package', 'import', '--db', sec, f('a-1.parpkg'));
  } finally {
    cleanup();
  }
});
