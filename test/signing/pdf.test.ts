// PAdES on the PDF annexes, through a PKCS#12 file and through a token: checked by the app, by poppler's
// pdfsig and by openssl over the signed byte ranges; the signed PDF still renders; any changed byte in
// the signed range, appended bytes or a damaged /Contents make verification fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs12, openToken, signPdf, verify, type Signer } from '../../electron/signing/index.js';
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
    assert.equal(text(file), before, 'the signed PDF renders the same text');
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
    ['bytes appended after signing', (f) => appendFileSync(f, '\n% thêm sau khi ký\n'), /được thêm vào sau khi ký/],
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

test('a second signature on a signed PDF: both verify, the first covering the earlier revision', async () => {
  const once = await signed('pkcs12', 'twice.pdf');
  const token2 = await openToken({ module: token.module, slot: 0, pin: token.pin });
  try {
    writeFileSync(once, await signPdf(readFileSync(once), token2));
  } finally {
    token2.close();
  }
  const result = await verify(once, { caFiles: [pki.caPem] });
  assert.equal(result.signatures.length, 2);
  assert.equal(result.ok, true, JSON.stringify(result.signatures.map((s) => s.problems)));
  assert.match(result.signatures[0]!.notes.join(' '), /phiên bản trước/);
  assert.match(run('pdfsig', [once]).out, /Signature #2:[\s\S]*Signature is Valid/);
});
