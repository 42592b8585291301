// The báo cáo tự đánh giá a unit prints from its own machine (PDF and .docx): the summary per area (max,
// self-score), the explanations, the evidence list with file names and SHA-256, and a signature line for
// the unit's head. Both formats are written from one model (self-report-model.ts).

import { Paragraph, type Table } from 'docx';
import type { SelfSheet } from '../../shared/contract.js';
import { caption, dataTable, head, packDocument, para, run, signing, TEXT_WIDTH, title, type DataCell } from './nd30.js';
import { buildSelfReport, type ReportBlock, type SelfReportContext, type SelfReportModel } from './self-report-model.js';
import { writeSelfReportPdf } from './self-report-pdf.js';

export type { SelfReportContext } from './self-report-model.js';

/** ASCII file name: "Bao-cao-tu-danh-gia-XP09-2025.pdf". */
export const selfReportFileName = (sheet: Pick<SelfSheet, 'unitCode' | 'year'>, format: 'pdf' | 'docx'): string =>
  `Bao-cao-tu-danh-gia-${sheet.unitCode.replace(/[^A-Za-z0-9_-]+/g, '-')}-${sheet.year}.${format}`;

/** The hash's size in the table, in points: two lines of 32 hex digits fit the column. */
const HASH_PT = 10;

export async function writeSelfReport(sheet: SelfSheet, format: 'pdf' | 'docx', context: SelfReportContext = { issuer: '', agency: '' }): Promise<Buffer> {
  const model = buildSelfReport(sheet, context);
  return format === 'pdf' ? writeSelfReportPdf(model) : writeDocx(model);
}

/**
 * "Kính gửi:" and its list, a little in from the left: the first addressee on the same line after a tab,
 * the others aligned under it (a hanging indent, whose edge is also the tab's stop).
 */
function addressees(list: string[]): Paragraph[] {
  const left = Math.round(TEXT_WIDTH * 0.12);
  const hang = 1300;
  const end = (i: number) => (i === list.length - 1 ? '.' : ';');
  return list.map(
    (a, i) =>
      new Paragraph({
        indent: i === 0 ? { left: left + hang, hanging: hang } : { left: left + hang },
        spacing: { before: i === 0 ? 240 : 0, after: i === list.length - 1 ? 120 : 0, line: 276 },
        children: i === 0 ? [run('Kính gửi:'), run('\t'), run(`- ${a}${end(i)}`)] : [run(`- ${a}${end(i)}`)],
      }),
  );
}

function block(b: ReportBlock): Array<Paragraph | Table> {
  if (b.kind === 'heading') return [para([run(b.text, { bold: true })], { keepNext: true })];
  if (b.kind === 'para') return [para([b.text], b.italics ? { italics: true } : {})];
  const rows: DataCell[][] = b.rows.map((r) => r.map((c) => (c.bold || c.small ? { text: c.text, bold: c.bold ?? false, ...(c.small ? { size: HASH_PT } : {}) } : c.text)));
  return [caption(b.caption), dataTable(b.columns, rows)];
}

async function writeDocx(m: SelfReportModel): Promise<Buffer> {
  const body = [
    head({ organ: m.organ, number: m.number, placeDate: m.placeDate }),
    ...title(m.docType, m.summary),
    ...addressees(m.addressees),
    ...m.body.flatMap(block),
    signing({ recipients: m.recipients, titles: [m.signerTitle], note: m.signerNote, name: '' }),
  ];
  return packDocument({ title: m.title, description: m.subject, mark: null, body });
}
