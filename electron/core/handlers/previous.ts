// Handlers of the previous methods declared in shared/contract/previous.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { readPreviousWorkbook } from '../../workbook/isolated.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64 } from './support.js';

export function previousHandlers({ s }: HandlerDeps): DomainHandlers<'previous'> {
  const { previous } = s;
  return {
    'previous/import': async ({ campaignId, fileName, contentBase64, year }, ctx) => {
      const parsed = await readPreviousWorkbook(fromBase64(contentBase64));
      return previous.replace(campaignId, parsed.rows, year ?? parsed.year, fileName, ctx.actor);
    },
    'previous/get': ({ campaignId }) => previous.summary(campaignId),
    'previous/map': (input, ctx) => previous.map(input, ctx.actor),
    'previous/clear': ({ campaignId }) => previous.clear(campaignId),
  };
}
