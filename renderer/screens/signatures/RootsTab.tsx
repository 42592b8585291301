// Chứng thư gốc tin cậy: the CA certificates every verification builds the signer's chain to. Imported
// from PEM (several in one file allowed) or DER; removing asks first.

import { useRef, useState } from 'react';
import type { CertificateView } from '../../../shared/contract.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { messageText, useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { Message } from '../../store/uiSlice.js';
import { CertificateFacts } from './certificate.js';

export function RootsTab() {
  const t = useT();
  const roots = useStore((s) => s.trustedRoots);
  const importRoots = useStore((s) => s.importTrustedRoots);
  const removeRoot = useStore((s) => s.removeTrustedRoot);
  const fileInput = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [removing, setRemoving] = useState<CertificateView | null>(null);

  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    setFailure(null);
    const result = await importRoots(file);
    if (!result.ok) setFailure(result.message);
  };

  return (
    <div className="signatures-body">
      <section className="panel subpanel" data-testid="roots-list">
        <div className="toolbar">
          <h2 className="section-title">{t('signatures.roots.title')}</h2>
          <span className="toolbar-spacer" />
          <button type="button" className="primary" onClick={() => fileInput.current?.click()} data-testid="roots-import">
            {t('signatures.roots.import')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".pem,.crt,.cer,.der"
            className="visually-hidden"
            tabIndex={-1}
            onChange={(e) => void onFile(e.target.files)}
            data-testid="roots-file"
          />
        </div>
        <p className="hint">{t('signatures.roots.hint')}</p>
        {failure && (
          <p className="field-error form-error" role="alert" data-testid="roots-error">
            {messageText(t, failure)}
          </p>
        )}
        {roots === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : roots.length === 0 ? (
          <p className="empty" data-testid="roots-empty">
            {t('signatures.roots.empty')}
          </p>
        ) : (
          <div className="cert-cards">
            {roots.map((r) => (
              <article key={r.sha256} className="cert-card" data-testid="root-card" data-name={r.commonName}>
                <header className="cert-card-head">
                  <strong className="cert-name">{r.commonName}</strong>
                  <span className="toolbar-spacer" />
                  <button type="button" className="danger" onClick={() => setRemoving(r)} data-testid="root-remove">
                    {t('common.delete')}
                  </button>
                </header>
                <CertificateFacts certificate={r} />
              </article>
            ))}
          </div>
        )}
      </section>
      {removing && (
        <ConfirmDialog
          title={t('signatures.roots.removeTitle')}
          message={t('signatures.roots.removeConfirm', { name: removing.commonName })}
          confirmLabel={t('common.delete')}
          onConfirm={() => removeRoot(removing.sha256)}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
