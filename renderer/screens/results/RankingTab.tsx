// The ranking per group: band colours with a legend, total, maximum, index and the change since the
// previous year; every column sortable from its header, rows filtered by name and band.

import { useState } from 'react';
import type { GroupRanking, RankRow } from '../../../shared/calc.js';
import { percent, pointsAligned } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { BandChip, BandLegend, FilterBar, rowMatches } from './FilterBar.js';
import {
  DEFAULT_SORT,
  formatDelta,
  formatRankChange,
  indexDelta,
  rankChange,
  sortRows,
  type SortKey,
  type SortState,
} from './model.js';

export function RankingTab() {
  const t = useT();
  const ranking = useStore((s) => s.ranking);
  const previous = useStore((s) => s.previous);
  const filter = useStore((s) => s.resultsFilter);
  const setTab = useStore((s) => s.setResultsTab);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  if (!ranking) return null;

  const firstPrevious = ranking.groups.flatMap((g) => g.rows).find((r) => r.previous !== null)?.previous ?? null;
  const previousYear = previous?.year ?? firstPrevious?.year ?? null;
  const onSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' }));

  return (
    <div className="results-body">
      <FilterBar groups={ranking.groups} testIdPrefix="ranking" />
      {previousYear === null && (
        <p className="hint" data-testid="ranking-previous-hint">
          {t('ranking.previousHint')}{' '}
          <button type="button" className="link" onClick={() => setTab('previous')}>
            {t('ranking.previousGo')}
          </button>
        </p>
      )}
      {ranking.groups.map((group) => (
        <GroupTable
          key={group.code}
          group={group}
          rows={sortRows(group.rows, sort).filter((r) => rowMatches(r, filter))}
          previousYear={previousYear}
          sort={sort}
          onSort={onSort}
        />
      ))}
    </div>
  );
}

interface GroupTableProps {
  group: GroupRanking;
  rows: RankRow[];
  previousYear: number | null;
  sort: SortState;
  onSort: (key: SortKey) => void;
}

function GroupTable({ group, rows, previousYear, sort, onSort }: GroupTableProps) {
  const t = useT();
  const comparing = previousYear !== null;
  const header = (key: SortKey, text: string, className = '') => {
    const active = sort.key === key;
    return (
      <th className={className} aria-sort={active ? sort.direction : 'none'} scope="col">
        <button type="button" className="sort-button" onClick={() => onSort(key)} data-testid={`sort-${key}`} title={t('ranking.sortHint')}>
          {text}
        </button>
      </th>
    );
  };
  const columns = 6 + (comparing ? 3 : 0);
  return (
    <section className="ranking-group" data-testid={`ranking-group-${group.code}`} data-name={group.name}>
      <div className="group-head">
        <h2 className="section-title">
          {group.name}
          <span className="muted small">
            {' '}
            · {t('ranking.unitCount', { count: group.rows.length })}
            {!group.ranked && ` · ${t('ranking.notRanked')}`}
          </span>
        </h2>
        <BandLegend bands={group.bands} testId={`band-legend-${group.code}`} />
      </div>
      <div className="table-scroll">
        <table className="grid ranking-table">
          <thead>
            <tr>
              {header('rank', t('ranking.rank'), 'num col-rank')}
              {header('unit', t('ranking.unit'))}
              {header('total', t('ranking.total'), 'num col-points')}
              {header('max', t('ranking.max'), 'num col-points')}
              {header('index', t('ranking.index'), 'num col-index')}
              {header('band', t('ranking.band'), 'col-band')}
              {comparing && header('prevIndex', t('ranking.prevIndex', { year: previousYear }), 'num col-index')}
              {comparing && header('delta', t('ranking.delta'), 'num col-delta')}
              {comparing && header('rankChange', t('ranking.rankChange'), 'num col-delta')}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <RankingRow key={row.unitCode} row={row} group={group} comparing={comparing} />
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns} className="empty">
                  {group.rows.length === 0 ? t('ranking.noUnits') : t('ranking.noMatch')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RankingRow({ row, group, comparing }: { row: RankRow; group: GroupRanking; comparing: boolean }) {
  const t = useT();
  const delta = indexDelta(row);
  const change = rankChange(row);
  const prev = row.previous;
  const prevTitle = prev
    ? t('ranking.prevTitle', { year: prev.year, name: prev.prevName, code: prev.prevCode, index: percent(prev.indexHundredths), rank: prev.rank ?? '—' })
    : t('ranking.noPrevious');
  const changeTitle =
    prev === null || change === null
      ? t('ranking.noPrevious')
      : change > 0
        ? t('ranking.rankUp', { n: change, year: prev.year, prev: prev.rank ?? '—' })
        : change < 0
          ? t('ranking.rankDown', { n: -change, year: prev.year, prev: prev.rank ?? '—' })
          : t('ranking.rankSame', { year: prev.year });
  const trend = (value: number | null) => (value === null ? ' none' : value > 0 ? ' up' : value < 0 ? ' down' : ' same');
  if (!row.appraised) {
    // Not appraised yet: no points, index, rank or band to show (never a 0 that reads as a result).
    return (
      <tr className="not-appraised" data-testid={`ranking-row-${row.unitCode}`} data-name={row.unitName} data-appraised="false">
        <td className="num col-rank" data-testid="rank">
          —
        </td>
        <td data-testid="unit-name">{row.unitName}</td>
        <td className="num muted" data-testid="total">
          —
        </td>
        <td className="num" data-testid="max">
          {pointsAligned(row.maxMilli)}
        </td>
        <td className="num muted" data-testid="index">
          —
        </td>
        <td data-testid="band" title={t('ranking.notAppraisedTitle')}>
          <span className="muted">{t('ranking.notAppraised')}</span>
        </td>
        {comparing && (
          <>
            <td className="num" data-testid="prev-index" title={prevTitle}>
              {prev ? percent(prev.indexHundredths) : '—'}
            </td>
            <td className="num trend none" data-testid="delta">
              —
            </td>
            <td className="num trend none" data-testid="rank-change">
              —
            </td>
          </>
        )}
      </tr>
    );
  }
  return (
    <tr data-testid={`ranking-row-${row.unitCode}`} data-name={row.unitName} data-appraised="true">
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
      <td data-testid="band">
        <BandChip bands={group.bands} label={row.band} />
      </td>
      {comparing && (
        <>
          <td className="num" data-testid="prev-index" title={prevTitle}>
            {prev ? percent(prev.indexHundredths) : '—'}
          </td>
          <td className={`num trend${trend(delta)}`} data-testid="delta" title={prevTitle}>
            {formatDelta(delta)}
          </td>
          <td className={`num trend${trend(change)}`} data-testid="rank-change" title={changeTitle} aria-label={changeTitle}>
            {formatRankChange(change)}
          </td>
        </>
      )}
    </tr>
  );
}
