// Writes the audit log as .xlsx ("Nhật ký thay đổi", with the annexes' styled writer so it prints on A4
// at full size, protected as the record it is) or as CSV (UTF-8 with a BOM so Excel reads the Vietnamese right).

import type { AuditItem } from '../../shared/contract.js';
import { actionLabel } from '../../shared/audit-labels.js';
import { APP_NAME } from '../annex/xlsx/layout.js';
import { writeWorkingWorkbook } from '../annex/xlsx/working.js';

export const AUDIT_SHEET = 'Nhật ký thay đổi';
export const AUDIT_HEADER = ['Thời gian', 'Người thực hiện', 'Hành động', 'Đơn vị', 'Tiêu chí', 'Giá trị cũ', 'Giá trị mới', 'Lý do', 'Nguồn'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy hh:mm in this machine's local time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function auditRow(item: AuditItem): string[] {
  return [
    localTime(item.at),
    item.actor,
    actionLabel('vi', item.action),
    item.unitCode === null ? '' : item.unitName ? `${item.unitCode} — ${item.unitName}` : item.unitCode,
    item.criterionCode ?? '',
    item.oldText,
    item.newText,
    item.reason,
    sourceText(item),
  ];
}

/** The package's SHA-256 where the change came from one; the file and its hash for an imported workbook. */
export function sourceText(item: AuditItem): string {
  const s = item.source;
  if (s.startsWith('package:')) return item.sourceSha256 || s.slice('package:'.length);
  if (s.startsWith('survey:')) {
    const name = s.slice('survey:'.length, s.length - (item.sourceSha256 ? item.sourceSha256.length + 1 : 0));
    return item.sourceSha256 ? `${name} (SHA-256 ${item.sourceSha256})` : name;
  }
  if (s.startsWith('workbook:')) return s.slice('workbook:'.length);
  return { policy: 'Cách tổng hợp', decide: 'Quyết định của Tổ thư ký', demo: 'Dữ liệu mẫu' }[s] ?? s;
}

/** Widths that fit A4 landscape at 100 %: long texts wrap within their column rather than shrink the page. */
const AUDIT_WIDTHS = [11, 12, 16, 16, 7, 9, 9, 16, 24] as const;

export function writeAuditXlsx(items: readonly AuditItem[], title: { campaignName: string; filters: string; exportedAt: string }): Buffer {
  const heading = `${AUDIT_SHEET} — ${title.campaignName}`;
  return writeWorkingWorkbook(
    [
      {
        name: AUDIT_SHEET,
        top: [
          { kind: 'title', cells: [heading] },
          { kind: 'note', cells: [`Xuất lúc ${localTime(title.exportedAt)}${title.filters ? ` · Bộ lọc: ${title.filters}` : ''} · ${items.length} dòng`] },
          { kind: 'line', cells: [] },
        ],
        columns: AUDIT_HEADER.map((header, i) => ({ header, width: AUDIT_WIDTHS[i]!, align: i === 0 || i === 4 ? 'center' : 'left' })),
        rows: items.map(auditRow),
        landscape: true,
        autoFilter: true,
        footer: heading,
      },
    ],
    { title: heading, subject: title.campaignName, creator: APP_NAME },
  );
}

/** Excel splits a CSV on the list separator of the Windows region: ";" where the decimal mark is a comma (vi-VN). */
export type CsvSeparator = ',' | ';';

/** A text that Excel would take for a formula is prefixed with an apostrophe (CSV injection). */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(,\d+)?$/.test(text) ? `'${text}` : text;
  // Quoted when it holds either separator, so the same field reads right whichever one the file uses.
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function writeAuditCsv(items: readonly AuditItem[], separator: CsvSeparator = ','): Buffer {
  const lines = [AUDIT_HEADER, ...items.map(auditRow)].map((row) => row.map(csvField).join(separator));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
