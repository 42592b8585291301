// The two appraisal rounds on the secretariat's screen: the round pill and "open round 2" (with a
// reason, confirmed; there is no way back to round 1), the explanation list for units and the import
// of their answers, and each round's totals side by side.

import { useEffect, useMemo, useState } from 'react';
import type { ConsolidationReport, RoundSummary } from '../../../shared/contract.js';
import { ImportIssues } from '../../components/ImportIssues.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { FileButton } from './PackagesPanel.js';
import { percent, pointsAligned } from '../../format.js';

/** The current round as a pill, and the action that opens round 2 while the campaign is in round 1. */
export function RoundControls({ report }: { report: ConsolidationReport }) {
  const t = useT();
  const summary = useStore((s) => s.roundSummary);
  const [asking, setAsking] = useState(false);
  const campaignId = useStore((s) => s.campaignId);
  useEffect(() => {
    void useStore.getState().loadRoundSummary();
  }, [campaignId, report]);
  const round = summary?.current ?? report.round;
  return (
    <>
      <span className={round === 2 ? 'status-pill round-pill round-2' : 'status-pill round-pill'} data-testid="round-pill" data-round={round}>
        {t('rounds.pill', { round })}
      </span>
      {round === 1 && (
        <button
          type="button"
          onClick={() => setAsking(true)}
          disabled={report.status === 'final'}
          title={summary?.openBlocked || t('rounds.openHint')}
          data-testid="round-open"
        >
          {t('rounds.open')}
        </button>
      )}
      {asking && summary && <OpenRoundDialog summary={summary} onClose={() => setAsking(false)} />}
    </>
  );
}

function OpenRoundDialog({ summary, onClose }: { summary: RoundSummary; onClose: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const blocked = summary.openBlocked;
  const submit = async () => {
    if (reason.trim() === '' || working || blocked) return;
    setWorking(true);
    const ok = await useStore.getState().openRound2(reason.trim());
    setWorking(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={t('rounds.openTitle')}
      testId="round-open-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="round-open-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void submit()} disabled={reason.trim() === '' || working || blocked !== ''} data-testid="round-open-ok">
            {t('rounds.open')}
          </button>
        </>
      }
    >
      <p className="confirm-message">{t('rounds.openMessage', { cells: summary.rounds[0]!.finals, open: summary.openRequests })}</p>
      <p className="notice small" data-testid="round-no-way-back">
        {t('rounds.noWayBack')}
      </p>
      {blocked && (
        <p className="field-error" role="alert" data-testid="round-open-blocked">
          {blocked}
        </p>
      )}
      <label className="field">
        <span>{t('rounds.reason')}</span>
        <textarea
          rows={3}
          maxLength={2000}
          value={reason}
          autoFocus
          placeholder={t('rounds.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
          data-testid="round-open-reason"
        />
      </label>
    </Modal>
  );
}

/** Explanations to and from units, and the rounds' totals. */
export function RoundsPanel({ report }: { report: ConsolidationReport }) {
  const t = useT();
  const summary = useStore((s) => s.roundSummary);
  const units = useStore((s) => s.units);
  const busy = useStore((s) => s.busy.length > 0);
  const result = useStore((s) => s.answersResult);
  const failure = useStore((s) => s.answersFailure);
  const [unit, setUnit] = useState('');
  const locked = report.status === 'final';
  const rows = useMemo(() => {
    if (!summary) return [];
    const r2 = new Map(summary.rounds[1]!.units.map((u) => [u.unitCode, u]));
    return summary.rounds[0]!.units.map((u1) => ({ u1, u2: r2.get(u1.unitCode) ?? null }));
  }, [summary]);
  if (!summary) return <p className="empty">{t('common.loading')}</p>;
  const { exportExplanations, importAnswers, clearAnswers, setScreen } = useStore.getState();
  const inRound2 = summary.current === 2;

  return (
    <div className="subpanel rounds-panel" data-testid="rounds-panel" data-round={summary.current}>
      <section className="rounds-explanations">
        <h2 className="section-title">{t('rounds.explanationsTitle')}</h2>
        <p className="hint">{t('rounds.explanationsHint')}</p>
        <p data-testid="request-counts">
          {t('rounds.requestCounts', { open: summary.openRequests, answered: summary.answeredRequests })}
        </p>
        <div className="package-steps">
          <div className="package-step">
            <span className="step-no">1</span>
            <label className="inline-field">
              <span>{t('rounds.forUnit')}</span>
              <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="explanations-unit">
                <option value="">{t('rounds.allUnits')}</option>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.code} — {u.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" onClick={() => void exportExplanations(unit || undefined)} disabled={busy} data-testid="explanations-export">
              {t('rounds.export')}
            </button>
          </div>
          <div className="package-step">
            <span className="step-no">2</span>
            <FileButton accept=".xlsx" label={t('rounds.importAnswers')} testId="answers-import" disabled={busy || locked} onFile={importAnswers} />
          </div>
          <div className="package-step">
            <span className="step-no">3</span>
            <span className="small">{t('rounds.evidenceHint')}</span>
            <button type="button" className="link" onClick={() => setScreen('scoring')} data-testid="rounds-evidence-link">
              {t('rounds.evidenceLink')}
            </button>
          </div>
        </div>
        {result && (
          <p className="notice small" role="status" data-testid="answers-result">
            {t('rounds.importedDetail', { file: result.fileName, answered: result.answered, unchanged: result.unchanged, blank: result.blank })}
          </p>
        )}
        <ImportIssues failure={failure} onClose={clearAnswers} testId="answers-issues" />
      </section>
      <section className="rounds-results">
        <h2 className="section-title">{t('rounds.resultsTitle')}</h2>
        <p className="hint" data-testid="round-state">
          {inRound2 ? t('rounds.stateRound2', { reason: summary.reason }) : t('rounds.stateRound1')}
        </p>
        <table className="grid rounds-table" data-testid="rounds-table">
          <thead>
            <tr>
              <th>{t('consolidate.col.unit')}</th>
              <th className="num">{t('rounds.round1Points')}</th>
              <th className="num">{t('rounds.round1Index')}</th>
              <th className="num">{t('rounds.round2Points')}</th>
              <th className="num">{t('rounds.round2Index')}</th>
              <th className="num">{t('rounds.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ u1, u2 }) => {
              const delta = u2 ? u2.indexHundredths - u1.indexHundredths : null;
              return (
                <tr key={u1.unitCode} data-testid="round-row" data-unit={u1.unitCode}>
                  <td className="ellipsis" title={u1.groupName}>
                    {u1.unitName}
                  </td>
                  <td className="num" data-testid="round1-total">
                    {pointsAligned(u1.totalMilli)}
                  </td>
                  <td className="num">{percent(u1.indexHundredths)}</td>
                  <td className="num strong" data-testid="round2-total">
                    {u2 ? pointsAligned(u2.totalMilli) : '—'}
                  </td>
                  <td className="num">{u2 ? percent(u2.indexHundredths) : '—'}</td>
                  <td className={delta === null || delta === 0 ? 'num muted' : delta > 0 ? 'num ok-text' : 'num danger-text'}>
                    {delta === null ? '—' : `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${percent(Math.abs(delta))}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
