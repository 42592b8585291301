// One shape for what a verification found, whatever was signed: who, when, is it intact, is the chain
// trusted — and every failure and warning as a Vietnamese sentence.

import { describeCertificate, type CertificateInfo } from './certificate.js';
import { checkChain, validityWarnings, type ChainResult } from './trust.js';

export type SignatureKind = 'p7s' | 'pdf' | 'xlsx';

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
  /** Worth telling, not failures (expired certificate, chain not checked). */
  warnings: string[];
  notes: string[];
  valid: boolean;
}

export interface VerifyResult {
  file: string;
  kind: SignatureKind | 'unknown';
  signatures: SignatureReport[];
  /** Failures about the file as a whole (e.g. no signature found). */
  problems: string[];
  /** True when there is at least one signature and every one is valid. */
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
  if (input.signerCertificate) {
    signer = describeCertificate(input.signerCertificate);
    chain = await checkChain(input.signerCertificate, input.certificates, input.trusted, input.signingTime ?? now);
    warnings.push(...validityWarnings(input.signerCertificate, input.signingTime, now));
  } else if (!problems.length) {
    problems.push('Không tìm thấy chứng thư số của người ký trong chữ ký.');
  }
  if (chain.status === 'untrusted') problems.push(chain.message);
  if (chain.status === 'not_checked' && input.signerCertificate) warnings.push(chain.message);
  if (!input.intact && problems.length === 0) problems.push('Chữ ký không khớp nội dung: tệp đã bị thay đổi sau khi ký.');
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
    valid: input.intact && problems.length === 0,
  };
}
