// Handlers of the rounds methods declared in shared/contract/rounds.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, job } from './support.js';

export function roundsHandlers(deps: HandlerDeps): DomainHandlers<'rounds'> {
  const { s } = deps;
  return {
    'round/open': ({ campaignId, reason }, ctx) => s.rounds.open(campaignId, reason, ctx.actor),
    'round/summary': ({ campaignId }) => s.rounds.summary(campaignId),
    'explanation/exportForUnits': ({ campaignId, unitCode }) => {
      const out = s.rounds.exportForUnits(campaignId, unitCode);
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64'), units: out.units, requests: out.requests };
    },
    'explanation/importAnswers': ({ campaignId, fileName, contentBase64 }, ctx) => job(deps, { kind: 'explanation/importAnswers', campaignId, fileName, bytes: fromBase64(contentBase64) }, ctx),
  };
}
