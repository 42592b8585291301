// The core every door opens onto (Electron IPC, the browser host, the CLI): the database, the
// services, and one dispatcher that validates input against the contract and answers in an envelope.

import { join } from 'node:path';
import { contract, isMethod, type AppInfo, type CallContext, type Handlers, type Method } from '../../shared/contract.js';
import { AppError, type Reply } from '../../shared/errors.js';
import { openDatabase, type Db } from '../db/database.js';
import { demoCampaign } from '../demo/demo-campaign.js';
import { createRepositories, type Repositories } from '../repos/repositories.js';
import { CampaignService } from '../services/campaigns.js';
import { ScoringService } from '../services/scoring.js';
import { PreviousService } from '../services/previous.js';
import { parsePreviousResults } from '../workbook/read-previous.js';
import { parseCampaignWorkbook } from '../workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../workbook/write-campaign.js';
import { writeRankingAnnex } from '../workbook/ranking-annex.js';
import { DB_FILE, defaultDataDir } from './paths.js';

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
}

export interface AppCore {
  readonly info: AppInfo;
  readonly db: Db;
  readonly services: Services;
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>>;
  close(): void;
}

export interface Services {
  repos: Repositories;
  campaigns: CampaignService;
  scoring: ScoringService;
  previous: PreviousService;
}

export function createServices(db: Db): Services {
  const repos = createRepositories(db);
  const campaigns = new CampaignService(repos);
  return { repos, campaigns, scoring: new ScoringService(repos, campaigns), previous: new PreviousService(repos, campaigns) };
}

const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');
const safeFileName = (text: string): string =>
  [...text.normalize('NFC')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);

export function createHandlers(s: Services, info: AppInfo): Handlers {
  const { campaigns, scoring, previous } = s;
  return {
    'app/info': () => info,
    'campaign/list': () => campaigns.list(),
    'campaign/get': ({ campaignId }) => campaigns.detail(campaignId),
    'campaign/create': (input, ctx) => campaigns.create(input, ctx.actor),
    'campaign/update': (input, ctx) => campaigns.update(input, ctx.actor),
    'campaign/delete': ({ campaignId }) => {
      campaigns.delete(campaignId);
      scoring.forget(campaignId);
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
    'score/set': ({ campaignId, unitCode, criterionCode, pointsMilli }, ctx) => {
      scoring.setPoints(campaignId, unitCode, criterionCode, pointsMilli, ctx.actor);
      return scoring.sheet(campaignId, unitCode);
    },
    'score/setNotApplicable': ({ campaignId, unitCode, criterionCode, notApplicable }, ctx) => {
      scoring.setNotApplicable(campaignId, unitCode, criterionCode, notApplicable, ctx.actor);
      return scoring.sheet(campaignId, unitCode);
    },
    'ranking/get': ({ campaignId }) => previous.attach(campaignId, scoring.ranking(campaignId)),
    'workbook/import': ({ fileName, contentBase64 }, ctx) => {
      const content = parseCampaignWorkbook(fromBase64(contentBase64));
      const campaignId = campaigns.insertContent(content, ctx.actor, `workbook:${fileName}`);
      return { campaignId, criteria: content.criteria.length, units: content.units.length, scores: content.scores.length };
    },
    'workbook/export': ({ campaignId }) => {
      const content = campaigns.content(campaignId);
      return {
        fileName: `${safeFileName(content.name)}.xlsx`,
        contentBase64: writeCampaignWorkbook(content).toString('base64'),
      };
    },
    'annex/export': ({ campaignId, decisionNo, decisionDate, issuer }) => {
      const c = campaigns.require(campaignId);
      const buffer = writeRankingAnnex(scoring.ranking(campaignId), {
        year: c.year,
        decisionNo: decisionNo ?? c.decisionNo,
        decisionDate: decisionDate ?? c.decisionDate,
        issuer: issuer ?? c.issuer,
      });
      return { fileName: `Phu-luc-I-xep-hang-CCHC-${c.year}.xlsx`, contentBase64: buffer.toString('base64') };
    },
    'previous/import': ({ campaignId, fileName, contentBase64, year }, ctx) => {
      const parsed = parsePreviousResults(fromBase64(contentBase64));
      return previous.replace(campaignId, parsed.rows, year ?? parsed.year, fileName, ctx.actor);
    },
    'previous/get': ({ campaignId }) => previous.summary(campaignId),
    'previous/map': (input, ctx) => previous.map(input, ctx.actor),
    'previous/clear': ({ campaignId }) => previous.clear(campaignId),
  };
}

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
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'dữ liệu'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid_input', message: `Dữ liệu gửi lên không hợp lệ (${detail}).` } };
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
  const db = openDatabase(dbPath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const services = createServices(db);
  const info: AppInfo = { version: APP_VERSION, dataDir, dbPath, host: options.host };
  if (options.seedDemo ?? options.host !== 'cli') seedDemoOnce(services);
  const handlers = createHandlers(services, info);
  return {
    info,
    db,
    services,
    dispatch: (method: Method | string, input, ctx) => dispatchCall(handlers, method, input, ctx),
    close: () => db.close(),
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
