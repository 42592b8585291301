// The unit's criteria tree as a keyboard-first grid. Up/Down walk the leaves (Ctrl: every row),
// Enter saves and jumps to the next unscored leaf, Escape reverts, Space/K toggles "not applicable",
// Ctrl+Z undoes the last change. Nothing invalid is ever sent.

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type FocusEvent, type KeyboardEvent } from 'react';
import type { SheetRow, UnitSheet } from '../../../shared/contract.js';
import { points } from '../../format.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { checkDraft } from './scoreInput.js';

interface SheetGridProps {
  sheet: UnitSheet;
  /** Set when the grid should take the keyboard (unit opened from the keyboard). */
  focusRequested: boolean;
  onFocusHandled: () => void;
}

type Drafts = Readonly<Record<string, string>>;

function focusTarget(container: HTMLElement | null, code: string): HTMLElement | null {
  return container?.querySelector<HTMLElement>(`[data-focus="${CSS.escape(code)}"]`) ?? null;
}

function codeOf(target: EventTarget | null): string | null {
  return target instanceof HTMLElement ? (target.closest<HTMLElement>('[data-code]')?.dataset.code ?? null) : null;
}

export function SheetGrid({ sheet, focusRequested, onFocusHandled }: SheetGridProps) {
  const t = useT();
  const setScore = useStore((s) => s.setScore);
  const setNotApplicable = useStore((s) => s.setNotApplicable);
  const undo = useStore((s) => s.undo);
  const notify = useStore((s) => s.notify);
  const containerRef = useRef<HTMLDivElement>(null);
  const [drafts, setDraftsState] = useState<Drafts>({});
  const draftsRef = useRef<Drafts>({});
  const [focusCode, setFocusCode] = useState<string | null>(null);

  const rows = sheet.rows;
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const byCodeRef = useRef(byCode);
  useEffect(() => {
    byCodeRef.current = byCode;
  }, [byCode]);
  const leafCodes = useMemo(() => rows.filter((r) => r.isLeaf).map((r) => r.code), [rows]);
  const allCodes = useMemo(() => rows.map((r) => r.code), [rows]);

  const setDrafts = useCallback((change: (d: Drafts) => Drafts) => {
    draftsRef.current = change(draftsRef.current);
    setDraftsState(draftsRef.current);
  }, []);

  const dropDraft = useCallback(
    (code: string) =>
      setDrafts((d) => {
        if (!(code in d)) return d;
        const next = { ...d };
        delete next[code];
        return next;
      }),
    [setDrafts],
  );

  const focusRow = useCallback((code: string) => {
    const el = focusTarget(containerRef.current, code);
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
    if (el instanceof HTMLInputElement) el.select();
  }, []);

  /** Sends the cell's draft when it is valid; 'invalid' keeps it on screen with its message. */
  const commit = useCallback(
    (code: string): 'clean' | 'sent' | 'invalid' => {
      const draft = draftsRef.current[code];
      const row = byCodeRef.current.get(code);
      if (draft === undefined || !row) return 'clean';
      const check = checkDraft(draft, row.maxMilli);
      if (!check.ok) return 'invalid';
      dropDraft(code);
      if (row.applicable) void setScore(code, check.pointsMilli);
      return 'sent';
    },
    [dropDraft, setScore],
  );

  const firstUnscoredAfter = useCallback(
    (code: string | null): string | null => {
      const current = useStore.getState().sheet;
      if (!current) return null;
      const state = new Map(current.rows.map((r) => [r.code, r]));
      const start = code === null ? -1 : leafCodes.indexOf(code);
      for (let step = 1; step <= leafCodes.length; step++) {
        const candidate = leafCodes[(start + step + leafCodes.length) % leafCodes.length];
        const row = candidate === undefined ? undefined : state.get(candidate);
        if (row && candidate !== code && row.applicable && row.pointsMilli === null) return candidate;
      }
      return null;
    },
    [leafCodes],
  );

  useEffect(() => {
    if (!focusRequested) return;
    onFocusHandled();
    const target = firstUnscoredAfter(null) ?? leafCodes[0];
    if (target) focusRow(target);
  }, [focusRequested, onFocusHandled, firstUnscoredAfter, leafCodes, focusRow]);

  const move = (code: string, delta: 1 | -1, codes: string[]) => {
    let at = codes.indexOf(code);
    if (at < 0) {
      // From a non-leaf row, step to the nearest leaf in that direction.
      const pos = allCodes.indexOf(code);
      const after = allCodes.slice(pos + 1).find((c) => codes.includes(c));
      const before = allCodes.slice(0, pos).reverse().find((c) => codes.includes(c));
      const target = delta === 1 ? after : before;
      if (target) focusRow(target);
      return;
    }
    at = Math.max(0, Math.min(codes.length - 1, at + delta));
    const target = codes[at];
    if (target) focusRow(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const code = codeOf(event.target);
    if (code === null) return;
    const row = byCode.get(code);
    if (!row) return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (event.altKey || event.shiftKey) return;
        event.preventDefault();
        commit(code);
        move(code, event.key === 'ArrowDown' ? 1 : -1, event.ctrlKey || event.metaKey ? allCodes : leafCodes);
        return;
      }
      case 'Enter': {
        if (!plain) return;
        event.preventDefault();
        if (commit(code) === 'invalid') return;
        if (!row.isLeaf) {
          move(code, 1, leafCodes);
          return;
        }
        const next = firstUnscoredAfter(code);
        if (next) focusRow(next);
        else notify('info', { key: 'scoring.allScored' });
        return;
      }
      case 'Escape': {
        if (code in draftsRef.current) {
          event.preventDefault();
          dropDraft(code);
          const el = focusTarget(containerRef.current, code);
          // Only if the user has not moved on meanwhile: select() would pull the focus back.
          if (el instanceof HTMLInputElement) requestAnimationFrame(() => document.activeElement === el && el.select());
        }
        return;
      }
      case ' ':
      case 'k':
      case 'K': {
        if (!plain) return;
        event.preventDefault();
        dropDraft(code);
        void setNotApplicable(code, !row.notApplicable);
        return;
      }
      case 'z':
      case 'Z': {
        if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
        event.preventDefault();
        if (code in draftsRef.current) {
          dropDraft(code);
          return;
        }
        void undo().then((touched) => {
          if (touched) requestAnimationFrame(() => focusRow(touched));
        });
        return;
      }
      default:
        return;
    }
  };

  const onDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.dataset.focus;
      if (!code) return;
      const value = event.target.value;
      setDrafts((d) => ({ ...d, [code]: value }));
    },
    [setDrafts],
  );

  const onBlurInput = useCallback(
    (event: FocusEvent<HTMLInputElement>) => {
      const code = event.target.dataset.focus;
      if (code) commit(code);
    },
    [commit],
  );

  const onToggle = useCallback(
    (code: string, notApplicable: boolean) => {
      dropDraft(code);
      void setNotApplicable(code, notApplicable);
    },
    [dropDraft, setNotApplicable],
  );

  const focused = focusCode === null ? undefined : byCode.get(focusCode);

  return (
    <div className="sheet-body">
      <div
        className="grid-scroll"
        ref={containerRef}
        onKeyDown={onKeyDown}
        onFocus={(e) => setFocusCode(codeOf(e.target))}
        data-testid="sheet-grid"
      >
        <table className="grid sheet-grid" aria-label={t('scoring.gridLabel', { name: sheet.unit.name })}>
          <colgroup>
            <col className="c-code" />
            <col className="c-name" />
            <col className="c-num" />
            <col className="c-num" />
            <col className="c-input" />
            <col className="c-na" />
            <col className="c-result" />
          </colgroup>
          <thead>
            <tr>
              <th>{t('sheet.code')}</th>
              <th>{t('sheet.criterion')}</th>
              <th className="num">{t('sheet.max')}</th>
              <th className="num">{t('sheet.self')}</th>
              <th className="num">{t('sheet.appraised')}</th>
              <th className="center">{t('sheet.notApplicable')}</th>
              <th className="num">{t('sheet.achieved')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <GridRow key={row.code} row={row} draft={drafts[row.code]} t={t} onDraft={onDraft} onBlurInput={onBlurInput} onToggle={onToggle} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="sheet-footer" data-testid="sheet-footer">
        {focused ? (
          <>
            <span className="footer-code">{focused.code}</span>
            <span className="footer-name">{focused.name}</span>
            {focused.rule && (
              <span className="footer-rule">
                {t('sheet.rule')}: {focused.rule}
              </span>
            )}
            {focused.note && (
              <span className="footer-rule">
                {t('sheet.note')}: {focused.note}
              </span>
            )}
          </>
        ) : (
          <span className="muted">{t('scoring.keysHelp')}</span>
        )}
      </div>
    </div>
  );
}

interface GridRowProps {
  row: SheetRow;
  draft: string | undefined;
  t: Translate;
  onDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlurInput: (event: FocusEvent<HTMLInputElement>) => void;
  onToggle: (code: string, notApplicable: boolean) => void;
}

const KIND_BADGE = { survey: 'sheet.kindSurvey', bonus: 'sheet.kindBonus', penalty: 'sheet.kindPenalty' } as const;

function sameRow(a: SheetRow, b: SheetRow): boolean {
  if (a === b) return true;
  for (const key of Object.keys(a) as Array<keyof SheetRow>) if (a[key] !== b[key]) return false;
  return true;
}

/** Only rows whose own values changed re-render when a new sheet arrives. */
const GridRow = memo(function GridRow({ row, draft, t, onDraft, onBlurInput, onToggle }: GridRowProps) {
  const check = draft === undefined ? null : checkDraft(draft, row.maxMilli);
  const error = check && !check.ok ? t(check.error, check.params) : null;
  const classes = ['row', `depth-${Math.min(row.depth, 3)}`, row.isLeaf ? 'leaf' : 'branch'];
  if (!row.applicable) classes.push('na');
  if (error) classes.push('invalid');
  const badge = row.kind === 'appraised' ? null : KIND_BADGE[row.kind];
  return (
    <tr
      className={classes.join(' ')}
      data-code={row.code}
      data-focus={row.isLeaf ? undefined : row.code}
      tabIndex={row.isLeaf ? undefined : -1}
      data-testid={`row-${row.code}`}
      data-applicable={row.applicable ? 'true' : 'false'}
      data-kind={row.kind}
    >
      <td className="code">{row.code}</td>
      <td className="name" style={{ paddingLeft: `${6 + row.depth * 16}px` }} title={row.rule || undefined}>
        {row.name}
        {badge && <span className="badge">{t(badge)}</span>}
      </td>
      <td className="num">{points(row.maxMilli)}</td>
      <td className="num muted">{row.isLeaf ? points(row.selfMilli) : ''}</td>
      <td className={row.isLeaf ? 'num cell-input' : 'num'}>
        {row.isLeaf && (
          <>
            <input
              className="score-input"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={draft ?? points(row.pointsMilli)}
              readOnly={!row.applicable}
              aria-invalid={error !== null}
              aria-label={t('sheet.appraisedOf', { code: row.code })}
              onChange={onDraft}
              onBlur={onBlurInput}
              onFocus={(e) => e.target.select()}
              data-focus={row.code}
              data-testid={`score-${row.code}`}
            />
            {error && (
              <span className="cell-error" role="alert" data-testid={`score-error-${row.code}`}>
                {error}
              </span>
            )}
          </>
        )}
      </td>
      <td className="center">
        <input
          type="checkbox"
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          checked={row.notApplicable}
          onChange={(e) => onToggle(row.code, e.target.checked)}
          aria-label={t('sheet.notApplicableOf', { code: row.code })}
          data-testid={`na-${row.code}`}
        />
      </td>
      <td className="num result" data-testid={`achieved-${row.code}`}>
        {row.isLeaf ? (
          row.applicable ? (
            row.pointsMilli === null ? '' : points(row.subtotalMilli)
          ) : (
            '—'
          )
        ) : (
          <strong>
            {points(row.subtotalMilli)} / {points(row.subMaxMilli)}
          </strong>
        )}
      </td>
    </tr>
  );
},
(a, b) => a.draft === b.draft && a.t === b.t && a.onDraft === b.onDraft && a.onBlurInput === b.onBlurInput && a.onToggle === b.onToggle && sameRow(a.row, b.row));
