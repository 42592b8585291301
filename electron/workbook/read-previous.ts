// Reads a previous year's published results: either a full campaign workbook (its ranking is
// computed) or a simple sheet `Mã đơn vị | Tên đơn vị | Chỉ số (%) | Xếp hạng`.

import type * as XLSX from 'xlsx';
import { computeRanking } from '../../shared/calc.js';
import { AppError } from '../../shared/errors.js';
import { toFixedUnits } from '../../shared/numbers.js';
import { normalizeLabel, SHEETS, type ColumnSpec } from '../../shared/workbook-format.js';
import { parseCampaignWorkbook } from './read-campaign.js';
import { readWorkbookFile } from './workbook-file.js';
import { IssueList, cellNumber, cellText, columnLabel, findSheet, readTable } from './sheet-reader.js';

export interface PreviousRow {
  code: string;
  name: string;
  group: string;
  indexHundredths: number;
  rank: number | null;
}

export interface PreviousResults {
  /** The year the file states (a campaign workbook's Năm), or null for a simple sheet. */
  year: number | null;
  rows: PreviousRow[];
}

const col = (header: string, aliases: string[], required = true): ColumnSpec => ({ header, aliases, required });
export const PREVIOUS_COLUMNS = {
  code: col('Mã đơn vị', ['Unit', 'Mã']),
  name: col('Tên đơn vị', ['Name', 'Đơn vị', 'Tên']),
  index: col('Chỉ số (%)', ['Index', 'Chỉ số']),
  rank: col('Xếp hạng', ['Rank'], false),
  group: col('Nhóm', ['Group', 'Mã nhóm'], false),
} as const;
export const PREVIOUS_SHEET = 'Kết quả';

export function parsePreviousResults(buffer: Uint8Array): PreviousResults {
  const wb = readWorkbookFile(buffer);
  const isCampaign = findSheet(wb, [SHEETS.criteria.name, ...SHEETS.criteria.aliases]) && findSheet(wb, [SHEETS.units.name, ...SHEETS.units.aliases]);
  if (isCampaign) {
    const content = parseCampaignWorkbook(buffer);
    const ranking = computeRanking(content.criteria, content.groups, content.units, content.scores, content.indexRules);
    return {
      year: content.year,
      rows: ranking.groups.flatMap((g) =>
        g.rows.map((r) => ({ code: r.unitCode, name: r.unitName, group: g.name, indexHundredths: r.indexHundredths, rank: r.rank })),
      ),
    };
  }
  return { year: null, rows: readSimpleSheet(wb) };
}

function readSimpleSheet(wb: XLSX.WorkBook): PreviousRow[] {
  const named = findSheet(wb, [PREVIOUS_SHEET, 'Results']);
  const sheetName = named ? wb.SheetNames.find((n) => wb.Sheets[n] === named) ?? PREVIOUS_SHEET : wb.SheetNames[0] ?? PREVIOUS_SHEET;
  const ws = named ?? wb.Sheets[sheetName];
  const issues = new IssueList();
  const rows: PreviousRow[] = [];
  if (!ws) {
    issues.add({ sheet: sheetName, row: null, column: null, message: 'sổ tính không có trang nào.' });
  } else {
    const t = readTable(ws, sheetName, PREVIOUS_COLUMNS, issues);
    const seen = new Map<string, number>();
    if (t) {
      for (const r of t.rows) {
        const row = r + 1;
        const code = cellText(ws, r, t.columns.code);
        const name = cellText(ws, r, t.columns.name);
        const index = cellNumber(ws, r, t.columns.index, true);
        const rank = cellNumber(ws, r, t.columns.rank);
        let ok = true;
        if (code === '') {
          issues.add({ sheet: sheetName, row, column: columnLabel(t, 'code', PREVIOUS_COLUMNS), message: 'thiếu mã đơn vị.' });
          ok = false;
        } else if (seen.has(code)) {
          issues.add({ sheet: sheetName, row, column: columnLabel(t, 'code', PREVIOUS_COLUMNS), message: `mã đơn vị "${code}" bị trùng (đã có ở dòng ${seen.get(code)}).` });
          ok = false;
        }
        seen.set(code, row);
        const hundredths = index.ok && index.value !== null ? toFixedUnits(index.value, 2) : null;
        if (hundredths === null || hundredths < 0 || hundredths > 10000) {
          issues.add({
            sheet: sheetName,
            row,
            column: columnLabel(t, 'index', PREVIOUS_COLUMNS),
            message: !index.ok ? `"${index.text}" không phải là số.` : index.value === null ? 'thiếu chỉ số.' : `chỉ số "${index.text}" phải từ 0 đến 100, tối đa 2 chữ số thập phân.`,
          });
          ok = false;
        }
        let rankValue: number | null = null;
        if (!rank.ok || (rank.value !== null && (!Number.isInteger(rank.value) || rank.value < 1))) {
          issues.add({ sheet: sheetName, row, column: columnLabel(t, 'rank', PREVIOUS_COLUMNS), message: `xếp hạng "${rank.text}" phải là số nguyên dương.` });
          ok = false;
        } else rankValue = rank.value;
        if (!ok || hundredths === null) continue;
        rows.push({ code, name: name || code, group: cellText(ws, r, t.columns.group), indexHundredths: hundredths, rank: rankValue });
      }
      if (t.rows.length === 0) issues.add({ sheet: sheetName, row: null, column: null, message: 'không có dòng kết quả nào.' });
    }
  }
  if (issues.count > 0) {
    throw new AppError('import_invalid', 'workbook.previousInvalid', { count: issues.count }, issues.items);
  }
  return rows;
}

export function isSameLabel(a: string, b: string): boolean {
  return normalizeLabel(a) === normalizeLabel(b);
}
