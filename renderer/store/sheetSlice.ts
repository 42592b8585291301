// The open unit's score sheet. Every edit is sent at once; the sheet the server returns
// (recomputed subtotals, index) replaces the cached one. Writes are serialised so the last reply wins.

import type { UnitSheet } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import type { SliceCreator } from './types.js';

export type UndoEntry =
  | { unitCode: string; criterionCode: string; type: 'points'; previous: number | null }
  | { unitCode: string; criterionCode: string; type: 'notApplicable'; previous: boolean };

export interface SheetSlice {
  unitCode: string | null;
  sheet: UnitSheet | null;
  sheetLoading: boolean;
  pendingWrites: number;
  lastSavedAt: number | null;
  undoStack: UndoEntry[];
  openUnit: (unitCode: string | null) => Promise<void>;
  setScore: (criterionCode: string, pointsMilli: number | null) => Promise<boolean>;
  setNotApplicable: (criterionCode: string, notApplicable: boolean) => Promise<boolean>;
  /** Re-sends the value from before the last change; returns the criterion it touched. */
  undo: () => Promise<string | null>;
}

const UNDO_LIMIT = 200;
let writeChain: Promise<unknown> = Promise.resolve();

/**
 * Typed values whose write has not been answered yet, by "unit\u0000criterion". A reply to an earlier
 * write does not know them, so they are laid over every sheet installed until their own reply comes.
 */
const unconfirmed = new Map<string, { seq: number; pointsMilli: number | null }>();
let writeSeq = 0;
const keyOf = (unitCode: string, criterionCode: string) => `${unitCode}\u0000${criterionCode}`;

function withUnconfirmed(sheet: UnitSheet): UnitSheet {
  if (unconfirmed.size === 0) return sheet;
  let changed = false;
  const rows = sheet.rows.map((row) => {
    const pending = unconfirmed.get(keyOf(sheet.unit.code, row.code));
    if (!pending || pending.pointsMilli === row.pointsMilli) return row;
    changed = true;
    return { ...row, pointsMilli: pending.pointsMilli };
  });
  return changed ? { ...sheet, rows } : sheet;
}

export const createSheetSlice: SliceCreator<SheetSlice> = (set, get) => {
  /** Runs one write after the previous ones and installs the sheet it returns. */
  const write = (unitCode: string, run: (campaignId: number) => Promise<UnitSheet>): Promise<boolean> => {
    const campaignId = get().campaignId;
    if (campaignId === null) return Promise.resolve(false);
    set((s) => ({ pendingWrites: s.pendingWrites + 1 }));
    const task = writeChain.then(async () => {
      try {
        const sheet = await run(campaignId);
        if (get().campaignId === campaignId && get().unitCode === unitCode) set({ sheet: withUnconfirmed(sheet) });
        get().patchUnitProgress(unitCode, sheet.scoredLeaves, sheet.totalLeaves);
        set({ lastSavedAt: Date.now(), saveFailed: false });
        get().rankingChanged();
        return true;
      } catch (error) {
        set({ saveFailed: true });
        get().reportError(error);
        // The database is the truth: show what it holds after a refused write.
        if (get().unitCode === unitCode) await get().openUnit(unitCode);
        return false;
      } finally {
        set((s) => ({ pendingWrites: s.pendingWrites - 1 }));
      }
    });
    writeChain = task;
    return task;
  };

  /** Shows the typed value at once and sends it; the returned sheet confirms it. */
  const writePoints = (unitCode: string, criterionCode: string, pointsMilli: number | null): Promise<boolean> => {
    const key = keyOf(unitCode, criterionCode);
    const seq = ++writeSeq;
    unconfirmed.set(key, { seq, pointsMilli });
    const sheet = get().sheet;
    if (sheet && sheet.unit.code === unitCode) set({ sheet: withUnconfirmed(sheet) });
    return write(unitCode, async (campaignId) => {
      try {
        return await invoke('score/set', { campaignId, unitCode, criterionCode, pointsMilli });
      } finally {
        if (unconfirmed.get(key)?.seq === seq) unconfirmed.delete(key);
      }
    });
  };

  const pushUndo = (entry: UndoEntry): void => set((s) => ({ undoStack: [...s.undoStack.slice(-(UNDO_LIMIT - 1)), entry] }));

  return {
    unitCode: null,
    sheet: null,
    sheetLoading: false,
    pendingWrites: 0,
    lastSavedAt: null,
    undoStack: [],

    openUnit: async (unitCode) => {
      const campaignId = get().campaignId;
      if (unitCode === null || campaignId === null) {
        set({ unitCode: null, sheet: null });
        return;
      }
      const keep = get().sheet?.unit.code === unitCode ? get().sheet : null;
      set({ unitCode, sheet: keep, sheetLoading: true });
      try {
        const sheet = await invoke('sheet/get', { campaignId, unitCode });
        if (get().unitCode === unitCode && get().campaignId === campaignId) set({ sheet: withUnconfirmed(sheet) });
      } catch (error) {
        get().reportError(error);
      } finally {
        if (get().unitCode === unitCode) set({ sheetLoading: false });
      }
    },

    setScore: (criterionCode, pointsMilli) => {
      const sheet = get().sheet;
      if (!sheet) return Promise.resolve(false);
      const unitCode = sheet.unit.code;
      const row = sheet.rows.find((r) => r.code === criterionCode);
      if (!row || row.pointsMilli === pointsMilli) return Promise.resolve(true);
      pushUndo({ unitCode, criterionCode, type: 'points', previous: row.pointsMilli });
      return writePoints(unitCode, criterionCode, pointsMilli);
    },

    setNotApplicable: (criterionCode, notApplicable) => {
      const sheet = get().sheet;
      if (!sheet) return Promise.resolve(false);
      const unitCode = sheet.unit.code;
      const row = sheet.rows.find((r) => r.code === criterionCode);
      if (!row || row.notApplicable === notApplicable) return Promise.resolve(true);
      pushUndo({ unitCode, criterionCode, type: 'notApplicable', previous: row.notApplicable });
      return write(unitCode, (campaignId) =>
        invoke('score/setNotApplicable', { campaignId, unitCode, criterionCode, notApplicable }),
      );
    },

    undo: async () => {
      const entry = get().undoStack.at(-1);
      if (!entry) {
        get().notify('info', { key: 'scoring.nothingToUndo' });
        return null;
      }
      set((s) => ({ undoStack: s.undoStack.slice(0, -1) }));
      if (get().unitCode !== entry.unitCode) await get().openUnit(entry.unitCode);
      const { unitCode, criterionCode } = entry;
      const ok =
        entry.type === 'points'
          ? await writePoints(unitCode, criterionCode, entry.previous)
          : await write(unitCode, (campaignId) =>
              invoke('score/setNotApplicable', { campaignId, unitCode, criterionCode, notApplicable: entry.previous }),
            );
      if (ok) get().notify('info', { key: 'scoring.undone', params: { code: criterionCode } });
      return criterionCode;
    },
  };
};
