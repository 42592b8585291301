// The grid's key rules (renderer/components/grid/keys.ts): shortcuts never eat text typed in a field,
// a typed character is never thrown away, and "not applicable" needs an explicit action.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gridKeyAction, type CellKind, type GridAction, type KeyContext } from '../../renderer/components/grid/keys.js';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean; isComposing: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});
const ctx = (cell: CellKind, options = 0, hasTextField = false): KeyContext => ({ cell, options, hasTextField });
const field = ctx('field');
const yesNo = ctx('choice', 2, true);

/** What typing `text` key by key asks of the grid. */
function typed(text: string, at: KeyContext): Array<GridAction | null> {
  return [...text].map((ch) => gridKeyAction(press(ch), at));
}

test('in a number field "1 " is text: the space marks nothing', () => {
  assert.deepEqual(typed('1 ', field), [null, null]);
});

test('in a % field "khoảng 90" is text from its first letter', () => {
  assert.deepEqual(typed('khoảng 90', field), Array(9).fill(null));
});

test('a "/" inside a field stays in the field', () => {
  assert.equal(gridKeyAction(press('/'), field), null);
});

test('a sentence started on a Có/Không cell goes to the reason field, not to KAD', () => {
  assert.deepEqual(gridKeyAction(press('o'), yesNo), { type: 'typeInto', text: 'o' });
  assert.deepEqual(gridKeyAction(press('Đ', { shiftKey: true }), yesNo), { type: 'typeInto', text: 'Đ' });
  assert.deepEqual(gridKeyAction(press('ư'), ctx('choice', 0, true)), { type: 'typeInto', text: 'ư' });
});

test('a row without a text field ignores letters rather than acting on them', () => {
  assert.equal(gridKeyAction(press('x'), ctx('row')), null);
});

test('digits pick a level on a choice cell only', () => {
  assert.deepEqual(gridKeyAction(press('2'), yesNo), { type: 'pick', index: 1 });
  assert.deepEqual(gridKeyAction(press('9'), ctx('choice', 3, true)), { type: 'pick', index: 8 });
  assert.equal(gridKeyAction(press('2'), field), null);
  assert.deepEqual(gridKeyAction(press('0'), yesNo), { type: 'typeInto', text: '0' });
});

test('Space and K mark not applicable on a cell that is not a field; Alt+K from anywhere', () => {
  for (const key of [' ', 'k', 'K']) {
    assert.deepEqual(gridKeyAction(press(key), ctx('row')), { type: 'toggleNotApplicable' });
    assert.deepEqual(gridKeyAction(press(key), yesNo), { type: 'toggleNotApplicable' });
    assert.equal(gridKeyAction(press(key), field), null);
  }
  assert.deepEqual(gridKeyAction(press('k', { altKey: true }), field), { type: 'toggleNotApplicable' });
  assert.deepEqual(gridKeyAction(press('K', { altKey: true, shiftKey: true }), ctx('row')), { type: 'toggleNotApplicable' });
  assert.equal(gridKeyAction(press('k', { ctrlKey: true }), field), null, 'Ctrl+K is the unit search');
});

test('"/" on a cell that is not a field is left to the screen (the unit search)', () => {
  assert.equal(gridKeyAction(press('/'), yesNo), null);
  assert.equal(gridKeyAction(press('/'), ctx('row')), null);
});

test('a locked cell refuses typing and deleting, visibly, and lets other keys through', () => {
  assert.deepEqual(gridKeyAction(press('5'), ctx('locked')), { type: 'refuse' });
  assert.deepEqual(gridKeyAction(press('Delete'), ctx('locked')), { type: 'refuse' });
  assert.equal(gridKeyAction(press('Tab'), ctx('locked')), null);
});

test('Delete clears a chosen level; in a field it is the field\'s', () => {
  assert.deepEqual(gridKeyAction(press('Backspace'), yesNo), { type: 'clear' });
  assert.equal(gridKeyAction(press('Backspace'), field), null);
});

test('navigation, Enter, Escape and Ctrl+Z work the same in every kind of cell', () => {
  for (const at of [field, yesNo, ctx('row'), ctx('locked')]) {
    assert.deepEqual(gridKeyAction(press('ArrowDown'), at), { type: 'move', delta: 1, everyRow: false });
    assert.deepEqual(gridKeyAction(press('ArrowUp', { ctrlKey: true }), at), { type: 'move', delta: -1, everyRow: true });
    assert.equal(gridKeyAction(press('ArrowDown', { shiftKey: true }), at), null);
    assert.deepEqual(gridKeyAction(press('Enter'), at), { type: 'enter' });
    assert.equal(gridKeyAction(press('Enter', { ctrlKey: true }), at), null);
    assert.deepEqual(gridKeyAction(press('Escape'), at), { type: 'revert' });
    assert.deepEqual(gridKeyAction(press('z', { ctrlKey: true }), at), { type: 'undo' });
    assert.deepEqual(gridKeyAction(press('Z', { metaKey: true }), at), { type: 'undo' });
    assert.equal(gridKeyAction(press('z', { ctrlKey: true, shiftKey: true }), at), null);
  }
});

test('keys that belong to an input method are never acted on', () => {
  assert.equal(gridKeyAction(press('k', { isComposing: true }), yesNo), null);
  assert.equal(gridKeyAction(press('Process'), yesNo), null);
});
