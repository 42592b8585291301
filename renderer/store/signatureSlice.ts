// Digital signatures (Chữ ký số): the signing identities and trusted roots this machine knows, the last
// verification, and signing an annex as it is exported. Passwords and PINs never enter the store: they
// go from the component's field straight into one call.

import type { CertificateView, DriverRef, Input, SigningIdentity, VerifyReport } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../api/files.js';
import type { SliceCreator } from './types.js';
import { errorMessage, type Message } from './uiSlice.js';

export type SignaturesTab = 'identities' | 'roots' | 'verify';
export const SIGNATURES_TABS: readonly SignaturesTab[] = ['identities', 'roots', 'verify'];

/** What a form shows beside itself after a call: nothing, or the server's Vietnamese message. */
export type Outcome = { ok: true } | { ok: false; message: Message };

export interface SignatureSlice {
  signaturesTab: SignaturesTab;
  setSignaturesTab: (tab: SignaturesTab) => void;
  identities: SigningIdentity[] | null;
  trustedRoots: CertificateView[] | null;
  verifyReport: VerifyReport | null;
  loadIdentities: () => Promise<void>;
  loadTrustedRoots: () => Promise<void>;
  addPkcs12: (file: File, password: string) => Promise<Outcome>;
  addPkcs11: (module: DriverRef, slot: number, keyId: string) => Promise<Outcome>;
  removeIdentity: (identityId: string) => Promise<void>;
  importTrustedRoots: (file: File) => Promise<Outcome>;
  removeTrustedRoot: (sha256: string) => Promise<void>;
  verifySigned: (file: File, sig: File | null) => Promise<Outcome>;
  clearVerifyReport: () => void;
  /** Exports the annex signed; downloads it (and its .p7s). Never retried: a wrong PIN counts on the token. */
  signAnnex: (fields: Omit<Input<'signature/signAnnex'>, 'campaignId'>) => Promise<Outcome>;
  /** The identity member packages are also signed with (null: Ed25519 only; undefined: not loaded). */
  packageIdentityId: string | null | undefined;
  loadPackageIdentity: () => Promise<void>;
  setPackageIdentity: (identityId: string | null) => Promise<void>;
  /** The member's package, signed with the chosen certificate too (the password or PIN for this one export). */
  exportSignedPackage: (secret: string) => Promise<Outcome>;
}

export const createSignatureSlice: SliceCreator<SignatureSlice> = (set, get) => {
  const failed = (error: unknown): Outcome => {
    get().reportError(error);
    return { ok: false, message: errorMessage(error) };
  };

  return {
    signaturesTab: 'identities',
    setSignaturesTab: (signaturesTab) => set({ signaturesTab }),
    identities: null,
    trustedRoots: null,
    verifyReport: null,

    loadIdentities: async () => {
      try {
        set({ identities: await invoke('signature/identities', {}) });
      } catch (error) {
        get().reportError(error);
      }
    },

    loadTrustedRoots: async () => {
      try {
        set({ trustedRoots: await invoke('signature/roots', {}) });
      } catch (error) {
        get().reportError(error);
      }
    },

    addPkcs12: async (file, password) => {
      try {
        const payload = await readFileAsBase64(file);
        const identities = await get().withBusy('signatures.busy.adding', () => invoke('signature/addPkcs12', { ...payload, password }));
        set({ identities });
        get().notify('success', { key: 'signatures.identityAdded', params: { name: identities[identities.length - 1]?.certificate.commonName ?? '' } });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },

    addPkcs11: async (module, slot, keyId) => {
      try {
        const identities = await get().withBusy('signatures.busy.adding', () => invoke('signature/addPkcs11', { module, slot, keyId }));
        set({ identities });
        get().notify('success', { key: 'signatures.identityAdded', params: { name: identities[identities.length - 1]?.certificate.commonName ?? '' } });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },

    removeIdentity: async (identityId) => {
      try {
        set({ identities: await invoke('signature/removeIdentity', { identityId }) });
      } catch (error) {
        get().reportError(error);
      }
    },

    importTrustedRoots: async (file) => {
      try {
        const payload = await readFileAsBase64(file);
        const result = await invoke('signature/importRoots', payload);
        set({ trustedRoots: result.roots });
        get().notify(result.added > 0 ? 'success' : 'info', result.added > 0 ? { key: 'signatures.rootsAdded', params: { count: result.added } } : { key: 'signatures.rootsKnown' });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },

    removeTrustedRoot: async (sha256) => {
      try {
        set({ trustedRoots: await invoke('signature/removeRoot', { sha256 }) });
      } catch (error) {
        get().reportError(error);
      }
    },

    verifySigned: async (file, sig) => {
      set({ verifyReport: null });
      try {
        const content = await readFileAsBase64(file);
        const signature = sig ? await readFileAsBase64(sig) : null;
        const report = await get().withBusy('signatures.busy.verifying', () =>
          invoke('signature/verify', { ...content, ...(signature ? { sigFileName: signature.fileName, sigBase64: signature.contentBase64 } : {}) }),
        );
        set({ verifyReport: report });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },

    clearVerifyReport: () => set({ verifyReport: null }),

    packageIdentityId: undefined,
    loadPackageIdentity: async () => {
      try {
        set({ packageIdentityId: (await invoke('signature/packageIdentity', {})).identityId });
      } catch (error) {
        get().reportError(error);
      }
    },
    setPackageIdentity: async (identityId) => {
      try {
        set({ packageIdentityId: (await invoke('signature/setPackageIdentity', { identityId })).identityId });
        get().notify('info', { key: identityId ? 'signatures.package.chosen' : 'signatures.package.cleared' });
      } catch (error) {
        get().reportError(error);
      }
    },
    exportSignedPackage: async (secret) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return { ok: false, message: { key: 'common.noCampaign' } };
      try {
        const file = await get().runJob('busy.exportingPackage', (job) => invoke('package/export', { campaignId, secret }, job));
        downloadPayload(file);
        get().notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },

    signAnnex: async (fields) => {
      const campaignId = get().campaignId;
      if (campaignId === null) return { ok: false, message: { key: 'common.noCampaign' } };
      try {
        const signed = await get().runJob('signatures.busy.signing', (job) => invoke('signature/signAnnex', { campaignId, ...fields }, job));
        downloadPayload(signed.file);
        if (signed.p7s) downloadPayload(signed.p7s);
        get().notify('success', { key: 'signatures.signedAnnex', params: { file: signed.file.fileName, name: signed.signer.commonName } });
        return { ok: true };
      } catch (error) {
        return failed(error);
      }
    },
  };
};
