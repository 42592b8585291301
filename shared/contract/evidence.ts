// Evidence files (tài liệu kiểm chứng): attach, chunked upload, bundles, preview, integrity.

import { z } from 'zod';
import { method } from './method.js';
import { MAX_CHUNK_BASE64, campaignId, code, evidenceId, fileToken, uploadId, type UploadProgress, type UploadStarted } from './common.js';

export interface EvidenceItem {
  id: number;
  criterionCode: string;
  /** The original file name (NFC). */
  fileName: string;
  size: number;
  mediaType: string;
  /** PDF and raster images are previewed in the app; anything else opens outside after a confirmation. */
  previewable: boolean;
  sha256: string;
  addedBy: string;
  addedAt: string;
  /** Evidence bundle: false while the link came with the campaign package but its file has not (import the .parevd). */
  available: boolean;
}

export interface EvidenceGroup {
  criterionCode: string;
  items: EvidenceItem[];
}

/** A unit's evidence, per sub-criterion in tree order (only those with files). */
export interface EvidenceUnitList {
  campaignId: number;
  unitCode: string;
  criteria: EvidenceGroup[];
  fileCount: number;
  totalBytes: number;
}

export interface BundleImportResult {
  campaignId: number;
  unitCode: string;
  /** Files in the bundle. */
  files: number;
  /** New links written. */
  attached: number;
  /** "<criterion>/<file>" already attached to that cell with the same content: left as they were. */
  alreadyAttached: string[];
  /** Blobs the store did not have before. */
  newBlobs: number;
  bytes: number;
  /** System clutter left out (.DS_Store, __MACOSX/, Thumbs.db…). */
  skipped: string[];
  criteria: EvidenceGroup[];
}

export interface EvidenceMeta {
  id: number;
  campaignId: number;
  unitCode: string;
  criterionCode: string;
  fileName: string;
  mediaType: string;
  previewable: boolean;
  size: number;
  sha256: string;
  /** Evidence bundle: false while the file has not arrived. */
  available: boolean;
}

export interface IntegrityProblem {
  evidenceId: number;
  unitCode: string;
  unitName: string;
  criterionCode: string;
  fileName: string;
  sha256: string;
}

export interface IntegrityReport {
  campaignId: number;
  /** Distinct stored files checked, and the links to them. */
  checkedFiles: number;
  checkedLinks: number;
  checkedBytes: number;
  missing: IntegrityProblem[];
  altered: IntegrityProblem[];
  ms: number;
}

export const evidenceMethods = {
  'evidence/list': method<EvidenceUnitList>()(z.object({ campaignId, unitCode: code })),
  /** Attaches a file chosen in the shell's open dialog (Electron); a browser uploads in chunks instead. */
  'evidence/attachFile': method<EvidenceItem[]>()(z.object({ campaignId, unitCode: code, criterionCode: code, fileToken })),
  'evidence/uploadBegin': method<UploadStarted>()(z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })),
  'evidence/uploadChunk': method<UploadProgress>()(z.object({ uploadId, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), chunkBase64: z.string().min(1).max(MAX_CHUNK_BASE64) })),
  'evidence/uploadFinish': method<EvidenceItem[]>()(z.object({ uploadId, campaignId, unitCode: code, criterionCode: code })),
  'evidence/uploadCancel': method<{ cancelled: true }>()(z.object({ uploadId })),
  'evidence/remove': method<EvidenceItem[]>()(z.object({ evidenceId })),
  /** A unit's folder or .zip chosen in the shell's open dialog. */
  'evidence/importBundle': method<BundleImportResult>()(z.object({ campaignId, unitCode: code, fileToken })),
  'evidence/importBundleUpload': method<BundleImportResult>()(z.object({ campaignId, unitCode: code, uploadId })),
  'evidence/meta': method<EvidenceMeta>()(z.object({ evidenceId })),
  'evidence/verify': method<IntegrityReport>()(z.object({ campaignId })),
} as const;
