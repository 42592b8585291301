// Long operations the user started (imports, annex export, packages, the integrity check): each runs as a
// job with an id, its progress and a cancel. The progress dialog appears only after SHOW_AFTER_MS, so a
// quick call never flashes one; pressing Hủy aborts the job's signal, which asks the core to stop it.

import type { Progress } from '../../shared/contract.js';
import type { MessageKey } from '../../shared/i18n/index.js';
import type { JobOptions } from '../api/client.js';
import type { SliceCreator } from './types.js';

export const SHOW_AFTER_MS = 300;

export interface RunningJob {
  id: number;
  label: MessageKey;
  progress: Progress | null;
  /** True once the job has run longer than SHOW_AFTER_MS. */
  shown: boolean;
  cancelling: boolean;
  controller: AbortController;
}

export interface JobSlice {
  jobs: RunningJob[];
  /**
   * Runs `call` as a job labelled `label` (also shown as busy on the status line). A cancelled job
   * rejects with the core's `cancelled` error, which reportError shows as "Đã hủy — không có gì bị thay đổi."
   */
  runJob: <T>(label: MessageKey, call: (options: JobOptions) => Promise<T>) => Promise<T>;
  cancelJob: (id: number) => void;
}

let nextJobId = 1;

export const createJobSlice: SliceCreator<JobSlice> = (set, get) => {
  const update = (id: number, change: Partial<RunningJob>) => set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, ...change } : j)) }));
  return {
    jobs: [],
    runJob: async (label, call) => {
      const id = nextJobId++;
      const controller = new AbortController();
      set((s) => ({ jobs: [...s.jobs, { id, label, progress: null, shown: false, cancelling: false, controller }] }));
      const timer = setTimeout(() => update(id, { shown: true }), SHOW_AFTER_MS);
      try {
        return await get().withBusy(label, () => call({ signal: controller.signal, onProgress: (progress) => update(id, { progress }) }));
      } finally {
        clearTimeout(timer);
        set((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) }));
      }
    },
    cancelJob: (id) => {
      const job = get().jobs.find((j) => j.id === id);
      if (!job || job.cancelling) return;
      update(id, { cancelling: true });
      job.controller.abort();
    },
  };
};
