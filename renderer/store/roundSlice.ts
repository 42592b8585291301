// The appraisal rounds on the secretariat's machine: the rounds summary, opening round 2, the
// explanation list for units and the import of their answers (with every problem located on refusal).

import type { AnswersImportResult, RoundSummary } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../api/files.js';
import type { ImportFailure } from './campaignSlice.js';
import type { SliceCreator } from './types.js';
import { errorIssues } from './uiSlice.js';

export interface RoundSlice {
  roundSummary: RoundSummary | null;
  answersResult: (AnswersImportResult & { fileName: string }) | null;
  answersFailure: ImportFailure | null;
  loadRoundSummary: () => Promise<void>;
  openRound2: (reason: string) => Promise<boolean>;
  exportExplanations: (unitCode?: string) => Promise<void>;
  importAnswers: (file: File) => Promise<boolean>;
  clearAnswers: () => void;
}

export const createRoundSlice: SliceCreator<RoundSlice> = (set, get) => ({
  roundSummary: null,
  answersResult: null,
  answersFailure: null,

  loadRoundSummary: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const roundSummary = await invoke('round/summary', { campaignId });
      if (get().campaignId === campaignId) set({ roundSummary });
    } catch (error) {
      get().reportError(error);
    }
  },

  openRound2: async (reason) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const roundSummary = await get().withBusy('rounds.opening', () => invoke('round/open', { campaignId, reason }));
      set({ roundSummary });
      await get().loadReport();
      get().notify('success', { key: 'rounds.opened' });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  exportExplanations: async (unitCode) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const file = await invoke('explanation/exportForUnits', { campaignId, ...(unitCode ? { unitCode } : {}) });
      downloadPayload(file);
      get().notify('success', { key: 'rounds.exported', params: { file: file.fileName, requests: file.requests, units: file.units } });
    } catch (error) {
      get().reportError(error);
    }
  },

  importAnswers: async (file) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    set({ answersResult: null, answersFailure: null });
    try {
      const payload = await readFileAsBase64(file);
      const result = await get().runJob('rounds.importing', (job) => invoke('explanation/importAnswers', { campaignId, ...payload }, job));
      set({ answersResult: { ...result, fileName: file.name } });
      get().notify('success', { key: 'rounds.imported', params: { answered: result.answered } });
      await Promise.all([get().loadReport(), get().loadRoundSummary()]);
      return true;
    } catch (error) {
      set({ answersFailure: { fileName: file.name, message: error instanceof Error ? error.message : String(error), issues: errorIssues(error) } });
      return false;
    }
  },

  clearAnswers: () => set({ answersResult: null, answersFailure: null }),
});
