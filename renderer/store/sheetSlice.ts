// The open unit's score sheet. Every edit is sent at once; the server's reply (the rows the edit changed,
// recomputed subtotals and index) is merged into the last sheet it sent (cellWrites.ts ServerSheet). Writes
// go through the store's one cell-write queue, so the last reply wins.

import type { UnitSheet, UnitSheetPatch } from '../../shared/contract.js';
import { formatPoints } from '../../shared/numbers.js';
import { invoke, isApiError } from '../api/client.js';
import { PendingCells, ServerSheet, type CellWrites } from './cellWrites.js';
import type { SliceCreator } from './types.js';

export type UndoEntry =
  | { unitCode: string; criterionCode: string; type: 'points'; previous: number | null }
  | { unitCode: string; criterionCode: string; type: 'notApplicable'; previous: boolean };

/** The last "not applicable" change in either grid, shown beside it until the next one (or another unit). */
export interface NotApplicableNotice {
  unitCode: string;
  code: string;
  name: string;
  notApplicable: boolean;
  /** The unit's maximum after the change. */
  maxMilli: number;
  /** Sub-criteria the change touched. */
  leaves: number;
}

/** A direct edit the server refused for want of a reason (it differs from the self-score or a member's proposal). */
export interface ReasonPrompt {
  unitCode: string;
  criterionCode: string;
  pointsMilli: number | null;
  message: string;
}

const wantsReason = (error: unknown): boolean => isApiError(error) && error.code === 'reason_required';

export interface SheetSlice {
  naNotice: NotApplicableNotice | null;
  /** Asks for the reason an edit needs; answered by submitReason or dropped by cancelReason. */
  reasonPrompt: ReasonPrompt | null;
  submitReason: (reason: string) => Promise<boolean>;
  cancelReason: () => void;
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

/** Points typed and not yet answered; `null` is a cleared cell. */
interface TypedPoints {
  pointsMilli: number | null;
}

/** The notice for a not-applicable change, read from the sheet the service returned. */
export function noticeOf(sheet: { unit: { code: string }; maxMilli: number; rows: ReadonlyArray<{ code: string; name: string; isLeaf: boolean }> }, code: string, notApplicable: boolean): NotApplicableNotice {
  const row = sheet.rows.find((r) => r.code === code);
  const leaves = sheet.rows.filter((r) => r.isLeaf && (r.code === code || r.code.startsWith(`${code}.`))).length;
  return { unitCode: sheet.unit.code, code, name: row?.name ?? '', notApplicable, maxMilli: sheet.maxMilli, leaves };
}

export const createSheetSlice = (writes: CellWrites): SliceCreator<SheetSlice> => (set, get) => {
  const typed = new PendingCells<TypedPoints>(writes);
  /** The last sheet the service sent: what the database holds, before any unanswered change. */
  const server = new ServerSheet<UnitSheet>((sheet) => sheet.unit.code);

  function withUnconfirmed(sheet: UnitSheet): UnitSheet {
    if (typed.size === 0) return sheet;
    let changed = false;
    const rows = sheet.rows.map((row) => {
      const pending = typed.get(sheet.unit.code, row.code);
      if (!pending || pending.pointsMilli === row.pointsMilli) return row;
      changed = true;
      return { ...row, pointsMilli: pending.pointsMilli };
    });
    return changed ? { ...sheet, rows } : sheet;
  }

  /** Runs one write after the previous ones and merges the rows it answers into the sheet. */
  const write = (unitCode: string, run: (campaignId: number) => Promise<UnitSheetPatch>): Promise<boolean> => {
    const campaignId = get().campaignId;
    if (campaignId === null) return Promise.resolve(false);
    set((s) => ({ pendingWrites: s.pendingWrites + 1 }));
    return writes.enqueue(async () => {
      try {
        const patch = await run(campaignId);
        if (get().campaignId === campaignId) {
          const sheet = server.take(patch);
          if (get().unitCode === unitCode) {
            // A patch of a unit whose sheet is not held: read the sheet afresh.
            if (sheet) set({ sheet: withUnconfirmed(sheet) });
            else await get().openUnit(unitCode);
          }
        }
        get().patchUnitProgress(unitCode, patch.fields.scoredLeaves, patch.fields.totalLeaves);
        set({ lastSavedAt: Date.now(), saveFailed: false });
        get().rankingChanged();
        return true;
      } catch (error) {
        // An edit that only lacks its reason is not a failure: the reason dialog asks for it.
        if (!wantsReason(error)) {
          set({ saveFailed: true });
          get().reportError(error);
        }
        // The database is the truth: show what it holds after a refused write.
        if (get().unitCode === unitCode) await get().openUnit(unitCode);
        return false;
      } finally {
        set((s) => ({ pendingWrites: s.pendingWrites - 1 }));
      }
    });
  };

  /** Shows the typed value at once and sends it; the returned sheet confirms it. */
  const writePoints = (unitCode: string, criterionCode: string, pointsMilli: number | null, reason?: string): Promise<boolean> => {
    const seq = typed.add(unitCode, criterionCode, { pointsMilli });
    const sheet = get().sheet;
    if (sheet && sheet.unit.code === unitCode) set({ sheet: withUnconfirmed(sheet) });
    return write(unitCode, async (campaignId) => {
      try {
        return await invoke('score/set', { campaignId, unitCode, criterionCode, pointsMilli, ...(reason ? { reason } : {}) });
      } catch (error) {
        if (wantsReason(error)) set({ reasonPrompt: { unitCode, criterionCode, pointsMilli, message: (error as Error).message } });
        throw error;
      } finally {
        typed.settle(unitCode, criterionCode, seq);
      }
    });
  };

  const pushUndo = (entry: UndoEntry): void => set((s) => ({ undoStack: [...s.undoStack.slice(-(UNDO_LIMIT - 1)), entry] }));

  /** Sends a not-applicable flag and, once saved, says what it did to the unit's maximum. */
  const writeNotApplicable = async (unitCode: string, criterionCode: string, notApplicable: boolean): Promise<boolean> => {
    const ok = await write(unitCode, (campaignId) => invoke('score/setNotApplicable', { campaignId, unitCode, criterionCode, notApplicable }));
    const sheet = get().sheet;
    if (ok && sheet && sheet.unit.code === unitCode) {
      const notice = noticeOf(sheet, criterionCode, notApplicable);
      set({ naNotice: notice });
      get().notify('info', { key: notApplicable ? 'grid.naOn' : 'grid.naOff', params: { code: notice.code, name: notice.name, max: formatPoints(notice.maxMilli) } });
    }
    return ok;
  };

  return {
    naNotice: null,
    reasonPrompt: null,
    submitReason: async (reason) => {
      const prompt = get().reasonPrompt;
      if (!prompt || reason.trim() === '') return false;
      set({ reasonPrompt: null });
      if (get().unitCode !== prompt.unitCode) await get().openUnit(prompt.unitCode);
      const row = get().sheet?.rows.find((r) => r.code === prompt.criterionCode);
      if (row) pushUndo({ unitCode: prompt.unitCode, criterionCode: prompt.criterionCode, type: 'points', previous: row.pointsMilli });
      return writePoints(prompt.unitCode, prompt.criterionCode, prompt.pointsMilli, reason.trim());
    },
    cancelReason: () => set({ reasonPrompt: null }),
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
      set({ unitCode, sheet: keep, sheetLoading: true, naNotice: keep ? get().naNotice : null });
      try {
        const sheet = await invoke('sheet/get', { campaignId, unitCode });
        if (get().unitCode === unitCode && get().campaignId === campaignId) set({ sheet: withUnconfirmed(server.fresh(sheet)) });
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
      return writeNotApplicable(unitCode, criterionCode, notApplicable);
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
          : await writeNotApplicable(unitCode, criterionCode, entry.previous);
      if (ok && entry.type === 'points') get().notify('info', { key: 'scoring.undone', params: { code: criterionCode } });
      return criterionCode;
    },
  };
};
