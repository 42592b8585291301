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
