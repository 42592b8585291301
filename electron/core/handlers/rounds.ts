// Handlers of the rounds methods declared in shared/contract/rounds.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64 } from './support.js';

export function roundsHandlers({ s }: HandlerDeps): DomainHandlers<'rounds'> {
  return {
    'round/open': ({ campaignId, reason }, ctx) => s.rounds.open(campaignId, reason, ctx.actor),
    'round/summary': ({ campaignId }) => s.rounds.summary(campaignId),
    'explanation/exportForUnits': ({ campaignId, unitCode }) => {
      const out = s.rounds.exportForUnits(campaignId, unitCode);
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64'), units: out.units, requests: out.requests };
    },
    'explanation/importAnswers': ({ campaignId, fileName, contentBase64 }, ctx) => s.rounds.importAnswers(campaignId, fromBase64(contentBase64), fileName, ctx.actor),
  };
}
