// Two appraisal rounds end to end through the real `par` command: members in their own data folders
// score round 1, the secretariat sends the explanation list to units and imports their answers, opens
// round 2, members re-score some cells; the ranking follows round 2 and round 1's snapshot stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import type { RoundSummary } from '../../shared/contract.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('round 1, explanations to units and back, round 2: the ranking follows round 2, round 1 is kept', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    const members = [
      { key: 'a', name: 'Nguyễn Văn An', agency: 'Sở Tư pháp' },
      { key: 'b', name: 'Lê Thị Bình', agency: 'Sở Tài chính' },
    ];
    for (const m of members) {
      ok('member', 'init', '--db', f(`${m.key}/par.sqlite`), '--name', m.name, '--agency', m.agency, '--out', f(`${m.key}.pub`));
      ok('member', 'add', '--db', sec, f(`${m.key}.pub`), '--areas', '2');
    }
    ok('package', 'export', '--db', sec, '--out', f('campaign-1.parpkg'));
    for (const m of members) ok('package', 'import', '--db', f(`${m.key}/par.sqlite`), f('campaign-1.parpkg'));
    const db = (k: string) => f(`${k}/par.sqlite`);

    // Round 1: both members on XP09; An asks the unit to explain 2.1.2 and 2.2.1.
    ok('score', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1', '--reason', 'Thiếu báo cáo');
    ok('score', '--db', db('b'), '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1', '--reason', 'Thiếu báo cáo');
    ok('score', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.1.2', '--points', '0', '--reason', 'Chưa có biên bản');
    ok('score', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.2.1', '--points', '0', '--reason', 'Chưa có kế hoạch');
    ok('score', '--db', db('b'), '--unit', 'XP08', '--criterion', '2.1.1', '--points', '1,5');
    ok('explanations', 'request', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.1.2', '--text', 'Đề nghị gửi biên bản lấy ý kiến');
    ok('explanations', 'request', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.2.1', '--text', 'Đề nghị gửi kế hoạch rà soát');
    for (const m of members) {
      ok('package', 'export', '--db', db(m.key), '--out', f(`${m.key}-1.parpkg`));
      ok('package', 'import', '--db', sec, f(`${m.key}-1.parpkg`));
    }
    const rank = () => new Map((JSON.parse(ok('rank', '--db', sec, '--json')) as Array<{ unitCode: string; total: number }>).map((r) => [r.unitCode, r.total]));
    const round1Rank = rank();
    assert.equal(round1Rank.get('XP09'), 1 + 0 + 0);

    // The explanation list for XP09 goes out; the unit fills it in.
    const exported = ok('explanations', 'export', '--db', sec, '--out', f('giai-trinh.xlsx'), '--unit', 'XP09');
    assert.match(exported, /2 yêu cầu, 1 đơn vị/);
    const wb = XLSX.read(readFileSync(f('giai-trinh.xlsx')));
    assert.deepEqual(wb.SheetNames, ['XP09 Xã Vĩnh Thạnh']);
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, defval: '' });
    assert.deepEqual(rows.slice(7).map((r) => [String(r[1]).split(' ')[0], r[4], r[5]]), [
      ['2.1.2', 'Đề nghị gửi biên bản lấy ý kiến', 'Nguyễn Văn An'],
      ['2.2.1', 'Đề nghị gửi kế hoạch rà soát', 'Nguyễn Văn An'],
    ]);
    XLSX.utils.sheet_add_aoa(ws, [['Biên bản lấy ý kiến ngày 12/3 gửi kèm.', 'bien-ban.pdf']], { origin: 'G8' });
    XLSX.utils.sheet_add_aoa(ws, [['Kế hoạch số 15/KH-UBND.', 'ke-hoach.pdf']], { origin: 'G9' });
    writeFileSync(f('tra-loi.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    // A broken answer file is refused with sheet, row and column; the database is byte-for-byte unchanged.
    const before = sha(sec);
    const bad = XLSX.read(readFileSync(f('tra-loi.xlsx')));
    XLSX.utils.sheet_add_aoa(bad.Sheets[bad.SheetNames[0]!]!, [[424242]], { origin: 'I9' });
    writeFileSync(f('tra-loi-hong.xlsx'), XLSX.write(bad, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    let r = par('explanations', 'import', '--db', sec, f('tra-loi-hong.xlsx'));
    assert.equal(r.code, 1);
    assert.match(r.err, /Trang "XP09 Xã Vĩnh Thạnh", dòng 9, cột I \(Mã yêu cầu \(không sửa\)\): không có yêu cầu giải trình số 424242/);
    writeFileSync(f('khong-phai.xlsx'), 'không phải sổ tính');
    r = par('explanations', 'import', '--db', sec, f('khong-phai.xlsx'));
    assert.equal(r.code, 1);
    assert.match(r.err, /không phải là sổ tính Excel/);
    r = par('round', 'open', '--db', sec);
    assert.equal(r.code, 2);
    assert.match(r.err, /Thiếu tùy chọn --reason/);
    assert.equal(sha(sec), before, 'refusals leave the database byte-for-byte unchanged');

    assert.match(ok('explanations', 'import', '--db', sec, f('tra-loi.xlsx')), /2 yêu cầu được trả lời \(đơn vị XP09\)/);

    // Round 2 opens; the campaign package tells the members and carries round 1's finals and the answers.
    assert.match(ok('round', 'open', '--db', sec, '--reason', 'Đơn vị đã giải trình và bổ sung tài liệu'), /Đã mở vòng thẩm định 2/);
    r = par('round', 'open', '--db', sec, '--reason', 'Lần nữa');
    assert.equal(r.code, 1);
    assert.match(r.err, /đã ở vòng thẩm định 2/);
    const snapshot = (JSON.parse(ok('round', 'status', '--db', sec, '--json')) as RoundSummary).rounds[0]!;
    ok('package', 'export', '--db', sec, '--out', f('campaign-2.parpkg'));
    for (const m of members) ok('package', 'import', '--db', db(m.key), f('campaign-2.parpkg'));
    const memberStatus = JSON.parse(ok('round', 'status', '--db', db('a'), '--json')) as RoundSummary;
    assert.equal(memberStatus.current, 2);
    assert.equal(memberStatus.answeredRequests, 2, 'the units\' answers reached the member');

    // Round 2: An re-scores the two explained cells; Bình changes nothing (XP08 keeps round 1).
    ok('score', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.1.2', '--points', '2', '--reason', 'Đã có biên bản');
    ok('score', '--db', db('a'), '--unit', 'XP09', '--criterion', '2.2.1', '--points', '1', '--reason', 'Đã có kế hoạch');
    ok('package', 'export', '--db', db('a'), '--out', f('a-2.parpkg'));
    ok('package', 'import', '--db', sec, f('a-2.parpkg'));
    const round2Rank = rank();
    assert.equal(round2Rank.get('XP09'), 1 + 2 + 1, 'the ranking follows round 2; 2.1.1 keeps round 1');
    assert.equal(round2Rank.get('XP08'), round1Rank.get('XP08'));
    const status = JSON.parse(ok('round', 'status', '--db', sec, '--json')) as RoundSummary;
    assert.deepEqual(status.rounds[0], snapshot, 'round 1 is kept as it was when round 2 opened');
    assert.equal(status.rounds[0]!.units.find((u) => u.unitCode === 'XP09')!.totalMilli, 1000);
    assert.equal(status.rounds[1]!.units.find((u) => u.unitCode === 'XP09')!.totalMilli, 4000);
    const report = JSON.parse(ok('consolidate', '--db', sec, '--json')) as { round: number };
    assert.equal(report.round, 2);
  } finally {
    cleanup();
  }
});
