// Handlers of the consolidation methods declared in shared/contract/consolidation.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';

export function consolidationHandlers({ s }: HandlerDeps): DomainHandlers<'consolidation'> {
  const { campaigns } = s;
  return {
    'consolidation/report': ({ campaignId }) => s.consolidation.report(campaignId),
    'consolidation/setPolicy': ({ campaignId, policy, divergenceMilli, selfGapMilli }, ctx) => {
      s.consolidation.setPolicy(campaignId, policy, divergenceMilli, selfGapMilli, ctx.actor);
      return s.consolidation.report(campaignId);
    },
    'consolidation/decide': ({ campaignId, unitCode, criterionCode, pointsMilli, notApplicable, reason }, ctx) => {
      s.consolidation.decide(campaignId, unitCode, criterionCode, { pointsMilli, notApplicable }, reason, ctx.actor);
      return s.consolidation.report(campaignId);
    },
    'campaign/finalize': ({ campaignId }, ctx) => {
      s.consolidation.finalize(campaignId, ctx.actor);
      return campaigns.require(campaignId);
    },
    'campaign/unlock': ({ campaignId, reason }, ctx) => {
      s.consolidation.unlock(campaignId, reason, ctx.actor);
      return campaigns.require(campaignId);
    },
  };
}
