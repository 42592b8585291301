// The heavy operations as the job worker runs them, over its own connection and services. Each is the
// same service call the main thread used to make; what changes is where it runs and that it reports
// its steps. The transaction around it is the worker's (see worker.ts).

import { basename } from 'node:path';
import type { Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { translate, type MessageKey, type MessageParams } from '../../shared/i18n/index.js';
import type { Services } from '../core/app.js';
import { createBackup, stageRestore, type StagedRestore } from '../backup/archive.js';
import { writeSelfReportFile } from '../documents/self-report.js';
import type { Migration } from '../db/database.js';
import { readCampaignWorkbook, readPreviousWorkbook } from '../workbook/isolated.js';
import { safeFileName } from '../../shared/text.js';
import { writeCampaignWorkbook } from '../workbook/write-campaign.js';
import type { JobKind, JobSpec } from './protocol.js';

export interface JobContext {
  actor: string;
  progress: (p: Progress) => void;
  /** Aborted by the runner's cancel message (async steps listen to it). */
  signal: AbortSignal;
  /** Throws `cancelled` once the runner has cancelled; usable inside synchronous code too. */
  throwIfCancelled: () => void;
  /** Registers work to undo files placed inside the job's transaction, run only if it rolls back. */
  onRollback: (undo: () => void) => void;
}

/** Jobs that write to the database: they hold its write lock from start to commit, one at a time. */
export const WRITING_JOBS: ReadonlySet<JobKind> = new Set<JobKind>([
  'workbook/import', 'previous/import', 'survey/import', 'explanation/importAnswers', 'package/import', 'package/export',
  'evidenceBundle/import',
]);

/**
 * Jobs during which the core refuses other writes: the writing ones, and a restore's staging (a write
 * made meanwhile would be lost when the staged database replaces the live one).
 */
export const GUARDED_JOBS: ReadonlySet<JobKind> = new Set<JobKind>([...WRITING_JOBS, 'backup/stage']);

const say = (key: MessageKey, params?: MessageParams) => translate('vi', key, params);

/** Steps n of total, so the bar moves even where a step reports nothing finer. */
function steps(ctx: JobContext, total: number) {
  let done = 0;
  return (key: MessageKey, params?: MessageParams) => {
    ctx.throwIfCancelled();
    ctx.progress({ phase: say(key, params), done: done++, total });
  };
}

export async function runJob(s: Services, spec: JobSpec, ctx: JobContext): Promise<unknown> {
  switch (spec.kind) {
    case 'workbook/import': {
      const step = steps(ctx, 2);
      step('job.phase.reading', { file: spec.fileName });
      const content = await readCampaignWorkbook(spec.bytes);
      step('job.phase.writing');
      const { campaignId } = s.campaigns.importWorkbookContent(content, ctx.actor, `workbook:${spec.fileName}`, spec.asCopy);
      return { campaignId, criteria: content.criteria.length, units: content.units.length, scores: content.scores.length };
    }
    case 'previous/import': {
      const step = steps(ctx, 2);
      step('job.phase.reading', { file: spec.fileName });
      const parsed = await readPreviousWorkbook(spec.bytes);
      step('job.phase.writing');
      return s.previous.replace(spec.campaignId, parsed.rows, spec.year ?? parsed.year, spec.fileName, ctx.actor);
    }
    case 'survey/import':
      steps(ctx, 1)('job.phase.readingAndWriting', { file: spec.fileName });
      return s.survey.importWorkbook(spec.campaignId, spec.fileName, spec.bytes, ctx.actor);
    case 'explanation/importAnswers':
      steps(ctx, 1)('job.phase.readingAndWriting', { file: spec.fileName });
      return s.rounds.importAnswers(spec.campaignId, spec.bytes, spec.fileName, ctx.actor);
    case 'package/import':
      steps(ctx, 1)('job.phase.package');
      return spec.pin
        ? s.exchange.importPackage(spec.bytes, ctx.actor, { expectFingerprint: spec.confirmFingerprint })
        : s.exchange.importPackageChecked(spec.bytes, ctx.actor, spec.confirmFingerprint);
    case 'package/export': {
      // A member's own package is signed on the core's thread (a PKCS#11 driver may be granted to it only): see handlers/exchange.ts.
      steps(ctx, 1)('job.phase.packageExport');
      const out = spec.unitSelf
        ? s.units.exportSelfPackage(spec.campaignId)
        : spec.forUnit !== null
          ? s.units.exportUnitPackage(spec.campaignId, spec.forUnit)
          : s.exchange.exportCampaignPackage(spec.campaignId, spec.forMember);
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64') };
    }
    case 'annex/export': {
      const step = steps(ctx, 2);
      const { campaignId, annex, format, ...decision } = spec.input;
      step('job.phase.annexWrite', { file: spec.downloadName });
      // The writers report rows (xlsx) or pages (PDF): shown as the second step's own progress.
      const phase = translate('vi', 'job.phase.annexWrite', { file: spec.downloadName });
      const { draft } = await s.annexes.writeFile(campaignId, annex, format, decision, spec.outPath, {
        onProgress: (done: number, total: number) => ctx.progress({ phase, done, total }),
        signal: ctx.signal,
      });
      return { fileName: basename(spec.outPath), downloadName: spec.downloadName, draft };
    }
    case 'workbook/export': {
      steps(ctx, 1)('job.phase.workbookExport');
      const content = s.campaigns.content(spec.campaignId);
      return { fileName: `${safeFileName(content.name)}.xlsx`, contentBase64: writeCampaignWorkbook(content).toString('base64') };
    }
    case 'document/file': {
      steps(ctx, 1)('job.phase.documentExport');
      const { campaignId, ...opts } = spec.input;
      return s.documents.file(spec.document, campaignId, opts);
    }
    case 'audit/export': {
      steps(ctx, 1)('job.phase.auditExport');
      const { campaignId, format, separator, ...filter } = spec.input;
      // A unit that is not in the campaign is a typo, not an empty log.
      if (filter.unitCode !== undefined && !s.repos.units.get(campaignId, filter.unitCode)) throw new AppError('not_found', 'unit.notFound', { unitCode: filter.unitCode });
      const file = s.audit.exportFile(campaignId, filter, format, separator);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    }
    case 'evidence/verify':
      steps(ctx, 1)('job.phase.verify');
      return s.evidence.verify(spec.campaignId);
    case 'evidenceBundle/export': {
      const run = bundleRun(ctx, 'job.phase.bundleExport');
      const result = await s.evidenceBundle.exportBundle(spec.campaignId, spec.forMember, spec.outPath, { ...run, part: `${spec.outPath}.part` });
      return { ...result, downloadName: spec.downloadName };
    }
    case 'backup/create': {
      const phase = say('job.phase.backup');
      ctx.progress({ phase, done: 0, total: null });
      const summary = await createBackup({
        db: s.repos.db, dataDir: spec.dataDir, out: spec.out, appVersion: spec.appVersion, now: () => new Date(spec.createdAt),
        onProgress: (done, total) => ctx.progress({ phase, done, total }), signal: ctx.signal, part: `${spec.out}.part`,
      });
      return summary;
    }
    case 'evidenceBundle/import':
      return s.evidenceBundle.importBundle(spec.path, spec.label, ctx.actor, { ...bundleRun(ctx, 'job.phase.bundleImport'), onRollback: ctx.onRollback });
    case 'self/report': {
      const sheet = s.units.sheet(spec.campaignId);
      const context = { issuer: s.campaigns.require(spec.campaignId).issuer, agency: s.units.selfCard()?.agency ?? '' };
      const phase = say('job.phase.selfReport', { file: spec.downloadName });
      ctx.progress({ phase, done: 0, total: null });
      await writeSelfReportFile(sheet, spec.format, context, spec.outPath, { onProgress: (done, total) => ctx.progress({ phase, done, total }), throwIfCancelled: ctx.throwIfCancelled });
      return { fileName: basename(spec.outPath), downloadName: spec.downloadName };
    }
    case 'backup/stage':
      // The worker runs it before opening any database (see worker.ts); here for completeness.
      return stageJob(spec, ctx);
  }
}

/** What a job that opens no database needs of the worker's start. */
export interface StandaloneEnv {
  migrations?: Migration[];
  nativeBinding?: string;
}

/** A restore's staging: the bar moves by bytes, the text counts the archive's entries. */
export function stageJob(spec: JobSpec & { kind: 'backup/stage' }, ctx: JobContext, env: StandaloneEnv = {}): Promise<StagedRestore> {
  ctx.progress({ phase: say('job.phase.starting'), done: 0, total: null });
  return stageRestore({
    archive: spec.archive,
    label: spec.label,
    staging: spec.staging,
    ...(env.migrations ? { migrations: env.migrations } : {}),
    ...(env.nativeBinding ? { nativeBinding: env.nativeBinding } : {}),
    signal: ctx.signal,
    onProgress: (done, total, file, files) => ctx.progress({ phase: say('job.phase.restoreCheck', { file, files }), done, total }),
  });
}

/** A bundle's progress: the bar moves by bytes, the text counts files. */
function bundleRun(ctx: JobContext, key: 'job.phase.bundleExport' | 'job.phase.bundleImport') {
  ctx.progress({ phase: say('job.phase.starting'), done: 0, total: null });
  return {
    signal: ctx.signal,
    onProgress: (done: number, total: number, file = 0, files = 0) => ctx.progress({ phase: say(key, { file, files }), done, total }),
  };
}

export const cancelledError = (): AppError => new AppError('cancelled', 'job.cancelled');
