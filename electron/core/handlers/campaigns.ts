// Handlers of the campaigns methods declared in shared/contract/campaigns.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { readCampaignWorkbook } from '../../workbook/isolated.js';
import { writeCampaignWorkbook } from '../../workbook/write-campaign.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, safeFileName } from './support.js';

export function campaignsHandlers({ s }: HandlerDeps): DomainHandlers<'campaigns'> {
  const { campaigns, scoring, previous, workspace } = s;
  return {
    'campaign/list': () => campaigns.list(),
    'campaign/get': ({ campaignId }) => campaigns.detail(campaignId),
    'campaign/resolve': ({ campaignId }) => campaigns.require(campaignId ?? campaigns.defaultCampaignId()),
    'campaign/create': (input, ctx) => campaigns.create(input, ctx.actor),
    'campaign/update': (input, ctx) => campaigns.update(input, ctx.actor),
    'campaign/delete': ({ campaignId }) => {
      campaigns.delete(campaignId);
      scoring.forget(campaignId);
      workspace.forget(campaignId);
      return { deleted: true };
    },
    'campaign/setGroups': (input, ctx) => campaigns.setGroups(input, ctx.actor),
    'unit/list': ({ campaignId }) => campaigns.unitList(campaignId),
    'unit/save': (input, ctx) => {
      campaigns.saveUnit(input, ctx.actor);
      return campaigns.unitList(input.campaignId);
    },
    'unit/delete': ({ campaignId, code }, ctx) => {
      campaigns.deleteUnit(campaignId, code, ctx.actor);
      return campaigns.unitList(campaignId);
    },
    'workbook/import': async ({ fileName, contentBase64, asCopy }, ctx) => {
      const content = await readCampaignWorkbook(fromBase64(contentBase64));
      const { campaignId } = campaigns.importWorkbookContent(content, ctx.actor, `workbook:${fileName}`, asCopy ?? false);
      return { campaignId, criteria: content.criteria.length, units: content.units.length, scores: content.scores.length };
    },
    'workbook/export': ({ campaignId }) => {
      const content = campaigns.content(campaignId);
      return {
        fileName: `${safeFileName(content.name)}.xlsx`,
        contentBase64: writeCampaignWorkbook(content).toString('base64'),
      };
    },
    'ranking/get': ({ campaignId }) => previous.attach(campaignId, scoring.ranking(campaignId)),
    'annex/export': async ({ campaignId, annex, format, ...decision }) => {
      const file = await s.annexes.exportFile(campaignId, annex, format, decision);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64'), draft: file.draft };
    },
    'document/decision': ({ campaignId, ...opts }) => s.documents.file('decision', campaignId, opts),
    'document/report': ({ campaignId, ...opts }) => s.documents.file('report', campaignId, opts),
  };
}
