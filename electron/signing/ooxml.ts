// Embedded package signatures for .xlsx (ECMA-376 Part 2 §13, "digital signatures"; the XAdES flavour
// Office 2010+ writes): _xmlsignatures/sigN.xml reached from the origin part, a Manifest of SHA-256
// digests of every part the relationships reach (relationship parts through the OOXML
// RelationshipTransform, then C14N), an Office SignatureInfoV1 object and XAdES SignedProperties.
// xml-crypto does XML-DSig (canonicalisation, SignedInfo, references); this file only decides what is
// signed and reads the package. Every part is signed, the document properties (docProps) included —
// Office leaves those out, but then a changed title or author would pass unnoticed; only
// [Content_Types].xml (each signed part's content type is in its reference) and the signature parts
// themselves stay outside. Verification reports any part or relationship the signature does not cover.

import { createHash, X509Certificate } from 'node:crypto';
import { posix } from 'node:path';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { C14nCanonicalization, SignedXml, type ErrorFirstCallback, type SignatureAlgorithm } from 'xml-crypto';
import { AppError } from '../../shared/errors.js';
import { assertCanSign, describeCertificate, parseCertificate } from './certificate.js';
import { buildReport, type SignatureReport } from './report.js';
import type { Signer } from './signer.js';

const NS = {
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  mdssi: 'http://schemas.openxmlformats.org/package/2006/digital-signature',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  office: 'http://schemas.microsoft.com/office/2006/digsig',
} as const;
const ALG = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  relationship: 'http://schemas.openxmlformats.org/package/2006/RelationshipTransform',
} as const;
const REL = {
  origin: 'http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin',
  signature: 'http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature',
} as const;
const CT = {
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
  origin: 'application/vnd.openxmlformats-package.digital-signature-origin',
  signature: 'application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml',
} as const;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Relationship types left out of the signature: the signature machinery itself. */
const UNSIGNED_TYPES = ['/digital-signature/origin', '/digital-signature/signature', '/digital-signature/certificate'];
const isSignedType = (type: string) => !UNSIGNED_TYPES.some((t) => type.endsWith(t));

/** Uncompressed size limits: an annex workbook is a few megabytes; a zip bomb is refused before inflating. */
const MAX_PART_BYTES = 200 * 1024 * 1024;
const MAX_TOTAL_BYTES = 500 * 1024 * 1024;


interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

class Package {
  private constructor(readonly files: Unzipped) {}

  static read(bytes: Uint8Array): Package {
    let total = 0;
    const names = new Map<string, string>();
    try {
      const files = unzipSync(bytes, {
        filter: (f) => {
          // Two entries with one name (part names compare case-insensitively, ECMA-376 Part 2 §6.2.2.3):
          // one reader shows the first, another the last — the signature could vouch for the other one.
          const key = f.name.toLowerCase();
          const earlier = names.get(key);
          if (earlier !== undefined) {
            throw new AppError('invalid_input', 'ooxml.duplicateEntry', { names: earlier === f.name ? f.name : `${earlier}" và "${f.name}` });
          }
          names.set(key, f.name);
          total += f.originalSize;
          if (f.originalSize > MAX_PART_BYTES || total > MAX_TOTAL_BYTES) throw new AppError('invalid_input', 'ooxml.zipBomb');
          return true;
        },
      });
      if (!files['[Content_Types].xml']) throw new AppError('invalid_input', 'ooxml.noContentTypes');
      return new Package(files);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('invalid_input', 'ooxml.notZip');
    }
  }

  has(part: string): boolean {
    return this.files[part] !== undefined;
  }

  bytes(part: string): Uint8Array {
    const b = this.files[part];
    if (!b) throw new AppError('invalid_input', 'ooxml.missingPart', { part });
    return b;
  }

  text(part: string): string {
    return strFromU8(this.bytes(part));
  }

  set(part: string, data: string | Uint8Array): void {
    this.files[part] = typeof data === 'string' ? strToU8(data) : new Uint8Array(data);
  }

  zip(): Buffer {
    const z = zipSync(this.files, { level: 6 });
    return Buffer.from(z.buffer, z.byteOffset, z.byteLength);
  }

  contentType(part: string): string | null {
    const doc = parseXml(this.text('[Content_Types].xml'), '[Content_Types].xml');
    const wanted = `/${part}`.toLowerCase();
    for (const o of elements(doc.documentElement, NS.contentTypes, 'Override')) {
      if ((o.getAttribute('PartName') ?? '').toLowerCase() === wanted) return o.getAttribute('ContentType');
    }
    // "_rels/.rels" has the extension "rels" (path.extname would say none).
    const base = posix.basename(part);
    const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
    for (const d of elements(doc.documentElement, NS.contentTypes, 'Default')) {
      if ((d.getAttribute('Extension') ?? '').toLowerCase() === ext) return d.getAttribute('ContentType');
    }
    return null;
  }

  /** _rels/.rels for the package, xl/_rels/workbook.xml.rels for xl/workbook.xml. */
  static relsPartOf(source: string): string {
    return source === '' ? '_rels/.rels' : posix.join(posix.dirname(source), '_rels', `${posix.basename(source)}.rels`);
  }

  relationships(source: string): Relationship[] {
    const part = Package.relsPartOf(source);
    if (!this.has(part)) return [];
    const doc = parseXml(this.text(part), part);
    return elements(doc.documentElement, NS.pkgRel, 'Relationship').map((r) => ({
      id: r.getAttribute('Id') ?? '',
      type: r.getAttribute('Type') ?? '',
      target: r.getAttribute('Target') ?? '',
      external: r.getAttribute('TargetMode') === 'External',
    }));
  }

  resolve(source: string, target: string): string {
    const clean = decodeURIComponent(target.split('#')[0]!);
    const joined = clean.startsWith('/') ? clean : posix.join(source === '' ? '/' : posix.dirname(`/${source}`), clean);
    return posix.normalize(joined).replace(/^\/+/, '');
  }
}

function parseXml(text: string, what: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(text, 'application/xml') as unknown as Document;
  if (errors.length > 0 || !doc.documentElement) throw new AppError('invalid_input', 'ooxml.badXml', { what });
  return doc;
}

function elements(parent: Element | Document, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  const kids = parent.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const n = kids[i] as Element;
    if (n.nodeType === 1 && n.localName === localName && n.namespaceURI === ns) out.push(n);
  }
  return out;
}

function descendants(parent: Element | Document, ns: string, localName: string): Element[] {
  return Array.from((parent as Element).getElementsByTagNameNS(ns, localName));
}


interface ManifestEntry {
  part: string;
  contentType: string;
  /** For relationship parts: the relationships selected by the RelationshipTransform. */
  sourceIds: string[] | null;
}

/** Every part the package's relationships reach, and every relationship part, following signed types only. */
function signedParts(pkg: Package): ManifestEntry[] {
  const entries = new Map<string, ManifestEntry>();
  const queue: string[] = [''];
  const seen = new Set<string>(['']);
  while (queue.length > 0) {
    const source = queue.shift()!;
    const rels = pkg.relationships(source).filter((r) => isSignedType(r.type));
    if (rels.length === 0) continue;
    const relsPart = Package.relsPartOf(source);
    entries.set(relsPart, { part: relsPart, contentType: pkg.contentType(relsPart) ?? CT.rels, sourceIds: rels.map((r) => r.id) });
    for (const r of rels) {
      if (r.external) continue;
      const part = pkg.resolve(source, r.target);
      if (!pkg.has(part)) throw new AppError('invalid_input', 'ooxml.danglingRelationship', { id: r.id, part });
      const contentType = pkg.contentType(part);
      if (!contentType) throw new AppError('invalid_input', 'ooxml.noContentType', { part });
      if (!entries.has(part)) entries.set(part, { part, contentType, sourceIds: null });
      if (!seen.has(part)) {
        seen.add(part);
        queue.push(part);
      }
    }
  }
  return [...entries.values()].sort((a, b) => (a.part < b.part ? -1 : a.part > b.part ? 1 : 0));
}

/**
 * ECMA-376 Part 2, 13.2.4.24: keep the selected Relationship elements, sorted by Id, without content or
 * white space, with TargetMode made explicit — then C14N (xml-crypto). Mirrors libxmlsec's implementation,
 * which LibreOffice verifies with.
 */
function relationshipTransform(relsXml: string, sourceIds: readonly string[], what: string): string {
  const source = parseXml(relsXml, what).documentElement;
  if (!source || source.localName !== 'Relationships' || source.namespaceURI !== NS.pkgRel) throw new AppError('invalid_input', 'ooxml.notRelationships', { what });
  const wanted = new Set(sourceIds);
  const selected = elements(source, NS.pkgRel, 'Relationship')
    .filter((r) => wanted.has(r.getAttribute('Id') ?? ''))
    .sort((a, b) => {
      const x = a.getAttribute('Id') ?? '';
      const y = b.getAttribute('Id') ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const out = new DOMImplementation().createDocument(NS.pkgRel, 'Relationships', null);
  const root = out.documentElement!;
  for (const r of selected) {
    const el = out.createElementNS(NS.pkgRel, 'Relationship');
    for (let i = 0; i < r.attributes.length; i++) {
      const a = r.attributes[i]!;
      if (!a.namespaceURI) el.setAttribute(a.name, a.value);
    }
    if (!el.hasAttribute('TargetMode')) el.setAttribute('TargetMode', 'Internal');
    root.appendChild(el);
  }
  const reparsed = parseXml(new XMLSerializer().serializeToString(out), what);
  return new C14nCanonicalization().process(reparsed.documentElement as unknown as Node, {});
}

const HASHES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

function partDigest(pkg: Package, entry: ManifestEntry, hash = 'sha256'): string {
  const data = entry.sourceIds ? Buffer.from(relationshipTransform(pkg.text(entry.part), entry.sourceIds, entry.part), 'utf8') : pkg.bytes(entry.part);
  return createHash(hash).update(data).digest('base64');
}


const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** RFC 4514 string of the issuer, as XAdES IssuerSerial wants it. */
function rfc4514(name: string): string {
  // describeCertificate gives "CN=a, O=b": re-join with escaping of the characters RFC 4514 reserves.
  return name
    .split(/, (?=[A-Za-z0-9.]+=)/)
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      const value = rdn.slice(eq + 1).replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
      return `${rdn.slice(0, eq)}=${value}`;
    })
    .join(',');
}

function manifestXml(pkg: Package, entries: ManifestEntry[]): string {
  return entries
    .map((e) => {
      const uri = `/${e.part}?ContentType=${e.contentType}`;
      const transforms = e.sourceIds
        ? `<Transforms><Transform Algorithm="${ALG.relationship}">${e.sourceIds.map((id) => `<mdssi:RelationshipReference xmlns:mdssi="${NS.mdssi}" SourceId="${esc(id)}"/>`).join('')}</Transform><Transform Algorithm="${ALG.c14n}"/></Transforms>`
        : '';
      return `<Reference URI="${esc(uri)}">${transforms}<DigestMethod Algorithm="${ALG.sha256}"/><DigestValue>${partDigest(pkg, e)}</DigestValue></Reference>`;
    })
    .join('');
}

function officeObjectXml(comment: string): string {
  return (
    `<SignatureProperties><SignatureProperty Id="idOfficeV1Details" Target="#idPackageSignature">` +
    `<SignatureInfoV1 xmlns="${NS.office}"><SetupID></SetupID><SignatureText></SignatureText><SignatureImage></SignatureImage>` +
    `<SignatureComments>${esc(comment)}</SignatureComments><WindowsVersion>10.0</WindowsVersion><OfficeVersion>16.0</OfficeVersion>` +
    '<ApplicationVersion>16.0</ApplicationVersion><Monitors>1</Monitors><HorizontalResolution>1920</HorizontalResolution>' +
    '<VerticalResolution>1080</VerticalResolution><ColorDepth>32</ColorDepth><SignatureProviderId>{00000000-0000-0000-0000-000000000000}</SignatureProviderId>' +
    '<SignatureProviderUrl></SignatureProviderUrl><SignatureProviderDetails>9</SignatureProviderDetails><SignatureType>1</SignatureType>' +
    '</SignatureInfoV1></SignatureProperty></SignatureProperties>'
  );
}

function xadesXml(certDer: Buffer, when: string): string {
  const info = describeCertificate(certDer);
  const serial = BigInt(`0x${info.serialNumber || '0'}`).toString(10);
  const digest = createHash('sha256').update(certDer).digest('base64');
  return (
    `<xd:QualifyingProperties xmlns:xd="${NS.xades}" Target="#idPackageSignature"><xd:SignedProperties Id="idSignedProperties">` +
    `<xd:SignedSignatureProperties><xd:SigningTime>${when}</xd:SigningTime><xd:SigningCertificate><xd:Cert><xd:CertDigest>` +
    `<DigestMethod Algorithm="${ALG.sha256}"/><DigestValue>${digest}</DigestValue></xd:CertDigest><xd:IssuerSerial>` +
    `<X509IssuerName>${esc(rfc4514(info.issuer))}</X509IssuerName><X509SerialNumber>${serial}</X509SerialNumber></xd:IssuerSerial>` +
    '</xd:Cert></xd:SigningCertificate><xd:SignaturePolicyIdentifier><xd:SignaturePolicyImplied/></xd:SignaturePolicyIdentifier>' +
    '</xd:SignedSignatureProperties></xd:SignedProperties></xd:QualifyingProperties>'
  );
}

/** xml-crypto's hook for the signature value: the identity (file or token) signs the canonical SignedInfo. */
function signatureAlgorithmFor(signer: Signer): new () => SignatureAlgorithm {
  return class TokenOrFileRsaSha256 {
    getSignature(signedInfo: string | Buffer | Uint8Array, _key: unknown, callback?: ErrorFirstCallback<string>): string {
      if (!callback) throw new Error('the signer is asynchronous');
      const bytes = typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : Buffer.from(signedInfo);
      signer.sign(bytes).then(
        (s) => callback(null, s.toString('base64')),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
      return '';
    }
    verifySignature(): boolean {
      return false;
    }
    getAlgorithmName(): string {
      return ALG.rsaSha256;
    }
  } as unknown as new () => SignatureAlgorithm;
}

function addToContentTypes(pkg: Package, sigPart: string): void {
  const doc = parseXml(pkg.text('[Content_Types].xml'), '[Content_Types].xml');
  const root = doc.documentElement!;
  if (!elements(root, NS.contentTypes, 'Default').some((d) => (d.getAttribute('Extension') ?? '').toLowerCase() === 'sigs')) {
    const d = doc.createElementNS(NS.contentTypes, 'Default');
    d.setAttribute('Extension', 'sigs');
    d.setAttribute('ContentType', CT.origin);
    root.insertBefore(d, root.firstChild);
  }
  const o = doc.createElementNS(NS.contentTypes, 'Override');
  o.setAttribute('PartName', `/${sigPart}`);
  o.setAttribute('ContentType', CT.signature);
  root.appendChild(o);
  pkg.set('[Content_Types].xml', new XMLSerializer().serializeToString(doc as unknown as Node));
}

function addRelationship(pkg: Package, relsPart: string, type: string, target: string): void {
  const doc = pkg.has(relsPart) ? parseXml(pkg.text(relsPart), relsPart) : parseXml(`${XML_HEAD}<Relationships xmlns="${NS.pkgRel}"></Relationships>`, relsPart);
  const root = doc.documentElement!;
  const ids = new Set(elements(root, NS.pkgRel, 'Relationship').map((r) => r.getAttribute('Id')));
  let n = ids.size + 1;
  while (ids.has(`rId${n}`)) n++;
  const r = doc.createElementNS(NS.pkgRel, 'Relationship');
  r.setAttribute('Id', `rId${n}`);
  r.setAttribute('Type', type);
  r.setAttribute('Target', target);
  root.appendChild(r);
  pkg.set(relsPart, new XMLSerializer().serializeToString(doc as unknown as Node));
}

function signatureParts(pkg: Package, origin: string): string[] {
  return pkg.relationships(origin).filter((r) => r.type === REL.signature).map((r) => pkg.resolve(origin, r.target));
}

function originPart(pkg: Package): string | null {
  const rel = pkg.relationships('').find((r) => r.type === REL.origin);
  return rel ? pkg.resolve('', rel.target) : null;
}

export interface OoxmlSignOptions {
  signingTime?: Date;
  /** Office shows it as the purpose of signing. */
  comment?: string;
}

/** Adds an Office-style package signature to an .xlsx (co-signing when it is already signed). */
export async function signOoxml(bytes: Uint8Array, signer: Signer, options: OoxmlSignOptions = {}): Promise<Buffer> {
  assertCanSign(signer.certificate, options.signingTime ?? new Date());
  const pkg = Package.read(bytes);
  let origin = originPart(pkg);
  if (!origin) {
    origin = '_xmlsignatures/origin.sigs';
    if (!pkg.has(origin)) pkg.set(origin, new Uint8Array(0));
    addRelationship(pkg, '_rels/.rels', REL.origin, origin);
  }
  let n = 1;
  while (pkg.has(`_xmlsignatures/sig${n}.xml`)) n++;
  const sigPart = `_xmlsignatures/sig${n}.xml`;
  addRelationship(pkg, Package.relsPartOf(origin), REL.signature, posix.relative(posix.dirname(origin), sigPart));
  addToContentTypes(pkg, sigPart);

  const entries = signedParts(pkg);
  const time = options.signingTime ?? new Date();
  const when = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const packageObject =
    `<Manifest>${manifestXml(pkg, entries)}</Manifest>` +
    `<SignatureProperties><SignatureProperty Id="idSignatureTime" Target="#idPackageSignature"><mdssi:SignatureTime xmlns:mdssi="${NS.mdssi}">` +
    `<mdssi:Format>YYYY-MM-DDThh:mm:ssTZD</mdssi:Format><mdssi:Value>${when}</mdssi:Value></mdssi:SignatureTime></SignatureProperty></SignatureProperties>`;
  const certs = [signer.certificate, ...signer.chain];
  const sig = new SignedXml({
    privateKey: 'held-by-the-signer',
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.c14n,
    getKeyInfoContent: () => `<X509Data>${certs.map((c) => `<X509Certificate>${c.toString('base64')}</X509Certificate>`).join('')}</X509Data>`,
    objects: [
      { content: packageObject, attributes: { Id: 'idPackageObject' } },
      { content: officeObjectXml(options.comment ?? 'Ký số xác nhận nội dung'), attributes: { Id: 'idOfficeObject' } },
      { content: xadesXml(signer.certificate, when) },
    ],
  });
  sig.SignatureAlgorithms[ALG.rsaSha256] = signatureAlgorithmFor(signer);
  const type = 'http://www.w3.org/2000/09/xmldsig#Object';
  sig.addReference({ xpath: "//*[local-name(.)='Object' and @Id='idPackageObject']", transforms: [ALG.c14n], digestAlgorithm: ALG.sha256, type });
  sig.addReference({ xpath: "//*[local-name(.)='Object' and @Id='idOfficeObject']", transforms: [ALG.c14n], digestAlgorithm: ALG.sha256, type });
  sig.addReference({ xpath: "//*[local-name(.)='SignedProperties' and @Id='idSignedProperties']", transforms: [ALG.c14n], digestAlgorithm: ALG.sha256, type: 'http://uri.etsi.org/01903#SignedProperties' });
  await new Promise<void>((resolve, reject) => {
    sig.computeSignature('<PackageSignatureHolder/>', { attrs: { Id: 'idPackageSignature' }, location: { reference: '/*', action: 'append' } }, (err) => (err ? reject(err) : resolve()));
  });
  pkg.set(sigPart, XML_HEAD + sig.getSignatureXml());
  return pkg.zip();
}


interface ManifestCheck {
  problems: string[];
  covered: Set<string>;
}

function checkManifest(pkg: Package, manifest: Element): ManifestCheck {
  const problems: string[] = [];
  const covered = new Set<string>();
  const selected = new Map<string, Set<string>>();
  for (const ref of elements(manifest, NS.dsig, 'Reference')) {
    const uri = ref.getAttribute('URI') ?? '';
    const m = /^\/([^?]*)(?:\?ContentType=(.*))?$/.exec(uri);
    if (!m) {
      problems.push(`Tham chiếu "${uri}" trong chữ ký không trỏ tới một phần của gói.`);
      continue;
    }
    const part = decodeURIComponent(m[1]!);
    covered.add(part);
    if (!pkg.has(part)) {
      problems.push(`Phần "${part}" đã được ký nhưng không còn trong tệp.`);
      continue;
    }
    if (m[2] !== undefined && pkg.contentType(part) !== m[2]) problems.push(`Kiểu nội dung của phần "${part}" đã bị đổi sau khi ký.`);
    const transforms = descendants(ref, NS.dsig, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
    let sourceIds: string[] | null = null;
    for (const t of transforms) {
      if (t === ALG.relationship) {
        const tr = descendants(ref, NS.dsig, 'Transform').find((x) => x.getAttribute('Algorithm') === ALG.relationship)!;
        if (descendants(tr, NS.mdssi, 'RelationshipsGroupReference').length > 0) problems.push(`Chữ ký dùng chọn quan hệ theo loại (SourceType) cho "${part}": chưa hỗ trợ kiểm tra.`);
        sourceIds = descendants(tr, NS.mdssi, 'RelationshipReference').map((r) => r.getAttribute('SourceId') ?? '');
        selected.set(part, new Set(sourceIds));
      } else if (t !== ALG.c14n) {
        problems.push(`Phép biến đổi "${t}" cho phần "${part}" chưa được hỗ trợ kiểm tra.`);
      }
    }
    const method = descendants(ref, NS.dsig, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
    const hash = HASHES[method];
    if (!hash) {
      problems.push(`Thuật toán băm "${method}" của phần "${part}" không được hỗ trợ.`);
      continue;
    }
    const expected = (descendants(ref, NS.dsig, 'DigestValue')[0]?.textContent ?? '').replace(/\s+/g, '');
    let actual: string;
    try {
      actual = partDigest(pkg, { part, contentType: '', sourceIds }, hash);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (actual !== expected) problems.push(`Phần "${part}" đã bị thay đổi sau khi ký.`);
  }
  // Every relationship in a signed relationship part must have been selected: one added later could
  // point anywhere. The origin relationship is added by signing itself.
  for (const [part, ids] of selected) {
    const source = part === '_rels/.rels' ? '' : part.replace(/(^|\/)_rels\/([^/]+)\.rels$/, '$1$2');
    for (const r of pkg.relationships(source)) {
      if (ids.has(r.id) || (source === '' && r.type === REL.origin)) continue;
      problems.push(`Quan hệ ${r.id} (${r.type.slice(r.type.lastIndexOf('/') + 1)} → "${r.target}") trong "${part}" không nằm trong phạm vi chữ ký (đã được thêm vào sau khi ký).`);
    }
  }
  return { problems, covered };
}

function firstText(parent: Element | Document, ns: string, name: string): string | null {
  const t = descendants(parent, ns, name)[0]?.textContent;
  return t ? t.trim() : null;
}

async function verifySignaturePart(pkg: Package, part: string, trusted: readonly Buffer[]): Promise<SignatureReport> {
  const format = 'Chữ ký gói OOXML (XML-DSig/XAdES)';
  const fail = (problem: string, signerCertificate: Buffer | null = null, certificates: Buffer[] = []) =>
    buildReport({ kind: 'xlsx', format, signerCertificate, certificates, signingTime: null, intact: false, problems: [problem], trusted });
  if (!pkg.has(part)) return fail(`Thiếu phần chữ ký "${part}" mà gói khai báo.`);
  const xml = pkg.text(part);
  let doc: Document;
  try {
    doc = parseXml(xml, part);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const signature = doc.documentElement!;
  if (signature.localName !== 'Signature' || signature.namespaceURI !== NS.dsig) return fail(`Phần "${part}" không phải chữ ký XML.`);
  const keyInfoCerts = descendants(signature, NS.dsig, 'X509Certificate').map((c) => Buffer.from((c.textContent ?? '').replace(/\s+/g, ''), 'base64'));
  const xadesDigest = firstText(signature, NS.xades, 'CertDigest') !== null ? (descendants(descendants(signature, NS.xades, 'CertDigest')[0]!, NS.dsig, 'DigestValue')[0]?.textContent ?? '').trim() : null;
  const signerCert =
    keyInfoCerts.find((c) => {
      try {
        parseCertificate(c);
        return xadesDigest === null || createHash('sha256').update(c).digest('base64') === xadesDigest || createHash('sha1').update(c).digest('base64') === xadesDigest;
      } catch {
        return false;
      }
    }) ?? null;
  if (!signerCert) return fail('Chữ ký không kèm chứng thư số của người ký (hoặc chứng thư không khớp thuộc tính XAdES).');

  const sx = new SignedXml({ publicCert: new X509Certificate(signerCert).toString(), getCertFromKeyInfo: () => null });
  let valid = false;
  let why = '';
  try {
    sx.loadSignature(signature as unknown as Node);
    valid = sx.checkSignature(xml);
  } catch (error) {
    why = error instanceof Error ? error.message : String(error);
  }
  if (!valid) {
    return fail(`Chữ ký XML không hợp lệ: giá trị chữ ký hoặc đối tượng được ký đã bị thay đổi${why ? ` (${why})` : ''}.`, signerCert, keyInfoCerts);
  }
  // Only what the signature authenticated is read from here on (no signature-wrapping).
  const signedNodes = sx.getSignedReferences().map((s) => parseXml(s, part).documentElement!);
  const packageObject = signedNodes.find((n) => n.localName === 'Object' && elements(n, NS.dsig, 'Manifest').length > 0);
  const signedProps = signedNodes.find((n) => n.localName === 'SignedProperties' && n.namespaceURI === NS.xades);
  const problems: string[] = [];
  let covered = new Set<string>();
  if (!packageObject) problems.push('Chữ ký không bao phủ danh mục các phần của gói (Manifest): không chứng minh được nội dung sổ tính.');
  else {
    const m = checkManifest(pkg, elements(packageObject, NS.dsig, 'Manifest')[0]!);
    problems.push(...m.problems);
    covered = m.covered;
  }
  if (signedProps && xadesDigest !== null) {
    const signedDigest = (descendants(signedProps, NS.dsig, 'DigestValue')[0]?.textContent ?? '').trim();
    if (signedDigest !== xadesDigest) problems.push('Chứng thư trong chữ ký không khớp chứng thư đã được ký (XAdES SigningCertificate).');
  }
  const timeText = (signedProps && firstText(signedProps, NS.xades, 'SigningTime')) ?? (packageObject && firstText(packageObject, NS.mdssi, 'Value'));
  const signingTime = timeText && !Number.isNaN(Date.parse(timeText)) ? new Date(timeText) : null;
  // Outside the signature may be only [Content_Types].xml and the signature parts the origin lists.
  const origin = originPart(pkg);
  const machinery = new Set(['[Content_Types].xml', ...(origin ? [origin, Package.relsPartOf(origin), ...signatureParts(pkg, origin)] : [])]);
  const unsigned = Object.keys(pkg.files).filter((f) => !covered.has(f) && !f.endsWith('/') && !machinery.has(f));
  for (const f of unsigned) problems.push(`Phần "${f}" không nằm trong phạm vi chữ ký: nội dung của nó có thể đã được thêm hoặc sửa sau khi ký.`);
  return buildReport({
    kind: 'xlsx',
    format: signedProps ? 'Chữ ký gói OOXML (XML-DSig/XAdES)' : 'Chữ ký gói OOXML (XML-DSig)',
    signerCertificate: signerCert,
    certificates: keyInfoCerts,
    signingTime,
    intact: problems.length === 0,
    problems,
    trusted,
    notes: ['Mọi phần của gói phải thuộc phạm vi chữ ký, trừ [Content_Types].xml (kiểu nội dung của từng phần đã ký được kiểm tra riêng) và chính các phần chữ ký; tệp .p7s đi kèm (nếu có) bao phủ toàn bộ tệp.'],
  });
}

export async function verifyOoxml(bytes: Uint8Array, trusted: readonly Buffer[]): Promise<{ signatures: SignatureReport[]; problems: string[]; unsigned: boolean }> {
  let pkg: Package;
  try {
    pkg = Package.read(bytes);
  } catch (error) {
    return { signatures: [], problems: [error instanceof Error ? error.message : String(error)], unsigned: false };
  }
  const origin = originPart(pkg);
  const parts = origin ? signatureParts(pkg, origin) : [];
  if (parts.length === 0) return { signatures: [], problems: ['Tệp Excel không có chữ ký số nhúng nào.'], unsigned: true };
  const signatures: SignatureReport[] = [];
  for (const part of parts) signatures.push(await verifySignaturePart(pkg, part, trusted));
  return { signatures, problems: [], unsigned: false };
}
