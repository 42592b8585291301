// A direct edit that differs from the unit's self-score or a member's proposal is a decision: the
// server refuses it without a reason (shared/rules.ts needsReason) and this dialog asks for one.

import { useLayoutEffect, useRef, useState } from 'react';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function ReasonDialog() {
  const t = useT();
  const prompt = useStore((s) => s.reasonPrompt);
  const submitReason = useStore((s) => s.submitReason);
  const cancelReason = useStore((s) => s.cancelReason);
  const [reason, setReason] = useState('');
  // The grid cell that had the keyboard gets it back when the dialog goes (before the dialog takes it).
  const returnTo = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (prompt && document.activeElement instanceof HTMLElement) returnTo.current = document.activeElement;
  }, [prompt]);
  if (!prompt) return null;
  const giveBackFocus = () => {
    const el = returnTo.current;
    returnTo.current = null;
    if (el) requestAnimationFrame(() => el.isConnected && el.focus());
  };
  const close = () => {
    setReason('');
    cancelReason();
    giveBackFocus();
  };
  const save = () => {
    if (reason.trim() === '') return;
    const text = reason;
    setReason('');
    void submitReason(text);
    giveBackFocus();
  };
  return (
    <Modal
      title={t('scoring.reason.title', { code: prompt.criterionCode })}
      testId="reason-dialog"
      onClose={close}
      footer={
        <>
          <button type="button" onClick={close} data-testid="reason-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={save} disabled={reason.trim() === ''} data-testid="reason-save">
            {t('scoring.reason.save')}
          </button>
        </>
      }
    >
      <p>{prompt.message}</p>
      <label className="field">
        <span>{t('scoring.reason.label')}</span>
        <textarea
          data-autofocus
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              save();
            }
          }}
          data-testid="reason-input"
        />
      </label>
    </Modal>
  );
}
