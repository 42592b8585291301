// Who works on this machine (the member profile), the campaign's members with their assigned areas,
// units and recusals, and the workspace summary: mode, per-unit and overall progress.

import type { Input, MemberProfile, MemberWithAssignment, WorkspaceInfo } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import type { SliceCreator } from './types.js';

export interface MemberSlice {
  /** undefined: not asked yet; null: no profile on this machine. */
  self: MemberProfile | null | undefined;
  workspace: WorkspaceInfo | null;
  workspaceLoading: boolean;
  members: MemberWithAssignment[] | null;
  profileOpen: boolean;
  loadSelf: () => Promise<void>;
  saveSelf: (input: Input<'member/saveSelf'>) => Promise<boolean>;
  setProfileOpen: (open: boolean) => void;
  loadWorkspace: () => Promise<void>;
  loadMembers: () => Promise<void>;
  /** Saves a member's areas and units; `quiet` leaves the notice to the caller (one per batch of ticks). */
  assign: (memberUid: string, areas: string[], units: string[], quiet?: boolean) => Promise<boolean>;
  recuse: (memberUid: string, unitCode: string, recused: boolean, reason: string) => Promise<boolean>;
  /** One unit's progress from a freshly returned member sheet; the overall figures follow. */
  patchWorkspaceUnit: (unitCode: string, assignedLeaves: number, scoredLeaves: number, missingReasons: number, openRequests: number) => void;
}

export const createMemberSlice: SliceCreator<MemberSlice> = (set, get) => ({
  self: undefined,
  workspace: null,
  workspaceLoading: false,
  members: null,
  profileOpen: false,

  loadSelf: async () => {
    try {
      set({ self: await invoke('member/self', {}) });
    } catch (error) {
      set({ self: null });
      get().reportError(error);
    }
  },

  saveSelf: async (input) => {
    try {
      const self = await invoke('member/saveSelf', input);
      set({ self });
      get().notify('success', { key: 'profile.saved', params: { name: self.name } });
      // The mode, the recusals (own agency) and every lock may have changed.
      set({ memberSheet: null });
      await Promise.all([get().loadWorkspace(), get().members !== null ? get().loadMembers() : Promise.resolve()]);
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  setProfileOpen: (profileOpen) => set({ profileOpen }),

  loadWorkspace: async () => {
    const campaignId = get().campaignId;
    // A unit's machine has no council workspace: its sheet is the unit's own (unitSlice).
    if (campaignId === null || get().unitSelf) {
      set({ workspace: null });
      return;
    }
    set({ workspaceLoading: true });
    try {
      const workspace = await invoke('workspace/get', { campaignId });
      // The profile may have changed elsewhere (another window, the command line): the top bar follows.
      if (get().campaignId === campaignId) set({ workspace, self: workspace.self });
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ workspaceLoading: false });
    }
  },

  loadMembers: async () => {
    const campaignId = get().campaignId;
    if (campaignId === null) return;
    try {
      const members = await invoke('member/list', { campaignId });
      if (get().campaignId === campaignId) set({ members });
    } catch (error) {
      get().reportError(error);
    }
  },

  assign: async (memberUid, areas, units, quiet = false) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const members = await invoke('member/assign', { campaignId, memberUid, areas, units });
      set({ members, memberSheet: null });
      if (!quiet) get().notify('success', { key: 'members.assigned' });
      void get().loadWorkspace();
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  recuse: async (memberUid, unitCode, recused, reason) => {
    const campaignId = get().campaignId;
    if (campaignId === null) return false;
    try {
      const members = await invoke('member/recuse', { campaignId, memberUid, unitCode, recused, reason });
      set({ members, memberSheet: null });
      get().notify('success', { key: recused ? 'members.recused' : 'members.unrecused' });
      void get().loadWorkspace();
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },

  patchWorkspaceUnit: (unitCode, assignedLeaves, scoredLeaves, missingReasons, openRequests) =>
    set((s) => {
      const ws = s.workspace;
      if (!ws) return {};
      const before = ws.units.find((u) => u.code === unitCode);
      if (
        !before ||
        (before.assignedLeaves === assignedLeaves &&
          before.scoredLeaves === scoredLeaves &&
          before.missingReasons === missingReasons &&
          before.openRequests === openRequests)
      ) {
        return {};
      }
      const units = ws.units.map((u) => (u.code === unitCode ? { ...u, assignedLeaves, scoredLeaves, missingReasons, openRequests } : u));
      return {
        workspace: {
          ...ws,
          units,
          assignedLeaves: units.reduce((n, u) => n + u.assignedLeaves, 0),
          scoredLeaves: units.reduce((n, u) => n + u.scoredLeaves, 0),
        },
      };
    }),
});
