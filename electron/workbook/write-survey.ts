// Writes the survey / bonus / penalty template: one row per unit, one column per leaf criterion of
// those kinds, prefilled with what is stored, so the file the reader accepts is the file the app gives.
// It is printed and filled by hand as often as typed, so it uses the annexes' styled writer: the score
// cells are the only ones unlocked, and Excel refuses a value the import would refuse.

import type { SurveyTable } from '../../shared/contract.js';
import { formatPoints, milliToNumber } from '../../shared/numbers.js';
import { APP_NAME } from '../annex/xlsx/layout.js';
import { writeWorkingWorkbook, type WorkColumn } from '../annex/xlsx/working.js';
import { CLEAR_MARK, SURVEY_COLUMNS, SURVEY_SHEET } from './read-survey.js';

const KIND_WORD = { appraised: 'thẩm định', survey: 'điều tra XHH', bonus: 'điểm thưởng', penalty: 'điểm trừ' } as const;

/** "8.1 Mức độ hài lòng (điều tra XHH, tối đa 2,5)": the reader takes the leading code. */
export function surveyHeader(c: SurveyTable['columns'][number]): string {
  return `${c.code} ${c.name} (${KIND_WORD[c.kind]}, tối đa ${formatPoints(c.maxMilli)})`;
}

export const HELP_SHEET = 'Hướng dẫn';

function scoreColumn(c: SurveyTable['columns'][number]): WorkColumn {
  const max = formatPoints(c.maxMilli);
  return {
    header: surveyHeader(c),
    width: 12,
    align: 'center',
    input: {
      kind: 'number',
      min: 0,
      max: milliToNumber(c.maxMilli),
      decimals: 3,
      orText: CLEAR_MARK,
      title: `Điểm ${c.code}`.slice(0, 32),
      prompt: `Từ 0 đến ${max}, tối đa 3 chữ số thập phân. Để trống: giữ điểm đang có; "${CLEAR_MARK}": xóa điểm.`,
      error: `Hãy ghi một số từ 0 đến ${max} (tối đa 3 chữ số thập phân), hoặc "${CLEAR_MARK}" để xóa điểm đang có.`,
    },
  };
}

export function writeSurveyTemplate(table: SurveyTable, campaignName: string): Buffer {
  const footer = `${campaignName} — Điểm điều tra XHH, điểm thưởng, điểm trừ`;
  const help = [
    `Đợt đánh giá: ${campaignName}`,
    `Trang "${SURVEY_SHEET.name}": mỗi dòng một đơn vị (theo "${SURVEY_COLUMNS.unit.header}"), mỗi cột một tiêu chí thành phần; tiêu đề cột bắt đầu bằng mã tiêu chí.`,
    'Ghi số điểm (dấu phẩy hoặc dấu chấm thập phân, tối đa 3 chữ số thập phân), từ 0 đến điểm tối đa ghi ở tiêu đề cột. Điểm trừ ghi số dương.',
    `Ô để trống: giữ nguyên điểm đang có. Ô ghi "${CLEAR_MARK}": xóa điểm đang có.`,
    'Chỉ các ô điểm (nền vàng) được nhập; các ô khác được khóa để tránh sửa nhầm. Khóa không có mật khẩu: nếu cần, chọn Review › Unprotect Sheet (Xem lại › Bỏ bảo vệ trang tính).',
    'Công thức được đọc theo giá trị đã tính lưu trong tệp. Cột có tiêu đề không bắt đầu bằng mã tiêu chí được bỏ qua.',
    'Nếu tệp có lỗi, không có điểm nào được ghi; danh sách lỗi chỉ rõ trang, dòng và cột.',
  ];
  return writeWorkingWorkbook(
    [
      {
        name: SURVEY_SHEET.name,
        top: [],
        columns: [
          { header: SURVEY_COLUMNS.unit.header, width: 9, align: 'center' },
          { header: SURVEY_COLUMNS.name.header, width: 30, align: 'left' },
          { header: SURVEY_COLUMNS.group.header, width: 16, align: 'left' },
          ...table.columns.map(scoreColumn),
        ],
        rows: table.rows.map((r) => [r.unitCode, r.unitName, r.groupName, ...r.values.map((v) => (v === null ? null : milliToNumber(v)))]),
        landscape: true,
        autoFilter: true,
        footer,
      },
      {
        name: HELP_SHEET,
        top: [],
        columns: [{ header: 'Hướng dẫn nhập điểm điều tra xã hội học, điểm thưởng và điểm trừ', width: 84, align: 'left' }],
        rows: help.map((line) => [line]),
        landscape: false,
        footer,
      },
    ],
    { title: `Điểm điều tra XHH, điểm thưởng, điểm trừ — ${campaignName}`, subject: campaignName, creator: APP_NAME },
  );
}
