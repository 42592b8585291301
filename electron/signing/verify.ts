// verify(file): the embedded signature of an .xlsx or .pdf, and the detached .p7s beside any file
// (given, or found as "<file>.p7s"), each reported with signer, time, chain status and integrity.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { checkDetached } from './cms.js';
import { verifyOoxml } from './ooxml.js';
import { verifyPdf } from './pdf.js';
import { buildReport, worstVerdict, type SignatureReport, type VerifyResult } from './report.js';
import { loadTrustedRoots } from './trust.js';

export interface VerifyOptions {
  /** A detached CMS signature (.p7s, DER or PEM) over the file. Default: "<file>.p7s" when it exists. */
  sig?: string;
  /** CA certificate files (PEM/DER, bundles allowed) or folders of them. */
  caFiles?: readonly string[];
  /** Trusted CA certificates already loaded (e.g. the app's TrustStore). */
  trusted?: readonly Buffer[];
}

const MAX_FILE_BYTES = 512 * 1024 * 1024;

function readInput(path: string, what: string): Buffer {
  if (!existsSync(path)) throw new AppError('not_found', 'verify.fileNotFound', { what, path });
  if (statSync(path).size > MAX_FILE_BYTES) throw new AppError('invalid_input', 'verify.fileTooLarge', { what, path });
  return readFileSync(path);
}

/** A .p7s may arrive as PEM ("-----BEGIN PKCS7-----" or "CMS"). */
function cmsBytes(bytes: Buffer): Buffer {
  const text = bytes.subarray(0, 64).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const m = /-----BEGIN [A-Z0-9 ]+-----([A-Za-z0-9+/=\s]+)-----END/.exec(bytes.toString('latin1'));
    if (m) return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  }
  return bytes;
}

export async function verifyDetachedFile(content: Buffer, sigBytes: Buffer, trusted: readonly Buffer[]): Promise<SignatureReport> {
  const format = 'Chữ ký CMS tách rời (.p7s)';
  try {
    const check = await checkDetached(cmsBytes(sigBytes), content);
    return buildReport({
      kind: 'p7s',
      format,
      signerCertificate: check.signerCertificate,
      certificates: check.certificates,
      signingTime: check.signingTime,
      intact: check.intact,
      problems: check.problem ? [check.problem] : [],
      trusted,
      notes: check.signerCount > 1 ? [`Tệp chữ ký có ${check.signerCount} người ký; chỉ người ký đầu tiên được kiểm tra.`] : [],
    });
  } catch (error) {
    return buildReport({ kind: 'p7s', format, signerCertificate: null, certificates: [], signingTime: null, intact: false, problems: [error instanceof Error ? error.message : String(error)], trusted });
  }
}

/**
 * Verifies bytes already in memory (the app's verify tab): the embedded signature their format allows,
 * and the detached CMS signature when one is given. `fileName` decides the format, as the extension does
 * for a file on disk.
 */
export async function verifyContent(content: Buffer, fileName: string, sigBytes: Buffer | null, trusted: readonly Buffer[], sigName = `${fileName}.p7s`): Promise<VerifyResult> {
  const ext = extname(fileName).toLowerCase();
  const signatures: SignatureReport[] = [];
  const problems: string[] = [];
  let kind: VerifyResult['kind'] = 'unknown';
  // A file-level problem that is not just "no signature here" (a damaged or forged container) is a failure.
  let damaged = false;

  const embedded = async (r: { signatures: SignatureReport[]; problems: string[]; unsigned: boolean }) => {
    signatures.push(...r.signatures);
    if (!r.unsigned && r.problems.length > 0) damaged = true;
    if (!sigBytes || !r.unsigned) problems.push(...r.problems);
  };
  if (ext === '.pdf' || content.subarray(0, 5).toString('latin1') === '%PDF-') {
    kind = 'pdf';
    await embedded(await verifyPdf(content, trusted));
  } else if (ext === '.xlsx' || ext === '.xlsm' || ext === '.docx' || ext === '.pptx') {
    kind = 'xlsx';
    await embedded(await verifyOoxml(content, trusted));
  }
  if (sigBytes) {
    if (kind === 'unknown') kind = 'p7s';
    signatures.push(await verifyDetachedFile(content, sigBytes, trusted));
  } else if (kind === 'unknown') {
    problems.push(`Không tìm thấy chữ ký cho tệp này: hãy chỉ ra tệp chữ ký .p7s (mặc định "${sigName}").`);
  }
  if (signatures.length === 0 && problems.length === 0) problems.push('Không tìm thấy chữ ký số nào.');
  const verdict = damaged ? 'invalid' : signatures.length === 0 ? 'unsigned' : worstVerdict(signatures.map((s) => s.verdict));
  return { file: fileName, kind, signatures, problems, verdict, ok: verdict === 'valid' };
}

export async function verify(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const path = resolve(file);
  const content = readInput(path, 'tệp');
  const trusted = [...(options.trusted ?? []), ...loadTrustedRoots(options.caFiles ?? [])];
  const sigPath = options.sig !== undefined ? resolve(options.sig) : existsSync(`${path}.p7s`) ? `${path}.p7s` : null;
  const sigBytes = sigPath ? readInput(sigPath, 'tệp chữ ký') : null;
  return verifyContent(content, path, sigBytes, trusted, `${path}.p7s`);
}
