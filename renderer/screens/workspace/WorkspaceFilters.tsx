// The grid's filter bar: unscored, differs from the self-score, has evidence, awaiting explanation,
// reason missing. Each shows how many leaves match now; filters combine (all must hold).

import type { MemberSheet } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useT } from '../../i18n.js';
import { FILTER_KEYS, matchesFilter, type FilterKey } from './memberCells.js';

const LABELS: Record<FilterKey, MessageKey> = {
  unscored: 'filter.unscored',
  differs: 'filter.differs',
  evidence: 'filter.evidence',
  awaiting: 'filter.awaiting',
  needsReason: 'filter.needsReason',
};

interface WorkspaceFiltersProps {
  sheet: MemberSheet;
  filters: readonly FilterKey[];
  onChange: (filters: FilterKey[]) => void;
}

export function WorkspaceFilters({ sheet, filters, onChange }: WorkspaceFiltersProps) {
  const t = useT();
  const leaves = sheet.rows.filter((r) => r.isLeaf);
  const toggle = (key: FilterKey) => onChange(filters.includes(key) ? filters.filter((f) => f !== key) : [...filters, key]);
  return (
    <div className="filter-bar ws-filters" role="group" aria-label={t('filter.label')} data-testid="ws-filters">
      <span className="muted small">{t('filter.label')}:</span>
      {FILTER_KEYS.map((key) => {
        const count = leaves.filter((r) => matchesFilter(r, key)).length;
        const on = filters.includes(key);
        return (
          <button
            key={key}
            type="button"
            className={['filter-chip', on ? 'on' : '', key === 'needsReason' && count > 0 ? 'warn' : ''].join(' ').trim()}
            aria-pressed={on}
            onClick={() => toggle(key)}
            data-testid={`filter-${key}`}
          >
            {t(LABELS[key])} <span className="num filter-count">{count}</span>
          </button>
        );
      })}
      {filters.length > 0 && (
        <button type="button" className="link" onClick={() => onChange([])} data-testid="filter-clear">
          {t('filter.clear')}
        </button>
      )}
    </div>
  );
}
