// Chunked upload of a picked or dropped file: the file is read slice by slice (never whole), each
// slice sent as base64 of at most the server's chunk size; an upload that fails is cancelled.

import { invoke } from './client.js';
import { bytesToBase64 } from './files.js';

/** Largest slice sent at once, in bytes before base64 (the contract allows 8 MB). */
const MAX_SLICE = 4 * 1024 * 1024;

export interface UploadHandle {
  uploadId: string;
}

/**
 * Sends `file` and returns its upload id, ready for uploadFinish or importBundleUpload (or, begun with
 * 'backup/uploadBegin', for backup/restore: the chunks travel the same way).
 */
export async function uploadFile(
  file: File,
  onProgress: (sent: number, size: number) => void,
  begin: 'evidence/uploadBegin' | 'backup/uploadBegin' | 'evidenceBundle/uploadBegin' = 'evidence/uploadBegin',
): Promise<UploadHandle> {
  const started = await invoke(begin, { fileName: file.name, size: file.size });
  const slice = Math.max(1, Math.min(MAX_SLICE, started.chunkBytes || MAX_SLICE));
  try {
    onProgress(0, file.size);
    for (let offset = 0; offset < file.size; offset += slice) {
      const bytes = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + slice)).arrayBuffer());
      const progress = await invoke('evidence/uploadChunk', { uploadId: started.uploadId, offset, chunkBase64: bytesToBase64(bytes) });
      onProgress(progress.received, file.size);
    }
    return { uploadId: started.uploadId };
  } catch (error) {
    await invoke('evidence/uploadCancel', { uploadId: started.uploadId }).catch(() => undefined);
    throw error;
  }
}

/** Cancels an upload that will not be used (a refused finish leaves it open for a retry). */
export function cancelUpload(uploadId: string): Promise<unknown> {
  return invoke('evidence/uploadCancel', { uploadId }).catch(() => undefined);
}
