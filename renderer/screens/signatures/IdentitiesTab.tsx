// Danh tính: the certificates this machine signs with. A .p12/.pfx file is added with its password once
// (to read the certificate; the password is not kept), a USB token by its driver, slot and certificate
// (public objects: no PIN). Removing asks first.

import { useEffect, useState, type FormEvent } from 'react';
import type { PkcsModule, SigningIdentity, TokenCertificateView, TokenSlotView } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FilePicker } from '../../components/FilePicker.js';
import { messageText, useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { errorMessage, type Message } from '../../store/uiSlice.js';
import { CertificateFacts, CertificateStatus } from './certificate.js';

export function IdentitiesTab() {
  const t = useT();
  const identities = useStore((s) => s.identities);
  const removeIdentity = useStore((s) => s.removeIdentity);
  const packageIdentityId = useStore((s) => s.packageIdentityId);
  const setPackageIdentity = useStore((s) => s.setPackageIdentity);
  const [removing, setRemoving] = useState<SigningIdentity | null>(null);

  useEffect(() => {
    void useStore.getState().loadPackageIdentity();
  }, []);

  return (
    <div className="signatures-body">
      <section className="panel subpanel" data-testid="identities-list">
        <h2 className="section-title">{t('signatures.identities.title')}</h2>
        <p className="hint">{t('signatures.identities.hint')}</p>
        {identities === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : identities.length === 0 ? (
          <p className="empty" data-testid="identities-empty">
            {t('signatures.identities.empty')}
          </p>
        ) : (
          <div className="cert-cards">
            {identities.map((id) => (
              <article key={id.id} className="cert-card" data-testid="identity-card" data-name={id.certificate.commonName}>
                <header className="cert-card-head">
                  <strong className="cert-name" data-testid="identity-name">
                    {id.certificate.commonName}
                  </strong>
                  <span className="badge">{id.kind === 'pkcs12' ? t('signatures.kind.pkcs12', { file: id.fileName ?? '' }) : t('signatures.kind.pkcs11', { label: id.tokenLabel ?? '' })}</span>
                  <CertificateStatus certificate={id.certificate} />
                  {packageIdentityId === id.id && (
                    <span className="badge package-badge" data-testid="identity-package">
                      {t('signatures.package.badge')}
                    </span>
                  )}
                  <span className="toolbar-spacer" />
                  {packageIdentityId === id.id ? (
                    <button type="button" onClick={() => void setPackageIdentity(null)} data-testid="identity-package-clear">
                      {t('signatures.package.clear')}
                    </button>
                  ) : (
                    <button type="button" onClick={() => void setPackageIdentity(id.id)} title={t('signatures.package.useHint')} data-testid="identity-package-use">
                      {t('signatures.package.use')}
                    </button>
                  )}
                  <button type="button" className="danger" onClick={() => setRemoving(id)} data-testid="identity-remove">
                    {t('common.delete')}
                  </button>
                </header>
                <CertificateFacts certificate={id.certificate} />
                {id.kind === 'pkcs11' && <p className="hint">{t('signatures.tokenWhere', { module: id.module ?? '', serial: id.tokenSerial ?? '', key: id.keyId ?? '' })}</p>}
              </article>
            ))}
          </div>
        )}
      </section>
      <div className="signatures-forms">
        <AddPkcs12 />
        <AddPkcs11 />
      </div>
      {removing && (
        <ConfirmDialog
          title={t('signatures.identities.removeTitle')}
          message={t('signatures.identities.removeConfirm', { name: removing.certificate.commonName, fingerprint: removing.certificate.fingerprint })}
          confirmLabel={t('common.delete')}
          onConfirm={() => removeIdentity(removing.id)}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}

function FormError({ message, testId }: { message: Message | null; testId: string }) {
  const t = useT();
  if (!message) return null;
  return (
    <p className="field-error form-error" role="alert" data-testid={testId}>
      {messageText(t, message)}
    </p>
  );
}

function AddPkcs12() {
  const t = useT();
  const addPkcs12 = useStore((s) => s.addPkcs12);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || working) return;
    setWorking(true);
    setFailure(null);
    const typed = password;
    // The password leaves the field at once: it is sent once and kept nowhere.
    setPassword('');
    try {
      const result = await addPkcs12(file, typed);
      if (result.ok) {
        setFile(null);
      } else setFailure(result.message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <form className="panel subpanel" onSubmit={(e) => void submit(e)} data-testid="add-p12">
      <h2 className="section-title">{t('signatures.p12.title')}</h2>
      <p className="hint">{t('signatures.p12.hint')}</p>
      <FilePicker
        label={t('signatures.p12.pick')}
        emptyText={t('signatures.noFile')}
        file={file}
        accept=".p12,.pfx,application/x-pkcs12"
        testId="identity-p12"
        onChange={(chosen) => {
          setFile(chosen);
          setFailure(null);
        }}
      />
      <label className="field">
        <span>{t('signatures.p12.password')}</span>
        <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="identity-p12-password" />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!file || working} data-testid="identity-p12-add">
          {t('signatures.p12.add')}
        </button>
      </div>
      <FormError message={failure} testId="identity-p12-error" />
    </form>
  );
}

/**
 * The driver is one of the known CA drivers found on this machine: the main side loads no other module a
 * path from here names (loading one runs its native code).
 */
function AddPkcs11() {
  const t = useT();
  const addPkcs11 = useStore((s) => s.addPkcs11);
  const [modules, setModules] = useState<PkcsModule[] | null>(null);
  const [choice, setChoice] = useState('');
  const [slots, setSlots] = useState<TokenSlotView[] | null>(null);
  const [slot, setSlot] = useState<number | null>(null);
  const [certs, setCerts] = useState<TokenCertificateView[] | null>(null);
  const [keyId, setKeyId] = useState<string | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    let live = true;
    invoke('signature/modules', {}).then(
      (found) => {
        if (!live) return;
        setModules(found.installed);
        setChoice(found.installed[0]?.path ?? '');
      },
      (error: unknown) => live && setFailure(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  const module = choice;

  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setWorking(true);
    setFailure(null);
    try {
      return await work();
    } catch (error) {
      setFailure(errorMessage(error));
      return null;
    } finally {
      setWorking(false);
    }
  };

  const findTokens = async () => {
    setSlots(null);
    setCerts(null);
    setKeyId(null);
    if (module === null) return;
    const found = await run(() => invoke('signature/tokens', { module }));
    if (found) {
      setSlots(found);
      const first = found[0];
      setSlot(first ? first.index : null);
      if (first) await loadCerts(first.index);
    }
  };

  const loadCerts = async (index: number) => {
    setCerts(null);
    setKeyId(null);
    if (module === null) return;
    const found = await run(() => invoke('signature/tokenCertificates', { module, slot: index }));
    if (found) {
      setCerts(found);
      setKeyId(found.find((c) => !c.certificate.isCA)?.keyId ?? null);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (module === null || slot === null || keyId === null || working) return;
    setWorking(true);
    setFailure(null);
    try {
      const result = await addPkcs11(module, slot, keyId);
      if (result.ok) {
        setSlots(null);
        setCerts(null);
        setKeyId(null);
      } else setFailure(result.message);
    } finally {
      setWorking(false);
    }
  };

  const chosenSlot = slots?.find((s) => s.index === slot);

  return (
    <form className="panel subpanel" onSubmit={(e) => void add(e)} data-testid="add-pkcs11">
      <h2 className="section-title">{t('signatures.token.title')}</h2>
      <p className="hint">{t('signatures.token.hint')}</p>
      <label className="field">
        <span>{t('signatures.token.module')}</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={modules !== null && modules.length === 0} data-testid="token-module">
          {(modules ?? []).map((m) => (
            <option key={m.path} value={m.path}>
              {m.vendor} — {m.path}
            </option>
          ))}
        </select>
      </label>
      {modules !== null && modules.length === 0 && (
        <p className="hint" data-testid="token-none-found">
          {t('signatures.token.noneFound')}
        </p>
      )}
      <div className="toolbar">
        <button type="button" onClick={() => void findTokens()} disabled={!module || working} data-testid="token-find">
          {t('signatures.token.find')}
        </button>
      </div>
      {slots !== null && slots.length === 0 && <p className="empty">{t('signatures.token.noToken')}</p>}
      {slots !== null && slots.length > 0 && (
        <label className="field">
          <span>{t('signatures.token.slot')}</span>
          <select
            value={slot ?? ''}
            onChange={(e) => {
              const index = Number(e.target.value);
              setSlot(index);
              void loadCerts(index);
            }}
            data-testid="token-slot"
          >
            {slots.map((s) => (
              <option key={s.index} value={s.index}>
                {t('signatures.token.slotOption', { index: s.index, label: s.label, maker: s.manufacturer, serial: s.serialNumber })}
              </option>
            ))}
          </select>
        </label>
      )}
      {chosenSlot && (chosenSlot.pinLocked || chosenSlot.pinFinalTry || chosenSlot.pinCountLow) && (
        <p className="field-error" role="alert" data-testid="token-pin-state">
          {t(chosenSlot.pinLocked ? 'signatures.token.locked' : chosenSlot.pinFinalTry ? 'signatures.token.finalTry' : 'signatures.token.countLow')}
        </p>
      )}
      {certs !== null && (
        <fieldset className="field token-certs">
          <legend>{t('signatures.token.certificate')}</legend>
          {certs.length === 0 && <p className="empty">{t('signatures.token.noCertificate')}</p>}
          {certs.map((c) => (
            <label key={`${c.keyId}:${c.certificate.sha256}`} className="radio token-cert">
              <input type="radio" name="token-cert" checked={keyId === c.keyId && !c.certificate.isCA} disabled={c.certificate.isCA} onChange={() => setKeyId(c.keyId)} data-testid="token-cert" />
              <span>
                <span className="strong">{c.certificate.commonName}</span>{' '}
                <span className="muted small">
                  {c.certificate.isCA ? t('signatures.token.caCert') : t('signatures.token.keyId', { id: c.keyId || '—' })} · {c.certificate.issuerCommonName}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={slot === null || keyId === null || working} data-testid="token-add">
          {t('signatures.token.add')}
        </button>
      </div>
      <FormError message={failure} testId="token-error" />
    </form>
  );
}
