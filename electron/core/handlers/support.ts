// Small pieces several domains' handlers share.

import type { DriverRef } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import type { BackupController } from '../../backup/controller.js';
import type { FileDoors } from './deps.js';

export const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');

export const safeFileName = (text: string): string =>
  [...text.normalize('NFC')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);

/** A known driver is named by its path (the service decides which it loads); a chosen one by its token. */
export function driverPath(doors: FileDoors, module: DriverRef): string {
  return typeof module === 'string' ? module : doors.fileTokens.take(module.fileToken, ['pkcs11Driver']);
}

export function requireBackup(backup: BackupController | undefined): BackupController {
  if (!backup) throw new AppError('forbidden', 'app.backupDesktopOnly');
  return backup;
}
