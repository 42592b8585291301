// Packages between the secretariat and members (.parpkg), identities, packages the OS asked the app to open.

import { z } from 'zod';
import { method } from './method.js';
import { campaignId, code, secret, text, type FilePayload } from './common.js';

export interface PackageImportSummary {
  kind: 'campaign' | 'member' | 'unit-campaign' | 'unit';
  campaignId: number;
  campaignName: string;
  author: string;
  authorFingerprint: string;
  alreadyImported: boolean;
  stale: boolean;
  applied: number;
  skipped: number;
  conflicts: number;
  finalsChanged: number;
  notes: string[];
}

/**
 * The first campaign package from a secretariat this machine does not know: nothing is imported until
 * the member has read the fingerprint with the secretariat by phone and sends the package again with it.
 */
export interface PackageConfirmation {
  kind: 'confirm';
  campaignName: string;
  /** The name the package's signer gives itself (its key verified the package; the person is what the call checks). */
  issuerName: string;
  fingerprint: string;
}

export type PackageImportAnswer = PackageImportSummary | PackageConfirmation;

/** A package file the operating system handed to the app (double-click, "Open with"). */
export interface PendingPackage {
  path: string;
  fileName: string;
}

/** A machine's public identity, as written to its .pub file. */
export interface IdentityCard {
  format: string;
  uid: string;
  name: string;
  agency: string;
  role: string;
  kind: 'member' | 'secretariat';
  publicKey: string;
  fingerprint: string;
  certificate?: string | undefined;
}

export const exchangeMethods = {
  'package/export': method<FilePayload>()(z.object({ campaignId, forMember: code.optional(), /** the secretariat's unit package for one registered unit (by unit code) */ forUnit: code.optional(), /** digital signatures: the password or PIN when member packages are signed with a certificate */ secret: secret.optional() })),
  // A real .parpkg is at most 64 MB (electron/exchange/container.ts PACKAGE_LIMITS), 86 MB as base64.
  // confirmFingerprint: the issuer fingerprint the member checked by phone (answer to a 'confirm' reply).
  'package/import': method<PackageImportAnswer>()(z.object({ fileName: text(500), contentBase64: z.string().max(90_000_000), confirmFingerprint: z.string().max(100).optional() })),
  /**
   * The command line's import: a first campaign package pins its signer's key (the fingerprint is printed
   * to check by phone), or is checked against the fingerprint given beforehand.
   */
  'package/importPinning': method<PackageImportSummary>()(z.object({ fileName: text(500), contentBase64: z.string().max(90_000_000), expectFingerprint: z.string().max(100).optional() })),
  'package/pending': method<PendingPackage[]>()(z.object({})),
  'package/importPending': method<PackageImportAnswer>()(z.object({ path: z.string().min(1).max(4096), confirmFingerprint: z.string().max(100).optional() })),
  'package/dismissPending': method<PendingPackage[]>()(z.object({ path: z.string().min(1).max(4096) })),
  /** This machine's public identity (.pub), creating the signing key on first use. */
  'identity/export': method<FilePayload & { fingerprint: string }>()(z.object({})),
  /** This machine's profile with a fresh signing key (`par member init`); refused when it already has a key. */
  'identity/create': method<IdentityCard>()(z.object({ name: text(200).min(1), agency: text(300), role: text(200), kind: z.enum(['member', 'secretariat']) })),
  /** The secretariat registers a member from their .pub file (the fingerprint is returned to check by phone). */
  /** replaceKeyFingerprint: re-registration with a new key, naming the new fingerprint checked by phone. */
  'identity/register': method<{ uid: string; name: string; agency: string; fingerprint: string }>()(z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(100_000), replaceKeyFingerprint: z.string().max(100).optional() })),
  /** The registration dialog's "Không khớp — hủy đăng ký": the fingerprint read by phone did not match. */
  'identity/unregister': method<{ uid: string; name: string }>()(z.object({ campaignId, uid: z.string().min(1).max(100) })),
} as const;
