// Campaigns (đợt đánh giá), their groups and units, the campaign workbook, rankings and the decision annexes.

import { z } from 'zod';
import { CRITERION_KINDS, TIE_RANKINGS, type Band, type Campaign, type CriterionKind, type Unit } from '../domain.js';
import type { Ranking } from '../calc.js';
import { method } from './method.js';
import { campaignId, code, isoDate, text, type ExportedFile, type FilePayload } from './common.js';

export const ruleInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), pointsMilli: z.number().int().min(0).max(10_000_000) }),
  z.object({ kind: z.literal('option'), index: z.number().int().min(0).max(8) }),
  z.object({ kind: z.literal('percent'), hundredths: z.number().int().min(0).max(10000) }),
  z.object({ kind: z.literal('figures'), numerator: z.number().finite().min(0).max(1e12), denominator: z.number().finite().min(0).max(1e12) }),
]);

export const bandSchema = z.object({
  label: text(80).min(1),
  fromHundredths: z.number().int().min(0).max(10000),
});

export const groupSchema = z.object({
  code,
  name: text(200).min(1),
  /** The criteria set the group is scored under; absent keeps the group's set (a new group: the first set). */
  setCode: code.optional(),
  ranked: z.boolean(),
  bands: z.array(bandSchema).max(20),
});

export interface CampaignSummary extends Campaign {
  unitCount: number;
  groupCount: number;
}

export interface AreaInfo {
  code: string;
  name: string;
  maxMilli: number;
}

export interface SetInfo {
  code: string;
  name: string;
  areas: AreaInfo[];
  criteriaCount: number;
  leafCount: number;
  /** Sum of the measured top-level maxima (normally 100 points). */
  maxMilli: number;
}

export interface CampaignDetail {
  campaign: Campaign;
  groups: Array<{ code: string; name: string; setCode: string; ranked: boolean; bands: Band[]; unitCount: number }>;
  /** The campaign's criteria sets, in order: each group is scored under one of them. */
  sets: SetInfo[];
}

/** A criteria set as the Cấu hình screen and the members panel show it. */
export interface CriteriaSetItem extends SetInfo {
  /** Every top-level part in order, survey, bonus and penalty included: members are assigned them like areas. */
  roots: Array<{ code: string; name: string; kind: CriterionKind; maxMilli: number }>;
  /** The groups scored under the set. */
  groups: Array<{ code: string; name: string }>;
}

/** One row of the tree editor: the parent follows from the dotted code, a child's kind from its area's. */
export const editableCriterionSchema = z.object({
  code: z.string().trim().min(1).max(64),
  name: text(2000).min(1),
  maxMilli: z.number().int().min(0).max(10_000_000),
  kind: z.enum(CRITERION_KINDS),
  rule: text(2000),
  naAllowed: z.boolean(),
});

export type EditableCriterion = z.infer<typeof editableCriterionSchema>;

/** A set's whole tree as the editor loads it. */
export interface CriteriaSetTree {
  code: string;
  name: string;
  criteria: EditableCriterion[];
  /** Why the tree cannot change (a unit under the set has a final score, a proposal or a decision), or null. */
  blocked: string | null;
}

export interface CriteriaTreeSaved {
  sets: CriteriaSetItem[];
  tree: CriteriaSetTree;
  changes: { added: string[]; removed: string[]; changed: string[] };
  /** The criteria fingerprint changed: members' and units' machines need the next package. */
  fingerprintChanged: boolean;
}

export interface UnitListItem extends Unit {
  groupName: string;
  scoredLeaves: number;
  totalLeaves: number;
}

export interface ImportSummary {
  campaignId: number;
  criteria: number;
  units: number;
  scores: number;
}

export const campaignsMethods = {
  'campaign/list': method<CampaignSummary[]>()(z.object({})),
  'campaign/get': method<CampaignDetail>()(z.object({ campaignId })),
  /** The campaign named, or the newest one when none is named (the command line's default). */
  'campaign/resolve': method<Campaign>()(z.object({ campaignId: campaignId.optional() })),
  'campaign/create': method<Campaign>()(z.object({
    name: text(300).min(1),
    year: z.number().int().min(2000).max(2100),
    issuer: text(300),
    /** Copy criteria, groups, bands (and optionally units) from an existing campaign, or from the bundled set. */
    template: z.union([
      z.object({ kind: z.literal('bundled') }),
      z.object({ kind: z.literal('campaign'), campaignId, copyUnits: z.boolean() }),
    ]),
  })),
  'campaign/update': method<Campaign>()(z.object({
    campaignId,
    name: text(300).min(1).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    issuer: text(300).optional(),
    decisionNo: text(100).optional(),
    decisionDate: isoDate.optional(),
    /** The index rules (Giới hạn chỉ số 100%, Xếp hạng khi bằng nhau); absent keeps the current ones. */
    indexRules: z.object({ capIndex: z.boolean(), tieRanking: z.enum(TIE_RANKINGS) }).optional(),
  })),
  'campaign/delete': method<{ deleted: true }>()(z.object({ campaignId })),
  'campaign/setGroups': method<CampaignDetail>()(z.object({ campaignId, groups: z.array(groupSchema).min(1).max(50) })),
  'criteriaSet/list': method<CriteriaSetItem[]>()(z.object({ campaignId })),
  /** A new set (code, name) holding a copy of the whole tree of `from`: how the commune set starts from the department set. */
  'criteriaSet/copy': method<CriteriaSetItem[]>()(z.object({ campaignId, from: code, code, name: text(200) })),
  'criteriaSet/rename': method<CriteriaSetItem[]>()(z.object({ campaignId, code, name: text(200) })),
  /** Refused while a group is scored under the set, and for the campaign's last set. */
  'criteriaSet/delete': method<CriteriaSetItem[]>()(z.object({ campaignId, code })),
  'criteriaSet/tree': method<CriteriaSetTree>()(z.object({ campaignId, code })),
  /**
   * Replaces a set's tree (add, rename, re-weigh, move, delete, rules, KAD allowed) in one transaction, checked as a
   * workbook import is; refused once a unit scored under the set has a final score, a proposal or a decision.
   */
  'criteriaSet/saveTree': method<CriteriaTreeSaved>()(z.object({ campaignId, code, criteria: z.array(editableCriterionSchema).min(1).max(2000) })),
  'unit/list': method<UnitListItem[]>()(z.object({ campaignId })),
  'unit/save': method<UnitListItem[]>()(z.object({ campaignId, originalCode: code.nullable(), code, name: text(300).min(1), groupCode: code })),
  'unit/delete': method<UnitListItem[]>()(z.object({ campaignId, code })),
  'workbook/import': method<ImportSummary>()(z.object({
    fileName: text(500),
    contentBase64: z.string().max(200_000_000),
    /** A campaign of that name and year exists: true imports it again as a copy named "… (2)" (asked first). */
    asCopy: z.boolean().optional(),
  })),
  'workbook/export': method<FilePayload>()(z.object({ campaignId })),
  'ranking/get': method<Ranking>()(z.object({ campaignId })),
  /** draft: why the annex is marked DỰ THẢO (the campaign is not finalised); null on the final annex. */
  'annex/export': method<ExportedFile & { draft: { missing: string[] } | null }>()(z.object({
    campaignId,
    /** Phụ lục I (ranking), II (component indices), III (per-unit sheets) or all three in one file. */
    annex: z.enum(['I', 'II', 'III', 'all']).default('I'),
    format: z.enum(['xlsx', 'pdf']).default('xlsx'),
    decisionNo: text(100).optional(),
    decisionDate: isoDate.optional(),
    issuer: text(300).optional(),
  })),
  /** The draft decision (.docx); number, date and issuer default to the campaign's, as for the annexes. */
  'document/decision': method<FilePayload>()(z.object({ campaignId, decisionNo: text(100).optional(), decisionDate: isoDate.optional(), issuer: text(300).optional() })),
  /** The appraisal council's report (.docx); of the decision's fields it uses the issuer. */
  'document/report': method<FilePayload>()(z.object({ campaignId, decisionNo: text(100).optional(), decisionDate: isoDate.optional(), issuer: text(300).optional() })),
} as const;
