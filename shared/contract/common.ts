// Pieces every domain uses: ids, codes, texts, files chosen or uploaded.

import { z } from 'zod';

export const campaignId = z.number().int().positive();

export const code = z.string().trim().min(1).max(64);

/** Passwords and PINs: checked for shape only, never echoed in a message, never stored. */
export const secret = z.string().max(256);

export const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'không phải dữ liệu base64');

export const text = (max: number) => z.string().trim().max(max);

export const pointsMilli = z.number().int().min(0).max(10_000_000);

export const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

export const evidenceId = z.number().int().positive();

export const uploadId = z.string().uuid();

/** A path the OS handed over (a double-clicked package); the renderer names no other path. */
export const localPath = z.string().min(1).max(4096);

/**
 * A file the user chose in the shell's open dialog (Electron): an opaque token the main process maps
 * to the path, spent by the call that uses it. The renderer never sends a path of its own.
 */
export const fileToken = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'không phải mã của tệp đã chọn');

/** What an open dialog is for: its filters, whether it picks folders, which calls may use its tokens. */
export const FILE_PURPOSES = ['evidence', 'evidenceFolder', 'evidenceZip', 'backup', 'evidenceBundle', 'pkcs11Driver'] as const;

export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** Base64 of at most 8 MB per chunk. */
export const MAX_CHUNK_BASE64 = Math.ceil((8 * 1024 * 1024) / 3) * 4;

/** A file the app wrote into its exports folder: downloaded by `fileName` (GET /export/<fileName>, app://par/export/<fileName>) and saved as `downloadName`. */
export interface ExportedFile {
  fileName: string;
  downloadName: string;
}

export interface FilePayload {
  fileName: string;
  contentBase64: string;
}

/** One file chosen in the shell's open dialog: its name to show, and the token that stands for its path. */
export interface ChosenFile {
  fileToken: string;
  fileName: string;
  /** Null for a folder. */
  size: number | null;
}

export interface UploadStarted {
  uploadId: string;
  /** Largest chunk accepted, in bytes (before base64). */
  chunkBytes: number;
}

export interface UploadProgress {
  uploadId: string;
  received: number;
  size: number;
}
