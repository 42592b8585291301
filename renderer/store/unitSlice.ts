// A unit's machine: its own profile (the unit's signing identity), its self-assessment sheet and every
// write to it, the files it attaches, and what it sends the secretariat (the signed self-assessment
// package, the báo cáo tự đánh giá). Each write answers the fresh sheet, which replaces the slice's; writes go
// through the store's one cell-write queue (cellWrites.ts), so a later answer never lands before an earlier one.

import type { Input, SelfSheet, UnitIdentityCard } from '../../shared/contract.js';
import type { RuleInput } from '../../shared/rules.js';
import { invoke } from '../api/client.js';
import { downloadExported, downloadPayload } from '../api/files.js';
import { cancelUpload, uploadFile } from '../api/upload.js';
import type { CellWrites } from './cellWrites.js';
import type { SliceCreator } from './types.js';

export interface SelfUpload {
  id: number;
  fileName: string;
  criterionCode: string;
  sent: number;
  size: number;
}

export interface UnitSlice {
  /** undefined: not asked yet; null: this machine has no unit profile. */
  unitSelf: UnitIdentityCard | null | undefined;
  selfSheet: SelfSheet | null;
  selfSheetLoading: boolean;
  selfUploads: SelfUpload[];
  loadUnitSelf: () => Promise<void>;
  /** Makes this machine a unit's (a fresh signing key); the answer carries the fingerprint to read out. */
  createUnitSelf: (input: Input<'unitIdentity/create'>) => Promise<UnitIdentityCard | null>;
  /** Saves the unit's .pub file for the secretariat. */
  exportUnitIdentity: () => Promise<boolean>;
  loadSelfSheet: () => Promise<void>;
  setSelfScore: (criterionCode: string, input: RuleInput | null) => Promise<boolean>;
  setSelfNotApplicable: (criterionCode: string, notApplicable: boolean, reason: string) => Promise<boolean>;
  setSelfExplanation: (criterionCode: string, explanation: string) => Promise<boolean>;
  answerRequest: (requestId: number, answer: string) => Promise<boolean>;
  attachSelfFiles: (criterionCode: string, files: File[]) => Promise<number>;
  removeSelfEvidence: (evidenceId: number) => Promise<boolean>;
  exportSelfPackage: () => Promise<boolean>;
  printSelfReport: (format: 'pdf' | 'docx') => Promise<boolean>;
}

let nextUpload = 1;

export const createUnitSlice = (writes: CellWrites): SliceCreator<UnitSlice> => (set, get) => {
  /** Sends one write of the open campaign's sheet and takes the sheet it answers. */
  const write = (call: (campaignId: number) => Promise<SelfSheet>): Promise<boolean> => {
    const campaignId = get().campaignId;
    if (campaignId === null) return Promise.resolve(false);
    return writes.enqueue(async () => {
      try {
        const sheet = await call(campaignId);
        if (get().campaignId === campaignId) set({ selfSheet: sheet, lastSavedAt: Date.now() });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    });
  };

  return {
    unitSelf: undefined,
    selfSheet: null,
    selfSheetLoading: false,
    selfUploads: [],

    loadUnitSelf: async () => {
      try {
        set({ unitSelf: await invoke('unitIdentity/self', {}) });
      } catch (error) {
        set({ unitSelf: null });
        get().reportError(error);
      }
    },

    createUnitSelf: async (input) => {
      try {
        const card = await invoke('unitIdentity/create', input);
        // From now on the machine is in unit mode: its campaigns are the ones its unit packages bring.
        set({ unitSelf: card });
        get().notify('success', { key: 'unit.profileCreated', params: { name: card.name, code: card.unitCode } });
        await get().loadCampaigns();
        return card;
      } catch (error) {
        get().reportError(error);
        return null;
      }
    },

    exportUnitIdentity: async () => {
      try {
        const file = await invoke('unitIdentity/export', {});
        downloadPayload(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    loadSelfSheet: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null || !get().unitSelf) {
        set({ selfSheet: null });
        return;
      }
      set({ selfSheetLoading: true });
      try {
        const sheet = await invoke('self/sheet', { campaignId });
        if (get().campaignId === campaignId) set({ selfSheet: sheet });
      } catch (error) {
        if (get().campaignId === campaignId) set({ selfSheet: null });
        get().reportError(error);
      } finally {
        set({ selfSheetLoading: false });
      }
    },

    setSelfScore: (criterionCode, input) => write((campaignId) => invoke('self/set', { campaignId, criterionCode, input })),
    setSelfNotApplicable: (criterionCode, notApplicable, reason) =>
      write((campaignId) => invoke('self/setNotApplicable', { campaignId, criterionCode, notApplicable, reason })),
    setSelfExplanation: (criterionCode, explanation) => write((campaignId) => invoke('self/setExplanation', { campaignId, criterionCode, explanation })),
    answerRequest: (requestId, answer) => write((campaignId) => invoke('self/answer', { campaignId, requestId, answer })),

    attachSelfFiles: async (criterionCode, files) => {
      const campaignId = get().campaignId;
      const unitCode = get().unitSelf?.unitCode;
      if (campaignId === null || !unitCode) return 0;
      let attached = 0;
      for (const file of files) {
        const id = nextUpload++;
        set((s) => ({ selfUploads: [...s.selfUploads, { id, fileName: file.name, criterionCode, sent: 0, size: file.size }] }));
        let uploadId: string | null = null;
        try {
          uploadId = (await uploadFile(file, (sent) => set((s) => ({ selfUploads: s.selfUploads.map((u) => (u.id === id ? { ...u, sent } : u)) })))).uploadId;
          await invoke('evidence/uploadFinish', { uploadId, campaignId, unitCode, criterionCode });
          uploadId = null;
          attached++;
          get().notify('success', { key: 'evidence.attached', params: { file: file.name, code: criterionCode } });
        } catch (error) {
          if (uploadId !== null) await cancelUpload(uploadId);
          get().reportError(error);
        } finally {
          set((s) => ({ selfUploads: s.selfUploads.filter((u) => u.id !== id) }));
        }
      }
      if (attached > 0) await get().loadSelfSheet();
      return attached;
    },

    removeSelfEvidence: async (evidenceId) => {
      try {
        await invoke('evidence/remove', { evidenceId });
        get().notify('success', { key: 'evidence.removed' });
        await get().loadSelfSheet();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    exportSelfPackage: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const file = await get().runJob('busy.exportingPackage', (job) => invoke('package/export', { campaignId }, job));
        downloadPayload(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
        await get().loadSelfSheet();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    printSelfReport: async (format) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const file = await get().runJob('unit.reportBusy', (job) => invoke('self/report', { campaignId, format }, job));
        downloadExported(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.downloadName } });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },
  };
};
