// PAdES for the PDF annexes: @signpdf appends a signature field as an incremental update with a
// /ByteRange placeholder, and the CMS (ETSI.CAdES.detached: signing-certificate-v2, the time in /M) comes
// from signDetached. Verification reads every /ByteRange, checks it covers the file, and checks the CMS.

import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as PdfSigner, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { AppError } from '../../shared/errors.js';
import { asn1js, describeCertificate, toArrayBuffer } from './certificate.js';
import { checkDetached, signDetached } from './cms.js';
import { buildReport, type SignatureReport } from './report.js';
import type { Signer } from './signer.js';

export interface PdfSignOptions {
  signingTime?: Date;
  /** Shown by PDF readers in the signature panel. ASCII only: @signpdf re-encodes other text wrongly. */
  reason?: string;
  location?: string;
}

class CadesSigner extends PdfSigner {
  constructor(private readonly signer: Signer) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return signDetached(pdfBuffer, this.signer, { includeSigningTime: false, ...(signingTime ? { signingTime } : {}) });
  }
}

/** "Nguyễn Văn A" → "Nguyen Van A": the /Name entry is written as PDFDocEncoding by @signpdf. */
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');

export async function signPdf(pdf: Buffer, signer: Signer, options: PdfSignOptions = {}): Promise<Buffer> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('invalid_input', 'Tệp không phải PDF (thiếu phần đầu "%PDF-").');
  const signingTime = options.signingTime ?? new Date();
  signingTime.setMilliseconds(0);
  // Room for the CMS: the certificates it carries, the signature and the attributes, with margin.
  const certBytes = signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0);
  const signatureLength = Math.max(8192, certBytes + 4096);
  let prepared: Buffer;
  try {
    prepared = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: ascii(options.reason ?? 'Ky so xac nhan noi dung'),
      contactInfo: '',
      name: ascii(describeCertificate(signer.certificate).commonName),
      location: ascii(options.location ?? ''),
      signingTime,
      signatureLength,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'PAR-Appraisal',
    });
  } catch (error) {
    throw new AppError('invalid_input', `Không chèn được chỗ cho chữ ký vào tệp PDF này (${error instanceof Error ? error.message : String(error)}). Các tệp PDF do ứng dụng xuất ra luôn ký được; tệp dùng bảng tham chiếu dạng luồng (xref stream) chưa được hỗ trợ.`);
  }
  return new SignPdf().sign(prepared, new CadesSigner(signer), signingTime);
}

interface PdfSignatureField {
  byteRange: [number, number, number, number];
  cms: Buffer | null;
  subFilter: string | null;
  claimedTime: Date | null;
}

/** "D:20250216140500Z", "D:20250216140500+07'00'" → Date. */
function pdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?'?)?/.exec(text);
  if (!m) return null;
  const [y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m.slice(1);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (Number(oh) * 60 + Number(om)) * (sign === '+' ? 1 : -1) : 0;
  return new Date(utc - offset * 60_000);
}

function findSignatures(pdf: Buffer): PdfSignatureField[] {
  const text = pdf.toString('latin1');
  const out: PdfSignatureField[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const br = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const gap = text.slice(br[0] + br[1], br[2]);
    let cms: Buffer | null = null;
    if (/^<[0-9A-Fa-f\s]*>$/.test(gap)) {
      const raw = Buffer.from(gap.slice(1, -1).replace(/\s+/g, ''), 'hex');
      // The placeholder is padded with zeros after the DER value: keep the value only.
      const parsed = asn1js.fromBER(toArrayBuffer(raw));
      cms = parsed.offset > 0 ? raw.subarray(0, parsed.offset) : null;
    }
    const objStart = text.lastIndexOf(' obj', m.index);
    const objEnd = text.indexOf('endobj', m.index);
    const dict = text.slice(Math.max(0, objStart), objEnd < 0 ? undefined : objEnd).replace(gap, '');
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null;
    const time = /\/M\s*\((D:[^)]*)\)/.exec(dict)?.[1];
    out.push({ byteRange: br, cms, subFilter, claimedTime: time ? pdfDate(time) : null });
  }
  return out;
}

export async function verifyPdf(pdf: Buffer, trusted: readonly Buffer[]): Promise<{ signatures: SignatureReport[]; problems: string[] }> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { signatures: [], problems: ['Tệp không phải PDF hợp lệ (thiếu phần đầu "%PDF-").'] };
  const fields = findSignatures(pdf);
  if (fields.length === 0) return { signatures: [], problems: ['Tệp PDF không có chữ ký số nào.'] };
  const furthest = Math.max(...fields.map((f) => f.byteRange[2] + f.byteRange[3]));
  const reports: SignatureReport[] = [];
  for (const f of fields) {
    const [a, b, c, d] = f.byteRange;
    const problems: string[] = [];
    const notes: string[] = [];
    const format = f.subFilter === 'ETSI.CAdES.detached' ? 'PAdES (ETSI.CAdES.detached)' : `Chữ ký PDF (${f.subFilter ?? 'không rõ loại'})`;
    if (f.subFilter !== 'ETSI.CAdES.detached' && f.subFilter !== 'adbe.pkcs7.detached') {
      problems.push(`Loại chữ ký PDF "${f.subFilter ?? '?'}" chưa được hỗ trợ kiểm tra (chỉ ETSI.CAdES.detached và adbe.pkcs7.detached).`);
    }
    const sane = a === 0 && b > 0 && c > a + b && d >= 0 && c + d <= pdf.length;
    if (!sane) problems.push('Vùng được ký (/ByteRange) không hợp lệ hoặc vượt quá độ dài tệp: tệp đã bị cắt bớt hoặc sửa đổi.');
    if (sane && c + d < pdf.length) {
      if (c + d === furthest) problems.push(`Tệp PDF có ${pdf.length - (c + d)} byte được thêm vào sau khi ký (không thuộc vùng được ký): tệp đã bị thay đổi sau khi ký.`);
      else notes.push('Chữ ký này thuộc một phiên bản trước của tệp; phần sau đã được một chữ ký khác bao phủ.');
    }
    if (!f.cms) problems.push('Không đọc được dữ liệu chữ ký (/Contents) trong tệp PDF: chữ ký bị hỏng.');
    if (problems.length > 0 || !f.cms) {
      reports.push(await buildReport({ kind: 'pdf', format, signerCertificate: null, certificates: [], signingTime: f.claimedTime, intact: false, problems, trusted, notes }));
      continue;
    }
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    let check;
    try {
      check = await checkDetached(f.cms, signed);
    } catch (error) {
      reports.push(await buildReport({ kind: 'pdf', format, signerCertificate: null, certificates: [], signingTime: f.claimedTime, intact: false, problems: [error instanceof Error ? error.message : String(error)], trusted, notes }));
      continue;
    }
    if (!check.intact && check.problem) problems.push(check.problem);
    reports.push(
      await buildReport({
        kind: 'pdf',
        format,
        signerCertificate: check.signerCertificate,
        certificates: check.certificates,
        signingTime: check.signingTime ?? f.claimedTime,
        intact: check.intact,
        problems,
        trusted,
        notes,
      }),
    );
  }
  return { signatures: reports, problems: [] };
}
