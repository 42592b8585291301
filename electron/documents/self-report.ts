// The báo cáo tự đánh giá a unit prints from its own machine (PDF and .docx): the summary per area (max,
// self-score), the explanations, the evidence list with file names and SHA-256, and a signature line for
// the unit's head. Both formats are written from one model (self-report-model.ts).

import { Paragraph, type Table } from 'docx';
import { rename, rm, writeFile } from 'node:fs/promises';
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

/** How a caller (the job worker) watches a long report and stops it: steps of the body, then the packing. */
export interface ReportWatch {
  onProgress?: (done: number, total: number) => void;
  /** Throws to stop (the job's cancel); called between steps. */
  throwIfCancelled?: () => void;
}

export async function writeSelfReport(sheet: SelfSheet, format: 'pdf' | 'docx', context: SelfReportContext = { issuer: '', agency: '' }, watch: ReportWatch = {}): Promise<Buffer> {
  const model = buildSelfReport(sheet, context);
  return format === 'pdf' ? writeSelfReportPdf(model, undefined, watch) : writeDocx(model, watch);
}

/** The report written to `outPath` through `<outPath>.part`, renamed only once whole: a cancel or an error leaves no file. */
export async function writeSelfReportFile(sheet: SelfSheet, format: 'pdf' | 'docx', context: SelfReportContext, outPath: string, watch: ReportWatch = {}): Promise<void> {
  const part = `${outPath}.part`;
  try {
    const bytes = await writeSelfReport(sheet, format, context, watch);
    watch.throwIfCancelled?.();
    await writeFile(part, bytes, { flag: 'wx' });
    watch.throwIfCancelled?.();
    await rename(part, outPath);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
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

async function writeDocx(m: SelfReportModel, watch: ReportWatch): Promise<Buffer> {
  // The body's blocks, then the packing (one step: the docx library writes the whole file at once).
  const total = m.body.length + 1;
  const blocks = m.body.flatMap((b, i) => {
    watch.throwIfCancelled?.();
    watch.onProgress?.(i, total);
    return block(b);
  });
  watch.throwIfCancelled?.();
  watch.onProgress?.(m.body.length, total);
  const body = [
    head({ organ: m.organ, number: m.number, placeDate: m.placeDate }),
    ...title(m.docType, m.summary),
    ...addressees(m.addressees),
    ...blocks,
    signing({ recipients: m.recipients, titles: [m.signerTitle], note: m.signerNote, name: '' }),
  ];
  const bytes = await packDocument({ title: m.title, description: m.subject, mark: null, body });
  watch.onProgress?.(total, total);
  return bytes;
}
