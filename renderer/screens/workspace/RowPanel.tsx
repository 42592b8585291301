// The side panel of the member grid, following the focused row. "Chi tiết": the rule, the unit's
// self-score and explanation, its evidence (attach, preview, open outside after a confirmation,
// remove) and the explanation requests. "Lịch sử": every change of the cell, newest first.

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { EvidenceItem, ExplanationRequestView, HistoryItem, MemberSheet, MemberSheetRow } from '../../../shared/contract.js';
import { formatPoints } from '../../../shared/numbers.js';
import { invoke } from '../../api/client.js';
import { openEvidenceOutside as openOutside } from '../../api/files.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FileDropSection } from '../../components/FileDropSection.js';
import { displayDateTime, fileSize, points } from '../../format.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { LOCK_MESSAGES } from './memberCells.js';
import { ProgressBar } from './ProgressBar.js';
import { Icon } from '../../components/Icon.js';

// pdf.js is the largest part of the renderer: loaded with the first preview, not at start.
const EvidencePreview = lazy(() => import('./EvidencePreview.js').then((m) => ({ default: m.EvidencePreview })));

export type PanelTab = 'details' | 'history';

interface RowPanelProps {
  sheet: MemberSheet;
  code: string | null;
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
}

export function RowPanel({ sheet, code, tab, onTab }: RowPanelProps) {
  const t = useT();
  const row = code === null ? undefined : sheet.rows.find((r) => r.code === code);
  return (
    <aside className="row-panel" data-testid="row-panel" aria-label={t('panel.label')}>
      <div className="tabs panel-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'details'} className={tab === 'details' ? 'tab active' : 'tab'} onClick={() => onTab('details')} data-testid="panel-tab-details">
          {t('panel.details')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'history'} className={tab === 'history' ? 'tab active' : 'tab'} onClick={() => onTab('history')} data-testid="panel-tab-history">
          {t('panel.history')}
        </button>
      </div>
      <div className="panel-body">
        {!row ? (
          <p className="empty">{t('panel.pick')}</p>
        ) : (
          <>
            <div className="panel-title" data-testid="panel-code" data-code={row.code}>
              <span className="footer-code">{row.code}</span> <strong>{row.name}</strong>
            </div>
            {!row.isLeaf ? (
              <p className="muted">{t('panel.branch', { points: points(row.subtotalMilli), max: points(row.subMaxMilli) })}</p>
            ) : tab === 'details' ? (
              <Details key={row.code} row={row} unitCode={sheet.unit.code} />
            ) : (
              <History key={row.code} unitCode={sheet.unit.code} code={row.code} />
            )}
          </>
        )}
      </div>
    </aside>
  );
}

function Details({ row, unitCode }: { row: MemberSheetRow; unitCode: string }) {
  const t = useT();
  const lock = row.locked === '' || row.locked === 'not_leaf' ? null : t(LOCK_MESSAGES[row.locked]);
  return (
    <>
      <dl className="facts">
        <dt>{t('sheet.rule')}</dt>
        <dd>{row.rule || t('panel.ruleFree')}</dd>
        <dt>{t('workspace.col.max')}</dt>
        <dd className="num-inline">{points(row.maxMilli)}</dd>
        <dt>{t('workspace.col.self')}</dt>
        <dd className="num-inline">{row.selfNotApplicable ? t('sheet.selfClaimNa', { reason: row.selfReason }) : row.selfMilli === null ? '—' : points(row.selfMilli)}</dd>
        <dt>{t('workspace.col.mine')}</dt>
        <dd className="num-inline">{row.proposalMilli === null ? '—' : points(row.proposalMilli)}</dd>
        {row.reason && (
          <>
            <dt>{t('workspace.col.reason')}</dt>
            <dd>{row.reason}</dd>
          </>
        )}
      </dl>
      {lock && (
        <p className="lock-note" data-testid="panel-lock">
          <Icon name="lock" /> {lock}
        </p>
      )}
      <section className="panel-section">
        <h3>{t('panel.explanation')}</h3>
        {row.explanation ? <p className="explanation-text">{row.explanation}</p> : <p className="muted small">{t('panel.noExplanation')}</p>}
      </section>
      <EvidenceSection row={row} />
      <RequestsSection row={row} unitCode={unitCode} />
    </>
  );
}

function EvidenceSection({ row }: { row: MemberSheetRow }) {
  const t = useT();
  const evidence = useStore((s) => s.evidence);
  const uploads = useStore((s) => s.uploads);
  const attachFiles = useStore((s) => s.attachFiles);
  const removeEvidence = useStore((s) => s.removeEvidence);
  const fileRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<EvidenceItem | null>(null);
  const [opening, setOpening] = useState<EvidenceItem | null>(null);
  const [removing, setRemoving] = useState<EvidenceItem | null>(null);
  const items = evidence?.criteria.find((g) => g.criterionCode === row.code)?.items ?? [];
  const mine = uploads.filter((u) => u.criterionCode === row.code);

  const onFiles = (files: FileList | null) => {
    const list = files ? Array.from(files) : [];
    if (fileRef.current) fileRef.current.value = '';
    if (list.length > 0) void attachFiles(row.code, list);
  };
  return (
    <FileDropSection onFiles={(files) => void attachFiles(row.code, files)} testId="evidence-section">
      <h3>
        {t('evidence.title')} <span className="muted">({items.length})</span>
      </h3>
      {items.length === 0 && mine.length === 0 && <p className="muted small">{t('evidence.none')}</p>}
      <ul className="evidence-list" data-testid="evidence-list">
        {items.map((item) => (
          <li key={item.id} className={item.available ? 'evidence-item' : 'evidence-item absent'} data-testid={`evidence-item-${item.id}`} data-name={item.fileName} data-available={String(item.available)}>
            {/* Evidence bundle: a link from the campaign package whose file has not arrived yet. */}
            {item.available ? (
              <button
                type="button"
                className="link evidence-name"
                onClick={() => (item.previewable ? setPreview(item) : setOpening(item))}
                title={item.previewable ? t('evidence.preview') : t('evidence.openOutside')}
                data-testid="evidence-open"
              >
                <Icon name={item.previewable ? 'eye' : 'external'} /> {item.fileName}
              </button>
            ) : (
              <span className="evidence-name">
                {item.fileName}
                <span className="evidence-absent small" data-testid="evidence-absent">{t('evidenceBundle.absent')}</span>
              </span>
            )}
            <span className="num muted small">{fileSize(item.size)}</span>
            <button type="button" className="link danger" onClick={() => setRemoving(item)} aria-label={t('evidence.removeOf', { file: item.fileName })} data-testid="evidence-remove">
              ✕
            </button>
          </li>
        ))}
        {mine.map((u) => (
          <li key={`u${u.id}`} className="evidence-item uploading" data-testid="evidence-uploading">
            <span className="evidence-name">{u.fileName}</span>
            <span className="num muted small">{u.size > 0 ? `${Math.floor((100 * u.sent) / u.size)}%` : ''}</span>
            <ProgressBar done={u.sent} total={u.size} />
          </li>
        ))}
      </ul>
      <div className="evidence-actions">
        <button type="button" onClick={() => fileRef.current?.click()} data-testid="evidence-attach">
          {t('evidence.attach')}
        </button>
        <span className="muted small">{t('evidence.dropHint')}</span>
        <input ref={fileRef} type="file" multiple className="visually-hidden" tabIndex={-1} onChange={(e) => onFiles(e.target.files)} data-testid="evidence-file" />
      </div>
      {preview && (
        <Suspense fallback={null}>
          <EvidencePreview item={preview} onClose={() => setPreview(null)} />
        </Suspense>
      )}
      {opening && (
        <ConfirmDialog
          title={t('evidence.openTitle')}
          message={t('evidence.openConfirm', { file: opening.fileName, type: opening.mediaType })}
          confirmLabel={t('evidence.openOk')}
          onConfirm={async () => openOutside(opening)}
          onClose={() => setOpening(null)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('evidence.removeTitle')}
          message={t('evidence.removeConfirm', { file: removing.fileName, code: row.code })}
          confirmLabel={t('evidence.removeOk')}
          onConfirm={() => removeEvidence(removing.id)}
          onClose={() => setRemoving(null)}
        />
      )}
    </FileDropSection>
  );
}

const STATUS_KEYS = { open: 'requests.status.open', answered: 'requests.status.answered', withdrawn: 'requests.status.withdrawn' } as const;

function RequestsSection({ row, unitCode }: { row: MemberSheetRow; unitCode: string }) {
  const t = useT();
  const requestExplanation = useStore((s) => s.requestExplanation);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  // Requests are not held to the appraisal deadline (the secretariat takes them in any package).
  const canRequest = row.locked === '' || row.locked === 'closed';
  const send = async () => {
    if (text.trim() === '') return;
    setSending(true);
    const ok = await requestExplanation(row.code, text.trim());
    setSending(false);
    if (ok) setText('');
  };
  return (
    <section className="panel-section" data-testid="requests-section" data-unit={unitCode}>
      <h3>{t('requests.title')}</h3>
      {row.requests.length === 0 && <p className="muted small">{t('requests.none')}</p>}
      <ul className="request-list">
        {row.requests.map((q) => (
          <RequestItem key={q.id} request={q} t={t} />
        ))}
      </ul>
      {canRequest && (
        <div className="request-new">
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('requests.placeholder')}
            aria-label={t('requests.new')}
            rows={2}
            maxLength={2000}
            data-testid="request-text"
          />
          <button type="button" onClick={() => void send()} disabled={sending || text.trim() === ''} data-testid="request-send">
            {t('requests.send')}
          </button>
        </div>
      )}
    </section>
  );
}

function RequestItem({ request, t }: { request: ExplanationRequestView; t: Translate }) {
  const setStatus = useStore((s) => s.setExplanationStatus);
  const [answering, setAnswering] = useState(false);
  const [answer, setAnswer] = useState('');
  const save = async (status: ExplanationRequestView['status'], text: string) => {
    const ok = await setStatus(request.id, status, text);
    if (ok) setAnswering(false);
  };
  return (
    <li className={`request-item status-${request.status}`} data-testid={`request-${request.id}`} data-status={request.status}>
      <div className="request-head">
        <span className={`chip status-${request.status}`}>{t(STATUS_KEYS[request.status])}</span>
        <span className="muted small">{t('requests.by', { name: request.memberName, at: displayDateTime(request.createdAt) })}</span>
      </div>
      <p className="request-text">{request.text}</p>
      {request.status === 'answered' && (
        <p className="request-answer">
          <span className="muted small">{t('requests.answer')}: </span>
          {request.answer || '—'}
        </p>
      )}
      {answering ? (
        <div className="request-new">
          <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={t('requests.answerPlaceholder')} rows={2} maxLength={4000} autoFocus data-testid="request-answer-text" />
          <button type="button" className="primary" onClick={() => void save('answered', answer.trim())} data-testid="request-answer-save">
            {t('requests.markAnswered')}
          </button>
          <button type="button" onClick={() => setAnswering(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="request-actions">
          {request.status === 'open' ? (
            <>
              <button type="button" className="link" onClick={() => setAnswering(true)} data-testid="request-answered">
                {t('requests.markAnswered')}
              </button>
              <button type="button" className="link danger" onClick={() => void save('withdrawn', '')} data-testid="request-withdraw">
                {t('requests.withdraw')}
              </button>
            </>
          ) : (
            <button type="button" className="link" onClick={() => void save('open', '')} data-testid="request-reopen">
              {t('requests.reopen')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

const ACTION_KEYS = {
  'proposal.points': 'history.action.proposalPoints',
  'proposal.reason': 'history.action.proposalReason',
  'proposal.notApplicable': 'history.action.proposalNotApplicable',
  'score.points': 'history.action.scorePoints',
  'score.notApplicable': 'history.action.scoreNotApplicable',
  'explanation.request': 'history.action.explanationRequest',
  'explanation.status': 'history.action.explanationStatus',
  'evidence.attach': 'history.action.evidenceAttach',
  'evidence.remove': 'history.action.evidenceRemove',
} as const;

function jsonField(value: string | null, field: string): string | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const v = parsed[field];
    return typeof v === 'string' ? v : null;
  } catch {
    return value;
  }
}

/** One stored value, the way the action means it (milli-points, yes/no, a file, a status). */
function historyValue(t: Translate, action: string, value: string | null): string {
  if (value === null || value === '') return '—';
  switch (action) {
    case 'proposal.points':
    case 'score.points': {
      const milli = Number(value);
      return Number.isFinite(milli) ? formatPoints(milli) : value;
    }
    case 'proposal.notApplicable':
    case 'score.notApplicable':
      return value === 'true' ? t('history.yes') : t('history.no');
    case 'explanation.request':
      return jsonField(value, 'text') ?? value;
    case 'explanation.status':
      return value in STATUS_KEYS ? t(STATUS_KEYS[value as keyof typeof STATUS_KEYS]) : value;
    case 'evidence.attach':
    case 'evidence.remove':
      return jsonField(value, 'fileName') ?? value;
    default:
      return value;
  }
}

function History({ unitCode, code }: { unitCode: string; code: string }) {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const lastSavedAt = useStore((s) => s.lastSavedAt);
  const evidence = useStore((s) => s.evidence);
  const [loaded, setLoaded] = useState<{ key: string; items: HistoryItem[] } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const key = `${campaignId}:${unitCode}:${code}`;

  useEffect(() => {
    if (campaignId === null) return;
    let live = true;
    invoke('history/cell', { campaignId, unitCode, criterionCode: code }).then(
      (items) => {
        if (live) setLoaded({ key: `${campaignId}:${unitCode}:${code}`, items });
      },
      (error: unknown) => {
        if (live) setFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
    // A save or an evidence change adds a line: read the history again.
  }, [campaignId, unitCode, code, lastSavedAt, evidence]);

  if (failed) return <p className="preview-error">{failed}</p>;
  if (!loaded || loaded.key !== key) return <p className="muted">{t('common.loading')}</p>;
  if (loaded.items.length === 0) return <p className="muted" data-testid="history-empty">{t('history.empty')}</p>;
  return (
    <ol className="history-list" data-testid="history-list">
      {loaded.items.map((h, i) => (
        <li key={i} className="history-item" data-testid="history-item" data-action={h.action}>
          <div className="history-head">
            <strong>{h.action in ACTION_KEYS ? t(ACTION_KEYS[h.action as keyof typeof ACTION_KEYS]) : h.action}</strong>
            <span className="muted small">{displayDateTime(h.at)}</span>
          </div>
          <div className="small">{t('history.by', { actor: h.actor })}</div>
          {h.action !== 'explanation.request' && h.action !== 'evidence.attach' && h.action !== 'evidence.remove' ? (
            <div className="history-change" data-testid="history-change">
              <span className="num">{historyValue(t, h.action, h.oldValue)}</span> → <span className="num">{historyValue(t, h.action, h.newValue)}</span>
            </div>
          ) : (
            <div className="history-change">{historyValue(t, h.action, h.newValue ?? h.oldValue)}</div>
          )}
          {h.reason && (
            <div className="history-reason small">
              {t('history.reason')}: {h.reason}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
