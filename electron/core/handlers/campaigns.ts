// Handlers of the campaigns methods declared in shared/contract/campaigns.ts.

import type { DomainHandlers, FilePayload } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { annexJob, fromBase64, job } from './support.js';

export function campaignsHandlers(deps: HandlerDeps): DomainHandlers<'campaigns'> {
  const { s } = deps;
  const { campaigns, scoring, previous, workspace } = s;
  const forgetting = <T>(campaignId: number, value: T): T => {
    scoring.forget(campaignId);
    workspace.forget(campaignId);
    return value;
  };
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
    'campaign/setGroups': (input, ctx) => {
      const detail = campaigns.setGroups(input, ctx.actor);
      // A group may now be scored under another set: the cached set of each group goes.
      scoring.forget(input.campaignId);
      return detail;
    },
    // A set change alters the trees the scoring model caches; a deleted set also takes assignments with it.
    'criteriaSet/list': ({ campaignId }) => s.criteriaSets.list(campaignId),
    'criteriaSet/copy': (input, ctx) => forgetting(input.campaignId, s.criteriaSets.copy(input, ctx.actor)),
    'criteriaSet/rename': (input, ctx) => forgetting(input.campaignId, s.criteriaSets.rename(input, ctx.actor)),
    'criteriaSet/delete': (input, ctx) => forgetting(input.campaignId, s.criteriaSets.delete(input, ctx.actor)),
    'criteriaSet/tree': (input) => s.criteriaSets.tree(input.campaignId, input.code),
    'criteriaSet/saveTree': (input, ctx) => forgetting(input.campaignId, s.criteriaSets.saveTree(input, ctx.actor)),
    'unit/list': ({ campaignId }) => campaigns.unitList(campaignId),
    'unit/save': (input, ctx) => {
      campaigns.saveUnit(input, ctx.actor);
      return campaigns.unitList(input.campaignId);
    },
    'unit/delete': ({ campaignId, code }, ctx) => {
      campaigns.deleteUnit(campaignId, code, ctx.actor);
      return campaigns.unitList(campaignId);
    },
    'workbook/import': ({ fileName, contentBase64, asCopy }, ctx) => job(deps, { kind: 'workbook/import', fileName, bytes: fromBase64(contentBase64), asCopy: asCopy ?? false }, ctx),
    'workbook/export': ({ campaignId }, ctx) => {
      campaigns.require(campaignId);
      return job(deps, { kind: 'workbook/export', campaignId }, ctx);
    },
    'ranking/get': ({ campaignId }) => previous.attach(campaignId, scoring.ranking(campaignId)),
    'annex/export': (input, ctx) => job(deps, annexJob(deps, input), ctx),
    'document/decision': (input, ctx) => deps.jobs.runner.run<FilePayload>({ kind: 'document/file', document: 'decision', input }, ctx.actor, ctx),
    'document/report': (input, ctx) => deps.jobs.runner.run<FilePayload>({ kind: 'document/file', document: 'report', input }, ctx.actor, ctx),
  };
}
