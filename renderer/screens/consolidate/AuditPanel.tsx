// Nhật ký: every change to the campaign, newest first, filtered by unit, criterion (with its children),
// who, what and when, paged; the same filters export the log as .xlsx or CSV.

import { useEffect, useMemo, useState } from 'react';
import { actionLabel } from '../../../shared/audit-labels.js';
import type { AuditItem, AuditPage, Input } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { downloadPayload } from '../../api/files.js';
import { DateInput } from '../../components/DateInput.js';
import { displayDateTime } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

const PAGE = 50;

interface Filters {
  unitCode: string;
  criterionCode: string;
  actor: string;
  action: string;
  /** ISO yyyy-mm-dd local days, '' when open. */
  fromDay: string;
  toDay: string;
}

const EMPTY: Filters = { unitCode: '', criterionCode: '', actor: '', action: '', fromDay: '', toDay: '' };

/** A local day's start as an ISO instant; `plusDays` 1 gives the exclusive end of that day. */
function dayStart(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString() : undefined;
}

function toQuery(campaignId: number, f: Filters): Input<'audit/list'> {
  const from = dayStart(f.fromDay);
  const to = dayStart(f.toDay, 1);
  return {
    campaignId,
    ...(f.unitCode ? { unitCode: f.unitCode } : {}),
    ...(f.criterionCode.trim() ? { criterionCode: f.criterionCode.trim() } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function sourceLabel(item: AuditItem): string {
  if (item.sourceSha256) return item.sourceSha256.slice(0, 12) + '…';
  return item.source.startsWith('workbook:') ? item.source.slice('workbook:'.length) : '';
}

export function AuditPanel() {
  const t = useT();
  const language = useStore((s) => s.language);
  const campaignId = useStore((s) => s.campaignId);
  const units = useStore((s) => s.units);
  const busy = useStore((s) => s.busy.length > 0);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [resetKey, setResetKey] = useState(0);
  // Excel on a Vietnamese-region PC splits CSV on ";" (its decimal mark is the comma).
  const [separator, setSeparator] = useState<';' | ','>(';');
  const query = useMemo(() => (campaignId === null ? null : toQuery(campaignId, filters)), [campaignId, filters]);

  useEffect(() => {
    if (query === null) return;
    let live = true;
    invoke('audit/list', { ...query, offset, limit: PAGE })
      .then((value) => live && setPage(value))
      .catch((error: unknown) => useStore.getState().reportError(error));
    return () => {
      live = false;
    };
  }, [query, offset]);

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  const exportAs = async (format: 'xlsx' | 'csv') => {
    if (query === null) return;
    const store = useStore.getState();
    try {
      const file = await store.runJob('busy.exportingAudit', (job) => invoke('audit/export', { ...query, format, separator }, job));
      downloadPayload(file);
      store.notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
    } catch (error) {
      store.reportError(error);
    }
  };

  const total = page?.total ?? 0;
  return (
    <div className="subpanel audit-panel" data-testid="audit-panel">
      <div className="toolbar audit-toolbar">
        <h2 className="section-title">{t('audit.title')}</h2>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => void exportAs('xlsx')} disabled={busy || campaignId === null} data-testid="audit-export-xlsx">
          {t('audit.exportXlsx')}
        </button>
        <select
          value={separator}
          onChange={(e) => setSeparator(e.target.value === ',' ? ',' : ';')}
          aria-label={t('audit.csvSeparator')}
          title={t('audit.csvSeparator')}
          data-testid="audit-csv-separator"
        >
          <option value=";">{t('audit.csvSeparator.semicolon')}</option>
          <option value=",">{t('audit.csvSeparator.comma')}</option>
        </select>
        <button type="button" onClick={() => void exportAs('csv')} disabled={busy || campaignId === null} data-testid="audit-export-csv">
          {t('audit.exportCsv')}
        </button>
      </div>
      <p className="hint">{t('audit.hint')}</p>
      <div className="filter-bar audit-filters" key={resetKey}>
        <label className="inline-field">
          <span>{t('audit.filter.unit')}</span>
          <select value={filters.unitCode} onChange={(e) => change({ unitCode: e.target.value })} data-testid="audit-unit">
            <option value="">{t('audit.all')}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.code} — {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('audit.filter.criterion')}</span>
          <input
            className="audit-criterion"
            value={filters.criterionCode}
            placeholder={t('audit.filter.criterionPlaceholder')}
            onChange={(e) => change({ criterionCode: e.target.value })}
            data-testid="audit-criterion"
          />
        </label>
        <label className="inline-field">
          <span>{t('audit.filter.actor')}</span>
          <select value={filters.actor} onChange={(e) => change({ actor: e.target.value })} data-testid="audit-actor">
            <option value="">{t('audit.all')}</option>
            {(page?.actors ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('audit.filter.action')}</span>
          <select value={filters.action} onChange={(e) => change({ action: e.target.value })} data-testid="audit-action">
            <option value="">{t('audit.all')}</option>
            {(page?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {actionLabel(language, a)}
              </option>
            ))}
          </select>
        </label>
        <span className="inline-field">
          <span>{t('audit.filter.from')}</span>
          <DateInput value={filters.fromDay} onChange={(iso) => iso !== null && change({ fromDay: iso })} testId="audit-from" label={t('audit.filter.from')} />
        </span>
        <span className="inline-field">
          <span>{t('audit.filter.to')}</span>
          <DateInput value={filters.toDay} onChange={(iso) => iso !== null && change({ toDay: iso })} testId="audit-to" label={t('audit.filter.to')} />
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            setFilters(EMPTY);
            setOffset(0);
            setResetKey((k) => k + 1);
          }}
          data-testid="audit-reset"
        >
          {t('audit.reset')}
        </button>
      </div>
      <div className="grid-scroll audit-scroll" tabIndex={0} aria-label={t('audit.title')}>
        <table className="grid audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.col.at')}</th>
              <th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.unit')}</th>
              <th>{t('audit.col.criterion')}</th>
              <th className="num">{t('audit.col.old')}</th>
              <th className="num">{t('audit.col.new')}</th>
              <th>{t('audit.col.reason')}</th>
              <th>{t('audit.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {(page?.items ?? []).map((i) => (
              <tr key={i.id} data-testid="audit-row" data-action={i.action} data-unit={i.unitCode ?? ''} data-criterion={i.criterionCode ?? ''}>
                <td className="nowrap">{displayDateTime(i.at)}</td>
                <td>{i.actor}</td>
                <td>{actionLabel(language, i.action)}</td>
                <td>{i.unitCode === null ? '' : <><span className="code">{i.unitCode}</span> {i.unitName ?? ''}</>}</td>
                <td className="code">{i.criterionCode ?? ''}</td>
                <td className="num audit-value" title={i.oldText}>{i.oldText}</td>
                <td className="num audit-value strong" title={i.newText}>{i.newText}</td>
                <td className="audit-reason">{i.reason}</td>
                <td className="mono small muted" title={i.sourceSha256 || i.source}>{sourceLabel(i)}</td>
              </tr>
            ))}
            {page && page.items.length === 0 && (
              <tr>
                <td colSpan={9} className="empty" data-testid="audit-empty">
                  {t('audit.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="audit-pager">
        <span className="muted small" data-testid="audit-range">
          {t('audit.range', { from: total === 0 ? 0 : offset + 1, to: Math.min(offset + PAGE, total), total })}
        </span>
        <button type="button" onClick={() => setOffset(Math.max(0, offset - PAGE))} disabled={offset === 0} data-testid="audit-prev">
          {t('audit.prev')}
        </button>
        <button type="button" onClick={() => setOffset(offset + PAGE)} disabled={offset + PAGE >= total} data-testid="audit-next">
          {t('audit.next')}
        </button>
      </div>
    </div>
  );
}
