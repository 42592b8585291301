// Kiểm tra chữ ký: pick a signed file (and its .p7s, when the signature is detached); every signature
// found is shown with its signer exactly as in the certificate, the signing time, the chain status
// against the trusted roots and whether the content is intact.

import { useState, type FormEvent } from 'react';
import type { SignatureCheck, VerifyReport } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { FilePicker } from '../../components/FilePicker.js';
import { displayDateTime } from '../../format.js';
import { messageText, useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { Message } from '../../store/uiSlice.js';
import { CertificateFacts } from './certificate.js';

/** The file's verdict: green only when valid; an unidentified signer is its own (amber) state, never green. */
const FILE_VERDICT: Record<VerifyReport['verdict'], { key: MessageKey; className: string }> = {
  valid: { key: 'signatures.verify.ok', className: 'verdict verdict-ok' },
  untrusted: { key: 'signatures.verify.unknownSignerVerdict', className: 'verdict verdict-unknown' },
  expired: { key: 'signatures.verify.expiredVerdict', className: 'verdict verdict-bad' },
  invalid: { key: 'signatures.verify.bad', className: 'verdict verdict-bad' },
  unsigned: { key: 'signatures.verify.unsigned', className: 'verdict verdict-bad' },
};

const SIGNATURE_VERDICT: Record<SignatureCheck['verdict'], { key: MessageKey; className: string }> = {
  valid: { key: 'signatures.verify.valid', className: 'cert-status cert-status-valid' },
  untrusted: { key: 'signatures.verify.unknownSigner', className: 'cert-status cert-status-unknown' },
  expired: { key: 'signatures.verify.expiredAtSigning', className: 'cert-status cert-status-expired' },
  invalid: { key: 'signatures.verify.invalid', className: 'cert-status cert-status-expired' },
};

const CHAIN: Record<SignatureCheck['chain']['status'], MessageKey> = {
  trusted: 'signatures.chain.trusted',
  untrusted: 'signatures.chain.untrusted',
  not_checked: 'signatures.chain.notChecked',
};

export function VerifyTab() {
  const t = useT();
  const report = useStore((s) => s.verifyReport);
  const verifySigned = useStore((s) => s.verifySigned);
  const setTab = useStore((s) => s.setSignaturesTab);
  const [file, setFile] = useState<File | null>(null);
  const [sig, setSig] = useState<File | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || working) return;
    setWorking(true);
    setFailure(null);
    try {
      const result = await verifySigned(file, sig);
      if (!result.ok) setFailure(result.message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <div className="signatures-body">
      <form className="panel subpanel" onSubmit={(e) => void submit(e)} data-testid="verify-form">
        <h2 className="section-title">{t('signatures.verify.title')}</h2>
        <p className="hint">{t('signatures.verify.hint')}</p>
        <FilePicker
          label={t('signatures.verify.pick')}
          emptyText={t('signatures.noFile')}
          file={file}
          testId="verify"
          onChange={(chosen) => {
            setFile(chosen);
            setFailure(null);
          }}
        />
        <FilePicker
          label={t('signatures.verify.pickSig')}
          emptyText={t('signatures.verify.noSig')}
          file={sig}
          accept=".p7s,.p7m,.pem"
          testId="verify-sig"
          clearLabel={t('common.remove')}
          onChange={setSig}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!file || working} data-testid="verify-run">
            {t('signatures.verify.run')}
          </button>
        </div>
        {failure && (
          <p className="field-error form-error" role="alert" data-testid="verify-error">
            {messageText(t, failure)}
          </p>
        )}
      </form>

      {report && (
        <section className="panel subpanel" data-testid="verify-report" data-ok={report.ok ? 'true' : 'false'} data-verdict={report.verdict} aria-live="polite">
          <div className={FILE_VERDICT[report.verdict].className} data-testid="verify-verdict">
            <strong>{t(FILE_VERDICT[report.verdict].key)}</strong>
            <span>{report.fileName}</span>
          </div>
          <p className="hint" data-testid="verify-roots">
            {report.trustedRoots > 0 ? t('signatures.verify.rootsUsed', { count: report.trustedRoots }) : t('signatures.verify.noRoots')}
            {report.trustedRoots === 0 && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => setTab('roots')}>
                  {t('signatures.verify.gotoRoots')}
                </button>
              </>
            )}
          </p>
          {report.problems.length > 0 && (
            <ul className="issues-list" data-testid="verify-problems">
              {report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {report.signatures.map((s, i) => (
            <SignatureCard key={i} check={s} n={i + 1} />
          ))}
        </section>
      )}
    </div>
  );
}

function SignatureCard({ check, n }: { check: SignatureCheck; n: number }) {
  const t = useT();
  return (
    <article className="cert-card signature-card" data-testid="signature-card" data-valid={check.valid ? 'true' : 'false'} data-verdict={check.verdict} data-chain={check.chain.status} data-intact={check.intact ? 'true' : 'false'}>
      <header className="cert-card-head">
        <strong>{t('signatures.verify.signature', { n, format: check.format })}</strong>
        <span className={SIGNATURE_VERDICT[check.verdict].className} data-testid="signature-valid">
          {t(SIGNATURE_VERDICT[check.verdict].key)}
        </span>
      </header>
      <dl className="cert-facts">
        <dt>{t('signatures.verify.signer')}</dt>
        <dd data-testid="signature-signer">{check.signer?.subject ?? '—'}</dd>
        <dt>{t('signatures.verify.time')}</dt>
        <dd data-testid="signature-time">{check.signingTime ? t('signatures.verify.timeClaimed', { time: displayDateTime(check.signingTime) }) : t('signatures.verify.noTime')}</dd>
        <dt>{t('signatures.verify.chain')}</dt>
        <dd data-testid="signature-chain">
          <span className={`chain chain-${check.chain.status}`}>{t(CHAIN[check.chain.status])}</span> — {check.chain.message}
        </dd>
        <dt>{t('signatures.verify.integrity')}</dt>
        <dd data-testid="signature-integrity">{check.intact ? t('signatures.verify.intact') : t('signatures.verify.changed')}</dd>
      </dl>
      {check.warnings.length > 0 && (
        <ul className="cert-notes cert-warnings" data-testid="signature-warnings">
          {check.warnings.map((w) => (
            <li key={w}>{t('signatures.verify.warning', { text: w })}</li>
          ))}
        </ul>
      )}
      {check.problems.length > 0 && (
        <ul className="cert-notes cert-problems" data-testid="signature-problems">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {check.signer && (
        <details className="cert-details">
          <summary>{t('signatures.verify.certificate')}</summary>
          <CertificateFacts certificate={check.signer} />
        </details>
      )}
      {check.notes.length > 0 && (
        <ul className="cert-notes hint">
          {check.notes.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
