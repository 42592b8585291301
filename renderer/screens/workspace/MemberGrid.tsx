// Member mode: the unit's criteria tree as a keyboard-first grid of proposed scores — the container.
// Each leaf takes input the way its rule reads (MemberRow, ScoreCell): option buttons (keys 1–9), a
// percentage or declared figures, or free points in steps. The keys follow the shared grid core
// (components/grid/keys.ts): ↑/↓ move, Enter goes to the next unscored cell (or to the reason when the
// score differs from the self-score), Tab reaches the reason, Esc reverts, Ctrl+Z undoes, Alt+K (or
// Space/K outside a field) marks "not applicable", and a sentence started on an option cell goes to the
// reason. Locked cells say why and refuse input. Files dropped on a row are attached to it.

import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type FocusEvent, type KeyboardEvent } from 'react';
import type { MemberSheet, MemberSheetRow } from '../../../shared/contract.js';
import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { cellAt, cellTarget, focusCell, keyContextOf, keyPressOf, nextWhere, reselectLater, stepFrom, type Part } from '../../components/grid/dom.js';
import { useDrafts } from '../../components/grid/drafts.js';
import { gridKeyAction } from '../../components/grid/keys.js';
import { useNotApplicableChange } from '../../components/grid/NotApplicable.js';
import { GridScroll, GridTable, useRowDrop, type GridColumn } from '../../components/grid/frame.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { isOptionRule } from './entry.js';
import { checkMemberDraft, displayDraft, editable, LOCK_MESSAGES, matchesFilter, scoreable, type Draft, type FilterKey } from './memberCells.js';
import { MemberRow } from './MemberRow.js';

interface Refusal {
  code: string;
  key: MessageKey;
  params?: MessageParams;
}

interface MemberGridProps {
  sheet: MemberSheet;
  /** Filters in force when the grid was mounted: the rows they matched stay until they change. */
  filters: readonly FilterKey[];
  focusRequested: boolean;
  onFocusHandled: () => void;
  onSelect: (code: string) => void;
  onShowDetails: (code: string) => void;
  onDropFiles: (code: string, files: File[]) => void;
}

/** The row as the store has it now, with changes not yet answered laid over. */
function liveRow(code: string): MemberSheetRow | undefined {
  return useStore.getState().memberSheet?.rows.find((r) => r.code === code);
}

export function MemberGrid({ sheet, filters, focusRequested, onFocusHandled, onSelect, onShowDetails, onDropFiles }: MemberGridProps) {
  const t = useT();
  const proposeScore = useStore((s) => s.proposeScore);
  const proposeReason = useStore((s) => s.proposeReason);
  const proposeNotApplicable = useStore((s) => s.proposeNotApplicable);
  const undoProposal = useStore((s) => s.undoProposal);
  const notify = useStore((s) => s.notify);
  const containerRef = useRef<HTMLDivElement>(null);
  const { drafts, ref: draftsRef, set: setDraft, drop: dropDraft } = useDrafts<Draft>();
  const { drafts: reasons, ref: reasonsRef, set: setReason, drop: dropReason } = useDrafts<string>();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const { dropCode, onDragOver, onDragLeave, onDrop } = useRowDrop(onDropFiles);
  const rows = sheet.rows;

  // The filter's rows are fixed when the grid mounts (the parent re-keys it on a new filter), so a row
  // scored under "unscored" stays in place instead of vanishing from under the cursor.
  const [shown] = useState<Set<string> | null>(() => {
    if (filters.length === 0) return null;
    const keep = new Set<string>();
    for (const row of rows) {
      if (!row.isLeaf || !filters.every((f) => matchesFilter(row, f))) continue;
      keep.add(row.code);
      for (let code = row.code; code.includes('.'); ) {
        code = code.slice(0, code.lastIndexOf('.'));
        keep.add(code);
      }
    }
    return keep;
  });
  const visibleRows = useMemo(() => (shown ? rows.filter((r) => shown.has(r.code)) : rows), [rows, shown]);
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const leafCodes = useMemo(() => visibleRows.filter((r) => r.isLeaf).map((r) => r.code), [visibleRows]);
  const allCodes = useMemo(() => visibleRows.map((r) => r.code), [visibleRows]);
  /** A branch may be marked not applicable when every leaf below it is this member's. */
  const branchEditable = useMemo(() => {
    const result = new Set<string>();
    for (const row of rows) {
      if (row.isLeaf) continue;
      const below = rows.filter((r) => r.isLeaf && r.code.startsWith(`${row.code}.`));
      if (below.length > 0 && below.every((r) => r.locked === '')) result.add(row.code);
    }
    return result;
  }, [rows]);

  const focusPart = useCallback((code: string, part: Part = 'score') => focusCell(containerRef.current, code, part), []);
  const naChange = useNotApplicableChange(rows, proposeNotApplicable, focusPart);

  const nextUnscored = useCallback(
    (from: string | null): string | null => {
      const current = useStore.getState().memberSheet;
      if (!current) return null;
      const state = new Map(current.rows.map((r) => [r.code, r]));
      return nextWhere(leafCodes, from, (code) => {
        const row = state.get(code);
        return row !== undefined && scoreable(row) && row.proposalMilli === null;
      });
    },
    [leafCodes],
  );

  const goNext = useCallback(
    (from: string) => {
      const next = nextUnscored(from);
      if (next) focusPart(next);
      else notify('info', { key: 'workspace.allScored' });
    },
    [focusPart, nextUnscored, notify],
  );

  useEffect(() => {
    if (!focusRequested) return;
    onFocusHandled();
    const target = nextUnscored(null) ?? leafCodes[0];
    if (target) focusPart(target);
  }, [focusRequested, onFocusHandled, nextUnscored, leafCodes, focusPart]);

  // A mark for measuring how soon a unit's grid is ready (bench, DevTools' performance panel).
  useEffect(() => {
    performance.mark(`par:member-grid-ready:${sheet.unit.code}`);
  }, [sheet.unit.code]);

  // A refusal is a brief note beside the cell.
  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), 3500);
    return () => clearTimeout(timer);
  }, [refusal]);

  /** Sends the cell's typed value when valid; 'invalid' keeps it on screen with its message. */
  const commitScore = useCallback(
    (code: string): 'clean' | 'sent' | 'invalid' => {
      const draft = draftsRef.current[code];
      const row = liveRow(code);
      if (draft === undefined || !row) return 'clean';
      const check = checkMemberDraft(row, draft);
      if (!check.ok) return 'invalid';
      dropDraft(code);
      if (scoreable(row)) void proposeScore(code, check.input);
      return 'sent';
    },
    [draftsRef, dropDraft, proposeScore],
  );

  const commitReason = useCallback(
    (code: string) => {
      const draft = reasonsRef.current[code];
      if (draft === undefined) return;
      dropReason(code);
      const row = liveRow(code);
      if (row && editable(row)) void proposeReason(code, draft.trim());
    },
    [reasonsRef, dropReason, proposeReason],
  );

  /** After a score: the reason when it is now required, otherwise stay (options) or move on (Enter). */
  const afterScore = useCallback(
    (code: string, moveOn: boolean) => {
      const row = liveRow(code);
      if (row?.needsReason) requestAnimationFrame(() => focusPart(code, 'reason'));
      else if (moveOn) goNext(code);
    },
    [focusPart, goNext],
  );

  const refuse = useCallback((row: MemberSheetRow) => {
    if (row.locked !== '') setRefusal({ code: row.code, key: LOCK_MESSAGES[row.locked] });
    else if (!row.applicable) setRefusal({ code: row.code, key: 'lock.notApplicable' });
  }, []);

  const pick = useCallback(
    (code: string, index: number) => {
      const row = liveRow(code);
      if (!row) return;
      if (!scoreable(row)) {
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
      void proposeScore(code, { kind: 'option', index });
      afterScore(code, false);
    },
    [afterScore, proposeScore, refuse],
  );

  const { toggle: toggleScope } = naChange;
  const toggleNotApplicable = useCallback(
    (code: string) => {
      const row = liveRow(code);
      if (!row) return;
      const allowed = row.isLeaf ? row.locked === '' : branchEditable.has(code);
      if (!allowed) {
        setRefusal({ code, key: row.isLeaf ? LOCK_MESSAGES[row.locked === '' ? 'not_assigned' : row.locked] : 'lock.branchNotApplicable' });
        return;
      }
      dropDraft(code);
      toggleScope(code, !row.proposalNotApplicable);
    },
    [branchEditable, dropDraft, toggleScope],
  );

  /** A character typed on a cell without a field of its own starts (or continues) the row's reason. */
  const typeIntoReason = useCallback(
    (code: string, text: string) => {
      const base = reasonsRef.current[code] ?? liveRow(code)?.reason ?? '';
      setReason(code, base + text);
      // Setting the longer value after the focus puts the caret at its end, where the next key goes.
      cellTarget(containerRef.current, code, 'reason')?.focus();
    },
    [reasonsRef, setReason],
  );

  const move = (code: string, delta: 1 | -1, everyRow: boolean) => {
    const target = stepFrom(code, delta, everyRow ? allCodes : leafCodes, allCodes);
    if (target) focusPart(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = cellAt(event.target);
    const row = at ? byCode.get(at.code) : undefined;
    if (!at || !row) return;
    const { code, part } = at;
    const action = gridKeyAction(keyPressOf(event), keyContextOf(event.target, editable(row)));
    if (!action) return;
    switch (action.type) {
      case 'move':
        event.preventDefault();
        if (part === 'reason') commitReason(code);
        else commitScore(code);
        move(code, action.delta, action.everyRow);
        return;
      case 'enter': {
        event.preventDefault();
        if (!row.isLeaf) {
          move(code, 1, false);
          return;
        }
        if (part === 'reason') {
          commitReason(code);
          goNext(code);
          return;
        }
        if (commitScore(code) === 'invalid') return;
        afterScore(code, true);
        return;
      }
      case 'revert':
        if (part === 'reason') {
          if (!dropReason(code)) focusPart(code, 'score');
          event.preventDefault();
        } else if (dropDraft(code)) {
          event.preventDefault();
          reselectLater(event.target);
        }
        return;
      case 'undo':
        event.preventDefault();
        if (part === 'score' ? dropDraft(code) : dropReason(code)) return;
        void undoProposal().then((touched) => {
          if (touched) requestAnimationFrame(() => focusPart(touched));
        });
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
        if (scoreable(row)) void proposeScore(code, null);
        else refuse(row);
        return;
      case 'typeInto':
        event.preventDefault();
        typeIntoReason(code, action.text);
        return;
      case 'refuse':
        event.preventDefault();
        refuse(row);
        return;
    }
  };

  const onDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      const row = code ? liveRow(code) : undefined;
      if (!code || !row) return;
      const value = event.target.value;
      const second = event.target.dataset.figure === 'denominator';
      const base = draftsRef.current[code] ?? displayDraft(row);
      setDraft(code, second ? { ...base, b: value } : { ...base, a: value });
    },
    [draftsRef, setDraft],
  );

  const onReasonDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      if (code) setReason(code, event.target.value);
    },
    [setReason],
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

  const onBlurReason = useCallback(
    (event: FocusEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      if (code) commitReason(code);
    },
    [commitReason],
  );

  const onPickClick = useCallback(
    (code: string, index: number) => {
      focusPart(code);
      pick(code, index);
    },
    [focusPart, pick],
  );

  const onToggleClick = useCallback(
    (code: string) => {
      // The keyboard goes to the row, so Ctrl+Z reaches the grid right after a click.
      focusPart(code);
      toggleNotApplicable(code);
    },
    [focusPart, toggleNotApplicable],
  );

  const columns: GridColumn[] = [
    { col: 'c-code', header: t('sheet.code') },
    { col: 'c-name', header: t('workspace.col.criterion') },
    { col: 'c-num', header: t('workspace.col.max'), align: 'num' },
    { col: 'c-num', header: t('workspace.col.self'), align: 'num' },
    { col: 'c-score', header: t('workspace.col.mine') },
    { col: 'c-reason', header: t('workspace.col.reason') },
    { col: 'c-na', header: t('scoring.notApplicableShort'), align: 'center', title: t('sheet.notApplicable') },
    { col: 'c-result', header: t('workspace.col.achieved'), align: 'num' },
  ];
  return (
    <GridScroll className="grid-scroll member-scroll" containerRef={containerRef} onKeyDown={onKeyDown} onSelect={onSelect} focusRow={focusPart} testId="member-grid" rows={visibleRows.length}>
      <GridTable className="grid member-grid" label={t('scoring.gridLabel', { name: sheet.unit.name })} columns={columns}>
          {visibleRows.map((row) => (
            <MemberRow
              key={row.code}
              row={row}
              draft={drafts[row.code]}
              reasonDraft={reasons[row.code]}
              refusal={refusal?.code === row.code ? t(refusal.key, refusal.params) : null}
              dropping={dropCode === row.code}
              branchEditable={branchEditable.has(row.code)}
              t={t}
              onDraft={onDraft}
              onReasonDraft={onReasonDraft}
              onBlurScore={onBlurScore}
              onBlurReason={onBlurReason}
              onPick={onPickClick}
              onToggle={onToggleClick}
              onShowDetails={onShowDetails}
              onDragOver={onDragOver}
              onDragLeave={onDragLeave}
              onDrop={onDrop}
            />
          ))}
      </GridTable>
      {visibleRows.length === 0 && <p className="empty">{t('workspace.filterEmpty')}</p>}
      {naChange.dialog}
    </GridScroll>
  );
}
