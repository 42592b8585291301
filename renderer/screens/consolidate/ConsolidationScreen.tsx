// Tổng hợp: the secretariat turns members' proposals into one appraised score per cell. A dashboard
// (progress per member × area, queue sizes, what is missing), the divergence queue, conflicts, the
// policy, package exchange, and finalising / unlocking the campaign.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConsolidationReport, Policy } from '../../../shared/contract.js';
import { formatPoints, parsePointsText } from '../../../shared/numbers.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Icon } from '../../components/Icon.js';
import { Modal } from '../../components/Modal.js';
import { TabList } from '../../components/TabList.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { NoCampaign } from '../NoCampaign.js';
import { ProgressBar } from '../workspace/ProgressBar.js';
import { PackagesPanel } from './PackagesPanel.js';
import { QueuePanel, type QueueSelection } from './QueuePanel.js';
import { AuditPanel } from './AuditPanel.js';
import { RoundControls, RoundsPanel } from './RoundsPanel.js';
import { SurveyPanel } from './SurveyPanel.js';
import { TrackerPanel } from '../tracker/TrackerPanel.js';
import { REASONS, cellValue, itemKey } from './values.js';

const CONSOLIDATION_TABS = ['queue', 'conflicts', 'policy', 'packages', 'rounds', 'survey', 'audit'] as const;
type Tab = (typeof CONSOLIDATION_TABS)[number];

export function ConsolidationScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const detail = useStore((s) => s.detail);
  const workspace = useStore((s) => s.workspace);
  const report = useStore((s) => s.report);
  const [tab, setTab] = useState<Tab>('queue');
  const [selection, setSelection] = useState<QueueSelection>({ key: null, index: 0 });
  const [openFormRequest, setOpenFormRequest] = useState(0);
  const [confirm, setConfirm] = useState<'finalize' | 'unlock' | null>(null);

  useEffect(() => {
    if (campaignId !== null) void useStore.getState().loadReport();
  }, [campaignId]);

  const decideAgain = useCallback((key: string) => {
    useStore.getState().setQueueFilter('all');
    setSelection({ key, index: 0 });
    setTab('queue');
    setOpenFormRequest((n) => n + 1);
  }, []);

  if (campaignId === null) return <NoCampaign />;
  if (workspace?.mode === 'member') {
    return (
      <div className="page">
        <h1 className="page-title">{t('consolidate.title')}</h1>
        <p className="notice" data-testid="consolidate-member-hint">
          {t('consolidate.memberHint')}
        </p>
      </div>
    );
  }
  const name = detail?.campaign.name ?? '';
  const final = report?.status === 'final';

  return (
    <div className="page consolidate-page" data-testid="consolidate-page" data-status={report?.status ?? ''}>
      <div className="toolbar">
        <h1 className="page-title">{t('consolidate.title')}</h1>
        {report && (
          <span className={final ? 'status-pill final' : 'status-pill'} data-testid="campaign-status">
            {final && <Icon name="lock" />}
            {t(final ? 'consolidate.status.final' : 'consolidate.status.open')}
          </span>
        )}
        {report && <RoundControls report={report} />}
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => void useStore.getState().loadReport()} data-testid="consolidate-reload">
          {t('consolidate.reload')}
        </button>
        {report &&
          (final ? (
            <button type="button" onClick={() => setConfirm('unlock')} data-testid="campaign-unlock">
              {t('consolidate.unlock')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => setConfirm('finalize')} data-testid="campaign-finalize">
              <Icon name="lock" /> {t('consolidate.finalize')}
            </button>
          ))}
      </div>
      {final && (
        <p className="notice locked-banner" data-testid="locked-banner">
          <Icon name="lock" /> {t('consolidate.lockedBanner')}
        </p>
      )}
      {!report ? (
        <p className="empty">{t('common.loading')}</p>
      ) : (
        <>
          <Dashboard report={report} onFilter={(r) => { useStore.getState().setQueueFilter(r); setTab('queue'); }} onConflicts={() => setTab('conflicts')} />
          <TrackerPanel campaignId={campaignId} reloadKey={report} />
          <section className="panel">
            <TabList
              prefix="consolidate"
              tabs={CONSOLIDATION_TABS}
              current={tab}
              onSelect={setTab}
              label={t('consolidate.title')}
              testIdOf={(id) => `ctab-${id}`}
              labelOf={(id) =>
                id === 'queue'
                  ? t('consolidate.tab.queue', { count: report.queue.length })
                  : id === 'conflicts'
                    ? t('consolidate.tab.conflicts', { count: report.conflicts.length })
                    : id === 'survey' || id === 'audit'
                      ? t(id === 'survey' ? 'survey.tab' : 'audit.tab')
                      : t(id === 'policy' ? 'consolidate.tab.policy' : id === 'rounds' ? 'rounds.tab' : 'consolidate.tab.packages')
              }
            />
            <div role="tabpanel" id={`consolidate-panel-${tab}`} aria-labelledby={`consolidate-tab-${tab}`}>
              {tab === 'queue' && <QueuePanel report={report} selection={selection} onSelect={setSelection} openFormRequest={openFormRequest} />}
              {tab === 'conflicts' && <ConflictsPanel report={report} onDecide={decideAgain} />}
              {tab === 'policy' && <PolicyPanel key={`${report.policy}:${report.divergenceMilli}:${report.selfGapMilli}`} report={report} />}
              {tab === 'packages' && <PackagesPanel />}
              {tab === 'rounds' && <RoundsPanel report={report} />}
              {tab === 'survey' && <SurveyPanel locked={final} />}
              {tab === 'audit' && <AuditPanel />}
            </div>
          </section>
        </>
      )}
      {confirm === 'finalize' && report && (
        <ConfirmDialog
          title={t('consolidate.finalizeTitle')}
          message={
            t('consolidate.finalizeConfirm', { name }) +
            (report.missing.length > 0 ? ' ' + t('consolidate.finalizeMissing', { count: report.missing.length }) : '')
          }
          confirmLabel={t('consolidate.finalizeOk')}
          onConfirm={() => useStore.getState().finalize()}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'unlock' && <UnlockDialog name={name} onClose={() => setConfirm(null)} />}
    </div>
  );
}

function Dashboard({ report, onFilter, onConflicts }: { report: ConsolidationReport; onFilter: (r: (typeof REASONS)[number]) => void; onConflicts: () => void }) {
  const t = useT();
  const [allMissing, setAllMissing] = useState(false);
  const { areas, rows } = useMemo(() => {
    const areaSet = new Set(report.progress.map((p) => p.areaCode));
    const areas = [...areaSet].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const byMember = new Map<string, { name: string; cells: Map<string, { done: number; total: number }> }>();
    for (const p of report.progress) {
      const m = byMember.get(p.memberUid) ?? { name: p.memberName, cells: new Map() };
      m.cells.set(p.areaCode, { done: p.proposedLeaves, total: p.assignedLeaves });
      byMember.set(p.memberUid, m);
    }
    return { areas, rows: [...byMember.entries()].map(([uid, m]) => ({ uid, ...m })) };
  }, [report.progress]);
  const shownMissing = allMissing ? report.missing : report.missing.slice(0, 6);

  return (
    <div className="dashboard" data-testid="dashboard">
      <section className="panel dash-card dash-progress">
        <h2 className="section-title">{t('consolidate.progressTitle')}</h2>
        {rows.length === 0 ? (
          <p className="muted small">{t('consolidate.progressEmpty')}</p>
        ) : (
          <table className="grid progress-matrix" data-testid="progress-matrix">
            <thead>
              <tr>
                <th>{t('consolidate.member')}</th>
                {areas.map((a) => (
                  <th key={a} className="num">
                    {t('consolidate.area', { code: a })}
                  </th>
                ))}
                <th className="num">{t('consolidate.total')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => {
                const done = [...m.cells.values()].reduce((n, c) => n + c.done, 0);
                const total = [...m.cells.values()].reduce((n, c) => n + c.total, 0);
                return (
                  <tr key={m.uid} data-testid="progress-row" data-member={m.name}>
                    <td className="ellipsis">{m.name}</td>
                    {areas.map((a) => {
                      const c = m.cells.get(a);
                      return (
                        <td key={a} className="num progress-cell" data-testid={`progress-${a}`}>
                          {c ? (
                            <>
                              <span className="progress-figure">
                                {c.done}/{c.total}
                              </span>
                              <ProgressBar done={c.done} total={c.total} />
                            </>
                          ) : (
                            <span className="muted">·</span>
                          )}
                        </td>
                      );
                    })}
                    <td className="num progress-cell strong">
                      <span className="progress-figure">
                        {done}/{total}
                      </span>
                      <ProgressBar done={done} total={total} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel dash-card dash-queue">
        <h2 className="section-title">{t('consolidate.queueSizes')}</h2>
        <table className="grid kv-table">
          <tbody>
            {REASONS.filter((r) => r !== 'conflict').map((r) => (
              <tr key={r}>
                <td>
                  <button type="button" className="link" onClick={() => onFilter(r)}>
                    {t(`consolidate.reason.${r}`)}
                  </button>
                </td>
                <td className="num" data-testid={`queue-count-${r}`}>
                  {report.queue.filter((q) => q.reasons.includes(r)).length}
                </td>
              </tr>
            ))}
            <tr>
              <td>
                <button type="button" className="link" onClick={onConflicts}>
                  {t('consolidate.conflictCount')}
                </button>
              </td>
              <td className={report.conflicts.length > 0 ? 'num danger-text strong' : 'num'} data-testid="conflict-count">
                {report.conflicts.length}
              </td>
            </tr>
            <tr className="total-row">
              <td className="strong">{t('consolidate.queueTotal')}</td>
              <td className="num strong" data-testid="queue-total">
                {report.queue.length}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="panel dash-card dash-missing">
        <h2 className="section-title">
          {t('consolidate.missingTitle')} <span className="chip-count">{report.missing.length}</span>
        </h2>
        {report.missing.length === 0 ? (
          <p className="ok-text small" data-testid="missing-none">
            {t('consolidate.missingNone')}
          </p>
        ) : (
          <ul className="missing-list small" data-testid="missing-list">
            {shownMissing.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
            {!allMissing && report.missing.length > shownMissing.length && (
              <li>
                <button type="button" className="link" onClick={() => setAllMissing(true)}>
                  {t('consolidate.missingMore', { count: report.missing.length - shownMissing.length })}
                </button>
              </li>
            )}
          </ul>
        )}
      </section>
    </div>
  );
}

function ConflictsPanel({ report, onDecide }: { report: ConsolidationReport; onDecide: (key: string) => void }) {
  const t = useT();
  const unitNames = useStore((s) => s.units);
  const nameOf = (code: string) => unitNames.find((u) => u.code === code)?.name ?? code;
  return (
    <div className="subpanel" data-testid="conflicts-panel">
      <p className="hint">{t('consolidate.conflictsHint')}</p>
      <table className="grid conflicts-table">
        <thead>
          <tr>
            <th>{t('consolidate.col.unit')}</th>
            <th>{t('consolidate.col.criterion')}</th>
            <th>{t('consolidate.col.member')}</th>
            <th className="num">{t('consolidate.col.decidedValue')}</th>
            <th className="num">{t('consolidate.col.newValue')}</th>
            <th>{t('consolidate.col.package')}</th>
            <th className="actions" />
          </tr>
        </thead>
        <tbody>
          {report.conflicts.map((c, i) => (
            <tr key={i} data-testid="conflict-row" data-unit={c.unitCode} data-criterion={c.criterionCode}>
              <td>{nameOf(c.unitCode)}</td>
              <td className="code">{c.criterionCode}</td>
              <td>{c.memberName}</td>
              <td className="num">{cellValue(t, c.decidedMilli)}</td>
              <td className="num strong">{cellValue(t, c.pointsMilli, c.notApplicable)}</td>
              <td className="mono small muted" title={c.packageSha256}>
                {c.packageSha256.slice(0, 12)}
              </td>
              <td className="actions">
                <button type="button" className="link" onClick={() => onDecide(itemKey(c))} disabled={report.status === 'final'} data-testid="conflict-decide">
                  {t('consolidate.decideAgain')}
                </button>
              </td>
            </tr>
          ))}
          {report.conflicts.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                {t('consolidate.conflictsEmpty')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const POLICIES: readonly Policy[] = ['assigned', 'mean', 'median', 'manual'];

function PolicyPanel({ report }: { report: ConsolidationReport }) {
  const t = useT();
  const setPolicy = useStore((s) => s.setPolicy);
  const [policy, setPolicyValue] = useState<Policy>(report.policy);
  const [divergence, setDivergence] = useState(formatPoints(report.divergenceMilli));
  const [selfGap, setSelfGap] = useState(formatPoints(report.selfGapMilli));
  const [error, setError] = useState<string | null>(null);
  const locked = report.status === 'final';
  const valid = (milli: number | null): milli is number => milli !== null && milli >= 0 && milli <= 100_000;

  const save = async () => {
    const d = parsePointsText(divergence);
    const s = parsePointsText(selfGap);
    if (!valid(d) || !valid(s)) {
      setError(t('consolidate.thresholdInvalid'));
      return;
    }
    setError(null);
    await setPolicy(policy, d, s);
  };

  return (
    <form
      className="subpanel policy-form"
      data-testid="policy-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className="section-title">{t('consolidate.policyTitle')}</h2>
      <p className="hint">{t('consolidate.policyHint')}</p>
      <label className="field">
        <span>{t('consolidate.policyLabel')}</span>
        <select value={policy} disabled={locked} onChange={(e) => setPolicyValue(e.target.value as Policy)} data-testid="policy-select">
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {t(`consolidate.policy.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="policy-thresholds">
        <label className="field">
          <span>{t('consolidate.divergence')}</span>
          <input className="num" inputMode="decimal" value={divergence} disabled={locked} onChange={(e) => setDivergence(e.target.value)} data-testid="policy-divergence" />
        </label>
        <label className="field">
          <span>{t('consolidate.selfGap')}</span>
          <input className="num" inputMode="decimal" value={selfGap} disabled={locked} onChange={(e) => setSelfGap(e.target.value)} data-testid="policy-selfgap" />
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="policy-error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={locked} data-testid="policy-save">
          {t('consolidate.policySave')}
        </button>
      </div>
    </form>
  );
}

function UnlockDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const t = useT();
  const unlock = useStore((s) => s.unlock);
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const submit = async () => {
    if (reason.trim() === '' || working) return;
    setWorking(true);
    const ok = await unlock(reason.trim());
    setWorking(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={t('consolidate.unlockTitle')}
      testId="unlock-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="unlock-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void submit()} disabled={reason.trim() === '' || working} data-testid="unlock-ok">
            {t('consolidate.unlock')}
          </button>
        </>
      }
    >
      <p className="confirm-message">{t('consolidate.unlockMessage', { name })}</p>
      <label className="field">
        <span>{t('consolidate.unlockReason')}</span>
        <textarea
          rows={3}
          maxLength={2000}
          value={reason}
          autoFocus
          placeholder={t('consolidate.unlockReasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
          data-testid="unlock-reason"
        />
      </label>
    </Modal>
  );
}
