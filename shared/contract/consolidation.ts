// Consolidating the members' proposals into final scores; finalising and unlocking a campaign.

import { z } from 'zod';
import type { Campaign, CriterionKind } from '../domain.js';
import { method } from './method.js';
import { campaignId, code, pointsMilli, text } from './common.js';

export type Policy = 'assigned' | 'mean' | 'median' | 'manual';

export type QueueReason = 'members_differ' | 'self_gap' | 'pending_explanation' | 'conflict';

export interface ProposalView {
  memberUid: string;
  memberName: string;
  pointsMilli: number | null;
  notApplicable: boolean;
  reason: string;
  assigned: boolean;
}

export interface QueueItem {
  unitCode: string;
  unitName: string;
  criterionCode: string;
  criterionName: string;
  reasons: QueueReason[];
  selfMilli: number | null;
  finalMilli: number | null;
  finalNotApplicable: boolean;
  decided: boolean;
  proposals: ProposalView[];
  /** In round 2: the cell's round-1 final (kept when round 2 brings nothing new); null in round 1. */
  round1Milli: number | null;
  round1NotApplicable: boolean;
  /** The leaf's kind, maximum and rule: the decision form checks points with `checkScore` before sending. */
  leaf: { code: string; kind: CriterionKind; maxMilli: number; rule: string };
}

export interface ConsolidationReport {
  campaignId: number;
  status: 'open' | 'final';
  /** The round the queue and the proposals belong to. */
  round: 1 | 2;
  policy: Policy;
  divergenceMilli: number;
  selfGapMilli: number;
  progress: Array<{ memberUid: string; memberName: string; areaCode: string; assignedLeaves: number; proposedLeaves: number }>;
  queue: QueueItem[];
  conflicts: Array<{ unitCode: string; criterionCode: string; memberUid: string; memberName: string; pointsMilli: number | null; notApplicable: boolean; decidedMilli: number | null; packageSha256: string }>;
  /** What stands between the campaign and finalising, in Vietnamese. */
  missing: string[];
}

export const consolidationMethods = {
  'consolidation/report': method<ConsolidationReport>()(z.object({ campaignId })),
  'consolidation/setPolicy': method<ConsolidationReport>()(z.object({ campaignId, policy: z.enum(['assigned', 'mean', 'median', 'manual']), divergenceMilli: z.number().int().min(0).max(100_000), selfGapMilli: z.number().int().min(0).max(100_000) })),
  'consolidation/decide': method<ConsolidationReport>()(z.object({ campaignId, unitCode: code, criterionCode: code, pointsMilli: pointsMilli.nullable(), notApplicable: z.boolean(), reason: text(2000).min(1) })),
  'campaign/finalize': method<Campaign>()(z.object({ campaignId })),
  'campaign/unlock': method<Campaign>()(z.object({ campaignId, reason: text(2000).min(1) })),
} as const;
