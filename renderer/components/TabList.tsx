// WAI-ARIA tabs for a screen: ←/→ move between tabs (wrapping), Home/End jump to the ends, only the
// current tab is in the Tab order. Ids: `<prefix>-tab-<name>` for the tab, `<prefix>-panel-<name>` for
// the panel it controls (the screen renders the panel itself).

import { useRef, type KeyboardEvent, type ReactNode } from 'react';

interface TabListProps<T extends string> {
  prefix: string;
  tabs: readonly T[];
  current: T;
  onSelect: (tab: T) => void;
  label: string;
  labelOf: (tab: T) => string;
  className?: string;
  /** data-testid of a tab (default `<prefix>-tab-<name>`). */
  testIdOf?: (tab: T) => string;
  /** Shown after the tabs (a hint, a count). */
  children?: ReactNode;
}

export function TabList<T extends string>({ prefix, tabs, current, onSelect, label, labelOf, className, testIdOf, children }: TabListProps<T>) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.indexOf(current);
    const n = tabs.length;
    const next =
      event.key === 'ArrowRight' ? tabs[(at + 1) % n]
      : event.key === 'ArrowLeft' ? tabs[(at - 1 + n) % n]
      : event.key === 'Home' ? tabs[0]
      : event.key === 'End' ? tabs[n - 1]
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className={className ? `tabs ${className}` : 'tabs'} role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((name) => (
        <button
          key={name}
          ref={(el) => {
            if (el) refs.current.set(name, el);
            else refs.current.delete(name);
          }}
          type="button"
          role="tab"
          id={`${prefix}-tab-${name}`}
          aria-selected={current === name}
          aria-controls={`${prefix}-panel-${name}`}
          tabIndex={current === name ? 0 : -1}
          className={current === name ? 'tab active' : 'tab'}
          onClick={() => onSelect(name)}
          data-testid={testIdOf ? testIdOf(name) : `${prefix}-tab-${name}`}
        >
          {labelOf(name)}
        </button>
      ))}
      {children}
    </div>
  );
}
