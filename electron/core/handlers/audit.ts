// Handlers of the audit methods declared in shared/contract/audit.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';

export function auditHandlers({ s }: HandlerDeps): DomainHandlers<'audit'> {
  return {
    'audit/list': ({ campaignId, offset, limit, ...filter }) => s.audit.list(campaignId, filter, offset, limit),
    'audit/export': ({ campaignId, format, separator, ...filter }) => {
      const file = s.audit.exportFile(campaignId, filter, format, separator);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
  };
}
