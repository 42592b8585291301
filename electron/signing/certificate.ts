// X.509 certificates as the signing code and the people who sign see them: PEM/DER handling, names read
// exactly as encoded (UTF8String, BMPString…, so "Nguyễn Văn A" comes back as written), fingerprints, and
// the one pkijs engine (Node's WebCrypto) every signing module uses.

import { createHash, X509Certificate, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../shared/errors.js';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

/** What a person needs to recognise a certificate. Dates are ISO 8601 (UTC). */
export interface CertificateInfo {
  /** RFC 4514 order (most specific first): "CN=Nguyễn Văn A, O=Sở Nội vụ, C=VN". */
  subject: string;
  issuer: string;
  /** The subject's common name (CN), or the whole subject when there is none. */
  commonName: string;
  issuerCommonName: string;
  /** Every subject attribute by short name (CN, O, OU, L, ST, C, E, UID…), repeated ones joined by "; ". */
  subjectFields: Record<string, string>;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs separated by colons (as Windows and openssl show it). */
  sha256: string;
  keyAlgorithm: string;
  isCA: boolean;
}

const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch {
    throw new AppError('invalid_input', 'certificate.unreadable');
  }
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** One attribute value as text: every ASN.1 string type decodes to its characters, nothing re-escaped. */
function attributeText(value: pkijs.AttributeTypeAndValue['value']): string {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value.normalize('NFC');
  return Buffer.from(value.toBER(false)).toString('hex');
}

interface NamePart {
  key: string;
  value: string;
}

function nameParts(name: pkijs.RelativeDistinguishedNames): NamePart[] {
  return name.typesAndValues.map((tv) => ({ key: NAME_OIDS[tv.type] ?? tv.type, value: attributeText(tv.value) }));
}

const displayName = (parts: NamePart[]) =>
  [...parts]
    .reverse()
    .map((p) => `${p.key}=${p.value}`)
    .join(', ');

export function describeCertificate(der: Uint8Array): CertificateInfo {
  const cert = parseCertificate(der);
  const subject = nameParts(cert.subject);
  const issuer = nameParts(cert.issuer);
  const fields: Record<string, string> = {};
  for (const p of subject) fields[p.key] = fields[p.key] ? `${fields[p.key]}; ${p.value}` : p.value;
  const cn = (parts: NamePart[]) => parts.filter((p) => p.key === 'CN').map((p) => p.value).pop() ?? displayName(parts);
  const node = new X509Certificate(Buffer.from(der));
  return {
    subject: displayName(subject),
    issuer: displayName(issuer),
    commonName: cn(subject),
    issuerCommonName: cn(issuer),
    subjectFields: fields,
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase(),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    sha256: fingerprint(der),
    keyAlgorithm: describeKey(node),
    isCA: node.ca,
  };
}

export function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

function describeKey(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return `RSA ${details?.modulusLength ?? ''}`.trim();
  if (key.asymmetricKeyType === 'ec') return `EC ${details?.namedCurve ?? ''}`.trim();
  return key.asymmetricKeyType ?? 'không rõ';
}

/** Every certificate in PEM text (a bundle may hold several), or one DER certificate. */
export function certificatesFromFile(bytes: Buffer, fileName: string): Buffer[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const found = [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    for (const der of found) parseCertificate(der);
    return found;
  }
  if (bytes[0] === 0x30) {
    parseCertificate(bytes);
    return [bytes];
  }
  throw new AppError('invalid_input', 'certificate.notInFile', { fileName });
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The certificate's own validity period, checked at `when`. */
export function validAt(der: Uint8Array, when: Date): 'valid' | 'not_yet_valid' | 'expired' {
  const cert = parseCertificate(der);
  if (when < cert.notBefore.value) return 'not_yet_valid';
  if (when > cert.notAfter.value) return 'expired';
  return 'valid';
}

/** "16/02/2025": a day as Vietnamese readers write it (UTC, as the certificate states it). */
export function vnDay(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * Why this certificate may not sign at `when` (outside its validity period), or null. Every signing path
 * (files, tokens, annexes, member packages, the CLI) asks this before signing: a signature made with an
 * expired certificate is invalid wherever it is checked, so it is never made.
 */
export function signingRefusal(der: Uint8Array, when: Date = new Date()): AppError | null {
  const state = validAt(der, when);
  if (state === 'valid') return null;
  const info = describeCertificate(der);
  const period = `chỉ có hiệu lực từ ${vnDay(info.notBefore)} đến ${vnDay(info.notAfter)}`;
  const why = state === 'expired' ? `đã hết hạn từ ${vnDay(info.notAfter)}` : `chưa đến ngày có hiệu lực (${vnDay(info.notBefore)})`;
  return new AppError(
    'forbidden',
    'certificate.notValidAtSigning', { commonName: info.commonName, period, when: vnDay(when), why },
  );
}

export function assertCanSign(der: Uint8Array, when: Date = new Date()): void {
  const refusal = signingRefusal(der, when);
  if (refusal) throw refusal;
}

/** "16/02/2025 14:05 (UTC)": dates in messages as Vietnamese readers write them. */
export function vnDate(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} (UTC)`;
}

/** The RSA public key in a certificate must match the private key the signer holds. */
export function samePublicKey(certDer: Uint8Array, spkiDer: Buffer): boolean {
  const cert = new X509Certificate(Buffer.from(certDer));
  return cert.publicKey.export({ type: 'spki', format: 'der' }).equals(spkiDer);
}

export { asn1js, pkijs };
