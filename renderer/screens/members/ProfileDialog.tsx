// "Hồ sơ của tôi": who works on this machine — name, agency, role in the council, and whether they
// are a council member (proposes scores on their assigned areas) or the secretariat (final scores). A
// machine without a profile may instead become a unit's (it self-assesses; unit/UnitProfile.tsx).

import { useState, type FormEvent } from 'react';
import type { MemberProfile } from '../../../shared/contract.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { UnitProfileFields, unitProfileValid, type UnitProfileInput } from '../unit/UnitProfile.js';

export function ProfileDialog({ profile, onClose }: { profile: MemberProfile | null; onClose: () => void }) {
  const t = useT();
  const saveSelf = useStore((s) => s.saveSelf);
  const [name, setName] = useState(profile?.name ?? '');
  const [agency, setAgency] = useState(profile?.agency ?? '');
  const [role, setRole] = useState(profile?.role ?? '');
  const [kind, setKind] = useState<MemberProfile['kind'] | 'unit'>(profile?.kind ?? 'member');
  const [saving, setSaving] = useState(false);
  const [unit, setUnit] = useState<UnitProfileInput>({ unitCode: '', name: '', agency: '' });
  const valid = kind === 'unit' ? unitProfileValid(unit) : name.trim() !== '';

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || saving) return;
    setSaving(true);
    if (kind === 'unit') {
      // The unit's card (fingerprint, .pub) takes this dialog's place once the profile exists.
      await useStore.getState().createUnitSelf({ unitCode: unit.unitCode.trim(), name: unit.name.trim(), agency: unit.agency.trim() });
      setSaving(false);
      return;
    }
    const ok = await saveSelf({ name: name.trim(), agency: agency.trim(), role: role.trim(), kind });
    setSaving(false);
    if (ok) onClose();
  };

  return (
    <Modal
      title={t('profile.title')}
      testId="profile-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="profile-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void submit()} disabled={!valid || saving} data-testid="profile-save">
            {t('common.save')}
          </button>
        </>
      }
    >
      <form className="form profile-form" onSubmit={(e) => void submit(e)}>
        <p className="hint">{t('profile.hint')}</p>
        {kind !== 'unit' && (
          <>
            <label className="field">
              <span>{t('profile.name')}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('profile.namePlaceholder')} autoFocus maxLength={200} data-testid="profile-name" />
              {!valid && <span className="field-error">{t('profile.nameRequired')}</span>}
            </label>
            <label className="field">
              <span>{t('profile.agency')}</span>
              <input value={agency} onChange={(e) => setAgency(e.target.value)} placeholder={t('profile.agencyPlaceholder')} maxLength={300} data-testid="profile-agency" />
            </label>
            <label className="field">
              <span>{t('profile.role')}</span>
              <input value={role} onChange={(e) => setRole(e.target.value)} placeholder={t('profile.rolePlaceholder')} maxLength={200} data-testid="profile-role" />
            </label>
          </>
        )}
        <fieldset className="field">
          <legend>{t('profile.kind')}</legend>
          <label className="radio">
            <input type="radio" name="profile-kind" checked={kind === 'member'} onChange={() => setKind('member')} data-testid="profile-kind-member" />
            <span>
              <strong>{t('profile.kind.member')}</strong> — {t('profile.kind.memberHint')}
            </span>
          </label>
          <label className="radio">
            <input type="radio" name="profile-kind" checked={kind === 'secretariat'} onChange={() => setKind('secretariat')} data-testid="profile-kind-secretariat" />
            <span>
              <strong>{t('profile.kind.secretariat')}</strong> — {t('profile.kind.secretariatHint')}
            </span>
          </label>
          {profile === null && (
            <label className="radio">
              <input type="radio" name="profile-kind" checked={kind === 'unit'} onChange={() => setKind('unit')} data-testid="profile-kind-unit" />
              <span>
                <strong>{t('unit.profile.kind')}</strong> — {t('unit.profile.kindHint')}
              </span>
            </label>
          )}
        </fieldset>
        {kind === 'unit' ? <UnitProfileFields value={unit} onChange={setUnit} /> : <p className="muted small">{t('profile.recusalHint')}</p>}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      </form>
    </Modal>
  );
}
