// The cell writes of the grids (the secretariat's scores, the member's proposals, the unit's self-scores)
// go through one queue owned by the store: each write runs after the previous one, so the last reply
// installed is the last change made. Values sent and not yet answered are kept per cell and laid over every
// sheet installed meanwhile (a reply to an earlier write does not know them) until their own reply comes.

import { applySheetPatch, isSheetPatch, type SheetPatch } from '../../shared/sheet-patch.js';

export class CellWrites {
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;

  /** Runs `task` after every write queued before it. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A number that orders the changes made on this machine. */
  nextSeq(): number {
    return ++this.seq;
  }
}

const keyOf = (unitCode: string, criterionCode: string) => `${unitCode}\u0000${criterionCode}`;

/** Unanswered changes of one grid, by (unit, criterion); `Change` is what that grid lays over a row. */
export class PendingCells<Change extends object> {
  private readonly cells = new Map<string, Change & { seq: number }>();

  constructor(private readonly writes: CellWrites) {}

  get size(): number {
    return this.cells.size;
  }

  /** Records a change (merged with one still unanswered) and returns its sequence number. */
  add(unitCode: string, criterionCode: string, change: Change): number {
    const key = keyOf(unitCode, criterionCode);
    const seq = this.writes.nextSeq();
    this.cells.set(key, { ...this.cells.get(key), ...change, seq });
    return seq;
  }

  get(unitCode: string, criterionCode: string): Change | undefined {
    return this.cells.get(keyOf(unitCode, criterionCode));
  }

  /** The reply to change `seq` came: forget it, unless a later change to the cell is still on its way. */
  settle(unitCode: string, criterionCode: string, seq: number): void {
    const key = keyOf(unitCode, criterionCode);
    if (this.cells.get(key)?.seq === seq) this.cells.delete(key);
  }
}

/**
 * The last sheet the service sent one grid, before any unanswered change is laid over it, and the one place
 * a reply is taken in: a sheet read afresh replaces it, a write's patch (shared/sheet-patch.ts) is merged into
 * it by row code.
 */
export class ServerSheet<Sheet extends { rows: ReadonlyArray<{ code: string }> }> {
  private held: Sheet | null = null;

  constructor(private readonly unitOf: (sheet: Sheet) => string) {}

  get current(): Sheet | null {
    return this.held;
  }

  /** A sheet read afresh. */
  fresh(sheet: Sheet): Sheet {
    return (this.held = sheet);
  }

  /** The sheet after `reply`; null when it is a patch of a unit other than the sheet held (read that one afresh). */
  take(reply: Sheet | SheetPatch<Sheet>): Sheet | null {
    if (!isSheetPatch(reply)) return this.fresh(reply);
    const merged = applySheetPatch(this.held, this.held ? this.unitOf(this.held) : null, reply);
    if (merged) this.held = merged;
    return merged;
  }
}
