// The progress of the long operation under way: what it is doing, a bar (n/N, or moving when the total
// is not known) and Hủy. Shown by the job slice once the operation has lasted ~300 ms; Escape cancels too.

import { useT } from '../i18n.js';
import { useStore } from '../store/index.js';
import { Modal } from './Modal.js';

export function ProgressDialog() {
  const t = useT();
  const job = useStore((s) => s.jobs.find((j) => j.shown));
  if (!job) return null;
  const { progress } = job;
  const total = progress?.total ?? null;
  const cancel = () => useStore.getState().cancelJob(job.id);
  return (
    <Modal
      key={job.id}
      title={t(job.label)}
      testId="progress-dialog"
      onClose={cancel}
      footer={
        <button type="button" className="btn" data-testid="progress-cancel" onClick={cancel} disabled={job.cancelling}>
          {job.cancelling ? t('job.cancelling') : t('job.cancel')}
        </button>
      }
    >
      <p className="job-phase" data-testid="progress-phase" aria-live="polite">
        {job.cancelling ? t('job.cancelling') : (progress?.phase ?? t('job.phase.starting'))}
      </p>
      <div className="job-bar">
        {/* A <progress> without value is the platform's indeterminate bar. */}
        {total !== null && total > 0 ? (
          <progress data-testid="progress-bar" aria-label={t('job.progressLabel')} max={total} value={Math.min(progress?.done ?? 0, total)} />
        ) : (
          <progress data-testid="progress-bar" aria-label={t('job.progressLabel')} />
        )}
        {total !== null && total > 0 && <span className="job-count" data-testid="progress-count">{t('job.steps', { done: progress?.done ?? 0, total })}</span>}
      </div>
    </Modal>
  );
}
