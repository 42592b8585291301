// Limits on what the evidence store accepts. Every one is configurable (tests shrink them); the
// defaults suit a council's real bundles: scanned PDFs, photos, office files.

export interface EvidenceLimits {
  /** Largest single evidence file (default 200 MB). */
  maxFileBytes: number;
  /** Most entries (files and folders) in one bundle. */
  maxBundleEntries: number;
  /** Largest total of the files in one bundle, counted uncompressed. */
  maxBundleBytes: number;
  /** Largest uncompressed ÷ compressed ratio of a zip entry bigger than `ratioFloorBytes`. */
  maxCompressionRatio: number;
  /** Entries smaller than this may compress as well as they like (a page of text, a blank form). */
  ratioFloorBytes: number;
  /** Largest `.zip` accepted through the chunked upload. */
  maxUploadZipBytes: number;
  /** Uploads left without a chunk for this long are abandoned and their temp file removed. */
  uploadIdleMs: number;
  /** Uploads in progress at once. */
  maxOpenUploads: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_LIMITS: EvidenceLimits = {
  maxFileBytes: 200 * MB,
  maxBundleEntries: 5_000,
  maxBundleBytes: 4 * 1024 * MB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 1 * MB,
  maxUploadZipBytes: 4 * 1024 * MB,
  uploadIdleMs: 15 * 60 * 1000,
  maxOpenUploads: 16,
};

/** Largest decoded chunk of the chunked upload. */
export const MAX_CHUNK_BYTES = 8 * MB;

/** "200 MB", "1,5 GB", "512 KB": sizes as a Vietnamese reader writes them. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 * MB, 'GB'],
    [MB, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      const text = Number.isInteger(value) ? String(value) : value.toFixed(1).replace('.', ',');
      return `${text} ${unit}`;
    }
  }
  return `${bytes} byte`;
}
