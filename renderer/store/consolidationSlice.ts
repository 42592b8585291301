// The secretariat's consolidation (report, policy, decisions, finalise / unlock) and the exchange of
// signed packages and identities. After every write the slice takes the server's fresh report, and the
// ranking, the sheets and the campaign's lock follow.

import type { Campaign } from '../../shared/domain.js';
import type { ConsolidationReport, PackageImportSummary, PendingPackage, Policy } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../api/files.js';
import { errorMessage, type Message } from './uiSlice.js';
import type { SliceCreator } from './types.js';

export type QueueFilter = 'all' | 'members_differ' | 'self_gap' | 'pending_explanation' | 'conflict';

export interface RegisteredIdentity {
  uid: string;
  name: string;
  agency: string;
  fingerprint: string;
}

/** The outcome of the last package import: the summary, or the server's refusal verbatim. */
export type PackageOutcome = { ok: true; fileName: string; summary: PackageImportSummary } | { ok: false; fileName: string; message: Message };

export interface ConsolidationSlice {
  report: ConsolidationReport | null;
  reportLoading: boolean;
  queueFilter: QueueFilter;
  setQueueFilter: (filter: QueueFilter) => void;
  loadReport: () => Promise<void>;
  setPolicy: (policy: Policy, divergenceMilli: number, selfGapMilli: number) => Promise<boolean>;
  decide: (unitCode: string, criterionCode: string, pointsMilli: number | null, notApplicable: boolean, reason: string) => Promise<boolean>;
  finalize: () => Promise<boolean>;
  unlock: (reason: string) => Promise<boolean>;
  packageOutcome: PackageOutcome | null;
  clearPackageOutcome: () => void;
  exportPackage: (forMember?: string) => Promise<void>;
  importPackage: (file: File) => Promise<boolean>;
  /** Packages the OS asked the app to open (double-clicked .parpkg), offered one at a time. */
  pendingPackages: PendingPackage[];
  loadPendingPackages: () => Promise<void>;
  importPendingPackage: (pending: PendingPackage) => Promise<boolean>;
  dismissPendingPackage: (pending: PendingPackage) => Promise<void>;
  registered: RegisteredIdentity | null;
  clearRegistered: () => void;
  registerIdentity: (file: File) => Promise<boolean>;
  ownIdentity: { fileName: string; fingerprint: string } | null;
  exportIdentity: () => Promise<void>;
}

export const createConsolidationSlice: SliceCreator<ConsolidationSlice> = (set, get) => {
  /** Scores changed on the server: cached sheets and the ranking are stale. */
  const scoresChanged = () => {
    set({ sheet: null, memberSheet: null });
    get().rankingChanged();
  };

  /** The campaign's status changed: the list, the detail and every lock follow. */
  const campaignChanged = (campaign: Campaign) => {
    set((s) => ({
      campaigns: s.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...campaign } : c)),
      detail: s.detail && s.detail.campaign.id === campaign.id ? { ...s.detail, campaign } : s.detail,
    }));
    scoresChanged();
    void get().loadWorkspace();
  };

  /** One import flow for a chosen file and for a package the OS handed over: outcome dialog, refreshes. */
  const importWith = async (fileName: string, call: () => Promise<PackageImportSummary>): Promise<boolean> => {
    set({ packageOutcome: null });
    try {
      const summary = await get().withBusy('busy.importingPackage', call);
      set({ packageOutcome: { ok: true, fileName, summary } });
      get().notify('success', { key: 'packages.imported', params: { file: fileName } });
      if (summary.kind === 'campaign') {
        await get().loadCampaigns();
        await get().selectCampaign(summary.campaignId);
      } else if (summary.campaignId === get().campaignId) {
        scoresChanged();
        await Promise.all([get().loadReport(), get().loadMembers()]);
      }
      return true;
    } catch (error) {
      set({ packageOutcome: { ok: false, fileName, message: errorMessage(error) } });
      get().reportError(error);
      return false;
    }
  };

  return {
    report: null,
    reportLoading: false,
    queueFilter: 'all',
    setQueueFilter: (queueFilter) => set({ queueFilter }),

    loadReport: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return;
      set({ reportLoading: true });
      try {
        const report = await invoke('consolidation/report', { campaignId });
        if (get().campaignId === campaignId) set({ report });
      } catch (error) {
        get().reportError(error);
      } finally {
        set({ reportLoading: false });
      }
    },

    setPolicy: async (policy, divergenceMilli, selfGapMilli) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const report = await invoke('consolidation/setPolicy', { campaignId, policy, divergenceMilli, selfGapMilli });
        set({ report });
        scoresChanged();
        get().notify('success', { key: 'consolidate.policySaved' });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    decide: async (unitCode, criterionCode, pointsMilli, notApplicable, reason) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const report = await invoke('consolidation/decide', { campaignId, unitCode, criterionCode, pointsMilli, notApplicable, reason });
        set({ report });
        scoresChanged();
        get().notify('success', { key: 'consolidate.decided', params: { unit: unitCode, code: criterionCode } });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    finalize: async () => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const campaign = await get().withBusy('busy.finalizing', () => invoke('campaign/finalize', { campaignId }));
        campaignChanged(campaign);
        await get().loadReport();
        get().notify('success', { key: 'consolidate.finalized', params: { name: campaign.name } });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    unlock: async (reason) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const campaign = await invoke('campaign/unlock', { campaignId, reason });
        campaignChanged(campaign);
        await get().loadReport();
        get().notify('success', { key: 'consolidate.unlocked', params: { name: campaign.name } });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    packageOutcome: null,
    clearPackageOutcome: () => set({ packageOutcome: null }),

    exportPackage: async (forMember) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return;
      try {
        const file = await get().withBusy('busy.exportingPackage', () => invoke('package/export', { campaignId, ...(forMember ? { forMember } : {}) }));
        downloadPayload(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
        // The first export creates the secretariat's signing identity: the top bar follows.
        if (!get().self) void get().loadSelf();
      } catch (error) {
        get().reportError(error);
      }
    },

    importPackage: async (file) => importWith(file.name, async () => invoke('package/import', await readFileAsBase64(file))),

    pendingPackages: [],
    loadPendingPackages: async () => {
      try {
        set({ pendingPackages: await invoke('package/pending', {}) });
      } catch {
        // Asked again on the next focus; nothing the user has to act on.
      }
    },
    importPendingPackage: async (pending) => {
      set((s) => ({ pendingPackages: s.pendingPackages.filter((p) => p.path !== pending.path) }));
      return importWith(pending.fileName, () => invoke('package/importPending', { path: pending.path }));
    },
    dismissPendingPackage: async (pending) => {
      set((s) => ({ pendingPackages: s.pendingPackages.filter((p) => p.path !== pending.path) }));
      try {
        set({ pendingPackages: await invoke('package/dismissPending', { path: pending.path }) });
      } catch (error) {
        get().reportError(error);
      }
    },

    registered: null,
    clearRegistered: () => set({ registered: null }),

    registerIdentity: async (file) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const payload = await readFileAsBase64(file);
        const registered = await invoke('identity/register', { campaignId, ...payload });
        set({ registered });
        get().notify('success', { key: 'packages.registered', params: { name: registered.name } });
        await Promise.all([get().loadMembers(), get().loadReport()]);
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    ownIdentity: null,
    exportIdentity: async () => {
      try {
        const file = await invoke('identity/export', {});
        downloadPayload(file);
        set({ ownIdentity: { fileName: file.fileName, fingerprint: file.fingerprint } });
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
      } catch (error) {
        get().reportError(error);
      }
    },
  };
};
