// Chữ ký số: the signing identities of this machine, the trusted roots, and checking a signed file, as
// tabs of one screen (WAI-ARIA tabs: ←/→, Home/End).

import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
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
  const tabRefs = useRef(new Map<SignaturesTab, HTMLButtonElement>());

  useEffect(() => {
    const { loadIdentities, loadTrustedRoots } = useStore.getState();
    void loadIdentities();
    void loadTrustedRoots();
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = SIGNATURES_TABS.indexOf(tab);
    const n = SIGNATURES_TABS.length;
    const next =
      event.key === 'ArrowRight'
        ? SIGNATURES_TABS[(at + 1) % n]
        : event.key === 'ArrowLeft'
          ? SIGNATURES_TABS[(at - 1 + n) % n]
          : event.key === 'Home'
            ? SIGNATURES_TABS[0]
            : event.key === 'End'
              ? SIGNATURES_TABS[n - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <div className="page signatures-page" data-testid="signatures">
      <div className="toolbar">
        <h1 className="page-title">{t('signatures.title')}</h1>
        <span className="toolbar-spacer" />
        <span className="muted small">{t('signatures.subtitle')}</span>
      </div>
      <div className="tabs" role="tablist" aria-label={t('signatures.tabs')} onKeyDown={onTabKey}>
        {SIGNATURES_TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              if (el) tabRefs.current.set(name, el);
              else tabRefs.current.delete(name);
            }}
            type="button"
            role="tab"
            id={`signatures-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`signatures-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
            data-testid={`signatures-tab-${name}`}
          >
            {t(TAB_LABELS[name])}
          </button>
        ))}
      </div>
      <div className="signatures-panel" role="tabpanel" id={`signatures-panel-${tab}`} aria-labelledby={`signatures-tab-${tab}`} data-testid={`signatures-panel-${tab}`}>
        {tab === 'identities' && <IdentitiesTab />}
        {tab === 'roots' && <RootsTab />}
        {tab === 'verify' && <VerifyTab />}
      </div>
    </div>
  );
}
