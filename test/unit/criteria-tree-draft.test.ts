// The tree editor's draft edits (shared/criteria-tree-draft.ts): new codes, subtree
// moves and deletes, sibling swaps and the live sums, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRow, deleteRow, moveAmongSiblings, recode, sums, type DraftRow } from '../../shared/criteria-tree-draft.js';

const row = (code: string, max: number, kind: DraftRow['kind'] = 'appraised'): DraftRow => ({ code, name: `Tiêu chí ${code}`, maxMilli: max * 1000, kind, rule: '', naAllowed: true });
const rows: DraftRow[] = [row('1', 8), row('1.1', 4), row('1.2', 4), row('2', 12), row('2.1', 6), row('2.1.1', 6), row('2.2', 6), row('3', 20, 'survey'), row('3.1', 20, 'survey'), row('4', 1, 'bonus')];
const codes = (list: readonly DraftRow[]) => list.map((r) => r.code);

test('a new child takes the next free number and its area\'s kind; a new area the next top-level number', () => {
  const child = addRow(rows, '3');
  assert.equal(child.code, '3.2');
  assert.equal(child.rows.find((r) => r.code === '3.2')!.kind, 'survey');
  assert.deepEqual(codes(child.rows).slice(7, 10), ['3', '3.1', '3.2']);
  assert.equal(addRow(rows, null).code, '5');
  assert.equal(addRow(rows, '2.1').code, '2.1.2');
});

test('delete takes the subtree; a recode moves it, refusing taken, malformed, parentless or inside-itself codes', () => {
  assert.deepEqual(codes(deleteRow(rows, '2')), ['1', '1.1', '1.2', '3', '3.1', '4']);
  const moved = recode(rows, '2.1', '1.3')!;
  assert.deepEqual(codes(moved), ['1', '1.1', '1.2', '1.3', '1.3.1', '2', '2.2', '3', '3.1', '4']);
  assert.equal(moved.find((r) => r.code === '1.3.1')!.name, 'Tiêu chí 2.1.1');
  assert.equal(recode(rows, '3.1', '1.3')!.find((r) => r.code === '1.3')!.kind, 'appraised', 'moved under area 1, it is appraised');
  assert.equal(recode(rows, '2.1', '1.2'), null);
  assert.equal(recode(rows, '2.1', '1.x'), null);
  assert.equal(recode(rows, '2.1', '7.1'), null);
  assert.equal(recode(rows, '2', '2.1.5'), null);
});

test('Alt+arrow swaps a row and its subtree with a sibling, and stops at the ends', () => {
  const swapped = moveAmongSiblings(rows, '2.1', 1)!;
  assert.equal(swapped.code, '2.2');
  assert.deepEqual(codes(swapped.rows).slice(3, 7), ['2', '2.1', '2.2', '2.2.1']);
  assert.equal(swapped.rows.find((r) => r.code === '2.2.1')!.name, 'Tiêu chí 2.1.1');
  assert.equal(moveAmongSiblings(rows, '1', -1), null);
  assert.equal(moveAmongSiblings(rows, '2.2', 1), null);
});

test('sums: a parent off its children\'s total is flagged; the total counts measured areas only', () => {
  assert.deepEqual([...sums(rows).mismatched], []);
  assert.equal(sums(rows).totalMilli, 40_000);
  const off = rows.map((r) => (r.code === '1.1' ? { ...r, maxMilli: 5000 } : r));
  assert.deepEqual([...sums(off).mismatched], [['1', 9000]]);
});
