// The unit filter shared by the ranking and component tabs, and the band legend of a group.

import type { GroupRanking, RankRow } from '../../../shared/calc.js';
import type { Band } from '../../../shared/domain.js';
import { formatIndex } from '../../../shared/numbers.js';
import { matchesSearch } from '../../../shared/text.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { NO_BAND, type ResultsFilter } from '../../store/rankingSlice.js';
import { bandRanges, bandTone, bandsDescending } from './model.js';

export function rowMatches(row: RankRow, filter: ResultsFilter): boolean {
  if (filter.band !== '' && (filter.band === NO_BAND ? row.band !== null : row.band !== filter.band)) return false;
  return matchesSearch(`${row.unitCode} ${row.unitName}`, filter.text);
}

/** Every band label of the campaign once, highest first, as the band filter offers them. */
function bandLabels(groups: readonly GroupRanking[]): { labels: string[]; hasNone: boolean } {
  const labels: string[] = [];
  for (const g of groups) for (const b of bandsDescending(g.bands)) if (!labels.includes(b.label)) labels.push(b.label);
  return { labels, hasNone: groups.some((g) => g.rows.some((r) => r.band === null)) };
}

export function FilterBar({ groups, testIdPrefix }: { groups: readonly GroupRanking[]; testIdPrefix: string }) {
  const t = useT();
  const filter = useStore((s) => s.resultsFilter);
  const setFilter = useStore((s) => s.setResultsFilter);
  const { labels, hasNone } = bandLabels(groups);
  const total = groups.reduce((n, g) => n + g.rows.length, 0);
  const shown = groups.reduce((n, g) => n + g.rows.filter((r) => rowMatches(r, filter)).length, 0);
  return (
    <div className="filter-bar" role="search">
      <input
        type="search"
        className="search"
        value={filter.text}
        onChange={(e) => setFilter({ text: e.target.value })}
        placeholder={t('ranking.filter')}
        aria-label={t('ranking.filterLabel')}
        data-testid={`${testIdPrefix}-filter`}
      />
      <label className="inline-field">
        <span>{t('ranking.bandFilter')}</span>
        <select value={filter.band} onChange={(e) => setFilter({ band: e.target.value })} data-testid={`${testIdPrefix}-band-filter`}>
          <option value="">{t('ranking.bandAll')}</option>
          {labels.map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
          {hasNone && <option value={NO_BAND}>{t('ranking.bandNone')}</option>}
        </select>
      </label>
      {(filter.text !== '' || filter.band !== '') && (
        <button type="button" className="link" onClick={() => setFilter({ text: '', band: '' })} data-testid={`${testIdPrefix}-filter-clear`}>
          {t('ranking.filterClear')}
        </button>
      )}
      <span className="muted small" data-testid={`${testIdPrefix}-shown`} aria-live="polite">
        {t('ranking.shown', { shown, total })}
      </span>
    </div>
  );
}

/** A band's label in its colour; the colour is never the only cue, the label is always written. */
export function BandChip({ bands, label }: { bands: readonly Band[]; label: string | null }) {
  const tone = bandTone(bands, label);
  if (label === null) return null;
  return <span className={tone === null ? 'band-chip' : `band-chip band-tone-${tone}`}>{label}</span>;
}

export function BandLegend({ bands, testId }: { bands: readonly Band[]; testId?: string }) {
  const t = useT();
  if (bands.length === 0) return null;
  return (
    <ul className="band-legend" aria-label={t('ranking.legend')} data-testid={testId}>
      {bandRanges(bands).map(({ band, toHundredths }) => (
        <li key={band.label}>
          <BandChip bands={bands} label={band.label} />
          <span className="muted small">
            {toHundredths === null
              ? t('ranking.bandRangeTop', { from: formatIndex(band.fromHundredths) })
              : t('ranking.bandRange', { from: formatIndex(band.fromHundredths), to: formatIndex(toHundredths) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
