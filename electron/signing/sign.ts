// Signing a file in place: the embedded signature its format allows (.xlsx, .pdf), then optionally a
// detached .p7s over the final bytes. Files are replaced atomically, so a failure leaves them as they were.

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { signingRefusal } from './certificate.js';
import { signDetached } from './cms.js';
import { signOoxml } from './ooxml.js';
import { signPdf } from './pdf.js';
import { loadPkcs12 } from './pkcs12.js';
import { openToken } from './pkcs11.js';
import type { Signer } from './signer.js';

export type IdentitySpec =
  | { kind: 'pkcs12'; file: string; password: string }
  | { kind: 'pkcs11'; module: string; slot?: number | string; pin: string; keyId?: string; allowFinalPinTry?: boolean };

/** Opens the identity for signing now: one whose certificate is outside its validity period is refused. */
export async function openIdentity(spec: IdentitySpec): Promise<Signer> {
  if (spec.kind === 'pkcs12') {
    const path = resolve(spec.file);
    if (!existsSync(path)) throw new AppError('not_found', 'signing.certificateFileNotFound', { path });
    const signer = loadPkcs12(readFileSync(path), spec.password);
    const refusal = signingRefusal(signer.certificate);
    if (refusal) {
      signer.close();
      throw refusal;
    }
    return signer;
  }
  return openToken({
    module: spec.module,
    pin: spec.pin,
    ...(spec.slot !== undefined ? { slot: spec.slot } : {}),
    ...(spec.keyId !== undefined ? { keyId: spec.keyId } : {}),
    ...(spec.allowFinalPinTry !== undefined ? { allowFinalPinTry: spec.allowFinalPinTry } : {}),
  });
}

export interface SignFileOptions {
  /** Also write "<file>.p7s" (detached CMS over the file as finally written). */
  p7s?: boolean;
  signingTime?: Date;
}

export interface SignFileResult {
  file: string;
  embedded: 'xlsx' | 'pdf' | null;
  p7s: string | null;
}

export const EMBEDDABLE = new Set(['.xlsx', '.pdf']);

function replace(path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new AppError('internal', 'file.writeFailed', { path, detail: error instanceof Error ? error.message : String(error) });
  }
}

/** Signs bytes as their format allows; returns the new bytes (embedded) or the same bytes. */
export async function signBytes(bytes: Buffer, ext: string, signer: Signer, signingTime?: Date): Promise<{ bytes: Buffer; embedded: 'xlsx' | 'pdf' | null }> {
  const when = signingTime ?? new Date();
  if (ext === '.xlsx') return { bytes: await signOoxml(bytes, signer, { signingTime: when }), embedded: 'xlsx' };
  if (ext === '.pdf') return { bytes: await signPdf(bytes, signer, { signingTime: when }), embedded: 'pdf' };
  return { bytes, embedded: null };
}

export async function signFile(file: string, signer: Signer, options: SignFileOptions = {}): Promise<SignFileResult> {
  const path = resolve(file);
  if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
  const ext = extname(path).toLowerCase();
  if (!EMBEDDABLE.has(ext) && !options.p7s) {
    throw ext ? new AppError('invalid_input', 'signing.noEmbeddedSignature', { extension: ext, path }) : new AppError('invalid_input', 'signing.noEmbeddedSignatureNoExtension', { path });
  }
  const signed = await signBytes(readFileSync(path), ext, signer, options.signingTime);
  // Both signatures are made before anything is written: a failure (e.g. the token unplugged) changes nothing.
  const p7s = options.p7s ? await signDetached(signed.bytes, signer, options.signingTime ? { signingTime: options.signingTime } : {}) : null;
  if (signed.embedded) replace(path, signed.bytes);
  if (p7s) replace(`${path}.p7s`, p7s);
  return { file: path, embedded: signed.embedded, p7s: p7s ? `${path}.p7s` : null };
}
