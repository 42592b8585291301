// Members and their evidence through the real `par` command: `member list` (table and --json), `--for`
// by uid or exact name, a member's machine refusing the secretariat's commands, and the member's own
// evidence bundle reaching the secretariat after the member package that names its files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('par member list shows the registered members; --for takes a uid or an exact name; a member machine refuses the secretariat commands and sends its evidence', async () => {
  const { dir, cleanup } = tempDir('par-cli-members-');
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    const an = f('an/par.sqlite');
    const binh = f('binh/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    // The same workbook again is refused with the way to ask for a copy; the copy gets a name of its own.
    const again = par('import', f('dot.xlsx'), '--db', sec);
    assert.equal(again.code, 1);
    assert.match(again.err, /Đã có đợt đánh giá .* thêm --copy/);
    assert.match(ok('import', f('dot.xlsx'), '--db', f('copy/par.sqlite')), /Đã nhập đợt đánh giá #1/);
    assert.match(ok('import', f('dot.xlsx'), '--db', f('copy/par.sqlite'), '--copy'), /Đã nhập đợt đánh giá #2 ".+ \(2\)"/);
    ok('member', 'init', '--db', an, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
    ok('member', 'init', '--db', binh, '--name', 'Trần Thị Bình', '--agency', 'Sở Y tế', '--out', f('binh.pub'));
    ok('member', 'add', '--db', sec, f('an.pub'), '--areas', '1,2');
    ok('member', 'add', '--db', sec, f('binh.pub'), '--areas', '3', '--units', 'SBN01,XP09');
    const anId = JSON.parse(readFileSync(f('an.pub'), 'utf8')) as { uid: string; fingerprint: string };

    // A table a person reads: a header, both members, their agencies, uids, fingerprints and areas.
    const table = ok('member', 'list', '--db', sec).split('\n');
    assert.match(table[0]!, /^Họ tên\s+Cơ quan\s+Mã thành viên\s+Dấu vân tay\s+Lĩnh vực$/);
    const anLine = table.find((l) => l.startsWith('Nguyễn Văn An'))!;
    assert.ok(anLine.includes('Sở Tư pháp') && anLine.includes(anId.uid) && anLine.includes(anId.fingerprint) && anLine.endsWith('1, 2'), anLine);
    assert.match(table.find((l) => l.startsWith('Trần Thị Bình'))!, /3 \(đơn vị SBN01, XP09\)$/);
    const json = JSON.parse(ok('member', 'list', '--db', sec, '--json')) as Array<{ name: string; uid: string; agency: string; fingerprint: string; areas: string[] }>;
    assert.deepEqual(json.map((m) => [m.name, m.agency, m.areas]), [['Nguyễn Văn An', 'Sở Tư pháp', ['1', '2']], ['Trần Thị Bình', 'Sở Y tế', ['3']]]);
    assert.equal(json[0]!.uid, anId.uid);

    // --for: the exact name works as the uid does; an unknown one is refused with the way to list them.
    ok('package', 'export', '--db', sec, '--out', f('an-by-name.parpkg'), '--for', 'Nguyễn Văn An');
    ok('package', 'export', '--db', sec, '--out', f('an-by-uid.parpkg'), '--for', anId.uid);
    const unknown = par('package', 'export', '--db', sec, '--out', f('x.parpkg'), '--for', 'Nguyễn Văn');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /Không tìm thấy thành viên "Nguyễn Văn".*par member list/);
    assert.match(ok('package', 'export-evidence', '--db', sec, '--out', f('an-sec.parevd'), '--for', 'Nguyễn Văn An'), /cho "Nguyễn Văn An"/);

    // The member's machine: the campaign arrives by package; the secretariat's commands are refused.
    ok('package', 'import', '--db', an, f('an-by-name.parpkg'));
    for (const args of [['import', f('dot.xlsx'), '--db', an], ['member', 'add', '--db', an, f('binh.pub'), '--areas', '1'], ['finalize', '--db', an]]) {
      const r = par(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err, /máy của thành viên Hội đồng "Nguyễn Văn An"/, args.join(' '));
    }

    // The member attaches a file, sends the package, then the bundle of their own files.
    mkdirSync(f('in'));
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30_000), Buffer.from('\n%%EOF\n')]);
    writeFileSync(f('in/Biên bản.pdf'), bytes);
    {
      const db = openDatabase(an);
      const s = createServices(db);
      try {
        await s.evidence.attachPath(s.campaigns.list()[0]!.id, 'SBN01', '1.1.1', f('in/Biên bản.pdf'), 'Nguyễn Văn An');
      } finally {
        s.evidence.dispose();
        db.close();
      }
    }
    ok('package', 'export', '--db', an, '--out', f('an-back.parpkg'));
    assert.match(ok('package', 'export-evidence', '--db', an, '--out', f('an-back.parevd')), /của "Nguyễn Văn An" gửi Tổ thư ký: 1 tệp/);
    const imported = ok('package', 'import', '--db', sec, f('an-back.parpkg'));
    assert.match(imported, /1 tài liệu kiểm chứng mới của thành viên được ghi nhận/);
    assert.match(imported, /chưa có tệp: hãy nhập gói tài liệu kiểm chứng \(\.parevd\) thành viên gửi kèm/);
    assert.match(ok('package', 'import-evidence', '--db', sec, f('an-back.parevd')), /1 tệp mới/);
    {
      const db = openDatabase(sec);
      const s = createServices(db);
      try {
        const id = s.campaigns.list()[0]!.id;
        const item = s.evidence.list(id, 'SBN01').criteria.find((c) => c.criterionCode === '1.1.1')!.items.find((i) => i.fileName === 'Biên bản.pdf')!;
        assert.equal(item.available, true);
        assert.equal(item.addedBy, 'Nguyễn Văn An');
        assert.equal(sha(readFileSync(s.evidence.store.blobPath(item.sha256))), sha(bytes));
      } finally {
        s.evidence.dispose();
        db.close();
      }
    }
  } finally {
    cleanup();
  }
});
