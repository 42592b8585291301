import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { EvidenceItem, EvidenceUnitList, UploadProgress, UploadStarted } from '../../shared/contract.js';
import { ACTOR, blobFiles, pdfBytes, pngBytes, rowCounts, sha256, sha256sum, snapshot, UNIT, withWorld, type EvidenceWorld } from './fixture.js';

function scratchFile(w: EvidenceWorld, name: string, data: Uint8Array): string {
  mkdirSync(w.scratch, { recursive: true });
  const path = join(w.scratch, name);
  writeFileSync(path, data);
  return path;
}

async function ok<T>(reply: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await reply;
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function refused(reply: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>, code: string, pattern: RegExp): Promise<string> {
  const r = await reply;
  assert.equal(r.ok, false, 'expected a refusal');
  if (r.ok) return '';
  assert.equal(r.error.code, code, r.error.message);
  assert.match(r.error.message, pattern);
  return r.error.message;
}

async function upload(w: EvidenceWorld, fileName: string, data: Buffer, chunk = 8 * 1024 * 1024): Promise<string> {
  const begun = await ok<UploadStarted>(w.call('evidence/uploadBegin', { fileName, size: data.length }));
  for (let offset = 0; offset < data.length; offset += chunk) {
    const piece = data.subarray(offset, offset + chunk);
    const p = await ok<UploadProgress>(w.call('evidence/uploadChunk', { uploadId: begun.uploadId, offset, chunkBase64: piece.toString('base64') }));
    assert.equal(p.received, offset + piece.length);
  }
  return begun.uploadId;
}

test('a file attached from disk lands at evidence/<2 hex>/<sha256> with its name, size, type and a history row', withWorld(async (w) => {
  const data = pdfBytes('Kế hoạch CCHC năm 2025', 5000);
  const path = scratchFile(w, 'Kế hoạch CCHC 2025.pdf', data);
  const cell = await ok<EvidenceItem[]>(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(path) }));
  const hash = sha256sum(path);
  assert.equal(cell.length, 1);
  assert.deepEqual(
    { ...cell[0]!, id: 0, addedAt: '' },
    { id: 0, criterionCode: '1.1.1', fileName: 'Kế hoạch CCHC 2025.pdf', size: data.length, mediaType: 'application/pdf', previewable: true, sha256: hash, addedBy: ACTOR, addedAt: '', available: true },
  );
  const stored = join(w.dataDir, 'evidence', hash.slice(0, 2), hash);
  assert.deepEqual(readFileSync(stored), data);
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence', 'tmp')), [], 'no temp file left behind');
  const history = w.db.prepare("SELECT actor, action, unit_code, criterion_code, new_value, source FROM history WHERE action LIKE 'evidence.%'").all() as Array<Record<string, string>>;
  assert.equal(history.length, 1);
  assert.equal(history[0]!.action, 'evidence.attach');
  assert.equal(history[0]!.criterion_code, '1.1.1');
  assert.equal(JSON.parse(history[0]!.new_value!).sha256, hash);
  const list = await ok<EvidenceUnitList>(w.call('evidence/list', { campaignId: w.campaignId, unitCode: UNIT }));
  assert.deepEqual(list.criteria.map((g) => [g.criterionCode, g.items.map((i) => i.fileName)]), [['1.1.1', ['Kế hoạch CCHC 2025.pdf']]]);
  assert.equal(list.totalBytes, data.length);
}));

test('the same content attached twice, anywhere, is stored once', withWorld(async (w) => {
  const data = pdfBytes('báo cáo', 20_000);
  const a = scratchFile(w, 'a.pdf', data);
  const b = scratchFile(w, 'bản sao.pdf', data);
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(a) }));
  const stored = join(w.dataDir, 'evidence', sha256(data).slice(0, 2), sha256(data));
  const first = statSync(stored);
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.2.1', fileToken: w.choose(b) }));
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: 'SBN02', criterionCode: '1.1.1', fileToken: w.choose(b) }));
  // Same content in the same cell again: nothing new, no error.
  const again = await ok<EvidenceItem[]>(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(b) }));
  assert.equal(again.length, 1);
  assert.equal(again[0]!.fileName, 'a.pdf');
  assert.deepEqual(blobFiles(w), [sha256(data)]);
  const last = statSync(stored);
  assert.deepEqual([last.ino, last.mtimeMs], [first.ino, first.mtimeMs], 'the existing blob was not rewritten');
  assert.deepEqual(rowCounts(w), { blobs: 1, links: 3, history: 3 });
}));

test('a chunked upload of several chunks is stored under exactly the sha256sum of the file', withWorld(async (w) => {
  const data = Buffer.concat([pdfBytes('biên bản'), randomBytes(19 * 1024 * 1024 + 12345)]);
  const path = scratchFile(w, 'bien-ban.pdf', data);
  const uploadId = await upload(w, 'Biên bản kiểm tra.pdf', data);
  const cell = await ok<EvidenceItem[]>(w.call('evidence/uploadFinish', { uploadId, campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.3.1' }));
  assert.equal(cell[0]!.sha256, sha256sum(path));
  assert.equal(cell[0]!.size, data.length);
  assert.equal(cell[0]!.mediaType, 'application/pdf');
  assert.equal(sha256sum(join(w.dataDir, 'evidence', cell[0]!.sha256.slice(0, 2), cell[0]!.sha256)), sha256sum(path));
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence', 'tmp')), [], 'the upload temp file was renamed into place');
}));

test('upload chunks must come in order, within 8 MB, as base64, and not past the declared size', withWorld(async (w) => {
  const data = randomBytes(3000);
  const { uploadId } = await ok<UploadStarted>(w.call('evidence/uploadBegin', { fileName: 'x.pdf', size: data.length }));
  await refused(w.call('evidence/uploadChunk', { uploadId, offset: 1000, chunkBase64: data.subarray(1000).toString('base64') }), 'conflict', /không đúng thứ tự: cần vị trí 0/);
  await refused(w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: 'not base64!' }), 'invalid_input', /base64/);
  await refused(w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: randomBytes(4000).toString('base64') }), 'invalid_input', /nhiều hơn kích thước đã báo/);
  const big = await w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: 'A'.repeat(12_000_000) });
  assert.equal(big.ok ? 'ok' : big.error.code, 'invalid_input');
  await ok(w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: data.subarray(0, 1000).toString('base64') }));
  await refused(w.call('evidence/uploadFinish', { uploadId, campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1' }), 'invalid_input', /1000 trên 3000 byte/);
  await refused(w.call('evidence/uploadFinish', { uploadId, campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1' }), 'not_leaf', /tiêu chí thành phần/);
}));

test('abandoned and cancelled uploads leave no temp file; stale temp files of a crashed run are swept at start', withWorld(async (w) => {
  const tmp = join(w.dataDir, 'evidence', 'tmp');
  const { uploadId } = await ok<UploadStarted>(w.call('evidence/uploadBegin', { fileName: 'bo-do.pdf', size: 10 }));
  await ok(w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: Buffer.from('%PDF-').toString('base64') }));
  assert.equal(readdirSync(tmp).length, 1);
  assert.equal(w.s.evidence.uploads.sweep(Date.now() + 16 * 60 * 1000), 1);
  assert.deepEqual(readdirSync(tmp), []);
  await refused(w.call('evidence/uploadChunk', { uploadId, offset: 5, chunkBase64: Buffer.from('1.4\n\n').toString('base64') }), 'not_found', /tải lên lại/);
  const second = await ok<UploadStarted>(w.call('evidence/uploadBegin', { fileName: 'huy.pdf', size: 10 }));
  await ok(w.call('evidence/uploadCancel', { uploadId: second.uploadId }));
  assert.deepEqual(readdirSync(tmp), []);

  const stale = join(tmp, 'upload-stale.part');
  const fresh = join(tmp, 'upload-fresh.part');
  writeFileSync(stale, 'half an upload');
  writeFileSync(fresh, 'in progress elsewhere');
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(stale, old, old);
  const { EvidenceService } = await import('../../electron/services/evidence.js');
  new EvidenceService(w.s.repos, w.s.campaigns, { dataDir: w.dataDir }).dispose();
  assert.deepEqual(readdirSync(tmp), ['upload-fresh.part']);
}));

test('0-byte and over-limit files are refused with their name and nothing is written', withWorld(async (w) => {
  const before = snapshot(w);
  const empty = scratchFile(w, 'trống.pdf', new Uint8Array(0));
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(empty) }), 'invalid_input', /"trống.pdf" rỗng \(0 byte\)/);
  const big = scratchFile(w, 'quá lớn.pdf', Buffer.concat([pdfBytes('x'), randomBytes(300 * 1024)]));
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(big) }), 'invalid_input', /"quá lớn.pdf" lớn hơn giới hạn 256 KB/);
  await refused(w.call('evidence/uploadBegin', { fileName: 'quá lớn.pdf', size: 300 * 1024 }), 'invalid_input', /lớn hơn giới hạn 256 KB/);
  await refused(w.call('evidence/uploadBegin', { fileName: 'trống.pdf', size: 0 }), 'invalid_input', /rỗng \(0 byte\)/);
  await refused(w.call('evidence/uploadBegin', { fileName: 'CON.pdf', size: 10 }), 'invalid_input', /thiết bị dành riêng của Windows/);
  await refused(w.call('evidence/uploadBegin', { fileName: 'a\u0000.pdf', size: 10 }), 'invalid_input', /NUL/);
  assert.deepEqual(snapshot(w), before);
  assert.deepEqual(rowCounts(w), { blobs: 0, links: 0, history: 0 });
}, { limits: { maxFileBytes: 256 * 1024 } }));

test('the limit holds on the bytes actually streamed, not on what the file claimed', withWorld(async (w) => {
  const { Readable } = await import('node:stream');
  const source = Readable.from([randomBytes(200 * 1024), randomBytes(200 * 1024)]);
  await assert.rejects(
    w.s.evidence.store.putStream(source, { maxBytes: 256 * 1024, label: 'dòng.pdf' }),
    (e: unknown) => e instanceof AppError && /"dòng.pdf" lớn hơn giới hạn 256 KB/.test(e.message),
  );
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence', 'tmp')), []);
  assert.deepEqual(blobFiles(w), []);
}));

test('removing a link keeps the blob, writes history, and refuses on a finalised campaign', withWorld(async (w) => {
  const data = pngBytes();
  const path = scratchFile(w, 'ảnh chụp.png', data);
  const [item] = await ok<EvidenceItem[]>(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '7.1.1', fileToken: w.choose(path) }));
  assert.equal(item!.mediaType, 'image/png');
  const after = await ok<EvidenceItem[]>(w.call('evidence/remove', { evidenceId: item!.id }));
  assert.deepEqual(after, []);
  assert.deepEqual(blobFiles(w), [sha256(data)], 'unlinked blobs are kept');
  assert.deepEqual(rowCounts(w), { blobs: 1, links: 0, history: 2 });
  const actions = (w.db.prepare("SELECT action FROM history WHERE action LIKE 'evidence.%' ORDER BY id").all() as Array<{ action: string }>).map((r) => r.action);
  assert.deepEqual(actions, ['evidence.attach', 'evidence.remove']);
  await refused(w.call('evidence/remove', { evidenceId: item!.id }), 'not_found', /đã bị gỡ/);
  const [again] = await ok<EvidenceItem[]>(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '7.1.1', fileToken: w.choose(path) }));
  w.db.prepare("UPDATE campaign SET status = 'final' WHERE id = ?").run(w.campaignId);
  await refused(w.call('evidence/remove', { evidenceId: again!.id }), 'locked', /đã chốt/);
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(path) }), 'locked', /đã chốt/);
}));

test('attaching needs an existing unit, a leaf and an absolute path', withWorld(async (w) => {
  const path = scratchFile(w, 'a.pdf', pdfBytes('a'));
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: 'NOPE', criterionCode: '1.1.1', fileToken: w.choose(path) }), 'not_found', /"NOPE"/);
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1', fileToken: w.choose(path) }), 'not_leaf', /tiêu chí thành phần/);
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '9.9.9', fileToken: w.choose(path) }), 'not_found', /"9.9.9"/);
  await refused(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose('a.pdf') }), 'invalid_input', /tuyệt đối/);
  assert.deepEqual(rowCounts(w), { blobs: 0, links: 0, history: 0 });
}));

test('no path from the page: the browser has no open dialog, and only a token the dialog issued reaches a file', withWorld(async (w) => {
  await refused(w.call('file/choose', { purpose: 'evidence' }), 'forbidden', /kéo thả/);
  const cell = { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1' };
  for (const input of [{ ...cell, path: '/etc/passwd' }, { ...cell, fileToken: '/etc/passwd' }]) {
    await refused(w.call('evidence/attachFile', input), 'invalid_input', /[Tt]ệp đã chọn/);
  }
  await refused(w.call('evidence/attachPath', { ...cell, path: '/etc/passwd' }), 'invalid_input', /Không có chức năng/);
  await refused(w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode: UNIT, path: '/etc' }), 'invalid_input', /[Tt]ệp đã chọn/);
  await refused(w.call('evidence/attachFile', { ...cell, fileToken: 'A'.repeat(32) }), 'forbidden', /chọn lại tệp/);
  // A token chosen for a backup or a bundle attaches nothing, and one attaches once.
  const path = scratchFile(w, 'a.pdf', pdfBytes('a'));
  await refused(w.call('evidence/attachFile', { ...cell, fileToken: w.choose(path, 'backup') }), 'forbidden', /chọn lại tệp/);
  const token = w.choose(path);
  await ok(w.call('evidence/attachFile', { ...cell, fileToken: token }));
  await refused(w.call('evidence/attachFile', { ...cell, fileToken: token }), 'forbidden', /chọn lại tệp/);
  assert.equal(rowCounts(w).links, 1);
}, { host: 'browser' }));

test('deleting a unit or a campaign takes its links with it and keeps the blobs', withWorld(async (w) => {
  const a = scratchFile(w, 'a.pdf', pdfBytes('a', 100));
  const b = scratchFile(w, 'b.pdf', pdfBytes('b', 100));
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: w.choose(a) }));
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.2', fileToken: w.choose(b) }));
  await ok(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: 'SBN02', criterionCode: '1.1.1', fileToken: w.choose(b) }));
  const listed = await ok<{ criteria: Array<{ criterionCode: string; items: unknown[] }> }>(w.call('evidence/list', { campaignId: w.campaignId, unitCode: UNIT }));
  assert.deepEqual(listed.criteria.map((g) => [g.criterionCode, g.items.length]), [['1.1.1', 1], ['1.1.2', 1]]);
  await ok(w.call('unit/delete', { campaignId: w.campaignId, code: UNIT }));
  assert.equal(rowCounts(w).links, 1);
  await ok(w.call('campaign/delete', { campaignId: w.campaignId }));
  assert.equal(rowCounts(w).links, 0);
  assert.equal(rowCounts(w).blobs, 2);
  assert.equal(blobFiles(w).length, 2);
}));
