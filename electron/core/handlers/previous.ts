// Handlers of the previous methods declared in shared/contract/previous.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, job } from './support.js';

export function previousHandlers(deps: HandlerDeps): DomainHandlers<'previous'> {
  const { s } = deps;
  const { previous } = s;
  return {
    'previous/import': ({ campaignId, fileName, contentBase64, year }, ctx) => job(deps, { kind: 'previous/import', campaignId, fileName, bytes: fromBase64(contentBase64), year: year ?? null }, ctx),
    'previous/get': ({ campaignId }) => previous.summary(campaignId),
    'previous/map': (input, ctx) => previous.map(input, ctx.actor),
    'previous/clear': ({ campaignId }, ctx) => previous.clear(campaignId, ctx.actor),
  };
}
