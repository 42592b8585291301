// PAdES for the PDF annexes: @signpdf appends a signature field as an incremental update with a
// /ByteRange placeholder, and the CMS (ETSI.CAdES.detached: signing-certificate-v2, the time in /M) comes
// from signDetached. On the app's annexes pdf-visible.ts writes the signature field instead, with the
// visible signature block as its appearance. Verification takes each signature field from the document's
// structure (pdf-reader.ts), checks its /ByteRange leaves out exactly its /Contents and reaches the end of
// the file, and checks the CMS.

import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as PdfSigner, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { AppError } from '../../shared/errors.js';
import { asn1js, assertCanSign, describeCertificate, toArrayBuffer } from './certificate.js';
import { checkDetached, signDetached } from './cms.js';
import { buildReport, type SignatureReport } from './report.js';
import { isArray, isName, isString, PdfDocument, PdfSyntaxError, type SignatureField } from './pdf-reader.js';
import { documentNumberOf, prepareVisibleSignature, signatureBlockLines } from './pdf-visible.js';
import type { Signer } from './signer.js';

export interface PdfSignOptions {
  signingTime?: Date;
  /**
   * Draw the visible signature block (pdf-visible.ts) at the top right of the first page: default true;
   * a PDF the block cannot be written in (not an annex of this app) is signed without it.
   */
  visible?: boolean;
  /** The number the block shows; default: the one the annex writer recorded in the PDF (/DecisionNo). */
  documentNo?: string;
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
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('invalid_input', 'pdf.notPdf');
  const signingTime = options.signingTime ?? new Date();
  signingTime.setMilliseconds(0);
  assertCanSign(signer.certificate, signingTime);
  // Room for the CMS: the certificates it carries, the signature and the attributes, with margin.
  const certBytes = signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0);
  const signatureLength = Math.max(8192, certBytes + 4096);
  const reason = ascii(options.reason ?? 'Ky so xac nhan noi dung');
  const certificate = describeCertificate(signer.certificate);
  const name = ascii(certificate.commonName);
  const location = ascii(options.location ?? '');
  let prepared: Buffer | null = null;
  if (options.visible !== false) {
    const lines = signatureBlockLines(
      { commonName: certificate.commonName, organization: certificate.subjectFields['O'] ?? null },
      options.documentNo ?? documentNumber(pdf),
      signingTime,
    );
    prepared = prepareVisibleSignature(pdf, lines, { subFilter: SUBFILTER_ETSI_CADES_DETACHED, reason, name, location, signingTime, signatureLength, appName: 'PAR-Appraisal' });
  }
  try {
    prepared ??= plainAddPlaceholder({
      pdfBuffer: pdf,
      reason,
      contactInfo: '',
      name,
      location,
      signingTime,
      signatureLength,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'PAR-Appraisal',
    });
  } catch (error) {
    throw new AppError('invalid_input', 'pdf.cannotReserve', { detail: error instanceof Error ? error.message : String(error) });
  }
  return new SignPdf().sign(prepared, new CadesSigner(signer), signingTime);
}

function documentNumber(pdf: Buffer): string | null {
  try {
    return documentNumberOf(new PdfDocument(pdf));
  } catch {
    return null;
  }
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

interface ParsedSignature {
  byteRange: [number, number, number, number] | null;
  cms: Buffer | null;
  subFilter: string | null;
  claimedTime: Date | null;
  problems: string[];
}

/**
 * The signature dictionary as a reader takes it: /ByteRange is four integers in that dictionary, and the
 * gap between its two ranges must be exactly that dictionary's /Contents hex string — so the bytes left
 * out of the signature are the signature itself and nothing else.
 */
function readSignature(pdf: Buffer, field: SignatureField): ParsedSignature {
  const out: ParsedSignature = { byteRange: null, cms: null, subFilter: null, claimedTime: null, problems: [] };
  if (!field.dict) {
    out.problems.push(field.problem ?? 'Không đọc được từ điển chữ ký.');
    return out;
  }
  const entries = field.dict.entries;
  const sub = entries.get('SubFilter');
  out.subFilter = isName(sub) ? sub.name : null;
  const m = entries.get('M');
  if (isString(m)) out.claimedTime = pdfDate(m.bytes.toString('latin1'));
  const br = entries.get('ByteRange');
  const numbers = isArray(br) && br.items.length === 4 && br.items.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) ? (br.items as number[]) : null;
  if (!numbers) {
    out.problems.push('Từ điển chữ ký không có /ByteRange hợp lệ (bốn số nguyên): chữ ký bị hỏng.');
    return out;
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  out.byteRange = [a, b, c, d];
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) {
    out.problems.push('Vùng được ký (/ByteRange) không hợp lệ hoặc vượt quá độ dài tệp: tệp đã bị cắt bớt hoặc sửa đổi.');
    return out;
  }
  const contents = entries.get('Contents');
  if (!isString(contents) || !contents.hex) {
    out.problems.push('Không đọc được dữ liệu chữ ký (/Contents) trong tệp PDF: chữ ký bị hỏng.');
    return out;
  }
  const gap = pdf.toString('latin1', b, c);
  const gapIsContents = field.inFile ? contents.start === b && contents.end === c : /^<[0-9A-Fa-f\s]*>$/.test(gap) && Buffer.from(gap.slice(1, -1).replace(/\s+/g, ''), 'hex').equals(contents.bytes);
  if (!gapIsContents) {
    out.problems.push('Phần không được ký (giữa hai vùng /ByteRange) không đúng là dữ liệu chữ ký /Contents: có nội dung nằm ngoài chữ ký, tệp đã bị sửa đổi.');
    return out;
  }
  // The placeholder is padded with zeros after the DER value: keep the value only.
  const parsed = asn1js.fromBER(toArrayBuffer(contents.bytes));
  out.cms = parsed.offset > 0 ? contents.bytes.subarray(0, parsed.offset) : null;
  if (!out.cms) out.problems.push('Không đọc được dữ liệu chữ ký (/Contents) trong tệp PDF: chữ ký bị hỏng.');
  return out;
}

/** What the incremental updates after `end` add or replace, in words: "7 (Page), 12 (Sig), 13". */
function changedAfter(doc: PdfDocument, end: number): string {
  const nums = [...new Set(doc.sections.filter((s) => s.offset >= end).flatMap((s) => s.objects))].filter((n) => n > 0).sort((x, y) => x - y);
  if (nums.length === 0) return '';
  const shown = nums.slice(0, 20).map((n) => {
    const type = doc.typeOf(n);
    return type ? `${n} (${type})` : String(n);
  });
  return ` Các đối tượng được thêm hoặc thay thế sau khi ký: ${shown.join(', ')}${nums.length > 20 ? ` và ${nums.length - 20} đối tượng khác` : ''}.`;
}

export async function verifyPdf(pdf: Buffer, trusted: readonly Buffer[]): Promise<{ signatures: SignatureReport[]; problems: string[]; unsigned: boolean }> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { signatures: [], problems: ['Tệp không phải PDF hợp lệ (thiếu phần đầu "%PDF-").'], unsigned: false };
  let doc: PdfDocument;
  let fields: SignatureField[];
  try {
    doc = new PdfDocument(pdf);
    fields = doc.signatureFields();
  } catch (error) {
    const why = error instanceof PdfSyntaxError ? error.message : error instanceof Error ? error.message : String(error);
    return { signatures: [], problems: [`Không đọc được cấu trúc tệp PDF (bảng tham chiếu xref hoặc đối tượng hỏng: ${why}): không kiểm tra được chữ ký, coi như tệp đã bị sửa đổi.`], unsigned: false };
  }
  if (fields.length === 0) return { signatures: [], problems: ['Tệp PDF không có chữ ký số nào.'], unsigned: true };
  const reports: SignatureReport[] = [];
  for (const field of fields) {
    const f = readSignature(pdf, field);
    const problems = [...f.problems];
    const notes: string[] = [];
    const format = f.subFilter === 'ETSI.CAdES.detached' ? 'PAdES (ETSI.CAdES.detached)' : `Chữ ký PDF (${f.subFilter ?? 'không rõ loại'})`;
    if (f.subFilter !== 'ETSI.CAdES.detached' && f.subFilter !== 'adbe.pkcs7.detached') {
      problems.push(`Loại chữ ký PDF "${f.subFilter ?? '?'}" chưa được hỗ trợ kiểm tra (chỉ ETSI.CAdES.detached và adbe.pkcs7.detached).`);
    }
    if (problems.length > 0 || !f.cms || !f.byteRange) {
      reports.push(await buildReport({ kind: 'pdf', format, signerCertificate: null, certificates: [], signingTime: f.claimedTime, intact: false, problems, trusted, notes }));
      continue;
    }
    const [a, b, c, d] = f.byteRange;
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    let check;
    try {
      check = await checkDetached(f.cms, signed);
    } catch (error) {
      reports.push(await buildReport({ kind: 'pdf', format, signerCertificate: null, certificates: [], signingTime: f.claimedTime, intact: false, problems: [error instanceof Error ? error.message : String(error)], trusted, notes }));
      continue;
    }
    if (!check.intact && check.problem) problems.push(check.problem);
    // An incremental update after signing can change what every page shows while the signed bytes stay
    // intact (pdfsig: "Signature is Valid", "Not total document signed"): the signature then no longer
    // vouches for the document, so it is reported as changed — whoever made the later update.
    if (check.intact && c + d < pdf.length) {
      problems.push(`Tài liệu đã bị thay đổi sau khi ký: chữ ký chỉ bao phủ ${c + d} byte đầu của tệp dài ${pdf.length} byte; phần thêm vào sau không được chữ ký này xác nhận.${changedAfter(doc, c + d)}`);
      notes.push('Phần được ký vẫn nguyên vẹn (chữ ký đúng với phiên bản tài liệu lúc ký), nhưng tài liệu hiện tại không còn là phiên bản đó.');
    }
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
  return { signatures: reports, problems: [], unsigned: false };
}
