// The visible signature block on a signed annex (Nghị định 30/2020, Phụ lục I: top right of the first
// page, the document's number and the signing time in ISO 8601 with Vietnam's offset, Times New Roman
// size 10): drawn in the signed revision, so pdfsig still reports the signature valid over the whole file,
// and the signed annex keeps what PDF/A-2b asks of it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { loadPkcs12, signPdf, verify } from '../../electron/signing/index.js';
import { signatureBlockLines, vietnamIso } from '../../electron/signing/pdf-visible.js';
import { demoAnnexes, makePki, must, P12_PASSWORD, run, SIGNER_CN, SIGNER_O } from './support.js';

const pki = makePki();
const annexes = await demoAnnexes();
// Within the test certificate's validity (it starts when makePki runs), whole seconds as /M keeps them.
const SIGNED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);
const FIXED = new Date('2026-02-16T07:05:09Z');

async function signAnnex(name: string, options: { documentNo?: string; visible?: boolean } = {}): Promise<string> {
  const signer = loadPkcs12(readFileSync(pki.p12), P12_PASSWORD);
  try {
    const file = join(annexes.dir, name);
    writeFileSync(file, await signPdf(annexes.pdf, signer, { signingTime: new Date(SIGNED_AT), ...options }));
    return file;
  } finally {
    signer.close();
  }
}

/** pdftotext of page 1, or of a region of it given in points from the top-left corner. */
function pageOne(file: string, region?: { x: number; y: number; w: number; h: number }): string {
  const crop = region ? ['-x', String(region.x), '-y', String(region.y), '-W', String(region.w), '-H', String(region.h), '-r', '72'] : [];
  return must('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', ...crop, file, '-']).normalize('NFC');
}

test('ISO 8601 in Vietnam\'s time zone, and the block\'s lines', () => {
  assert.equal(vietnamIso(FIXED), '2026-02-16T14:05:09+07:00');
  assert.equal(vietnamIso(new Date('2026-12-31T20:00:00Z')), '2027-01-01T03:00:00+07:00');
  assert.deepEqual(signatureBlockLines({ commonName: 'Sở Nội vụ', organization: 'Sở Nội vụ' }, null, FIXED), ['Ký bởi: Sở Nội vụ', 'Thời gian ký: 2026-02-16T14:05:09+07:00']);
});

test('a signed annex shows who signed, the decision number and the time at the top right of page 1; pdfsig: valid, whole document', async () => {
  const file = await signAnnex('visible.pdf');
  const expected = [`Ký bởi: ${SIGNER_CN} (${SIGNER_O})`, 'Số: 679/QĐ-UBND', `Thời gian ký: ${vietnamIso(SIGNED_AT)}`];
  const page = pageOne(file);
  for (const line of expected) assert.ok(page.includes(line), `"${line}" on page 1`);
  // Inside the top-right corner: the right half of the page, above the annex's heading (20 mm).
  const corner = pageOne(file, { x: 298, y: 0, w: 298, h: 57 });
  assert.deepEqual(corner.replace(/\f/g, '').split('\n').filter(Boolean), expected, 'the block, and nothing else, in the top-right corner above the heading');
  const rest = must('pdftotext', ['-enc', 'UTF-8', '-f', '2', file, '-']);
  assert.ok(!rest.includes('Ký bởi:'), 'page 1 only');

  const pdfsig = run('pdfsig', [file]);
  assert.match(pdfsig.out, /Signature Validation: Signature is Valid\./);
  assert.match(pdfsig.out, /Total document signed/);
  assert.doesNotMatch(pdfsig.out, /Not total document signed/);
  assert.doesNotMatch(pdfsig.err, /Syntax Error/);
  const result = await verify(file, { caFiles: [pki.caPem] });
  assert.equal(result.ok, true, JSON.stringify(result.signatures.map((s) => s.problems)));
  assert.equal(result.signatures[0]!.signingTime, SIGNED_AT.toISOString());
});

test('the block is the signature widget\'s appearance, in the embedded Liberation Serif at size 10, and PDF/A-2b still holds', async () => {
  const file = await signAnnex('visible-pdfa.pdf');
  const bytes = readFileSync(file).toString('latin1');
  const update = bytes.slice(annexes.pdf.length);
  assert.match(update, /\/Subtype \/Widget \/FT \/Sig \/Rect \[[\d. ]+\] .*\/F 4 .*\/AP <<\/N \d+ 0 R>>/, 'a printable widget with an appearance');
  assert.match(update, /\/Type \/XObject \/Subtype \/Form .*\/Resources <<\/Font <<\/F1 \d+ 0 R>>>>/);
  assert.match(update, /BT \/F1 10 Tf/);
  assert.match(update.slice(update.lastIndexOf('trailer')), /\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/, 'the last trailer keeps the file ID');
  // No font added: pdffonts lists the annex's three embedded faces only.
  const fonts = must('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
  assert.equal(fonts.length, 3);
  for (const f of fonts) assert.match(f, /^[A-Z]{6}\+LiberationSerif\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  assert.match(must('pdfinfo', ['-meta', file]), /<pdfaid:part>2<\/pdfaid:part>/);
});

test('a document number given by the caller wins; "visible: false" signs without the block', async () => {
  const numbered = await signAnnex('numbered.pdf', { documentNo: '12/QĐ-HĐTĐ' });
  assert.ok(pageOne(numbered).includes('Số: 12/QĐ-HĐTĐ'));
  const hidden = await signAnnex('hidden.pdf', { visible: false });
  assert.ok(!pageOne(hidden).includes('Ký bởi:'));
  assert.match(run('pdfsig', [hidden]).out, /Total document signed/);
});

test('a second signature puts its block to the left of the first one, not over it', async () => {
  const once = await signAnnex('twice-visible.pdf');
  const signer = loadPkcs12(readFileSync(pki.p12), P12_PASSWORD);
  try {
    writeFileSync(once, await signPdf(readFileSync(once), signer, { signingTime: new Date(SIGNED_AT) }));
  } finally {
    signer.close();
  }
  const rects = [...readFileSync(once).toString('latin1').matchAll(/\/Subtype \/Widget \/FT \/Sig \/Rect \[([\d. ]+)\]/g)].map((m) => m[1]!.split(' ').map(Number));
  assert.equal(rects.length, 2);
  const [first, second] = rects as [number[], number[]];
  assert.ok(second[2]! < first[0]!, `the second block [${second.join(' ')}] ends left of the first [${first.join(' ')}]`);
  assert.equal((pageOne(once).match(/Ký bởi: /g) ?? []).length, 2);
  assert.match(run('pdfsig', [once]).out, /Signature #2:[\s\S]*- Total document signed\n\s*- Signature Validation: Signature is Valid\./);
});

test('a PDF made elsewhere (no embedded Liberation Serif) is signed as before, without a block', async () => {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.text('Van ban khac');
  doc.end();
  await done;
  const signer = loadPkcs12(readFileSync(pki.p12), P12_PASSWORD);
  const file = join(annexes.dir, 'foreign.pdf');
  try {
    writeFileSync(file, await signPdf(Buffer.concat(chunks), signer, { signingTime: new Date(SIGNED_AT) }));
  } finally {
    signer.close();
  }
  assert.ok(!pageOne(file).includes('Ký bởi:'));
  assert.match(run('pdfsig', [file]).out, /Total document signed[\s\S]*Signature is Valid/);
});
