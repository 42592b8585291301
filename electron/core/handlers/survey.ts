// Handlers of the survey methods declared in shared/contract/survey.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64 } from './support.js';

export function surveyHandlers({ s }: HandlerDeps): DomainHandlers<'survey'> {
  return {
    'survey/get': ({ campaignId }) => s.survey.table(campaignId),
    'survey/template': ({ campaignId }) => {
      const file = s.survey.template(campaignId);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
    'survey/import': ({ campaignId, fileName, contentBase64 }, ctx) => s.survey.importWorkbook(campaignId, fileName, fromBase64(contentBase64), ctx.actor),
  };
}
