// The unit's profile: the third answer to "Tôi là" on a machine without a profile (a unit self-assessing:
// its code, its name, its agency → a fresh signing key), and, once made, the unit's card — the key's
// fingerprint to read to the secretariat by phone and its .pub file to send them. A unit profile is for
// good: the machine's packages are signed with its key.

import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { Fingerprint } from '../consolidate/Fingerprint.js';

export interface UnitProfileInput {
  unitCode: string;
  name: string;
  agency: string;
}

/** The fields a unit profile asks for; the unit code is what the secretariat's campaign calls the unit. */
export function UnitProfileFields({ value, onChange }: { value: UnitProfileInput; onChange: (value: UnitProfileInput) => void }) {
  const t = useT();
  return (
    <>
      <label className="field">
        <span>{t('unit.profile.code')}</span>
        <input value={value.unitCode} onChange={(e) => onChange({ ...value, unitCode: e.target.value })} placeholder={t('unit.profile.codePlaceholder')} maxLength={64} data-testid="unit-profile-code" />
        {value.unitCode.trim() === '' && <span className="field-error">{t('unit.profile.codeRequired')}</span>}
      </label>
      <label className="field">
        <span>{t('unit.profile.name')}</span>
        <input value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} placeholder={t('unit.profile.namePlaceholder')} maxLength={300} data-testid="unit-profile-name" />
        {value.name.trim() === '' && <span className="field-error">{t('unit.profile.nameRequired')}</span>}
      </label>
      <label className="field">
        <span>{t('unit.profile.agency')}</span>
        <input value={value.agency} onChange={(e) => onChange({ ...value, agency: e.target.value })} placeholder={t('unit.profile.agencyPlaceholder')} maxLength={300} data-testid="unit-profile-agency" />
      </label>
      <p className="muted small">{t('unit.profile.hint')}</p>
    </>
  );
}

export const unitProfileValid = (v: UnitProfileInput): boolean => v.unitCode.trim() !== '' && v.name.trim() !== '';

/** The unit's card: who this machine is, the fingerprint to read out, the .pub to send. */
export function UnitProfileDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const card = useStore((s) => s.unitSelf);
  const exportUnitIdentity = useStore((s) => s.exportUnitIdentity);
  if (!card) return null;
  return (
    <Modal
      title={t('unit.profile.title')}
      testId="unit-profile-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={() => void exportUnitIdentity()} data-testid="unit-profile-export">
            {t('unit.exportIdentity')}
          </button>
          <button type="button" className="primary" onClick={onClose} data-testid="unit-profile-close" data-autofocus>
            {t('common.close')}
          </button>
        </>
      }
    >
      <dl className="summary-list">
        <dt>{t('unit.profile.code')}</dt>
        <dd data-testid="unit-profile-card-code">{card.unitCode}</dd>
        <dt>{t('unit.profile.name')}</dt>
        <dd className="strong">{card.name}</dd>
        {card.agency !== '' && (
          <>
            <dt>{t('unit.profile.agency')}</dt>
            <dd>{card.agency}</dd>
          </>
        )}
      </dl>
      <p className="hint-strong">{t('unit.fingerprintHint')}</p>
      <Fingerprint value={card.fingerprint} testId="unit-profile-fingerprint" />
      <p className="hint">{t('unit.profile.next')}</p>
    </Modal>
  );
}
