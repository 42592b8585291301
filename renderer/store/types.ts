// The app store is composed of slices (zustand's slices pattern); each slice sees the whole state.

import type { StateCreator } from 'zustand';
import type { CampaignSlice } from './campaignSlice.js';
import type { ConsolidationSlice } from './consolidationSlice.js';
import type { EvidenceSlice } from './evidenceSlice.js';
import type { MemberSlice } from './memberSlice.js';
import type { PreviousSlice } from './previousSlice.js';
import type { ProposalSlice } from './proposalSlice.js';
import type { SheetSlice } from './sheetSlice.js';
import type { SignatureSlice } from './signatureSlice.js';
import type { RankingSlice } from './rankingSlice.js';
import type { UiSlice } from './uiSlice.js';
import type { BackupSlice } from './backupSlice.js';
import type { RoundSlice } from './roundSlice.js';
import type { JobSlice } from './jobSlice.js';
import type { UnitSlice } from './unitSlice.js';

export type AppState = CampaignSlice &
  SheetSlice &
  RankingSlice &
  PreviousSlice &
  UiSlice &
  MemberSlice &
  ProposalSlice &
  EvidenceSlice &
  ConsolidationSlice &
  SignatureSlice &
  BackupSlice &
  RoundSlice &
  JobSlice &
  UnitSlice;

export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
