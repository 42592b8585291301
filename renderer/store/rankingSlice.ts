// The ranking of the selected campaign (refetched on every visit and after every score change while
// shown), the results tab on screen, and the export of the decision's annexes.

import type { Ranking } from '../../shared/calc.js';
import type { Input } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { downloadExported, downloadPayload } from '../api/files.js';
import type { SliceCreator } from './types.js';
import { errorMessage, type Message } from './uiSlice.js';

export type ResultsTab = 'ranking' | 'components' | 'previous' | 'charts' | 'annex';
export const RESULTS_TABS: readonly ResultsTab[] = ['ranking', 'components', 'previous', 'charts', 'annex'];

/** The unit filter shared by the ranking and component tabs: name (diacritics optional) and band. */
export interface ResultsFilter {
  text: string;
  /** '' for every band, a band label, or NO_BAND for units below every band. */
  band: string;
}
export const NO_BAND = '\u0000none';

export interface RankingSlice {
  ranking: Ranking | null;
  rankingLoading: boolean;
  resultsTab: ResultsTab;
  setResultsTab: (tab: ResultsTab) => void;
  resultsFilter: ResultsFilter;
  setResultsFilter: (filter: Partial<ResultsFilter>) => void;
  loadRanking: () => Promise<void>;
  /** Called after any score change: refetch now if the ranking is on screen, else drop the stale copy. */
  rankingChanged: () => void;
  /** Downloads the annex; on failure returns the message to show beside the form (also toasted). */
  exportAnnex: (fields: Omit<Input<'annex/export'>, 'campaignId'>) => Promise<{ ok: true } | { ok: false; message: Message }>;
  /** Downloads the draft decision or the council's report (.docx), as `exportAnnex` does. */
  exportDocument: (kind: 'decision' | 'report', fields: Omit<Input<'document/decision'>, 'campaignId'>) => Promise<{ ok: true } | { ok: false; message: Message }>;
}

let requestSeq = 0;

export const createRankingSlice: SliceCreator<RankingSlice> = (set, get) => ({
  ranking: null,
  rankingLoading: false,
  resultsTab: 'ranking',
  setResultsTab: (resultsTab) => set({ resultsTab }),
  resultsFilter: { text: '', band: '' },
  setResultsFilter: (filter) => set((s) => ({ resultsFilter: { ...s.resultsFilter, ...filter } })),

  loadRanking: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    const seq = ++requestSeq;
    set({ rankingLoading: true });
    try {
      const ranking = await invoke('ranking/get', { campaignId });
      if (seq === requestSeq && get().campaignId === campaignId) set({ ranking });
    } catch (error) {
      get().reportError(error);
    } finally {
      if (seq === requestSeq) set({ rankingLoading: false });
    }
  },

  rankingChanged: () => {
    if (get().screen === 'ranking') void get().loadRanking();
    else set({ ranking: null });
  },

  exportAnnex: async (fields) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return { ok: false, message: { key: 'common.noCampaign' } };
    try {
      const file = await get().runJob('busy.exportingAnnex', (job) => invoke('annex/export', { campaignId, ...fields }, job));
      downloadExported(file);
      get().notify('success', { key: 'common.downloaded', params: { file: file.downloadName } });
      return { ok: true };
    } catch (error) {
      get().reportError(error);
      return { ok: false, message: errorMessage(error) };
    }
  },

  exportDocument: async (kind, fields) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return { ok: false, message: { key: 'common.noCampaign' } };
    try {
      const method = kind === 'decision' ? 'document/decision' : 'document/report';
      const file = await get().runJob('busy.exportingDocument', (job) => invoke(method, { campaignId, ...fields }, job));
      downloadPayload(file);
      get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
      return { ok: true };
    } catch (error) {
      get().reportError(error);
      return { ok: false, message: errorMessage(error) };
    }
  },
});
