// Writes the survey / bonus / penalty template: one row per unit, one column per leaf criterion of
// those kinds, prefilled with what is stored, so the file the reader accepts is the file the app gives.

import * as XLSX from 'xlsx';
import type { SurveyTable } from '../../shared/contract.js';
import { formatPoints, milliToNumber } from '../../shared/numbers.js';
import { PRINT_MARGINS, landscapeFitToWidth } from './print-setup.js';
import { CLEAR_MARK, SURVEY_COLUMNS, SURVEY_SHEET } from './read-survey.js';

const KIND_WORD = { appraised: 'thẩm định', survey: 'điều tra XHH', bonus: 'điểm thưởng', penalty: 'điểm trừ' } as const;

/** "8.1 Mức độ hài lòng (điều tra XHH, tối đa 2,5)": the reader takes the leading code. */
export function surveyHeader(c: SurveyTable['columns'][number]): string {
  return `${c.code} ${c.name} (${KIND_WORD[c.kind]}, tối đa ${formatPoints(c.maxMilli)})`;
}

export function writeSurveyTemplate(table: SurveyTable, campaignName: string): Buffer {
  const header = [SURVEY_COLUMNS.unit.header, SURVEY_COLUMNS.name.header, SURVEY_COLUMNS.group.header, ...table.columns.map(surveyHeader)];
  const rows = table.rows.map((r) => [r.unitCode, r.unitName, r.groupName, ...r.values.map((v) => (v === null ? null : milliToNumber(v)))]);
  const ws = XLSX.utils.aoa_to_sheet([header, ...rows]);
  ws['!cols'] = [{ wch: 12 }, { wch: 40 }, { wch: 22 }, ...table.columns.map(() => ({ wch: 24 }))];
  ws['!margins'] = PRINT_MARGINS;
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: header.length - 1 } }) };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, SURVEY_SHEET.name);
  const help = XLSX.utils.aoa_to_sheet([
    ['Hướng dẫn nhập điểm điều tra xã hội học, điểm thưởng và điểm trừ'],
    [`Đợt đánh giá: ${campaignName}`],
    [`Trang "${SURVEY_SHEET.name}": mỗi dòng một đơn vị (theo "${SURVEY_COLUMNS.unit.header}"), mỗi cột một tiêu chí thành phần; tiêu đề cột bắt đầu bằng mã tiêu chí.`],
    ['Ghi số điểm (dấu phẩy hoặc dấu chấm thập phân, tối đa 3 chữ số thập phân), từ 0 đến điểm tối đa ghi ở tiêu đề cột. Điểm trừ ghi số dương.'],
    [`Ô để trống: giữ nguyên điểm đang có. Ô ghi "${CLEAR_MARK}": xóa điểm đang có.`],
    ['Công thức được đọc theo giá trị đã tính lưu trong tệp. Cột có tiêu đề không bắt đầu bằng mã tiêu chí được bỏ qua.'],
    ['Nếu tệp có lỗi, không có điểm nào được ghi; danh sách lỗi chỉ rõ trang, dòng và cột.'],
  ]);
  help['!cols'] = [{ wch: 120 }];
  help['!margins'] = PRINT_MARGINS;
  XLSX.utils.book_append_sheet(wb, help, 'Hướng dẫn');
  return landscapeFitToWidth(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}
