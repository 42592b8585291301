// Handlers of the evidence-bundle methods declared in shared/contract/evidence-bundle.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { BUNDLES_FOLDER, EVIDENCE_BUNDLE_EXTENSION } from '../../exchange/evidence-bundle.js';
import type { HandlerDeps } from './deps.js';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

export function evidenceBundleHandlers({ s, info, doors }: HandlerDeps): DomainHandlers<'evidenceBundle'> {
  const tokens = doors.fileTokens;
  return {
    'evidenceBundle/plan': ({ campaignId, forMember }) => s.evidenceBundle.plan(campaignId, forMember ?? null),
    'evidenceBundle/export': async ({ campaignId, forMember }) => {
      const folder = join(info.dataDir, BUNDLES_FOLDER);
      mkdirSync(folder, { recursive: true });
      const plan = s.evidenceBundle.plan(campaignId, forMember ?? null);
      const result = await s.evidenceBundle.tracked('export', (onProgress) => s.evidenceBundle.exportBundle(campaignId, forMember ?? null, join(folder, plan.fileName), onProgress));
      return { ...result, downloadName: plan.fileName };
    },
    'evidenceBundle/uploadBegin': ({ fileName, size }) => {
      if (!fileName.toLowerCase().endsWith(EVIDENCE_BUNDLE_EXTENSION)) {
        throw new AppError('invalid_input', 'evidenceBundle.wrongExtension', { fileName, extension: EVIDENCE_BUNDLE_EXTENSION });
      }
      return s.evidence.uploads.begin(fileName, size, Number.MAX_SAFE_INTEGER);
    },
    'evidenceBundle/import': ({ source }, ctx) => {
      if (source.kind === 'upload') {
        const upload = s.evidence.uploads.take(source.uploadId);
        return s.evidenceBundle
          .tracked('import', (onProgress) => s.evidenceBundle.importBundle(upload.path, upload.fileName, ctx.actor, onProgress))
          .finally(() => rmSync(upload.path, { force: true }));
      }
      const path = source.kind === 'pending' ? s.openRequests.takePath(source.path) : tokens.take(source.fileToken, ['evidenceBundle']);
      return s.evidenceBundle.tracked('import', (onProgress) => s.evidenceBundle.importBundle(path, basename(path), ctx.actor, onProgress));
    },
    'evidenceBundle/status': () => s.evidenceBundle.status(),
  };
}
