// Evidence is documents and images, judged by content: a program is refused whatever its name, in an
// upload, a chosen file, a folder or .zip bundle, and inside a .zip; nothing refused reaches the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { UploadStarted } from '../../shared/contract.js';
import { pdfBytes, pngBytes, rowCounts, snapshot, UNIT, withWorld, type EvidenceWorld } from './fixture.js';

const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(2000)]);
const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), randomBytes(500)]);
const script = () => Buffer.from('#!/bin/sh\nrm -rf ~\n');
const docx = (extra: Record<string, Uint8Array> = {}) =>
  Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>'), ...extra }));
const odt = () => Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }));
const ole = () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(1000)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300)]);
const gif = () => Buffer.concat([Buffer.from('GIF89a'), randomBytes(100)]);
const webp = () => Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), randomBytes(100)]);
const tiff = () => Buffer.concat([Buffer.from('II*\0'), randomBytes(100)]);

async function uploadAndAttach(w: EvidenceWorld, fileName: string, data: Buffer, criterionCode = '1.1.1') {
  const begun = await w.call('evidence/uploadBegin', { fileName, size: data.length });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value as UploadStarted;
  const chunk = await w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: data.toString('base64') });
  if (!chunk.ok) return chunk;
  return w.call('evidence/uploadFinish', { uploadId, campaignId: w.campaignId, unitCode: UNIT, criterionCode });
}

function chosenFile(w: EvidenceWorld, name: string, data: Buffer): string {
  mkdirSync(w.scratch, { recursive: true });
  const path = join(w.scratch, name);
  writeFileSync(path, data);
  return w.choose(path);
}

test('a program or a script is refused whatever its name, by upload and by the dialog; nothing is written', withWorld(async (w) => {
  const before = snapshot(w);
  const cases: Array<[string, Buffer, RegExp]> = [
    ['virus.exe', exe(), /chương trình chạy được của Windows/],
    ['Quyết định số 12.pdf', exe(), /chương trình chạy được của Windows/],
    ['ảnh.png', elf(), /Linux \(ELF\)/],
    ['ghi chú.txt', script(), /tập lệnh/],
    ['bảng.csv', Buffer.concat([Buffer.from('a,b\n'), randomBytes(500)]), /không phải loại tài liệu/],
    ['không tên', randomBytes(800), /không phải loại tài liệu/],
  ];
  for (const [name, data, reason] of cases) {
    for (const via of ['upload', 'dialog'] as const) {
      const r = via === 'upload'
        ? await uploadAndAttach(w, name, data)
        : await w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1', fileToken: chosenFile(w, name, data) });
      assert.ok(!r.ok, `${via} ${name} accepted`);
      assert.equal(r.error.code, 'invalid_input');
      assert.match(r.error.message, reason, `${via} ${name}`);
      assert.match(r.error.message, /Chỉ nhận tài liệu và hình ảnh/);
    }
  }
  assert.deepEqual(rowCounts(w), { blobs: 0, links: 0, history: 0 });
  assert.deepEqual(snapshot(w).db, before.db);
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence')).filter((d) => d !== 'tmp'), [], 'no blob left in the store');
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence', 'tmp')), [], 'no temp file left');
}));

test('documents and images pass: PDF, images, Office (OOXML, OLE), OpenDocument, text, and a .zip of those', withWorld(async (w) => {
  const ok: Array<[string, Buffer]> = [
    ['a.pdf', pdfBytes('a')], ['b.png', pngBytes()], ['c.jpg', jpeg()], ['d.gif', gif()], ['e.webp', webp()], ['f.tif', tiff()],
    ['g.docx', docx()], ['h.doc', ole()], ['i.odt', odt()], ['j.txt', Buffer.from('Biên bản họp ngày 12/3\r\n')], ['k.csv', Buffer.from('\ufeffmã,tên\n1,Sở Nội vụ\n')],
    ['l.zip', Buffer.from(zipSync({ 'Biên bản.pdf': pdfBytes('x'), 'ảnh/ảnh 1.png': pngBytes(), 'Tờ trình.docx': docx(), 'ghi chú.txt': strToU8('xin chào') }))],
  ];
  for (const [name, data] of ok) {
    const r = await uploadAndAttach(w, name, data);
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error.message}`);
  }
  assert.equal(rowCounts(w).links, ok.length);
}));

test('a .zip is accepted only when every entry is allowed; Office files with macros are refused', withWorld(async (w) => {
  const refused: Array<[string, Buffer, RegExp]> = [
    ['hồ sơ.zip', Buffer.from(zipSync({ 'Biên bản.pdf': pdfBytes('x'), 'setup.pdf': exe() })), /mục "setup.pdf" trong tệp .zip: nội dung là chương trình/],
    ['lồng.zip', Buffer.from(zipSync({ 'trong.zip': zipSync({ 'a.pdf': pdfBytes('a') }) })), /mục "trong.zip" trong tệp .zip: là một tệp nén nằm trong tệp nén/],
    ['docx có exe.zip', Buffer.from(zipSync({ 'Tờ trình.docx': zipSync({ 'x.exe': exe() }) })), /mục "Tờ trình.docx" trong tệp .zip: là một tệp nén/],
    ['macro.docm', docx({ 'word/vbaProject.bin': ole() }), /macro/],
    ['hỏng.zip', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(200)]), /bị hỏng/],
  ];
  for (const [name, data, reason] of refused) {
    const r = await uploadAndAttach(w, name, data);
    assert.ok(!r.ok, `${name} accepted`);
    assert.match(r.error.message, reason, name);
  }
  assert.deepEqual(rowCounts(w), { blobs: 0, links: 0, history: 0 });
}));

test('a folder or .zip bundle with one program in it is refused whole; nothing is written', withWorld(async (w) => {
  const folder = join(w.scratch, 'Hồ sơ SBN01');
  mkdirSync(join(folder, '1.1.1'), { recursive: true });
  mkdirSync(join(folder, '1.1.2'), { recursive: true });
  writeFileSync(join(folder, '1.1.1', 'Kế hoạch.pdf'), pdfBytes('kế hoạch'));
  writeFileSync(join(folder, '1.1.2', 'Báo cáo.pdf'), exe());
  const before = snapshot(w);
  const r = await w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode: UNIT, fileToken: w.choose(folder, 'evidenceFolder') });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'import_invalid');
  assert.match(r.error.message, /"Báo cáo.pdf": nội dung là chương trình chạy được của Windows/);
  const after = snapshot(w);
  assert.equal(after.db, before.db);
  assert.deepEqual(after.store.filter((p) => p !== 'tmp/'), before.store.filter((p) => p !== 'tmp/'), 'the accepted file went back out too');

  const zip = Buffer.from(zipSync({ '1.1.1/Kế hoạch.pdf': pdfBytes('kế hoạch'), '1.1.2/run.txt': script() }));
  const begun = await w.call('evidence/uploadBegin', { fileName: 'hồ sơ.zip', size: zip.length });
  assert.ok(begun.ok);
  const { uploadId } = begun.value as UploadStarted;
  assert.ok((await w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: zip.toString('base64') })).ok);
  const z = await w.call('evidence/importBundleUpload', { campaignId: w.campaignId, unitCode: UNIT, uploadId });
  assert.ok(!z.ok);
  assert.match(z.error.message, /"run.txt": nội dung là tập lệnh/);
  assert.deepEqual(rowCounts(w), { blobs: 0, links: 0, history: 0 });
}));
