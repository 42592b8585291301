// Handlers of the audit methods declared in shared/contract/audit.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import type { HandlerDeps } from './deps.js';

export function auditHandlers({ s }: HandlerDeps): DomainHandlers<'audit'> {
  return {
    'audit/list': ({ campaignId, offset, limit, ...filter }) => s.audit.list(campaignId, filter, offset, limit),
    'audit/export': ({ campaignId, format, separator, ...filter }) => {
      // A unit that is not in the campaign is a typo, not an empty log.
      if (filter.unitCode !== undefined && !s.repos.units.get(campaignId, filter.unitCode)) throw new AppError('not_found', 'unit.notFound', { unitCode: filter.unitCode });
      const file = s.audit.exportFile(campaignId, filter, format, separator);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
  };
}
