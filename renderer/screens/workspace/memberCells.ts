// What the member grid knows about a row without rendering it: which filters it matches, whether it is
// editable, what its score cell shows and how a typed value reads against its rule.

import type { MemberSheetRow } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { points } from '../../format.js';
import { checkFigures, checkPercent, checkPoints, figureText, isOptionRule, percentText, type EntryCheck } from './entry.js';

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
export const LOCK_SHORT: Record<Exclude<MemberSheetRow['locked'], ''>, MessageKey> = {
  not_leaf: 'lock.short.notAssigned',
  not_assigned: 'lock.short.notAssigned',
  recused: 'lock.short.recused',
  survey: 'lock.short.survey',
  final: 'lock.short.final',
  closed: 'lock.short.closed',
};

export const LOCK_MESSAGES: Record<Exclude<MemberSheetRow['locked'], ''>, MessageKey> = {
  not_leaf: 'lock.notLeaf',
  not_assigned: 'lock.notAssigned',
  recused: 'lock.recused',
  survey: 'lock.survey',
  final: 'lock.final',
  closed: 'lock.closed',
};

/** What is typed in a score cell: one text, or two (numerator and denominator of declared figures). */
export type Draft = { a: string; b: string };

export const editable = (row: MemberSheetRow) => row.isLeaf && row.locked === '';
export const scoreable = (row: MemberSheetRow) => editable(row) && row.applicable;

/** The cell's saved value as the user would type it. */
export function displayDraft(row: MemberSheetRow): Draft {
  const input = row.inputs;
  if (row.parsedRule.kind === 'ratio') {
    if (input?.kind === 'percent') return { a: percentText(input.hundredths), b: '' };
    if (input?.kind === 'figures') return { a: figureText(input.numerator), b: figureText(input.denominator) };
    return { a: '', b: '' };
  }
  return { a: points(row.proposalMilli), b: '' };
}

export function checkMemberDraft(row: MemberSheetRow, draft: Draft): EntryCheck {
  const rule = row.parsedRule;
  if (rule.kind === 'ratio') {
    return rule.figures ? checkFigures(rule, draft.a, draft.b, row.maxMilli) : checkPercent(rule, draft.a, row.maxMilli);
  }
  return checkPoints(rule, draft.a, row.maxMilli);
}

export function selectedOption(row: MemberSheetRow): number {
  const rule = row.parsedRule;
  if (!isOptionRule(rule)) return -1;
  if (row.inputs?.kind === 'option') return row.inputs.index;
  return row.proposalMilli === null ? -1 : rule.options.findIndex((o) => o.pointsMilli === row.proposalMilli);
}
