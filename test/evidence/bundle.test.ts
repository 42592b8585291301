import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { BundleImportResult, EvidenceUnitList, UploadStarted } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import type { EvidenceLimits } from '../../electron/evidence/limits.js';
import { craftZip, type CraftEntry } from './zip-craft.js';
import { blobFiles, pdfBytes, pngBytes, rowCounts, sha256, sha256sum, snapshot, UNIT, withWorld, type EvidenceWorld } from './fixture.js';

const MB = 1024 * 1024;

function writeScratch(w: EvidenceWorld, rel: string, data: Uint8Array): string {
  const path = join(w.scratch, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

async function importPath(w: EvidenceWorld, path: string): Promise<Reply<unknown>> {
  return w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode: UNIT, fileToken: w.choose(path, 'evidenceFolder') });
}

function value<T>(r: Reply<unknown>): T {
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** A first, good import so the store and its folders exist; refusals must then leave it all as it was. */
async function seedStore(w: EvidenceWorld): Promise<void> {
  const zip = writeScratch(w, 'seed.zip', zipSync({ '1.5.1': { 'seed.pdf': pdfBytes('seed', 1000) } }));
  value(await importPath(w, zip));
}

async function expectRefused(w: EvidenceWorld, zip: Uint8Array, pattern: RegExp, code = 'import_invalid'): Promise<string> {
  await seedStore(w);
  const before = snapshot(w);
  const counts = rowCounts(w);
  const path = writeScratch(w, 'hostile.zip', zip);
  const r = await importPath(w, path);
  assert.equal(r.ok, false, 'the bundle must be refused');
  if (r.ok) return '';
  assert.equal(r.error.code, code, r.error.message);
  assert.match(r.error.message, pattern);
  assert.match(r.error.message, /chưa có/, 'the message says nothing was written');
  assert.deepEqual(snapshot(w), before, 'store folder and database unchanged, byte for byte');
  assert.deepEqual(rowCounts(w), counts);
  return r.error.message;
}

const hostile = (title: string, build: () => Uint8Array, pattern: RegExp, limits?: Partial<EvidenceLimits>) =>
  test(`hostile zip refused, nothing written: ${title}`, withWorld(async (w) => {
    await expectRefused(w, build(), pattern);
  }, limits ? { limits } : {}));

const good = (): Zippable => ({
  '1.1.1': { 'Kế hoạch CCHC năm 2025.pdf': pdfBytes('kế hoạch', 4000) },
  '1.2.1': { 'Báo cáo quý I.pdf': pdfBytes('báo cáo', 3000), 'ảnh hiện trường.png': pngBytes() },
});

// ── Good bundles ───────────────────────────────────────────────────────────────────────────────

test('a good folder imports: codes with titles, system clutter skipped, one transaction of rows', withWorld(async (w) => {
  const kh = writeScratch(w, 'Hồ sơ/1.1.1 Ban hành kế hoạch/KH 2025.pdf', pdfBytes('kh', 2000));
  writeScratch(w, 'Hồ sơ/1.2.1/BC.pdf', pdfBytes('bc', 2000));
  writeScratch(w, 'Hồ sơ/1.2.1/Thumbs.db', randomBytes(50));
  writeScratch(w, 'Hồ sơ/.DS_Store', randomBytes(50));
  const result = value<BundleImportResult>(await importPath(w, join(w.scratch, 'Hồ sơ')));
  assert.equal(result.files, 2);
  assert.equal(result.attached, 2);
  assert.equal(result.newBlobs, 2);
  assert.deepEqual(result.skipped.sort(), ['.DS_Store', '1.2.1/Thumbs.db']);
  assert.deepEqual(result.criteria.map((g) => [g.criterionCode, g.items.map((i) => i.fileName)]), [['1.1.1', ['KH 2025.pdf']], ['1.2.1', ['BC.pdf']]]);
  assert.equal(result.criteria[0]!.items[0]!.sha256, sha256sum(kh));
  const sources = w.db.prepare("SELECT DISTINCT source FROM history WHERE action = 'evidence.attach'").all();
  assert.deepEqual(sources, [{ source: 'bundle:Hồ sơ' }]);
}));

test('a good zip imports, with or without a wrapping folder, and its Vietnamese names survive', withWorld(async (w) => {
  const zip = writeScratch(w, 'SBN01.zip', zipSync({ 'Hồ sơ SBN01': good(), __MACOSX: { 'Hồ sơ SBN01': { '._x': randomBytes(10) } } }));
  const result = value<BundleImportResult>(await importPath(w, zip));
  assert.equal(result.attached, 3);
  assert.deepEqual(result.skipped, ['__MACOSX/Hồ sơ SBN01/._x']);
  const list = value<EvidenceUnitList>(await w.call('evidence/list', { campaignId: w.campaignId, unitCode: UNIT }));
  assert.deepEqual(
    list.criteria.map((g) => [g.criterionCode, g.items.map((i) => `${i.fileName} ${i.mediaType}`).sort()]),
    [['1.1.1', ['Kế hoạch CCHC năm 2025.pdf application/pdf']], ['1.2.1', ['Báo cáo quý I.pdf application/pdf', 'ảnh hiện trường.png image/png']]],
  );
  assert.equal(rowCounts(w).history, 3);
}));

test('importing the same zip twice stores each file once and links nothing twice', withWorld(async (w) => {
  const same = pdfBytes('dùng chung', 5000);
  const zip = writeScratch(w, 'b.zip', zipSync({ ...good(), '1.3.1': { 'copy.pdf': same }, '1.3.2': { 'again.pdf': same } }));
  const first = value<BundleImportResult>(await importPath(w, zip));
  assert.equal(first.attached, 5);
  assert.equal(first.newBlobs, 4, 'the same content in two cells is one blob');
  const blobs = blobFiles(w).sort();
  assert.equal(blobs.length, 4);
  const second = value<BundleImportResult>(await importPath(w, zip));
  assert.equal(second.attached, 0);
  assert.equal(second.newBlobs, 0);
  assert.equal(second.alreadyAttached.length, 5);
  assert.deepEqual(blobFiles(w).sort(), blobs);
  assert.ok(blobs.includes(sha256(same)));
}));

test('a zip uploaded in chunks imports, and the upload is used up', withWorld(async (w) => {
  const zip = Buffer.from(zipSync(good()));
  const { uploadId } = value<UploadStarted>(await w.call('evidence/uploadBegin', { fileName: 'goi.zip', size: zip.length }));
  value(await w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: zip.toString('base64') }));
  const result = value<BundleImportResult>(await w.call('evidence/importBundleUpload', { campaignId: w.campaignId, unitCode: UNIT, uploadId }));
  assert.equal(result.attached, 3);
  assert.deepEqual(readdirSync(join(w.dataDir, 'evidence', 'tmp')), []);
  const again = await w.call('evidence/importBundleUpload', { campaignId: w.campaignId, unitCode: UNIT, uploadId });
  assert.equal(again.ok ? 'ok' : again.error.code, 'not_found');
}));

test('a legacy zip name without the UTF-8 flag is read as CP437', withWorld(async (w) => {
  // "1.1.1/Bao cao é.pdf" with é written as CP437 0x82.
  const name = Buffer.concat([Buffer.from('1.1.1/Bao cao '), Buffer.from([0x82]), Buffer.from('.pdf')]);
  const zip = writeScratch(w, 'cp437.zip', craftZip([{ name, data: pdfBytes('x', 100) }]));
  const result = value<BundleImportResult>(await importPath(w, zip));
  assert.equal(result.criteria[0]!.items[0]!.fileName, 'Bao cao é.pdf');
}));

// ── Hostile zips ───────────────────────────────────────────────────────────────────────────────

const pdf = () => pdfBytes('x', 500);
hostile('"../evil.txt" escapes the folder', () => craftZip([{ name: '../evil.txt', data: pdf() }]), /Mục "\.\.\/evil\.txt": đường dẫn chứa thành phần "\.\."/);
hostile('"1.1.1/../../evil.pdf" escapes the folder', () => craftZip([{ name: '1.1.1/../../evil.pdf', data: pdf() }]), /Mục "1\.1\.1\/\.\.\/\.\.\/evil\.pdf": .*thoát ra ngoài/);
hostile('an absolute path "/etc/x"', () => craftZip([{ name: '/etc/x', data: pdf() }]), /Mục "\/etc\/x": là đường dẫn tuyệt đối/);
hostile('a backslash path "C:\\x"', () => craftZip([{ name: 'C:\\x', data: pdf() }]), /Mục "C:\\x": đường dẫn dùng dấu "\\"/);
hostile('a drive letter "C:/Windows/x.pdf"', () => craftZip([{ name: 'C:/Windows/x.pdf', data: pdf() }]), /Mục "C:\/Windows\/x\.pdf": là đường dẫn tuyệt đối có tên ổ đĩa/);
hostile('a backslash escape "1.1.1\\..\\..\\evil.pdf"', () => craftZip([{ name: '1.1.1\\..\\..\\evil.pdf', data: pdf() }]), /dấu "\\"/);
hostile('a device name "1.1.1/CON.pdf"', () => zipSync({ '1.1.1': { 'CON.pdf': pdf() } }), /Mục "1\.1\.1\/CON\.pdf": tên "CON" là tên thiết bị dành riêng của Windows/);
hostile('a device name without extension "1.1.1/com1"', () => craftZip([{ name: '1.1.1/com1', data: pdf() }]), /Mục "1\.1\.1\/com1": tên "COM1" là tên thiết bị/);
hostile('a device-named folder "LPT1/a.pdf"', () => craftZip([{ name: 'LPT1/a.pdf', data: pdf() }]), /tên "LPT1" là tên thiết bị/);
hostile('a NUL byte in a name', () => craftZip([{ name: '1.1.1/a\u0000b.pdf', data: pdf() }]), /Mục "1\.1\.1\/a\\x00b\.pdf": tên chứa ký tự NUL/);
hostile('a control character in a name', () => craftZip([{ name: '1.1.1/a\u0007.pdf', data: pdf() }]), /Mục "1\.1\.1\/a\\x07\.pdf": tên chứa ký tự điều khiển/);
hostile('a symlink entry', () => craftZip([{ name: '1.1.1/link.pdf', data: Buffer.from('/etc/passwd'), method: 0, unixMode: 0o120777 }]), /Mục "1\.1\.1\/link\.pdf": là liên kết tượng trưng/);
hostile('an encrypted entry', () => craftZip([{ name: '1.1.1/secret.pdf', data: pdf(), flags: 0x1 }]), /Mục "1\.1\.1\/secret\.pdf": được mã hóa/);
hostile('an unsupported compression method', () => craftZip([{ name: '1.1.1/a.pdf', data: pdf(), method: 12 }]), /phương thức không hỗ trợ \(mã 12\)/);
hostile('12 MB of zeros compressing to kilobytes (ratio beyond the cap)', () => zipSync({ '1.1.1': { 'zeros.pdf': [new Uint8Array(12 * MB), { level: 9 }] } }), /Mục "1\.1\.1\/zeros\.pdf": tỉ lệ nén bất thường \(\d+ lần, giới hạn 100 lần\)/);
hostile('overlapping entries sharing one stream', () => craftZip([
  { name: '1.1.1/a.pdf', data: pdfBytes('a', 200_000) },
  { name: '1.1.1/b.pdf', sameDataAs: 0 },
  { name: '1.1.1/c.pdf', sameDataAs: 0 },
]), /Mục "1\.1\.1\/b\.pdf": dữ liệu chồng lên mục "1\.1\.1\/a\.pdf"/);
hostile('an entry over the per-file limit', () => zipSync({ '1.1.1': { 'lon.pdf': Buffer.concat([pdfBytes('x'), randomBytes(1.5 * MB)]) } }), /Mục "1\.1\.1\/lon\.pdf": tệp 1,5 MB lớn hơn giới hạn 1 MB/, { maxFileBytes: MB });
hostile('a total beyond the bundle cap', () => zipSync({ '1.1.1': { 'a.pdf': randomBytes(400_000), 'b.pdf': randomBytes(400_000), 'c.pdf': randomBytes(400_000) } }), /Tổng dung lượng các tệp trong gói \(1,1 MB\) vượt giới hạn 1 MB/, { maxBundleBytes: MB });
hostile('more entries than the cap', () => zipSync({ '1.1.1': Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.pdf`, pdf()])) }), /Tệp \.zip có 7 mục, vượt giới hạn 5 mục/, { maxBundleEntries: 5 });
hostile('an unknown criterion code', () => zipSync({ '9.9.9': { 'a.pdf': pdf() } }), /Mục "9\.9\.9\/a\.pdf": thư mục "9\.9\.9" không trùng mã tiêu chí nào/);
hostile('a criterion that is not a leaf', () => zipSync({ '1.1': { 'a.pdf': pdf() } }), /Mục "1\.1\/a\.pdf": "1\.1" là tiêu chí có tiêu chí con; chỉ đính kèm ở tiêu chí thành phần \(ví dụ "1\.1\.1"\)/);
hostile('a 0-byte file', () => zipSync({ '1.1.1': { 'empty.pdf': new Uint8Array(0) } }), /Mục "1\.1\.1\/empty\.pdf": tệp rỗng \(0 byte\)/);
hostile('a file in a nested folder', () => zipSync({ '1.1.1': { sub: { 'a.pdf': pdf() } } }), /Mục "1\.1\.1\/sub\/a\.pdf": tệp nằm trong thư mục con/);
hostile('a file outside any criterion folder', () => zipSync({ 'a.pdf': pdf(), '1.1.1': { 'b.pdf': pdf() } }), /Mục "a\.pdf": tệp nằm ngoài các thư mục mã tiêu chí/);
hostile('two names differing only in case', () => zipSync({ '1.1.1': { 'A.pdf': pdf(), 'a.pdf': pdf() } }), /trùng tên với mục/);

test('a declared-small entry that inflates huge is stopped on its actual bytes; blobs already copied are removed', withWorld(async (w) => {
  const zip = craftZip([
    { name: '1.1.1/good first.pdf', data: pdfBytes('a new blob', 3000) },
    { name: '1.1.2/bomb.pdf', data: new Uint8Array(20 * MB), declaredSize: 1000 },
  ]);
  assert.ok(zip.length < 100_000, `crafted bomb is ${zip.length} bytes`);
  const message = await expectRefused(w, zip, /Mục "1\.1\.2\/bomb\.pdf": dữ liệu giải nén vượt quá kích thước đã khai báo \(1000 byte\) — dấu hiệu của bom nén/);
  assert.doesNotMatch(message, /good first/);
}));

test('a wrong CRC found after streaming undoes the whole import', withWorld(async (w) => {
  const zip = craftZip([
    { name: '1.1.1/good.pdf', data: pdfBytes('another new blob', 3000) },
    { name: '1.1.2/bad.pdf', data: pdfBytes('bad', 3000), crc: 0x12345678 },
  ]);
  await expectRefused(w, zip, /Mục "1\.1\.2\/bad\.pdf": sai mã kiểm tra CRC-32/);
}));

test('a broken deflate stream found while reading undoes the whole import', withWorld(async (w) => {
  const zip = craftZip([
    { name: '1.1.1/good.pdf', data: pdfBytes('yet another new blob', 3000) },
    { name: '1.1.2/broken.pdf', data: pdfBytes('broken', 3000), body: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]) },
  ]);
  await expectRefused(w, zip, /Mục "1\.1\.2\/broken\.pdf": không đọc được dữ liệu/);
}));

test('every problem of a bundle is listed, each naming its entry', withWorld(async (w) => {
  const zip = craftZip([
    { name: '../a.pdf', data: pdf() },
    { name: '1.1.1/NUL.txt', data: pdf() },
    { name: '9.9/b.pdf', data: pdf() },
    { name: '1.1.1/ok.pdf', data: pdf() },
  ]);
  await seedStore(w);
  const r = await importPath(w, writeScratch(w, 'many.zip', zip));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.error.issues?.map((i) => i.message.split(':')[0]), ['Mục "../a.pdf"', 'Mục "1.1.1/NUL.txt"', 'Mục "9.9/b.pdf"']);
  assert.match(r.error.message, /và 2 lỗi khác/);
}));

test('something that is not a zip, and a truncated zip, are refused plainly', withWorld(async (w) => {
  await seedStore(w);
  const before = snapshot(w);
  const notZip = await importPath(w, writeScratch(w, 'x.zip', randomBytes(1000)));
  assert.equal(notZip.ok ? '' : notZip.error.message.includes('không phải là thư mục hay tệp .zip'), true);
  const whole = Buffer.from(zipSync(good()));
  const cut = await importPath(w, writeScratch(w, 'cut.zip', whole.subarray(0, whole.length - 30)));
  assert.equal(cut.ok ? '' : cut.error.code, 'import_invalid');
  assert.match(cut.ok ? '' : cut.error.message, /Không đọc được tệp \.zip/);
  assert.deepEqual(snapshot(w), before);
}));

test('a hostile zip sent through the chunked upload is refused and its upload removed', withWorld(async (w) => {
  await seedStore(w);
  const before = snapshot(w);
  const zip = craftZip([{ name: '../../evil.sh', data: pdf() }]);
  const { uploadId } = value<UploadStarted>(await w.call('evidence/uploadBegin', { fileName: 'evil.zip', size: zip.length }));
  value(await w.call('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: zip.toString('base64') }));
  const r = await w.call('evidence/importBundleUpload', { campaignId: w.campaignId, unitCode: UNIT, uploadId });
  assert.match(r.ok ? '' : r.error.message, /Mục "\.\.\/\.\.\/evil\.sh": đường dẫn chứa thành phần "\.\."/);
  assert.deepEqual(snapshot(w), before);
}));

// ── Hostile folders ────────────────────────────────────────────────────────────────────────────

async function expectFolderRefused(w: EvidenceWorld, build: (root: string) => void, pattern: RegExp): Promise<void> {
  await seedStore(w);
  const before = snapshot(w);
  const root = join(w.scratch, 'folder');
  mkdirSync(join(root, '1.1.1'), { recursive: true });
  writeFileSync(join(root, '1.1.1', 'ok.pdf'), pdfBytes('ok', 100));
  build(root);
  const r = await importPath(w, root);
  assert.equal(r.ok, false, 'the folder must be refused');
  assert.match(r.ok ? '' : r.error.message, pattern);
  assert.deepEqual(snapshot(w), before);
}

const hostileFolder = (title: string, build: (root: string) => void, pattern: RegExp, limits?: Partial<EvidenceLimits>) =>
  test(`hostile folder refused, nothing written: ${title}`, withWorld((w) => expectFolderRefused(w, build, pattern), limits ? { limits } : {}));

hostileFolder('a symlink to a file outside', (root) => symlinkSync('/etc/hostname', join(root, '1.1.1', 'link.pdf')), /Mục "1\.1\.1\/link\.pdf": là liên kết tượng trưng/);
hostileFolder('a symlinked folder', (root) => symlinkSync('/etc', join(root, '1.1.2')), /Mục "1\.1\.2": là liên kết tượng trưng/);
hostileFolder('a 0-byte file', (root) => writeFileSync(join(root, '1.1.1', 'empty.pdf'), ''), /Mục "1\.1\.1\/empty\.pdf": tệp rỗng/);
hostileFolder('a device name', (root) => writeFileSync(join(root, '1.1.1', 'aux.pdf'), 'x'), /tên "AUX" là tên thiết bị/);
hostileFolder('a control character', (root) => writeFileSync(join(root, '1.1.1', 'a\u0001.pdf'), 'x'), /Mục "1\.1\.1\/a\\x01\.pdf": tên chứa ký tự điều khiển/);
hostileFolder('a backslash in a name', (root) => writeFileSync(join(root, '1.1.1', '..\\evil.pdf'), 'x'), /dấu "\\"/);
hostileFolder('an unknown criterion folder', (root) => writeScratchAbs(join(root, '42', 'a.pdf'), 'x'), /thư mục "42" không trùng mã tiêu chí/);
hostileFolder('an over-limit file', (root) => writeFileSync(join(root, '1.1.1', 'big.pdf'), randomBytes(300 * 1024)), /lớn hơn giới hạn 256 KB/, { maxFileBytes: 256 * 1024 });

function writeScratchAbs(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

export type { CraftEntry };
