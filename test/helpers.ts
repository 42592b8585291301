// Test helpers: temp folders, small campaign content builders, and workbooks written as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { CampaignContent, Criterion, CriterionKind } from '../shared/domain.js';
import { DEFAULT_SET, parentCodeOf } from '../shared/domain.js';

export function tempDir(prefix = 'par-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function criteria(rows: Array<[string, number, CriterionKind?]>): Criterion[] {
  return rows.map(([code, max, kind], i) => ({
    setCode: DEFAULT_SET.code,
    code,
    parentCode: parentCodeOf(code),
    name: `Tiêu chí ${code}`,
    maxMilli: Math.round(max * 1000),
    kind: kind ?? 'appraised',
    rule: '',
    position: i + 1,
  }));
}

export type Aoa = Array<Array<string | number | null>>;

export interface WorkbookSheets {
  'Đợt'?: Aoa;
  'Tiêu chí'?: Aoa;
  'Nhóm'?: Aoa;
  'Đơn vị'?: Aoa;
  'Điểm'?: Aoa;
  [other: string]: Aoa | undefined;
}

/** A small valid campaign workbook; tests override one sheet to break one rule. */
export function smallWorkbook(): Required<Pick<WorkbookSheets, 'Đợt' | 'Tiêu chí' | 'Nhóm' | 'Đơn vị' | 'Điểm'>> {
  return {
    'Đợt': [['Thuộc tính', 'Giá trị'], ['Tên', 'Đợt thử nghiệm'], ['Năm', 2024], ['Cơ quan', 'UBND tỉnh Thử']],
    'Tiêu chí': [
      ['Mã', 'Tên', 'Điểm tối đa', 'Loại'],
      ['1', 'Chỉ đạo điều hành', 6, null],
      ['1.1', 'Kế hoạch', 4, null],
      ['1.1.1', 'Ban hành kế hoạch', 1.5, null],
      ['1.1.2', 'Thực hiện kế hoạch', 2.5, null],
      ['1.2', 'Báo cáo', 2, null],
      ['2', 'Khảo sát hài lòng', 4, 'điều tra'],
      ['2.1', 'Mức độ hài lòng', 4, null],
      ['3', 'Điểm thưởng', 1, 'thưởng'],
      ['4', 'Điểm trừ', 2, 'trừ'],
    ],
    'Nhóm': [
      ['Mã nhóm', 'Tên nhóm', 'Xếp loại', 'Từ (%)'],
      ['S', 'Sở, ban, ngành', 'Tốt', 85],
      ['S', 'Sở, ban, ngành', 'Khá', 75],
      ['S', 'Sở, ban, ngành', 'Trung bình', 0],
      ['X', 'UBND xã, phường', 'Đạt', 50],
    ],
    'Đơn vị': [
      ['Mã', 'Tên', 'Mã nhóm'],
      ['S1', 'Sở Tư pháp', 'S'],
      ['S2', 'Sở Y tế', 'S'],
      ['S3', 'Sở Tài chính', 'S'],
      ['X1', 'Phường Ninh Kiều', 'X'],
    ],
    'Điểm': [
      ['Mã đơn vị', 'Mã tiêu chí', 'Tự đánh giá', 'Thẩm định', 'Ghi chú'],
      ['S1', '1.1.1', 1.5, 1.5, null],
      ['S1', '1.1.2', 2.5, 2, 'Thiếu minh chứng'],
      ['S1', '1.2', 2, 2, null],
      ['S1', '2.1', null, 3.5, null],
      ['S2', '1.1.1', 1.5, '1,5', null],
      ['S2', '1.1.2', 2, 2, null],
      ['S2', '1.2', 2, 2, null],
      ['S2', '2.1', null, 3.5, null],
      ['S3', '1', null, 'KAD', null],
      ['S3', '2.1', null, 3, null],
      ['S3', '3', null, 5, null],
      ['X1', '1.1.1', null, 1, null],
    ],
  };
}

export function workbookBuffer(sheets: WorkbookSheets): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    if (rows) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

export function contentWithScores(base: CampaignContent, scores: CampaignContent['scores']): CampaignContent {
  return { ...base, scores };
}

const PAR_BIN = join(import.meta.dirname, '..', 'bin', 'par.mjs');

export function par(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [PAR_BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs `par` and fails the test unless it exits 0; returns its standard output. */
export function parOk(...args: string[]): string {
  const r = par(...args);
  assert.equal(r.code, 0, `par ${args.join(' ')}\n${r.err}`);
  return r.out;
}

/**
 * A campaign workbook v2 as provinces run it since 2025: departments (group S, set SO) and communes and
 * wards (group X, set XA) under one decision, each set with its own tree whose codes overlap (1.2 is
 * "Báo cáo CCHC" of 3 points in SO and "Tuyên truyền CCHC" of 4 in XA; 1.3 exists only in SO). It holds a
 * not-applicable leaf (X2, 2.2), bonus chains above their cap (S1, S2: 1,5 + 1,5 capped at 2), a penalty
 * above its cap (S3: 2 + 2 capped at 3), an exact tie (S1 and S2) and indices past 100 % uncapped
 * (S1, S2: 32/30; X1: 41/40).
 */
export function twoSetWorkbook(): Required<Pick<WorkbookSheets, 'Đợt' | 'Tiêu chí' | 'Nhóm' | 'Đơn vị' | 'Điểm'>> & { 'Bộ tiêu chí': Aoa } {
  const full = (unit: string, rows: Array<[string, number | string]>): Aoa => rows.map(([c, p]) => [unit, c, null, p]);
  return {
    'Đợt': [['Thuộc tính', 'Giá trị'], ['Tên', 'Thẩm định CCHC 2025 (hai cấp)'], ['Năm', 2025], ['Cơ quan', 'UBND tỉnh Thử']],
    'Bộ tiêu chí': [['Mã', 'Tên'], ['SO', 'Bộ tiêu chí cấp sở'], ['XA', 'Bộ tiêu chí cấp xã']],
    'Tiêu chí': [
      ['Bộ tiêu chí', 'Mã', 'Tên', 'Điểm tối đa', 'Loại'],
      ['SO', '1', 'Công tác chỉ đạo, điều hành', 10, null],
      ['SO', '1.1', 'Kế hoạch CCHC năm', 4, null],
      ['SO', '1.2', 'Báo cáo CCHC', 3, null],
      ['SO', '1.3', 'Kiểm tra CCHC', 3, null],
      ['SO', '2', 'Cải cách thủ tục hành chính', 10, null],
      ['SO', '2.1', 'Công bố, công khai TTHC', 5, null],
      ['SO', '2.2', 'Một cửa, một cửa liên thông', 5, null],
      ['SO', '3', 'Khảo sát sự hài lòng', 10, 'điều tra'],
      ['SO', '3.1', 'Mức độ hài lòng', 10, null],
      ['SO', '4', 'Điểm thưởng', 2, 'thưởng'],
      ['SO', '4.1', 'Sáng kiến CCHC', 1.5, null],
      ['SO', '4.2', 'Khen thưởng CCHC', 1.5, null],
      ['SO', '5', 'Điểm trừ', 3, 'trừ'],
      ['SO', '5.1', 'Vi phạm TTHC', 2, null],
      ['SO', '5.2', 'Chậm báo cáo', 2, null],
      ['XA', '1', 'Công tác chỉ đạo, điều hành', 8, null],
      ['XA', '1.1', 'Kế hoạch CCHC năm', 4, null],
      ['XA', '1.2', 'Tuyên truyền CCHC', 4, null],
      ['XA', '2', 'Cải cách tổ chức bộ máy', 12, null],
      ['XA', '2.1', 'Sắp xếp tổ chức', 6, null],
      ['XA', '2.2', 'Đơn vị sự nghiệp công lập', 6, null],
      ['XA', '3', 'Khảo sát sự hài lòng', 20, 'điều tra'],
      ['XA', '3.1', 'Hài lòng về TTHC', 10, null],
      ['XA', '3.2', 'Hài lòng về dịch vụ công', 10, null],
      ['XA', '4', 'Điểm thưởng', 1, 'thưởng'],
      ['XA', '4.1', 'Sáng kiến CCHC', 1, null],
      ['XA', '5', 'Điểm trừ', 2, 'trừ'],
      ['XA', '5.1', 'Vi phạm TTHC', 2, null],
    ],
    'Nhóm': [
      ['Mã nhóm', 'Tên nhóm', 'Bộ tiêu chí', 'Xếp loại', 'Từ (%)'],
      ['S', 'Sở, ban, ngành', 'SO', 'Tốt', 85],
      ['S', 'Sở, ban, ngành', 'SO', 'Khá', 70],
      ['S', 'Sở, ban, ngành', 'SO', 'Trung bình', 0],
      ['X', 'UBND xã, phường', 'XA', 'Tốt', 90],
      ['X', 'UBND xã, phường', 'XA', 'Khá', 75],
      ['X', 'UBND xã, phường', 'XA', 'Trung bình', 0],
    ],
    'Đơn vị': [
      ['Mã', 'Tên', 'Mã nhóm'],
      ['S1', 'Sở Nội vụ', 'S'],
      ['S2', 'Sở Tư pháp', 'S'],
      ['S3', 'Sở Y tế', 'S'],
      ['X1', 'Phường An Hòa', 'X'],
      ['X2', 'Xã Mỹ Khánh', 'X'],
      ['X3', 'Phường Cái Khế', 'X'],
    ],
    'Điểm': [
      ['Mã đơn vị', 'Mã tiêu chí', 'Tự đánh giá', 'Thẩm định'],
      ...full('S1', [['1.1', 4], ['1.2', 3], ['1.3', 3], ['2.1', 5], ['2.2', 5], ['3.1', 10], ['4.1', 1.5], ['4.2', 1.5]]),
      ...full('S2', [['1.1', 4], ['1.2', 3], ['1.3', 3], ['2.1', 5], ['2.2', 5], ['3.1', 10], ['4.1', 1.5], ['4.2', 1.5]]),
      ...full('S3', [['1.1', 3], ['1.2', 2], ['1.3', 2], ['2.1', 4], ['2.2', 4], ['3.1', 8], ['5.1', 2], ['5.2', 2]]),
      ...full('X1', [['1.1', 4], ['1.2', 4], ['2.1', 6], ['2.2', 6], ['3.1', 10], ['3.2', 10], ['4.1', 1]]),
      ...full('X2', [['1.1', 3], ['1.2', 4], ['2.1', 6], ['2.2', 'KAD'], ['3.1', 8], ['3.2', 9]]),
      ...full('X3', [['1.1', 2], ['1.2', 2], ['2.1', 3], ['2.2', 3], ['3.1', 7], ['3.2', 8], ['5.1', 2]]),
    ],
  };
}
