// The divergence queue: cells to resolve, filterable by reason, walked with ↑/↓; Enter opens the
// decision form beside the selected cell's proposals, Ctrl+Enter saves and the keyboard comes back
// to the list on the next cell.

import { useEffect, useMemo, useRef } from 'react';
import type { ConsolidationReport, QueueItem } from '../../../shared/contract.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { DecideForm, type DecideFormHandle } from './DecideForm.js';
import { REASONS, cellValue, itemKey } from './values.js';

export interface QueueSelection {
  key: string | null;
  index: number;
}

interface QueuePanelProps {
  report: ConsolidationReport;
  /** The selected cell, and where it was in the list (the fallback once it leaves the queue). */
  selection: QueueSelection;
  onSelect: (selection: QueueSelection) => void;
  /** Incremented to ask for the decision form to take the keyboard (after "decide again"). */
  openFormRequest: number;
}

export function QueuePanel({ report, selection, onSelect, openFormRequest }: QueuePanelProps) {
  const t = useT();
  const filter = useStore((s) => s.queueFilter);
  const setFilter = useStore((s) => s.setQueueFilter);
  const listRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<DecideFormHandle>(null);
  const locked = report.status === 'final';

  const items = useMemo(() => (filter === 'all' ? report.queue : report.queue.filter((q) => q.reasons.includes(filter))), [report.queue, filter]);
  const found = items.findIndex((q) => itemKey(q) === selection.key);
  // A decided cell leaves the queue: the selection moves to the cell that took its place.
  const index = found >= 0 ? found : items.length === 0 ? -1 : Math.min(selection.index, items.length - 1);
  const selected: QueueItem | null = index >= 0 ? items[index]! : null;

  useEffect(() => {
    if (openFormRequest > 0) formRef.current?.focus();
  }, [openFormRequest]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  const move = (delta: number) => {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, (index < 0 ? 0 : index) + delta));
    onSelect({ key: itemKey(items[next]!), index: next });
  };

  const counts = (reason: string) => report.queue.filter((q) => (q.reasons as string[]).includes(reason)).length;

  return (
    <div className="queue-panel" data-testid="queue-panel">
      <div className="toolbar queue-filters" role="group" aria-label={t('consolidate.col.reasons')}>
        {(['all', ...REASONS] as const).map((r) => (
          <button
            key={r}
            type="button"
            className={filter === r ? 'filter-chip active' : 'filter-chip'}
            aria-pressed={filter === r}
            onClick={() => setFilter(r)}
            data-testid={`queue-filter-${r}`}
          >
            {r === 'all' ? t('consolidate.filter.all') : t(`consolidate.reason.${r}`)}
            <span className="chip-count">{r === 'all' ? report.queue.length : counts(r)}</span>
          </button>
        ))}
        <span className="toolbar-spacer" />
        <span className="hint">{t('consolidate.keys')}</span>
      </div>
      <div className="queue-split">
        <div
          ref={listRef}
          className="queue-list"
          role="listbox"
          tabIndex={0}
          aria-label={t('consolidate.queueLabel')}
          aria-activedescendant={selected ? `queue-item-${index}` : undefined}
          data-testid="queue-list"
          data-count={items.length}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              move(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Home' || e.key === 'End') {
              e.preventDefault();
              move(e.key === 'Home' ? -items.length : items.length);
            } else if (e.key === 'Enter' && selected) {
              e.preventDefault();
              formRef.current?.focus();
            }
          }}
        >
          <table className="grid queue-table">
            <thead>
              <tr>
                <th>{t('consolidate.col.unit')}</th>
                <th>{t('consolidate.col.criterion')}</th>
                <th className="num">{t('consolidate.col.self')}</th>
                {report.round === 2 && <th className="num">{t('rounds.col.round1')}</th>}
                <th className="num">{t('consolidate.col.final')}</th>
                <th className="num">{t('consolidate.col.proposals')}</th>
                <th>{t('consolidate.col.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q, i) => (
                <tr
                  key={itemKey(q)}
                  id={`queue-item-${i}`}
                  role="option"
                  aria-selected={i === index}
                  className={i === index ? 'selected' : ''}
                  onClick={() => {
                    onSelect({ key: itemKey(q), index: i });
                    listRef.current?.focus();
                  }}
                  data-testid="queue-item"
                  data-unit={q.unitCode}
                  data-criterion={q.criterionCode}
                  data-reasons={q.reasons.join(' ')}
                >
                  <td className="ellipsis" title={q.unitName}>
                    {q.unitName}
                  </td>
                  <td className="ellipsis" title={q.criterionName}>
                    <span className="code">{q.criterionCode}</span> {q.criterionName}
                  </td>
                  <td className="num">{cellValue(t, q.selfMilli)}</td>
                  {report.round === 2 && (
                    <td className="num round1-value" data-testid="queue-round1">
                      {cellValue(t, q.round1Milli, q.round1NotApplicable)}
                    </td>
                  )}
                  <td className="num strong">
                    {cellValue(t, q.finalMilli, q.finalNotApplicable)}
                  </td>
                  <td className="num proposals-inline">
                    {q.proposals.map((p) => cellValue(t, p.pointsMilli, p.notApplicable)).join(' · ') || '—'}
                  </td>
                  <td>
                    {q.reasons.map((r) => (
                      <span key={r} className={`reason-tag reason-${r}`}>
                        {t(`consolidate.reason.${r}`)}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={report.round === 2 ? 7 : 6} className="empty" data-testid="queue-empty">
                    {report.queue.length === 0 ? t('consolidate.queueEmpty') : t('consolidate.queueEmptyFilter')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <aside className="queue-detail" data-testid="queue-detail">
          {selected ? (
            <>
              <header className="queue-detail-head">
                <div className="strong" data-testid="detail-unit">
                  {selected.unitName}
                </div>
                <div>
                  <span className="code">{selected.criterionCode}</span> {selected.criterionName}
                </div>
                <div className="detail-figures">
                  <span>
                    {t('consolidate.col.self')}: <strong className="num">{cellValue(t, selected.selfMilli)}</strong>
                  </span>
                  {report.round === 2 && (
                    <span>
                      {t('rounds.col.round1')}: <strong className="num" data-testid="detail-round1">{cellValue(t, selected.round1Milli, selected.round1NotApplicable)}</strong>
                    </span>
                  )}
                  <span>
                    {t('consolidate.col.final')}:{' '}
                    <strong className="num" data-testid="detail-final">
                      {cellValue(t, selected.finalMilli, selected.finalNotApplicable)}
                    </strong>
                    {selected.decided && <span className="badge">{t('consolidate.decidedMark')}</span>}
                  </span>
                </div>
              </header>
              <h3 className="subsection-title">{t('consolidate.proposalsTitle')}</h3>
              {selected.proposals.length === 0 ? (
                <p className="muted small">{t('consolidate.noProposals')}</p>
              ) : (
                <table className="grid proposals-table" data-testid="proposals">
                  <tbody>
                    {selected.proposals.map((p) => (
                      <tr key={p.memberUid} data-testid="proposal" data-member={p.memberName} data-assigned={p.assigned ? 'true' : 'false'}>
                        <td>
                          {p.memberName}
                          {p.assigned && (
                            <span className="badge assigned" title={t('consolidate.assigned')}>
                              {t('consolidate.assigned')}
                            </span>
                          )}
                          <div className={p.reason ? 'small proposal-reason' : 'small muted'}>{p.reason || t('consolidate.noReason')}</div>
                        </td>
                        <td className="num strong proposal-points" title={p.notApplicable ? t('consolidate.naTitle') : undefined}>
                          {cellValue(t, p.pointsMilli, p.notApplicable)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <DecideForm key={itemKey(selected) + ':' + String(selected.finalMilli)} ref={formRef} item={selected} locked={locked} onDone={() => listRef.current?.focus()} />
            </>
          ) : (
            <p className="empty">{t('consolidate.pick')}</p>
          )}
        </aside>
      </div>
    </div>
  );
}
