// PAdES on the PDF annexes, through a PKCS#12 file and through a token: checked by the app, by poppler's
// pdfsig and by openssl over the signed byte ranges; the signed PDF still renders; any changed byte in
// the signed range, appended bytes or a damaged /Contents make verification fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs12, openToken, signDetached, signPdf, verify, type Signer } from '../../electron/signing/index.js';
import { firstPage, incrementalUpdate, selfSigned } from './crafted.js';
import { demoAnnexes, flipByte, makePki, makeToken, must, P12_PASSWORD, run, SIGNER_CN } from './support.js';

const pki = makePki();
const token = makeToken(pki);
const annexes = await demoAnnexes();
const text = (pdf: string) => must('pdftotext', ['-enc', 'UTF-8', pdf, '-']).normalize('NFC');

async function signed(kind: 'pkcs12' | 'pkcs11', name: string): Promise<string> {
  const signer: Signer = kind === 'pkcs12' ? loadPkcs12(readFileSync(pki.p12), P12_PASSWORD) : await openToken({ module: token.module, slot: 0, pin: token.pin });
  try {
    const file = join(annexes.dir, name);
    writeFileSync(file, await signPdf(annexes.pdf, signer));
    return file;
  } finally {
    signer.close();
  }
}

function byteRange(pdf: Buffer): number[] {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'));
  assert.ok(m, 'a /ByteRange');
  return m.slice(1).map(Number);
}

for (const kind of ['pkcs12', 'pkcs11'] as const) {
  test(`a PDF annex signed through ${kind} verifies in the app, in pdfsig and in openssl, and still renders`, async () => {
    const file = await signed(kind, `${kind}.pdf`);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, true, JSON.stringify(result.signatures.map((s) => s.problems)));
    const [sig] = result.signatures;
    assert.equal(sig!.format, 'PAdES (ETSI.CAdES.detached)');
    assert.equal(sig!.signer?.commonName, SIGNER_CN);
    assert.equal(sig!.chain.status, 'trusted');
    assert.ok(sig!.signingTime);

    const pdfsig = run('pdfsig', [file]);
    assert.match(pdfsig.out, /Signature Validation: Signature is Valid\./);
    assert.match(pdfsig.out, /Total document signed/);
    assert.match(pdfsig.out, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(pdfsig.out, /Signer Certificate Common Name: Nguyễn Văn A/);
    assert.doesNotMatch(pdfsig.err, /Syntax Error/, 'the appended signature dictionary parses cleanly');

    // openssl over exactly the signed bytes, with the CMS taken out of /Contents.
    const bytes = readFileSync(file);
    const [a, b, c, d] = byteRange(bytes);
    writeFileSync(`${file}.signed-bytes`, Buffer.concat([bytes.subarray(a!, a! + b!), bytes.subarray(c!, c! + d!)]));
    const hex = bytes.subarray(a! + b! + 1, c! - 1).toString('latin1').replace(/(00)+$/, '');
    writeFileSync(`${file}.cms`, Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
    const openssl = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', `${file}.signed-bytes`, '-in', `${file}.cms`, '-CAfile', pki.caPem, '-out', '/dev/null']);
    assert.match(openssl.err, /CMS Verification successful/);

    const before = text(join(annexes.dir, 'unsigned.pdf'));
    // The same text, under the visible signature block (pdf-visible.test.ts) at the top of page 1.
    const after = text(file);
    assert.ok(after.startsWith(`Ký bởi: ${SIGNER_CN}`), after.slice(0, 200));
    assert.equal(after.slice(after.indexOf('\n\n') + 2), before, 'the signed PDF renders the same text');
    assert.match(must('pdfinfo', [file]), /Pages:\s+\d+/);
  });
}

writeFileSync(join(annexes.dir, 'unsigned.pdf'), annexes.pdf);

/** Replaces one hex digit of /Contents by another hex digit (still a well-formed PDF string). */
function changeHexDigit(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at] === 0x30 ? 0x31 : 0x30;
  writeFileSync(file, b);
}

test('one changed byte inside the signed range, appended bytes or a damaged signature: verification fails', async () => {
  const original = await signed('pkcs12', 'tamper.pdf');
  const bytes = readFileSync(original);
  const [a, b, c] = byteRange(bytes);
  // The CMS ends with the RSA signature value; the hex after it is zero padding (outside the CMS).
  const cmsHexEnd = a! + b! + 1 + bytes.subarray(a! + b! + 1, c! - 1).toString('latin1').replace(/(00)+$/, '').length;
  const cases: Array<[string, (f: string) => void, RegExp]> = [
    ['a byte in the first signed range', (f) => flipByte(f, Math.floor(b! / 2)), /tệp đã bị thay đổi sau khi ký/],
    ['a byte in the second signed range', (f) => flipByte(f, c! + 10), /tệp đã bị thay đổi sau khi ký/],
    ['bytes appended after signing', (f) => appendFileSync(f, '\n% thêm sau khi ký\n'), /Tài liệu đã bị thay đổi sau khi ký: chữ ký chỉ bao phủ/],
    ['a hex digit inside the signature value', (f) => changeHexDigit(f, cmsHexEnd - 10), /Chữ ký không khớp nội dung/],
  ];
  for (const [what, tamper, message] of cases) {
    const file = join(annexes.dir, `tamper-${cases.findIndex((x) => x[0] === what)}.pdf`);
    writeFileSync(file, bytes);
    tamper(file);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, false, what);
    assert.match([...result.problems, ...result.signatures.flatMap((s) => s.problems)].join(' '), message, what);
  }
  const unsigned = await verify(join(annexes.dir, 'unsigned.pdf'), { caFiles: [pki.caPem] });
  assert.equal(unsigned.ok, false);
  assert.deepEqual(unsigned.problems, ['Tệp PDF không có chữ ký số nào.']);
});

test('a second signature on a signed PDF: the second covers the document; the first is reported changed after signing, as pdfsig says', async () => {
  const once = await signed('pkcs12', 'twice.pdf');
  const token2 = await openToken({ module: token.module, slot: 0, pin: token.pin });
  try {
    writeFileSync(once, await signPdf(readFileSync(once), token2));
  } finally {
    token2.close();
  }
  const result = await verify(once, { caFiles: [pki.caPem] });
  assert.equal(result.signatures.length, 2);
  const [first, second] = result.signatures;
  assert.equal(first!.intact, true, 'the first revision is still exactly as signed');
  assert.equal(first!.verdict, 'invalid');
  assert.match(first!.problems.join(' '), /Tài liệu đã bị thay đổi sau khi ký: .*Các đối tượng được thêm hoặc thay thế sau khi ký: .*\(Sig\)/);
  assert.equal(second!.verdict, 'valid', JSON.stringify(second!.problems));
  assert.equal(result.verdict, 'invalid');
  const pdfsig = run('pdfsig', [once]).out;
  assert.match(pdfsig, /Signature #1:[\s\S]*- Not total document signed\n\s*- Signature Validation: Signature is Valid\.[\s\S]*Signature #2:[\s\S]*- Total document signed\n\s*- Signature Validation: Signature is Valid\./);
});

test('an incremental update after signing, with a forged /ByteRange in a comment: one signature, reported changed after signing (as pdfsig)', async () => {
  const file = await signed('pkcs12', 'forged.pdf');
  const original = readFileSync(file);
  const page = firstPage(original);
  const stream = '1 0 0 rg 40 40 500 300 re f';
  const newPage = page.dict.replace(/\/Contents\s+(\d+\s+\d+\s+R)/, `/Contents [$1 ${page.size} 0 R]`);
  assert.notEqual(newPage, page.dict);
  // The comment mimics a signature dictionary whose ranges leave out only its own hex string, over the
  // whole changed file, signed by a self-signed "Chủ tịch UBND": a regex over the file took it for one.
  const HEX = 16384;
  const pad = (n: number) => String(n).padStart(10, '0');
  const comment = (x: number, y: number, z: number, hex: string) => `%/Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 ${pad(x)} ${pad(y)} ${pad(z)}] <${hex}>\n`;
  const draft = incrementalUpdate(original, [[page.size, `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`], [page.num, newPage]], comment(0, 0, 0, '0'.repeat(HEX)));
  const x = draft.lastIndexOf('<' + '0'.repeat(HEX));
  const y = x + HEX + 2;
  const placed = Buffer.from(draft);
  const head = Buffer.from(comment(x, y, draft.length - y, '').replace(/<>\n$/, ''), 'latin1');
  head.copy(placed, x - head.length);
  const impostor = loadPkcs12(readFileSync(selfSigned().p12), P12_PASSWORD);
  try {
    const cms = await signDetached(Buffer.concat([placed.subarray(0, x), placed.subarray(y)]), impostor, { includeSigningTime: false });
    placed.write(cms.toString('hex'), x + 1, 'latin1');
  } finally {
    impostor.close();
  }
  const forged = join(annexes.dir, 'forged-update.pdf');
  writeFileSync(forged, placed);

  for (const caFiles of [[], [pki.caPem]]) {
    const result = await verify(forged, { caFiles });
    assert.equal(result.signatures.length, 1, 'the comment is not a signature');
    const [sig] = result.signatures;
    assert.equal(sig!.signer?.commonName, SIGNER_CN);
    assert.equal(sig!.intact, true);
    assert.equal(sig!.verdict, 'invalid');
    assert.match(sig!.problems.join(' '), new RegExp(`Tài liệu đã bị thay đổi sau khi ký: chữ ký chỉ bao phủ ${original.length} byte đầu của tệp dài ${placed.length} byte.*${page.num} \\(Page\\)`));
    assert.equal(result.ok, false);
  }
  const pdfsig = run('pdfsig', [forged]).out;
  assert.doesNotMatch(pdfsig, /Signature #2/);
  assert.match(pdfsig, /Signature #1:[\s\S]*- Not total document signed\n\s*- Signature Validation: Signature is Valid\./);
  assert.match(must('pdfinfo', [forged]), /Pages:\s+\d+/);
});

test('a /ByteRange whose gap is not exactly the signature\'s /Contents is refused', async () => {
  const file = await signed('pkcs12', 'gap.pdf');
  const bytes = readFileSync(file);
  const [a, b, c, d] = byteRange(bytes);
  // Widen the gap by one byte on each side while keeping the field the same length: the signed ranges no
  // longer meet /Contents exactly, so bytes outside the signature would go unchecked.
  const text = bytes.toString('latin1');
  const old = `/ByteRange [${a} ${b} ${c} ${d}`;
  const at = text.indexOf(old);
  const widened = `/ByteRange [${a} ${b - 1} ${c + 1} ${d - 1}`.padEnd(old.length, ' ');
  assert.equal(widened.length, old.length);
  const out = Buffer.from(bytes);
  out.write(widened, at, 'latin1');
  writeFileSync(file, out);
  const result = await verify(file, { caFiles: [pki.caPem] });
  assert.equal(result.ok, false);
  assert.match(result.signatures[0]!.problems.join(' '), /không đúng là dữ liệu chữ ký \/Contents/);
});
