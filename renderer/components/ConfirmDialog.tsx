// Asks before anything destructive; the question names what will be lost.

import { useState } from 'react';
import { useT } from '../i18n.js';
import { Modal } from './Modal.js';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const t = useT();
  const [working, setWorking] = useState(false);
  const confirm = async () => {
    setWorking(true);
    try {
      await onConfirm();
    } finally {
      setWorking(false);
      onClose();
    }
  };
  return (
    <Modal
      title={title}
      testId="confirm-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="confirm-cancel" autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void confirm()} disabled={working} data-testid="confirm-ok">
            {confirmLabel}
          </button>
        </>
      }
    >
      <p className="confirm-message" data-testid="confirm-message">
        {message}
      </p>
    </Modal>
  );
}
