// The council's calendar through the real `par` command, with the secretariat and a member in their own
// data folders: deadlines set and printed dd/mm/yyyy, a member package after its round's deadline refused
// (the database byte-for-byte unchanged), accepted after an extension with a reason; the member sees the
// calendar offline and cannot change it, and past the deadline its machine refuses a score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import type { CalendarPhase, CalendarView } from '../../shared/contract.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('par calendar: set, print, a late member package refused, extended with a reason, then accepted; members see it read-only', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    const mem = f('a/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('a.pub'));
    ok('member', 'add', '--db', sec, f('a.pub'), '--areas', '2');

    // The member scores while no deadline is set (its package is made in time, and reaches the secretariat late).
    ok('package', 'export', '--db', sec, '--out', f('campaign-1.parpkg'));
    ok('package', 'import', '--db', mem, f('campaign-1.parpkg'));
    ok('score', '--db', mem, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1', '--reason', 'Thiếu báo cáo');
    ok('package', 'export', '--db', mem, '--out', f('a-1.parpkg'));

    // Nothing set yet; then round 1's deadline is a day already past (the real clock decides here).
    assert.match(ok('calendar', '--db', sec), /tham_dinh_1\s+Thẩm định vòng 1\s+chưa đặt hạn/);
    assert.match(ok('calendar', 'set', '--db', sec, '--phase', 'tham_dinh_1', '--deadline', '15/03/2026'), /Đã đặt hạn giai đoạn tham_dinh_1: hết ngày 15\/03\/2026/);
    ok('calendar', 'set', '--db', sec, '--phase', 'cong_bo', '--deadline', '31/12/2099');
    let r = par('calendar', 'set', '--db', sec, '--phase', 'tham_dinh_3', '--deadline', '15/03/2026');
    assert.equal(r.code, 2);
    assert.match(r.err, /--phase "tham_dinh_3" phải là một trong: tu_danh_gia, tham_dinh_1, giai_trinh, tham_dinh_2, cong_bo/);
    r = par('calendar', 'set', '--db', sec, '--phase', 'tham_dinh_2', '--deadline', '31/02/2026');
    assert.equal(r.code, 2);
    assert.match(r.err, /ngày có thật/);
    const shown = ok('calendar', '--db', sec);
    assert.match(shown, /tham_dinh_1\s+Thẩm định vòng 1\s+hạn 15\/03\/2026 — đã hết hạn/);
    assert.match(shown, /cong_bo\s+Công bố\s+hạn 31\/12\/2099 — còn \d+ ngày/);
    const json = JSON.parse(ok('calendar', '--db', sec, '--json')) as Omit<CalendarView, 'phases'> & { phases: Array<CalendarPhase & { name: string; deadlineText: string | null }> };
    assert.deepEqual(json.phases.map((x) => [x.phase, x.name, x.deadline, x.deadlineText, x.closed]), [
      ['tu_danh_gia', 'Tự đánh giá', null, null, false],
      ['tham_dinh_1', 'Thẩm định vòng 1', '2026-03-15', '15/03/2026', true],
      ['giai_trinh', 'Giải trình', null, null, false],
      ['tham_dinh_2', 'Thẩm định vòng 2', null, null, false],
      ['cong_bo', 'Công bố', '2099-12-31', '31/12/2099', false],
    ]);

    const before = sha(sec);
    r = par('package', 'import', '--db', sec, f('a-1.parpkg'));
    assert.equal(r.code, 1);
    assert.match(r.err, /Gói của thành viên "Nguyễn Văn An" không được nhận: giai đoạn "Thẩm định vòng 1" đã hết hạn ngày 15\/03\/2026/);
    assert.equal(sha(sec), before, 'the refused package changed nothing');

    r = par('calendar', 'extend', '--db', sec, '--phase', 'tham_dinh_1', '--deadline', '20/03/2099');
    assert.equal(r.code, 2);
    assert.match(r.err, /Thiếu tùy chọn --reason/);
    r = par('calendar', 'extend', '--db', sec, '--phase', 'tham_dinh_1', '--deadline', '14/03/2026', '--reason', 'Mất điện');
    assert.equal(r.code, 1);
    assert.match(r.err, /phải sau hạn hiện tại 15\/03\/2026/);
    const extended = ok('calendar', 'extend', '--db', sec, '--phase', 'tham_dinh_1', '--deadline', '20/03/2099', '--reason', 'Thành viên đi công tác');
    assert.match(extended, /Đã gia hạn giai đoạn tham_dinh_1 đến hết ngày 20\/03\/2099/);
    assert.match(extended, /hạn 15\/03\/2026, gia hạn đến 20\/03\/2099 \(lý do: Thành viên đi công tác; .+\) — còn \d+ ngày/);
    assert.match(ok('package', 'import', '--db', sec, f('a-1.parpkg')), /1 ô áp dụng/);
    ok('audit', 'export', '--db', sec, '--out', f('nhat-ky.csv'), '--action', 'calendar.extend');
    assert.match(readFileSync(f('nhat-ky.csv'), 'utf8'), /Gia hạn giai đoạn.*Thẩm định vòng 1: 15\/03\/2026, gia hạn đến 20\/03\/2099.*Thành viên đi công tác/);

    // The next campaign package brings the calendar to the member: shown there, not changeable there.
    ok('package', 'export', '--db', sec, '--out', f('campaign-2.parpkg'));
    ok('package', 'import', '--db', mem, f('campaign-2.parpkg'));
    const there = ok('calendar', '--db', mem);
    assert.match(there, /chỉ xem/);
    assert.match(there, /hạn 15\/03\/2026, gia hạn đến 20\/03\/2099 \(lý do: Thành viên đi công tác/);
    r = par('calendar', 'set', '--db', mem, '--phase', 'cong_bo', '--deadline', '01/01/2099');
    assert.equal(r.code, 1);
    assert.match(r.err, /chỉ dành cho Tổ thư ký/);

    // Round 1 set back to the past day (the extension withdrawn): the next package closes the member's proposals
    // on its own machine, so it never builds a package the secretariat must refuse.
    ok('calendar', 'set', '--db', sec, '--phase', 'tham_dinh_1', '--deadline', '15/03/2026');
    ok('package', 'export', '--db', sec, '--out', f('campaign-3.parpkg'));
    ok('package', 'import', '--db', mem, f('campaign-3.parpkg'));
    const memBefore = sha(mem);
    r = par('score', '--db', mem, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5', '--reason', 'Sửa sau hạn');
    assert.equal(r.code, 1);
    assert.match(r.err, /Không sửa được: giai đoạn "Thẩm định vòng 1" đã hết hạn ngày 15\/03\/2026/);
    assert.equal(sha(mem), memBefore, 'nothing changed on the member\'s machine');
  } finally {
    cleanup();
  }
});
