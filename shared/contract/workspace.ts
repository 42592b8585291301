// A member's workspace: profile, assignments, recusals, proposals, explanation requests, a cell's history.

import { z } from 'zod';
import type { Rule, RuleInput } from '../rules.js';
import type { SheetPatch } from '../sheet-patch.js';
import { method } from './method.js';
import { ruleInputSchema } from './campaigns.js';
import { campaignId, code, text } from './common.js';
import { type SheetRow, type UnitSheet } from './scoring.js';

export interface MemberProfile {
  uid: string;
  name: string;
  agency: string;
  role: string;
  kind: 'member' | 'secretariat';
  isSelf: boolean;
  createdAt: string;
}

export interface MemberWithAssignment extends MemberProfile {
  areas: string[];
  /** Empty: every unit of the campaign. */
  units: string[];
  recusals: Array<{ unitCode: string; unitName: string; reason: string; createdAt: string; automatic: boolean }>;
}

export interface WorkspaceInfo {
  self: MemberProfile | null;
  /** member: proposals on assigned cells; secretariat: the final scores. */
  mode: 'member' | 'secretariat';
  areas: string[];
  units: Array<{
    code: string;
    name: string;
    groupName: string;
    recused: boolean;
    recusalReason: string;
    /** Applicable leaves this member scores in the unit, and how many have a proposal. */
    assignedLeaves: number;
    scoredLeaves: number;
    missingReasons: number;
    openRequests: number;
  }>;
  assignedLeaves: number;
  scoredLeaves: number;
  /** The campaign's current appraisal round on this machine. */
  round: 1 | 2;
}

export interface ExplanationRequestView {
  id: number;
  memberUid: string;
  memberName: string;
  text: string;
  status: 'open' | 'answered' | 'withdrawn';
  answer: string;
  createdAt: string;
  answeredAt: string | null;
}

export interface MemberSheetRow extends SheetRow {
  /** The rule text parsed; an unparseable rule falls back to free points. */
  parsedRule: Rule;
  /** Why a cell is read-only for this member ('' when editable); 'closed': the round's appraisal deadline has passed. */
  locked: '' | 'not_leaf' | 'not_assigned' | 'recused' | 'survey' | 'final' | 'closed';
  proposalMilli: number | null;
  proposalNotApplicable: boolean;
  reason: string;
  inputs: RuleInput | null;
  /** The member's score differs from the self-score and no reason is given yet. */
  needsReason: boolean;
  explanation: string;
  requests: ExplanationRequestView[];
  evidenceCount: number;
  /** Round 2: this member's round-1 proposal and the round-1 final (null in round 1). */
  round1ProposalMilli: number | null;
  round1ProposalNotApplicable: boolean;
  round1FinalMilli: number | null;
  round1FinalNotApplicable: boolean;
}

export interface MemberSheet extends Omit<UnitSheet, 'rows'> {
  rows: MemberSheetRow[];
  /** The campaign's current appraisal round on this machine. */
  round: 1 | 2;
  memberUid: string | null;
  recused: boolean;
  recusalReason: string;
  assignedLeaves: number;
  proposedLeaves: number;
  missingReasons: number;
  /** Explanation requests to the unit still open (every member's). */
  openRequests: number;
  /** A member's machine past the round's appraisal deadline (its calendar): proposals are read-only. */
  closed: boolean;
}

/** A member's write answers the rows it changed and the sheet's totals and counts (shared/sheet-patch.ts). */
export type MemberSheetPatch = SheetPatch<MemberSheet>;

/** A council member this machine knows (not its own profile), with the areas and units assigned in one campaign. */
export interface RegisteredMember {
  uid: string;
  name: string;
  agency: string;
  fingerprint: string | null;
  areas: string[];
  units: string[];
}

export interface HistoryItem {
  at: string;
  actor: string;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  source: string;
}

export const workspaceMethods = {
  'member/self': method<MemberProfile | null>()(z.object({})),
  'member/saveSelf': method<MemberProfile>()(z.object({
    name: text(200).min(1),
    agency: text(300),
    role: text(200),
    kind: z.enum(['member', 'secretariat']),
  })),
  'member/list': method<MemberWithAssignment[]>()(z.object({ campaignId })),
  /** The registered members with their key fingerprints (campaignId null: no campaign yet, no areas). */
  'member/registered': method<RegisteredMember[]>()(z.object({ campaignId: campaignId.nullable() })),
  /** A member named by uid or by exact name (refused when two share the name). */
  'member/find': method<{ uid: string; name: string }>()(z.object({ name: text(300).min(1) })),
  'member/assign': method<MemberWithAssignment[]>()(z.object({ campaignId, memberUid: code, areas: z.array(code).max(50), units: z.array(code).max(10_000) })),
  'member/recuse': method<MemberWithAssignment[]>()(z.object({ campaignId, memberUid: code, unitCode: code, recused: z.boolean(), reason: text(500) })),
  'workspace/get': method<WorkspaceInfo>()(z.object({ campaignId })),
  'proposal/sheet': method<MemberSheet>()(z.object({ campaignId, unitCode: code })),
  'proposal/set': method<MemberSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, input: ruleInputSchema.nullable(), reason: text(2000).optional() })),
  'proposal/setReason': method<MemberSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, reason: text(2000) })),
  'proposal/setNotApplicable': method<MemberSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, notApplicable: z.boolean() })),
  'explanation/request': method<MemberSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, text: text(2000).min(1) })),
  'explanation/setStatus': method<MemberSheet>()(z.object({ campaignId, id: z.number().int().positive(), status: z.enum(['open', 'answered', 'withdrawn']), answer: text(4000) })),
  'history/cell': method<HistoryItem[]>()(z.object({ campaignId, unitCode: code, criterionCode: code })),
} as const;
