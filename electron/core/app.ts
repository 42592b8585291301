// The core every door opens onto (Electron IPC, the browser host, the CLI): the database, the
// services, and one dispatcher that validates input against the contract and answers in an envelope.

import { dirname, join } from 'node:path';
import { contract, isMethod, type AppInfo, type CallContext, type Handlers, type Method } from '../../shared/contract.js';
import { AppError, type Reply } from '../../shared/errors.js';
import { openDatabase, type Db } from '../db/database.js';
import { demoCampaign } from '../demo/demo-campaign.js';
import { createRepositories, type Repositories } from '../repos/repositories.js';
import { CampaignService } from '../services/campaigns.js';
import { ScoringService } from '../services/scoring.js';
import { PreviousService } from '../services/previous.js';
import { EvidenceService } from '../services/evidence.js';
import type { EvidenceLimits } from '../evidence/limits.js';
import { WorkspaceService } from '../services/workspace.js';
import { ConsolidationService } from '../services/consolidation.js';
import { ExchangeService } from '../services/exchange.js';
import { SignatureService } from '../services/signatures.js';
import { DocumentService } from '../services/documents.js';
import { RoundService } from '../services/rounds.js';
import { CriteriaSetService } from '../services/criteria-sets.js';
import { SurveyService } from '../services/survey.js';
import { AuditService } from '../services/audit.js';
import { AnnexService } from '../services/annexes.js';
import { CalendarService } from '../services/calendar.js';
import { OpenRequests } from './open-requests.js';
import { FileTokens, type ChooseFiles } from './file-tokens.js';
import { DB_FILE, defaultDataDir } from './paths.js';
import { BackupController, type AutoBackupOptions } from '../backup/controller.js';
import type { BackupSummary, StagedRestore } from '../backup/archive.js';
import { EvidenceExchangeService } from '../services/evidence-exchange.js';
import { machineRole, roleRefusal } from '../services/roles.js';
import { UnitRoleService } from '../services/unit-role.js';
import { describeInputIssues } from './input-issues.js';
import { JobRunner, type JobRunnerOptions } from '../jobs/runner.js';
import { JobControls } from '../jobs/controls.js';
import { writeRefusal } from '../jobs/write-guard.js';
import { createHandlers, type FileDoors } from './handlers/index.js';

export { createHandlers, type FileDoors } from './handlers/index.js';
export { annexFileName } from '../services/annexes.js';
// What the other doors use beside `dispatch`. The CLI, the host and the shell import only this entry
// (eslint no-restricted-imports): the file tools that work without a database (signing a file the user
// names, verifying, listing tokens; backing up or restoring a database no app has open) and size formatting.
export { formatBytes } from '../evidence/limits.js';
export { SIGN_FLAGS, SIGN_USAGE, signCommand, signExportedFile, signIdentityRefusal, signOptionsProblem, tokensCommand, verifyCommand } from '../signing/cli.js';
export { BACKUP_FLAGS, BACKUP_USAGE, backupCommand, restoreCommand } from '../backup/cli.js';
// For the host and the shell: files served by streaming, outside the JSON contract (evidence previews,
// backup and bundle downloads), and package files the OS hands over on the command line.
export { evidenceResponse, serveEvidence } from '../evidence/http.js';
export { backupResponse, serveBackup } from '../backup/http.js';
export { bundleResponse, serveBundle } from '../exchange/bundle-http.js';
export { BUNDLES_FOLDER } from '../exchange/evidence-bundle.js';
export { exportResponse, exportsFolder, serveExport } from '../jobs/exports.js';
export { packagePathsFromArgv } from './open-requests.js';
export type { ChooseFiles } from './file-tokens.js';

export { defaultDataDir };

declare const __APP_VERSION__: string | undefined;
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

export interface OpenAppOptions {
  dataDir: string;
  host: AppInfo['host'];
  dbPath?: string;
  nativeBinding?: string;
  /** Seed the demo campaign into an empty database (default: true except for the CLI). */
  seedDemo?: boolean;
  /**
   * The daily automatic backup, checked a few seconds after opening and then hourly, never in the way
   * of startup. Off unless asked for: the Electron shell and the browser host turn it on; the CLI and
   * tests leave it off.
   */
  autoBackup?: boolean | AutoBackupOptions;
  /** The clock of the backup scheduler, of archive names and of the calendar's deadlines (tests move it). */
  clock?: () => Date;
  /** Where a failed automatic backup is logged (default: console.warn). */
  log?: (message: string) => void;
  /** The shell's open dialog (Electron); without it `file/choose` is refused and files arrive by upload. */
  chooseFiles?: ChooseFiles;
  /** Job worker settings (tests: a small heap, a short cancel grace). */
  jobs?: Pick<JobRunnerOptions, 'cancelGraceMs' | 'maxOldGenerationSizeMb'>;
  /**
   * WAL checkpoints in a worker thread, never inside a write (electron/db/checkpointer.ts). The Electron
   * shell and the browser host turn it on; the CLI (short runs) and tests leave it off.
   */
  backgroundCheckpoints?: boolean;
}

/** Heavy operations run in a worker thread (JobRunner); calls named by a job id can be cancelled (JobControls). */
export interface CoreJobs {
  runner: JobRunner;
  controls: JobControls;
}

export interface AppCore {
  readonly info: AppInfo;
  /** The open database and services: a restore replaces both, so read them at each use, never keep them. */
  readonly db: Db;
  readonly services: Services;
  /** Backups (list, create, restore, the daily automatic one). */
  readonly backup: BackupController;
  /** Long operations off this thread, and their cancel by job id. */
  readonly jobs: CoreJobs;
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>>;
  close(): void;
}

export interface Services {
  repos: Repositories;
  campaigns: CampaignService;
  scoring: ScoringService;
  previous: PreviousService;
  evidence: EvidenceService;
  workspace: WorkspaceService;
  consolidation: ConsolidationService;
  exchange: ExchangeService;
  /** Package files the OS asked the app to open; the only paths the renderer may import by name. */
  openRequests: OpenRequests;
  survey: SurveyService;
  audit: AuditService;
  signatures: SignatureService;
  /** The draft decision and the council's report (.docx). */
  documents: DocumentService;
  rounds: RoundService;
  criteriaSets: CriteriaSetService;
  evidenceBundle: EvidenceExchangeService;
  annexes: AnnexService;
  /** The council's calendar: phase deadlines and extensions; closes a phase's inputs after its deadline. */
  calendar: CalendarService;
  /** The unit's side: units' identities, unit packages, the unit's own sheet and its self-assessment package. */
  units: UnitRoleService;
}

export interface CreateServicesOptions {
  /** The data folder (AppCore.info.dataDir): evidence blobs go to <dataDir>/evidence. Default: the database's folder. */
  dataDir?: string;
  evidenceLimits?: Partial<EvidenceLimits>;
  /** The clock deadlines are judged by (tests move it). */
  clock?: () => Date;
}

export function createServices(db: Db, options: CreateServicesOptions = {}): Services {
  const repos = createRepositories(db);
  const campaigns = new CampaignService(repos);
  const scoring = new ScoringService(repos, campaigns);
  const consolidation = new ConsolidationService(repos, campaigns, scoring);
  const signatures = new SignatureService(repos.meta, options.dataDir ?? dirname(db.name));
  const calendar = new CalendarService(repos, campaigns, options.clock);
  const units = new UnitRoleService(repos, campaigns, scoring, calendar, options.dataDir ?? dirname(db.name));
  const exchange = new ExchangeService(repos, campaigns, scoring, consolidation, options.dataDir ?? dirname(db.name), signatures, calendar, units);
  const evidence = new EvidenceService(repos, campaigns, {
    dataDir: options.dataDir ?? dirname(db.name),
    ...(options.evidenceLimits ? { limits: options.evidenceLimits } : {}),
  });
  const previous = new PreviousService(repos, campaigns);
  const services: Services = {
    repos,
    campaigns,
    scoring,
    previous,
    documents: new DocumentService(campaigns, scoring, previous),
    workspace: new WorkspaceService(repos, campaigns, scoring, calendar),
    evidence,
    consolidation,
    exchange,
    openRequests: new OpenRequests(),
    survey: new SurveyService(repos, campaigns, scoring),
    audit: new AuditService(repos, campaigns),
    signatures,
    rounds: new RoundService(repos, campaigns, scoring, calendar),
    criteriaSets: new CriteriaSetService(repos, campaigns),
    evidenceBundle: new EvidenceExchangeService(repos, campaigns, evidence),
    annexes: new AnnexService(() => services),
    calendar,
    units,
  };
  return services;
}

export function toReplyError(error: unknown): Reply<never> {
  if (error instanceof AppError) return { ok: false, error: error.toShape() };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: new AppError('internal', 'app.unexpected', { detail: message }).toShape() };
}

/** Validates a call against the contract and runs it; never throws. */
export async function dispatchCall(handlers: Handlers, method: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> {
  if (!isMethod(method)) return { ok: false, error: new AppError('invalid_input', 'app.unknownMethod', { method }).toShape() };
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: new AppError('invalid_input', 'app.inputInvalid', { detail: describeInputIssues(parsed.error.issues) }).toShape() };
  }
  try {
    const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (error) {
    return toReplyError(error);
  }
}

export function openApp(options: OpenAppOptions): AppCore {
  const dataDir = options.dataDir || defaultDataDir();
  const dbPath = options.dbPath ?? join(dataDir, DB_FILE);
  const openDb = () => openDatabase(dbPath, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.backgroundCheckpoints ? { backgroundCheckpoints: true } : {}),
  });
  const info: AppInfo = { version: APP_VERSION, dataDir, dbPath, host: options.host };
  const doors: FileDoors = { fileTokens: new FileTokens(), ...(options.chooseFiles ? { chooseFiles: options.chooseFiles } : {}) };
  // The live parts: a restore closes them and opens new ones in their place (see BackupController.restore).
  let db = openDb();
  let services = createServices(db, { dataDir, ...(options.clock ? { clock: options.clock } : {}) });
  if (options.seedDemo ?? options.host !== 'cli') seedDemoOnce(services);
  const jobs: CoreJobs = {
    runner: new JobRunner({
      dbPath, dataDir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.backgroundCheckpoints ? { checkpointsElsewhere: true } : {}), onWritten: () => forgetCaches(services), ...options.jobs,
    }),
    controls: new JobControls(),
  };
  const backup = new BackupController(
    {
      dataDir,
      dbPath,
      appVersion: APP_VERSION,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      db: () => db,
      meta: () => services.repos.meta,
      takeUpload: (uploadId) => services.evidence.uploads.take(uploadId),
      archive: ({ out, appVersion, now }, call) =>
        jobs.runner.run<BackupSummary>({ kind: 'backup/create', dataDir, out, appVersion, createdAt: (now?.() ?? new Date()).toISOString() }, 'backup', call),
      stage: (what, call) => jobs.runner.run<StagedRestore>({ kind: 'backup/stage', ...what }, 'backup', call),
      close: () => {
        services.evidence.dispose();
        db.close();
      },
      reopen: () => {
        // All or nothing: a database that opens but cannot serve is closed again before the caller recovers.
        const next = openDb();
        try {
          services = createServices(next, { dataDir, ...(options.clock ? { clock: options.clock } : {}) });
        } catch (error) {
          next.close();
          throw error;
        }
        db = next;
        handlers = createHandlers(services, info, backup, doors, jobs);
      },
    },
    options.clock,
    options.log,
  );
  backup.rotateAll();
  if (options.autoBackup) backup.startAuto(options.autoBackup === true ? {} : options.autoBackup);
  let handlers = createHandlers(services, info, backup, doors, jobs);
  return {
    info,
    get db() {
      return db;
    },
    get services() {
      return services;
    },
    backup,
    jobs,
    // History names the member who works on this machine when there is one, else the OS user.
    dispatch: (method: Method | string, input, ctx) => {
      const self = services.repos.members.self();
      const unitName = services.repos.members.unitSelfName();
      // A member's machine does the member's work only, a unit's machine the unit's, whichever door asks.
      const refusal = roleRefusal(method, machineRole(self, unitName), unitName ?? self?.name ?? '');
      if (refusal) return Promise.resolve(toReplyError(refusal));
      // While a job writes, this thread refuses writes rather than wait in SQLite's busy loop.
      const busy = writeRefusal(method, jobs.runner.writingJob);
      if (busy) return Promise.resolve(toReplyError(busy));
      const actor = unitName ?? self?.name ?? ctx.actor;
      return jobs.controls.track(ctx.jobId, ctx.signal, (signal) =>
        dispatchCall(handlers, method, input, { actor, ...(ctx.progress ? { progress: ctx.progress } : {}), ...(signal ? { signal } : {}) }),
      );
    },
    close: () => {
      jobs.controls.cancelAll();
      backup.dispose();
      services.evidence.dispose();
      if (db.open) db.close();
    },
  };
}

/** After a writing job, this thread's caches may describe rows the worker changed. */
function forgetCaches(s: Services): void {
  s.scoring.forgetAll();
  s.workspace.forgetAll();
}

/** On first start the demo campaign is created, once: deleting it later is respected. */
export function seedDemoOnce(s: Services): void {
  if (s.repos.meta.get('demo_seeded')) return;
  s.repos.db.transaction(() => {
    if (s.repos.campaigns.list().length === 0) s.campaigns.insertContent(demoCampaign(), 'Hệ thống', 'demo');
    s.repos.meta.set('demo_seeded', new Date().toISOString());
  })();
}
