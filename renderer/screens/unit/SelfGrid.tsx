// The unit's sheet as a keyboard-first grid: the tree with maxima, and on each leaf the self-score
// widget its rule asks for. Keys follow the shared grid core (components/grid/keys.ts): ↑/↓ move, Enter
// saves and goes to the next unscored leaf, Esc reverts, digits pick a level, Delete clears, Alt+K (or
// Space/K outside a field) claims or withdraws "không áp dụng" (asking the reason). The row's details
// (explanation, evidence, requests) are in the side panel: Alt+G writes the explanation, Alt+T attaches
// a file, Alt+R answers the council's request. Files dropped on a row are attached to it.

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent, type FocusEvent, type KeyboardEvent } from 'react';
import type { SelfSheet, SelfSheetRow } from '../../../shared/contract.js';
import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { cellAt, focusCell, keyContextOf, keyPressOf, nextWhere, reselectLater, stepFrom } from '../../components/grid/dom.js';
import { useDrafts } from '../../components/grid/drafts.js';
import { gridKeyAction } from '../../components/grid/keys.js';
import { GridScroll, GridTable, rowClasses, rowKeyAttributes, useRowDrop, type GridColumn } from '../../components/grid/frame.js';
import { Icon } from '../../components/Icon.js';
import { points } from '../../format.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { isOptionRule } from '../workspace/entry.js';
import { checkSelfDraft, filteredCodes, selfDisplayDraft, selfEditable, selfLockKey, selfScoreable, type SelfDraft, type SelfFilter } from './selfCells.js';
import { SelfScoreCell } from './SelfScoreCell.js';

interface Refusal {
  code: string;
  key: MessageKey;
  params?: MessageParams;
}

/** What the side panel is asked to do for the focused row. */
export type PanelAction = 'explain' | 'attach' | 'answer';

interface SelfGridProps {
  sheet: SelfSheet;
  /** Filters in force when the grid was mounted (the parent re-keys it on a change): matching rows stay put while edited. */
  filters: readonly SelfFilter[];
  /** A row to give the keyboard to (the "go to" box, a panel's Esc), with a counter so the same row can be asked twice. */
  focusRequest: { code: string; n: number } | null;
  onSelect: (code: string) => void;
  onPanel: (code: string, action: PanelAction) => void;
  onClaimNotApplicable: (code: string) => void;
  onDropFiles: (code: string, files: File[]) => void;
}

const liveRow = (code: string): SelfSheetRow | undefined => useStore.getState().selfSheet?.rows.find((r) => r.code === code);

const PANEL_KEYS: Record<string, PanelAction> = { g: 'explain', t: 'attach', r: 'answer' };

export function SelfGrid({ sheet, filters, focusRequest, onSelect, onPanel, onClaimNotApplicable, onDropFiles }: SelfGridProps) {
  const t = useT();
  const setSelfScore = useStore((s) => s.setSelfScore);
  const setSelfNotApplicable = useStore((s) => s.setSelfNotApplicable);
  const notify = useStore((s) => s.notify);
  const containerRef = useRef<HTMLDivElement>(null);
  const { drafts, ref: draftsRef, set: setDraft, drop: dropDraft } = useDrafts<SelfDraft>();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const { dropCode, onDragOver, onDragLeave, onDrop } = useRowDrop(onDropFiles);
  const rows = sheet.rows;
  const [shown] = useState(() => filteredCodes(rows, filters));
  const visibleRows = useMemo(() => (shown ? rows.filter((r) => shown.has(r.code)) : rows), [rows, shown]);
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const leafCodes = useMemo(() => visibleRows.filter((r) => r.isLeaf).map((r) => r.code), [visibleRows]);
  const allCodes = useMemo(() => visibleRows.map((r) => r.code), [visibleRows]);
  const focusRow = useCallback((code: string) => focusCell(containerRef.current, code), []);

  useEffect(() => {
    if (focusRequest) focusRow(focusRequest.code);
  }, [focusRequest, focusRow]);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), 3500);
    return () => clearTimeout(timer);
  }, [refusal]);

  const goNext = useCallback(
    (from: string) => {
      const next = nextWhere(leafCodes, from, (code) => {
        const row = liveRow(code);
        return row !== undefined && selfScoreable(row) && row.selfMilli === null;
      });
      if (next) focusRow(next);
      else notify('info', { key: 'unit.allScored' });
    },
    [focusRow, leafCodes, notify],
  );

  const commitScore = useCallback(
    (code: string): 'clean' | 'sent' | 'invalid' => {
      const draft = draftsRef.current[code];
      const row = liveRow(code);
      if (draft === undefined || !row) return 'clean';
      const check = checkSelfDraft(row, draft);
      if (!check.ok) return 'invalid';
      dropDraft(code);
      if (selfScoreable(row)) void setSelfScore(code, check.input);
      return 'sent';
    },
    [draftsRef, dropDraft, setSelfScore],
  );

  const refuse = useCallback((row: SelfSheetRow) => {
    const key = selfLockKey(row) ?? (row.selfNotApplicable ? 'unit.lock.claimedNotApplicable' : null);
    if (key) setRefusal({ code: row.code, key });
  }, []);

  const pick = useCallback(
    (code: string, index: number) => {
      const row = liveRow(code);
      if (!row) return;
      if (!selfScoreable(row)) {
        refuse(row);
        return;
      }
      const rule = row.parsedRule;
      if (!isOptionRule(rule)) return;
      if (index >= rule.options.length) {
        setRefusal({ code, key: 'entry.noOption', params: { n: index + 1, count: rule.options.length } });
        return;
      }
      setRefusal(null);
      void setSelfScore(code, { kind: 'option', index });
    },
    [refuse, setSelfScore],
  );

  const toggleNotApplicable = useCallback(
    (code: string) => {
      const row = liveRow(code);
      if (!row) return;
      if (!selfEditable(row)) {
        refuse(row);
        return;
      }
      dropDraft(code);
      if (row.selfNotApplicable) void setSelfNotApplicable(code, false, '');
      else if (!row.naAllowed) setRefusal({ code, key: 'unit.naNotAllowed' });
      else onClaimNotApplicable(code);
    },
    [dropDraft, onClaimNotApplicable, refuse, setSelfNotApplicable],
  );

  const move = (code: string, delta: 1 | -1, everyRow: boolean) => {
    const target = stepFrom(code, delta, everyRow ? allCodes : leafCodes, allCodes);
    if (target) focusRow(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = cellAt(event.target);
    const row = at ? byCode.get(at.code) : undefined;
    if (!at || !row) return;
    const { code } = at;
    // The panel's chords: the explanation, a file, the answer to the council's request of this row.
    const panel = event.altKey && !event.ctrlKey && !event.metaKey ? PANEL_KEYS[event.key.toLowerCase()] : undefined;
    if (panel && row.isLeaf) {
      event.preventDefault();
      commitScore(code);
      onPanel(code, panel);
      return;
    }
    const action = gridKeyAction(keyPressOf(event), keyContextOf(event.target, false));
    if (!action) return;
    switch (action.type) {
      case 'move':
        event.preventDefault();
        commitScore(code);
        move(code, action.delta, action.everyRow);
        return;
      case 'enter':
        event.preventDefault();
        if (!row.isLeaf) {
          move(code, 1, false);
          return;
        }
        if (commitScore(code) === 'invalid') return;
        goNext(code);
        return;
      case 'revert':
      case 'undo':
        if (dropDraft(code)) {
          event.preventDefault();
          reselectLater(event.target);
        }
        return;
      case 'toggleNotApplicable':
        event.preventDefault();
        toggleNotApplicable(code);
        return;
      case 'pick':
        event.preventDefault();
        pick(code, action.index);
        return;
      case 'clear':
        event.preventDefault();
        if (selfScoreable(row)) void setSelfScore(code, null);
        else refuse(row);
        return;
      case 'refuse':
        event.preventDefault();
        refuse(row);
        return;
      case 'typeInto':
        return;
    }
  };

  const onDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      const row = code ? liveRow(code) : undefined;
      if (!code || !row) return;
      const base = draftsRef.current[code] ?? selfDisplayDraft(row);
      setDraft(code, event.target.dataset.figure === 'denominator' ? { ...base, b: event.target.value } : { ...base, a: event.target.value });
    },
    [draftsRef, setDraft],
  );

  const onBlurScore = useCallback(
    (event: FocusEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      // Moving between the two figure fields of one row is not leaving the cell.
      const next = event.relatedTarget instanceof HTMLElement ? event.relatedTarget.closest<HTMLElement>('[data-code]')?.dataset.code : undefined;
      if (code && next !== code) commitScore(code);
    },
    [commitScore],
  );

  const onPickClick = useCallback(
    (code: string, index: number) => {
      focusRow(code);
      pick(code, index);
    },
    [focusRow, pick],
  );

  const onToggleClick = useCallback(
    (code: string) => {
      focusRow(code);
      toggleNotApplicable(code);
    },
    [focusRow, toggleNotApplicable],
  );

  const columns: GridColumn[] = [
    { col: 'c-code', header: t('sheet.code') },
    { col: 'c-name', header: t('workspace.col.criterion') },
    { col: 'c-num', header: t('workspace.col.max'), align: 'num' },
    { col: 'c-score', header: t('unit.col.self') },
    { col: 'c-points', header: t('unit.col.points'), align: 'num' },
    { col: 'c-na', header: t('scoring.notApplicableShort'), align: 'center', title: t('unit.naClaim') },
    { col: 'c-evidence', header: t('unit.col.evidence') },
  ];
  return (
    <GridScroll className="grid-scroll self-scroll" containerRef={containerRef} onKeyDown={onKeyDown} onSelect={onSelect} focusRow={focusRow} testId="self-grid" rows={visibleRows.length}>
      <GridTable className="grid member-grid self-grid" label={t('unit.gridLabel', { name: sheet.unitName })} columns={columns}>
          {visibleRows.map((row) => (
            <SelfRow
              key={row.code}
              row={row}
              draft={drafts[row.code]}
              refusal={refusal?.code === row.code ? t(refusal.key, refusal.params) : null}
              dropping={dropCode === row.code}
              t={t}
              onDraft={onDraft}
              onBlurScore={onBlurScore}
              onPick={onPickClick}
              onToggle={onToggleClick}
              onDragOver={onDragOver}
              onDragLeave={onDragLeave}
              onDrop={onDrop}
            />
          ))}
      </GridTable>
      {visibleRows.length === 0 && <p className="empty">{t('unit.filterEmpty')}</p>}
    </GridScroll>
  );
}

interface SelfRowProps {
  row: SelfSheetRow;
  draft: SelfDraft | undefined;
  refusal: string | null;
  dropping: boolean;
  t: Translate;
  onDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlurScore: (event: FocusEvent<HTMLInputElement>) => void;
  onPick: (code: string, index: number) => void;
  onToggle: (code: string) => void;
  onDragOver: (event: DragEvent<HTMLTableRowElement>) => void;
  onDragLeave: (event: DragEvent<HTMLTableRowElement>) => void;
  onDrop: (event: DragEvent<HTMLTableRowElement>) => void;
}

const KIND_BADGE = { survey: 'sheet.kindSurvey', bonus: 'sheet.kindBonus', penalty: 'sheet.kindPenalty' } as const;

const SelfRow = memo(function SelfRow({ row, draft, refusal, dropping, t, onDraft, onBlurScore, onPick, onToggle, onDragOver, onDragLeave, onDrop }: SelfRowProps) {
  const check = draft === undefined ? null : checkSelfDraft(row, draft);
  const error = check && !check.ok ? t(check.error, check.params) : null;
  const editable = selfEditable(row);
  const na = row.selfNotApplicable || row.inheritedNotApplicable;
  const classes = rowClasses(row);
  if (na) classes.push('na');
  if (row.isLeaf && !editable) classes.push('locked');
  if (row.missingEvidence) classes.push('missing-evidence');
  if (dropping) classes.push('drop-target');
  const badge = row.kind === 'appraised' ? null : KIND_BADGE[row.kind];
  const open = row.requests.filter((q) => q.answer.trim() === '').length;
  const state = !row.isLeaf ? 'branch' : na ? 'na' : row.selfMilli === null ? 'unscored' : 'scored';
  return (
    <tr
      className={classes.join(' ')}
      {...rowKeyAttributes(row)}
      data-testid={`srow-${row.code}`}
      data-state={state}
      data-self={row.selfMilli ?? ''}
      data-missing={row.missingEvidence ? 'true' : 'false'}
      data-rule={row.isLeaf ? row.parsedRule.kind : undefined}
      onDragOver={row.isLeaf && editable ? onDragOver : undefined}
      onDragLeave={row.isLeaf && editable ? onDragLeave : undefined}
      onDrop={row.isLeaf && editable ? onDrop : undefined}
    >
      <td className="code">{row.code}</td>
      <td className="name" style={{ paddingLeft: `${6 + row.depth * 14}px` }} title={row.parsedRule.text ? `${row.name}\n${t('sheet.rule')}: ${row.parsedRule.text}` : row.name}>
        <div className="name-text">
          {row.name}
          {badge && <span className="badge">{t(badge)}</span>}
        </div>
        {row.isLeaf && (row.parsedRule.text !== '' || row.selfNotApplicable || open > 0 || row.explanation !== '') && (
          <div className="name-meta">
            {row.parsedRule.text !== '' && !row.selfNotApplicable && <span className="rule-text">{row.parsedRule.text}</span>}
            {row.selfNotApplicable && (
              <span className="chip chip-na" title={row.selfReason} data-testid={`self-na-reason-${row.code}`}>
                {t('unit.naReasonChip', { reason: row.selfReason })}
              </span>
            )}
            {row.explanation !== '' && (
              <span className="chip chip-explanation" title={row.explanation}>
                <Icon name="message" /> {t('workspace.hasExplanation')}
              </span>
            )}
            {open > 0 && (
              <span className="chip status-open" data-testid={`self-request-${row.code}`}>
                {t('unit.requestOpen', { count: open })}
              </span>
            )}
          </div>
        )}
      </td>
      <td className="num">{points(row.maxMilli)}</td>
      <td className="score-cell">
        {row.isLeaf && <SelfScoreCell row={row} draft={draft} check={check} error={error} t={t} onDraft={onDraft} onBlurScore={onBlurScore} onPick={onPick} />}
        {refusal && (
          <span className="cell-error refusal" role="alert" data-testid={`self-refusal-${row.code}`}>
            {refusal}
          </span>
        )}
      </td>
      <td className="num result" data-testid={`self-points-${row.code}`}>
        {row.isLeaf && !na && row.selfMilli !== null ? points(row.selfMilli) : row.isLeaf && na ? '—' : ''}
      </td>
      <td className="center">
        {editable && row.naAllowed && (
          <input
            type="checkbox"
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            checked={row.selfNotApplicable}
            onChange={() => onToggle(row.code)}
            aria-label={t('unit.naOf', { code: row.code })}
            data-testid={`self-na-${row.code}`}
          />
        )}
      </td>
      <td className="evidence-cell">
        {row.isLeaf && editable && !row.selfNotApplicable && (
          row.missingEvidence ? (
            <span className="chip chip-missing" data-testid={`self-missing-${row.code}`}>
              {t('unit.missingShort')}
            </span>
          ) : row.evidence.length > 0 ? (
            <span className="chip chip-evidence" data-testid={`self-evidence-count-${row.code}`}>
              <Icon name="clip" /> {row.evidence.length}
            </span>
          ) : row.explanation !== '' ? (
            <span className="chip chip-explanation">{t('unit.explainedShort')}</span>
          ) : null
        )}
      </td>
    </tr>
  );
});
