// How a certificate is shown everywhere on the signatures screen: the subject exactly as encoded, the
// validity period as dd/mm/yyyy, the fingerprint in groups of four, and its status now.

import type { CertificateView } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useT } from '../../i18n.js';

/** An ISO instant → "dd/mm/yyyy" (UTC, as the certificate states it). */
export function certDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const STATUS: Record<CertificateView['status'], MessageKey> = {
  valid: 'signatures.status.valid',
  expired: 'signatures.status.expired',
  not_yet_valid: 'signatures.status.notYetValid',
};

export function CertificateStatus({ certificate }: { certificate: CertificateView }) {
  const t = useT();
  return (
    <span className={`cert-status cert-status-${certificate.status}`} data-testid="cert-status" data-status={certificate.status}>
      {t(STATUS[certificate.status])}
    </span>
  );
}

/** Subject, issuer, validity, serial and fingerprint as a definition list. */
export function CertificateFacts({ certificate }: { certificate: CertificateView }) {
  const t = useT();
  return (
    <dl className="cert-facts">
      <dt>{t('signatures.subject')}</dt>
      <dd data-testid="cert-subject">{certificate.subject}</dd>
      <dt>{t('signatures.issuer')}</dt>
      <dd data-testid="cert-issuer">{certificate.issuer}</dd>
      <dt>{t('signatures.validity')}</dt>
      <dd data-testid="cert-validity">
        {t('signatures.validityRange', { from: certDate(certificate.notBefore), to: certDate(certificate.notAfter) })} <CertificateStatus certificate={certificate} />
      </dd>
      <dt>{t('signatures.serial')}</dt>
      <dd className="mono">{certificate.serialNumber}</dd>
      <dt>{t('signatures.fingerprint')}</dt>
      <dd className="mono cert-fingerprint" data-testid="cert-fingerprint">
        {certificate.fingerprint}
      </dd>
    </dl>
  );
}
