// The member's "export my package" when packages are also signed with a certificate: the password or PIN
// is typed here, used for this one export and cleared; a wrong PIN is shown and never retried.

import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { displayDate } from '../../format.js';
import { messageText, useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { Message } from '../../store/uiSlice.js';

/** Renders `fallback` (the plain export button) while packages are signed with the Ed25519 key only. */
export function SignedPackageExport({ fallback }: { fallback: ReactNode }) {
  const t = useT();
  const packageIdentityId = useStore((s) => s.packageIdentityId);
  const identities = useStore((s) => s.identities);
  const exportSignedPackage = useStore((s) => s.exportSignedPackage);
  const campaignId = useStore((s) => s.campaignId);
  const busy = useStore((s) => s.busy.length > 0);
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<Message | null>(null);

  useEffect(() => {
    const { loadPackageIdentity, loadIdentities } = useStore.getState();
    void loadPackageIdentity();
    void loadIdentities();
  }, []);

  const identity = identities?.find((i) => i.id === packageIdentityId);
  if (!packageIdentityId || !identity) return <>{fallback}</>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = secret;
    setSecret('');
    setFailure(null);
    const result = await exportSignedPackage(typed);
    if (!result.ok) setFailure(result.message);
  };

  return (
    <form className="signed-package" onSubmit={(e) => void submit(e)} data-testid="signed-package">
      <label className="inline-field">
        <span>{t(identity.kind === 'pkcs11' ? 'signatures.package.pin' : 'signatures.package.password', { name: identity.certificate.commonName })}</span>
        <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="signed-package-secret" />
      </label>
      <button type="submit" className="primary" disabled={busy || campaignId === null} data-testid="package-export">
        {t('signatures.package.export')}
      </button>
      {identity.certificate.status !== 'valid' && (
        <p className="field-error" data-testid="signed-package-validity">
          {t('signatures.package.outOfValidity', { name: identity.certificate.commonName, from: displayDate(identity.certificate.notBefore), to: displayDate(identity.certificate.notAfter) })}
        </p>
      )}
      {failure && (
        <p className="field-error form-error" role="alert" data-testid="signed-package-error">
          {messageText(t, failure)}
        </p>
      )}
    </form>
  );
}
