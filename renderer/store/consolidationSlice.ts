// The secretariat's consolidation (report, policy, decisions, finalise / unlock) and the exchange of
// signed packages and identities. After every write the slice takes the server's fresh report, and the
// ranking, the sheets and the campaign's lock follow.

import type { Campaign } from '../../shared/domain.js';
import type { ConsolidationReport, PackageConfirmation, PackageImportAnswer, PendingPackage, Policy } from '../../shared/contract.js';
import { invoke, type JobOptions } from '../api/client.js';
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
export type PackageOutcome = { ok: true; fileName: string; summary: Exclude<PackageImportAnswer, PackageConfirmation> } | { ok: false; fileName: string; message: Message };

/** A first campaign package waiting for the member to confirm the secretariat's fingerprint. */
export interface PackageConfirmRequest {
  fileName: string;
  confirmation: PackageConfirmation;
}

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
  /** The fingerprint question of a first campaign package; answered with confirmPackage. */
  packageConfirm: PackageConfirmRequest | null;
  /** Yes: the package is sent again with the fingerprint read out; no: nothing is imported. */
  confirmPackage: (matches: boolean) => Promise<void>;
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
  /** The fingerprint read by phone did not match: the registration is undone. */
  unregisterIdentity: (identity: RegisteredIdentity) => Promise<boolean>;
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

  /** How to send the package waiting for confirmation again, with the fingerprint the member confirmed. */
  let resend: ((fingerprint: string) => Promise<PackageImportAnswer>) | null = null;
  let cancelPending: (() => Promise<void>) | null = null;

  /** One import flow for a chosen file and for a package the OS handed over: outcome dialog, refreshes. */
  const importWith = async (fileName: string, call: (confirmFingerprint?: string, job?: JobOptions) => Promise<PackageImportAnswer>, onCancel: (() => Promise<void>) | null = null): Promise<boolean> => {
    set({ packageOutcome: null, packageConfirm: null });
    try {
      const answer = await get().runJob('busy.importingPackage', (job) => call(undefined, job));
      if (answer.kind === 'confirm') {
        // Nothing imported yet: the member reads the fingerprint with the secretariat first.
        resend = call;
        cancelPending = onCancel;
        set({ packageConfirm: { fileName, confirmation: answer } });
        return false;
      }
      return await imported(fileName, answer);
    } catch (error) {
      set({ packageOutcome: { ok: false, fileName, message: errorMessage(error) } });
      get().reportError(error);
      return false;
    }
  };

  const imported = async (fileName: string, summary: Exclude<PackageImportAnswer, PackageConfirmation>): Promise<boolean> => {
    set({ packageOutcome: { ok: true, fileName, summary } });
    get().notify('success', { key: 'packages.imported', params: { file: fileName } });
    // A campaign package (a member's machine) or a unit package (a unit's) may bring a new campaign.
    if (summary.kind === 'campaign' || summary.kind === 'unit-campaign') {
      await get().loadCampaigns();
      await get().selectCampaign(summary.campaignId);
      if (summary.kind === 'unit-campaign') await get().loadSelfSheet();
    } else if (summary.campaignId === get().campaignId) {
      scoresChanged();
      await Promise.all([get().loadReport(), get().loadMembers()]);
    }
    return true;
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

    packageConfirm: null,
    confirmPackage: async (matches) => {
      const waiting = get().packageConfirm;
      const send = resend;
      const cancel = cancelPending;
      resend = null;
      cancelPending = null;
      set({ packageConfirm: null });
      if (!waiting || !send) return;
      if (!matches) {
        if (cancel) await cancel();
        get().notify('info', { key: 'packages.confirmCancelled', params: { file: waiting.fileName } });
        return;
      }
      await importWith(waiting.fileName, () => send(waiting.confirmation.fingerprint));
    },

    exportPackage: async (forMember) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return;
      try {
        const file = await get().runJob('busy.exportingPackage', (job) => invoke('package/export', { campaignId, ...(forMember ? { forMember } : {}) }, job));
        downloadPayload(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
        // The first export creates the secretariat's signing identity: the top bar follows.
        if (!get().self) void get().loadSelf();
      } catch (error) {
        get().reportError(error);
      }
    },

    importPackage: async (file) => {
      const payload = await readFileAsBase64(file);
      return importWith(file.name, (confirmFingerprint, job) => invoke('package/import', { ...payload, ...(confirmFingerprint ? { confirmFingerprint } : {}) }, job));
    },

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
      return importWith(
        pending.fileName,
        (confirmFingerprint) => invoke('package/importPending', { path: pending.path, ...(confirmFingerprint ? { confirmFingerprint } : {}) }),
        // The server keeps offering a file awaiting confirmation; "no" lets it go.
        () => get().dismissPendingPackage(pending),
      );
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

    unregisterIdentity: async (identity) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return false;
      try {
        const removed = await invoke('identity/unregister', { campaignId, uid: identity.uid });
        set({ registered: null });
        get().notify('success', { key: 'packages.unregistered', params: { name: removed.name } });
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
