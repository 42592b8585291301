// The `par sign`, `par verify` and `par tokens` commands, and the `--sign` step of `par export-annex`.
// Each takes the parsed command line (the shape electron/cli/par.ts builds) and writers, and returns an
// exit code: 0 done, 1 refused (with a Vietnamese message saying what failed), 2 bad usage; `par verify`
// answers integrity and trust separately with its own codes (VERIFY_EXIT).
// Secrets never appear on the command line: the password and the PIN are read from environment variables.

import { AppError } from '../../shared/errors.js';
import { describeCertificate, signingRefusal, vnDate, type CertificateInfo } from './certificate.js';
import { installedModules, listTokenCertificates, listTokens } from './pkcs11.js';
import type { SignatureReport } from './report.js';
import { openIdentity, signFile, type IdentitySpec } from './sign.js';
import { verify } from './verify.js';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Options that take no value: add them to the command line parser's flag set. */
export const SIGN_FLAGS = ['--p7s', '--pin-final-try', '--sign'] as const;

/**
 * `par verify` exit codes: integrity and trust are two answers, and scripts tell them apart. With several
 * signatures the worst wins (3 before 5 before 4).
 */
export const VERIFY_EXIT = {
  /** Every signature intact, made inside its certificate's validity and chained to a trusted root. */
  valid: 0,
  /** Nothing could be checked: file missing or unreadable, or no signature in it. */
  error: 1,
  usage: 2,
  /** Changed or broken: the content, the signature, or the document after signing (an incremental PDF update, a part added to a workbook). */
  invalid: 3,
  /** Intact, but no trusted root vouches for the signer (none given with --ca, or the chain leads elsewhere). */
  untrusted: 4,
  /** Intact, but signed with a certificate outside its validity period (expired or not yet valid at the signing time). */
  expired: 5,
} as const;

export const SIGN_USAGE = `  sign <tệp> (--p12 <tệp.p12> --password-env <BIẾN> | --pkcs11 <thư-viện.dll/.so> [--slot <n>] --pin-env <BIẾN> [--key-id <hex>])
       [--p7s]                                Ký tệp .xlsx/.pdf (chữ ký nhúng); --p7s ghi thêm <tệp>.p7s.
                                              Chứng thư hết hạn (hoặc chưa có hiệu lực) bị từ chối.
  verify <tệp> [--sig <tệp.p7s>] [--ca <ca.pem|thư-mục>] [--json]
                                              Kiểm tra chữ ký: người ký, thời điểm, chuỗi chứng thực, toàn vẹn.
                                              Không có --ca thì không xác định được người ký (mã 4).
                                              Mã thoát: 0 hợp lệ và người ký được tin cậy; 1 không kiểm tra được
                                              (không có tệp, không có chữ ký); 2 sai cú pháp; 3 KHÔNG hợp lệ (nội
                                              dung hoặc chữ ký bị thay đổi, tài liệu bị sửa sau khi ký); 4 nội dung
                                              nguyên vẹn nhưng không xác định được người ký (không dẫn tới chứng
                                              thư gốc tin cậy); 5 chứng thư hết hạn hoặc chưa có hiệu lực lúc ký.
  tokens [--pkcs11 <thư-viện>] [--slot <n>]   Liệt kê token và chứng thư (không cần PIN)
  export-annex … --sign (--p12 … | --pkcs11 …) [--p7s]   Xuất rồi ký ngay
`;

class UsageError extends Error {}

function value(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  if (v === true) throw new UsageError(`Tùy chọn ${name} cần một giá trị.`);
  return v;
}

function secretFrom(env: NodeJS.ProcessEnv, variable: string | undefined, option: string, what: string): string {
  if (!variable) throw new UsageError(`Thiếu ${option} <BIẾN>: ${what} được đọc từ một biến môi trường, không ghi trên dòng lệnh.`);
  const secret = env[variable];
  if (secret === undefined) throw new AppError('invalid_input', 'signing.envUnset', { variable, what });
  return secret;
}

/** Which identity the command line names; null when it names none. */
export function identityFromArgs(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): IdentitySpec | null {
  const p12 = value(p, '--p12');
  const module = value(p, '--pkcs11');
  if (p12 && module) throw new UsageError('Chỉ chọn một: --p12 (tệp chứng thư) hoặc --pkcs11 (token).');
  if (p12) return { kind: 'pkcs12', file: p12, password: secretFrom(env, value(p, '--password-env'), '--password-env', 'mật khẩu tệp .p12') };
  if (module) {
    const slot = value(p, '--slot');
    const keyId = value(p, '--key-id');
    return {
      kind: 'pkcs11',
      module,
      pin: secretFrom(env, value(p, '--pin-env'), '--pin-env', 'mã PIN của token'),
      ...(slot !== undefined ? { slot } : {}),
      ...(keyId !== undefined ? { keyId } : {}),
      ...(p.options.has('--pin-final-try') ? { allowFinalPinTry: true } : {}),
    };
  }
  return null;
}

function describe(c: CertificateInfo, indent: string): string[] {
  return [
    `${indent}Người ký: ${c.subject}`,
    `${indent}Cấp bởi: ${c.issuer}`,
    `${indent}Hiệu lực: ${vnDate(c.notBefore)} – ${vnDate(c.notAfter)}`,
    `${indent}Số sê-ri: ${c.serialNumber}`,
    `${indent}Vân tay SHA-256: ${c.sha256}`,
  ];
}

const VERDICT_TEXT: Record<SignatureReport['verdict'], string> = {
  valid: 'HỢP LỆ',
  untrusted: 'KHÔNG XÁC ĐỊNH ĐƯỢC NGƯỜI KÝ (nội dung nguyên vẹn, nhưng người ký không được chứng thư gốc tin cậy nào xác nhận)',
  expired: 'KHÔNG HỢP LỆ (chứng thư số không còn hiệu lực lúc ký)',
  invalid: 'KHÔNG HỢP LỆ',
};

function reportLines(r: SignatureReport, n: number): string[] {
  const lines = [`Chữ ký ${n} — ${r.format}: ${VERDICT_TEXT[r.verdict]}`];
  if (r.signer) lines.push(...describe(r.signer, '  '));
  lines.push(`  Thời điểm ký: ${r.signingTime ? `${vnDate(r.signingTime)} (do người ký khai, không có dấu thời gian)` : 'không ghi'}`);
  lines.push(`  Chuỗi chứng thực: ${r.chain.status === 'trusted' ? 'tin cậy' : r.chain.status === 'untrusted' ? 'KHÔNG tin cậy' : 'chưa kiểm tra'} — ${r.chain.message}`);
  lines.push(`  Toàn vẹn: ${r.intact ? 'nội dung đúng như khi ký' : 'KHÔNG — nội dung hoặc chữ ký đã bị thay đổi'}`);
  for (const w of r.warnings) lines.push(`  Cảnh báo: ${w}`);
  for (const p of r.problems) lines.push(`  Lỗi: ${p}`);
  for (const note of r.notes) lines.push(`  Ghi chú: ${note}`);
  return lines;
}

function handle(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.err(`${error.message}\n\nCách dùng:\n${SIGN_USAGE}`);
    return 2;
  }
  if (error instanceof AppError) {
    io.err(`Lỗi: ${error.message}`);
    return 1;
  }
  io.err(`Lỗi không mong đợi: ${error instanceof Error ? error.message : String(error)}. Tệp không bị thay đổi.`);
  return 1;
}

async function signWith(spec: IdentitySpec, file: string, p7s: boolean, io: Io): Promise<void> {
  const signer = await openIdentity(spec);
  try {
    const result = await signFile(file, signer, { p7s });
    const who = describeCertificate(signer.certificate);
    if (result.embedded) io.out(`Đã ký ${result.embedded === 'pdf' ? 'PDF (PAdES)' : 'sổ tính Excel (chữ ký gói OOXML)'}: ${result.file}`);
    if (result.p7s) io.out(`Đã ghi chữ ký tách rời (CMS, DER): ${result.p7s}`);
    io.out(`Người ký: ${who.subject} — vân tay SHA-256 ${who.sha256}`);
  } finally {
    signer.close();
  }
}

/** `par sign <file> (--p12 … --password-env … | --pkcs11 … --slot … --pin-env …) [--p7s]` */
export async function signCommand(p: ParsedArgs, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const file = p.positional[1];
    if (!file) throw new UsageError('Thiếu đường dẫn tệp cần ký.');
    const spec = identityFromArgs(p, env);
    if (!spec) throw new UsageError('Thiếu chứng thư số: dùng --p12 <tệp.p12> --password-env <BIẾN> hoặc --pkcs11 <thư-viện> --pin-env <BIẾN>.');
    await signWith(spec, file, p.options.has('--p7s'), io);
    return 0;
  } catch (error) {
    return handle(error, io);
  }
}

/** Checks the signing options before anything is exported: null when they name a usable identity, else why not. */
export function signOptionsProblem(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return identityFromArgs(p, env) ? null : '--sign cần chứng thư số: --p12 <tệp.p12> --password-env <BIẾN> hoặc --pkcs11 <thư-viện> --pin-env <BIẾN>.';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * For `par export-annex … --sign …`, before anything is exported: why the identity cannot sign now (a .p12
 * that does not open, a certificate outside its validity), or null. A token is only read (no PIN): its
 * login happens once, when signing.
 */
export async function signIdentityRefusal(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  try {
    const spec = identityFromArgs(p, env);
    if (!spec) return null;
    if (spec.kind === 'pkcs12') {
      (await openIdentity(spec)).close();
      return null;
    }
    const wanted = spec.keyId?.toLowerCase().replace(/[^0-9a-f]/g, '');
    const own = (await listTokenCertificates(spec.module, spec.slot)).filter((c) => !c.info.isCA && (!wanted || c.id === wanted));
    if (own.length === 0 || own.some((c) => signingRefusal(c.der) === null)) return null;
    return signingRefusal(own[0]!.der)!.message;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** For `par export-annex … --sign …`: signs the file just written. */
export async function signExportedFile(p: ParsedArgs, file: string, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const spec = identityFromArgs(p, env);
    if (!spec) throw new UsageError('--sign cần chứng thư số: --p12 <tệp.p12> --password-env <BIẾN> hoặc --pkcs11 <thư-viện> --pin-env <BIẾN>.');
    await signWith(spec, file, p.options.has('--p7s'), io);
    return 0;
  } catch (error) {
    return handle(error, io);
  }
}

/** `par verify <file> [--sig <file.p7s>] [--ca <pem|dir>] [--json]`: exit codes in VERIFY_EXIT. */
export async function verifyCommand(p: ParsedArgs, io: Io): Promise<number> {
  try {
    const file = p.positional[1];
    if (!file) throw new UsageError('Thiếu đường dẫn tệp cần kiểm tra.');
    const sig = value(p, '--sig');
    const ca = value(p, '--ca');
    const result = await verify(file, { ...(sig !== undefined ? { sig } : {}), ...(ca !== undefined ? { caFiles: [ca] } : {}) });
    const json = p.options.has('--json');
    if (json) io.out(JSON.stringify(result, null, 2));
    else {
      io.out(`Tệp: ${result.file}`);
      result.signatures.forEach((s, i) => reportLines(s, i + 1).forEach((l) => io.out(l)));
    }
    const numbered = (pick: (s: SignatureReport) => string[]) =>
      result.signatures.flatMap((s, i) => pick(s).map((x) => (result.signatures.length > 1 ? `Chữ ký ${i + 1}: ${x}` : x)));
    switch (result.verdict) {
      case 'valid': {
        const warned = result.signatures.some((s) => s.warnings.length > 0);
        if (!json) io.out(warned ? 'Kết luận: chữ ký hợp lệ, có cảnh báo (xem trên).' : 'Kết luận: chữ ký hợp lệ.');
        return VERIFY_EXIT.valid;
      }
      case 'untrusted':
        io.err(
          `Kết luận: nội dung còn nguyên vẹn nhưng KHÔNG xác định được người ký — ${numbered((s) => (s.verdict === 'untrusted' ? [s.chain.message] : [])).join(' ')}${ca === undefined ? ' Chỉ ra chứng thư gốc tin cậy bằng --ca <ca.pem|thư-mục>.' : ''}`,
        );
        return VERIFY_EXIT.untrusted;
      case 'expired':
        io.err(`Lỗi: chữ ký KHÔNG hợp lệ — ${numbered((s) => (s.verdict === 'expired' ? s.problems : [])).join(' ')}`);
        return VERIFY_EXIT.expired;
      case 'unsigned':
        io.err(`Lỗi: ${result.problems.join(' ') || 'không tìm thấy chữ ký số nào.'}`);
        return VERIFY_EXIT.error;
      case 'invalid': {
        const reasons = [...result.problems, ...numbered((s) => s.problems)];
        io.err(`Lỗi: chữ ký KHÔNG hợp lệ — ${reasons.join(' ') || 'không rõ lý do'}`);
        return VERIFY_EXIT.invalid;
      }
    }
  } catch (error) {
    return handle(error, io);
  }
}

/** `par tokens [--pkcs11 <module>] [--slot <n>]`: what is plugged in, without a PIN. */
export async function tokensCommand(p: ParsedArgs, io: Io): Promise<number> {
  try {
    const module = value(p, '--pkcs11');
    if (!module) {
      const found = installedModules();
      if (found.length === 0) io.out('Không tìm thấy thư viện PKCS#11 nào ở các vị trí quen thuộc. Hãy cài driver token của tổ chức cấp chứng thư, rồi chỉ ra tệp bằng --pkcs11.');
      for (const m of found) io.out(`${m.vendor}: ${m.path}`);
      return 0;
    }
    const slots = await listTokens(module);
    if (slots.length === 0) io.out('Không thấy token nào được cắm.');
    for (const s of slots) {
      const state = s.pinLocked ? ' — PIN ĐÃ KHÓA' : s.pinFinalTry ? ' — chỉ còn MỘT lần nhập PIN' : s.pinCountLow ? ' — còn ít lần nhập PIN' : '';
      io.out(`Khe ${s.index} (mã ${s.slotId}): "${s.label}" ${s.manufacturer} ${s.model} số ${s.serialNumber}${state}`);
      const slotWanted = value(p, '--slot');
      if (slotWanted !== undefined && slotWanted !== String(s.index) && slotWanted !== s.slotId) continue;
      for (const c of await listTokenCertificates(module, s.index)) {
        io.out(`  Chứng thư (mã khóa ${c.id || '—'}, nhãn "${c.label}"):`);
        describe(c.info, '    ').forEach((l) => io.out(l));
      }
    }
    return 0;
  } catch (error) {
    return handle(error, io);
  }
}
