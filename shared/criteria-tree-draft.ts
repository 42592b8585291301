// The criteria tree editor's draft (Cấu hình → Bộ tiêu chí → Sửa cây tiêu chí): a set's criteria as rows in
// code order, and the edits the keyboard makes on it (add a child or a sibling, delete with the subtree, move
// among siblings, recode a subtree), with the sums it shows live. Pure, so the rules are tested without a browser; the service checks the saved tree again.

import type { EditableCriterion } from './contract.js';
import { compareCodes, CRITERION_CODE_PATTERN, isMeasured, parentCodeOf } from './domain.js';

export type DraftRow = EditableCriterion;

export const sortRows = (rows: readonly DraftRow[]): DraftRow[] => [...rows].sort((a, b) => compareCodes(a.code, b.code));

export const depthOf = (code: string): number => code.split('.').length - 1;

const isWithin = (code: string, root: string): boolean => code === root || code.startsWith(`${root}.`);

/** The row and every row below it. */
export const subtree = (rows: readonly DraftRow[], code: string): DraftRow[] => rows.filter((r) => isWithin(r.code, code));

const childrenOf = (rows: readonly DraftRow[], parent: string | null): DraftRow[] => rows.filter((r) => parentCodeOf(r.code) === parent);

/** The next free number under a parent (top level when null): 1.3 after 1.1 and 1.2. */
function nextCode(rows: readonly DraftRow[], parent: string | null): string {
  const last = Math.max(0, ...childrenOf(rows, parent).map((r) => Number(r.code.split('.').pop())));
  return parent === null ? String(last + 1) : `${parent}.${last + 1}`;
}

/** A new empty row under `parent` (or at top level); a child takes its area's kind. Returns the rows and its code. */
export function addRow(rows: readonly DraftRow[], parent: string | null): { rows: DraftRow[]; code: string } {
  const code = nextCode(rows, parent);
  const area = parent === null ? undefined : rows.find((r) => r.code === parent.split('.')[0]);
  const row: DraftRow = { code, name: '', maxMilli: 0, kind: area?.kind ?? 'appraised', rule: '', naAllowed: true };
  return { rows: sortRows([...rows, row]), code };
}

export function deleteRow(rows: readonly DraftRow[], code: string): DraftRow[] {
  return rows.filter((r) => !isWithin(r.code, code));
}

/** Gives a subtree a new code (a move): refused (null) when the code is malformed, taken, its own descendant or has no parent. */
export function recode(rows: readonly DraftRow[], from: string, to: string): DraftRow[] | null {
  if (from === to) return [...rows];
  if (!CRITERION_CODE_PATTERN.test(to) || isWithin(to, from)) return null;
  if (rows.some((r) => r.code === to && !isWithin(r.code, from))) return null;
  const parent = parentCodeOf(to);
  if (parent !== null && !rows.some((r) => r.code === parent)) return null;
  const area = rows.find((r) => r.code === to.split('.')[0]);
  return sortRows(
    rows.map((r) => {
      if (!isWithin(r.code, from)) return r;
      const code = to + r.code.slice(from.length);
      // Moved under another area, the rows take its kind; a subtree that becomes an area keeps its own.
      return { ...r, code, kind: parent === null ? r.kind : (area?.kind ?? r.kind) };
    }),
  );
}

/** Swaps a row (with its subtree) with its previous (-1) or next (+1) sibling; null when there is none. */
export function moveAmongSiblings(rows: readonly DraftRow[], code: string, step: -1 | 1): { rows: DraftRow[]; code: string } | null {
  const siblings = sortRows(childrenOf(rows, parentCodeOf(code)));
  const at = siblings.findIndex((r) => r.code === code);
  const other = siblings[at + step];
  if (at < 0 || !other) return null;
  const swap = (c: string) => (isWithin(c, code) ? other.code + c.slice(code.length) : isWithin(c, other.code) ? code + c.slice(other.code.length) : c);
  return { rows: sortRows(rows.map((r) => ({ ...r, code: swap(r.code) }))), code: other.code };
}

export interface DraftSums {
  /** Parents whose maximum differs from the sum of their measured children, with that sum. */
  mismatched: Map<string, number>;
  /** The sum of the measured areas' maxima (survey included; bonus and penalty are caps outside it). */
  totalMilli: number;
}

export function sums(rows: readonly DraftRow[]): DraftSums {
  const childSum = new Map<string, number>();
  for (const r of rows) {
    const parent = parentCodeOf(r.code);
    if (parent !== null && isMeasured(r.kind)) childSum.set(parent, (childSum.get(parent) ?? 0) + r.maxMilli);
  }
  const mismatched = new Map<string, number>();
  for (const r of rows) {
    const sum = childSum.get(r.code);
    if (sum !== undefined && isMeasured(r.kind) && sum !== r.maxMilli) mismatched.set(r.code, sum);
  }
  const totalMilli = rows.filter((r) => parentCodeOf(r.code) === null && isMeasured(r.kind)).reduce((s, r) => s + r.maxMilli, 0);
  return { mismatched, totalMilli };
}

export const hasChildren = (rows: readonly DraftRow[], code: string): boolean => rows.some((r) => parentCodeOf(r.code) === code);
