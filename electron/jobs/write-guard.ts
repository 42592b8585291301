// While a writing job holds the database's write lock, a write on the main thread would wait in
// better-sqlite3's busy loop (up to busy_timeout) and freeze the thread that serves the window. So the
// core refuses such calls at once with "Đang … — vui lòng chờ", and lets everything that only reads
// (the grid, the ranking, exports, downloads, the job's own cancel) go on: reads never wait in WAL mode.

import type { Method } from '../../shared/contract.js';
import type { AppError } from '../../shared/errors.js';
import type { JobKind } from './protocol.js';
import { busyError } from './runner.js';

/** Methods that never write to the database (files in the app's own folders aside). */
export const READ_ONLY_METHODS: ReadonlySet<Method> = new Set<Method>([
  'app/info', 'job/cancel', 'file/choose',
  'campaign/list', 'campaign/get', 'campaign/resolve', 'unit/list', 'sheet/get', 'ranking/get', 'workbook/export', 'annex/export',
  'document/decision', 'document/report', 'member/registered', 'member/find',
  'previous/get', 'member/self', 'member/list', 'workspace/get', 'proposal/sheet', 'history/cell', 'consolidation/report',
  'package/pending', 'package/dismissPending',
  'signature/identities', 'signature/modules', 'signature/tokens', 'signature/tokenCertificates', 'signature/roots',
  'signature/packageIdentity', 'signature/verify', 'signature/signAnnex',
  'round/summary', 'explanation/exportForUnits',
  'evidence/list', 'evidence/meta', 'evidence/verify', 'evidence/uploadBegin', 'evidence/uploadChunk', 'evidence/uploadCancel',
  'survey/get', 'survey/template', 'audit/list', 'audit/export', 'self/report',
  'backup/list', 'backup/uploadBegin', 'evidenceBundle/plan', 'evidenceBundle/status', 'evidenceBundle/uploadBegin', 'evidenceBundle/export',
]);

/** The refusal for `method` while `writing` runs, or null when it may go ahead. */
export function writeRefusal(method: string, writing: JobKind | null): AppError | null {
  if (writing === null || READ_ONLY_METHODS.has(method as Method)) return null;
  return busyError(writing);
}
