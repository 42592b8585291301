// The command line is a door onto the core like the app's: every call passes the contract's checks and
// the role rule, so what the app refuses `par` refuses too, and the database stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('par score with a 5,000-character reason is refused by the contract: exit 1, the limit named, the database unchanged', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    const member = f('an/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('member', 'init', '--db', member, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
    ok('member', 'add', '--db', sec, f('an.pub'), '--areas', '2');
    ok('package', 'export', '--db', sec, '--out', f('campaign.parpkg'));
    ok('package', 'import', '--db', member, f('campaign.parpkg'));

    const before = sha(member);
    const long = par('score', '--db', member, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5', '--reason', 'x'.repeat(5000));
    assert.equal(long.code, 1, long.out);
    assert.match(long.err, /Lỗi: .*quá dài \(tối đa 2\.000 ký tự\)/);
    assert.equal(sha(member), before, 'nothing was written');

    // The same cell with a reason within the limit is written: the refusal was the reason's length alone.
    assert.match(ok('score', '--db', member, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1,5', '--reason', 'x'.repeat(2000)), /Đã ghi: đơn vị XP09, tiêu chí 2\.1\.1: 1,5/);

    // The role rule is the core's: the secretariat's tools answer a refusal on a member's machine.
    const secretariatOnly = par('decide', '--db', member, '--unit', 'XP09', '--criterion', '2.1.1', '--points', '1', '--reason', 'Quyết định');
    assert.equal(secretariatOnly.code, 1);
    assert.match(secretariatOnly.err, /máy của thành viên Hội đồng "Nguyễn Văn An": chức năng này chỉ dành cho Tổ thư ký/);
  } finally {
    cleanup();
  }
});
