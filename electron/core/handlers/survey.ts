// Handlers of the survey methods declared in shared/contract/survey.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, job } from './support.js';

export function surveyHandlers(deps: HandlerDeps): DomainHandlers<'survey'> {
  const { s } = deps;
  return {
    'survey/get': ({ campaignId }) => s.survey.table(campaignId),
    'survey/template': ({ campaignId }) => {
      const file = s.survey.template(campaignId);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
    'survey/import': ({ campaignId, fileName, contentBase64 }, ctx) => job(deps, { kind: 'survey/import', campaignId, fileName, bytes: fromBase64(contentBase64) }, ctx),
  };
}
