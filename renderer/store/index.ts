// The one store, composed from its slices.

import { create } from 'zustand';
import { CellWrites } from './cellWrites.js';
import { createCampaignSlice } from './campaignSlice.js';
import { createConsolidationSlice } from './consolidationSlice.js';
import { createEvidenceSlice } from './evidenceSlice.js';
import { createMemberSlice } from './memberSlice.js';
import { createPreviousSlice } from './previousSlice.js';
import { createProposalSlice } from './proposalSlice.js';
import { createRankingSlice } from './rankingSlice.js';
import { createRoundSlice } from './roundSlice.js';
import { createSheetSlice } from './sheetSlice.js';
import { createSignatureSlice } from './signatureSlice.js';
import type { AppState } from './types.js';
import { createUiSlice } from './uiSlice.js';
import { createBackupSlice } from './backupSlice.js';
import { createJobSlice } from './jobSlice.js';
import { createUnitSlice } from './unitSlice.js';

export const useStore = create<AppState>()((...args) => {
  // One queue for the cell writes of the three grids (secretariat, member, unit), owned by this store (not by a module).
  const writes = new CellWrites();
  return {
  ...createUiSlice(...args),
  ...createCampaignSlice(...args),
  ...createSheetSlice(writes)(...args),
  ...createRankingSlice(...args),
  ...createPreviousSlice(...args),
  ...createMemberSlice(...args),
  ...createProposalSlice(writes)(...args),
  ...createEvidenceSlice(...args),
  ...createConsolidationSlice(...args),
  ...createSignatureSlice(...args),
  ...createBackupSlice(...args),
  ...createRoundSlice(...args),
  ...createJobSlice(...args),
  ...createUnitSlice(writes)(...args),
  };
});

export type { AppState } from './types.js';
