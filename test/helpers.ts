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
