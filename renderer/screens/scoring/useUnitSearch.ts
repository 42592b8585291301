// The unit pane's behaviour, shared by the secretariat's and the member's unit lists: search by name
// with or without diacritics, grouping, Ctrl+K or "/" to the search box, and arrow keys through the list.

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { matchesSearch } from '../../../shared/text.js';
import { isTextField } from '../../components/grid/dom.js';

interface SearchableUnit {
  code: string;
  name: string;
  groupName: string;
}

export function useUnitSearch<T extends SearchableUnit>(units: readonly T[], activeCode: string | null, onOpen: (unitCode: string, focusSheet: boolean) => void) {
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      // A key a grid or field already took (a character typed into a reason) is not a shortcut.
      if (event.defaultPrevented || event.isComposing) return;
      const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
      if ((event.ctrlKey && !event.altKey && event.key.toLowerCase() === 'k') || (event.key === '/' && plain && !isTextField(event.target))) {
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
  }, [activeCode]);

  const visible = useMemo(() => units.filter((u) => matchesSearch(`${u.name} ${u.code}`, query)), [units, query]);
  const grouped = useMemo(() => {
    const groups: Array<{ name: string; units: T[] }> = [];
    for (const u of visible) {
      let g = groups.find((x) => x.name === u.groupName);
      if (!g) groups.push((g = { name: u.groupName, units: [] }));
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

  return { query, setQuery, listRef, searchRef, visible, grouped, onSearchKey, onListKey };
}
