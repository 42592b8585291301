// Handlers of the evidence methods declared in shared/contract/evidence.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { job } from './support.js';

export function evidenceHandlers(deps: HandlerDeps): DomainHandlers<'evidence'> {
  const { s, doors } = deps;
  const tokens = doors.fileTokens;
  return {
    'evidence/list': ({ campaignId, unitCode }) => s.evidence.list(campaignId, unitCode),
    'evidence/attachFile': ({ campaignId, unitCode, criterionCode, fileToken }, ctx) =>
      s.evidence.attachPath(campaignId, unitCode, criterionCode, tokens.take(fileToken, ['evidence']), ctx.actor),
    'evidence/uploadBegin': ({ fileName, size }) => s.evidence.uploadBegin(fileName, size),
    'evidence/uploadChunk': ({ uploadId, offset, chunkBase64 }) => s.evidence.uploadChunk(uploadId, offset, chunkBase64),
    'evidence/uploadFinish': ({ uploadId, campaignId, unitCode, criterionCode }, ctx) =>
      s.evidence.uploadFinish(uploadId, campaignId, unitCode, criterionCode, ctx.actor),
    'evidence/uploadCancel': ({ uploadId }) => {
      s.evidence.uploadCancel(uploadId);
      return { cancelled: true };
    },
    'evidence/remove': ({ evidenceId }, ctx) => s.evidence.remove(evidenceId, ctx.actor),
    'evidence/importBundle': ({ campaignId, unitCode, fileToken }, ctx) =>
      s.evidence.importBundle(campaignId, unitCode, tokens.take(fileToken, ['evidenceFolder', 'evidenceZip']), ctx.actor),
    'evidence/importBundleUpload': ({ campaignId, unitCode, uploadId }, ctx) => s.evidence.importBundleUpload(campaignId, unitCode, uploadId, ctx.actor),
    'evidence/meta': ({ evidenceId }) => s.evidence.meta(evidenceId),
    'evidence/verify': ({ campaignId }, ctx) => job(deps, { kind: 'evidence/verify', campaignId }, ctx),
  };
}
