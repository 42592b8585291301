// Handlers of the backup methods declared in shared/contract/backup.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { BACKUP_EXTENSION } from '../../backup/archive.js';
import type { HandlerDeps } from './deps.js';
import { requireBackup } from './support.js';

export function backupHandlers({ s, backup, doors }: HandlerDeps): DomainHandlers<'backup'> {
  const tokens = doors.fileTokens;
  return {
    'backup/list': () => requireBackup(backup).overview(),
    'backup/create': (_input, ctx) => requireBackup(backup).create('manual', ctx),
    'backup/uploadBegin': ({ fileName, size }) => {
      requireBackup(backup);
      if (!fileName.toLowerCase().endsWith(BACKUP_EXTENSION)) {
        throw new AppError('invalid_input', 'backup.wrongFileType', { fileName, extension: BACKUP_EXTENSION });
      }
      return s.evidence.uploads.begin(fileName, size, Number.MAX_SAFE_INTEGER);
    },
    'backup/restore': ({ source }, ctx) => {
      const controller = requireBackup(backup);
      return controller.restore(source.kind === 'file' ? { kind: 'path', path: tokens.take(source.fileToken, ['backup']) } : source, ctx);
    },
    'backup/settings': ({ keep }) => requireBackup(backup).setKeep(keep),
  };
}
