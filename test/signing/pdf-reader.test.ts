// The PDF reader behind signature verification, on a hand-made PDF 1.5 file: a compressed
// cross-reference stream (PNG "Up" predictor), the catalog, page tree and field inside an object stream,
// the signature dictionary in the file. Only the field the catalog reaches is a signature: a look-alike
// in a comment or in an object nothing refers to is not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { isArray, isString, PdfDocument } from '../../electron/signing/pdf-reader.js';

function xrefStreamPdf(): { pdf: Buffer; contentsAt: number } {
  let text = '%PDF-1.7\n%\u00e2\u00e3\n';
  const offsets = new Map<number, number>();
  const add = (num: number, body: string) => {
    offsets.set(num, text.length);
    text += `${num} 0 obj\n${body}\nendobj\n`;
  };
  add(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>');
  text += '%/Type /Sig /ByteRange [0 10 20 30] /Contents <00> a comment is not a signature\n';
  const sigBody = '<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <3082ABCD00> /M (D:20250216140500+07\'00\') >>';
  add(5, sigBody);
  const contentsAt = offsets.get(5)! + '5 0 obj\n'.length + sigBody.indexOf('<3082');
  add(8, '<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>'); // nothing refers to it
  // Objects 1, 2 and 4 live in the object stream 6.
  const inStream = ['<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /FT /Sig /T (Ch\\351 k\\375 1) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>'];
  let header = '';
  let bodies = '';
  [1, 2, 4].forEach((num, i) => {
    header += `${num} ${bodies.length} `;
    bodies += `${inStream[i]}\n`;
  });
  const objstm = deflateSync(Buffer.from(header + bodies, 'latin1'));
  offsets.set(6, text.length);
  text += `6 0 obj\n<< /Type /ObjStm /N 3 /First ${header.length} /Length ${objstm.length} /Filter /FlateDecode >>\nstream\n${objstm.toString('latin1')}\nendstream\nendobj\n`;
  // The cross-reference stream: W [1 4 2], rows for objects 0–8, PNG Up predictor over 7 columns.
  const xrefAt = text.length;
  const rows: number[][] = [];
  const row = (type: number, a: number, b: number) => rows.push([type, (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255]);
  row(0, 0, 65535);
  row(2, 6, 0);
  row(2, 6, 1);
  row(1, offsets.get(3)!, 0);
  row(2, 6, 2);
  row(1, offsets.get(5)!, 0);
  row(1, offsets.get(6)!, 0);
  row(1, xrefAt, 0);
  row(1, offsets.get(8)!, 0);
  const predicted: number[] = [];
  rows.forEach((r, i) => predicted.push(2, ...r.map((v, k) => (v - (i > 0 ? rows[i - 1]![k]! : 0)) & 255)));
  const xref = deflateSync(Buffer.from(predicted));
  text += `7 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> /Length ${xref.length} >>\nstream\n${xref.toString('latin1')}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  return { pdf: Buffer.from(text, 'latin1'), contentsAt };
}

test('a cross-reference stream and an object stream are read; exactly the one reachable signature field is found, its /Contents located in the file', () => {
  const { pdf, contentsAt } = xrefStreamPdf();
  const doc = new PdfDocument(pdf);
  assert.deepEqual(doc.sections.map((s) => s.objects.length), [9]);
  const fields = doc.signatureFields();
  assert.equal(fields.length, 1, 'the field is listed once, though both the AcroForm and the page reach it');
  const [field] = fields;
  assert.equal(field!.name, 'Ché ký 1');
  assert.equal(field!.objectNumber, 5);
  assert.equal(field!.inFile, true);
  const br = field!.dict!.entries.get('ByteRange');
  assert.ok(isArray(br));
  assert.deepEqual(br.items, [0, 1, 2, 3]);
  const contents = field!.dict!.entries.get('Contents');
  assert.ok(isString(contents));
  assert.equal(contents.start, contentsAt);
  assert.equal(contents.end, contentsAt + '<3082ABCD00>'.length);
  assert.equal(contents.bytes.toString('hex'), '3082abcd00');
  assert.equal(doc.typeOf(3), 'Page');
});

test('a PDF whose cross-reference data is broken is refused rather than guessed at', () => {
  const { pdf } = xrefStreamPdf();
  const text = pdf.toString('latin1');
  const broken = Buffer.from(text.replace(/startxref\n(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 3}`), 'latin1');
  assert.throws(() => new PdfDocument(broken));
  assert.throws(() => new PdfDocument(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n', 'latin1')), /startxref/);
});
