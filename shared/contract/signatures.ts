// Digital signatures (chữ ký số): identities, trusted roots, signing an annex, verifying.

import { z } from 'zod';
import { method } from './method.js';
import { base64, campaignId, fileToken, isoDate, secret, text, type FilePayload } from './common.js';

export const MAX_P12_BASE64 = Math.ceil((1024 * 1024) / 3) * 4;

export const MAX_CERT_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;

/** Annexes are small; a signed file to check may be up to 64 MB. */
export const MAX_SIGNED_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;

/**
 * A PKCS#11 driver file on this machine (.dll, .so, .dylib), by absolute path: one of those
 * `signature/modules` lists (SignatureService.isAllowedModule refuses any other — loading it runs native code).
 */
export const modulePath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .regex(/^(?:[A-Za-z]:[\\/]|\/)/, 'cần đường dẫn đầy đủ')
  .regex(/\.(?:dll|so(?:\.\d+)*|dylib)$/i, 'cần tệp thư viện .dll, .so hoặc .dylib');

/** A driver from the list of known CA drivers (signature/modules), or one the user chose in the open dialog. */
export const driver = z.union([modulePath, z.object({ fileToken })]);

export type DriverRef = z.input<typeof driver>;

/** A certificate as people check it. Dates ISO 8601 (UTC); the screen writes them dd/mm/yyyy. */
export interface CertificateView {
  /** RFC 4514, most specific first, exactly as encoded: "CN=Nguyễn Văn A, O=Sở Nội vụ, C=VN". */
  subject: string;
  issuer: string;
  commonName: string;
  issuerCommonName: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate, colon-separated pairs (as openssl and Windows show it). */
  sha256: string;
  /** The same fingerprint in 16 groups of 4 hex digits, to read out. */
  fingerprint: string;
  keyAlgorithm: string;
  isCA: boolean;
  /** The validity period judged now. */
  status: 'valid' | 'expired' | 'not_yet_valid';
}

export interface SigningIdentity {
  id: string;
  kind: 'pkcs12' | 'pkcs11';
  certificate: CertificateView;
  /** PKCS#12: the original file name; PKCS#11: the driver, the token and the key. */
  fileName: string | null;
  module: string | null;
  tokenLabel: string | null;
  tokenSerial: string | null;
  keyId: string | null;
  addedAt: string;
}

export interface PkcsModule {
  vendor: string;
  path: string;
}

export interface TokenSlotView {
  index: number;
  slotId: string;
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  pinLocked: boolean;
  pinFinalTry: boolean;
  pinCountLow: boolean;
}

export interface TokenCertificateView {
  keyId: string;
  label: string;
  certificate: CertificateView;
}

export interface SignedFiles {
  file: FilePayload;
  /** The detached CMS signature over the file as signed, when asked for. */
  p7s: FilePayload | null;
  embedded: 'xlsx' | 'pdf' | null;
  signer: CertificateView;
}

export interface SignatureCheck {
  kind: 'p7s' | 'pdf' | 'xlsx';
  format: string;
  signer: CertificateView | null;
  signingTime: string | null;
  intact: boolean;
  chain: { status: 'trusted' | 'untrusted' | 'not_checked'; message: string; path: string[] };
  problems: string[];
  warnings: string[];
  notes: string[];
  /** Integrity and trust apart: invalid (changed), expired (certificate outside its validity when signing), untrusted (intact, signer not vouched for by a trusted root), valid. */
  verdict: 'valid' | 'untrusted' | 'expired' | 'invalid';
  valid: boolean;
}

export interface VerifyReport {
  fileName: string;
  kind: 'p7s' | 'pdf' | 'xlsx' | 'unknown';
  signatures: SignatureCheck[];
  problems: string[];
  /** The worst of the signatures' verdicts; unsigned: nothing to check. */
  verdict: 'valid' | 'untrusted' | 'expired' | 'invalid' | 'unsigned';
  ok: boolean;
  /** How many trusted roots the check used. */
  trustedRoots: number;
}

export const signaturesMethods = {
  'signature/identities': method<SigningIdentity[]>()(z.object({})),
  /** A .p12/.pfx file: its bytes are kept (owner-only), the password is used once to read the certificate and never stored. */
  'signature/addPkcs12': method<SigningIdentity[]>()(z.object({ fileName: text(500), contentBase64: base64(MAX_P12_BASE64), password: secret })),
  /** The usual PKCS#11 driver locations found on this machine. */
  'signature/modules': method<{ platform: string; installed: PkcsModule[] }>()(z.object({})),
  'signature/tokens': method<TokenSlotView[]>()(z.object({ module: driver })),
  /** The certificates on a token (public objects: no PIN). */
  'signature/tokenCertificates': method<TokenCertificateView[]>()(z.object({ module: driver, slot: z.number().int().min(0).max(1000) })),
  'signature/addPkcs11': method<SigningIdentity[]>()(z.object({ module: driver, slot: z.number().int().min(0).max(1000), keyId: z.string().regex(/^[0-9a-fA-F]{0,256}$/) })),
  'signature/removeIdentity': method<SigningIdentity[]>()(z.object({ identityId: z.string().uuid() })),
  'signature/roots': method<CertificateView[]>()(z.object({})),
  /** CA certificates, PEM (several allowed) or DER. */
  'signature/importRoots': method<{ added: number; roots: CertificateView[] }>()(z.object({ fileName: text(500), contentBase64: base64(MAX_CERT_BASE64) })),
  'signature/removeRoot': method<CertificateView[]>()(z.object({ sha256: z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/) })),
  /** Exports an annex and signs it (embedded in .xlsx/.pdf, optionally a detached .p7s); the secret is used once. */
  'signature/signAnnex': method<SignedFiles>()(z.object({
    campaignId,
    annex: z.enum(['I', 'II', 'III', 'all']).default('I'),
    format: z.enum(['xlsx', 'pdf']).default('xlsx'),
    decisionNo: text(100).optional(),
    decisionDate: isoDate.optional(),
    issuer: text(300).optional(),
    identityId: z.string().uuid(),
    secret,
    p7s: z.boolean().default(false),
  })),
  /** The identity member packages are also signed with (null: Ed25519 only, the default). */
  'signature/packageIdentity': method<{ identityId: string | null }>()(z.object({})),
  'signature/setPackageIdentity': method<{ identityId: string | null }>()(z.object({ identityId: z.string().uuid().nullable() })),
  /** Verifies a file (and its .p7s when given) against the trusted roots. */
  'signature/verify': method<VerifyReport>()(z.object({ fileName: text(500).min(1), contentBase64: base64(MAX_SIGNED_BASE64), sigFileName: text(500).optional(), sigBase64: base64(MAX_CERT_BASE64).optional() })),
} as const;
