// `par backup` and `par restore`: the same archive functions as the app, on a database file that no
// app has open. The evidence store is the one beside the database (<db folder>/evidence), as for
// every other CLI command.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../evidence/limits.js';
import { openDatabase } from '../db/database.js';
import { BackupRepo } from '../repos/backup-repo.js';
import { APP_VERSION } from '../core/app.js';
import type { Progress } from '../../shared/contract.js';
import { JobRunner } from '../jobs/runner.js';
import { BACKUP_EXTENSION, createBackup, finishRestore, restoreStaging, verifyBackup, type StagedRestore } from './archive.js';

export const BACKUP_FLAGS = ['--yes'];

export const BACKUP_USAGE = `  backup --db <tệp> --out <tệp.parbak>       Sao lưu cơ sở dữ liệu và kho tài liệu kiểm chứng vào một tệp
  backup verify <tệp.parbak>                 Kiểm tra tệp sao lưu (mã băm từng mục, cơ sở dữ liệu, phiên bản)
  restore --db <tệp> <tệp.parbak> --yes      Khôi phục: THAY THẾ dữ liệu hiện có (bản cũ được giữ trong backups/)`;

interface Args {
  positional: string[];
  options: Map<string, string | true>;
}

function option(p: Args, name: string): string {
  const v = p.options.get(name);
  if (v === undefined || v === true) throw new AppError('invalid_input', 'backup.optionMissing', { name });
  return v;
}

function requireFile(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new AppError('not_found', 'file.notFound', { path: full });
  return full;
}

export async function backupCommand(p: Args, out: (s: string) => void): Promise<void> {
  if (p.positional[1] === 'verify') {
    const file = p.positional[2];
    if (!file) throw new AppError('invalid_input', 'backup.verifyFileMissing', { extension: BACKUP_EXTENSION });
    const full = requireFile(file);
    const v = await verifyBackup(full, basename(full));
    out(`Tệp sao lưu hợp lệ: ${full}`);
    out(`  Tạo lúc ${v.manifest.createdAt} bởi phiên bản ${v.manifest.appVersion}, lược đồ ${v.manifest.schemaVersion}; ${v.campaigns} đợt đánh giá; ${v.evidenceFiles} tệp tài liệu kiểm chứng (${formatBytes(v.evidenceBytes)}).`);
    if (v.missingBlobs > 0) out(`  Lưu ý: ${v.missingBlobs} tệp tài liệu mà cơ sở dữ liệu có nhắc tới đã không còn trong kho lúc sao lưu.`);
    return;
  }
  if (p.positional[1] !== undefined) throw new AppError('invalid_input', 'backup.unknownCommand', { word: p.positional[1] });
  const dbFile = requireFile(option(p, '--db'));
  const target = resolve(option(p, '--out'));
  if (!existsSync(dirname(target))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(target) });
  if (!target.toLowerCase().endsWith(BACKUP_EXTENSION)) throw new AppError('invalid_input', 'backup.wrongExtension', { extension: BACKUP_EXTENSION, file: basename(target) });
  const db = openDatabase(dbFile);
  try {
    const s = await createBackup({ db, dataDir: dirname(dbFile), out: target, appVersion: APP_VERSION });
    out(`Đã sao lưu: ${s.path} (${formatBytes(s.size)}; lược đồ ${s.schemaVersion}; ${s.evidenceFiles} tệp tài liệu kiểm chứng, ${formatBytes(s.evidenceBytes)}).`);
    if (s.missingBlobs.length > 0) out(`  Lưu ý: ${s.missingBlobs.length} tệp tài liệu mà cơ sở dữ liệu có nhắc tới không còn trong kho nên không có trong bản sao lưu.`);
    if (s.damagedBlobs.length > 0) out(`  Lưu ý: ${s.damagedBlobs.length} tệp tài liệu trong kho đã bị hỏng (nội dung khác mã băm) nên không được đưa vào bản sao lưu.`);
  } finally {
    db.close();
  }
}

/** How a long command reports its progress (the CLI's progress line) and hears Ctrl+C. */
export interface CommandWatch {
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export async function restoreCommand(p: Args, out: (s: string) => void, watch: CommandWatch = {}): Promise<void> {
  const file = p.positional[1];
  if (!file) throw new AppError('invalid_input', 'backup.restoreFileMissing', { extension: BACKUP_EXTENSION });
  const archive = requireFile(file);
  const dbFile = resolve(option(p, '--db'));
  if (!p.options.has('--yes')) {
    throw new AppError(
      'forbidden',
      'backup.restoreConfirm', { dbFile },
    );
  }
  // The archive is verified and migrated in staging, in the job worker (progress, Ctrl+C leaves nothing);
  // the live file is replaced last, here.
  const dataDir = dirname(dbFile);
  const staging = restoreStaging(dbFile, dataDir);
  const staged = await new JobRunner({ dbPath: dbFile, dataDir }).run<StagedRestore>({ kind: 'backup/stage', archive, label: basename(archive), staging }, 'dòng lệnh', watch);
  const r = finishRestore(staged, { dbPath: dbFile, dataDir, beforeSwap: () => refuseIfOpen(dbFile) });
  out(`Đã khôi phục từ ${archive} (tạo lúc ${r.manifest.createdAt}, lược đồ ${r.manifest.schemaVersion}): ${r.campaigns} đợt đánh giá; ${r.evidenceAdded} tệp tài liệu kiểm chứng được thêm vào kho, ${r.evidenceAlreadyPresent} tệp đã có sẵn.`);
  if (r.safetyCopy) out(`  Dữ liệu trước khi khôi phục được giữ tại: ${r.safetyCopy}`);
}

/**
 * A database an app has open must not be replaced under it: an exclusive lock is refused at once
 * (no waiting) while any other connection holds the file. Nothing is written.
 */
function refuseIfOpen(dbFile: string): void {
  if (!existsSync(dbFile)) return;
  const db = new Database(dbFile, { timeout: 0 });
  try {
    new BackupRepo(db).lockExclusively();
  } catch {
    throw new AppError(
      'conflict',
      'backup.dbInUse', { dbFile },
    );
  } finally {
    db.close();
  }
}
