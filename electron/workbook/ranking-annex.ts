// Phụ lục I: the ranking per group, headed as the decision's annex. (Styled annexes and PDF come with
// the annex issue; this writes the cells and print setup SheetJS CE supports.)

import * as XLSX from 'xlsx';
import type { Ranking } from '../../shared/calc.js';
import { milliToNumber } from '../../shared/numbers.js';

export interface AnnexHeader {
  year: number;
  decisionNo: string;
  /** yyyy-mm-dd or '' */
  decisionDate: string;
  issuer: string;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

export function decisionLine(h: AnnexHeader): string {
  const no = h.decisionNo.trim() || '……/QĐ-UBND';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h.decisionDate);
  const date = m ? `ngày ${m[3]} tháng ${m[2]} năm ${m[1]}` : 'ngày …… tháng …… năm ……';
  const issuer = h.issuer.trim();
  return `(Kèm theo Quyết định số ${no} ${date}${issuer ? ` của ${issuer}` : ''})`;
}

export const RANKING_COLUMNS = ['STT', 'Đơn vị', 'Điểm đạt được', 'Chỉ số (%)', 'Xếp hạng', 'Xếp loại'] as const;

export function writeRankingAnnex(ranking: Ranking, header: AnnexHeader): Buffer {
  const rows: Array<Array<string | number | null>> = [
    ['PHỤ LỤC I'],
    [`KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${header.year}`],
    [decisionLine(header)],
    [],
  ];
  const merges: XLSX.Range[] = [0, 1, 2].map((r) => ({ s: { r, c: 0 }, e: { r, c: RANKING_COLUMNS.length - 1 } }));
  const numberCells: Array<{ r: number; c: number; z: string }> = [];
  ranking.groups.forEach((group, gi) => {
    rows.push([`${ROMAN[gi] ?? gi + 1}. ${group.name.toUpperCase()}`]);
    merges.push({ s: { r: rows.length - 1, c: 0 }, e: { r: rows.length - 1, c: RANKING_COLUMNS.length - 1 } });
    rows.push([...RANKING_COLUMNS]);
    group.rows.forEach((row, i) => {
      rows.push([
        i + 1,
        row.unitName,
        milliToNumber(row.totalMilli),
        row.indexHundredths / 100,
        row.rank ?? 'Không xếp hạng',
        row.band ?? '',
      ]);
      numberCells.push({ r: rows.length - 1, c: 2, z: '0.00' }, { r: rows.length - 1, c: 3, z: '0.00' });
    });
    rows.push([]);
  });
  const ws = XLSX.utils.aoa_to_sheet(rows);
  for (const { r, c, z } of numberCells) {
    const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
    if (cell) cell.z = z;
  }
  ws['!merges'] = merges;
  ws['!cols'] = [{ wch: 5 }, { wch: 36 }, { wch: 12 }, { wch: 10 }, { wch: 8 }, { wch: 11 }];
  ws['!margins'] = { left: 1.18, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Phụ lục I');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
