// Campaigns, the selected campaign's detail (groups, bands, areas) and its units.

import type { CampaignDetail, CampaignSummary, CriteriaSetItem, Input, UnitListItem } from '../../shared/contract.js';
import type { ImportIssue } from '../../shared/errors.js';
import { invoke, isApiError } from '../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../api/files.js';
import { errorIssues } from './uiSlice.js';
import type { SliceCreator } from './types.js';

const CAMPAIGN_KEY = 'par.campaignId';

export interface ImportFailure {
  fileName: string;
  message: string;
  issues: ImportIssue[];
}

export interface CampaignSlice {
  campaigns: CampaignSummary[];
  campaignsLoaded: boolean;
  campaignId: number | null;
  detail: CampaignDetail | null;
  units: UnitListItem[];
  importFailure: ImportFailure | null;
  loadCampaigns: () => Promise<void>;
  selectCampaign: (campaignId: number | null) => Promise<void>;
  refreshCampaign: () => Promise<void>;
  createCampaign: (input: Input<'campaign/create'>) => Promise<boolean>;
  updateCampaign: (input: Input<'campaign/update'>) => Promise<boolean>;
  /** The selected campaign's index rules; the cached ranking and sheet are dropped, as they follow the rules. */
  setIndexRules: (indexRules: NonNullable<Input<'campaign/update'>['indexRules']>) => Promise<boolean>;
  deleteCampaign: (campaignId: number) => Promise<boolean>;
  setGroups: (groups: Input<'campaign/setGroups'>['groups']) => Promise<boolean>;
  saveUnit: (input: Omit<Input<'unit/save'>, 'campaignId'>) => Promise<boolean>;
  deleteUnit: (code: string) => Promise<boolean>;
  importWorkbook: (file: File) => Promise<boolean>;
  exportWorkbook: (campaignId: number) => Promise<void>;
  clearImportFailure: () => void;
  /** The workbook just imported names a campaign that exists: the import waits for the user's answer. */
  duplicateImport: { file: File; message: string } | null;
  resolveDuplicateImport: (asCopy: boolean) => Promise<boolean>;
  /** Reads the unit list (with its progress) again, e.g. on returning to the scoring screen. */
  reloadUnits: () => Promise<void>;
  /** Updates one unit's progress from a freshly returned sheet, without a refetch. */
  patchUnitProgress: (unitCode: string, scoredLeaves: number, totalLeaves: number) => void;
  /** The selected campaign's criteria sets with their top-level parts and groups; null until read. */
  criteriaSets: CriteriaSetItem[] | null;
  loadCriteriaSets: () => Promise<void>;
  copySet: (from: string, code: string, name: string) => Promise<boolean>;
  renameSet: (code: string, name: string) => Promise<boolean>;
  deleteSet: (code: string) => Promise<boolean>;
}

function rememberCampaign(campaignId: number | null): void {
  try {
    if (campaignId === null) localStorage.removeItem(CAMPAIGN_KEY);
    else localStorage.setItem(CAMPAIGN_KEY, String(campaignId));
  } catch {
    // Storage unavailable: the selection is not remembered across restarts.
  }
}

function rememberedCampaign(): number | null {
  try {
    const value = Number(localStorage.getItem(CAMPAIGN_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export const createCampaignSlice: SliceCreator<CampaignSlice> = (set, get) => {
  /** Imports a workbook; a campaign of the same name and year is asked about first (conflict), not duplicated. */
  const importWorkbookAs = async (file: File, asCopy: boolean): Promise<boolean> => {
    set({ importFailure: null });
    try {
      const summary = await get().runJob('busy.importing', async (job) => invoke('workbook/import', { ...(await readFileAsBase64(file)), ...(asCopy ? { asCopy } : {}) }, job));
      get().notify('success', {
        key: 'campaigns.imported',
        params: { file: file.name, units: summary.units, criteria: summary.criteria, scores: summary.scores },
      });
      await get().loadCampaigns();
      await get().selectCampaign(summary.campaignId);
      return true;
    } catch (error) {
      if (!asCopy && isApiError(error) && error.code === 'conflict') {
        set({ duplicateImport: { file, message: error.message } });
        return false;
      }
      const issues = errorIssues(error);
      if (issues.length > 0) {
        set({ importFailure: { fileName: file.name, message: error instanceof Error ? error.message : String(error), issues } });
      }
      get().reportError(error);
      return false;
    }
  };

  /** A set change: the list it returns, the detail (groups' select, set count) read again, the open sheets' set name kept true. */
  const changeSets = async (call: (campaignId: number) => Promise<CriteriaSetItem[]>, done: (sets: CriteriaSetItem[]) => void): Promise<boolean> => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const sets = await call(campaignId);
      const detail = await invoke('campaign/get', { campaignId });
      if (get().campaignId !== campaignId) return true;
      const named = new Map(sets.map((x) => [x.code, x.name]));
      set((st) => ({
        criteriaSets: sets,
        detail,
        sheet: st.sheet ? { ...st.sheet, set: { ...st.sheet.set, name: named.get(st.sheet.set.code) ?? st.sheet.set.name } } : null,
        memberSheet: st.memberSheet ? { ...st.memberSheet, set: { ...st.memberSheet.set, name: named.get(st.memberSheet.set.code) ?? st.memberSheet.set.name } } : null,
      }));
      done(sets);
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  };

  return {
  campaigns: [],
  campaignsLoaded: false,
  campaignId: null,
  detail: null,
  units: [],
  importFailure: null,

  loadCampaigns: async () => {
    try {
      const campaigns = await invoke('campaign/list', {});
      set({ campaigns, campaignsLoaded: true });
      const current = get().campaignId ?? rememberedCampaign();
      const keep = campaigns.find((c) => c.id === current) ?? campaigns[0] ?? null;
      if ((keep?.id ?? null) !== get().campaignId) await get().selectCampaign(keep?.id ?? null);
    } catch (error) {
      set({ campaignsLoaded: true });
      get().reportError(error);
    }
  },

  selectCampaign: async (campaignId) => {
    rememberCampaign(campaignId);
    set({
      campaignId, detail: null, units: [], sheet: null, unitCode: null, ranking: null, undoStack: [], previous: null, previousFailure: null,
      workspace: null, members: null, memberSheet: null, memberUnitCode: null, proposalUndo: [], evidence: null,
      bundleResult: null, bundleFailure: null, integrity: null, report: null, registered: null, ownIdentity: null, roundSummary: null, answersResult: null, answersFailure: null,
      criteriaSets: null,
    });
    if (campaignId !== null) await Promise.all([get().refreshCampaign(), get().loadWorkspace()]);
  },

  refreshCampaign: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const [detail, units] = await Promise.all([invoke('campaign/get', { campaignId }), invoke('unit/list', { campaignId })]);
      if (get().campaignId !== campaignId) return;
      set({ detail, units });
    } catch (error) {
      get().reportError(error);
    }
  },

  createCampaign: async (input) => {
    try {
      const campaign = await get().withBusy('busy.creating', () => invoke('campaign/create', input));
      get().notify('success', { key: 'campaigns.created', params: { name: campaign.name } });
      await get().loadCampaigns();
      await get().selectCampaign(campaign.id);
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  updateCampaign: async (input) => {
    try {
      const campaign = await invoke('campaign/update', input);
      set((s) => ({
        campaigns: s.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...campaign } : c)),
        detail: s.detail && s.detail.campaign.id === campaign.id ? { ...s.detail, campaign } : s.detail,
      }));
      get().notify('success', { key: 'campaigns.saved' });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  setIndexRules: async (indexRules) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const campaign = await invoke('campaign/update', { campaignId, indexRules });
      set((s) => ({
        campaigns: s.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...campaign } : c)),
        detail: s.detail && s.detail.campaign.id === campaign.id ? { ...s.detail, campaign } : s.detail,
        ranking: null,
        sheet: null,
      }));
      get().notify('success', { key: 'indexRules.saved' });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  deleteCampaign: async (campaignId) => {
    const name = get().campaigns.find((c) => c.id === campaignId)?.name ?? '';
    try {
      await get().withBusy('busy.deleting', () => invoke('campaign/delete', { campaignId }));
      if (get().campaignId === campaignId) await get().selectCampaign(null);
      get().notify('success', { key: 'campaigns.deleted', params: { name } });
      await get().loadCampaigns();
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  setGroups: async (groups) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const detail = await invoke('campaign/setGroups', { campaignId, groups });
      set({ detail, ranking: null });
      // The sets list names the groups scored under each set.
      if (get().criteriaSets !== null) void get().loadCriteriaSets();
      const units = await invoke('unit/list', { campaignId });
      set({ units });
      get().notify('success', { key: 'settings.groupsSaved' });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  saveUnit: async (input) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const units = await invoke('unit/save', { campaignId, ...input });
      set({ units, ranking: null });
      if (input.originalCode !== null && input.originalCode === get().unitCode) set({ unitCode: input.code, sheet: null });
      get().notify('success', { key: 'settings.unitSaved', params: { name: input.name } });
      void get().refreshCampaign();
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  deleteUnit: async (code) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    const name = get().units.find((u) => u.code === code)?.name ?? code;
    try {
      const units = await invoke('unit/delete', { campaignId, code });
      set({ units, ranking: null });
      if (get().unitCode === code) set({ unitCode: null, sheet: null });
      get().notify('success', { key: 'settings.unitDeleted', params: { name } });
      void get().refreshCampaign();
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  duplicateImport: null,

  resolveDuplicateImport: async (asCopy) => {
    const pending = get().duplicateImport;
    set({ duplicateImport: null });
    return pending && asCopy ? importWorkbookAs(pending.file, true) : false;
  },

  reloadUnits: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const units = await invoke('unit/list', { campaignId });
      if (get().campaignId === campaignId) set({ units });
    } catch (error) {
      get().reportError(error);
    }
  },

  importWorkbook: (file) => importWorkbookAs(file, false),

  exportWorkbook: async (campaignId) => {
    try {
      const file = await get().runJob('busy.exporting', (job) => invoke('workbook/export', { campaignId }, job));
      downloadPayload(file);
      get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
    } catch (error) {
      get().reportError(error);
    }
  },

  clearImportFailure: () => set({ importFailure: null }),

  criteriaSets: null,

  loadCriteriaSets: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const criteriaSets = await invoke('criteriaSet/list', { campaignId });
      if (get().campaignId === campaignId) set({ criteriaSets });
    } catch (error) {
      get().reportError(error);
    }
  },

  copySet: (from, code, name) =>
    changeSets(
      (campaignId) => invoke('criteriaSet/copy', { campaignId, from, code, name }),
      () => get().notify('success', { key: 'sets.copied', params: { name } }),
    ),

  renameSet: (code, name) =>
    changeSets(
      (campaignId) => invoke('criteriaSet/rename', { campaignId, code, name }),
      () => get().notify('success', { key: 'sets.renamed', params: { name } }),
    ),

  deleteSet: (code) => {
    const name = get().criteriaSets?.find((x) => x.code === code)?.name ?? code;
    return changeSets(
      (campaignId) => invoke('criteriaSet/delete', { campaignId, code }),
      () => get().notify('success', { key: 'sets.deleted', params: { name } }),
    );
  },

  patchUnitProgress: (unitCode, scoredLeaves, totalLeaves) =>
    set((s) => ({
      units: s.units.map((u) =>
        u.code === unitCode && (u.scoredLeaves !== scoredLeaves || u.totalLeaves !== totalLeaves) ? { ...u, scoredLeaves, totalLeaves } : u,
      ),
    })),
};
};
