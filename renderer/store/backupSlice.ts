// Backup and restore: the dialog's open state, the list of the app's backups, and the calls behind
// "Sao lưu ngay", "Khôi phục" and the number kept. A restore replaces every piece of data the other
// slices hold, so the app reloads afterwards rather than patching each slice.

import type { BackupCreated, BackupOverview, BackupRestored } from '../../shared/contract.js';
import { backupUrl, invoke } from '../api/client.js';
import { cancelUpload, uploadFile } from '../api/upload.js';
import type { SliceCreator } from './types.js';

export interface BackupSlice {
  backupOpen: boolean;
  backupOverview: BackupOverview | null;
  setBackupOpen: (open: boolean) => void;
  loadBackups: () => Promise<void>;
  /** At startup: a failed automatic backup is shown once as a notice. */
  checkBackupNotice: () => Promise<void>;
  createBackupNow: () => Promise<BackupCreated | null>;
  setBackupKeep: (keep: number) => Promise<boolean>;
  /** A saved archive by name, or a file the user picked (uploaded in chunks first). */
  restoreBackup: (source: { name: string } | { file: File }, onUpload?: (sent: number, size: number) => void) => Promise<BackupRestored | null>;
}

/** Starts the download of one of the app's archives (the browser's download, or the shell's save dialog). */
export function downloadBackup(name: string): void {
  const link = document.createElement('a');
  link.href = backupUrl(name);
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export const createBackupSlice: SliceCreator<BackupSlice> = (set, get) => ({
  backupOpen: false,
  backupOverview: null,
  setBackupOpen: (open) => {
    set({ backupOpen: open });
    if (open) void get().loadBackups();
  },
  loadBackups: async () => {
    try {
      set({ backupOverview: await invoke('backup/list', {}) });
    } catch (error) {
      get().reportError(error);
    }
  },
  checkBackupNotice: async () => {
    try {
      const overview = await invoke('backup/list', {});
      const shown = get().backupOverview?.notice ?? null;
      set({ backupOverview: overview });
      if (overview.notice && overview.notice !== shown) get().notify('error', { key: 'backup.notice', params: { detail: overview.notice } });
    } catch {
      // Not worth a message at startup: the dialog shows the list when opened.
    }
  },
  createBackupNow: async () => {
    try {
      const made = await get().runJob('backup.working', (job) => invoke('backup/create', {}, job));
      downloadBackup(made.name);
      await get().loadBackups();
      return made;
    } catch (error) {
      get().reportError(error);
      return null;
    }
  },
  setBackupKeep: async (keep) => {
    try {
      set({ backupOverview: await invoke('backup/settings', { keep }) });
      get().notify('success', { key: 'backup.keepSaved', params: { keep } });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },
  restoreBackup: async (source, onUpload) => {
    // The check of the archive is a job (progress bar, Hủy); the upload before it has its own progress.
    const restore = (from: { kind: 'saved'; name: string } | { kind: 'upload'; uploadId: string }) =>
      get().runJob('backup.restoring', (job) => invoke('backup/restore', { source: from }, job));
    try {
      if ('name' in source) return await restore({ kind: 'saved', name: source.name });
      const { uploadId } = await get().withBusy('backup.restoring', () => uploadFile(source.file, onUpload ?? (() => undefined), 'backup/uploadBegin'));
      try {
        return await restore({ kind: 'upload', uploadId });
      } catch (error) {
        // A restore refused before it took the upload (another one under way) leaves no temp file behind.
        await cancelUpload(uploadId);
        throw error;
      }
    } catch (error) {
      get().reportError(error);
      return null;
    }
  },
});
