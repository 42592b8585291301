// The explanation list sent to units ("Danh sách yêu cầu giải trình"): one sheet per unit, with the
// columns the unit fills in; and the reader of the filled workbook that comes back. Reading is pure:
// matching the rows against the database is the service's job.

import type * as XLSX from 'xlsx';
import type { ImportIssue } from '../../shared/errors.js';
import { AppError } from '../../shared/errors.js';
import { milliToNumber } from '../../shared/numbers.js';
import type { ColumnSpec } from '../../shared/workbook-format.js';
import { readWorkbookFile } from './workbook-file.js';
import { IssueList, cellText, columnLabel, readTable } from './sheet-reader.js';
import { APP_NAME } from '../annex/xlsx/layout.js';
import { writeWorkingWorkbook, type WorkColumn, type WorkSheetSpec } from '../annex/xlsx/working.js';

export const EXPLANATION_TITLE = 'DANH SÁCH YÊU CẦU GIẢI TRÌNH';
const UNIT_LABEL = 'Mã đơn vị:';
const CAMPAIGN_LABEL = 'Mã đợt đánh giá (không sửa):';
export const MAX_ANSWER = 4000;
export const MAX_FILES_TEXT = 1000;

const col = (header: string, aliases: string[], required = true): ColumnSpec => ({ header, aliases, required });
export const EXPLANATION_COLUMNS = {
  stt: col('STT', ['No'], false),
  criterion: col('Tiêu chí', ['Criterion']),
  self: col('Điểm tự đánh giá', ['Self'], false),
  round1: col('Điểm thẩm định vòng 1', ['Round 1'], false),
  request: col('Nội dung yêu cầu', ['Request'], false),
  requester: col('Người yêu cầu', ['Requested by'], false),
  answer: col('Nội dung giải trình của đơn vị', ['Nội dung giải trình', 'Answer']),
  files: col('Tài liệu bổ sung (tên tệp)', ['Tài liệu bổ sung', 'Files'], false),
  id: col('Mã yêu cầu (không sửa)', ['Mã yêu cầu', 'Request id']),
} as const;
type Key = keyof typeof EXPLANATION_COLUMNS;
const ORDER: Key[] = ['stt', 'criterion', 'self', 'round1', 'request', 'requester', 'answer', 'files', 'id'];

export interface ExplanationListUnit {
  unitCode: string;
  unitName: string;
  requests: Array<{
    id: number;
    criterionCode: string;
    criterionName: string;
    selfMilli: number | null;
    round1Milli: number | null;
    round1NotApplicable: boolean;
    text: string;
    requester: string;
    answer: string;
  }>;
}

export interface ExplanationListMeta {
  campaignUid: string;
  campaignName: string;
  year: number;
}

/** ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetNameFor(unitCode: string, unitName: string, taken: Set<string>): string {
  const clean = (t: string) => t.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  // Excel also refuses a name that starts or ends with an apostrophe.
  const base = clean(`${unitCode} ${unitName}`).slice(0, 31).replace(/^['\s]+|['\s]+$/g, '') || 'Don vi';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

const pointsCell = (milli: number | null, na = false): string | number => (na ? 'KAD' : milli === null ? '' : milliToNumber(milli));

/**
 * Column widths fit A4 landscape at 100 % (the list goes to units on paper as often as by e-mail), so the
 * text prints at 12 pt; only the answer and file columns are unlocked, each limited to what the import takes.
 */
const LIST_COLUMNS: Record<Key, Omit<WorkColumn, 'header'>> = {
  stt: { width: 4, align: 'center' },
  criterion: { width: 22, align: 'left' },
  self: { width: 8, align: 'center' },
  round1: { width: 9, align: 'center' },
  request: { width: 20, align: 'left' },
  requester: { width: 12, align: 'left' },
  answer: {
    width: 27,
    align: 'left',
    input: {
      kind: 'textLength',
      max: MAX_ANSWER,
      title: 'Nội dung giải trình',
      prompt: `Ghi nội dung giải trình của đơn vị cho yêu cầu ở dòng này (tối đa ${MAX_ANSWER} ký tự).`,
      error: `Nội dung giải trình tối đa ${MAX_ANSWER} ký tự: hãy rút gọn hoặc gửi thành tài liệu bổ sung.`,
    },
  },
  files: {
    width: 12,
    align: 'left',
    input: {
      kind: 'textLength',
      max: MAX_FILES_TEXT,
      title: 'Tài liệu bổ sung',
      prompt: `Ghi tên các tệp tài liệu gửi kèm, cách nhau bằng dấu phẩy (tối đa ${MAX_FILES_TEXT} ký tự).`,
      error: `Danh sách tệp tối đa ${MAX_FILES_TEXT} ký tự.`,
    },
  },
  id: { width: 8, align: 'center' },
};

export function writeExplanationList(meta: ExplanationListMeta, units: readonly ExplanationListUnit[]): Buffer {
  const taken = new Set<string>();
  const columns = ORDER.map((k): WorkColumn => ({ header: EXPLANATION_COLUMNS[k].header, ...LIST_COLUMNS[k] }));
  const sheets = units.map((u): WorkSheetSpec => ({
    name: sheetNameFor(u.unitCode, u.unitName, taken),
    // Labels in column B and values in C (the reader looks for them there); the values run on to the right.
    top: [
      { kind: 'title', cells: [EXPLANATION_TITLE] },
      { kind: 'line', cells: ['', 'Đơn vị:', u.unitName] },
      { kind: 'line', cells: ['', UNIT_LABEL, u.unitCode] },
      { kind: 'line', cells: ['', 'Đợt đánh giá:', `${meta.campaignName} (năm ${meta.year})`] },
      { kind: 'line', cells: ['', CAMPAIGN_LABEL, meta.campaignUid] },
      { kind: 'note', cells: ['', 'Đơn vị ghi nội dung giải trình vào cột G, tên tệp tài liệu bổ sung vào cột H (các ô nền vàng); các cột khác được khóa, không sửa.'] },
    ],
    columns,
    rows: u.requests.map((q, i) => [
      i + 1,
      `${q.criterionCode} – ${q.criterionName}`,
      pointsCell(q.selfMilli),
      pointsCell(q.round1Milli, q.round1NotApplicable),
      q.text,
      q.requester,
      q.answer,
      '',
      q.id,
    ]),
    landscape: true,
    footer: `${u.unitCode} ${u.unitName} — Danh sách yêu cầu giải trình`,
  }));
  return writeWorkingWorkbook(sheets, { title: `${EXPLANATION_TITLE} — ${meta.campaignName}`, subject: meta.campaignName, creator: APP_NAME });
}

export interface AnswerRow {
  sheet: string;
  /** 1-based, as Excel shows it. */
  row: number;
  sheetUnitCode: string;
  campaignUid: string;
  id: number;
  criterionText: string;
  answer: string;
  files: string;
  /** "G (Nội dung giải trình của đơn vị)" etc., for messages. */
  columns: Record<'id' | 'criterion' | 'answer' | 'files', string>;
}

/** A value in the first rows of the sheet, to the right of its label. */
function metaValue(ws: XLSX.WorkSheet, label: string): string | null {
  for (let r = 0; r < 10; r++) {
    for (let c = 0; c < 4; c++) if (cellText(ws, r, c) === label) return cellText(ws, r, c + 1);
  }
  return null;
}

/** Every answer row of the workbook; refuses (naming sheet, row and column) what cannot be read. */
export function readExplanationAnswers(buffer: Uint8Array): AnswerRow[] {
  const wb = readWorkbookFile(buffer);
  const issues = new IssueList();
  const out: AnswerRow[] = [];
  let recognised = 0;
  for (const sheet of wb.SheetNames) {
    const ws = wb.Sheets[sheet]!;
    const unitCode = metaValue(ws, UNIT_LABEL);
    const campaignUid = metaValue(ws, CAMPAIGN_LABEL);
    if (unitCode === null && campaignUid === null) continue;
    recognised++;
    if (!unitCode) issues.add({ sheet, row: null, column: null, message: `thiếu ô "${UNIT_LABEL}" ở đầu trang (đừng xóa các dòng đầu trang).` });
    if (!campaignUid) issues.add({ sheet, row: null, column: null, message: `thiếu ô "${CAMPAIGN_LABEL}" ở đầu trang.` });
    const table = readTable(ws, sheet, EXPLANATION_COLUMNS, issues);
    if (!table || !unitCode || !campaignUid) continue;
    const label = (k: Key) => columnLabel(table, k, EXPLANATION_COLUMNS);
    for (const r of table.rows) {
      const idText = cellText(ws, r, table.columns.id);
      const answer = cellText(ws, r, table.columns.answer);
      const files = cellText(ws, r, table.columns.files);
      const where = { sheet, row: r + 1 };
      if (idText === '') {
        // A row the unit added by hand: only a problem if it carries an answer that would be lost.
        if (answer !== '' || files !== '') issues.add({ ...where, column: label('id'), message: 'dòng có nội dung giải trình nhưng không có mã yêu cầu: hãy ghi vào đúng dòng của yêu cầu.' });
        continue;
      }
      if (!/^\d{1,9}$/.test(idText)) {
        issues.add({ ...where, column: label('id'), message: `mã yêu cầu "${idText}" không hợp lệ (cột này không được sửa).` });
        continue;
      }
      if (answer.length > MAX_ANSWER) issues.add({ ...where, column: label('answer'), message: `nội dung giải trình dài ${answer.length} ký tự, tối đa ${MAX_ANSWER}: hãy rút gọn hoặc gửi thành tài liệu bổ sung.` });
      if (files.length > MAX_FILES_TEXT) issues.add({ ...where, column: label('files'), message: `danh sách tệp dài ${files.length} ký tự, tối đa ${MAX_FILES_TEXT}.` });
      out.push({
        ...where, sheetUnitCode: unitCode, campaignUid, id: Number(idText), criterionText: cellText(ws, r, table.columns.criterion), answer, files,
        columns: { id: label('id'), criterion: label('criterion'), answer: label('answer'), files: label('files') },
      });
    }
  }
  if (recognised === 0) {
    throw new AppError('import_invalid', 'workbook.notExplanations', {}, [
      { sheet: wb.SheetNames[0] ?? '—', row: null, column: null, message: 'không nhận ra danh sách yêu cầu giải trình.' },
    ]);
  }
  refuseIfAny(issues);
  return out;
}

export function refuseIfAny(issues: IssueList): void {
  if (issues.count === 0) return;
  const list: ImportIssue[] = [...issues.items];
  if (issues.overflow > 0) list.push({ sheet: '—', row: null, column: null, message: `và ${issues.overflow} lỗi khác.` });
  throw new AppError('import_invalid', 'workbook.explanationsInvalid', { count: issues.count }, list);
}
