// What a key press means in a score grid, decided from the key and the kind of cell that has the
// keyboard, with no DOM and no React (so it is unit-tested on its own). Both grids — the secretariat's
// final scores and the member's proposals — ask this one function.
//
// The rule that keeps numbers honest: single-key shortcuts (Space, K, digits for levels, "/") act only
// on a cell that is not a text or number field; inside a field every printable key is text. Marking
// "not applicable" from a field takes an explicit chord (Alt+K). A printable key pressed on a cell that
// has no field of its own goes to the row's text field (the member's reason), never into the void.

/** The parts of a keyboard event the decision needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  /** An input method is composing (Vietnamese Telex/VNI): every key belongs to it. */
  isComposing?: boolean;
}

/**
 * The cell with the keyboard:
 * - `field`: a text or number input (a score, a percentage, a figure, a reason);
 * - `choice`: option buttons (the digits pick a level) or a cell marked not applicable;
 * - `row`: a whole row (an area or group), which has no value of its own;
 * - `locked`: a cell the user may not change (not assigned, recused, survey, final).
 */
export type CellKind = 'field' | 'choice' | 'row' | 'locked';

export interface KeyContext {
  cell: CellKind;
  /** How many options a choice cell offers (0 when it offers none, e.g. marked not applicable). */
  options: number;
  /** The row has a text field that takes typing started on a cell without one (the member's reason). */
  hasTextField: boolean;
}

export type GridAction =
  | { type: 'move'; delta: 1 | -1; everyRow: boolean }
  | { type: 'enter' }
  | { type: 'revert' }
  | { type: 'undo' }
  | { type: 'toggleNotApplicable' }
  | { type: 'pick'; index: number }
  | { type: 'clear' }
  | { type: 'typeInto'; text: string }
  | { type: 'refuse' };

/** A key that puts a character on screen (one code point; Space counts). */
export function isPrintable(key: string): boolean {
  return [...key].length === 1;
}

/**
 * The grid's action for a key press, or null when the grid leaves the key alone (the browser types it,
 * Tab moves on, a global shortcut such as "/" for the unit search takes it).
 */
export function gridKeyAction(press: KeyPress, ctx: KeyContext): GridAction | null {
  if (press.isComposing || press.key === 'Process' || press.key === 'Dead') return null;
  const command = press.ctrlKey || press.metaKey;
  const plain = !command && !press.altKey;

  if (press.key === 'ArrowDown' || press.key === 'ArrowUp') {
    if (press.altKey || press.shiftKey) return null;
    return { type: 'move', delta: press.key === 'ArrowDown' ? 1 : -1, everyRow: command };
  }
  if (press.key === 'Enter') return plain && !press.shiftKey ? { type: 'enter' } : null;
  if (press.key === 'Escape') return { type: 'revert' };
  if ((press.key === 'z' || press.key === 'Z') && command && !press.shiftKey && !press.altKey) return { type: 'undo' };
  // The explicit chord: works from any cell, a field included.
  if ((press.key === 'k' || press.key === 'K') && press.altKey && !command) return { type: 'toggleNotApplicable' };

  // In a field, every other key is the field's: typing, selecting, Delete, Home/End.
  if (ctx.cell === 'field' || !plain) return null;

  if (press.key === ' ' || press.key === 'k' || press.key === 'K') return { type: 'toggleNotApplicable' };
  // "/" belongs to the screen (the unit search), which listens for it outside fields.
  if (press.key === '/') return null;
  if (ctx.cell === 'locked') {
    return isPrintable(press.key) || press.key === 'Delete' || press.key === 'Backspace' ? { type: 'refuse' } : null;
  }
  if (ctx.cell === 'choice' && ctx.options > 0) {
    if (/^[1-9]$/.test(press.key)) return { type: 'pick', index: Number(press.key) - 1 };
    if (press.key === 'Delete' || press.key === 'Backspace') return { type: 'clear' };
  }
  if (isPrintable(press.key)) return ctx.hasTextField ? { type: 'typeInto', text: press.key } : null;
  return null;
}
