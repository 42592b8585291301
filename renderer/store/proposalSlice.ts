// Member mode: the open unit's sheet of proposed scores. Every change is sent at once and is durable
// when its reply comes; the reply (the rows the write changed, subtotals, index, progress) is merged into
// the last sheet the server sent (cellWrites.ts ServerSheet). Writes go through the store's one cell-write
// queue; values not yet answered are laid over every sheet installed.

import type { MemberSheet, MemberSheetPatch, MemberSheetRow } from '../../shared/contract.js';
import { isSheetPatch } from '../../shared/sheet-patch.js';
import { applyRule, needsReason, type RuleInput } from '../../shared/rules.js';
import { formatPoints } from '../../shared/numbers.js';
import { invoke, isApiError } from '../api/client.js';
import { PendingCells, ServerSheet, type CellWrites } from './cellWrites.js';
import { noticeOf } from './sheetSlice.js';
import type { SliceCreator } from './types.js';

export type ProposalUndo =
  | { unitCode: string; criterionCode: string; type: 'score'; input: RuleInput | null; reason: string }
  | { unitCode: string; criterionCode: string; type: 'reason'; reason: string }
  | { unitCode: string; criterionCode: string; type: 'notApplicable'; notApplicable: boolean };

export interface ProposalSlice {
  memberUnitCode: string | null;
  memberSheet: MemberSheet | null;
  memberSheetLoading: boolean;
  proposalUndo: ProposalUndo[];
  /** The last write was refused or never reached the service: what the screen shows is the database. */
  saveFailed: boolean;
  openMemberUnit: (unitCode: string | null) => Promise<void>;
  reloadMemberSheet: () => Promise<void>;
  /** Sends a score (null clears it), with the reason when given; returns whether it was saved. */
  proposeScore: (criterionCode: string, input: RuleInput | null, reason?: string) => Promise<boolean>;
  proposeReason: (criterionCode: string, reason: string) => Promise<boolean>;
  proposeNotApplicable: (criterionCode: string, notApplicable: boolean) => Promise<boolean>;
  /** Re-sends what was there before the last change; returns the criterion it touched. */
  undoProposal: () => Promise<string | null>;
  requestExplanation: (criterionCode: string, text: string) => Promise<boolean>;
  setExplanationStatus: (id: number, status: 'open' | 'answered' | 'withdrawn', answer: string) => Promise<boolean>;
}

const UNDO_LIMIT = 200;

interface Pending {
  input?: RuleInput | null;
  pointsMilli?: number | null;
  reason?: string;
}
function overlay(row: MemberSheetRow, p: Pending): MemberSheetRow {
  const next = { ...row };
  if (p.input !== undefined) {
    next.inputs = p.input;
    next.proposalMilli = p.pointsMilli ?? null;
  }
  if (p.reason !== undefined) next.reason = p.reason;
  next.needsReason = needsReason({ pointsMilli: next.proposalMilli, notApplicable: false }, next.reason, { selfMilli: next.selfMilli });
  return next;
}

export const createProposalSlice = (writes: CellWrites): SliceCreator<ProposalSlice> => (set, get) => {
  const pending = new PendingCells<Pending>(writes);
  /** The last sheet the service sent: what the database holds, before any unanswered change. */
  const server = new ServerSheet<MemberSheet>((sheet) => sheet.unit.code);

  function withPending(sheet: MemberSheet): MemberSheet {
    if (pending.size === 0) return sheet;
    let changed = false;
    const rows = sheet.rows.map((row) => {
      const p = pending.get(sheet.unit.code, row.code);
      if (!p) return row;
      changed = true;
      return overlay(row, p);
    });
    return changed ? { ...sheet, rows } : sheet;
  }

  /** Takes a reply in; a patch of a unit whose sheet is not held reads that sheet afresh when it is open. */
  const install = async (reply: MemberSheet | MemberSheetPatch): Promise<void> => {
    const sheet = server.take(reply);
    const fields = sheet ?? (isSheetPatch(reply) ? reply.fields : reply);
    get().patchWorkspaceUnit(fields.unit.code, fields.assignedLeaves, fields.proposedLeaves, fields.missingReasons, fields.openRequests);
    if (sheet) {
      if (get().memberUnitCode === sheet.unit.code) set({ memberSheet: withPending(sheet) });
    } else if (get().memberUnitCode === fields.unit.code) {
      await get().reloadMemberSheet();
    }
  };

  /** Runs one write after the previous ones and takes in what it answers. */
  const write = (unitCode: string, run: (campaignId: number) => Promise<MemberSheet | MemberSheetPatch>, done?: () => void): Promise<boolean> => {
    const campaignId = get().campaignId;
    if (campaignId === null) return Promise.resolve(false);
    set((s) => ({ pendingWrites: s.pendingWrites + 1 }));
    return writes.enqueue(async () => {
      try {
        const reply = await run(campaignId);
        done?.();
        if (get().campaignId === campaignId) await install(reply);
        set({ lastSavedAt: Date.now(), saveFailed: false });
        return true;
      } catch (error) {
        done?.();
        set({ saveFailed: true });
        get().reportError(error);
        // The database is the truth: show what it holds after a refused write. When the service cannot
        // be reached, what it last sent is the best knowledge of that (asking again would fail too).
        if (get().memberUnitCode === unitCode) {
          if (isApiError(error) && error.code === 'network') {
            const held = server.current;
            if (held?.unit.code === unitCode) set({ memberSheet: withPending(held) });
          } else {
            await get().reloadMemberSheet();
          }
        }
        return false;
      } finally {
        set((s) => ({ pendingWrites: s.pendingWrites - 1 }));
      }
    });
  };

  /** Shows the change at once (laid over later replies until its own), then sends it. */
  const writeCell = (
    unitCode: string,
    criterionCode: string,
    change: Pending,
    run: (campaignId: number) => Promise<MemberSheetPatch>,
  ): Promise<boolean> => {
    const seq = pending.add(unitCode, criterionCode, change);
    const sheet = get().memberSheet;
    if (sheet && sheet.unit.code === unitCode) set({ memberSheet: withPending(sheet) });
    return write(unitCode, run, () => pending.settle(unitCode, criterionCode, seq));
  };

  const rowOf = (criterionCode: string): MemberSheetRow | undefined => get().memberSheet?.rows.find((r) => r.code === criterionCode);

  const pushUndo = (entry: ProposalUndo): void =>
    set((s) => ({ proposalUndo: [...s.proposalUndo.slice(-(UNDO_LIMIT - 1)), entry] }));

  const sendScore = (unitCode: string, criterionCode: string, input: RuleInput | null, reason: string | undefined): Promise<boolean> => {
    const row = rowOf(criterionCode);
    let pointsMilli: number | null = null;
    if (input && row) {
      const applied = applyRule(row.parsedRule, input, row.maxMilli);
      pointsMilli = applied.ok ? applied.value : null;
    }
    const change: Pending = reason === undefined ? { input, pointsMilli } : { input, pointsMilli, reason };
    return writeCell(unitCode, criterionCode, change, (campaignId) =>
      invoke('proposal/set', { campaignId, unitCode, criterionCode, input, ...(reason === undefined ? {} : { reason }) }),
    );
  };

  const sendReason = (unitCode: string, criterionCode: string, reason: string): Promise<boolean> =>
    writeCell(unitCode, criterionCode, { reason }, (campaignId) => invoke('proposal/setReason', { campaignId, unitCode, criterionCode, reason }));

  /** Sends a not-applicable flag and, once saved, says what it did to the unit's maximum. */
  const sendNotApplicable = async (unitCode: string, criterionCode: string, notApplicable: boolean): Promise<boolean> => {
    const ok = await write(unitCode, (campaignId) => invoke('proposal/setNotApplicable', { campaignId, unitCode, criterionCode, notApplicable }));
    const sheet = get().memberSheet;
    if (ok && sheet && sheet.unit.code === unitCode) {
      const notice = noticeOf(sheet, criterionCode, notApplicable);
      set({ naNotice: notice });
      get().notify('info', { key: notApplicable ? 'grid.naOn' : 'grid.naOff', params: { code: notice.code, name: notice.name, max: formatPoints(notice.maxMilli) } });
    }
    return ok;
  };

  return {
    memberUnitCode: null,
    memberSheet: null,
    memberSheetLoading: false,
    proposalUndo: [],
    saveFailed: false,

    openMemberUnit: async (unitCode) => {
      if (unitCode === null || get().campaignId === null) {
        set({ memberUnitCode: null, memberSheet: null });
        return;
      }
      const keep = get().memberSheet?.unit.code === unitCode ? get().memberSheet : null;
      set({ memberUnitCode: unitCode, memberSheet: keep, naNotice: keep ? get().naNotice : null });
      await get().reloadMemberSheet();
      void get().loadEvidence();
    },

    reloadMemberSheet: async () => {
      const campaignId = get().campaignId;
      const unitCode = get().memberUnitCode;
      if (campaignId === null || unitCode === null) return;
      set({ memberSheetLoading: true });
      try {
        const sheet = await invoke('proposal/sheet', { campaignId, unitCode });
        if (get().campaignId === campaignId) await install(sheet);
      } catch (error) {
        get().reportError(error);
      } finally {
        if (get().memberUnitCode === unitCode) set({ memberSheetLoading: false });
      }
    },

    proposeScore: (criterionCode, input, reason) => {
      const sheet = get().memberSheet;
      const row = rowOf(criterionCode);
      if (!sheet || !row) return Promise.resolve(false);
      const sameInput = JSON.stringify(row.inputs) === JSON.stringify(input);
      if (sameInput && (reason === undefined || reason === row.reason)) return Promise.resolve(true);
      pushUndo({ unitCode: sheet.unit.code, criterionCode, type: 'score', input: row.inputs, reason: row.reason });
      return sendScore(sheet.unit.code, criterionCode, input, reason);
    },

    proposeReason: (criterionCode, reason) => {
      const sheet = get().memberSheet;
      const row = rowOf(criterionCode);
      if (!sheet || !row || row.reason === reason) return Promise.resolve(true);
      pushUndo({ unitCode: sheet.unit.code, criterionCode, type: 'reason', reason: row.reason });
      return sendReason(sheet.unit.code, criterionCode, reason);
    },

    proposeNotApplicable: (criterionCode, notApplicable) => {
      const sheet = get().memberSheet;
      const row = rowOf(criterionCode);
      if (!sheet || !row || row.proposalNotApplicable === notApplicable) return Promise.resolve(true);
      pushUndo({ unitCode: sheet.unit.code, criterionCode, type: 'notApplicable', notApplicable: row.proposalNotApplicable });
      return sendNotApplicable(sheet.unit.code, criterionCode, notApplicable);
    },

    undoProposal: async () => {
      const entry = get().proposalUndo.at(-1);
      if (!entry) {
        get().notify('info', { key: 'scoring.nothingToUndo' });
        return null;
      }
      set((s) => ({ proposalUndo: s.proposalUndo.slice(0, -1) }));
      if (get().memberUnitCode !== entry.unitCode) await get().openMemberUnit(entry.unitCode);
      const { unitCode, criterionCode } = entry;
      const ok =
        entry.type === 'score'
          ? await sendScore(unitCode, criterionCode, entry.input, entry.reason)
          : entry.type === 'reason'
            ? await sendReason(unitCode, criterionCode, entry.reason)
            : await sendNotApplicable(unitCode, criterionCode, entry.notApplicable);
      if (ok && entry.type !== 'notApplicable') get().notify('info', { key: 'scoring.undone', params: { code: criterionCode } });
      return criterionCode;
    },

    requestExplanation: (criterionCode, text) => {
      const unitCode = get().memberUnitCode;
      if (unitCode === null) return Promise.resolve(false);
      return write(unitCode, async (campaignId) => {
        const patch = await invoke('explanation/request', { campaignId, unitCode, criterionCode, text });
        get().notify('success', { key: 'requests.sent', params: { code: criterionCode } });
        return patch;
      });
    },

    setExplanationStatus: (id, status, answer) => {
      const unitCode = get().memberUnitCode;
      if (unitCode === null) return Promise.resolve(false);
      return write(unitCode, (campaignId) => invoke('explanation/setStatus', { campaignId, id, status, answer }));
    },
  };
};
