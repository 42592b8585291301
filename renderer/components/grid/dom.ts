// Where the keyboard is in a grid, read from the DOM: every focusable cell carries data-focus (its
// criterion), data-part (score or reason) and, when it is not a field, data-cell (choice, row, locked).

import type { KeyboardEvent } from 'react';
import type { CellKind, KeyContext, KeyPress } from './keys.js';

export type Part = 'score' | 'reason';

export interface CellAt {
  code: string;
  part: Part;
}

export function cellAt(target: EventTarget | null): CellAt | null {
  if (!(target instanceof HTMLElement)) return null;
  const code = target.closest<HTMLElement>('[data-code]')?.dataset.code;
  if (!code) return null;
  return { code, part: target.closest<HTMLElement>('[data-part]')?.dataset.part === 'reason' ? 'reason' : 'score' };
}

export function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

/** The key context of the focused element: a field, or the kind its data-cell names. */
export function keyContextOf(target: EventTarget | null, hasTextField: boolean): KeyContext {
  if (isTextField(target)) return { cell: 'field', options: 0, hasTextField };
  const el = target instanceof HTMLElement ? target : null;
  const kind = el?.dataset.cell;
  const cell: CellKind = kind === 'choice' || kind === 'locked' ? kind : 'row';
  return { cell, options: Number(el?.dataset.options ?? 0), hasTextField };
}

export function cellTarget(container: HTMLElement | null, code: string, part: Part = 'score'): HTMLElement | null {
  return container?.querySelector<HTMLElement>(`[data-focus="${CSS.escape(code)}"][data-part="${part}"]`) ?? null;
}

/** Gives the cell the keyboard, scrolls its row into view and selects a field's text. */
export function focusCell(container: HTMLElement | null, code: string, part: Part = 'score'): void {
  const el = cellTarget(container, code, part) ?? cellTarget(container, code, 'score');
  if (!el) return;
  el.focus({ preventScroll: true });
  el.closest('tr')?.scrollIntoView({ block: 'nearest' });
  if (el instanceof HTMLInputElement) el.select();
}

/** Re-selects a field after a revert, only if the user has not moved on meanwhile (select() would pull the focus back). */
export function reselectLater(el: EventTarget | null): void {
  if (el instanceof HTMLInputElement) requestAnimationFrame(() => document.activeElement === el && el.select());
}

/** The next code in `codes` from `code` in direction `delta`; from a row not in `codes`, the nearest one that way. */
export function stepFrom(code: string, delta: 1 | -1, codes: readonly string[], allCodes: readonly string[]): string | undefined {
  const at = codes.indexOf(code);
  if (at >= 0) return codes[Math.max(0, Math.min(codes.length - 1, at + delta))];
  const pos = allCodes.indexOf(code);
  const list = delta === 1 ? allCodes.slice(pos + 1) : allCodes.slice(0, pos).reverse();
  return list.find((c) => codes.includes(c));
}

/** The first code after `from` (wrapping) that `wanted` accepts, or null. */
export function nextWhere(codes: readonly string[], from: string | null, wanted: (code: string) => boolean): string | null {
  const start = from === null ? -1 : codes.indexOf(from);
  for (let step = 1; step <= codes.length; step++) {
    const code = codes[(start + step + codes.length) % codes.length];
    if (code !== undefined && code !== from && wanted(code)) return code;
  }
  return null;
}

/** The parts of a React key event the grid's rules read. */
export function keyPressOf(event: KeyboardEvent): KeyPress {
  const { key, ctrlKey, altKey, shiftKey, metaKey } = event;
  return { key, ctrlKey, altKey, shiftKey, metaKey, isComposing: event.nativeEvent.isComposing };
}
