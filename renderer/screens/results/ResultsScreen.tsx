// Results ("Kết quả"): the ranking per group, component indices, the comparison with the previous
// year, charts and the decision's annexes, as tabs of one screen (WAI-ARIA tabs: ←/→, Home/End).

import { lazy, Suspense, useEffect } from 'react';
import { completenessOf, type Ranking } from '../../../shared/calc.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { TabList } from '../../components/TabList.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { RESULTS_TABS, type ResultsTab } from '../../store/rankingSlice.js';
import { NoCampaign } from '../NoCampaign.js';
import { AnnexTab } from './AnnexTab.js';
import { ComponentsTab } from './ComponentsTab.js';
import { PreviousTab } from './PreviousTab.js';
import { RankingTab } from './RankingTab.js';

// chart.js is the largest part of the results: loaded when the charts tab is first opened.
const ChartsTab = lazy(() => import('./ChartsTab.js').then((m) => ({ default: m.ChartsTab })));

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

  useEffect(() => {
    if (campaignId === null) return;
    const { loadRanking, loadPrevious } = useStore.getState();
    void loadRanking();
    void loadPrevious();
  }, [campaignId]);

  if (campaignId === null) return <NoCampaign />;

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
      {ranking?.provisional && <ProvisionalBanner ranking={ranking} />}
      <TabList prefix="results" tabs={RESULTS_TABS} current={tab} onSelect={setTab} label={t('results.tabs')} labelOf={(name) => t(TAB_LABELS[name])} className="results-tabs">
        <span className="tabs-info">{t('results.tabsHint')}</span>
      </TabList>
      <div className="results-panel" role="tabpanel" id={`results-panel-${tab}`} aria-labelledby={`results-tab-${tab}`} data-testid={`results-panel-${tab}`}>
        {tab === 'ranking' && <RankingTab />}
        {tab === 'components' && <ComponentsTab />}
        {tab === 'previous' && <PreviousTab />}
        {tab === 'charts' && (
          <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
            <ChartsTab />
          </Suspense>
        )}
        {tab === 'annex' && detail && (
          <AnnexTab key={`${detail.campaign.id}:${detail.campaign.decisionNo}:${detail.campaign.decisionDate}:${detail.campaign.issuer}`} />
        )}
        {tab !== 'previous' && tab !== 'annex' && ranking === null && !loading && <p className="empty">{t('common.loading')}</p>}
      </div>
    </div>
  );
}

/** Until the campaign is finalised every tab says its figures are provisional, and what is still missing. */
function ProvisionalBanner({ ranking }: { ranking: Ranking }) {
  const t = useT();
  const missing = completenessOf(ranking);
  return (
    <div className="notice warn provisional-banner" role="status" data-testid="results-provisional">
      <strong>{t('results.provisional')}</strong>
      {(missing.unappraised.length > 0 || missing.missingCells > 0) && (
        <> {t('results.provisionalMissing', { units: missing.unappraised.length, cells: missing.missingCells })}</>
      )}
    </div>
  );
}
