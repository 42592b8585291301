// The báo cáo tự đánh giá a unit prints from its own machine (PDF and .docx): the summary per area (max,
// self-score), the explanations, the evidence list with file names and SHA-256, and a signature line for
// the unit's head.

import type { SelfSheet } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';

/** ASCII file name: "Bao-cao-tu-danh-gia-XP09-2025.pdf". */
export const selfReportFileName = (sheet: Pick<SelfSheet, 'unitCode' | 'year'>, format: 'pdf' | 'docx'): string =>
  `Bao-cao-tu-danh-gia-${sheet.unitCode.replace(/[^A-Za-z0-9_-]+/g, '-')}-${sheet.year}.${format}`;

export async function writeSelfReport(_sheet: SelfSheet, _format: 'pdf' | 'docx'): Promise<Buffer> {
  throw new AppError('internal', 'app.unexpected', { detail: 'báo cáo tự đánh giá chưa có' });
}
