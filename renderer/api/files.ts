// Moving files across the API as base64: uploads from <input type=file>, downloads via a Blob link.

import type { ChosenFile, ExportedFile, FilePayload, FilePurpose } from '../../shared/contract.js';
import { evidenceUrl, exportUrl, invoke } from './client.js';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function readFileAsBase64(file: File): Promise<FilePayload> {
  const buffer = await file.arrayBuffer();
  return { fileName: file.name, contentBase64: bytesToBase64(new Uint8Array(buffer)) };
}

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
};

/** Saves a file the API produced: the browser's download, or Electron's will-download in the shell. */
/** Hands `href` to the system as a download named `name` (the browser's save, the shell's will-download). */
function clickDownload(href: string, name: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function downloadPayload(payload: FilePayload): void {
  const ext = payload.fileName.split('.').pop()?.toLowerCase() ?? '';
  const blob = new Blob([base64ToBytes(payload.contentBase64)], { type: MIME[ext] ?? 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  clickDownload(url, payload.fileName);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves a file a job wrote into the app's exports folder (an annex), under its download name. */
export function downloadExported(file: ExportedFile): void {
  clickDownload(exportUrl(file.fileName), file.downloadName);
}

/** Hands a stored evidence file to the system, under its own name. */
export function openEvidenceOutside(item: { id: number; fileName: string }): void {
  clickDownload(evidenceUrl(item.id), item.fileName);
}

/**
 * The app's own open dialog (Electron): the page gets a token per chosen file, never its path, and
 * passes the token to the call that reads the file. Empty when the user cancels; the browser has no
 * such dialog (files arrive through <input type=file> and the chunked upload instead).
 */
export function chooseLocalFiles(purpose: FilePurpose, multiple = false): Promise<ChosenFile[]> {
  return invoke('file/choose', { purpose, multiple });
}

/** Saves a `data:…;base64,` URL (a chart's canvas) under `fileName`. */
export function downloadDataUrl(dataUrl: string, fileName: string): void {
  const comma = dataUrl.indexOf(',');
  downloadPayload({ fileName, contentBase64: comma < 0 ? '' : dataUrl.slice(comma + 1) });
}
