// Shown by screens that need a campaign when none exists or is selected.

import { useT } from '../i18n.js';
import { useStore } from '../store/index.js';

export function NoCampaign() {
  const t = useT();
  const loaded = useStore((s) => s.campaignsLoaded);
  const setScreen = useStore((s) => s.setScreen);
  if (!loaded) return <p className="empty">{t('common.loading')}</p>;
  return (
    <div className="empty-state" data-testid="no-campaign">
      <p>{t('common.noCampaign')}</p>
      <button type="button" className="primary" onClick={() => setScreen('campaigns')}>
        {t('common.goCampaigns')}
      </button>
    </div>
  );
}
