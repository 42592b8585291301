// Writes the audit log as .xlsx ("Nhật ký thay đổi") or as CSV (UTF-8 with a BOM so Excel reads the
// Vietnamese right). SheetJS CE writes no styles: column widths and a frozen header are what it can do.

import * as XLSX from 'xlsx';
import type { AuditItem } from '../../shared/contract.js';
import { actionLabel } from '../../shared/audit-labels.js';
import { PRINT_MARGINS, landscapeFitToWidth } from './print-setup.js';

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

export function writeAuditXlsx(items: readonly AuditItem[], title: { campaignName: string; filters: string; exportedAt: string }): Buffer {
  const rows: string[][] = [
    [`${AUDIT_SHEET} — ${title.campaignName}`],
    [`Xuất lúc ${localTime(title.exportedAt)}${title.filters ? ` · Bộ lọc: ${title.filters}` : ''} · ${items.length} dòng`],
    [],
    [...AUDIT_HEADER],
    ...items.map(auditRow),
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!cols'] = [16, 22, 28, 32, 9, 14, 14, 36, 44].map((wch) => ({ wch }));
  ws['!margins'] = PRINT_MARGINS;
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 3, c: 0 }, e: { r: 3 + items.length, c: AUDIT_HEADER.length - 1 } }) };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, AUDIT_SHEET);
  return landscapeFitToWidth(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

/** A text that Excel would take for a formula is prefixed with an apostrophe (CSV injection). */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(,\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function writeAuditCsv(items: readonly AuditItem[]): Buffer {
  const lines = [AUDIT_HEADER, ...items.map(auditRow)].map((row) => row.map(csvField).join(','));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
