// Ranking: one table per unit group as the server ranks it (ties share a rank), and the
// export of the ranking annex with the decision's number, date and issuer.

import { useEffect, useState, type FormEvent } from 'react';
import type { GroupRanking } from '../../../shared/calc.js';
import { percent, pointsAligned } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { NoCampaign } from '../NoCampaign.js';
import { DateInput } from '../../components/DateInput.js';

export function RankingScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const ranking = useStore((s) => s.ranking);
  const loading = useStore((s) => s.rankingLoading);
  const loadRanking = useStore((s) => s.loadRanking);
  const detail = useStore((s) => s.detail);

  useEffect(() => {
    if (campaignId !== null) void loadRanking();
  }, [campaignId, loadRanking]);

  if (campaignId === null) return <NoCampaign />;
  const areaNames = new Map((detail?.areas ?? []).map((a) => [a.code, a.name]));
  return (
    <div className="page ranking-page" data-testid="ranking" data-state={ranking !== null && !loading ? 'ready' : 'loading'}>
      <div className="toolbar">
        <h1 className="page-title">{t('ranking.title', { name: detail?.campaign.name ?? '' })}</h1>
        <span className="toolbar-spacer" />
        {loading && <span className="muted small">{t('common.loading')}</span>}
        <button type="button" onClick={() => void loadRanking()} data-testid="ranking-refresh">
          {t('ranking.refresh')}
        </button>
      </div>
      {detail && <AnnexForm key={`${detail.campaign.id}:${detail.campaign.decisionNo}:${detail.campaign.decisionDate}:${detail.campaign.issuer}`} />}
      {ranking?.groups.map((group) => (
        <GroupTable key={group.code} group={group} areas={ranking.areas.map((a) => ({ code: a.code, name: areaNames.get(a.code) ?? a.name }))} />
      ))}
      {ranking === null && !loading && <p className="empty">{t('common.loading')}</p>}
    </div>
  );
}

function AnnexForm() {
  const t = useT();
  const campaign = useStore((s) => s.detail?.campaign);
  const exportAnnex = useStore((s) => s.exportAnnex);
  const busy = useStore((s) => s.busy.length > 0);
  const [decisionNo, setDecisionNo] = useState(campaign?.decisionNo ?? '');
  const [decisionDate, setDecisionDate] = useState<string | null>(campaign?.decisionDate ?? '');
  const [issuer, setIssuer] = useState(campaign?.issuer ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decisionDate === null) return;
    void exportAnnex({ decisionNo: decisionNo.trim(), decisionDate, issuer: issuer.trim() });
  };

  return (
    <form className="annex-form" onSubmit={submit} data-testid="annex-form">
      <label className="field">
        <span>{t('decision.number')}</span>
        <input value={decisionNo} onChange={(e) => setDecisionNo(e.target.value)} placeholder={t('decision.numberPlaceholder')} data-testid="annex-decision-no" />
      </label>
      <label className="field">
        <span>{t('decision.date')}</span>
        <DateInput value={campaign?.decisionDate ?? ''} onChange={setDecisionDate} label={t('decision.date')} testId="annex-decision-date" />
      </label>
      <label className="field grow">
        <span>{t('create.issuer')}</span>
        <input value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder={t('create.issuerPlaceholder')} data-testid="annex-issuer" />
      </label>
      <button type="submit" className="primary" disabled={busy || decisionDate === null} data-testid="export-annex">
        {t('ranking.exportAnnex')}
      </button>
    </form>
  );
}

function GroupTable({ group, areas }: { group: GroupRanking; areas: Array<{ code: string; name: string }> }) {
  const t = useT();
  return (
    <section className="ranking-group" data-testid={`ranking-group-${group.code}`} data-name={group.name}>
      <h2 className="section-title">
        {group.name}
        <span className="muted small">
          {' '}
          · {t('ranking.unitCount', { count: group.rows.length })}
          {!group.ranked && ` · ${t('ranking.notRanked')}`}
        </span>
      </h2>
      <div className="table-scroll">
        <table className="grid ranking-table">
          <thead>
            <tr>
              <th className="num col-rank" rowSpan={2}>
                {t('ranking.rank')}
              </th>
              <th rowSpan={2}>{t('ranking.unit')}</th>
              <th className="num" rowSpan={2}>
                {t('ranking.total')}
              </th>
              <th className="num" rowSpan={2}>
                {t('ranking.max')}
              </th>
              <th className="num" rowSpan={2}>
                {t('ranking.index')}
              </th>
              <th rowSpan={2}>{t('ranking.band')}</th>
              <th className="center" colSpan={areas.length}>
                {t('ranking.components')}
              </th>
            </tr>
            <tr>
              {areas.map((a) => (
                <th key={a.code} className="num col-area" title={a.name}>
                  {t('ranking.area', { code: a.code })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {group.rows.map((row) => (
              <tr key={row.unitCode} data-testid={`ranking-row-${row.unitCode}`} data-name={row.unitName}>
                <td className="num col-rank strong" data-testid="rank">
                  {row.rank ?? '—'}
                </td>
                <td data-testid="unit-name">{row.unitName}</td>
                <td className="num" data-testid="total">
                  {pointsAligned(row.totalMilli)}
                </td>
                <td className="num" data-testid="max">
                  {pointsAligned(row.maxMilli)}
                </td>
                <td className="num strong" data-testid="index">
                  {percent(row.indexHundredths)}
                </td>
                <td data-testid="band">{row.band ?? ''}</td>
                {areas.map((a) => {
                  const value = row.components[a.code] ?? null;
                  return (
                    <td key={a.code} className={value !== null && value < 8000 ? 'num low' : 'num'} data-testid={`area-${a.code}`}>
                      {percent(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
            {group.rows.length === 0 && (
              <tr>
                <td colSpan={6 + areas.length} className="empty">
                  {t('ranking.noUnits')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
