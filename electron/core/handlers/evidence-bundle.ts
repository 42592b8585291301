// Handlers of the evidence-bundle methods declared in shared/contract/evidence-bundle.ts. Export and
// import run in the job worker (progress: files n/N by bytes; cancellable); `tracked` keeps one at a
// time and their progress readable by `evidenceBundle/status`.

import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { CallContext, DomainHandlers, EvidenceBundleExported, EvidenceBundleImported } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { BUNDLES_FOLDER, EVIDENCE_BUNDLE_EXTENSION } from '../../exchange/evidence-bundle.js';
import type { BundleProgress } from '../../services/evidence-exchange.js';
import type { HandlerDeps } from './deps.js';

/** The caller's progress, also kept for `evidenceBundle/status` (the bar moves by bytes). */
const alsoTo = (ctx: CallContext, onProgress: BundleProgress): CallContext => ({
  ...ctx,
  progress: (p) => {
    onProgress(p.done, p.total ?? 0);
    ctx.progress?.(p);
  },
});

/**
 * The worker writes under a name nobody downloads (<bundle>.<hex>.job, and its .part); only a finished
 * bundle is renamed to the name served, so a cancel or a crash never leaves a half bundle there.
 */
async function exportBundle(deps: HandlerDeps, campaignId: number, forMember: string | null, ctx: CallContext): Promise<EvidenceBundleExported & { downloadName: string }> {
  const { s, info, jobs } = deps;
  const folder = join(info.dataDir, BUNDLES_FOLDER);
  mkdirSync(folder, { recursive: true });
  const { fileName } = s.evidenceBundle.plan(campaignId, forMember);
  const final = join(folder, fileName);
  const outPath = `${final}.${randomBytes(6).toString('hex')}.job`;
  const result = await s.evidenceBundle.tracked('export', (onProgress) =>
    jobs.runner.run<EvidenceBundleExported>({ kind: 'evidenceBundle/export', campaignId, forMember, outPath, downloadName: fileName }, ctx.actor, alsoTo(ctx, onProgress)));
  renameSync(outPath, final);
  return { ...result, path: final, downloadName: fileName };
}

function importBundle(deps: HandlerDeps, path: string, label: string, ctx: CallContext): Promise<EvidenceBundleImported> {
  return deps.s.evidenceBundle.tracked('import', (onProgress) => deps.jobs.runner.run<EvidenceBundleImported>({ kind: 'evidenceBundle/import', path, label }, ctx.actor, alsoTo(ctx, onProgress)));
}

export function evidenceBundleHandlers(deps: HandlerDeps): DomainHandlers<'evidenceBundle'> {
  const { s, doors } = deps;
  const tokens = doors.fileTokens;
  return {
    'evidenceBundle/plan': ({ campaignId, forMember }) => s.evidenceBundle.plan(campaignId, forMember ?? null),
    'evidenceBundle/export': ({ campaignId, forMember }, ctx) => exportBundle(deps, campaignId, forMember ?? null, ctx),
    'evidenceBundle/uploadBegin': ({ fileName, size }) => {
      if (!fileName.toLowerCase().endsWith(EVIDENCE_BUNDLE_EXTENSION)) {
        throw new AppError('invalid_input', 'evidenceBundle.wrongExtension', { fileName, extension: EVIDENCE_BUNDLE_EXTENSION });
      }
      return s.evidence.uploads.begin(fileName, size, Number.MAX_SAFE_INTEGER);
    },
    'evidenceBundle/import': ({ source }, ctx) => {
      if (source.kind === 'upload') {
        const upload = s.evidence.uploads.take(source.uploadId);
        return importBundle(deps, upload.path, upload.fileName, ctx).finally(() => rmSync(upload.path, { force: true }));
      }
      const path = source.kind === 'pending' ? s.openRequests.takePath(source.path) : tokens.take(source.fileToken, ['evidenceBundle']);
      return importBundle(deps, path, basename(path), ctx);
    },
    'evidenceBundle/status': () => s.evidenceBundle.status(),
  };
}
