// Low-level reading of SheetJS worksheets: locating the header row, typed cells, and issues that
// name sheet, row and column the way the user sees them.

import * as XLSX from 'xlsx';
import type { ImportIssue } from '../../shared/errors.js';
import { parseDecimal } from '../../shared/numbers.js';
import { normalizeLabel, type ColumnSpec } from '../../shared/workbook-format.js';

export const MAX_ISSUES = 200;

export class IssueList {
  readonly items: ImportIssue[] = [];
  overflow = 0;
  add(issue: ImportIssue): void {
    if (this.items.length < MAX_ISSUES) this.items.push(issue);
    else this.overflow++;
  }
  get count(): number {
    return this.items.length + this.overflow;
  }
}

export function findSheet(wb: XLSX.WorkBook, names: readonly string[]): XLSX.WorkSheet | undefined {
  const wanted = new Set(names.map(normalizeLabel));
  const name = wb.SheetNames.find((n) => wanted.has(normalizeLabel(n)));
  return name === undefined ? undefined : wb.Sheets[name];
}

export interface Table<K extends string> {
  sheet: string;
  /** Column index per key, -1 when an optional column is absent. */
  columns: Record<K, number>;
  /** Column letter by header text, for messages. */
  letters: Record<string, string>;
  headerRow: number;
  /** 0-based data row indices (header excluded), non-blank only. */
  rows: number[];
  ws: XLSX.WorkSheet;
}

const MAX_HEADER_SEARCH = 10;

export function readTable<K extends string>(
  ws: XLSX.WorkSheet,
  sheet: string,
  spec: Record<K, ColumnSpec>,
  issues: IssueList,
): Table<K> | null {
  const ref = ws['!ref'];
  if (!ref) {
    issues.add({ sheet, row: null, column: null, message: 'trang trống, không có dòng tiêu đề.' });
    return null;
  }
  const range = XLSX.utils.decode_range(ref);
  const keys = Object.keys(spec) as K[];
  let best: { row: number; found: Record<string, number> } | null = null;
  for (let r = range.s.r; r <= Math.min(range.e.r, range.s.r + MAX_HEADER_SEARCH); r++) {
    const found: Record<string, number> = {};
    for (let c = range.s.c; c <= range.e.c; c++) {
      const label = cellText(ws, r, c);
      if (label === '') continue;
      const norm = normalizeLabel(label);
      for (const key of keys) {
        const s = spec[key];
        if (found[key] === undefined && [s.header, ...s.aliases].some((h) => normalizeLabel(h) === norm)) found[key] = c;
      }
    }
    if (!best || Object.keys(found).length > Object.keys(best.found).length) best = { row: r, found };
  }
  const columns = {} as Record<K, number>;
  const letters: Record<string, string> = {};
  let missing = false;
  for (const key of keys) {
    const c = best?.found[key];
    if (c === undefined) {
      columns[key] = -1;
      if (spec[key].required) {
        missing = true;
        issues.add({ sheet, row: best ? best.row + 1 : null, column: spec[key].header, message: `thiếu cột "${spec[key].header}" ở dòng tiêu đề.` });
      }
    } else {
      columns[key] = c;
      letters[spec[key].header] = XLSX.utils.encode_col(c);
    }
  }
  if (missing || !best) return null;
  const rows: number[] = [];
  const used = keys.map((k) => columns[k]).filter((c) => c >= 0);
  for (let r = best.row + 1; r <= range.e.r; r++) {
    if (used.some((c) => cellText(ws, r, c) !== '')) rows.push(r);
  }
  return { sheet, columns, letters, headerRow: best.row, rows, ws };
}

/** Workbooks are read in dense mode (rows of cells): much faster for large score sheets. */
function cellAt(ws: XLSX.WorkSheet, r: number, c: number): XLSX.CellObject | undefined {
  const dense = (ws as { '!data'?: Array<Array<XLSX.CellObject | undefined> | undefined> })['!data'];
  if (dense) return dense[r]?.[c];
  return ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
}

export function cellText(ws: XLSX.WorkSheet, r: number, c: number): string {
  if (c < 0) return '';
  const cell = cellAt(ws, r, c);
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number') return String(cell.v);
  return String(cell.v).normalize('NFC').trim();
}

export type NumberCell = { ok: true; value: number | null; text: string } | { ok: false; text: string };

/** A numeric cell, or a text cell holding a decimal ("0,5"); blank gives null. Percent-formatted cells count in %. */
export function cellNumber(ws: XLSX.WorkSheet, r: number, c: number, percent = false): NumberCell {
  if (c < 0) return { ok: true, value: null, text: '' };
  const cell = cellAt(ws, r, c);
  if (!cell || cell.v === undefined || cell.v === null || (cell.t === 's' && String(cell.v).trim() === '')) {
    return { ok: true, value: null, text: '' };
  }
  if (cell.t === 'n' && typeof cell.v === 'number') {
    if (!Number.isFinite(cell.v)) return { ok: false, text: String(cell.v) };
    const isPercentFormat = percent && typeof cell.z === 'string' && cell.z.includes('%');
    return { ok: true, value: isPercentFormat ? cell.v * 100 : cell.v, text: String(cell.v) };
  }
  if (cell.t === 's') {
    let text = String(cell.v).normalize('NFC').trim();
    if (percent && text.endsWith('%')) text = text.slice(0, -1);
    const value = parseDecimal(text);
    return value === null ? { ok: false, text: String(cell.v) } : { ok: true, value, text };
  }
  return { ok: false, text: String(cell.v) };
}

export function columnLabel<K extends string>(table: Table<K>, key: K, spec: Record<K, ColumnSpec>): string {
  const header = spec[key].header;
  const letter = table.letters[header];
  return letter ? `${letter} (${header})` : header;
}
