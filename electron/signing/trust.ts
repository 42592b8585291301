// Trusted roots and the chain status shown on every verification. Revocation (CRL/OCSP) is not checked:
// the app works offline, and every report says so.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { certificatesFromFile, describeCertificate, parseCertificate, pkijs, toPem, validAt, vnDate, vnDay, type CertificateInfo } from './certificate.js';

/**
 * trusted: the signer's certificate chains to a root the user chose to trust. untrusted: it does not, or
 * no root is trusted at all — either way nobody vouches for who signed. not_checked: there was no signer
 * certificate to check.
 */
export type ChainStatus = 'trusted' | 'untrusted' | 'not_checked';

export interface ChainResult {
  status: ChainStatus;
  /** One Vietnamese sentence for people. */
  message: string;
  /** Signer first, trusted root last, when a path was found. */
  path: CertificateInfo[];
}

/** Loads CA certificates from PEM/DER files, or from every .pem/.crt/.cer file in a folder. */
export function loadTrustedRoots(paths: readonly string[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new AppError('not_found', 'trust.rootFileNotFound', { path: p });
    const files = statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => /\.(pem|crt|cer|der)$/i.test(f))
          .map((f) => join(p, f))
      : [p];
    for (const f of files) out.push(...certificatesFromFile(readFileSync(f), basename(f)));
  }
  return out;
}

/**
 * Validates the signer's chain up to one of `trusted` at `at`. Expiry is judged separately (a warning,
 * not a failure), so the chain is checked at a moment inside the signer's own validity.
 */
export async function checkChain(signer: Buffer, others: readonly Buffer[], trusted: readonly Buffer[], at: Date): Promise<ChainResult> {
  if (trusted.length === 0) {
    // Anyone can make a certificate named "Chủ tịch UBND": without a trusted root the name proves nothing.
    return {
      status: 'untrusted',
      message: 'Không xác định được người ký: chưa có chứng thư gốc tin cậy (CA) nào để đối chiếu, nên tên trong chứng thư chưa được ai xác nhận. Hãy nhập chứng thư gốc của tổ chức cấp chứng thư.',
      path: [],
    };
  }
  const cert = parseCertificate(signer);
  const from = cert.notBefore.value.getTime();
  const to = cert.notAfter.value.getTime();
  const checkDate = new Date(Math.min(Math.max(at.getTime(), from), to));
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: trusted.map((d) => parseCertificate(d)),
    certs: [cert, ...others.filter((o) => !o.equals(signer)).map((d) => parseCertificate(d))],
    checkDate,
  });
  try {
    const result = await engine.verify();
    if (result.result) {
      const path = (result.certificatePath ?? []).map((c) => describeCertificate(new Uint8Array(c.toSchema().toBER(false))));
      const root = path[path.length - 1];
      return { status: 'trusted', message: `Chuỗi chứng thực hợp lệ, dẫn đến chứng thư gốc tin cậy "${root?.commonName ?? ''}".`, path };
    }
    return { status: 'untrusted', message: `Chứng thư của người ký không dẫn đến chứng thư gốc tin cậy nào đã chọn (${result.resultMessage || 'không dựng được chuỗi'}).`, path: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'resultMessage' in error ? String((error as { resultMessage: unknown }).resultMessage) : String(error);
    return { status: 'untrusted', message: `Chứng thư của người ký không dẫn đến chứng thư gốc tin cậy nào đã chọn (${message}).`, path: [] };
  }
}

/**
 * The signer certificate's validity period against the signing time: a signature made outside it is
 * invalid (`problem`); a certificate that has expired since a signature made inside it is only a warning.
 */
export function validityCheck(signer: Buffer, signingTime: Date | null, now = new Date()): { problem: string | null; warnings: string[] } {
  const info = describeCertificate(signer);
  if (signingTime && validAt(signer, signingTime) === 'expired') {
    return { problem: `Chứng thư số của người ký đã hết hạn từ ${vnDay(info.notAfter)}, TRƯỚC thời điểm ký ghi trong chữ ký (${vnDate(signingTime)}): chữ ký không có giá trị.`, warnings: [] };
  }
  if (signingTime && validAt(signer, signingTime) === 'not_yet_valid') {
    return { problem: `Thời điểm ký ghi trong chữ ký (${vnDate(signingTime)}) ở trước ngày chứng thư có hiệu lực (${vnDay(info.notBefore)}): chữ ký không có giá trị.`, warnings: [] };
  }
  if (validAt(signer, now) === 'expired') {
    const when = signingTime ? ' (lúc ký, theo thời gian ghi trong chữ ký, còn hiệu lực)' : ' (chữ ký không ghi thời điểm ký nên không biết lúc ký chứng thư còn hiệu lực hay không)';
    return { problem: null, warnings: [`Chứng thư số của người ký đã hết hạn từ ${vnDay(info.notAfter)}${when}.`] };
  }
  return { problem: null, warnings: [] };
}

/**
 * The app's own list of trusted roots: one PEM file per CA in a folder of the data directory, named by
 * fingerprint, so importing the same CA twice changes nothing.
 */
export class TrustStore {
  constructor(readonly dir: string) {}

  list(): Array<CertificateInfo & { file: string }> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.pem'))
      .sort()
      .flatMap((f) => certificatesFromFile(readFileSync(join(this.dir, f)), f).map((der) => ({ ...describeCertificate(der), file: join(this.dir, f) })));
  }

  certificates(): Buffer[] {
    return existsSync(this.dir) ? loadTrustedRoots([this.dir]) : [];
  }

  /** Adds every CA certificate in a PEM/DER file; returns what was added. */
  import(bytes: Buffer, fileName: string): CertificateInfo[] {
    const added: CertificateInfo[] = [];
    mkdirSync(this.dir, { recursive: true });
    for (const der of certificatesFromFile(bytes, fileName)) {
      const info = describeCertificate(der);
      if (!info.isCA) throw new AppError('invalid_input', 'trust.notCa', { commonName: info.commonName });
      const file = join(this.dir, `${createHash('sha256').update(der).digest('hex').slice(0, 32)}.pem`);
      if (!existsSync(file)) {
        writeFileSync(file, toPem(der));
        added.push(info);
      }
    }
    return added;
  }

  remove(sha256: string): boolean {
    const entry = this.list().find((c) => c.sha256 === sha256);
    if (!entry) return false;
    rmSync(entry.file);
    return true;
  }
}
