// The one typed API contract: method name → zod input schema → output type.
// Electron IPC, the browser host and the CLI all dispatch through it.

import { z } from 'zod';
import type { Band, Campaign, CriterionKind, Unit } from './domain.js';
import type { Ranking } from './calc.js';

const campaignId = z.number().int().positive();
const code = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);
const pointsMilli = z.number().int().min(0).max(10_000_000);
const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

export const bandSchema = z.object({
  label: text(80).min(1),
  fromHundredths: z.number().int().min(0).max(10000),
});

export const groupSchema = z.object({
  code,
  name: text(200).min(1),
  ranked: z.boolean(),
  bands: z.array(bandSchema).max(20),
});

export const contract = {
  'app/info': { input: z.object({}) },
  'campaign/list': { input: z.object({}) },
  'campaign/get': { input: z.object({ campaignId }) },
  'campaign/create': {
    input: z.object({
      name: text(300).min(1),
      year: z.number().int().min(2000).max(2100),
      issuer: text(300),
      /** Copy criteria, groups, bands (and optionally units) from an existing campaign, or from the bundled set. */
      template: z.union([
        z.object({ kind: z.literal('bundled') }),
        z.object({ kind: z.literal('campaign'), campaignId, copyUnits: z.boolean() }),
      ]),
    }),
  },
  'campaign/update': {
    input: z.object({
      campaignId,
      name: text(300).min(1).optional(),
      year: z.number().int().min(2000).max(2100).optional(),
      issuer: text(300).optional(),
      decisionNo: text(100).optional(),
      decisionDate: isoDate.optional(),
    }),
  },
  'campaign/delete': { input: z.object({ campaignId }) },
  'campaign/setGroups': { input: z.object({ campaignId, groups: z.array(groupSchema).min(1).max(50) }) },
  'unit/list': { input: z.object({ campaignId }) },
  'unit/save': {
    input: z.object({ campaignId, originalCode: code.nullable(), code, name: text(300).min(1), groupCode: code }),
  },
  'unit/delete': { input: z.object({ campaignId, code }) },
  'sheet/get': { input: z.object({ campaignId, unitCode: code }) },
  'score/set': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, pointsMilli: pointsMilli.nullable() }),
  },
  'score/setNotApplicable': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, notApplicable: z.boolean() }),
  },
  'ranking/get': { input: z.object({ campaignId }) },
  'workbook/import': {
    input: z.object({ fileName: text(500), contentBase64: z.string().max(200_000_000) }),
  },
  'workbook/export': { input: z.object({ campaignId }) },
  'annex/export': {
    input: z.object({
      campaignId,
      /** Phụ lục I (ranking), II (component indices), III (per-unit sheets) or all three in one file. */
      annex: z.enum(['I', 'II', 'III', 'all']).default('I'),
      format: z.enum(['xlsx', 'pdf']).default('xlsx'),
      decisionNo: text(100).optional(),
      decisionDate: isoDate.optional(),
      issuer: text(300).optional(),
    }),
  },
  'previous/import': {
    input: z.object({
      campaignId,
      fileName: text(500),
      contentBase64: z.string().max(200_000_000),
      /** The year of those results; default: the file's own year, else the campaign's year − 1. */
      year: z.number().int().min(2000).max(2100).optional(),
    }),
  },
  'previous/get': { input: z.object({ campaignId }) },
  'previous/map': {
    input: z.object({
      campaignId,
      unitCode: code,
      choice: z.union([
        z.object({ kind: z.literal('auto') }),
        z.object({ kind: z.literal('none') }),
        z.object({ kind: z.literal('unit'), prevCode: code }),
      ]),
    }),
  },
  'previous/clear': { input: z.object({ campaignId }) },
} as const satisfies Record<string, { input: z.ZodType }>;

export type Method = keyof typeof contract;
export type Input<M extends Method> = z.input<(typeof contract)[M]['input']>;
export type ParsedInput<M extends Method> = z.output<(typeof contract)[M]['input']>;

export interface AppInfo {
  version: string;
  dataDir: string;
  dbPath: string;
  host: 'electron' | 'browser' | 'cli';
}

export interface CampaignSummary extends Campaign {
  unitCount: number;
  groupCount: number;
}

export interface AreaInfo {
  code: string;
  name: string;
  maxMilli: number;
}

export interface CampaignDetail {
  campaign: Campaign;
  groups: Array<{ code: string; name: string; ranked: boolean; bands: Band[]; unitCount: number }>;
  areas: AreaInfo[];
  criteriaCount: number;
  leafCount: number;
  /** Sum of the measured top-level maxima (normally 100 points). */
  maxMilli: number;
}

export interface UnitListItem extends Unit {
  groupName: string;
  scoredLeaves: number;
  totalLeaves: number;
}

export interface SheetRow {
  code: string;
  name: string;
  depth: number;
  isLeaf: boolean;
  kind: CriterionKind;
  rule: string;
  maxMilli: number;
  selfMilli: number | null;
  /** Entered points (leaves only). */
  pointsMilli: number | null;
  /** This node is marked not applicable itself. */
  notApplicable: boolean;
  /** Applicable after inheriting from ancestors. */
  applicable: boolean;
  note: string;
  /** Roll-up: points and applicable maximum below this node (bonus/penalty: capped value and cap). */
  subtotalMilli: number;
  subMaxMilli: number;
}

export interface UnitSheet {
  campaignId: number;
  unit: Unit & { groupName: string };
  rows: SheetRow[];
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  appraisedMilli: number;
  surveyMilli: number;
  bonusMilli: number;
  penaltyMilli: number;
  components: Record<string, number | null>;
  scoredLeaves: number;
  totalLeaves: number;
}

export interface FilePayload {
  fileName: string;
  contentBase64: string;
}

export interface ImportSummary {
  campaignId: number;
  criteria: number;
  units: number;
  scores: number;
}

/** A previous year's results and how this year's units match them. */
export interface PreviousSummary {
  year: number | null;
  fileName: string | null;
  previous: Array<{ code: string; name: string; group: string; indexHundredths: number; rank: number | null }>;
  /** Every current unit with the previous unit it is compared to (null: none). */
  units: Array<{ unitCode: string; unitName: string; prevCode: string | null; explicit: boolean }>;
  /** Previous units no current unit is compared to (renamed, merged or dissolved). */
  unmatchedPrevious: Array<{ code: string; name: string }>;
}

export interface Outputs {
  'app/info': AppInfo;
  'campaign/list': CampaignSummary[];
  'campaign/get': CampaignDetail;
  'campaign/create': Campaign;
  'campaign/update': Campaign;
  'campaign/delete': { deleted: true };
  'campaign/setGroups': CampaignDetail;
  'unit/list': UnitListItem[];
  'unit/save': UnitListItem[];
  'unit/delete': UnitListItem[];
  'sheet/get': UnitSheet;
  'score/set': UnitSheet;
  'score/setNotApplicable': UnitSheet;
  'ranking/get': Ranking;
  'workbook/import': ImportSummary;
  'workbook/export': FilePayload;
  'annex/export': FilePayload;
  'previous/import': PreviousSummary;
  'previous/get': PreviousSummary;
  'previous/map': PreviousSummary;
  'previous/clear': PreviousSummary;
}

export type Output<M extends Method> = Outputs[M];

// Every method has an output type and every output type a method: a rename breaks the build.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const contractIsComplete: Exact<keyof Outputs, Method> = true;

export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Who is calling: recorded in the history of every change. */
export interface CallContext {
  actor: string;
}

export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, ctx: CallContext) => Output<M> | Promise<Output<M>>;
};

/** The one function the renderer calls; each door (IPC, HTTP) provides it. */
export type Invoke = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
