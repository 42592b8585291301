// The previous year's results of the selected campaign and how its units are matched to them.
// Every change returns the new summary; the ranking is refetched so its change columns follow.

import type { Input, PreviousSummary } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { readFileAsBase64 } from '../api/files.js';
import type { ImportFailure } from './campaignSlice.js';
import type { SliceCreator } from './types.js';
import { errorIssues } from './uiSlice.js';

export type PreviousChoice = Input<'previous/map'>['choice'];

export interface PreviousSlice {
  previous: PreviousSummary | null;
  previousFailure: ImportFailure | null;
  loadPrevious: () => Promise<void>;
  /** `year` null: the file's own year, else the campaign's year − 1 (the server decides). */
  importPrevious: (file: File, year: number | null) => Promise<boolean>;
  mapPrevious: (unitCode: string, choice: PreviousChoice) => Promise<boolean>;
  clearPrevious: () => Promise<boolean>;
  clearPreviousFailure: () => void;
}

let previousSeq = 0;

export function matchedCount(summary: PreviousSummary): number {
  return summary.units.filter((u) => u.prevCode !== null).length;
}

export const createPreviousSlice: SliceCreator<PreviousSlice> = (set, get) => {
  /** Installs a summary the server returned for `campaignId` and refreshes the ranking beside it. */
  const install = (campaignId: number, summary: PreviousSummary): void => {
    previousSeq++;
    if (get().campaignId !== campaignId) return;
    set({ previous: summary });
    void get().loadRanking();
  };

  return {
    previous: null,
    previousFailure: null,

    loadPrevious: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return;
      const seq = ++previousSeq;
      try {
        const previous = await invoke('previous/get', { campaignId });
        if (seq === previousSeq && get().campaignId === campaignId) set({ previous });
      } catch (error) {
        get().reportError(error);
      }
    },

    importPrevious: async (file, year) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      set({ previousFailure: null });
      try {
        const summary = await get().runJob('busy.importingPrevious', async (job) =>
          invoke('previous/import', { campaignId, ...(await readFileAsBase64(file)), ...(year === null ? {} : { year }) }, job),
        );
        install(campaignId, summary);
        get().notify('success', {
          key: 'previous.imported',
          params: { file: file.name, year: summary.year ?? '', matched: matchedCount(summary), total: summary.units.length },
        });
        return true;
      } catch (error) {
        const issues = errorIssues(error);
        if (issues.length > 0) {
          set({ previousFailure: { fileName: file.name, message: error instanceof Error ? error.message : String(error), issues } });
        }
        get().reportError(error);
        return false;
      }
    },

    mapPrevious: async (unitCode, choice) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const summary = await invoke('previous/map', { campaignId, unitCode, choice });
        install(campaignId, summary);
        const unit = summary.units.find((u) => u.unitCode === unitCode);
        const name = unit?.unitName ?? unitCode;
        if (choice.kind === 'unit') {
          const prev = summary.previous.find((p) => p.code === choice.prevCode);
          get().notify('success', { key: 'previous.mapped', params: { name, prev: prev?.name ?? choice.prevCode } });
        } else {
          get().notify('success', { key: choice.kind === 'none' ? 'previous.unmapped' : 'previous.autoMapped', params: { name } });
        }
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    clearPrevious: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const summary = await invoke('previous/clear', { campaignId });
        install(campaignId, summary);
        set({ previousFailure: null });
        get().notify('success', { key: 'previous.cleared' });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    clearPreviousFailure: () => set({ previousFailure: null }),
  };
};
