// A package the operating system handed to the app (a double-clicked .parpkg): asked about once, by
// name and folder, before anything is imported. Checked on start and whenever the window gets focus.

import { useEffect } from 'react';
import type { PendingPackage } from '../../../shared/contract.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { invoke } from '../../api/client.js';
import { importEvidenceBundle } from './EvidenceBundle.js';

const isEvidenceBundle = (p: PendingPackage) => p.fileName.toLowerCase().endsWith('.parevd');

/** A double-clicked .parevd: streamed from its path by the server (never read whole here). */
function importPendingBundle(pending: PendingPackage): void {
  useStore.setState((s) => ({ pendingPackages: s.pendingPackages.filter((p) => p.path !== pending.path) }));
  void importEvidenceBundle((job) => invoke('evidenceBundle/import', { source: { kind: 'pending', path: pending.path } }, job));
}

export function usePendingPackages(): void {
  useEffect(() => {
    const check = () => void useStore.getState().loadPendingPackages();
    check();
    window.addEventListener('focus', check);
    return () => window.removeEventListener('focus', check);
  }, []);
}

export function PendingPackageDialog({ pending }: { pending: PendingPackage }) {
  const t = useT();
  const { importPendingPackage, dismissPendingPackage } = useStore.getState();
  return (
    <Modal
      title={t('pending.title')}
      testId="pending-package"
      onClose={() => void dismissPendingPackage(pending)}
      footer={
        <>
          <button type="button" onClick={() => void dismissPendingPackage(pending)} data-testid="pending-dismiss">
            {t('pending.dismiss')}
          </button>
          <button type="button" className="primary" data-autofocus onClick={() => (isEvidenceBundle(pending) ? importPendingBundle(pending) : void importPendingPackage(pending))} data-testid="pending-import">
            {t('pending.import')}
          </button>
        </>
      }
    >
      <p>{isEvidenceBundle(pending) ? t('evidenceBundle.pendingQuestion', { file: pending.fileName }) : t('pending.question', { file: pending.fileName })}</p>
      <p className="about-path" data-testid="pending-path">{pending.path}</p>
      <p className="muted">{isEvidenceBundle(pending) ? t('evidenceBundle.pendingHint') : t('pending.hint')}</p>
    </Modal>
  );
}
