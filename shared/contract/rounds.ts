// Appraisal rounds (vòng thẩm định) and the explanation lists sent to units.

import { z } from 'zod';
import { method } from './method.js';
import { campaignId, code, text, type FilePayload } from './common.js';

export type Round = 1 | 2;

export interface RoundUnitResult {
  unitCode: string;
  unitName: string;
  groupName: string;
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
}

export interface RoundInfo {
  round: Round;
  /** open: the current round; closed: kept as a snapshot; not_started: round 2 before it is opened. */
  state: 'open' | 'closed' | 'not_started';
  /** Proposals with points or a not-applicable mark, the members who made them, the secretariat's decisions. */
  proposals: number;
  members: number;
  decisions: number;
  /** Cells with a final value (points or not applicable). */
  finals: number;
  units: RoundUnitResult[];
}

export interface RoundSummary {
  campaignId: number;
  current: Round;
  /** When and why round 2 was opened (null and '' in round 1). */
  openedAt: string | null;
  reason: string;
  /** Why round 2 cannot be opened now ('' when it can). */
  openBlocked: string;
  rounds: RoundInfo[];
  openRequests: number;
  answeredRequests: number;
}

export interface AnswersImportResult {
  campaignId: number;
  /** Requests that got an answer (new or changed). */
  answered: number;
  /** Rows whose answer was already recorded as it is. */
  unchanged: number;
  /** Rows the unit left blank: those requests stay open. */
  blank: number;
  units: string[];
}

export const roundsMethods = {
  /** Opens round 2: round 1's finals are kept as a snapshot; refused when finalised or already in round 2. */
  'round/open': method<RoundSummary>()(z.object({ campaignId, reason: text(2000).min(1) })),
  'round/summary': method<RoundSummary>()(z.object({ campaignId })),
  /** One workbook, one sheet per unit with open requests (or only the given unit). */
  'explanation/exportForUnits': method<FilePayload & { units: number; requests: number }>()(z.object({ campaignId, unitCode: code.optional() })),
  /** The units' filled workbook: every row checked first, then the answers written in one transaction. */
  'explanation/importAnswers': method<AnswersImportResult>()(z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(50_000_000) })),
} as const;
