// A grid write's reply: the rows the write changed, whole, and the sheet's own fields (totals, index,
// counts), instead of the whole sheet. Rebuilding ~140 rows after every keystroke was most of the round
// trip's time and garbage; the renderer merges the patch into the last sheet the service sent.

import type { CriteriaTree, TreeNode } from './calc.js';

export interface SheetPatch<Sheet extends { rows: ReadonlyArray<{ code: string }> }> {
  kind: 'sheetPatch';
  unitCode: string;
  /** The rows the write changed, in the sheet's order, each as a fresh read of the sheet would show it. */
  rows: Sheet['rows'];
  /** Everything of the sheet but its rows, after the write. */
  fields: Omit<Sheet, 'rows'>;
}

export function isSheetPatch<Sheet extends { rows: ReadonlyArray<{ code: string }> }>(reply: Sheet | SheetPatch<Sheet>): reply is SheetPatch<Sheet> {
  return (reply as Partial<SheetPatch<Sheet>>).kind === 'sheetPatch';
}

/**
 * The rows a write to `code` can change, in display order: a value changes the node and the subtotals above
 * it; a not-applicable mark (`applicability`) also changes whether every node below it counts. A node's
 * roll-up depends only on the nodes below it and whether those above are applicable, so no other row moves.
 */
export function changedNodes(tree: CriteriaTree, code: string, applicability: boolean): TreeNode[] {
  const node = tree.byCode.get(code);
  if (!node) return [];
  const out: TreeNode[] = [];
  for (let n = node.parent; n; n = n.parent) out.push(n);
  out.reverse();
  const below = (n: TreeNode): void => {
    out.push(n);
    if (applicability) for (const c of n.children) below(c);
  };
  below(node);
  return out;
}

/**
 * The sheet after a write: `patch` merged into `sheet`, the last one the service sent, by row code. Null when
 * the patch cannot be merged into it (another unit's, or a row the sheet does not have): the caller reads
 * the sheet afresh.
 */
export function applySheetPatch<Sheet extends { rows: ReadonlyArray<{ code: string }> }>(
  sheet: Sheet | null,
  unitCode: string | null,
  patch: SheetPatch<Sheet>,
): Sheet | null {
  if (!sheet || unitCode !== patch.unitCode) return null;
  const byCode = new Map<string, Sheet['rows'][number]>();
  for (const row of patch.rows) byCode.set(row.code, row);
  let found = 0;
  const rows = sheet.rows.map((row) => {
    const next = byCode.get(row.code);
    if (next === undefined) return row;
    found++;
    return next;
  });
  if (found !== byCode.size) return null;
  return { ...patch.fields, rows } as unknown as Sheet;
}
