// The units of the campaign, grouped, with progress; a search box that goes to a unit by name,
// with or without diacritics. Enter opens the unit and puts the cursor in its sheet.

import { useT } from '../../i18n.js';
import { useUnitSearch } from './useUnitSearch.js';
import { useStore } from '../../store/index.js';

interface UnitListProps {
  onOpen: (unitCode: string, focusSheet: boolean) => void;
}

export function UnitList({ onOpen }: UnitListProps) {
  const t = useT();
  const units = useStore((s) => s.units);
  const unitCode = useStore((s) => s.unitCode);
  const { query, setQuery, listRef, searchRef, visible, grouped, onSearchKey, onListKey } = useUnitSearch(units, unitCode, onOpen);

  return (
    <aside className="unit-pane" data-testid="unit-pane">
      <input
        ref={searchRef}
        className="search unit-search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        placeholder={t('scoring.searchPlaceholder')}
        title={t('scoring.searchShortcut')}
        aria-label={t('scoring.searchPlaceholder')}
        data-testid="unit-search"
      />
      <div className="unit-list" ref={listRef} onKeyDown={onListKey} data-testid="unit-list">
        {grouped.map((g) => (
          <div key={g.name} className="unit-group">
            <div className="unit-group-name">{g.name}</div>
            {g.units.map((u) => {
              const done = u.totalLeaves > 0 && u.scoredLeaves >= u.totalLeaves;
              return (
                <button
                  key={u.code}
                  type="button"
                  className={u.code === unitCode ? 'unit-item active' : 'unit-item'}
                  aria-current={u.code === unitCode ? 'true' : undefined}
                  onClick={() => onOpen(u.code, false)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      onOpen(u.code, true);
                    }
                  }}
                  data-testid={`unit-item-${u.code}`}
                  data-name={u.name}
                >
                  <span className="unit-item-name">{u.name}</span>
                  <span className={done ? 'unit-progress done' : 'unit-progress'} data-testid={`unit-progress-${u.code}`}>
                    {u.scoredLeaves}/{u.totalLeaves}
                  </span>
                  <span className="progress-track" aria-hidden="true">
                    <span className="progress-fill" style={{ width: `${u.totalLeaves > 0 ? (100 * u.scoredLeaves) / u.totalLeaves : 0}%` }} />
                  </span>
                </button>
              );
            })}
          </div>
        ))}
        {visible.length === 0 && <p className="empty">{units.length === 0 ? t('scoring.noUnits') : t('scoring.noMatch')}</p>}
      </div>
    </aside>
  );
}
