// `par backup` / `par backup verify` / `par restore` through the built CLI (bin/par.mjs), on real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { par, smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';
import { fileTree } from './support.js';



function rankOf(db: string): string {
  const r = par('rank', '--db', db, '--json');
  assert.equal(r.code, 0, r.err);
  return r.out;
}

test('par backup, backup verify and restore --yes bring back the data and the evidence', async () => {
  const { dir, cleanup } = tempDir('par-backup-cli-');
  try {
    const wb = join(dir, 'đợt.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const db = join(dir, 'data', 'par.sqlite');
    // A campaign and an evidence file attached through the app's services (the store beside the database).
    assert.equal(par('import', wb, '--db', db).code, 0);
    const evidence = join(dir, 'Kế hoạch.pdf');
    writeFileSync(evidence, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4000)]));
    const app = openApp({ dataDir: join(dir, 'data'), host: 'cli', seedDemo: false });
    const id = app.services.campaigns.list()[0]!.id;
    const [item] = await app.services.evidence.attachPath(id, 'S1', '1.1.1', evidence, 'Thử');
    app.close();
    const blob = join(dir, 'data', 'evidence', item!.sha256.slice(0, 2), item!.sha256);
    assert.ok(existsSync(blob));
    const original = rankOf(db);
    const archive = join(dir, 'sao lưu.parbak');
    const made = par('backup', '--db', db, '--out', archive);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /Đã sao lưu: .*sao lưu\.parbak/);
    const verified = par('backup', 'verify', archive);
    assert.equal(verified.code, 0, verified.err);
    assert.match(verified.out, /Tệp sao lưu hợp lệ/);
    assert.match(verified.out, /1 đợt đánh giá; 1 tệp tài liệu kiểm chứng/);

    // Change a score, then try to restore without --yes: refused, nothing changed.
    assert.equal(par('decide', '--db', db, '--unit', 'S1', '--criterion', '1.1.2', '--points', '0', '--reason', 'thử').code, 0);
    const changed = rankOf(db);
    assert.notEqual(changed, original);
    rmSync(blob);
    const files = fileTree(join(dir, 'data'));
    const refused = par('restore', '--db', db, archive);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /THAY THẾ/);
    assert.match(refused.err, /--yes/);
    assert.deepEqual(fileTree(join(dir, 'data')), files);

    // While an app has the database open, the restore is refused and nothing changes.
    const holder = openDatabase(db);
    const busy = par('restore', '--db', db, archive, '--yes');
    holder.close();
    assert.equal(busy.code, 1);
    assert.match(busy.err, /đang được mở bởi ứng dụng/);
    assert.deepEqual(fileTree(join(dir, 'data')), files);

    const restored = par('restore', '--db', db, archive, '--yes');
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, /Đã khôi phục/);
    assert.match(restored.out, /before-restore-/);
    assert.equal(rankOf(db), original);
    assert.equal(createHash('sha256').update(readFileSync(blob)).digest('hex'), item!.sha256, 'the evidence file is back');
  } finally {
    cleanup();
  }
});

test('a damaged archive: backup verify and restore --yes refuse it, non-zero, the database unchanged', () => {
  const { dir, cleanup } = tempDir('par-backup-cli-');
  try {
    const wb = join(dir, 'đợt.xlsx');
    writeFileSync(wb, workbookBuffer(smallWorkbook()));
    const db = join(dir, 'par.sqlite');
    assert.equal(par('import', wb, '--db', db).code, 0);
    const archive = join(dir, 'b.parbak');
    assert.equal(par('backup', '--db', db, '--out', archive).code, 0);
    const bytes = readFileSync(archive);
    bytes[2000] = bytes[2000]! ^ 0xff;
    const bad = join(dir, 'hỏng.parbak');
    writeFileSync(bad, bytes);
    const v = par('backup', 'verify', bad);
    assert.equal(v.code, 1);
    assert.match(v.err, /bị từ chối|bị hỏng/);
    const before = readFileSync(db);
    const r = par('restore', '--db', db, bad, '--yes');
    assert.equal(r.code, 1);
    assert.match(r.err, /Không có gì bị thay đổi/);
    assert.deepEqual(readFileSync(db), before);
    assert.equal(existsSync(join(dir, 'backups')), false, 'no safety copy: nothing was replaced');
    const wrongExt = par('backup', '--db', db, '--out', join(dir, 'x.zip'));
    assert.equal(wrongExt.code, 1);
    assert.match(wrongExt.err, /\.parbak/);
  } finally {
    cleanup();
  }
});
