// One shape for what a verification found, whatever was signed: who, when, is it intact, is the chain
// trusted — and every failure and warning as a Vietnamese sentence.

import { describeCertificate, type CertificateInfo } from './certificate.js';
import { checkChain, validityCheck, type ChainResult } from './trust.js';

export type SignatureKind = 'p7s' | 'pdf' | 'xlsx';

/**
 * Integrity and trust are separate answers. invalid: the signed content or the signature was changed or is
 * broken (or the document changed after signing); expired: intact, but made with a certificate outside its
 * validity period; untrusted: intact, but no trusted root vouches for the signer ("không xác định được
 * người ký"); valid: intact, in its validity period and chained to a trusted root.
 */
export type SignatureVerdict = 'valid' | 'untrusted' | 'expired' | 'invalid';
/** For the file as a whole; unsigned: no signature was found to check. */
export type FileVerdict = SignatureVerdict | 'unsigned';

/** The worst verdict wins: a changed document outweighs an expired certificate, which outweighs an unknown signer. */
const SEVERITY: Record<FileVerdict, number> = { valid: 0, untrusted: 1, expired: 2, unsigned: 3, invalid: 4 };
export function worstVerdict(verdicts: readonly FileVerdict[]): FileVerdict {
  return verdicts.reduce<FileVerdict>((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), 'valid');
}

export interface SignatureReport {
  kind: SignatureKind;
  /** What kind of signature, e.g. "PAdES (ETSI.CAdES.detached)". */
  format: string;
  signer: CertificateInfo | null;
  /** ISO 8601, as claimed by the signer (no time-stamp authority is used offline). */
  signingTime: string | null;
  /** The signed bytes are exactly those signed. */
  intact: boolean;
  chain: ChainResult;
  /** Failures: any one makes the signature invalid. */
  problems: string[];
  /** Worth telling, not failures (a certificate expired since the signature was made). */
  warnings: string[];
  notes: string[];
  verdict: SignatureVerdict;
  /** verdict === 'valid'. */
  valid: boolean;
}

export interface VerifyResult {
  file: string;
  kind: SignatureKind | 'unknown';
  signatures: SignatureReport[];
  /** Failures about the file as a whole (e.g. no signature found). */
  problems: string[];
  verdict: FileVerdict;
  /** True when there is at least one signature and every one is valid (verdict === 'valid'). */
  ok: boolean;
}

export const REVOCATION_NOTE = 'Chưa kiểm tra tình trạng thu hồi chứng thư (CRL/OCSP) vì ứng dụng làm việc ngoại tuyến.';

export interface ReportInput {
  kind: SignatureKind;
  format: string;
  signerCertificate: Buffer | null;
  certificates: readonly Buffer[];
  signingTime: Date | null;
  intact: boolean;
  problems: string[];
  trusted: readonly Buffer[];
  notes?: string[];
  now?: Date;
}

export async function buildReport(input: ReportInput): Promise<SignatureReport> {
  const problems = [...input.problems];
  const warnings: string[] = [];
  const now = input.now ?? new Date();
  let chain: ChainResult = { status: 'not_checked', message: 'Không có chứng thư của người ký nên không kiểm tra được chuỗi chứng thực.', path: [] };
  let signer: CertificateInfo | null = null;
  let validityProblem: string | null = null;
  if (input.signerCertificate) {
    signer = describeCertificate(input.signerCertificate);
    chain = await checkChain(input.signerCertificate, input.certificates, input.trusted, input.signingTime ?? now);
    const validity = validityCheck(input.signerCertificate, input.signingTime, now);
    validityProblem = validity.problem;
    warnings.push(...validity.warnings);
  } else if (!problems.length) {
    problems.push('Không tìm thấy chứng thư số của người ký trong chữ ký.');
  }
  if (!input.intact && problems.length === 0) problems.push('Chữ ký không khớp nội dung: tệp đã bị thay đổi sau khi ký.');
  const verdict: SignatureVerdict = !input.intact || problems.length > 0 ? 'invalid' : validityProblem ? 'expired' : chain.status === 'trusted' ? 'valid' : 'untrusted';
  if (validityProblem) problems.push(validityProblem);
  return {
    kind: input.kind,
    format: input.format,
    signer,
    signingTime: input.signingTime ? input.signingTime.toISOString() : null,
    intact: input.intact,
    chain,
    problems,
    warnings,
    notes: [...(input.notes ?? []), REVOCATION_NOTE],
    verdict,
    valid: verdict === 'valid',
  };
}
