import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { serveEvidence, parseRange, contentDisposition } from '../../electron/evidence/http.js';
import type { EvidenceItem, EvidenceMeta } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { pdfBytes, UNIT, withWorld, type EvidenceWorld } from './fixture.js';

const value = <T>(r: Reply<unknown>): T => {
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

async function attach(w: EvidenceWorld, name: string, data: Uint8Array, criterionCode = '1.1.1'): Promise<EvidenceItem> {
  mkdirSync(w.scratch, { recursive: true });
  const path = join(w.scratch, name);
  writeFileSync(path, data);
  const cell = value<EvidenceItem[]>(await w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode, fileToken: w.choose(path) }));
  return cell.find((i) => i.fileName === name)!;
}

function get(server: Server, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('meta and the stream give back exactly the stored file; a PDF saved as .bin still previews', withWorld(async (w) => {
  const data = pdfBytes('xem trước', 10_000);
  const item = await attach(w, 'quyết định.bin', data);
  const meta = value<EvidenceMeta>(await w.call('evidence/meta', { evidenceId: item.id }));
  assert.deepEqual([meta.fileName, meta.mediaType, meta.previewable, meta.size], ['quyết định.bin', 'application/pdf', true, data.length]);
  const opened = w.s.evidence.openEvidenceStream(item.id);
  const chunks: Buffer[] = [];
  for await (const c of opened.stream) chunks.push(c as Buffer);
  assert.deepEqual(Buffer.concat(chunks), data);
  assert.deepEqual([opened.fileName, opened.mediaType, opened.size], ['quyết định.bin', 'application/pdf', data.length]);
}));

test('GET /evidence/<id>: inline PDF with ranges; other types only download; unknown ids are 404', withWorld(async (w) => {
  const data = pdfBytes('pdf', 50_000);
  const pdf = await attach(w, 'Báo cáo.pdf', data);
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  writeFileSync(join(w.scratch, 'ảnh giả.png'), html);
  const refused = await w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.2.1', fileToken: w.choose(join(w.scratch, 'ảnh giả.png')) });
  assert.ok(!refused.ok && /Không nhận tệp "ảnh giả.png"/.test(refused.error.message), 'HTML named .png is no image');
  // Text is allowed under a text name; it is still never shown inside the app.
  const fake = await attach(w, 'trang.csv', html, '1.2.1');
  const server = createServer((req, res) => {
    const m = /^\/evidence\/(\d+)$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    serveEvidence(w.s.evidence, Number(m[1]), req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const whole = await get(server, `/evidence/${pdf.id}`);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-type'], 'application/pdf');
    assert.equal(whole.headers['content-length'], String(data.length));
    assert.match(String(whole.headers['content-disposition']), /^inline; filename="Bao cao\.pdf"; filename\*=UTF-8''B%C3%A1o%20c%C3%A1o\.pdf$/);
    assert.deepEqual(whole.body, data);

    const part = await get(server, `/evidence/${pdf.id}`, { range: 'bytes=100-199' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 100-199/${data.length}`);
    assert.deepEqual(part.body, data.subarray(100, 200));
    const outside = await get(server, `/evidence/${pdf.id}`, { range: `bytes=${data.length}-` });
    assert.equal(outside.status, 416);

    const served = await get(server, `/evidence/${fake.id}`);
    assert.equal(fake.previewable, false);
    assert.equal(served.headers['content-type'], 'application/octet-stream');
    assert.match(String(served.headers['content-disposition']), /^attachment;/);
    assert.equal(served.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(served.headers['x-content-type-options'], 'nosniff');

    assert.equal((await get(server, '/evidence/999999')).status, 404);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}));

test('copies for the system app come from the store, under the original name', withWorld(async (w) => {
  const data = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
  const item = await attach(w, 'Tờ trình.docx', data);
  const path = await w.s.evidence.copyForOpening(item.id);
  assert.ok(path.startsWith(join(w.dataDir, 'evidence-open')));
  assert.ok(path.endsWith('Tờ trình.docx'));
  assert.deepEqual(readFileSync(path), data);
}));

test('ranges parse as RFC 7233 single ranges', () => {
  assert.deepEqual(parseRange(undefined, 100), null);
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=50-500', 100), { start: 50, end: 99 });
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=9-1', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-6', 100), null);
  assert.equal(contentDisposition('attachment', 'Đề án "mới".pdf'), `attachment; filename="De an _moi_.pdf"; filename*=UTF-8''${encodeURIComponent('Đề án "mới".pdf')}`);
});
