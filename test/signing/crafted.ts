// Crafted inputs for the trust-boundary tests (issue 15), made at test time with openssl and node crypto:
// a self-signed "Chủ tịch UBND" certificate no CA issued, a signer that bypasses the app's own refusals
// (to make signatures the app must never make), PDF incremental updates, and zips with duplicate names.

import { createPrivateKey, sign as rsaSign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Signer } from '../../electron/signing/index.js';
import { must, P12_PASSWORD, tempDir } from './support.js';

export const IMPOSTOR_CN = 'Chủ tịch UBND';

export interface SelfSigned {
  pem: string;
  key: string;
  p12: string;
}

/** A self-signed certificate named like an authority: anyone can make one in a second. */
export function selfSigned(cn = IMPOSTOR_CN): SelfSigned {
  const dir = tempDir('par-impostor-');
  const f = (n: string) => join(dir, n);
  must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('key.pem'), '-out', f('cert.pem'), '-days', '365', '-sha256', '-utf8', '-subj', `/C=VN/O=UBND tỉnh/CN=${cn}`]);
  must('openssl', ['pkcs12', '-export', '-inkey', f('key.pem'), '-in', f('cert.pem'), '-out', f('id.p12'), '-passout', `pass:${P12_PASSWORD}`]);
  return { pem: f('cert.pem'), key: f('key.pem'), p12: f('id.p12') };
}

/**
 * A signer over a raw key and certificate that checks nothing: it makes the signatures the app refuses
 * to make (e.g. with a certificate outside its validity), so verification can be tested on them.
 */
export function rawSigner(certPem: string, keyPem: string): Signer {
  const cert = new X509Certificate(readFileSync(certPem));
  const key = createPrivateKey(readFileSync(keyPem));
  return {
    certificate: cert.raw,
    chain: [],
    source: 'pkcs12',
    sign: (data) => Promise.resolve(rsaSign('sha256', data, key)),
    close: () => undefined,
  };
}

/** The last trailer's /Size and /Root, and the last startxref, of a PDF with classic xref tables. */
function lastTrailer(pdf: Buffer): { size: number; root: string; startxref: number } {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const trailer = text.slice(text.lastIndexOf('trailer'));
  return { size: Number(/\/Size\s+(\d+)/.exec(trailer)![1]), root: /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)![1]!, startxref };
}

/**
 * Appends an incremental update (PDF 7.5.6) replacing or adding the given objects; `filler` goes between
 * the objects and the xref section (a comment, for instance).
 */
export function incrementalUpdate(pdf: Buffer, objects: ReadonlyArray<readonly [number, string]>, filler = ''): Buffer {
  const { size, root, startxref } = lastTrailer(pdf);
  let body = '\n';
  const offsets: Array<[number, number]> = [];
  for (const [num, text] of objects) {
    offsets.push([num, pdf.length + Buffer.byteLength(body, 'latin1')]);
    body += `${num} 0 obj\n${text}\nendobj\n`;
  }
  body += filler;
  const xrefAt = pdf.length + Buffer.byteLength(body, 'latin1');
  body += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, at] of offsets) body += `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  const newSize = Math.max(size, ...objects.map(([n]) => n + 1));
  body += `trailer\n<< /Size ${newSize} /Root ${root} /Prev ${startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(body, 'latin1')]);
}

/** The object number and dictionary text of the first page (pdfkit and @signpdf write them plainly). */
export function firstPage(pdf: Buffer): { num: number; dict: string; size: number } {
  const text = pdf.toString('latin1');
  const { size } = lastTrailer(pdf);
  // The newest definition of each page object wins: take the last "/Type /Page" object.
  const pages = [...text.matchAll(/(\d+) 0 obj\s*(<<(?:(?!endobj)[\s\S])*?\/Type\s*\/Page\b(?:(?!endobj)[\s\S])*?)\s*endobj/g)];
  const first = pages.map((m) => ({ num: Number(m[1]), dict: m[2]! })).sort((a, b) => a.num - b.num)[0]!;
  const last = pages.filter((m) => Number(m[1]) === first.num).pop()!;
  return { num: first.num, dict: last[2]!, size };
}

/**
 * Renames zip entries in place (local headers and central directory): names of equal length, so every
 * offset stays right. Used to give two entries the same name, which fflate's zipSync cannot write.
 */
export function renameZipEntries(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('same length only');
  const out = Buffer.from(zip);
  const needle = Buffer.from(from, 'latin1');
  let at = out.indexOf(needle);
  let count = 0;
  while (at >= 0) {
    out.write(to, at, 'latin1');
    count++;
    at = out.indexOf(needle, at + needle.length);
  }
  if (count !== 2) throw new Error(`expected the name twice (local header and central directory), found ${count}`);
  return out;
}
