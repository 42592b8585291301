// Stand-ins with the signatures of the streaming annex writers (writeAnnexPdfFile in annex/pdf.ts,
// writeAnnexXlsxFile in annex/xlsx.ts) until those land: they write the whole Buffer to `<out>.part`
// and rename it, so a cancelled or failed export leaves no file under the final name.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { writeAnnexPdf } from '../annex/pdf.js';
import { writeAnnexXlsx } from '../annex/xlsx.js';
import type { AnnexSet } from '../annex/model.js';

export interface AnnexFileOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

function writeAtomically(bytes: Buffer, outPath: string, signal: AbortSignal | undefined): void {
  const part = `${outPath}.part`;
  try {
    if (signal?.aborted) throw new AppError('cancelled', 'Đã hủy — không có gì bị thay đổi.');
    writeFileSync(part, bytes);
    if (signal?.aborted) throw new AppError('cancelled', 'Đã hủy — không có gì bị thay đổi.');
    renameSync(part, outPath);
  } catch (error) {
    rmSync(part, { force: true });
    throw error;
  }
}

export async function writeAnnexPdfFile(set: AnnexSet, outPath: string, options: AnnexFileOptions = {}): Promise<void> {
  writeAtomically(await writeAnnexPdf(set), outPath, options.signal);
}

export async function writeAnnexXlsxFile(set: AnnexSet, outPath: string, options: AnnexFileOptions = {}): Promise<void> {
  writeAtomically(writeAnnexXlsx(set), outPath, options.signal);
  return Promise.resolve();
}
