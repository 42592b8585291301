// The báo cáo tự đánh giá as PDF/A-2b, laid out as the .docx is (nd30.ts): the two-column head, the title
// with its rule, "Kính gửi:", the numbered sections and tables, and the head of the unit's signing block.

import { CONTENT_WIDTH, MARGIN, PdfFlow } from './pdf-flow.js';
import type { SelfReportModel } from './self-report-model.js';
import type { ReportWatch } from './self-report.js';

const MM = 72 / 25.4;
/** ND30 sizes (points), as nd30.ts SIZE. */
const SIZE = { body: 14, organ: 13, nationalTitle: 12, motto: 13, number: 13, placeDate: 13, title: 14, signer: 14, recipientsLabel: 12, recipients: 11, table: 12, hash: 10, page: 13 } as const;
const INDENT = 12.7 * MM;
/** Below a section heading, room for what opens the section (a paragraph's first lines or a caption, a table header and a row). */
const HEADING_KEEP = 90;

export async function writeSelfReportPdf(m: SelfReportModel, fontDir?: string, watch: ReportWatch = {}): Promise<Buffer> {
  // The body's blocks, then the signing block and the finish (page numbers, the file): the last step.
  const total = m.body.length + 1;
  const f = new PdfFlow({ title: m.title, subject: m.subject, keywords: 'CCHC, tự đánh giá, báo cáo' }, fontDir);

  // The head: issuing body over the number (left 40 %), national title and motto over the place-date line.
  const leftW = CONTENT_WIDTH * 0.4;
  const rightX = MARGIN.left + leftW;
  const rightW = CONTENT_WIDTH - leftW;
  const top = f.y;
  for (const o of m.organ) f.paragraph([{ text: o.text, face: o.bold ? 'bold' : 'regular' }], { size: SIZE.organ, align: 'center', width: leftW });
  const leftRule = f.y + 2;
  f.rule(22 * MM, MARGIN.left, leftW, leftRule);
  f.y = top;
  f.paragraph([{ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', face: 'bold' }], { size: SIZE.nationalTitle, align: 'center', x: rightX, width: rightW });
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  f.paragraph([{ text: motto, face: 'bold' }], { size: SIZE.motto, align: 'center', x: rightX, width: rightW });
  const mottoRule = f.y + 1;
  f.rule(f.measure(motto, 'bold', SIZE.motto), rightX, rightW, mottoRule);
  const row = Math.max(leftRule, mottoRule) + 8;
  f.y = row;
  f.paragraph([{ text: m.number }], { size: SIZE.number, align: 'center', width: leftW });
  const afterNumber = f.y;
  f.y = row;
  f.paragraph([{ text: m.placeDate, face: 'italic' }], { size: SIZE.placeDate, align: 'center', x: rightX, width: rightW });
  f.y = Math.max(afterNumber, f.y);

  // Document type and summary, with the short rule under the summary.
  f.paragraph([{ text: m.docType, face: 'bold' }], { size: SIZE.title, align: 'center', before: 20 });
  for (const s of m.summary) f.paragraph([{ text: s, face: 'bold' }], { size: SIZE.title, align: 'center' });
  f.rule(35 * MM, MARGIN.left, CONTENT_WIDTH, f.y + 5);
  f.y += 14;

  // "Kính gửi:" with the addressees aligned after it.
  const label = 'Kính gửi:';
  const labelX = MARGIN.left + CONTENT_WIDTH * 0.12;
  const listX = labelX + 65;
  const addresseeTop = f.y;
  m.addressees.forEach((a, i) => {
    f.paragraph([{ text: `- ${a}${i === m.addressees.length - 1 ? '.' : ';'}` }], { size: SIZE.body, x: listX, width: MARGIN.left + CONTENT_WIDTH - listX });
  });
  const afterAddressees = f.y;
  f.y = addresseeTop;
  f.paragraph([{ text: label }], { size: SIZE.body, x: labelX, width: listX - labelX });
  f.y = afterAddressees + 6;

  for (const [i, b] of m.body.entries()) {
    watch.throwIfCancelled?.();
    watch.onProgress?.(i, total);
    if (b.kind === 'heading') f.paragraph([{ text: b.text, face: 'bold' }], { size: SIZE.body, align: 'justify', indent: INDENT, before: 6, keepWithNext: HEADING_KEEP });
    else if (b.kind === 'para') f.paragraph([{ text: b.text, face: b.italics ? 'italic' : 'regular' }], { size: SIZE.body, align: 'justify', indent: INDENT, before: 6 });
    else {
      f.paragraph([{ text: b.caption, face: 'italic' }], { size: SIZE.table, align: 'center', before: 6, after: 3, keepWithNext: 4 * SIZE.table * 1.2 + 12 });
      f.table(
        b.columns,
        b.rows.map((r) => r.map((c) => ({ text: c.text, ...(c.bold ? { bold: true } : {}), ...(c.small ? { size: SIZE.hash } : {}) }))),
        SIZE.table,
      );
    }
  }

  watch.throwIfCancelled?.();
  watch.onProgress?.(m.body.length, total);
  // The signing block stays whole: "Nơi nhận:" (left half), the head's title and room to sign (right half).
  const half = CONTENT_WIDTH / 2;
  const lh = f.lineHeight(SIZE.signer);
  f.ensure(12 + lh * 7);
  f.y += 12;
  const signTop = f.y;
  f.paragraph([{ text: 'Nơi nhận:', face: 'boldItalic' }], { size: SIZE.recipientsLabel, width: half, before: 2 });
  for (const r of m.recipients) f.paragraph([{ text: r }], { size: SIZE.recipients, width: half });
  f.y = signTop;
  f.paragraph([{ text: m.signerTitle, face: 'bold' }], { size: SIZE.signer, align: 'center', x: MARGIN.left + half, width: half });
  f.paragraph([{ text: m.signerNote, face: 'italic' }], { size: SIZE.signer, align: 'center', x: MARGIN.left + half, width: half });
  const bytes = await f.finish(SIZE.page);
  watch.onProgress?.(total, total);
  return bytes;
}
