// The unit's claim that a sub-criterion does not apply to it: the council decides, so the claim needs a
// reason it can read. Enter sends (Shift+Enter breaks the line), Esc cancels.

import { useState } from 'react';
import type { SelfSheetRow } from '../../../shared/contract.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function NotApplicableDialog({ row, onClose }: { row: SelfSheetRow; onClose: () => void }) {
  const t = useT();
  const setSelfNotApplicable = useStore((s) => s.setSelfNotApplicable);
  const [reason, setReason] = useState(row.selfReason);
  const [saving, setSaving] = useState(false);
  const valid = reason.trim() !== '';
  const submit = async () => {
    if (!valid || saving) return;
    setSaving(true);
    const ok = await setSelfNotApplicable(row.code, true, reason.trim());
    setSaving(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={t('unit.naDialogTitle', { code: row.code })}
      testId="self-na-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="self-na-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void submit()} disabled={!valid || saving} data-testid="self-na-ok">
            {t('unit.naDialogOk')}
          </button>
        </>
      }
    >
      <p>{row.name}</p>
      <p className="hint">{t('unit.naDialogHint')}</p>
      <label className="field">
        <span>{t('unit.naReason')}</span>
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            }
          }}
          rows={3}
          maxLength={2000}
          autoFocus
          data-autofocus
          aria-required="true"
          data-testid="self-na-reason"
        />
        {!valid && <small className="hint">{t('unit.naReasonRequired')}</small>}
      </label>
    </Modal>
  );
}
