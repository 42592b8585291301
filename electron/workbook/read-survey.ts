// Reads a survey / bonus / penalty workbook (units × criteria) into cell values, or refuses it with
// every problem named by sheet, row and column. Nothing here touches the database: the campaign's
// units and columns come in as plain data.

import * as XLSX from 'xlsx';
import { CRITERION_CODE_PATTERN, type CriterionKind } from '../../shared/domain.js';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import { formatPoints, pointsToMilli } from '../../shared/numbers.js';
import { checkScore } from '../../shared/rules.js';
import type { ColumnSpec } from '../../shared/workbook-format.js';
import { readWorkbookFile } from './workbook-file.js';
import { IssueList, cellNumber, cellText, findSheet, readTable } from './sheet-reader.js';

export const SURVEY_SHEET = { name: 'Điều tra XHH', aliases: ['Điều tra xã hội học', 'ĐTXHH', 'Survey'] } as const;

export const SURVEY_COLUMNS = {
  unit: { header: 'Mã đơn vị', aliases: ['Unit', 'Mã'], required: true },
  name: { header: 'Tên đơn vị', aliases: ['Name', 'Tên'], required: false },
  group: { header: 'Nhóm', aliases: ['Group', 'Mã nhóm'], required: false },
} as const satisfies Record<string, ColumnSpec>;

/** Typed in a cell, clears the value already stored (a blank cell leaves it as it is). */
export const CLEAR_MARK = '-';

export interface SurveyColumnSpec {
  /** The column's code as its header shows it: the criterion's, or "SET:code" when the campaign has several sets. */
  code: string;
  /** The criterion's code within its set, and the set. */
  criterionCode: string;
  setCode: string;
  kind: CriterionKind;
  maxMilli: number;
  /** The leaf's scoring rule ("Cách tính"): a value off it is refused as on every other path. */
  rule?: string;
}

export interface SurveyCellValue {
  unitCode: string;
  criterionCode: string;
  /** null: clear the stored value. */
  pointsMilli: number | null;
}

export interface ParsedSurvey {
  cells: SurveyCellValue[];
  units: number;
  columns: string[];
}

/** The criterion code a header starts with ("2.1 Mức độ hài lòng (…)" → "2.1"); null when it does not start with a digit. */
export function headerCode(label: string): string | null {
  const m = /^((?:[A-Za-z0-9_-]{1,20}:)?\d[^\s—–:(]*)/.exec(label.trim());
  return m ? m[1]! : null;
}

export function parseSurveyWorkbook(
  buffer: Uint8Array,
  campaign: { unitCodes: ReadonlySet<string>; columns: readonly SurveyColumnSpec[]; allCodes: ReadonlySet<string>; unitSets?: ReadonlyMap<string, string> },
): ParsedSurvey {
  const wb = readWorkbookFile(buffer);
  const issues = new IssueList();
  const found = findSheet(wb, [SURVEY_SHEET.name, ...SURVEY_SHEET.aliases]);
  const sheetName = found ? wb.SheetNames.find((n) => wb.Sheets[n] === found)! : wb.SheetNames.length === 1 ? wb.SheetNames[0]! : null;
  if (sheetName === null) {
    return refuse([{ sheet: SURVEY_SHEET.name, row: null, column: null, message: `không tìm thấy trang "${SURVEY_SHEET.name}" trong sổ tính (hãy dùng tệp mẫu tải từ ứng dụng).` }], 0);
  }
  const ws = wb.Sheets[sheetName];
  // A damaged file can list a sheet it does not contain.
  if (!ws) return refuse([{ sheet: sheetName, row: null, column: null, message: 'trang bị hỏng, không đọc được.' }], 0);
  const table = readTable(ws, sheetName, SURVEY_COLUMNS, issues);
  if (!table) return refuse(issues.items, issues.overflow);

  const byCode = new Map(campaign.columns.map((c) => [c.code, c]));
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const headerRow = table.headerRow;
  const fixed = new Set(Object.values(table.columns).filter((c) => c >= 0));
  const columns: Array<{ c: number; spec: SurveyColumnSpec }> = [];
  const seenColumn = new Map<string, string>();
  for (let c = range.s.c; c <= range.e.c; c++) {
    if (fixed.has(c)) continue;
    const label = cellText(ws, headerRow, c);
    const code = headerCode(label);
    // Columns whose header does not start with a code (a note, a total) are ignored, like extra columns elsewhere.
    if (code === null) continue;
    const letter = XLSX.utils.encode_col(c);
    const where = `${letter} (${label.length > 40 ? label.slice(0, 40) + '…' : label})`;
    const spec = byCode.get(code);
    const bare = code.slice(code.indexOf(':') + 1);
    if (!CRITERION_CODE_PATTERN.test(bare)) {
      issues.add({ sheet: sheetName, row: headerRow + 1, column: where, message: `"${code}" không phải là mã tiêu chí (dạng 1, 1.1, 1.1.1).` });
    } else if (!spec) {
      issues.add({
        sheet: sheetName, row: headerRow + 1, column: where,
        message: campaign.allCodes.has(bare)
          ? `tiêu chí "${code}" không phải tiêu chí thành phần chấm bằng điều tra xã hội học, điểm thưởng hoặc điểm trừ; điểm này không nhập bằng sổ tính này.`
          : `không có tiêu chí "${code}" trong bộ tiêu chí của đợt đánh giá.`,
      });
    } else if (seenColumn.has(code)) {
      issues.add({ sheet: sheetName, row: headerRow + 1, column: where, message: `tiêu chí "${code}" đã có ở cột ${seenColumn.get(code)}.` });
    } else {
      seenColumn.set(code, letter);
      columns.push({ c, spec });
    }
  }
  if (columns.length === 0 && issues.count === 0) {
    issues.add({ sheet: sheetName, row: headerRow + 1, column: null, message: 'không có cột tiêu chí nào (tiêu đề cột bắt đầu bằng mã tiêu chí, ví dụ "8.1").' });
  }

  const cells: SurveyCellValue[] = [];
  const seenUnit = new Map<string, number>();
  const unitColumn = `${table.letters[SURVEY_COLUMNS.unit.header]} (${SURVEY_COLUMNS.unit.header})`;
  let units = 0;
  for (let r = headerRow + 1; r <= range.e.r; r++) {
    const row = r + 1;
    const unitCode = cellText(ws, r, table.columns.unit);
    const hasValue = columns.some(({ c }) => cellText(ws, r, c) !== '');
    if (unitCode === '') {
      if (hasValue) issues.add({ sheet: sheetName, row, column: unitColumn, message: 'thiếu mã đơn vị cho dòng có điểm.' });
      continue;
    }
    if (!campaign.unitCodes.has(unitCode)) {
      issues.add({ sheet: sheetName, row, column: unitColumn, message: `không có đơn vị mã "${unitCode}" trong đợt đánh giá.` });
      continue;
    }
    const first = seenUnit.get(unitCode);
    if (first !== undefined) {
      issues.add({ sheet: sheetName, row, column: unitColumn, message: `đơn vị "${unitCode}" đã có ở dòng ${first}; mỗi đơn vị chỉ một dòng.` });
      continue;
    }
    seenUnit.set(unitCode, row);
    units++;
    const unitSet = campaign.unitSets?.get(unitCode);
    for (const { c, spec } of columns) {
      const where = `${XLSX.utils.encode_col(c)} (${spec.code})`;
      const text = cellText(ws, r, c);
      if (text === '') continue;
      // A column of another set's criterion is not this unit's: its code means something else here.
      if (unitSet !== undefined && spec.setCode !== unitSet) {
        issues.add({ sheet: sheetName, row, column: where, message: `đơn vị "${unitCode}" được chấm theo bộ tiêu chí "${unitSet}"; cột này thuộc bộ "${spec.setCode}" (để trống ô này).` });
        continue;
      }
      if (text === CLEAR_MARK) {
        cells.push({ unitCode, criterionCode: spec.criterionCode, pointsMilli: null });
        continue;
      }
      const n = cellNumber(ws, r, c);
      if (!n.ok || n.value === null) {
        issues.add({ sheet: sheetName, row, column: where, message: `"${n.text}" không phải là số điểm (ghi số, ví dụ 2,5; để trống để giữ nguyên; "${CLEAR_MARK}" để xóa điểm).` });
        continue;
      }
      const milli = pointsToMilli(n.value);
      if (milli === null) {
        issues.add({ sheet: sheetName, row, column: where, message: `điểm "${n.text}" có quá 3 chữ số thập phân.` });
        continue;
      }
      if (milli < 0) {
        issues.add({ sheet: sheetName, row, column: where, message: `điểm không được âm (${formatPoints(milli)}); điểm trừ ghi số dương.` });
        continue;
      }
      if (milli > spec.maxMilli) {
        issues.add({ sheet: sheetName, row, column: where, message: `điểm ${formatPoints(milli)} vượt quá điểm tối đa ${formatPoints(spec.maxMilli)} của tiêu chí "${spec.code}".` });
        continue;
      }
      const problem = checkScore({ code: spec.criterionCode, kind: spec.kind, maxMilli: spec.maxMilli, rule: spec.rule ?? '' }, milli);
      if (problem !== null) {
        issues.add({ sheet: sheetName, row, column: where, message: problem });
        continue;
      }
      cells.push({ unitCode, criterionCode: spec.criterionCode, pointsMilli: milli });
    }
  }
  if (issues.count === 0 && units === 0) {
    issues.add({ sheet: sheetName, row: null, column: null, message: 'không có dòng đơn vị nào dưới dòng tiêu đề.' });
  }
  if (issues.count > 0) return refuse(issues.items, issues.overflow);
  return { cells, units, columns: columns.map((x) => x.spec.code) };
}

function refuse(items: ImportIssue[], overflow: number): never {
  const list = [...items];
  if (overflow > 0) list.push({ sheet: '—', row: null, column: null, message: `… và ${overflow} lỗi khác.` });
  throw new AppError('import_invalid', 'workbook.surveyInvalid', { count: items.length + overflow }, list);
}

