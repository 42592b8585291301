// App name, the screens this machine offers (a member's machine: its own work only), the lock of a finalised campaign, the campaign selector, who I am (the profile) and the language switch.

import { LANGUAGES } from '../../shared/i18n/index.js';
import { useT } from '../i18n.js';
import { useStore } from '../store/index.js';
import { machineKindOf, screensFor, type Screen } from '../store/uiSlice.js';
import type { MessageKey } from '../../shared/i18n/index.js';
import { Icon } from './Icon.js';

const SCREEN_LABELS: Record<Screen, MessageKey> = {
  campaigns: 'nav.campaigns',
  scoring: 'nav.scoring',
  ranking: 'nav.ranking',
  consolidate: 'nav.consolidate',
  signatures: 'nav.signatures',
  self: 'unit.nav.self',
  unitPackages: 'unit.nav.packages',
  unitCalendar: 'unit.nav.calendar',
};

export function TopBar() {
  const t = useT();
  const screen = useStore((s) => s.screen);
  const setScreen = useStore((s) => s.setScreen);
  const campaigns = useStore((s) => s.campaigns);
  const campaignId = useStore((s) => s.campaignId);
  const selectCampaign = useStore((s) => s.selectCampaign);
  const language = useStore((s) => s.language);
  const setLanguage = useStore((s) => s.setLanguage);
  const self = useStore((s) => s.self);
  const unitSelf = useStore((s) => s.unitSelf);
  const setProfileOpen = useStore((s) => s.setProfileOpen);
  const final = campaigns.find((c) => c.id === campaignId)?.status === 'final';
  const setBackupOpen = useStore((s) => s.setBackupOpen);

  return (
    <header className="topbar">
      <div className="app-name" data-testid="app-name">
        {t('app.name')}
      </div>
      <nav className="nav" aria-label={t('nav.label')}>
        {screensFor(machineKindOf({ self, unitSelf })).map((s, i) => (
          <button
            key={s}
            type="button"
            className={s === screen ? 'nav-item active' : 'nav-item'}
            aria-current={s === screen ? 'page' : undefined}
            onClick={() => setScreen(s)}
            title={t('nav.shortcut', { key: `Alt+${i + 1}` })}
            data-testid={`nav-${s}`}
          >
            {t(SCREEN_LABELS[s])}
          </button>
        ))}
      </nav>
      <div className="topbar-spacer" />
      <label className="campaign-picker">
        <span>{t('topbar.campaign')}</span>
        <select
          value={campaignId ?? ''}
          onChange={(e) => void selectCampaign(e.target.value === '' ? null : Number(e.target.value))}
          title={campaigns.find((c) => c.id === campaignId)?.name}
          data-testid="campaign-select"
        >
          {campaigns.length === 0 && <option value="">{t('topbar.noCampaign')}</option>}
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {final && (
        <span className="lock-badge" title={t('topbar.lockedTitle')} data-testid="topbar-locked">
          <Icon name="lock" />
          {t('topbar.locked')}
        </span>
      )}
      {unitSelf ? (
        <button type="button" className="profile-button" onClick={() => setProfileOpen(true)} title={t('unit.profile.title')} data-testid="profile-button" data-kind="unit">
          <Icon name="user" />
          <span className="profile-name" data-testid="profile-button-name">
            {unitSelf.name}
          </span>
          <span className="profile-kind" data-testid="profile-button-kind">
            {t('unit.profile.kind')}
          </span>
        </button>
      ) : (
      <button
        type="button"
        className={self ? 'profile-button' : 'profile-button missing'}
        onClick={() => setProfileOpen(true)}
        title={self ? t('profile.buttonTitle', { agency: self.agency || '—', role: self.role || '—' }) : t('profile.title')}
        data-testid="profile-button"
        data-kind={self?.kind ?? ''}
      >
        <Icon name="user" />
        {self ? (
          <>
            <span className="profile-name" data-testid="profile-button-name">
              {self.name}
            </span>
            <span className="profile-kind" data-testid="profile-button-kind">
              {t(self.kind === 'member' ? 'profile.kind.member' : 'profile.kind.secretariat')}
            </span>
          </>
        ) : (
          <span className="profile-name">{t('profile.declare')}</span>
        )}
      </button>
      )}
      <button type="button" className="backup-button" onClick={() => setBackupOpen(true)} title={t('backup.buttonTitle')} data-testid="backup-button">
        <Icon name="archive" />
        {t('backup.button')}
      </button>
      <div className="lang-switch" role="group" aria-label={t('topbar.language')}>
        {LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            className={l === language ? 'active' : ''}
            aria-pressed={l === language}
            onClick={() => setLanguage(l)}
            data-testid={`lang-${l}`}
          >
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}
