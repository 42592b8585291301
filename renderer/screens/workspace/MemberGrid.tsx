// Member mode: the unit's criteria tree as a keyboard-first grid of proposed scores. Each leaf takes
// input the way its rule reads: option buttons (keys 1–9), a percentage or declared figures, or free
// points in steps. ↑/↓ move, Enter goes to the next unscored cell (or to the reason when the score
// differs from the self-score), Tab reaches the reason, Esc reverts, Ctrl+Z undoes, Space/K marks
// "not applicable". Locked cells say why and refuse input. Files dropped on a row are attached to it.

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent, type FocusEvent, type KeyboardEvent } from 'react';
import type { MemberSheet, MemberSheetRow } from '../../../shared/contract.js';
import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { points } from '../../format.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { checkFigures, checkPercent, checkPoints, figureText, isOptionRule, percentText, type EntryCheck } from './entry.js';
import { Icon } from '../../components/Icon.js';

export type FilterKey = 'unscored' | 'differs' | 'evidence' | 'awaiting' | 'needsReason';
export const FILTER_KEYS: readonly FilterKey[] = ['unscored', 'differs', 'evidence', 'awaiting', 'needsReason'];

/** Does a leaf match a filter (as the sheet stands now)? */
export function matchesFilter(row: MemberSheetRow, key: FilterKey): boolean {
  switch (key) {
    case 'unscored':
      return row.locked === '' && row.applicable && row.proposalMilli === null;
    case 'differs':
      return row.proposalMilli !== null && row.selfMilli !== null && row.proposalMilli !== row.selfMilli;
    case 'evidence':
      return row.evidenceCount > 0;
    case 'awaiting':
      return row.requests.some((q) => q.status === 'open');
    case 'needsReason':
      return row.needsReason;
  }
}

/** A few words shown in a locked cell; the full reason is its tooltip. */
const LOCK_SHORT: Record<Exclude<MemberSheetRow['locked'], ''>, MessageKey> = {
  not_leaf: 'lock.short.notAssigned',
  not_assigned: 'lock.short.notAssigned',
  recused: 'lock.short.recused',
  survey: 'lock.short.survey',
  final: 'lock.short.final',
};

export const LOCK_MESSAGES: Record<Exclude<MemberSheetRow['locked'], ''>, MessageKey> = {
  not_leaf: 'lock.notLeaf',
  not_assigned: 'lock.notAssigned',
  recused: 'lock.recused',
  survey: 'lock.survey',
  final: 'lock.final',
};

type Draft = { a: string; b: string };
type Drafts = Readonly<Record<string, Draft>>;
type Texts = Readonly<Record<string, string>>;
type Part = 'score' | 'reason';

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

const editable = (row: MemberSheetRow) => row.isLeaf && row.locked === '';
const scoreable = (row: MemberSheetRow) => editable(row) && row.applicable;

function displayDraft(row: MemberSheetRow): Draft {
  const input = row.inputs;
  if (row.parsedRule.kind === 'ratio') {
    if (input?.kind === 'percent') return { a: percentText(input.hundredths), b: '' };
    if (input?.kind === 'figures') return { a: figureText(input.numerator), b: figureText(input.denominator) };
    return { a: '', b: '' };
  }
  return { a: points(row.proposalMilli), b: '' };
}

function checkDraft(row: MemberSheetRow, draft: Draft): EntryCheck {
  const rule = row.parsedRule;
  if (rule.kind === 'ratio') {
    return rule.figures ? checkFigures(rule, draft.a, draft.b, row.maxMilli) : checkPercent(rule, draft.a, row.maxMilli);
  }
  return checkPoints(rule, draft.a, row.maxMilli);
}

function selectedOption(row: MemberSheetRow): number {
  const rule = row.parsedRule;
  if (!isOptionRule(rule)) return -1;
  if (row.inputs?.kind === 'option') return row.inputs.index;
  return row.proposalMilli === null ? -1 : rule.options.findIndex((o) => o.pointsMilli === row.proposalMilli);
}

/** The row as the store has it now, with changes not yet answered laid over. */
function liveRow(code: string): MemberSheetRow | undefined {
  return useStore.getState().memberSheet?.rows.find((r) => r.code === code);
}

function targetOf(container: HTMLElement | null, code: string, part: Part): HTMLElement | null {
  return container?.querySelector<HTMLElement>(`[data-focus="${CSS.escape(code)}"][data-part="${part}"]`) ?? null;
}

function where(target: EventTarget | null): { code: string; part: Part } | null {
  if (!(target instanceof HTMLElement)) return null;
  const code = target.closest<HTMLElement>('[data-code]')?.dataset.code;
  if (!code) return null;
  return { code, part: target.closest<HTMLElement>('[data-part]')?.dataset.part === 'reason' ? 'reason' : 'score' };
}

export function MemberGrid({ sheet, filters, focusRequested, onFocusHandled, onSelect, onShowDetails, onDropFiles }: MemberGridProps) {
  const t = useT();
  const proposeScore = useStore((s) => s.proposeScore);
  const proposeReason = useStore((s) => s.proposeReason);
  const proposeNotApplicable = useStore((s) => s.proposeNotApplicable);
  const undoProposal = useStore((s) => s.undoProposal);
  const notify = useStore((s) => s.notify);
  const containerRef = useRef<HTMLDivElement>(null);
  const [drafts, setDraftsState] = useState<Drafts>({});
  const draftsRef = useRef<Drafts>({});
  const [reasons, setReasonsState] = useState<Texts>({});
  const reasonsRef = useRef<Texts>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [dropCode, setDropCode] = useState<string | null>(null);
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

  const setDrafts = useCallback((change: (d: Drafts) => Drafts) => {
    draftsRef.current = change(draftsRef.current);
    setDraftsState(draftsRef.current);
  }, []);
  const setReasons = useCallback((change: (d: Texts) => Texts) => {
    reasonsRef.current = change(reasonsRef.current);
    setReasonsState(reasonsRef.current);
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
  const dropReason = useCallback(
    (code: string) =>
      setReasons((d) => {
        if (!(code in d)) return d;
        const next = { ...d };
        delete next[code];
        return next;
      }),
    [setReasons],
  );

  const focusPart = useCallback((code: string, part: Part = 'score') => {
    const el = targetOf(containerRef.current, code, part) ?? targetOf(containerRef.current, code, 'score');
    if (!el) return;
    el.focus({ preventScroll: true });
    el.closest('tr')?.scrollIntoView({ block: 'nearest' });
    if (el instanceof HTMLInputElement) el.select();
  }, []);

  const nextUnscored = useCallback(
    (from: string | null): string | null => {
      const current = useStore.getState().memberSheet;
      if (!current) return null;
      const state = new Map(current.rows.map((r) => [r.code, r]));
      const start = from === null ? -1 : leafCodes.indexOf(from);
      for (let step = 1; step <= leafCodes.length; step++) {
        const code = leafCodes[(start + step + leafCodes.length) % leafCodes.length];
        const row = code === undefined ? undefined : state.get(code);
        if (row && code !== from && scoreable(row) && row.proposalMilli === null) return code;
      }
      return null;
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
      const check = checkDraft(row, draft);
      if (!check.ok) return 'invalid';
      dropDraft(code);
      if (scoreable(row)) void proposeScore(code, check.input);
      return 'sent';
    },
    [dropDraft, proposeScore],
  );

  const commitReason = useCallback(
    (code: string) => {
      const draft = reasonsRef.current[code];
      if (draft === undefined) return;
      dropReason(code);
      const row = liveRow(code);
      if (row && editable(row)) void proposeReason(code, draft.trim());
    },
    [dropReason, proposeReason],
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
      void proposeNotApplicable(code, !row.proposalNotApplicable);
    },
    [branchEditable, dropDraft, proposeNotApplicable],
  );

  const move = (code: string, delta: 1 | -1, codes: string[]) => {
    const at = codes.indexOf(code);
    if (at < 0) {
      const pos = allCodes.indexOf(code);
      const list = delta === 1 ? allCodes.slice(pos + 1) : allCodes.slice(0, pos).reverse();
      const target = list.find((c) => codes.includes(c));
      if (target) focusPart(target);
      return;
    }
    const target = codes[Math.max(0, Math.min(codes.length - 1, at + delta))];
    if (target) focusPart(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = where(event.target);
    if (!at) return;
    const { code, part } = at;
    const row = byCode.get(code);
    if (!row) return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    const inText = event.target instanceof HTMLInputElement;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (event.altKey || event.shiftKey) return;
      event.preventDefault();
      if (part === 'reason') commitReason(code);
      else commitScore(code);
      move(code, event.key === 'ArrowDown' ? 1 : -1, event.ctrlKey || event.metaKey ? allCodes : leafCodes);
      return;
    }
    if (event.key === 'Enter') {
      if (!plain) return;
      event.preventDefault();
      if (!row.isLeaf) {
        move(code, 1, leafCodes);
        return;
      }
      if (part === 'reason') {
        commitReason(code);
        goNext(code);
        return;
      }
      const result = commitScore(code);
      if (result === 'invalid') return;
      afterScore(code, true);
      return;
    }
    if (event.key === 'Escape') {
      if (part === 'reason') {
        if (code in reasonsRef.current) dropReason(code);
        else focusPart(code, 'score');
        event.preventDefault();
      } else if (code in draftsRef.current) {
        event.preventDefault();
        dropDraft(code);
        const el = event.target;
        // Only if the user has not moved on meanwhile: select() would pull the focus back.
        if (el instanceof HTMLInputElement) requestAnimationFrame(() => document.activeElement === el && el.select());
      }
      return;
    }
    if ((event.key === 'z' || event.key === 'Z') && (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      if (part === 'score' && code in draftsRef.current) {
        dropDraft(code);
        return;
      }
      if (part === 'reason' && code in reasonsRef.current) {
        dropReason(code);
        return;
      }
      void undoProposal().then((touched) => {
        if (touched) requestAnimationFrame(() => focusPart(touched));
      });
      return;
    }
    if (part !== 'score' || !plain) return;
    if (event.key === ' ' || event.key === 'k' || event.key === 'K') {
      event.preventDefault();
      toggleNotApplicable(code);
      return;
    }
    if (!row.isLeaf) return;
    const digit = /^[0-9]$/.test(event.key);
    if (!scoreable(row)) {
      if (digit || event.key === 'Delete' || event.key === 'Backspace' || event.key.length === 1) {
        event.preventDefault();
        refuse(row);
      }
      return;
    }
    if (isOptionRule(row.parsedRule) && !inText) {
      if (/^[1-9]$/.test(event.key)) {
        event.preventDefault();
        pick(code, Number(event.key) - 1);
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        void proposeScore(code, null);
      }
    }
  };

  const onDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      const row = code ? liveRow(code) : undefined;
      if (!code || !row) return;
      const value = event.target.value;
      const second = event.target.dataset.figure === 'denominator';
      setDrafts((d) => {
        const base = d[code] ?? displayDraft(row);
        return { ...d, [code]: second ? { ...base, b: value } : { ...base, a: value } };
      });
    },
    [setDrafts],
  );

  const onReasonDraft = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const code = event.target.closest<HTMLElement>('[data-code]')?.dataset.code;
      if (code) {
        const value = event.target.value;
        setReasons((d) => ({ ...d, [code]: value }));
      }
    },
    [setReasons],
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

  const onDragOver = useCallback((event: DragEvent<HTMLTableRowElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const code = event.currentTarget.dataset.code ?? null;
    setDropCode((c) => (c === code ? c : code));
  }, []);
  const onDragLeave = useCallback((event: DragEvent<HTMLTableRowElement>) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDropCode(null);
  }, []);
  const onDrop = useCallback(
    (event: DragEvent<HTMLTableRowElement>) => {
      const code = event.currentTarget.dataset.code;
      setDropCode(null);
      if (!code || event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      onDropFiles(code, Array.from(event.dataTransfer.files));
    },
    [onDropFiles],
  );

  return (
    <div
      className="grid-scroll member-scroll"
      ref={containerRef}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        const at = where(e.target);
        if (at) onSelect(at.code);
      }}
      onClick={(e) => {
        // A click anywhere on a row selects it and gives it the keyboard (fields and buttons keep theirs).
        const at = where(e.target);
        if (!at) return;
        onSelect(at.code);
        if (!(e.target instanceof HTMLElement && e.target.closest('input, button, textarea, select'))) focusPart(at.code);
      }}
      data-testid="member-grid"
      data-rows={visibleRows.length}
    >
      <table className="grid member-grid" aria-label={t('scoring.gridLabel', { name: sheet.unit.name })}>
        <colgroup>
          <col className="c-code" />
          <col className="c-name" />
          <col className="c-num" />
          <col className="c-num" />
          <col className="c-score" />
          <col className="c-reason" />
          <col className="c-na" />
          <col className="c-result" />
        </colgroup>
        <thead>
          <tr>
            <th>{t('sheet.code')}</th>
            <th>{t('workspace.col.criterion')}</th>
            <th className="num">{t('workspace.col.max')}</th>
            <th className="num">{t('workspace.col.self')}</th>
            <th>{t('workspace.col.mine')}</th>
            <th>{t('workspace.col.reason')}</th>
            <th className="center" title={t('sheet.notApplicable')}>
              {t('scoring.notApplicableShort')}
            </th>
            <th className="num">{t('workspace.col.achieved')}</th>
          </tr>
        </thead>
        <tbody>
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
              onToggle={toggleNotApplicable}
              onShowDetails={onShowDetails}
              onDragOver={onDragOver}
              onDragLeave={onDragLeave}
              onDrop={onDrop}
            />
          ))}
        </tbody>
      </table>
      {visibleRows.length === 0 && <p className="empty">{t('workspace.filterEmpty')}</p>}
    </div>
  );
}

interface MemberRowProps {
  row: MemberSheetRow;
  draft: Draft | undefined;
  reasonDraft: string | undefined;
  refusal: string | null;
  dropping: boolean;
  branchEditable: boolean;
  t: Translate;
  onDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onReasonDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlurScore: (event: FocusEvent<HTMLInputElement>) => void;
  onBlurReason: (event: FocusEvent<HTMLInputElement>) => void;
  onPick: (code: string, index: number) => void;
  onToggle: (code: string) => void;
  onShowDetails: (code: string) => void;
  onDragOver: (event: DragEvent<HTMLTableRowElement>) => void;
  onDragLeave: (event: DragEvent<HTMLTableRowElement>) => void;
  onDrop: (event: DragEvent<HTMLTableRowElement>) => void;
}

const KIND_BADGE = { survey: 'sheet.kindSurvey', bonus: 'sheet.kindBonus', penalty: 'sheet.kindPenalty' } as const;
const STATUS_KEYS = { open: 'requests.status.open', answered: 'requests.status.answered', withdrawn: 'requests.status.withdrawn' } as const;

function sameRow(a: MemberSheetRow, b: MemberSheetRow): boolean {
  if (a === b) return true;
  for (const key of Object.keys(a) as Array<keyof MemberSheetRow>) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x === 'object' && x !== null && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}

/** Only rows whose own values changed re-render when a new sheet arrives. */
const MemberRow = memo(
  function MemberRow(props: MemberRowProps) {
    const { row, draft, reasonDraft, refusal, dropping, branchEditable, t } = props;
    const check = draft === undefined ? null : checkDraft(row, draft);
    const error = check && !check.ok ? t(check.error, check.params) : null;
    const isEditable = editable(row);
    const classes = ['row', `depth-${Math.min(row.depth, 3)}`, row.isLeaf ? 'leaf' : 'branch'];
    if (!row.applicable) classes.push('na');
    if (row.isLeaf && row.locked !== '') classes.push('locked');
    if (row.needsReason) classes.push('needs-reason');
    if (error) classes.push('invalid');
    if (dropping) classes.push('drop-target');
    const badge = row.kind === 'appraised' ? null : KIND_BADGE[row.kind];
    const lockText = row.locked === '' || row.locked === 'not_leaf' ? '' : t(LOCK_MESSAGES[row.locked]);
    const openRequest = row.requests.find((q) => q.status === 'open');
    const lastRequest = openRequest ?? row.requests.at(-1);
    const state = !row.isLeaf ? 'branch' : !row.applicable ? 'na' : row.proposalMilli === null ? 'unscored' : 'scored';
    return (
      <tr
        className={classes.join(' ')}
        data-code={row.code}
        data-focus={row.isLeaf ? undefined : row.code}
        data-part={row.isLeaf ? undefined : 'score'}
        tabIndex={row.isLeaf ? undefined : -1}
        data-testid={`mrow-${row.code}`}
        data-locked={row.locked}
        data-rule={row.isLeaf ? row.parsedRule.kind : undefined}
        data-self={row.selfMilli ?? ''}
        data-proposal={row.proposalMilli ?? ''}
        data-state={state}
        data-needs-reason={row.needsReason ? 'true' : 'false'}
        onDragOver={row.isLeaf ? props.onDragOver : undefined}
        onDragLeave={row.isLeaf ? props.onDragLeave : undefined}
        onDrop={row.isLeaf ? props.onDrop : undefined}
      >
        <td className="code">{row.code}</td>
        <td className="name" style={{ paddingLeft: `${6 + row.depth * 14}px` }} title={row.rule ? `${row.name}\n${t('sheet.rule')}: ${row.rule}` : row.name}>
          <div className="name-text">
            {row.name}
            {badge && <span className="badge">{t(badge)}</span>}
          </div>
          {row.isLeaf && (row.rule || row.evidenceCount > 0 || row.explanation || lastRequest) && (
            <div className="name-meta">
              {row.rule && <span className="rule-text">{row.rule}</span>}
              {row.evidenceCount > 0 && (
                <button type="button" tabIndex={-1} className="chip chip-evidence" onClick={() => props.onShowDetails(row.code)} data-testid={`evidence-count-${row.code}`}>
                  <Icon name="clip" /> {t('workspace.evidenceCount', { count: row.evidenceCount })}
                </button>
              )}
              {row.explanation && (
                <button type="button" tabIndex={-1} className="chip chip-explanation" title={row.explanation} onClick={() => props.onShowDetails(row.code)}>
                  <Icon name="message" /> {t('workspace.hasExplanation')}
                </button>
              )}
              {lastRequest && (
                <span className={`chip chip-request status-${lastRequest.status}`} data-testid={`request-status-${row.code}`} data-status={lastRequest.status}>
                  {t(STATUS_KEYS[lastRequest.status])}
                </span>
              )}
            </div>
          )}
        </td>
        <td className="num">{points(row.maxMilli)}</td>
        <td className="num self" data-testid={`self-${row.code}`}>
          {row.isLeaf ? points(row.selfMilli) : ''}
        </td>
        <td className="score-cell">
          {row.isLeaf && <ScoreCell {...props} error={error} check={check} lockText={lockText} />}
          {row.isLeaf && (row.round1ProposalMilli !== null || row.round1ProposalNotApplicable || row.round1FinalMilli !== null || row.round1FinalNotApplicable) && (
            <span className="round1-hint small muted" data-testid={`round1-${row.code}`}>
              {t('rounds.round1Cell', {
                mine: row.round1ProposalNotApplicable ? t('consolidate.na') : row.round1ProposalMilli === null ? '—' : points(row.round1ProposalMilli),
                final: row.round1FinalNotApplicable ? t('consolidate.na') : row.round1FinalMilli === null ? '—' : points(row.round1FinalMilli),
              })}
            </span>
          )}
          {refusal && (
            <span className="cell-error refusal" role="alert" data-testid={`refusal-${row.code}`}>
              {refusal}
            </span>
          )}
        </td>
        <td className="reason-cell">
          {row.isLeaf && isEditable ? (
            <input
              className={row.needsReason ? 'reason-input required' : 'reason-input'}
              value={reasonDraft ?? row.reason}
              placeholder={row.needsReason ? t('workspace.reasonRequired') : t('workspace.reasonOptional')}
              aria-label={t('workspace.reasonOf', { code: row.code })}
              aria-invalid={row.needsReason}
              maxLength={2000}
              onChange={props.onReasonDraft}
              onBlur={props.onBlurReason}
              data-focus={row.code}
              data-part="reason"
              data-testid={`reason-${row.code}`}
            />
          ) : row.isLeaf && row.reason ? (
            <span className="muted small">{row.reason}</span>
          ) : null}
        </td>
        <td className="center">
          {(row.isLeaf ? isEditable : branchEditable) && (
            <input
              type="checkbox"
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              checked={row.proposalNotApplicable}
              onChange={() => props.onToggle(row.code)}
              aria-label={t('sheet.notApplicableOf', { code: row.code })}
              data-testid={`mna-${row.code}`}
            />
          )}
        </td>
        <td className="num result" data-testid={`machieved-${row.code}`}>
          {row.isLeaf ? (
            row.applicable ? (
              row.proposalMilli === null && row.pointsMilli === null && row.round1FinalMilli === null ? (
                ''
              ) : (
                points(row.subtotalMilli)
              )
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
  (a, b) =>
    a.draft === b.draft &&
    a.reasonDraft === b.reasonDraft &&
    a.refusal === b.refusal &&
    a.dropping === b.dropping &&
    a.branchEditable === b.branchEditable &&
    a.t === b.t &&
    a.onDraft === b.onDraft &&
    a.onPick === b.onPick &&
    a.onToggle === b.onToggle &&
    a.onBlurScore === b.onBlurScore &&
    a.onBlurReason === b.onBlurReason &&
    a.onReasonDraft === b.onReasonDraft &&
    a.onShowDetails === b.onShowDetails &&
    a.onDrop === b.onDrop &&
    sameRow(a.row, b.row),
);

interface ScoreCellProps extends MemberRowProps {
  error: string | null;
  check: EntryCheck | null;
  lockText: string;
}

/** The input that fits the rule: option buttons, a percentage, two figures, or free points. */
function ScoreCell({ row, draft, t, error, check, lockText, onDraft, onBlurScore, onPick }: ScoreCellProps) {
  const rule = row.parsedRule;
  const label = t('workspace.scoreOf', { code: row.code });
  if (row.locked !== '') {
    return (
      <div className="locked-cell" tabIndex={-1} title={lockText} aria-label={`${label}: ${lockText}`} aria-readonly="true" data-focus={row.code} data-part="score" data-testid={`score-${row.code}`}>
        <Icon name="lock" />
        <span className="lock-text">{t(LOCK_SHORT[row.locked])}</span>
        {row.proposalMilli !== null && <span className="num">{points(row.proposalMilli)}</span>}
      </div>
    );
  }
  if (!row.applicable) {
    return (
      <div className="locked-cell na-cell" tabIndex={-1} title={t('lock.notApplicable')} data-focus={row.code} data-part="score" data-testid={`score-${row.code}`}>
        {t('scoring.notApplicableShort')}
      </div>
    );
  }
  if (isOptionRule(rule)) {
    const chosen = selectedOption(row);
    return (
      <div className="opts" role="radiogroup" aria-label={label} tabIndex={0} data-focus={row.code} data-part="score" data-testid={`score-${row.code}`} data-chosen={chosen}>
        {rule.options.map((o, i) => (
          <button
            key={i}
            type="button"
            role="radio"
            tabIndex={-1}
            aria-checked={chosen === i}
            className={chosen === i ? 'opt on' : 'opt'}
            title={t('workspace.optionTitle', { n: i + 1, label: o.label, points: points(o.pointsMilli) })}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(row.code, i)}
            data-testid={`opt-${row.code}-${i + 1}`}
          >
            <kbd>{i + 1}</kbd>
            <span className="opt-label">{o.label}</span>
            <span className="opt-pts">{points(o.pointsMilli)}</span>
          </button>
        ))}
      </div>
    );
  }
  const shown = draft ?? displayDraft(row);
  const live = check ? (check.ok ? check.pointsMilli : null) : row.proposalMilli;
  const result = (
    <span className="live-points" data-testid={`live-${row.code}`}>
      {live === null ? '' : t('workspace.points', { points: points(live) })}
    </span>
  );
  const errorNote = error && (
    <span className="cell-error" role="alert" data-testid={`score-error-${row.code}`}>
      {error}
    </span>
  );
  if (rule.kind === 'ratio' && rule.figures) {
    return (
      <div className="figures-cell">
        <input
          className="score-input figure-input"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={shown.a}
          placeholder={rule.figures.numerator}
          title={rule.figures.numerator}
          aria-label={`${label} — ${t('workspace.numerator')}: ${rule.figures.numerator}`}
          aria-invalid={error !== null}
          onChange={onDraft}
          onBlur={onBlurScore}
          onFocus={(e) => e.target.select()}
          data-focus={row.code}
          data-part="score"
          data-figure="numerator"
          data-testid={`score-${row.code}`}
        />
        <span className="figure-slash">/</span>
        <input
          className="score-input figure-input"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={shown.b}
          placeholder={rule.figures.denominator}
          title={rule.figures.denominator}
          aria-label={`${label} — ${t('workspace.denominator')}: ${rule.figures.denominator}`}
          aria-invalid={error !== null}
          onChange={onDraft}
          onBlur={onBlurScore}
          onFocus={(e) => e.target.select()}
          data-part="score"
          data-figure="denominator"
          data-testid={`score2-${row.code}`}
        />
        {result}
        {errorNote}
      </div>
    );
  }
  const percent = rule.kind === 'ratio';
  return (
    <div className={percent ? 'percent-cell' : 'points-cell'}>
      <input
        className="score-input"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={shown.a}
        placeholder={rule.kind === 'free' && rule.stepMilli ? t('workspace.stepHint', { step: points(rule.stepMilli) }) : ''}
        aria-label={percent ? `${label} (%)` : label}
        aria-invalid={error !== null}
        onChange={onDraft}
        onBlur={onBlurScore}
        onFocus={(e) => e.target.select()}
        data-focus={row.code}
        data-part="score"
        data-testid={`score-${row.code}`}
      />
      {percent && <span className="unit-suffix">%</span>}
      {percent && result}
      {errorNote}
    </div>
  );
}
