// The package file (.parpkg): a zip of manifest.json, payload.json and signature.json. The signature
// covers the manifest's exact bytes; the manifest carries the payload's SHA-256. Readers check the
// shape first and trust nothing until the signature verifies against a key registered beforehand.

import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import { AppError, renderMessage, type KeyParams, type MessageKey, type MessageParams } from '../../shared/errors.js';
import { signBytes, verifyBytes } from './keys.js';

export const PACKAGE_FORMAT = 'par-package/1';
export const PACKAGE_EXTENSION = '.parpkg';

// What a real file can be. The largest real package (a campaign of a few thousand units with every
// self-assessment) is a few MB zipped and tens of MB of JSON; the manifest and signature are a few KB.
// JSON compresses some 10-50 times; a deflate bomb reaches about 1000, so the ratio bound catches it.
export const PACKAGE_LIMITS = {
  file: 64 * 1024 * 1024,
  payload: 192 * 1024 * 1024,
  manifest: 64 * 1024,
  signature: 64 * 1024,
  ratio: 200,
} as const;

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  kind: z.enum(['campaign', 'member', 'unit-campaign', 'unit']),
  campaignUid: z.string().min(1).max(100),
  campaignName: z.string().max(500),
  criteriaFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  // The author's public key travels too; it is trusted only where no key is registered yet (a campaign
  // package introducing the secretariat), and then only after the user checks its fingerprint.
  author: z.object({ uid: z.string().min(1).max(100), name: z.string().max(300), fingerprint: z.string().max(100), publicKey: z.string().max(2000) }),
  sequence: z.number().int().min(1),
  createdAt: z.string().max(40),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  payloadSize: z.number().int().min(0).max(PACKAGE_LIMITS.payload),
  /** A campaign package exported for one member (`--for`): only that member's machine imports it. */
  recipientUid: z.string().min(1).max(100).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

const signatureSchema = z.object({
  algorithm: z.literal('Ed25519'),
  signer: z.string().min(1).max(100),
  signature: z.string().min(1).max(200),
  /** The signer's certificate (DER, base64) when the member signs packages with a configured certificate. */
  certificate: z.string().min(1).max(40_000).optional(),
  /** RSASSA-PKCS1-v1_5/SHA-256 by that certificate's key over the same manifest bytes (base64). */
  certificateSignature: z.string().min(1).max(4000).optional(),
});

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function writePackage(manifest: Omit<Manifest, 'format' | 'payloadSha256' | 'payloadSize'>, payload: unknown, privateKeyPem: string): Buffer {
  const payloadBytes = strToU8(JSON.stringify(payload));
  const full: Manifest = { format: PACKAGE_FORMAT, ...manifest, payloadSha256: sha256(payloadBytes), payloadSize: payloadBytes.length };
  const manifestBytes = strToU8(JSON.stringify(full, null, 2));
  const signature = { algorithm: 'Ed25519', signer: manifest.author.uid, signature: signBytes(privateKeyPem, manifestBytes) };
  return Buffer.from(
    zipSync({
      'manifest.json': manifestBytes,
      'payload.json': payloadBytes,
      'signature.json': strToU8(JSON.stringify(signature, null, 2)),
    }),
  );
}

/** Signs with a certificate's key (a .p12 or a token): the manifest bytes in, the raw signature out. */
export interface X509PackageSigner {
  certificate: Buffer;
  sign(bytes: Uint8Array): Promise<Buffer>;
}

/** As writePackage, and also signed over the same manifest bytes with the member's certificate. */
export async function writePackageWithCertificate(manifest: Omit<Manifest, 'format' | 'payloadSha256' | 'payloadSize'>, payload: unknown, privateKeyPem: string, x509: X509PackageSigner): Promise<Buffer> {
  const payloadBytes = strToU8(JSON.stringify(payload));
  const full: Manifest = { format: PACKAGE_FORMAT, ...manifest, payloadSha256: sha256(payloadBytes), payloadSize: payloadBytes.length };
  const manifestBytes = strToU8(JSON.stringify(full, null, 2));
  const certificateSignature = await x509.sign(manifestBytes);
  const signature = {
    algorithm: 'Ed25519',
    signer: manifest.author.uid,
    signature: signBytes(privateKeyPem, manifestBytes),
    certificate: x509.certificate.toString('base64'),
    certificateSignature: certificateSignature.toString('base64'),
  };
  return Buffer.from(
    zipSync({
      'manifest.json': manifestBytes,
      'payload.json': payloadBytes,
      'signature.json': strToU8(JSON.stringify(signature, null, 2)),
    }),
  );
}

export interface ReadPackage {
  sha256: string;
  manifest: Manifest;
  manifestBytes: Uint8Array;
  /**
   * The payload, inflated on first use. Nothing reads it before the signature over the manifest
   * verifies (verifiedPayload), so an unsigned or forged file costs no more than its own size.
   */
  readonly payloadBytes: Uint8Array;
  signer: string;
  signature: string;
  /** Present when the package is also signed with an X.509 certificate. */
  x509: { certificate: Buffer; signature: Buffer } | null;
}

const ENTRIES = ['manifest.json', 'payload.json', 'signature.json'] as const;

/** Refuses the package; the sentence is also its one issue, so the import dialog lists it like a sheet error. */
function refuse<K extends MessageKey>(key: K, ...args: KeyParams<K>): never {
  const params: MessageParams = args[0] ?? {};
  const message = renderMessage(key, params);
  throw AppError.fromShape({ code: 'import_invalid', message, key, params, issues: [{ sheet: 'gói dữ liệu', row: null, column: null, message }] });
}

/** Entry sizes are checked from the zip's directory before anything is inflated. */
function checkEntry(f: { name: string; size: number; originalSize: number; compression: number }, seen: Set<string>): void {
  if (!(ENTRIES as readonly string[]).includes(f.name)) refuse('package.strangeEntry', { name: f.name.slice(0, 80) });
  if (seen.has(f.name)) refuse('package.duplicateEntry', { name: f.name });
  seen.add(f.name);
  const cap = f.name === 'payload.json' ? PACKAGE_LIMITS.payload : f.name === 'manifest.json' ? PACKAGE_LIMITS.manifest : PACKAGE_LIMITS.signature;
  // A stored entry is sliced by its compressed size, a deflated one inflated into its declared size: both must be bounded.
  if (f.originalSize > cap || f.size > cap) refuse('package.entryTooLarge', { name: f.name });
  if (f.compression === 0 && f.size !== f.originalSize) refuse('package.entrySizeWrong', { name: f.name });
  if (f.compression === 8 && f.originalSize > f.size * PACKAGE_LIMITS.ratio + 65536) refuse('package.entryZipBomb', { name: f.name });
}

/** Structure only: the manifest and signature are read; the payload waits for a verified signature. */
export function readPackage(buffer: Uint8Array): ReadPackage {
  if (buffer.length > PACKAGE_LIMITS.file) refuse('package.tooLarge');
  let entries: Record<string, Uint8Array>;
  let payloadInfo: { originalSize: number } | null = null;
  const seen = new Set<string>();
  try {
    entries = unzipSync(buffer, {
      filter: (f) => {
        checkEntry(f, seen);
        if (f.name === 'payload.json') {
          payloadInfo = { originalSize: f.originalSize };
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    return refuse('package.notPackage');
  }
  const manifestBytes = entries['manifest.json'];
  const signatureBytes = entries['signature.json'];
  const payload = payloadInfo as { originalSize: number } | null;
  if (!manifestBytes || !payload || !signatureBytes) return refuse('package.unsigned');
  const parse = <T>(bytes: Uint8Array, schema: z.ZodType<T>, what: string): T => {
    try {
      const r = schema.safeParse(JSON.parse(strFromU8(bytes)));
      if (r.success) return r.data;
    } catch {
      /* falls through to the refusal below */
    }
    return refuse('package.partInvalid', { what });
  };
  const manifest = parse(manifestBytes, manifestSchema, 'kê khai');
  const sig = parse(signatureBytes, signatureSchema, 'chữ ký');
  if (sig.signer !== manifest.author.uid) refuse('package.signerNotAuthor');
  if ((sig.certificate === undefined) !== (sig.certificateSignature === undefined)) refuse('package.certificateIncomplete');
  const x509 = sig.certificate && sig.certificateSignature ? { certificate: Buffer.from(sig.certificate, 'base64'), signature: Buffer.from(sig.certificateSignature, 'base64') } : null;
  let inflated: Uint8Array | null = null;
  return {
    sha256: sha256(buffer), manifest, manifestBytes, signer: sig.signer, signature: sig.signature, x509,
    get payloadBytes(): Uint8Array {
      if (inflated) return inflated;
      // The size the signed manifest declares is the size inflated into: a longer stream is cut and then fails its hash.
      if (payload.originalSize !== manifest.payloadSize) refuse('package.payloadMismatch');
      try {
        inflated = unzipSync(buffer, { filter: (f) => f.name === 'payload.json' })['payload.json'] ?? new Uint8Array(0);
      } catch {
        return refuse('package.payloadUnreadable');
      }
      return inflated;
    },
  };
}

/**
 * Verifies the signature with the key registered for the author, then the payload's size and hash, and
 * only then inflates and parses the payload. `signerName` is the registered (verified) name a refusal
 * may quote; the manifest's own author name is the sender's claim and is never quoted.
 */
export function verifiedPayload<T>(pkg: ReadPackage, publicKeyPem: string, schema: z.ZodType<T>, signerName?: string): T {
  if (!verifyBytes(publicKeyPem, pkg.manifestBytes, pkg.signature)) {
    if (signerName) refuse('package.signatureInvalidFor', { name: signerName });
    refuse('package.signatureInvalid');
  }
  const payloadBytes = pkg.payloadBytes;
  if (sha256(payloadBytes) !== pkg.manifest.payloadSha256 || payloadBytes.length !== pkg.manifest.payloadSize) {
    refuse('package.payloadMismatch');
  }
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(payloadBytes));
  } catch {
    return refuse('package.payloadNotReadable');
  }
  const r = schema.safeParse(json);
  if (!r.success) return refuse('package.payloadStructure', { path: r.error.issues[0]?.path.join('.') ?? '' });
  return r.data;
}
