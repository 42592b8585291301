// Handlers of the audit methods declared in shared/contract/audit.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { job } from './support.js';

export function auditHandlers(deps: HandlerDeps): DomainHandlers<'audit'> {
  const { s } = deps;
  return {
    'audit/list': ({ campaignId, offset, limit, ...filter }) => s.audit.list(campaignId, filter, offset, limit),
    'audit/export': (input, ctx) => job(deps, { kind: 'audit/export', input }, ctx),
  };
}
