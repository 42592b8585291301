// The units of the campaign, grouped, with progress; a search box that goes to a unit by name,
// with or without diacritics. Enter opens the unit and puts the cursor in its sheet.

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { UnitListItem } from '../../../shared/contract.js';
import { matchesSearch } from '../../../shared/text.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

interface UnitListProps {
  onOpen: (unitCode: string, focusSheet: boolean) => void;
}

export function UnitList({ onOpen }: UnitListProps) {
  const t = useT();
  const units = useStore((s) => s.units);
  const unitCode = useStore((s) => s.unitCode);
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Ctrl+K, or "/" outside a text field, goes to the search box.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if ((event.ctrlKey && !event.altKey && event.key.toLowerCase() === 'k') || (event.key === '/' && !inField)) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('.unit-item.active')?.scrollIntoView({ block: 'nearest' });
  }, [unitCode]);

  const visible = useMemo(() => units.filter((u) => matchesSearch(`${u.name} ${u.code}`, query)), [units, query]);
  const grouped = useMemo(() => {
    const groups: Array<{ code: string; name: string; units: UnitListItem[] }> = [];
    for (const u of visible) {
      let g = groups.find((x) => x.code === u.groupCode);
      if (!g) groups.push((g = { code: u.groupCode, name: u.groupName, units: [] }));
      g.units.push(u);
    }
    return groups;
  }, [visible]);

  const items = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button.unit-item') ?? []);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = visible[0];
      if (first) onOpen(first.code, true);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      items()[0]?.focus();
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next < 0) searchRef.current?.focus();
    else all[Math.min(next, all.length - 1)]?.focus();
  };

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
          <div key={g.code} className="unit-group">
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
