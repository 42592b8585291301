// Year over year: import a previous year's results (a campaign workbook or a simple unit/index/rank
// sheet), see how this year's units are matched to them (by code, by hand, or not compared — the
// 2025 reorganisation merged districts into communes and wards), and clear them.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { PreviousSummary } from '../../../shared/contract.js';
import { matchesSearch } from '../../../shared/text.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ImportIssues } from '../../components/ImportIssues.js';
import { percent } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { matchedCount, type PreviousChoice } from '../../store/previousSlice.js';

const AUTO = 'auto';
const NONE = 'none';
const UNIT_PREFIX = 'unit:';

export function PreviousTab() {
  const t = useT();
  const summary = useStore((s) => s.previous);
  const failure = useStore((s) => s.previousFailure);
  const clearFailure = useStore((s) => s.clearPreviousFailure);
  const importPrevious = useStore((s) => s.importPrevious);
  const clearPrevious = useStore((s) => s.clearPrevious);
  const campaignYear = useStore((s) => s.detail?.campaign.year ?? null);
  const busy = useStore((s) => s.busy.length > 0);
  const fileInput = useRef<HTMLInputElement>(null);
  const [year, setYear] = useState('');
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    // Units may have changed since the summary was fetched (added, renamed, deleted).
    void useStore.getState().loadPrevious();
  }, []);

  const yearText = year.trim();
  const yearValid = yearText === '' || (/^\d{4}$/.test(yearText) && Number(yearText) >= 2000 && Number(yearText) <= 2100);
  const imported = summary !== null && summary.year !== null;

  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (file && yearValid) await importPrevious(file, yearText === '' ? null : Number(yearText));
  };

  return (
    <div className="results-body previous-tab">
      <section className="panel subpanel" data-testid="previous-import-panel">
        <h2 className="section-title">{t('previous.title')}</h2>
        <p className="hint">{t('previous.formats')}</p>
        <div className="toolbar">
          <label className="inline-field">
            <span>{t('previous.year')}</span>
            <input
              className="year-input"
              value={year}
              onChange={(e) => setYear(e.target.value)}
              inputMode="numeric"
              placeholder={campaignYear === null ? '' : String(campaignYear - 1)}
              aria-invalid={!yearValid}
              aria-describedby="previous-year-hint"
              data-testid="previous-year"
            />
          </label>
          <span id="previous-year-hint" className={yearValid ? 'muted small' : 'field-error'}>
            {yearValid ? t('previous.yearHint', { year: campaignYear === null ? '' : campaignYear - 1 }) : t('create.yearInvalid')}
          </span>
          <span className="toolbar-spacer" />
          <button type="button" className="primary" onClick={() => fileInput.current?.click()} disabled={busy || !yearValid} data-testid="previous-import">
            {imported ? t('previous.reimport') : t('previous.import')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx,.xls,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="visually-hidden"
            tabIndex={-1}
            onChange={(e) => void onFile(e.target.files)}
            data-testid="previous-import-file"
          />
          {imported && (
            <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={busy} data-testid="previous-clear">
              {t('previous.clear')}
            </button>
          )}
        </div>
        <ImportIssues failure={failure} onClose={clearFailure} testId="previous-import-issues" />
        {summary && imported ? <Summary summary={summary} /> : summary && <p className="empty" data-testid="previous-none">{t('previous.none')}</p>}
      </section>

      {summary && imported && <MappingTable summary={summary} />}
      {summary && imported && <UnmatchedPrevious summary={summary} />}

      {confirming && summary && (
        <ConfirmDialog
          title={t('previous.clearTitle')}
          message={t('previous.clearConfirm', {
            year: summary.year ?? '',
            file: summary.fileName ?? '',
            manual: summary.units.filter((u) => u.explicit).length,
          })}
          confirmLabel={t('previous.clear')}
          onConfirm={clearPrevious}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

function Summary({ summary }: { summary: PreviousSummary }) {
  const t = useT();
  return (
    <dl className="figures previous-summary" data-testid="previous-summary">
      <div className="figure">
        <dt>{t('previous.summaryYear')}</dt>
        <dd data-testid="previous-summary-year">{summary.year}</dd>
      </div>
      <div className="figure">
        <dt>{t('previous.summaryFile')}</dt>
        <dd className="small" data-testid="previous-summary-file">
          {summary.fileName}
        </dd>
      </div>
      <div className="figure">
        <dt>{t('previous.summaryMatched')}</dt>
        <dd data-testid="previous-summary-matched">{t('previous.summaryMatchedValue', { matched: matchedCount(summary), total: summary.units.length })}</dd>
      </div>
      <div className="figure">
        <dt>{t('previous.summaryPrevious')}</dt>
        <dd>{summary.previous.length}</dd>
      </div>
      <div className="figure">
        <dt>{t('previous.summaryUnmatched')}</dt>
        <dd data-testid="previous-summary-unmatched">{summary.unmatchedPrevious.length}</dd>
      </div>
    </dl>
  );
}

function choiceValue(unit: PreviousSummary['units'][number]): string {
  if (!unit.explicit) return AUTO;
  return unit.prevCode === null ? NONE : UNIT_PREFIX + unit.prevCode;
}

function parseChoice(value: string): PreviousChoice {
  if (value === AUTO) return { kind: 'auto' };
  if (value === NONE) return { kind: 'none' };
  return { kind: 'unit', prevCode: value.slice(UNIT_PREFIX.length) };
}

function MappingTable({ summary }: { summary: PreviousSummary }) {
  const t = useT();
  const units = useStore((s) => s.units);
  const mapPrevious = useStore((s) => s.mapPrevious);
  const [filter, setFilter] = useState('');
  const [onlyUnmatched, setOnlyUnmatched] = useState(false);
  const [saving, setSaving] = useState<string | null>(null);
  const groups = useMemo(() => new Map(units.map((u) => [u.code, u.groupName])), [units]);
  const previousByCode = useMemo(() => new Map(summary.previous.map((p) => [p.code, p])), [summary.previous]);
  const visible = summary.units.filter(
    (u) => (!onlyUnmatched || u.prevCode === null) && matchesSearch(`${u.unitCode} ${u.unitName}`, filter),
  );

  const choose = async (unitCode: string, value: string) => {
    setSaving(unitCode);
    try {
      await mapPrevious(unitCode, parseChoice(value));
    } finally {
      setSaving(null);
    }
  };

  return (
    <section className="ranking-group" data-testid="previous-mapping">
      <div className="group-head">
        <h2 className="section-title">{t('previous.mapTitle')}</h2>
      </div>
      <p className="hint">{t('previous.mapHint')}</p>
      <div className="filter-bar">
        <input
          type="search"
          className="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t('ranking.filter')}
          aria-label={t('ranking.filterLabel')}
          data-testid="previous-filter"
        />
        <label className="checkbox">
          <input type="checkbox" checked={onlyUnmatched} onChange={(e) => setOnlyUnmatched(e.target.checked)} data-testid="previous-only-unmatched" />
          {t('previous.onlyUnmatched')}
        </label>
      </div>
      <div className="table-scroll">
        <table className="grid mapping-table">
          <thead>
            <tr>
              <th scope="col" className="col-code">
                {t('previous.col.code')}
              </th>
              <th scope="col">{t('previous.col.unit')}</th>
              <th scope="col">{t('previous.col.group')}</th>
              <th scope="col">{t('previous.col.how')}</th>
              <th scope="col">{t('previous.col.previous')}</th>
              <th scope="col" className="num col-index">
                {t('previous.col.index')}
              </th>
              <th scope="col" className="num col-rank">
                {t('previous.col.rank')}
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((u) => {
              const prev = u.prevCode === null ? undefined : previousByCode.get(u.prevCode);
              const how = u.explicit ? (u.prevCode === null ? 'none' : 'manual') : u.prevCode === null ? 'noMatch' : 'auto';
              return (
                <tr key={u.unitCode} data-testid={`previous-map-row-${u.unitCode}`} data-how={how} data-prev={u.prevCode ?? ''} className={`how-${how}`}>
                  <td className="muted">{u.unitCode}</td>
                  <td>{u.unitName}</td>
                  <td className="muted small">{groups.get(u.unitCode) ?? ''}</td>
                  <td data-testid="previous-map-how">
                    <span className={`how-badge how-${how}`}>{t(`previous.how.${how}`)}</span>
                  </td>
                  <td className="choice-cell">
                    <select
                      value={choiceValue(u)}
                      onChange={(e) => void choose(u.unitCode, e.target.value)}
                      disabled={saving !== null}
                      aria-label={t('previous.choiceLabel', { name: u.unitName })}
                      data-testid="previous-map-select"
                    >
                      <option value={AUTO}>
                        {!u.explicit && prev ? t('previous.choice.autoWith', { code: prev.code, name: prev.name }) : t('previous.choice.auto')}
                      </option>
                      <option value={NONE}>{t('previous.choice.none')}</option>
                      <optgroup label={t('previous.choice.units')}>
                        {summary.previous.map((p) => (
                          <option key={p.code} value={UNIT_PREFIX + p.code}>
                            {t('previous.choice.unit', { code: p.code, name: p.name, index: percent(p.indexHundredths) })}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                  </td>
                  <td className="num" data-testid="previous-map-index">
                    {prev ? percent(prev.indexHundredths) : '—'}
                  </td>
                  <td className="num" data-testid="previous-map-rank">
                    {prev?.rank ?? '—'}
                  </td>
                </tr>
              );
            })}
            {visible.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  {t('ranking.noMatch')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function UnmatchedPrevious({ summary }: { summary: PreviousSummary }) {
  const t = useT();
  const byCode = new Map(summary.previous.map((p) => [p.code, p]));
  return (
    <section className="ranking-group" data-testid="previous-unmatched">
      <h2 className="section-title">{t('previous.unmatchedTitle', { count: summary.unmatchedPrevious.length })}</h2>
      {summary.unmatchedPrevious.length === 0 ? (
        <p className="hint">{t('previous.unmatchedNone')}</p>
      ) : (
        <>
          <p className="hint">{t('previous.unmatchedHint')}</p>
          <div className="table-scroll">
            <table className="grid mapping-table">
              <thead>
                <tr>
                  <th scope="col" className="col-code">
                    {t('previous.col.code')}
                  </th>
                  <th scope="col">{t('previous.col.prevUnit')}</th>
                  <th scope="col">{t('previous.col.group')}</th>
                  <th scope="col" className="num col-index">
                    {t('previous.col.index')}
                  </th>
                  <th scope="col" className="num col-rank">
                    {t('previous.col.rank')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.unmatchedPrevious.map((p) => {
                  const full = byCode.get(p.code);
                  return (
                    <tr key={p.code} data-testid={`previous-unmatched-${p.code}`} data-name={p.name}>
                      <td className="muted">{p.code}</td>
                      <td>{p.name}</td>
                      <td className="muted small">{full?.group ?? ''}</td>
                      <td className="num">{full ? percent(full.indexHundredths) : '—'}</td>
                      <td className="num">{full?.rank ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
