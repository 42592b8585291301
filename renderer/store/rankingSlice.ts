// The ranking of the selected campaign; refetched on every visit and after every score change while shown.

import type { Ranking } from '../../shared/calc.js';
import type { Input } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { downloadPayload } from '../api/files.js';
import type { SliceCreator } from './types.js';

export interface RankingSlice {
  ranking: Ranking | null;
  rankingLoading: boolean;
  loadRanking: () => Promise<void>;
  /** Called after any score change: refetch now if the ranking is on screen, else drop the stale copy. */
  rankingChanged: () => void;
  exportAnnex: (fields: Omit<Input<'annex/export'>, 'campaignId'>) => Promise<boolean>;
}

let requestSeq = 0;

export const createRankingSlice: SliceCreator<RankingSlice> = (set, get) => ({
  ranking: null,
  rankingLoading: false,

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
    if (campaignId === null) return false;
    try {
      const file = await get().withBusy('busy.exportingAnnex', () => invoke('annex/export', { campaignId, ...fields }));
      downloadPayload(file);
      get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },
});
