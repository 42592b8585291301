// Results ("Kết quả"): the ranking per group, component indices, the comparison with the previous
// year, charts and the decision's annexes, as tabs of one screen (WAI-ARIA tabs: ←/→, Home/End).

import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { RESULTS_TABS, type ResultsTab } from '../../store/rankingSlice.js';
import { NoCampaign } from '../NoCampaign.js';
import { AnnexTab } from './AnnexTab.js';
import { ChartsTab } from './ChartsTab.js';
import { ComponentsTab } from './ComponentsTab.js';
import { PreviousTab } from './PreviousTab.js';
import { RankingTab } from './RankingTab.js';

const TAB_LABELS: Record<ResultsTab, MessageKey> = {
  ranking: 'results.tab.ranking',
  components: 'results.tab.components',
  previous: 'results.tab.previous',
  charts: 'results.tab.charts',
  annex: 'results.tab.annex',
};

export function ResultsScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const ranking = useStore((s) => s.ranking);
  const loading = useStore((s) => s.rankingLoading);
  const detail = useStore((s) => s.detail);
  const tab = useStore((s) => s.resultsTab);
  const setTab = useStore((s) => s.setResultsTab);
  const tabRefs = useRef(new Map<ResultsTab, HTMLButtonElement>());

  useEffect(() => {
    if (campaignId === null) return;
    const { loadRanking, loadPrevious } = useStore.getState();
    void loadRanking();
    void loadPrevious();
  }, [campaignId]);

  if (campaignId === null) return <NoCampaign />;

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = RESULTS_TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? RESULTS_TABS[(at + 1) % RESULTS_TABS.length]
        : event.key === 'ArrowLeft'
          ? RESULTS_TABS[(at - 1 + RESULTS_TABS.length) % RESULTS_TABS.length]
          : event.key === 'Home'
            ? RESULTS_TABS[0]
            : event.key === 'End'
              ? RESULTS_TABS[RESULTS_TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <div className="page results-page" data-testid="ranking" data-state={ranking !== null && !loading ? 'ready' : 'loading'}>
      <div className="toolbar">
        <h1 className="page-title">{t('results.title', { name: detail?.campaign.name ?? '' })}</h1>
        <span className="toolbar-spacer" />
        {loading && <span className="muted small">{t('common.loading')}</span>}
        <button type="button" onClick={() => void useStore.getState().loadRanking()} data-testid="ranking-refresh">
          {t('ranking.refresh')}
        </button>
      </div>
      <div className="tabs results-tabs" role="tablist" aria-label={t('results.tabs')} onKeyDown={onTabKey}>
        {RESULTS_TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              if (el) tabRefs.current.set(name, el);
              else tabRefs.current.delete(name);
            }}
            type="button"
            role="tab"
            id={`results-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`results-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
            data-testid={`results-tab-${name}`}
          >
            {t(TAB_LABELS[name])}
          </button>
        ))}
        <span className="tabs-info">{t('results.tabsHint')}</span>
      </div>
      <div className="results-panel" role="tabpanel" id={`results-panel-${tab}`} aria-labelledby={`results-tab-${tab}`} data-testid={`results-panel-${tab}`}>
        {tab === 'ranking' && <RankingTab />}
        {tab === 'components' && <ComponentsTab />}
        {tab === 'previous' && <PreviousTab />}
        {tab === 'charts' && <ChartsTab />}
        {tab === 'annex' && detail && (
          <AnnexTab key={`${detail.campaign.id}:${detail.campaign.decisionNo}:${detail.campaign.decisionDate}:${detail.campaign.issuer}`} />
        )}
        {tab !== 'previous' && tab !== 'annex' && ranking === null && !loading && <p className="empty">{t('common.loading')}</p>}
      </div>
    </div>
  );
}
