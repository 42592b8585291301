// Backups and restore.

import { z } from 'zod';
import { method } from './method.js';
import { fileToken, uploadId, type UploadStarted } from './common.js';

export interface BackupFileInfo {
  name: string;
  kind: 'auto' | 'manual';
  size: number;
  createdAt: string;
}

export interface BackupOverview {
  folder: string;
  keep: number;
  lastAutoAt: string | null;
  autoEnabled: boolean;
  busy: 'backup' | 'restore' | null;
  /** Bytes done of the total for the operation under way (archived, or checked before a restore). */
  progress: { done: number; total: number } | null;
  /** Why the last automatic backup failed (cleared by the next success). */
  notice: string | null;
  items: BackupFileInfo[];
}

export interface BackupCreated extends BackupFileInfo {
  evidenceFiles: number;
  evidenceBytes: number;
  missingBlobs: number;
  damagedBlobs: number;
}

export interface BackupRestored {
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  campaigns: number;
  evidenceFiles: number;
  evidenceAdded: number;
  missingBlobs: number;
  /** Where the replaced database was copied. */
  safetyCopy: string | null;
}

export const backupMethods = {
  /** The automatic and in-app backups in <data>/backups, the number kept, the last automatic one. */
  'backup/list': method<BackupOverview>()(z.object({})),
  /** Makes a backup now in <data>/backups (the renderer then downloads it). */
  'backup/create': method<BackupCreated>()(z.object({})),
  /** Starts a chunked upload of a .parbak (chunks go through evidence/uploadChunk). */
  'backup/uploadBegin': method<UploadStarted>()(z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })),
  /** Verifies the whole archive, then replaces the database (a safety copy is kept) and adds missing evidence. */
  'backup/restore': method<BackupRestored>()(z.object({
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('saved'), name: z.string().min(1).max(200) }),
      z.object({ kind: z.literal('upload'), uploadId }),
      z.object({ kind: z.literal('file'), fileToken }),
    ]),
  })),
  'backup/settings': method<BackupOverview>()(z.object({ keep: z.number().int().min(1).max(100) })),
} as const;
