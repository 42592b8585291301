// The one store, composed from its slices.

import { create } from 'zustand';
import { createCampaignSlice } from './campaignSlice.js';
import { createRankingSlice } from './rankingSlice.js';
import { createSheetSlice } from './sheetSlice.js';
import type { AppState } from './types.js';
import { createUiSlice } from './uiSlice.js';

export const useStore = create<AppState>()((...args) => ({
  ...createUiSlice(...args),
  ...createCampaignSlice(...args),
  ...createSheetSlice(...args),
  ...createRankingSlice(...args),
}));

export type { AppState } from './types.js';
