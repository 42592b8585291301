// Small pieces several domains' handlers share.

import type { DriverRef, ParsedInput } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { buildAnnexes } from '../../annex/build.js';
import { writeAnnexPdf } from '../../annex/pdf.js';
import { writeAnnexXlsx } from '../../annex/xlsx.js';
import type { BackupController } from '../../backup/controller.js';
import type { Services } from '../app.js';
import type { FileDoors } from './deps.js';

export const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');

export const safeFileName = (text: string): string =>
  [...text.normalize('NFC')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);

/** "Phu-luc-I-xep-hang-CCHC-2025.xlsx": ASCII names survive e-mail and USB sticks. */
export function annexFileName(annex: 'I' | 'II' | 'III' | 'all', year: number, format: 'xlsx' | 'pdf'): string {
  const part = { I: 'Phu-luc-I-xep-hang', II: 'Phu-luc-II-chi-so-thanh-phan', III: 'Phu-luc-III-diem-tung-don-vi', all: 'Phu-luc-I-II-III' }[annex];
  return `${part}-CCHC-${year}.${format}`;
}

/** A known driver is named by its path (the service decides which it loads); a chosen one by its token. */
export function driverPath(doors: FileDoors, module: DriverRef): string {
  return typeof module === 'string' ? module : doors.fileTokens.take(module.fileToken, ['pkcs11Driver']);
}

/** The annex as 'annex/export' writes it, for signing before it leaves the app. */
export async function annexPayload(
  s: Services,
  input: Omit<ParsedInput<'signature/signAnnex'>, 'identityId' | 'secret' | 'p7s'>,
): Promise<{ fileName: string; contentBase64: string }> {
  const { campaignId, annex, format, decisionNo, decisionDate, issuer } = input;
  const set = buildAnnexes(s, campaignId, annex === 'all' ? ['I', 'II', 'III'] : [annex], {
    ...(decisionNo !== undefined ? { decisionNo } : {}),
    ...(decisionDate !== undefined ? { decisionDate } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
  });
  const buffer = format === 'pdf' ? await writeAnnexPdf(set) : writeAnnexXlsx(set);
  return { fileName: annexFileName(annex, set.year, format), contentBase64: buffer.toString('base64') };
}

export function requireBackup(backup: BackupController | undefined): BackupController {
  if (!backup) throw new AppError('forbidden', 'app.backupDesktopOnly');
  return backup;
}
