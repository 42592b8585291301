// What the unit's sheet knows about a row without rendering it: whether the unit may self-score it,
// what its score cell shows, how a typed value reads against its rule (the members' entry checks), which
// filter it matches, and how many days a phase has left in words.

import { selfOwnLeaf, type CalendarPhase, type SelfSheet, type SelfSheetRow } from '../../../shared/contract.js';
import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { displayDate, points } from '../../format.js';
import { checkFigures, checkPercent, checkPoints, figureText, isOptionRule, percentText, type EntryCheck } from '../workspace/entry.js';

/** What is typed in a score cell: one text, or two (numerator and denominator of declared figures). */
export type SelfDraft = { a: string; b: string };

export type SelfFilter = 'missing' | 'unscored' | 'requests';
export const SELF_FILTERS: readonly SelfFilter[] = ['missing', 'unscored', 'requests'];

export { selfOwnLeaf };
/** A leaf the unit self-scores now: its own leaf, not past the deadline. */
export const selfEditable = (row: SelfSheetRow): boolean => selfOwnLeaf(row) && row.locked === '';
/** An editable leaf that takes points now (not claimed not applicable). */
export const selfScoreable = (row: SelfSheetRow): boolean => selfEditable(row) && !row.selfNotApplicable;

export function matchesSelfFilter(row: SelfSheetRow, filter: SelfFilter): boolean {
  switch (filter) {
    case 'missing':
      return row.missingEvidence;
    case 'unscored':
      return selfScoreable(row) && row.selfMilli === null;
    case 'requests':
      return row.requests.length > 0;
  }
}

/** The codes a filter keeps: matching leaves and every row above them (so the tree still reads). */
export function filteredCodes(rows: readonly SelfSheetRow[], filters: readonly SelfFilter[]): Set<string> | null {
  if (filters.length === 0) return null;
  const keep = new Set<string>();
  for (const row of rows) {
    if (!row.isLeaf || !filters.every((f) => matchesSelfFilter(row, f))) continue;
    keep.add(row.code);
    for (let code = row.code; code.includes('.'); ) {
      code = code.slice(0, code.lastIndexOf('.'));
      keep.add(code);
    }
  }
  return keep;
}

/** The saved value as the user would type it. */
export function selfDisplayDraft(row: SelfSheetRow): SelfDraft {
  const input = row.inputs;
  if (row.parsedRule.kind === 'ratio') {
    if (input?.kind === 'percent') return { a: percentText(input.hundredths), b: '' };
    if (input?.kind === 'figures') return { a: figureText(input.numerator), b: figureText(input.denominator) };
    return { a: '', b: '' };
  }
  return { a: points(row.selfMilli), b: '' };
}

export function checkSelfDraft(row: SelfSheetRow, draft: SelfDraft): EntryCheck {
  const rule = row.parsedRule;
  if (rule.kind === 'ratio') return rule.figures ? checkFigures(rule, draft.a, draft.b, row.maxMilli) : checkPercent(rule, draft.a, row.maxMilli);
  return checkPoints(rule, draft.a, row.maxMilli);
}

/** The option the self-score chose (-1: none). */
export function selfSelectedOption(row: SelfSheetRow): number {
  const rule = row.parsedRule;
  if (!isOptionRule(rule)) return -1;
  if (row.inputs?.kind === 'option') return row.inputs.index;
  return row.selfMilli === null ? -1 : rule.options.findIndex((o) => o.pointsMilli === row.selfMilli);
}

/** Why a row refuses a self-score, as a catalogue key ('' when it takes one). */
export function selfLockKey(row: SelfSheetRow): MessageKey | null {
  if (!row.isLeaf) return 'unit.lock.notLeaf';
  if (row.locked === 'survey') return 'unit.lock.survey';
  if (row.locked === 'closed') return 'unit.lock.closed';
  if (row.inheritedNotApplicable) return 'unit.lock.underNotApplicable';
  return null;
}

/** A phase's deadline in words: the day and the days left, or that it has passed; null when it has none. */
export function deadlineText(phase: CalendarPhase | null): { key: MessageKey; params: MessageParams; closed: boolean } | null {
  if (!phase?.effective || phase.daysLeft === null) return null;
  const date = displayDate(phase.effective);
  if (phase.closed) return { key: 'unit.deadlinePassed', params: { date }, closed: true };
  if (phase.daysLeft === 0) return { key: 'unit.deadlineToday', params: { date }, closed: false };
  return { key: 'unit.deadlineLeft', params: { date, days: phase.daysLeft }, closed: false };
}

/** The sheet's completeness, as the header shows it. */
export function completeness(sheet: SelfSheet): { scored: number; leaves: number; documented: number; missing: number; openRequests: number } {
  return { scored: sheet.scored, leaves: sheet.leaves, documented: sheet.documented, missing: sheet.scored - sheet.documented, openRequests: sheet.openRequests };
}
