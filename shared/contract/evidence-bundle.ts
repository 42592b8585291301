// Evidence bundles (.parevd): evidence files travelling with the campaign.

import { z } from 'zod';
import { method } from './method.js';
import { campaignId, code, fileToken, localPath, uploadId, type UploadStarted } from './common.js';

export interface EvidenceBundlePlan {
  campaignId: number;
  forMember: string | null;
  memberName: string | null;
  /** Links the bundle covers (cells × files). */
  links: number;
  /** Distinct files (one per SHA-256) and their total size. */
  files: number;
  bytes: number;
  /** Links whose file is not in this machine's store (left out). */
  absentLinks: number;
  fileName: string;
}

export interface EvidenceBundleExported extends EvidenceBundlePlan {
  path: string;
  /** The bundle file's size. */
  size: number;
  missing: string[];
  damaged: string[];
}

export interface EvidenceBundleImported {
  campaignId: number;
  campaignName: string;
  files: number;
  newFiles: number;
  alreadyHere: number;
  bytes: number;
  /** Links of the campaign whose file is still not here (another member's bundle, or not sent). */
  stillMissing: number;
}

export interface EvidenceBundleStatus {
  busy: 'export' | 'import' | null;
  progress: { done: number; total: number } | null;
}

export const evidenceBundleMethods = {
  /** What a bundle for one member (or everybody) would hold, counted before export. */
  'evidenceBundle/plan': method<EvidenceBundlePlan>()(z.object({ campaignId, forMember: code.optional() })),
  /** Writes the bundle into <data>/bundles (the renderer then downloads it by name). */
  'evidenceBundle/export': method<EvidenceBundleExported & { downloadName: string }>()(z.object({ campaignId, forMember: code.optional() })),
  /** Starts a chunked upload of a .parevd (chunks go through evidence/uploadChunk; no size limit). */
  'evidenceBundle/uploadBegin': method<UploadStarted>()(z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })),
  /** Imports a bundle: from an upload, the open dialog (Electron) or a file the OS handed over (double click). */
  'evidenceBundle/import': method<EvidenceBundleImported>()(z.object({
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('upload'), uploadId }),
      z.object({ kind: z.literal('file'), fileToken }),
      z.object({ kind: z.literal('pending'), path: localPath }),
    ]),
  })),
  /** The export or import under way, for a progress bar. */
  'evidenceBundle/status': method<EvidenceBundleStatus>()(z.object({})),
} as const;
