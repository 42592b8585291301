// The core every door opens onto (Electron IPC, the browser host, the CLI): the database, the
// services, and one dispatcher that validates input against the contract and answers in an envelope.

import { dirname, join } from 'node:path';
import { contract, isMethod, type AppInfo, type CallContext, type DriverRef, type Handlers, type FilePayload, type Method, type Output, type ParsedInput } from '../../shared/contract.js';
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
// ——— Rounds ———
import { RoundService } from '../services/rounds.js';
// ——— end of rounds ———
import { writeCampaignWorkbook } from '../workbook/write-campaign.js';
import { buildAnnexes } from '../annex/build.js';
// ——— Survey, bonus and penalty; audit log ———
import { SurveyService } from '../services/survey.js';
import { AuditService } from '../services/audit.js';
// ——— end of survey and audit imports ———
import { writeAnnexPdf } from '../annex/pdf.js';
import { writeAnnexXlsx } from '../annex/xlsx.js';
import { OpenRequests } from './open-requests.js';
import { FileTokens, type ChooseFiles } from './file-tokens.js';
import { DB_FILE, defaultDataDir } from './paths.js';
// ——— Backup ———
import { BackupController, type AutoBackupOptions } from '../backup/controller.js';
import { BACKUP_EXTENSION } from '../backup/archive.js';
// ——— end of backup imports ———
// ——— Evidence bundle ———
import { mkdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { BUNDLES_FOLDER, EVIDENCE_BUNDLE_EXTENSION } from '../exchange/evidence-bundle.js';
import { EvidenceExchangeService } from '../services/evidence-exchange.js';
// ——— end of evidence bundle imports ———
import { identityFileName, roleRefusal } from '../services/roles.js';
import { describeInputIssues } from './input-issues.js';
import { JobRunner, type JobRunnerOptions } from '../jobs/runner.js';
import { JobControls } from '../jobs/controls.js';
import { writeRefusal } from '../jobs/write-guard.js';
import { newExportPath } from '../jobs/exports.js';
import type { JobSpec } from '../jobs/protocol.js';

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
  // ——— Backup ———
  /**
   * The daily automatic backup, checked a few seconds after opening and then hourly, never in the way
   * of startup. Off unless asked for: the Electron shell and the browser host turn it on; the CLI and
   * tests leave it off.
   */
  autoBackup?: boolean | AutoBackupOptions;
  /** The clock of the backup scheduler and of archive names (tests move it). */
  clock?: () => Date;
  /** Where a failed automatic backup is logged (default: console.warn). */
  log?: (message: string) => void;
  // ——— end of backup options ———
  /** The shell's open dialog (Electron); without it `file/choose` is refused and files arrive by upload. */
  chooseFiles?: ChooseFiles;
  /** Job worker settings (tests: a small heap, a short cancel grace). */
  jobs?: Pick<JobRunnerOptions, 'cancelGraceMs' | 'maxOldGenerationSizeMb'>;
}

/** Heavy operations run in a worker thread (JobRunner); calls named by a job id can be cancelled (JobControls). */
export interface CoreJobs {
  runner: JobRunner;
  controls: JobControls;
}

/** How local files reach the core: only through the shell's own dialog, as tokens. */
export interface FileDoors {
  chooseFiles?: ChooseFiles;
  fileTokens: FileTokens;
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
  // ——— Survey, bonus and penalty; audit log ———
  survey: SurveyService;
  audit: AuditService;
  // ——— end of survey and audit services ———
  signatures: SignatureService;
  // ——— Rounds ———
  rounds: RoundService;
  // ——— end of rounds ———
  // ——— Evidence bundle ———
  evidenceBundle: EvidenceExchangeService;
  // ——— end of evidence bundle ———
}

// ——— Evidence: where the store lives and its limits ———
export interface CreateServicesOptions {
  /** The data folder (AppCore.info.dataDir): evidence blobs go to <dataDir>/evidence. Default: the database's folder. */
  dataDir?: string;
  evidenceLimits?: Partial<EvidenceLimits>;
}
// ——— end of evidence options ———

export function createServices(db: Db, options: CreateServicesOptions = {}): Services {
  const repos = createRepositories(db);
  const campaigns = new CampaignService(repos);
  const scoring = new ScoringService(repos, campaigns);
  const consolidation = new ConsolidationService(repos, campaigns, scoring);
  const signatures = new SignatureService(repos.meta, options.dataDir ?? dirname(db.name));
  const exchange = new ExchangeService(repos, campaigns, scoring, consolidation, options.dataDir ?? dirname(db.name), signatures);
  const evidence = new EvidenceService(repos, campaigns, {
    dataDir: options.dataDir ?? dirname(db.name),
    ...(options.evidenceLimits ? { limits: options.evidenceLimits } : {}),
  });
  return {
    repos,
    campaigns,
    scoring,
    previous: new PreviousService(repos, campaigns),
    workspace: new WorkspaceService(repos, campaigns, scoring, (c, u) => evidence.countsByCriterion(c, u)),
    evidence,
    consolidation,
    exchange,
    openRequests: new OpenRequests(),
    // ——— Survey, bonus and penalty; audit log ———
    survey: new SurveyService(repos, campaigns, scoring),
    audit: new AuditService(repos, campaigns),
    // ——— end of survey and audit services ———
    signatures,
    // ——— Rounds ———
    rounds: new RoundService(repos, campaigns, scoring),
    // ——— end of rounds ———
    // ——— Evidence bundle ———
    evidenceBundle: new EvidenceExchangeService(repos, campaigns, evidence),
    // ——— end of evidence bundle ———
  };
}

const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');
const safeFileName = (text: string): string =>
  [...text.normalize('NFC')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);

/** "Phu-luc-I-xep-hang-CCHC-2025.xlsx": ASCII names survive e-mail and USB sticks. */
export function annexFileName(annex: 'I' | 'II' | 'III' | 'all', year: number, format: 'xlsx' | 'pdf'): string {
  const part = { I: 'Phu-luc-I-xep-hang', II: 'Phu-luc-II-chi-so-thanh-phan', III: 'Phu-luc-III-diem-tung-don-vi', all: 'Phu-luc-I-II-III' }[annex];
  return `${part}-CCHC-${year}.${format}`;
}

export function createHandlers(
  s: Services,
  info: AppInfo,
  backup?: BackupController,
  doors: FileDoors = { fileTokens: new FileTokens() },
  jobs: CoreJobs = { runner: new JobRunner({ dbPath: info.dbPath, dataDir: info.dataDir }), controls: new JobControls() },
): Handlers {
  const { campaigns, scoring, previous, workspace } = s;
  /** Runs a heavy operation in the job worker, with the caller's progress and cancel. */
  const job = <M extends Method>(spec: JobSpec & { kind: M }, ctx: CallContext) => jobs.runner.run<Output<M>>(spec, ctx.actor, ctx);
  const tokens = doors.fileTokens;
  /** A known driver is named by its path (the service decides which it loads); a chosen one by its token. */
  const driverPath = (module: DriverRef): string => (typeof module === 'string' ? module : tokens.take(module.fileToken, ['pkcs11Driver']));
  return {
    'file/choose': async ({ purpose, multiple }) => {
      if (!doors.chooseFiles) {
        throw new AppError('forbidden', 'Trong trình duyệt, hãy kéo thả hoặc chọn tệp để tải lên; hộp thoại chọn tệp trên máy chỉ có trong ứng dụng.');
      }
      const paths = await doors.chooseFiles({ purpose, multiple });
      return paths.map((path) => tokens.issue(path, purpose));
    },
    // ——— Backup and restore ———
    'backup/list': () => requireBackup(backup).overview(),
    'backup/create': () => requireBackup(backup).create('manual'),
    'backup/uploadBegin': ({ fileName, size }) => {
      requireBackup(backup);
      if (!fileName.toLowerCase().endsWith(BACKUP_EXTENSION)) {
        throw new AppError('invalid_input', `Tệp "${fileName}" không phải bản sao lưu của ứng dụng (cần tệp ${BACKUP_EXTENSION}).`);
      }
      return s.evidence.uploads.begin(fileName, size, Number.MAX_SAFE_INTEGER);
    },
    'backup/restore': ({ source }) => {
      const controller = requireBackup(backup);
      return controller.restore(source.kind === 'file' ? { kind: 'path', path: tokens.take(source.fileToken, ['backup']) } : source);
    },
    'backup/settings': ({ keep }) => requireBackup(backup).setKeep(keep),
    // ——— end of backup ———
    // ——— Evidence bundle (.parevd) ———
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
        throw new AppError('invalid_input', `Tệp "${fileName}" không phải gói tài liệu kiểm chứng (cần tệp ${EVIDENCE_BUNDLE_EXTENSION}).`);
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
    // ——— end of evidence bundle ———
    'app/info': () => info,
    'job/cancel': ({ jobId }) => ({ cancelled: jobs.controls.cancel(jobId) }),
    'campaign/list': () => campaigns.list(),
    'campaign/get': ({ campaignId }) => campaigns.detail(campaignId),
    'campaign/create': (input, ctx) => campaigns.create(input, ctx.actor),
    'campaign/update': (input, ctx) => campaigns.update(input, ctx.actor),
    'campaign/delete': ({ campaignId }) => {
      campaigns.delete(campaignId);
      scoring.forget(campaignId);
      workspace.forget(campaignId);
      return { deleted: true };
    },
    'campaign/setGroups': (input, ctx) => campaigns.setGroups(input, ctx.actor),
    'unit/list': ({ campaignId }) => campaigns.unitList(campaignId),
    'unit/save': (input, ctx) => {
      campaigns.saveUnit(input, ctx.actor);
      return campaigns.unitList(input.campaignId);
    },
    'unit/delete': ({ campaignId, code }, ctx) => {
      campaigns.deleteUnit(campaignId, code, ctx.actor);
      return campaigns.unitList(campaignId);
    },
    'sheet/get': ({ campaignId, unitCode }) => scoring.sheet(campaignId, unitCode),
    'score/set': ({ campaignId, unitCode, criterionCode, pointsMilli, reason }, ctx) => {
      scoring.setPoints(campaignId, unitCode, criterionCode, pointsMilli, ctx.actor, reason);
      return scoring.sheet(campaignId, unitCode);
    },
    'score/setNotApplicable': ({ campaignId, unitCode, criterionCode, notApplicable }, ctx) => {
      scoring.setNotApplicable(campaignId, unitCode, criterionCode, notApplicable, ctx.actor);
      return scoring.sheet(campaignId, unitCode);
    },
    'ranking/get': ({ campaignId }) => previous.attach(campaignId, scoring.ranking(campaignId)),
    'workbook/import': ({ fileName, contentBase64, asCopy }, ctx) => job({ kind: 'workbook/import', fileName, bytes: fromBase64(contentBase64), asCopy: asCopy ?? false }, ctx),
    'workbook/export': ({ campaignId }) => {
      const content = campaigns.content(campaignId);
      return {
        fileName: `${safeFileName(content.name)}.xlsx`,
        contentBase64: writeCampaignWorkbook(content).toString('base64'),
      };
    },
    'annex/export': (input, ctx) => job(annexJob(s, info.dataDir, input), ctx),
    'previous/import': ({ campaignId, fileName, contentBase64, year }, ctx) => job({ kind: 'previous/import', campaignId, fileName, bytes: fromBase64(contentBase64), year: year ?? null }, ctx),
    'previous/get': ({ campaignId }) => previous.summary(campaignId),
    'previous/map': (input, ctx) => previous.map(input, ctx.actor),
    'previous/clear': ({ campaignId }) => previous.clear(campaignId),
    // ——— Digital signatures (chữ ký số) ———
    'signature/identities': () => s.signatures.identities(),
    'signature/addPkcs12': ({ fileName, contentBase64, password }) => s.signatures.addPkcs12(fileName, fromBase64(contentBase64), password),
    'signature/modules': () => s.signatures.modules(),
    'signature/tokens': ({ module }) => s.signatures.tokens(driverPath(module)),
    'signature/tokenCertificates': ({ module, slot }) => s.signatures.tokenCertificates(driverPath(module), slot),
    'signature/addPkcs11': ({ module, slot, keyId }) => s.signatures.addPkcs11(driverPath(module), slot, keyId),
    'signature/removeIdentity': ({ identityId }) => s.signatures.removeIdentity(identityId),
    'signature/roots': () => s.signatures.roots(),
    'signature/importRoots': ({ fileName, contentBase64 }) => s.signatures.importRoots(fileName, fromBase64(contentBase64)),
    'signature/removeRoot': ({ sha256 }) => s.signatures.removeRoot(sha256),
    'signature/signAnnex': async ({ identityId, secret, p7s, ...annexInput }) => {
      const file = await annexPayload(s, annexInput);
      return s.signatures.sign({ identityId, secret, p7s, fileName: file.fileName, bytes: fromBase64(file.contentBase64) });
    },
    'signature/packageIdentity': () => ({ identityId: s.signatures.packageIdentity() }),
    'signature/setPackageIdentity': ({ identityId }) => ({ identityId: s.signatures.setPackageIdentity(identityId) }),
    'signature/verify': ({ fileName, contentBase64, sigFileName, sigBase64 }) =>
      s.signatures.verify(fileName, fromBase64(contentBase64), sigBase64 ? { fileName: sigFileName ?? `${fileName}.p7s`, bytes: fromBase64(sigBase64) } : null),
    // ——— end of digital signatures ———
    // ——— Rounds (vòng thẩm định) and explanation lists for units ———
    'round/open': ({ campaignId, reason }, ctx) => s.rounds.open(campaignId, reason, ctx.actor),
    'round/summary': ({ campaignId }) => s.rounds.summary(campaignId),
    'explanation/exportForUnits': ({ campaignId, unitCode }) => {
      const out = s.rounds.exportForUnits(campaignId, unitCode);
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64'), units: out.units, requests: out.requests };
    },
    'explanation/importAnswers': ({ campaignId, fileName, contentBase64 }, ctx) => job({ kind: 'explanation/importAnswers', campaignId, fileName, bytes: fromBase64(contentBase64) }, ctx),
    // ——— end of rounds ———
    // ——— Evidence (tài liệu kiểm chứng) ———
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
    'evidence/verify': ({ campaignId }, ctx) => job({ kind: 'evidence/verify', campaignId }, ctx),
    // ——— end of evidence ———
    'member/self': () => workspace.self(),
    'member/saveSelf': (input) => workspace.saveSelf(input),
    'member/list': ({ campaignId }) => workspace.members(campaignId),
    'member/assign': (input, ctx) => workspace.assign(input, ctx.actor),
    'member/recuse': (input, ctx) => workspace.recuse(input, ctx.actor),
    'workspace/get': ({ campaignId }) => workspace.workspace(campaignId),
    'proposal/sheet': ({ campaignId, unitCode }) => workspace.sheet(campaignId, unitCode),
    'proposal/set': (input) => {
      workspace.setProposal(input);
      return workspace.sheet(input.campaignId, input.unitCode);
    },
    'proposal/setReason': (input) => {
      workspace.setReason(input);
      return workspace.sheet(input.campaignId, input.unitCode);
    },
    'proposal/setNotApplicable': (input) => {
      workspace.setNotApplicable(input);
      return workspace.sheet(input.campaignId, input.unitCode);
    },
    'explanation/request': (input) => {
      workspace.requestExplanation(input);
      return workspace.sheet(input.campaignId, input.unitCode);
    },
    'explanation/setStatus': (input, ctx) => workspace.sheet(input.campaignId, workspace.setExplanationStatus(input, ctx.actor)),
    'history/cell': ({ campaignId, unitCode, criterionCode }) => workspace.cellHistory(campaignId, unitCode, criterionCode),
    'consolidation/report': ({ campaignId }) => s.consolidation.report(campaignId),
    'consolidation/setPolicy': ({ campaignId, policy, divergenceMilli, selfGapMilli }, ctx) => {
      s.consolidation.setPolicy(campaignId, policy, divergenceMilli, selfGapMilli, ctx.actor);
      return s.consolidation.report(campaignId);
    },
    'consolidation/decide': ({ campaignId, unitCode, criterionCode, pointsMilli, notApplicable, reason }, ctx) => {
      s.consolidation.decide(campaignId, unitCode, criterionCode, { pointsMilli, notApplicable }, reason, ctx.actor);
      return s.consolidation.report(campaignId);
    },
    'campaign/finalize': ({ campaignId }, ctx) => {
      s.consolidation.finalize(campaignId, ctx.actor);
      return campaigns.require(campaignId);
    },
    'campaign/unlock': ({ campaignId, reason }, ctx) => {
      s.consolidation.unlock(campaignId, reason, ctx.actor);
      return campaigns.require(campaignId);
    },
    'package/export': (input, ctx) => (s.repos.members.self()?.kind === 'member' ? memberPackage(s, input.campaignId, input.secret) : job({ kind: 'package/export', campaignId: input.campaignId, forMember: input.forMember ?? null }, ctx)),
    'package/pending': () => s.openRequests.list(),
    'package/importPending': async ({ path, confirmFingerprint }, ctx) => {
      const answer = await s.exchange.importPackageChecked(s.openRequests.take(path), ctx.actor, confirmFingerprint ?? null);
      // Asked to confirm the secretariat's fingerprint: the file stays offered until the member answers.
      if (answer.kind === 'confirm') s.openRequests.add([path]);
      return answer;
    },
    'package/dismissPending': ({ path }) => {
      s.openRequests.dismiss(path);
      return s.openRequests.list();
    },
    'package/import': ({ contentBase64, confirmFingerprint }, ctx) => job({ kind: 'package/import', bytes: fromBase64(contentBase64), confirmFingerprint: confirmFingerprint ?? null }, ctx),
    'identity/export': () => {
      const self = s.repos.members.self();
      if (!self) throw new AppError('forbidden', 'Chưa có hồ sơ trên máy này: hãy khai báo hồ sơ trước.');
      const id = s.exchange.selfIdentity() ?? s.exchange.initSelf({ name: self.name, agency: self.agency, role: self.role, kind: self.kind });
      return { fileName: identityFileName(id.name), contentBase64: Buffer.from(JSON.stringify(id, null, 2)).toString('base64'), fingerprint: id.fingerprint };
    },
    'identity/register': ({ campaignId, contentBase64, replaceKeyFingerprint }, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fromBase64(contentBase64).toString('utf8'));
      } catch {
        throw new AppError('invalid_input', 'Tệp danh tính không đọc được (cần tệp .pub do ứng dụng tạo).');
      }
      const id = s.exchange.registerMember(raw, campaignId, ctx.actor, replaceKeyFingerprint ? { newFingerprint: replaceKeyFingerprint } : null);
      return { uid: id.uid, name: id.name, agency: id.agency, fingerprint: id.fingerprint };
    },
    'identity/unregister': ({ campaignId, uid }, ctx) => s.exchange.unregisterMember(uid, campaignId, ctx.actor),
    // ——— Survey, bonus and penalty; audit log ———
    'survey/get': ({ campaignId }) => s.survey.table(campaignId),
    'survey/template': ({ campaignId }) => {
      const file = s.survey.template(campaignId);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
    'survey/import': ({ campaignId, fileName, contentBase64 }, ctx) => job({ kind: 'survey/import', campaignId, fileName, bytes: fromBase64(contentBase64) }, ctx),
    'audit/list': ({ campaignId, offset, limit, ...filter }) => s.audit.list(campaignId, filter, offset, limit),
    'audit/export': ({ campaignId, format, ...filter }) => {
      const file = s.audit.exportFile(campaignId, filter, format);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
    // ——— end of survey and audit ———
  };
}

// ——— Digital signatures ———
/** The annex as 'annex/export' writes it, for signing before it leaves the app. */
async function annexPayload(s: Services, input: Omit<ParsedInput<'signature/signAnnex'>, 'identityId' | 'secret' | 'p7s'>): Promise<{ fileName: string; contentBase64: string }> {
  const { campaignId, annex, format, decisionNo, decisionDate, issuer } = input;
  const set = buildAnnexes(s, campaignId, annex === 'all' ? ['I', 'II', 'III'] : [annex], {
    ...(decisionNo !== undefined ? { decisionNo } : {}),
    ...(decisionDate !== undefined ? { decisionDate } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
  });
  const buffer = format === 'pdf' ? await writeAnnexPdf(set) : writeAnnexXlsx(set);
  return { fileName: annexFileName(annex, set.year, format), contentBase64: buffer.toString('base64') };
}
// ——— end of digital signatures ———

/** Annex export as a job: the worker writes the file into the exports folder under a new name. */
function annexJob(s: Services, dataDir: string, input: ParsedInput<'annex/export'>): JobSpec & { kind: 'annex/export' } {
  const downloadName = annexFileName(input.annex, s.campaigns.require(input.campaignId).year, input.format);
  return { kind: 'annex/export', input, outPath: newExportPath(dataDir, downloadName), downloadName };
}

/**
 * A member's package stays on this thread: it is one member's cells (small), and its certificate signature
 * may use a PKCS#11 driver this thread's SignatureService was granted (allowModule), which a worker's would lack.
 */
async function memberPackage(s: Services, campaignId: number, secret: string | undefined): Promise<FilePayload> {
  const out = await s.exchange.exportMemberPackageSigned(campaignId, secret ?? '');
  return { fileName: out.fileName, contentBase64: out.bytes.toString('base64') };
}

/** After a writing job, this thread's caches may describe rows the worker changed. */
function forgetCaches(s: Services): void {
  for (const c of s.campaigns.list()) {
    s.scoring.forget(c.id);
    s.workspace.forget(c.id);
  }
}

// ——— Backup ———
function requireBackup(backup: BackupController | undefined): BackupController {
  if (!backup) throw new AppError('forbidden', 'Sao lưu và khôi phục chỉ có trong ứng dụng (hoặc lệnh par backup / par restore).');
  return backup;
}
// ——— end of backup ———

export function toReplyError(error: unknown): Reply<never> {
  if (error instanceof AppError) return { ok: false, error: error.toShape() };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: `Lỗi không mong đợi: ${message}. Dữ liệu của bạn không bị thay đổi.` } };
}

/** Validates a call against the contract and runs it; never throws. */
export async function dispatchCall(handlers: Handlers, method: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'invalid_input', message: `Không có chức năng "${method}".` } };
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: describeInputIssues(parsed.error.issues) } };
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
  const openDb = () => openDatabase(dbPath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const info: AppInfo = { version: APP_VERSION, dataDir, dbPath, host: options.host };
  const doors: FileDoors = { fileTokens: new FileTokens(), ...(options.chooseFiles ? { chooseFiles: options.chooseFiles } : {}) };
  // The live parts: a restore closes them and opens new ones in their place (see BackupController.restore).
  let db = openDb();
  let services = createServices(db, { dataDir });
  const jobs: CoreJobs = {
    runner: new JobRunner({ dbPath, dataDir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), onWritten: () => forgetCaches(services), ...options.jobs }),
    controls: new JobControls(),
  };
  if (options.seedDemo ?? options.host !== 'cli') seedDemoOnce(services);
  // ——— Backup ———
  const backup = new BackupController(
    {
      dataDir,
      dbPath,
      appVersion: APP_VERSION,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      db: () => db,
      meta: () => services.repos.meta,
      takeUpload: (uploadId) => services.evidence.uploads.take(uploadId),
      close: () => {
        services.evidence.dispose();
        db.close();
      },
      reopen: () => {
        // All or nothing: a database that opens but cannot serve is closed again before the caller recovers.
        const next = openDb();
        try {
          services = createServices(next, { dataDir });
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
  // ——— end of backup ———
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
      // A member's machine does the member's work only, whichever door asks.
      const refusal = roleRefusal(method, self);
      if (refusal) return Promise.resolve(toReplyError(refusal));
      const busy = writeRefusal(method, jobs.runner.writingJob);
      if (busy) return Promise.resolve(toReplyError(busy));
      const actor = self?.name ?? ctx.actor;
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

/** On first start the demo campaign is created, once: deleting it later is respected. */
export function seedDemoOnce(s: Services): void {
  if (s.repos.meta.get('demo_seeded')) return;
  s.repos.db.transaction(() => {
    if (s.repos.campaigns.list().length === 0) s.campaigns.insertContent(demoCampaign(), 'Hệ thống', 'demo');
    s.repos.meta.set('demo_seeded', new Date().toISOString());
  })();
}
