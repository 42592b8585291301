// What an import did (or why it was refused), the secretariat's fingerprint to check before a first
// campaign package is imported, and a newly registered member's fingerprint to check by phone.

import { Modal } from '../../components/Modal.js';
import { useT, messageText } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { PackageConfirmRequest, PackageOutcome, RegisteredIdentity } from '../../store/consolidationSlice.js';
import { Fingerprint } from './Fingerprint.js';

const KIND_LABELS = { campaign: 'packages.kind.campaign', member: 'packages.kind.member', 'unit-campaign': 'unit.packageKind.unitCampaign', unit: 'unit.packageKind.unit' } as const;

export function PackageOutcomeDialog({ outcome, onClose }: { outcome: PackageOutcome; onClose: () => void }) {
  const t = useT();
  const footer = (
    <button type="button" className="primary" onClick={onClose} data-testid="package-summary-close" autoFocus>
      {t('common.close')}
    </button>
  );
  if (!outcome.ok) {
    return (
      <Modal title={t('packages.refusedTitle')} testId="package-refused" onClose={onClose} footer={footer}>
        <p className="muted small">
          {t('packages.file')}: {outcome.fileName}
        </p>
        <p className="refusal-message" data-testid="package-refused-message">
          {messageText(t, outcome.message)}
        </p>
      </Modal>
    );
  }
  const s = outcome.summary;
  const figures: Array<[string, number, string]> = [
    ['applied', s.applied, t('packages.applied')],
    ['skipped', s.skipped, t('packages.skipped')],
    ['conflicts', s.conflicts, t('packages.conflicts')],
    ['finals', s.finalsChanged, t('packages.finalsChanged')],
  ];
  return (
    <Modal title={t('packages.summaryTitle')} testId="package-summary" onClose={onClose} footer={footer}>
      <dl className="summary-list">
        <dt>{t('packages.file')}</dt>
        <dd>
          {outcome.fileName} <span className="badge">{t(KIND_LABELS[s.kind])}</span>
        </dd>
        <dt>{t('packages.campaign')}</dt>
        <dd>{s.campaignName}</dd>
        <dt>{t('packages.author')}</dt>
        <dd className="strong" data-testid="package-author">
          {s.author}
        </dd>
        <dt>{t('packages.fingerprint')}</dt>
        <dd>
          <Fingerprint value={s.authorFingerprint} testId="package-fingerprint" />
        </dd>
      </dl>
      {s.alreadyImported && (
        <p className="notice" data-testid="package-already">
          {t('packages.alreadyImported')}
        </p>
      )}
      {s.stale && (
        <p className="notice warn" data-testid="package-stale">
          {t('packages.stale')}
        </p>
      )}
      <div className="figure-row">
        {figures.map(([id, value, label]) => (
          <div key={id} className={id === 'conflicts' && value > 0 ? 'figure warn' : 'figure'} data-testid={`package-${id}`} data-value={value}>
            <span className="figure-value">{value}</span>
            <span className="figure-label">{label}</span>
          </div>
        ))}
      </div>
      {s.notes.length > 0 && (
        <>
          <h3 className="subsection-title">{t('packages.notes')}</h3>
          <ul className="plain-list small" data-testid="package-notes">
            {s.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}

/** Nothing is imported until the member says the fingerprint read by phone matches. */
export function PackageConfirmDialog({ request }: { request: PackageConfirmRequest }) {
  const t = useT();
  const answer = (matches: boolean) => void useStore.getState().confirmPackage(matches);
  const c = request.confirmation;
  return (
    <Modal
      title={t('packages.confirmTitle')}
      testId="package-confirm"
      onClose={() => answer(false)}
      footer={
        <>
          <button type="button" className="danger" onClick={() => answer(false)} data-testid="package-confirm-no" autoFocus>
            {t('packages.confirmNo')}
          </button>
          <button type="button" className="primary" onClick={() => answer(true)} data-testid="package-confirm-yes">
            {t('packages.confirmYes')}
          </button>
        </>
      }
    >
      <p className="muted small">
        {t('packages.file')}: {request.fileName}
      </p>
      <p data-testid="package-confirm-intro">{t('packages.confirmIntro', { campaign: c.campaignName, name: c.issuerName })}</p>
      <p className="hint-strong">{t('packages.confirmCheck')}</p>
      <Fingerprint value={c.fingerprint} testId="package-confirm-fingerprint" />
    </Modal>
  );
}

export function RegisteredDialog({ identity, onClose }: { identity: RegisteredIdentity; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      title={t('packages.registeredTitle')}
      testId="registered-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="danger" onClick={() => void useStore.getState().unregisterIdentity(identity)} data-testid="registered-mismatch">
            {t('packages.registeredMismatch')}
          </button>
          <button type="button" className="primary" onClick={onClose} data-testid="registered-close" autoFocus>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="registered-body">
        <p className="registered-name">
          <strong data-testid="registered-name">{identity.name}</strong>
          {identity.agency !== '' && <span className="muted"> · {identity.agency}</span>}
        </p>
        <p className="hint-strong">{t('packages.registeredCheck', { name: identity.name })}</p>
        <Fingerprint value={identity.fingerprint} testId="registered-fingerprint" />
        <p className="hint">{t('packages.registeredNext')}</p>
      </div>
    </Modal>
  );
}
