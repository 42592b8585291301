// The side panel of the unit's sheet, following the focused row: the "không áp dụng" claim with its
// reason, the explanation (giải trình) where evidence is missing, the evidence files (attach by button or
// drop, list, remove) and the council's requests with an answer box. Ctrl+Enter saves a text, Esc goes
// back to the row in the grid.

import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { SelfRequest, SelfSheet, SelfSheetRow } from '../../../shared/contract.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FileDropSection } from '../../components/FileDropSection.js';
import { Icon } from '../../components/Icon.js';
import { displayDateTime, fileSize, points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { ProgressBar } from '../workspace/ProgressBar.js';
import type { PanelAction } from './SelfGrid.js';
import { selfEditable, selfLockKey, selfOwnLeaf } from './selfCells.js';

interface SelfPanelProps {
  sheet: SelfSheet;
  code: string | null;
  /** What the grid asked the panel to do (a chord on a row), with a counter so it can be asked twice. */
  request: { code: string; action: PanelAction; n: number } | null;
  onBack: (code: string) => void;
  onClaimNotApplicable: (code: string) => void;
}

export function SelfPanel({ sheet, code, request, onBack, onClaimNotApplicable }: SelfPanelProps) {
  const t = useT();
  const row = code === null ? undefined : sheet.rows.find((r) => r.code === code);
  return (
    <aside className="row-panel self-panel" data-testid="self-panel" aria-label={t('panel.label')}>
      <div className="panel-body">
        {!row ? (
          <p className="empty">{t('panel.pick')}</p>
        ) : (
          <>
            <div className="panel-title" data-testid="self-panel-code" data-code={row.code}>
              <span className="footer-code">{row.code}</span> <strong>{row.name}</strong>
            </div>
            {!row.isLeaf ? (
              <p className="muted">{t('unit.panelBranch', { max: points(row.maxMilli) })}</p>
            ) : (
              <Details
                key={row.code}
                row={row}
                answersClosed={sheet.answerDeadline?.closed === true}
                request={request?.code === row.code ? request : null}
                onBack={onBack}
                onClaimNotApplicable={onClaimNotApplicable}
              />
            )}
          </>
        )}
      </div>
    </aside>
  );
}

/** Ctrl+Enter saves, Esc goes back to the row (after saving what was typed). */
function onTextKey(event: KeyboardEvent<HTMLTextAreaElement>, save: () => void, back: () => void): void {
  if ((event.key === 'Enter' && (event.ctrlKey || event.metaKey)) || event.key === 'Escape') {
    event.preventDefault();
    save();
    back();
  }
}

interface DetailsProps {
  row: SelfSheetRow;
  /** The giải trình deadline has passed: answers are read-only. */
  answersClosed: boolean;
  request: SelfPanelProps['request'];
  onBack: (code: string) => void;
  onClaimNotApplicable: (code: string) => void;
}

function Details({ row, answersClosed, request, onBack, onClaimNotApplicable }: DetailsProps) {
  const t = useT();
  const setSelfExplanation = useStore((s) => s.setSelfExplanation);
  const setSelfNotApplicable = useStore((s) => s.setSelfNotApplicable);
  const [explanation, setExplanation] = useState(row.explanation);
  const explanationRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const lock = selfLockKey(row);
  const editable = selfEditable(row);

  // A new sheet (another write) brings the saved text; what is being typed stays.
  const saved = useRef(row.explanation);
  useEffect(() => {
    if (row.explanation !== saved.current) {
      saved.current = row.explanation;
      setExplanation(row.explanation);
    }
  }, [row.explanation]);

  useEffect(() => {
    if (!request) return;
    if (request.action === 'explain') explanationRef.current?.focus();
    else if (request.action === 'answer') answerRef.current?.focus();
    // 'attach' is clicked by the screen while the key press still counts as the user's gesture.
  }, [request]);

  const saveExplanation = () => {
    if (explanation.trim() === saved.current.trim()) return;
    saved.current = explanation.trim();
    void setSelfExplanation(row.code, explanation.trim());
  };
  const back = () => onBack(row.code);

  return (
    <>
      <dl className="facts">
        <dt>{t('workspace.col.max')}</dt>
        <dd className="num-inline">{points(row.maxMilli)}</dd>
        <dt>{t('unit.col.self')}</dt>
        <dd className="num-inline" data-testid="self-panel-score">
          {row.selfNotApplicable ? t('unit.naClaimed') : row.selfMilli === null ? '—' : points(row.selfMilli)}
        </dd>
      </dl>
      {lock && (
        <p className="lock-note" data-testid="self-panel-lock">
          <Icon name="lock" /> {t(lock)}
        </p>
      )}
      {editable && (
        <section className="panel-section" data-testid="self-na-section">
          <h3>{t('unit.naClaim')}</h3>
          {row.selfNotApplicable ? (
            <>
              <p className="explanation-text" data-testid="self-panel-na-reason">
                {row.selfReason}
              </p>
              <button type="button" className="link" onClick={() => void setSelfNotApplicable(row.code, false, '')} data-testid="self-na-withdraw">
                {t('unit.naWithdraw')}
              </button>
            </>
          ) : row.naAllowed ? (
            <button type="button" className="link" onClick={() => onClaimNotApplicable(row.code)} data-testid="self-na-claim">
              {t('unit.naClaimButton')}
            </button>
          ) : (
            <p className="muted small">{t('unit.naNotAllowed')}</p>
          )}
        </section>
      )}
      {editable && (
        <section className="panel-section">
          <h3>
            {t('panel.explanation')} <kbd className="key-hint">Alt+G</kbd>
          </h3>
          {row.missingEvidence && <p className="small warn-text">{t('unit.missingHint')}</p>}
          <textarea
            ref={explanationRef}
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
            onBlur={saveExplanation}
            onKeyDown={(e) => onTextKey(e, saveExplanation, back)}
            placeholder={t('unit.explanationPlaceholder')}
            aria-label={t('unit.explanationOf', { code: row.code })}
            rows={3}
            maxLength={4000}
            data-testid="self-explanation"
          />
        </section>
      )}
      {row.locked === 'closed' && row.explanation.trim() !== '' && (
        <section className="panel-section">
          <h3>{t('panel.explanation')}</h3>
          <p className="explanation-text" data-testid="self-panel-explanation">
            {row.explanation}
          </p>
        </section>
      )}
      {selfOwnLeaf(row) && <EvidenceSection row={row} fileRef={fileRef} />}
      <RequestsSection row={row} closed={answersClosed} answerRef={answerRef} onBack={back} />
    </>
  );
}

function EvidenceSection({ row, fileRef }: { row: SelfSheetRow; fileRef: RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const uploads = useStore((s) => s.selfUploads).filter((u) => u.criterionCode === row.code);
  const attach = useStore((s) => s.attachSelfFiles);
  const remove = useStore((s) => s.removeSelfEvidence);
  const [removing, setRemoving] = useState<SelfSheetRow['evidence'][number] | null>(null);
  return (
    <FileDropSection onFiles={(files) => void attach(row.code, files)} testId="self-evidence-section">
      <h3>
        {t('evidence.title')} <span className="muted">({row.evidence.length})</span> <kbd className="key-hint">Alt+T</kbd>
      </h3>
      {row.evidence.length === 0 && uploads.length === 0 && <p className="muted small">{t('evidence.none')}</p>}
      <ul className="evidence-list" data-testid="self-evidence-list">
        {row.evidence.map((item) => (
          <li key={item.id} className={item.available ? 'evidence-item' : 'evidence-item absent'} data-testid={`self-evidence-${item.id}`} data-name={item.fileName}>
            <span className="evidence-name" title={`SHA-256 ${item.sha256}`}>
              <Icon name="clip" /> {item.fileName}
            </span>
            <span className="num muted small">{fileSize(item.size)}</span>
            <button type="button" className="link danger" onClick={() => setRemoving(item)} aria-label={t('evidence.removeOf', { file: item.fileName })} data-testid="self-evidence-remove">
              ✕
            </button>
          </li>
        ))}
        {uploads.map((u) => (
          <li key={`u${u.id}`} className="evidence-item uploading" data-testid="self-evidence-uploading">
            <span className="evidence-name">{u.fileName}</span>
            <ProgressBar done={u.sent} total={u.size} />
          </li>
        ))}
      </ul>
      <div className="evidence-actions">
        <button type="button" onClick={() => fileRef.current?.click()} data-testid="self-evidence-attach">
          {t('evidence.attach')}
        </button>
        <span className="muted small">{t('evidence.dropHint')}</span>
        <input
          ref={fileRef}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => {
            const files = e.target.files ? Array.from(e.target.files) : [];
            e.target.value = '';
            if (files.length > 0) void attach(row.code, files);
          }}
          data-code={row.code}
          data-testid="self-evidence-file"
        />
      </div>
      {removing && (
        <ConfirmDialog
          title={t('evidence.removeTitle')}
          message={t('evidence.removeConfirm', { file: removing.fileName, code: row.code })}
          confirmLabel={t('evidence.removeOk')}
          onConfirm={() => remove(removing.id)}
          onClose={() => setRemoving(null)}
        />
      )}
    </FileDropSection>
  );
}

function RequestsSection({ row, closed, answerRef, onBack }: { row: SelfSheetRow; closed: boolean; answerRef: RefObject<HTMLTextAreaElement | null>; onBack: () => void }) {
  const t = useT();
  if (row.requests.length === 0) return null;
  // The first request still waiting for an answer takes Alt+R (else the first one).
  const first = row.requests.find((q) => q.answer.trim() === '') ?? row.requests[0]!;
  return (
    <section className="panel-section" data-testid="self-requests">
      <h3>
        {t('unit.requestsTitle')} <kbd className="key-hint">Alt+R</kbd>
      </h3>
      <ul className="request-list">
        {row.requests.map((q) => (
          <RequestItem key={q.requestId} code={row.code} request={q} closed={closed} answerRef={q === first ? answerRef : undefined} onBack={onBack} />
        ))}
      </ul>
    </section>
  );
}

function RequestItem({ code, request, closed, answerRef, onBack }: { code: string; request: SelfRequest; closed: boolean; answerRef: RefObject<HTMLTextAreaElement | null> | undefined; onBack: () => void }) {
  const t = useT();
  const answerRequest = useStore((s) => s.answerRequest);
  const [answer, setAnswer] = useState(request.answer);
  const answered = request.answer.trim() !== '';
  const changed = answer.trim() !== request.answer.trim();
  const save = () => {
    if (changed) void answerRequest(request.requestId, answer.trim());
  };
  return (
    <li className={answered ? 'request-item status-answered' : 'request-item status-open'} data-testid={`self-request-item-${request.requestId}`} data-answered={answered ? 'true' : 'false'}>
      <div className="request-head">
        <span className={answered ? 'chip status-answered' : 'chip status-open'}>{t(answered ? 'unit.requestAnswered' : 'unit.requestWaiting')}</span>
        <span className="muted small">{t('requests.by', { name: request.askedBy || '—', at: displayDateTime(request.askedAt) })}</span>
      </div>
      <p className="request-text">{request.text}</p>
      {closed ? (
        <p className="small" data-testid={`self-answer-closed-${request.requestId}`}>
          {answered ? request.answer : <span className="muted">{t('unit.answersClosed')}</span>}
        </p>
      ) : (
        <div className="request-new">
          <textarea
            ref={answerRef}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            onKeyDown={(e) => onTextKey(e, save, onBack)}
            placeholder={t('unit.answerPlaceholder')}
            aria-label={t('unit.answerOf', { code })}
            rows={3}
            maxLength={8000}
            data-testid={`self-answer-${request.requestId}`}
          />
          <button type="button" className="primary" onClick={save} disabled={!changed} data-testid={`self-answer-save-${request.requestId}`}>
            {t('unit.answerSave')}
          </button>
        </div>
      )}
      {request.answeredAt && <p className="muted small">{t('unit.answeredAt', { at: displayDateTime(request.answeredAt) })}</p>}
    </li>
  );
}
