// Evidence travelling to a member through the real `par` command: the secretariat attaches files, exports
// the campaign package and the member's .parevd; the member (another data folder, other processes)
// imports both and reads the very same bytes. A tampered bundle exits non-zero and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { par, parOk as ok, tempDir } from '../helpers.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder with its hash (the store), sorted. */
function tree(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name} ${sha(readFileSync(join(d, e.name)))}`);
    }
  };
  walk(root, '');
  return out.sort();
}

test('par package export-evidence → import-evidence: the member lists the files and holds the same bytes; a tampered bundle changes nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    const mem = f('mem/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    ok('member', 'init', '--db', mem, '--name', 'Nguyễn Văn An', '--agency', 'Sở Tư pháp', '--out', f('an.pub'));
    ok('member', 'add', '--db', sec, f('an.pub'), '--areas', '1');
    const uid = (JSON.parse(readFileSync(f('an.pub'), 'utf8')) as { uid: string }).uid;

    // The secretariat attaches evidence (through the same services the app uses).
    const pdf = (t: string) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${t}\n`), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);
    const files = [
      { unit: 'SBN01', criterion: '1.1.1', name: 'Kế hoạch CCHC 2025.pdf', bytes: pdf('a') },
      { unit: 'XP09', criterion: '1.1.2', name: 'Báo cáo quý.pdf', bytes: pdf('b') },
      { unit: 'SBN01', criterion: '2.1.1', name: 'Không thuộc lĩnh vực.pdf', bytes: pdf('c') },
    ];
    {
      const db = openDatabase(sec);
      const s = createServices(db);
      try {
        const id = s.campaigns.list()[0]!.id;
        for (const [i, x] of files.entries()) {
          mkdirSync(f(`in/${i}`), { recursive: true });
          writeFileSync(f(`in/${i}/${x.name}`), x.bytes);
          await s.evidence.attachPath(id, x.unit, x.criterion, f(`in/${i}/${x.name}`), 'Tổ thư ký');
        }
      } finally {
        s.evidence.dispose();
        db.close();
      }
    }

    ok('package', 'export', '--db', sec, '--out', f('campaign.parpkg'));
    const exported = ok('package', 'export-evidence', '--db', sec, '--out', f('an.parevd'), '--for', uid);
    assert.match(exported, /Đã xuất gói tài liệu kiểm chứng cho "Nguyễn Văn An": 2 tệp/);
    ok('package', 'import', '--db', mem, f('campaign.parpkg'));

    // A bundle with one byte changed in a file: refused, the member's database and store unchanged.
    const bundle = readFileSync(f('an.parevd'));
    const at = bundle.indexOf(Buffer.from('%PDF-1.4')) + 200;
    const tampered = Buffer.from(bundle);
    tampered[at] = tampered[at]! ^ 0xff;
    writeFileSync(f('tampered.parevd'), tampered);
    const dbBefore = sha(readFileSync(mem));
    const storeBefore = tree(f('mem/evidence'));
    const refused = par('package', 'import-evidence', '--db', mem, f('tampered.parevd'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /Gói tài liệu kiểm chứng "tampered\.parevd" bị từ chối: nội dung tệp .* không khớp với mã băm.*Không có gì được ghi/);
    assert.equal(sha(readFileSync(mem)), dbBefore, 'the member database is byte-for-byte unchanged');
    assert.deepEqual(tree(f('mem/evidence')).filter((p) => !p.startsWith('tmp/')), storeBefore.filter((p) => !p.startsWith('tmp/')));

    const imported = ok('package', 'import-evidence', '--db', mem, f('an.parevd'));
    assert.match(imported, /2 tệp mới, 0 tệp đã có sẵn/);
    assert.match(imported, /1 tài liệu kiểm chứng của đợt vẫn chưa có tệp/);
    assert.match(ok('package', 'import-evidence', '--db', mem, f('an.parevd')), /0 tệp mới, 2 tệp đã có sẵn/);

    // The member's evidence list, read in this process from the member's own data folder.
    const db = openDatabase(mem);
    const s = createServices(db);
    try {
      const id = s.campaigns.list()[0]!.id;
      for (const x of files) {
        const item = s.evidence.list(id, x.unit).criteria.find((g) => g.criterionCode === x.criterion)!.items.find((i) => i.fileName === x.name)!;
        assert.equal(item.sha256, sha(x.bytes));
        const mine = x.criterion.startsWith('1.');
        assert.equal(item.available, mine, `${x.name}`);
        if (mine) assert.equal(sha(readFileSync(join(dir, 'mem', 'evidence', item.sha256.slice(0, 2), item.sha256))), sha(x.bytes), 'the blob on disk is the secretariat\'s file');
      }
    } finally {
      s.evidence.dispose();
      db.close();
    }

    const usage = par('package', 'import-evidence', '--db', mem);
    assert.notEqual(usage.code, 0);
    assert.match(usage.err, /Thiếu đường dẫn gói tài liệu kiểm chứng/);
  } finally {
    cleanup();
  }
});
