// The unit's criteria tree as a keyboard-first grid of final scores. The keys and their rules come from
// the shared grid core (components/grid): Up/Down walk the leaves (Ctrl: every row), Enter saves and
// jumps to the next unscored leaf, Escape reverts, Alt+K (or Space/K on a group row) toggles "not
// applicable" — asking first when it touches more than one sub-criterion — and Ctrl+Z undoes.
// Nothing invalid is ever sent.

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { SheetRow, UnitSheet } from '../../../shared/contract.js';
import { cellAt, focusCell, keyContextOf, keyPressOf, nextWhere, reselectLater, stepFrom } from '../../components/grid/dom.js';
import { useDrafts } from '../../components/grid/drafts.js';
import { gridKeyAction } from '../../components/grid/keys.js';
import { NotApplicableNotice, useNotApplicableChange } from '../../components/grid/NotApplicable.js';
import { GridTable, rowClasses, rowKeyAttributes, type GridColumn } from '../../components/grid/frame.js';
import { points } from '../../format.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { checkDraft } from './scoreInput.js';

interface SheetGridProps {
  sheet: UnitSheet;
  /** Set when the grid should take the keyboard (unit opened from the keyboard). */
  focusRequested: boolean;
  onFocusHandled: () => void;
  /** A panel beside the grid about the focused row (e.g. its evidence); the grid keeps its keys. */
  side?: (focusedCode: string | null) => ReactNode;
}

export function SheetGrid({ sheet, focusRequested, onFocusHandled, side }: SheetGridProps) {
  const t = useT();
  const setScore = useStore((s) => s.setScore);
  const setNotApplicable = useStore((s) => s.setNotApplicable);
  const undo = useStore((s) => s.undo);
  const notify = useStore((s) => s.notify);
  const containerRef = useRef<HTMLDivElement>(null);
  const { drafts, ref: draftsRef, set: setDraft, drop: dropDraft } = useDrafts<string>();
  const [focusCode, setFocusCode] = useState<string | null>(null);

  const rows = sheet.rows;
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const byCodeRef = useRef(byCode);
  useEffect(() => {
    byCodeRef.current = byCode;
  }, [byCode]);
  const leafCodes = useMemo(() => rows.filter((r) => r.isLeaf).map((r) => r.code), [rows]);
  const allCodes = useMemo(() => rows.map((r) => r.code), [rows]);

  const focusRow = useCallback((code: string) => focusCell(containerRef.current, code), []);

  const naChange = useNotApplicableChange(rows, setNotApplicable, focusRow);

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
    [draftsRef, dropDraft, setScore],
  );

  const firstUnscoredAfter = useCallback(
    (code: string | null): string | null => {
      const current = useStore.getState().sheet;
      if (!current) return null;
      const state = new Map(current.rows.map((r) => [r.code, r]));
      return nextWhere(leafCodes, code, (c) => {
        const row = state.get(c);
        return row !== undefined && row.applicable && row.pointsMilli === null;
      });
    },
    [leafCodes],
  );

  useEffect(() => {
    if (!focusRequested) return;
    onFocusHandled();
    const target = firstUnscoredAfter(null) ?? leafCodes[0];
    if (target) focusRow(target);
  }, [focusRequested, onFocusHandled, firstUnscoredAfter, leafCodes, focusRow]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = cellAt(event.target);
    const row = at ? byCode.get(at.code) : undefined;
    if (!at || !row) return;
    const { code } = at;
    const action = gridKeyAction(keyPressOf(event), keyContextOf(event.target, false));
    switch (action?.type) {
      case 'move': {
        event.preventDefault();
        commit(code);
        const target = stepFrom(code, action.delta, action.everyRow ? allCodes : leafCodes, allCodes);
        if (target) focusRow(target);
        return;
      }
      case 'enter': {
        event.preventDefault();
        if (commit(code) === 'invalid') return;
        if (!row.isLeaf) {
          const target = stepFrom(code, 1, leafCodes, allCodes);
          if (target) focusRow(target);
          return;
        }
        const next = firstUnscoredAfter(code);
        if (next) focusRow(next);
        else notify('info', { key: 'scoring.allScored' });
        return;
      }
      case 'revert': {
        if (dropDraft(code)) {
          event.preventDefault();
          reselectLater(event.target);
        }
        return;
      }
      case 'toggleNotApplicable': {
        event.preventDefault();
        dropDraft(code);
        naChange.toggle(code, !row.notApplicable);
        return;
      }
      case 'undo': {
        event.preventDefault();
        if (dropDraft(code)) return;
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
      if (code) setDraft(code, event.target.value);
    },
    [setDraft],
  );

  const onBlurInput = useCallback(
    (event: FocusEvent<HTMLInputElement>) => {
      const code = event.target.dataset.focus;
      if (code) commit(code);
    },
    [commit],
  );

  const { toggle } = naChange;
  const onToggle = useCallback(
    (code: string, notApplicable: boolean) => {
      dropDraft(code);
      // The keyboard goes to the row, so Ctrl+Z reaches the grid right after a click.
      focusRow(code);
      toggle(code, notApplicable);
    },
    [dropDraft, focusRow, toggle],
  );

  const focused = focusCode === null ? undefined : byCode.get(focusCode);

  const columns: GridColumn[] = [
    { col: 'c-code', header: t('sheet.code') },
    { col: 'c-name', header: t('sheet.criterion') },
    { col: 'c-num', header: t('sheet.max'), align: 'num' },
    { col: 'c-num', header: t('sheet.self'), align: 'num' },
    { col: 'c-input', header: t('sheet.appraised'), align: 'num' },
    { col: 'c-na', header: t('scoring.notApplicableShort'), align: 'center', title: t('sheet.notApplicable') },
    { col: 'c-result', header: t('sheet.achieved'), align: 'num' },
  ];

  return (
    <div className={side ? 'sheet-body with-side' : 'sheet-body'}>
      <div className="sheet-main">
        <div
          className="grid-scroll"
          ref={containerRef}
          onKeyDown={onKeyDown}
          onFocus={(e) => setFocusCode(cellAt(e.target)?.code ?? null)}
          data-testid="sheet-grid"
        >
          <GridTable className="grid sheet-grid" label={t('scoring.gridLabel', { name: sheet.unit.name })} columns={columns}>
              {rows.map((row) => (
                <GridRow key={row.code} row={row} draft={drafts[row.code]} t={t} onDraft={onDraft} onBlurInput={onBlurInput} onToggle={onToggle} />
              ))}
          </GridTable>
        </div>
        <NotApplicableNotice unitCode={sheet.unit.code} />
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
      {side && (
        <aside className="sheet-side" data-testid="sheet-side">
          {side(focusCode)}
        </aside>
      )}
      {naChange.dialog}
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
  const classes = rowClasses(row);
  if (!row.applicable) classes.push('na');
  if (error) classes.push('invalid');
  const badge = row.kind === 'appraised' ? null : KIND_BADGE[row.kind];
  return (
    <tr
      className={classes.join(' ')}
      {...rowKeyAttributes(row)}
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
      <td className="num muted" title={row.selfNotApplicable ? t('sheet.selfClaimNa', { reason: row.selfReason }) : undefined}>
        {row.selfNotApplicable ? t('sheet.selfClaimNaShort') : row.isLeaf ? points(row.selfMilli) : ''}
      </td>
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
              data-part="score"
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
