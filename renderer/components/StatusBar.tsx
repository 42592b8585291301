// The bottom status line (last message, saving state, slow-call progress) and the toasts above it.

import { messageText, useT } from '../i18n.js';
import { useStore } from '../store/index.js';
import { AboutButton } from './AboutDialog.js';

export function StatusBar() {
  const t = useT();
  const status = useStore((s) => s.status);
  const busy = useStore((s) => s.busy);
  const pendingWrites = useStore((s) => s.pendingWrites);
  const lastSavedAt = useStore((s) => s.lastSavedAt);
  const saveFailed = useStore((s) => s.saveFailed);
  // "Every criterion is scored" is a claim about the open sheet: once the sheet says otherwise (a score
  // was cleared), the line stops saying it.
  const outdated = useStore((s) => {
    const st = s.status;
    if (!st || !('key' in st)) return false;
    if (st.key === 'scoring.allScored') return !(s.sheet !== null && s.sheet.scoredLeaves >= s.sheet.totalLeaves);
    if (st.key === 'workspace.allScored') return !(s.memberSheet !== null && s.memberSheet.proposedLeaves >= s.memberSheet.assignedLeaves);
    return false;
  });
  const current = busy.at(-1);
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className={`status-line status-${outdated ? 'info' : (status?.kind ?? 'info')}`} data-testid="status-line" role="status">
        {status && !outdated ? messageText(t, status) : t('status.ready')}
      </span>
      <span className="statusbar-spacer" />
      {current && (
        <span className="busy" data-testid="busy" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          {t(current.label)}
        </span>
      )}
      <span className={saveFailed && pendingWrites === 0 ? 'save-state status-error' : 'save-state'} data-testid="save-state" data-pending={pendingWrites}>
        {pendingWrites > 0 ? t('status.saving') : saveFailed ? t('status.notSaved') : lastSavedAt !== null ? t('status.saved') : ''}
      </span>
      <AboutButton />
    </footer>
  );
}

export function Toasts() {
  const t = useT();
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid={`toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <span className="toast-text">{messageText(t, toast.message)}</span>
          <button type="button" className="toast-close" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
