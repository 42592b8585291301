// Small pieces several domains' handlers share.

import { readFileSync, rmSync } from 'node:fs';
import type { CallContext, DriverRef, Method, Output, ParsedInput } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import type { BackupController } from '../../backup/controller.js';
import type { FileDoors, HandlerDeps } from './deps.js';
import type { JobSpec } from '../../jobs/protocol.js';
import { newExportPath } from '../../jobs/exports.js';
import { annexFileName } from '../../services/annexes.js';
import { selfReportFileName } from '../../documents/self-report.js';

export const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');

/** A known driver is named by its path (the service decides which it loads); a chosen one by its token. */
export function driverPath(doors: FileDoors, module: DriverRef): string {
  return typeof module === 'string' ? module : doors.fileTokens.take(module.fileToken, ['pkcs11Driver']);
}

export function requireBackup(backup: BackupController | undefined): BackupController {
  if (!backup) throw new AppError('forbidden', 'app.backupDesktopOnly');
  return backup;
}

/** Runs a heavy operation in the job worker, with the caller's progress and cancel (electron/jobs). */
export function job<M extends Method>(deps: HandlerDeps, spec: JobSpec & { kind: M }, ctx: CallContext): Promise<Output<M>> {
  return deps.jobs.runner.run<Output<M>>(spec, ctx.actor, ctx);
}

/** The unit's báo cáo tự đánh giá as a job: written into the exports folder under a new name. */
export function selfReportJob(deps: HandlerDeps, input: ParsedInput<'self/report'>): JobSpec & { kind: 'self/report' } {
  const card = deps.s.units.selfCard();
  if (!card) throw new AppError('forbidden', 'unitRole.notUnitMachine');
  const downloadName = selfReportFileName({ unitCode: card.unitCode, year: deps.s.campaigns.require(input.campaignId).year }, input.format);
  return { kind: 'self/report', ...input, outPath: newExportPath(deps.info.dataDir, downloadName), downloadName };
}

/** Annex export as a job: the worker writes the file into the exports folder under a new name. */
export function annexJob(deps: HandlerDeps, input: ParsedInput<'annex/export'>): JobSpec & { kind: 'annex/export' } {
  const downloadName = annexFileName(input.annex, deps.s.campaigns.require(input.campaignId).year, input.format);
  return { kind: 'annex/export', input, outPath: newExportPath(deps.info.dataDir, downloadName), downloadName };
}

/** An annex written by the job worker, read back and its file removed: for callers that need its bytes (signing). */
export async function annexBytes(deps: HandlerDeps, input: ParsedInput<'annex/export'>, ctx: CallContext): Promise<{ fileName: string; bytes: Buffer }> {
  const spec = annexJob(deps, input);
  try {
    await job(deps, spec, ctx);
    return { fileName: spec.downloadName, bytes: readFileSync(spec.outPath) };
  } finally {
    rmSync(spec.outPath, { force: true });
  }
}
