// Evidence (tài liệu kiểm chứng) of the open unit — the member's unit on a member's machine, the
// secretariat's on theirs: the list per sub-criterion, uploads in progress, the last bundle import (its
// summary or every reason it was refused) and the integrity check.

import type { BundleImportResult, EvidenceUnitList, IntegrityReport } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { cancelUpload, uploadFile } from '../api/upload.js';
import type { ImportFailure } from './campaignSlice.js';
import { errorIssues } from './uiSlice.js';
import type { SliceCreator } from './types.js';

export interface UploadState {
  id: number;
  fileName: string;
  /** null: a bundle for the whole unit. */
  criterionCode: string | null;
  sent: number;
  size: number;
}

export interface EvidenceSlice {
  evidence: EvidenceUnitList | null;
  uploads: UploadState[];
  bundleResult: BundleImportResult | null;
  bundleFailure: ImportFailure | null;
  integrity: IntegrityReport | null;
  integrityRunning: boolean;
  loadEvidence: () => Promise<void>;
  attachFiles: (criterionCode: string, files: File[]) => Promise<number>;
  removeEvidence: (evidenceId: number) => Promise<boolean>;
  importBundle: (file: File) => Promise<boolean>;
  clearBundle: () => void;
  verifyEvidence: () => Promise<void>;
  clearIntegrity: () => void;
}

let nextUpload = 1;

export const createEvidenceSlice: SliceCreator<EvidenceSlice> = (set, get) => {
  const track = (fileName: string, criterionCode: string | null, size: number) => {
    const id = nextUpload++;
    set((s) => ({ uploads: [...s.uploads, { id, fileName, criterionCode, sent: 0, size }] }));
    return {
      progress: (sent: number) => set((s) => ({ uploads: s.uploads.map((u) => (u.id === id ? { ...u, sent } : u)) })),
      done: () => set((s) => ({ uploads: s.uploads.filter((u) => u.id !== id) })),
    };
  };

  /** The unit whose evidence is shown: the member workspace's on a member's machine, else the score grid's. */
  const unitOf = (): string | null => (get().self?.kind === 'member' ? get().memberUnitCode : get().unitCode);

  const refreshUnit = async () => {
    await Promise.all([get().loadEvidence(), get().reloadMemberSheet()]);
  };

  return {
    evidence: null,
    uploads: [],
    bundleResult: null,
    bundleFailure: null,
    integrity: null,
    integrityRunning: false,

    loadEvidence: async () => {
      const campaignId = get().campaignId;
      const unitCode = unitOf();
      if (campaignId === null || unitCode === null) {
        set({ evidence: null });
        return;
      }
      try {
        const evidence = await invoke('evidence/list', { campaignId, unitCode });
        if (get().campaignId === campaignId && unitOf() === unitCode) set({ evidence });
      } catch (error) {
        get().reportError(error);
      }
    },

    attachFiles: async (criterionCode, files) => {
      const campaignId = get().campaignId;
      const unitCode = unitOf();
      if (campaignId === null || unitCode === null) return 0;
      let attached = 0;
      for (const file of files) {
        const tracker = track(file.name, criterionCode, file.size);
        let uploadId: string | null = null;
        try {
          uploadId = (await uploadFile(file, tracker.progress)).uploadId;
          await invoke('evidence/uploadFinish', { uploadId, campaignId, unitCode, criterionCode });
          uploadId = null;
          attached++;
          get().notify('success', { key: 'evidence.attached', params: { file: file.name, code: criterionCode } });
        } catch (error) {
          if (uploadId !== null) await cancelUpload(uploadId);
          get().reportError(error);
        } finally {
          tracker.done();
        }
      }
      if (attached > 0) await refreshUnit();
      return attached;
    },

    removeEvidence: async (evidenceId) => {
      try {
        await invoke('evidence/remove', { evidenceId });
        get().notify('success', { key: 'evidence.removed' });
        await refreshUnit();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    importBundle: async (file) => {
      const campaignId = get().campaignId;
      const unitCode = unitOf();
      if (campaignId === null || unitCode === null) return false;
      set({ bundleResult: null, bundleFailure: null });
      const tracker = track(file.name, null, file.size);
      try {
        const { uploadId } = await uploadFile(file, tracker.progress);
        const result = await invoke('evidence/importBundleUpload', { campaignId, unitCode, uploadId });
        set({ bundleResult: result });
        get().notify('success', { key: 'bundle.imported', params: { file: file.name, attached: result.attached, files: result.files } });
        await refreshUnit();
        return true;
      } catch (error) {
        const issues = errorIssues(error);
        set({ bundleFailure: { fileName: file.name, message: error instanceof Error ? error.message : String(error), issues } });
        get().reportError(error);
        return false;
      } finally {
        tracker.done();
      }
    },

    clearBundle: () => set({ bundleResult: null, bundleFailure: null }),

    verifyEvidence: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return;
      set({ integrityRunning: true, integrity: null });
      try {
        const integrity = await get().runJob('busy.verifying', (job) => invoke('evidence/verify', { campaignId }, job));
        set({ integrity });
      } catch (error) {
        get().reportError(error);
      } finally {
        set({ integrityRunning: false });
      }
    },

    clearIntegrity: () => set({ integrity: null }),
  };
};
