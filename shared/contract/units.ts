// The unit's side: a unit's signing identity (its machine) and its registration (the secretariat's), the
// unit's own self-assessment sheet and its writes, the self-assessment report, and the secretariat's tracker.

import { z } from 'zod';
import type { Rule, RuleInput } from '../rules.js';
import type { CalendarPhase } from './calendar.js';
import { ruleInputSchema } from './campaigns.js';
import { method } from './method.js';
import { campaignId, code, text, type ExportedFile, type FilePayload } from './common.js';

/** A unit machine's public identity, as written to its .pub file. */
export interface UnitIdentityCard {
  format: string;
  kind: 'unit';
  uid: string;
  unitCode: string;
  name: string;
  agency: string;
  publicKey: string;
  fingerprint: string;
}

/** A unit whose key the secretariat registered, with what it has sent in one campaign. */
export interface RegisteredUnit {
  uid: string;
  unitCode: string;
  /** The unit's name in the campaign asked about ('' when the campaign has no such unit). */
  unitName: string;
  /** The name the unit's identity gives. */
  name: string;
  fingerprint: string;
  registeredAt: string | null;
  /** The last self-assessment package imported (ISO instant), null: none yet. */
  lastPackageAt: string | null;
  packages: number;
}

export interface SelfEvidence {
  id: number;
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
  available: boolean;
}

export interface SelfRequest {
  requestId: number;
  text: string;
  askedBy: string;
  askedAt: string;
  answer: string;
  answeredAt: string | null;
}

export interface SelfSheetRow {
  code: string;
  name: string;
  depth: number;
  kind: 'appraised' | 'survey' | 'bonus' | 'penalty';
  maxMilli: number;
  isLeaf: boolean;
  /** The rule the self-score is entered with (an unparseable rule falls back to free points). */
  parsedRule: Rule;
  /**
   * Why the unit cannot self-score this row ('' when it can): a parent row, a survey leaf (scored by the
   * survey), or 'closed': the tự đánh giá deadline has passed (the row's claims are read-only).
   */
  locked: '' | 'not_leaf' | 'survey' | 'closed';
  /** The set lets the unit claim "không áp dụng" here. */
  naAllowed: boolean;
  selfMilli: number | null;
  selfNotApplicable: boolean;
  /** Under a row the unit claims not applicable. */
  inheritedNotApplicable: boolean;
  selfReason: string;
  inputs: RuleInput | null;
  explanation: string;
  evidence: SelfEvidence[];
  requests: SelfRequest[];
  /** A self-scored leaf with neither evidence nor an explanation. */
  missingEvidence: boolean;
}

/**
 * A leaf the unit self-assesses, now or until the tự đánh giá deadline closed it: not a parent, not a survey leaf,
 * not under a row it claims not applicable. Its claims are read in the report; files still attach when closed.
 */
export const selfOwnLeaf = (row: SelfSheetRow): boolean => row.isLeaf && (row.locked === '' || row.locked === 'closed') && !row.inheritedNotApplicable;

export interface SelfSheet {
  campaignId: number;
  campaignName: string;
  year: number;
  unitCode: string;
  unitName: string;
  groupName: string;
  setCode: string;
  setName: string;
  rows: SelfSheetRow[];
  /** The self-assessment's total, applicable maximum and index (what the unit claims; not the council's). */
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  /** Leaves the unit self-scores (applicable, not survey), how many have a self-score or N/A claim, and how many of those have evidence or an explanation. */
  leaves: number;
  scored: number;
  documented: number;
  openRequests: number;
  round: 1 | 2;
  /** The tự đánh giá and giải trình phases as the secretariat's calendar sets them (null: no deadline). */
  selfDeadline: CalendarPhase | null;
  answerDeadline: CalendarPhase | null;
  /** The last self-assessment package exported from this machine. */
  lastExport: { sequence: number; at: string } | null;
}

/** One row of the secretariat's tracker: a unit's submissions and progress. */
export interface TrackerUnit {
  unitCode: string;
  unitName: string;
  groupName: string;
  registered: boolean;
  /** The last self-assessment package imported (ISO instant); null: none. */
  packageAt: string | null;
  packages: number;
  /** Leaves with a self-score or a not-applicable claim, of `leaves` (as the unit's own sheet counts them). */
  selfScored: number;
  leaves: number;
  /** Of the self-scored, those with evidence or an explanation (a not-applicable claim needs neither). */
  evidence: number;
  /** The council's explanation requests to the unit still open. */
  explanationsPending: number;
  /** Nothing received and the tự đánh giá deadline has passed. */
  late: boolean;
  /** Something is missing: no package, unscored leaves or leaves without evidence/explanation. */
  missing: boolean;
}

export interface TrackerMember {
  uid: string;
  name: string;
  packageAt: string | null;
  /** Per assigned area ("3", or "XA:3" with several sets): cells with a proposal in the current round, of the cells assigned. */
  areas: Array<{ area: string; proposed: number; total: number }>;
  /** The current round's appraisal phase is closed and cells are left. */
  late: boolean;
  missing: boolean;
}

export interface Tracker {
  campaignId: number;
  units: TrackerUnit[];
  members: TrackerMember[];
}

export const unitsMethods = {
  /** A unit machine's profile with a fresh signing key (`par unit init`); refused when the machine already has a profile. */
  'unitIdentity/create': method<UnitIdentityCard>()(z.object({ unitCode: code, name: text(300).min(1), agency: text(300).default('') })),
  'unitIdentity/self': method<UnitIdentityCard | null>()(z.object({})),
  /** The unit machine's .pub file. */
  'unitIdentity/export': method<FilePayload & { fingerprint: string }>()(z.object({})),
  /** The secretariat registers a unit from its .pub (`par unit add`); the fingerprint is returned to check by phone. */
  'unitIdentity/register': method<{ uid: string; unitCode: string; name: string; fingerprint: string }>()(z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(100_000), replaceKeyFingerprint: z.string().max(100).optional() })),
  'unitIdentity/list': method<RegisteredUnit[]>()(z.object({ campaignId: campaignId.nullable() })),
  /** The unit's own sheet (a unit's machine). */
  'self/sheet': method<SelfSheet>()(z.object({ campaignId })),
  'self/set': method<SelfSheet>()(z.object({ campaignId, criterionCode: code, input: ruleInputSchema.nullable(), reason: text(2000).optional() })),
  'self/setNotApplicable': method<SelfSheet>()(z.object({ campaignId, criterionCode: code, notApplicable: z.boolean(), reason: text(2000).default('') })),
  'self/setExplanation': method<SelfSheet>()(z.object({ campaignId, criterionCode: code, explanation: text(4000) })),
  'self/answer': method<SelfSheet>()(z.object({ campaignId, requestId: z.number().int().positive(), answer: text(8000) })),
  /** The báo cáo tự đánh giá (PDF or .docx), printed from the unit's machine. */
  /** Written in the job worker into the exports folder (download it by `fileName`; the CLI moves it). */
  'self/report': method<ExportedFile>()(z.object({ campaignId, format: z.enum(['pdf', 'docx']) })),
  /** The secretariat's tracker: per unit and per member, what arrived and what is missing. */
  'tracker/get': method<Tracker>()(z.object({ campaignId })),
  'tracker/export': method<FilePayload>()(z.object({ campaignId })),
} as const;
