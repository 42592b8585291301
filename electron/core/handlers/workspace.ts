// Handlers of the workspace methods declared in shared/contract/workspace.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { registeredMembers, resolveMember } from '../../services/roles.js';
import type { HandlerDeps } from './deps.js';

export function workspaceHandlers({ s }: HandlerDeps): DomainHandlers<'workspace'> {
  const { workspace } = s;
  return {
    'member/self': () => workspace.self(),
    'member/saveSelf': (input) => workspace.saveSelf(input),
    'member/list': ({ campaignId }) => workspace.members(campaignId),
    'member/registered': ({ campaignId }) => registeredMembers(s.repos, campaignId),
    'member/find': ({ name }) => resolveMember(s.repos, name),
    'member/assign': (input, ctx) => workspace.assign(input, ctx.actor),
    'member/recuse': (input, ctx) => workspace.recuse(input, ctx.actor),
    'workspace/get': ({ campaignId }) => workspace.workspace(campaignId),
    'proposal/sheet': ({ campaignId, unitCode }) => workspace.sheet(campaignId, unitCode),
    'proposal/set': (input) => workspace.setProposal(input),
    'proposal/setReason': (input) => workspace.setReason(input),
    'proposal/setNotApplicable': (input) => workspace.setNotApplicable(input),
    'explanation/request': (input) => workspace.requestExplanation(input),
    'explanation/setStatus': (input, ctx) => workspace.sheet(input.campaignId, workspace.setExplanationStatus(input, ctx.actor)),
    'history/cell': ({ campaignId, unitCode, criterionCode }) => workspace.cellHistory(campaignId, unitCode, criterionCode),
  };
}
