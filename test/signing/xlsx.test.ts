// The embedded OOXML package signature on the xlsx annexes, through a PKCS#12 file and through a token.
// Second opinion: xmlsec1 (libxmlsec — the library LibreOffice verifies OOXML signatures with, which has
// the OOXML RelationshipTransform built in) checks SignedInfo, every Manifest reference and the chain.
// The signed workbook still opens in SheetJS and LibreOffice; any changed cell breaks the signature.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { loadPkcs12, openToken, signOoxml, verify, type Signer } from '../../electron/signing/index.js';
import { libreOfficeToPdf, pdfPages } from '../annex/support.js';
import { renameZipEntries } from './crafted.js';
import { demoAnnexes, makePki, makeToken, P12_PASSWORD, run, SIGNER_CN, tempDir } from './support.js';

const pki = makePki();
const token = makeToken(pki);
const annexes = await demoAnnexes();

async function signWith(kind: 'pkcs12' | 'pkcs11', bytes: Uint8Array): Promise<Buffer> {
  const signer: Signer = kind === 'pkcs12' ? loadPkcs12(readFileSync(pki.p12), P12_PASSWORD) : await openToken({ module: token.module, slot: 0, pin: token.pin });
  try {
    return await signOoxml(bytes, signer);
  } finally {
    signer.close();
  }
}

interface XmlsecResult {
  code: number;
  signedInfo: string;
  manifest: string;
  err: string;
}

/** xmlsec1 --verify on one signature part, the package unpacked and every manifest URI mapped to its file. */
function xmlsec(xlsx: Buffer, sigPart = '_xmlsignatures/sig1.xml'): XmlsecResult {
  const dir = tempDir('par-xmlsec-');
  for (const [name, data] of Object.entries(unzipSync(xlsx))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  const sig = readFileSync(join(dir, sigPart), 'utf8');
  const maps = [...sig.matchAll(/<Reference URI="(\/[^"?]*)(\?[^"]*)?"/g)].flatMap((m) => [`--url-map:${m[1]}${m[2] ?? ''}`, join(dir, m[1]!)]);
  const r = run('xmlsec1', ['--verify', ...maps, '--id-attr:Id', 'http://www.w3.org/2000/09/xmldsig#:Object', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', pki.caPem, join(dir, sigPart)]);
  const all = r.out + r.err;
  return { code: r.code, signedInfo: /SignedInfo References \(ok\/all\): (\d+\/\d+)/.exec(all)?.[1] ?? '', manifest: /Manifests References \(ok\/all\): (\d+\/\d+)/.exec(all)?.[1] ?? '', err: all };
}

const allOk = (ratio: string) => {
  const [ok, total] = ratio.split('/').map(Number);
  return ok === total && total! > 0;
};

function rezip(xlsx: Buffer, change: (files: Record<string, Uint8Array>) => void): Buffer {
  const files = unzipSync(xlsx);
  change(files);
  return Buffer.from(zipSync(files));
}

for (const kind of ['pkcs12', 'pkcs11'] as const) {
  test(`an xlsx annex signed through ${kind}: valid in the app and in xmlsec1, and still opens in SheetJS`, async () => {
    const signed = await signWith(kind, annexes.xlsx);
    const file = join(annexes.dir, `${kind}.xlsx`);
    writeFileSync(file, signed);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, true, JSON.stringify(result.signatures.map((s) => s.problems)));
    const [sig] = result.signatures;
    assert.equal(sig!.format, 'Chữ ký gói OOXML (XML-DSig/XAdES)');
    assert.equal(sig!.signer?.commonName, SIGNER_CN);
    assert.equal(sig!.chain.status, 'trusted');
    assert.ok(sig!.signingTime);

    const x = xmlsec(signed);
    assert.equal(x.code, 0, x.err);
    assert.equal(x.signedInfo, '3/3');
    assert.ok(allOk(x.manifest), `every manifest reference verifies in xmlsec1 (${x.manifest})`);

    const parts = Object.keys(unzipSync(signed));
    for (const p of ['_xmlsignatures/origin.sigs', '_xmlsignatures/sig1.xml', '_xmlsignatures/_rels/origin.sigs.rels']) assert.ok(parts.includes(p), p);
    const types = strFromU8(unzipSync(signed)['[Content_Types].xml']!);
    assert.match(types, /Extension="sigs" ContentType="application\/vnd\.openxmlformats-package\.digital-signature-origin"/);
    assert.match(types, /PartName="\/_xmlsignatures\/sig1\.xml" ContentType="application\/vnd\.openxmlformats-package\.digital-signature-xmlsignature\+xml"/);

    const before = XLSX.read(annexes.xlsx, { type: 'buffer' });
    const after = XLSX.read(signed, { type: 'buffer' });
    assert.deepEqual(after.SheetNames, before.SheetNames);
    for (const name of before.SheetNames) assert.deepEqual(XLSX.utils.sheet_to_json(after.Sheets[name]!, { header: 1 }), XLSX.utils.sheet_to_json(before.Sheets[name]!, { header: 1 }), name);
  });
}

test('the signed xlsx still opens in LibreOffice: it converts to PDF with the annex text', async () => {
  const file = join(tempDir('par-lo-signed-'), 'Phu-luc-ky-so.xlsx');
  writeFileSync(file, await signWith('pkcs12', annexes.xlsx));
  const [pdf] = libreOfficeToPdf([file], dirname(file));
  const text = pdfPages(pdf!).join('\n');
  assert.match(text, /PHỤ LỤC I/);
  assert.match(text, /Xếp hạng|XẾP HẠNG/);
});

test('one changed cell, an added part or a changed signature value breaks the signature (app and xmlsec1 agree)', async () => {
  const signed = await signWith('pkcs12', annexes.xlsx);
  const changedCell = rezip(signed, (files) => {
    const xml = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const next = xml.replace(/<v>(\d+(?:\.\d+)?)<\/v>/, (_m, n: string) => `<v>${Number(n) + 1}</v>`);
    assert.notEqual(next, xml);
    files['xl/worksheets/sheet1.xml'] = strToU8(next);
  });
  const cases: Array<[string, Buffer, RegExp]> = [
    ['a changed cell', changedCell, /Phần "xl\/worksheets\/sheet1\.xml" đã bị thay đổi sau khi ký/],
    ['a changed shared string', rezip(signed, (files) => {
      files['xl/sharedStrings.xml'] = strToU8(strFromU8(files['xl/sharedStrings.xml']!).replace('PHỤ LỤC I', 'PHỤ LỤC X'));
    }), /Phần "xl\/sharedStrings\.xml" đã bị thay đổi sau khi ký/],
    ['an added part', rezip(signed, (files) => {
      files['xl/media/extra.bin'] = strToU8('x');
    }), /"xl\/media\/extra\.bin" không nằm trong phạm vi chữ ký/],
    ['a changed signature value', rezip(signed, (files) => {
      const sig = strFromU8(files['_xmlsignatures/sig1.xml']!);
      files['_xmlsignatures/sig1.xml'] = strToU8(sig.replace(/<SignatureValue>(.)/, (_m, ch: string) => `<SignatureValue>${ch === 'A' ? 'B' : 'A'}`));
    }), /Chữ ký XML không hợp lệ/],
  ];
  for (const [what, bytes, message] of cases) {
    const file = join(annexes.dir, `tampered-${what.replace(/\s+/g, '-')}.xlsx`);
    writeFileSync(file, bytes);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, false, what);
    assert.match(result.signatures.flatMap((s) => s.problems).join(' '), message, what);
  }
  const x = xmlsec(changedCell);
  const [ok, total] = x.manifest.split('/').map(Number);
  assert.equal(ok, total! - 1, `xmlsec1 finds exactly the changed part (${x.manifest})`);
  const unsigned = await verify(join(annexes.dir, 'unsigned.xlsx'), {}).catch((e: Error) => e);
  assert.ok(unsigned instanceof Error && /Không tìm thấy tệp/.test(unsigned.message));
});

test('co-signing: a second signature (token) on a signed workbook leaves both valid', async () => {
  const twice = await signWith('pkcs11', await signWith('pkcs12', annexes.xlsx));
  const file = join(annexes.dir, 'twice.xlsx');
  writeFileSync(file, twice);
  const result = await verify(file, { caFiles: [pki.caPem] });
  assert.equal(result.signatures.length, 2);
  assert.equal(result.ok, true, JSON.stringify(result.signatures.map((s) => s.problems)));
  for (const part of ['_xmlsignatures/sig1.xml', '_xmlsignatures/sig2.xml']) {
    const x = xmlsec(twice, part);
    assert.equal(x.signedInfo, '3/3', part);
    assert.ok(allOk(x.manifest), `${part}: ${x.manifest}`);
  }
});

test('two zip entries with one name (exact or differing in case) are refused, whichever copy a reader would show', async () => {
  const signed = await signWith('pkcs12', annexes.xlsx);
  const files = unzipSync(signed);
  const original = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const forged = strToU8(original.replace(/<v>(\d+(?:\.\d+)?)<\/v>/, (_m, n: string) => `<v>${Number(n) + 1}</v>`));
  // The forged copy first, the signed one last: fflate (like some readers) keeps the last, Excel the first.
  for (const [stand, name] of [['xl/worksheets/sheet1.xmX', 'xl/worksheets/sheet1.xml'], ['xl/worksheets/sheet1.xmX', 'xl/worksheets/SHEET1.xml']] as const) {
    const zipped = Buffer.from(zipSync({ [stand]: forged, ...files }));
    const bytes = renameZipEntries(zipped, stand, name);
    const file = join(annexes.dir, `duplicate-${name.replace(/\W+/g, '-')}.xlsx`);
    writeFileSync(file, bytes);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, false, name);
    assert.equal(result.verdict, 'invalid', name);
    assert.match(result.problems.join(' '), /Tệp Excel có hai mục cùng tên "xl\/worksheets\/sheet1\.xml"/i, name);
  }
});

test('document properties are signed; a part or relationship outside the signature makes it invalid for the whole document', async () => {
  // SheetJS writes docProps/core.xml and app.xml, as most producers do.
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Đơn vị', 'Chỉ số'], ['Sở Tư pháp', 90.5]]), 'Xếp hạng');
  book.Props = { Title: 'Quyết định 679/QĐ-UBND', Author: 'Sở Nội vụ' };
  const unsignedBook = Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  assert.ok(unzipSync(unsignedBook)['docProps/core.xml'], 'the workbook has document properties');
  const signed = await signWith('pkcs12', unsignedBook);
  const signedFile = join(annexes.dir, 'with-props.xlsx');
  writeFileSync(signedFile, signed);
  const ok = await verify(signedFile, { caFiles: [pki.caPem] });
  assert.equal(ok.ok, true, JSON.stringify(ok.signatures.map((s) => s.problems)));
  const x = xmlsec(signed);
  assert.equal(x.code, 0, x.err);
  assert.ok(allOk(x.manifest), x.manifest);
  assert.match(strFromU8(unzipSync(signed)['_xmlsignatures/sig1.xml']!), /URI="\/docProps\/core\.xml\?ContentType=/);

  const customProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Số quyết định"><vt:lpwstr>999/QĐ-GIẢ</vt:lpwstr></property></Properties>`;
  const cases: Array<[string, Buffer, Buffer, RegExp]> = [
    ['a changed title', signed, rezip(signed, (files) => {
      files['docProps/core.xml'] = strToU8(strFromU8(files['docProps/core.xml']!).replace('Quyết định 679/QĐ-UBND', 'Quyết định giả mạo'));
    }), /Phần "docProps\/core\.xml" đã bị thay đổi sau khi ký/],
    ['custom properties added after signing', signed, Buffer.alloc(0), /Quan hệ rId99 \(custom-properties → "docProps\/custom\.xml"\) trong "_rels\/\.rels" không nằm trong phạm vi chữ ký[\s\S]*Phần "docProps\/custom\.xml" không nằm trong phạm vi chữ ký/],
    ['a part hidden among the signature parts', signed, rezip(signed, (files) => {
      files['_xmlsignatures/payload.xml'] = strToU8('<x>ngoài phạm vi chữ ký</x>');
    }), /Phần "_xmlsignatures\/payload\.xml" không nằm trong phạm vi chữ ký/],
  ];
  // The second case adds custom properties (part, relationship, content type), as an editor would.
  cases[1]![2] = rezip(cases[1]![1], (files) => {
    files['docProps/custom.xml'] = strToU8(customProps);
    files['_rels/.rels'] = strToU8(strFromU8(files['_rels/.rels']!).replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'));
    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']!).replace('</Types>', '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'));
  });
  for (const [what, , bytes, message] of cases) {
    const file = join(annexes.dir, `outside-${what.replace(/\W+/g, '-')}.xlsx`);
    writeFileSync(file, bytes);
    const result = await verify(file, { caFiles: [pki.caPem] });
    assert.equal(result.ok, false, what);
    assert.equal(result.signatures[0]!.verdict, 'invalid', what);
    assert.match(result.signatures.flatMap((s) => s.problems).join(' '), message, what);
  }
});
