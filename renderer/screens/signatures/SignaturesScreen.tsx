// Chữ ký số: the signing identities of this machine, the trusted roots, and checking a signed file, as
// tabs of one screen (WAI-ARIA tabs: ←/→, Home/End).

import { useEffect } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { TabList } from '../../components/TabList.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { SIGNATURES_TABS, type SignaturesTab } from '../../store/signatureSlice.js';
import { IdentitiesTab } from './IdentitiesTab.js';
import { RootsTab } from './RootsTab.js';
import { VerifyTab } from './VerifyTab.js';

const TAB_LABELS: Record<SignaturesTab, MessageKey> = {
  identities: 'signatures.tab.identities',
  roots: 'signatures.tab.roots',
  verify: 'signatures.tab.verify',
};

export function SignaturesScreen() {
  const t = useT();
  const tab = useStore((s) => s.signaturesTab);
  const setTab = useStore((s) => s.setSignaturesTab);

  useEffect(() => {
    const { loadIdentities, loadTrustedRoots } = useStore.getState();
    void loadIdentities();
    void loadTrustedRoots();
  }, []);

  return (
    <div className="page signatures-page" data-testid="signatures">
      <div className="toolbar">
        <h1 className="page-title">{t('signatures.title')}</h1>
        <span className="toolbar-spacer" />
        <span className="muted small">{t('signatures.subtitle')}</span>
      </div>
      <TabList prefix="signatures" tabs={SIGNATURES_TABS} current={tab} onSelect={setTab} label={t('signatures.tabs')} labelOf={(name) => t(TAB_LABELS[name])} />
      <div className="signatures-panel" role="tabpanel" id={`signatures-panel-${tab}`} aria-labelledby={`signatures-tab-${tab}`} data-testid={`signatures-panel-${tab}`}>
        {tab === 'identities' && <IdentitiesTab />}
        {tab === 'roots' && <RootsTab />}
        {tab === 'verify' && <VerifyTab />}
      </div>
    </div>
  );
}
