// Handlers of the scoring methods declared in shared/contract/scoring.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';

export function scoringHandlers({ s }: HandlerDeps): DomainHandlers<'scoring'> {
  const { scoring } = s;
  return {
    'sheet/get': ({ campaignId, unitCode }) => scoring.sheet(campaignId, unitCode),
    'score/set': ({ campaignId, unitCode, criterionCode, pointsMilli, reason }, ctx) => scoring.setPoints(campaignId, unitCode, criterionCode, pointsMilli, ctx.actor, reason),
    'score/setNotApplicable': ({ campaignId, unitCode, criterionCode, notApplicable }, ctx) => scoring.setNotApplicable(campaignId, unitCode, criterionCode, notApplicable, ctx.actor),
  };
}
