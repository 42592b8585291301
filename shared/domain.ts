// Domain types shared by every process. Points are integer thousandths ("milli"),
// indices integer hundredths of a percent, so equal totals can never differ through floating point.

export const CRITERION_KINDS = ['appraised', 'survey', 'bonus', 'penalty'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** Kinds whose max counts towards the unit's maximum (bonus and penalty are caps outside it). */
export function isMeasured(kind: CriterionKind): boolean {
  return kind === 'appraised' || kind === 'survey';
}

export type CampaignStatus = 'open' | 'final';

/** How equal indices rank: competition (1, 2, 2, 4) or dense (1, 1, 2). No national rule exists. */
export const TIE_RANKINGS = ['competition', 'dense'] as const;
export type TieRanking = (typeof TIE_RANKINGS)[number];

/** The index rules provinces set differently, so each campaign carries its own. */
export interface IndexRules {
  /** True: the index is clamped to 100 %. False: bonus points may lift it past 100 % (101 and 103 points stay apart). */
  capIndex: boolean;
  tieRanking: TieRanking;
}

/** What every campaign had before the rules became settings. */
export const DEFAULT_INDEX_RULES: Readonly<IndexRules> = Object.freeze({ capIndex: true, tieRanking: 'competition' });

export interface Campaign {
  id: number;
  uid: string;
  name: string;
  year: number;
  issuer: string;
  decisionNo: string;
  /** ISO date yyyy-mm-dd, or '' when not set yet. */
  decisionDate: string;
  status: CampaignStatus;
  createdAt: string;
  indexRules: IndexRules;
}

/**
 * A criteria set of a campaign: since 2025 one decision appraises sở and xã/phường, each level under its
 * own set. Codes are unique within a set; the same code may mean different criteria in two sets.
 */
export interface CriteriaSet {
  code: string;
  name: string;
  position: number;
}

/** The set every campaign had before there were several (a v1 workbook, an older package or database). */
export const DEFAULT_SET: Readonly<CriteriaSet> = Object.freeze({ code: 'CHUNG', name: 'Bộ tiêu chí chung', position: 1 });

export const SET_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;

export interface Criterion {
  /** The criteria set the criterion belongs to. */
  setCode: string;
  code: string;
  parentCode: string | null;
  name: string;
  maxMilli: number;
  kind: CriterionKind;
  /** The scoring rule text ("Cách tính"), '' when none. */
  rule: string;
  position: number;
  /**
   * Whether a unit may claim "không áp dụng" (KAD) on the node; absent = allowed. Not part of the criteria
   * fingerprint: it decides what a unit may claim, not what a code means.
   */
  naAllowed?: boolean;
}

export interface Band {
  label: string;
  /** Inclusive lower bound of the index, in hundredths of a percent (8500 = 85,00%). */
  fromHundredths: number;
}

export interface UnitGroup {
  code: string;
  name: string;
  /** The criteria set the group's units are scored under. */
  setCode: string;
  /** Special units are scored but not ranked. */
  ranked: boolean;
  position: number;
  bands: Band[];
}

export interface Unit {
  code: string;
  name: string;
  groupCode: string;
  position: number;
}

export interface ScoreEntry {
  unitCode: string;
  criterionCode: string;
  selfMilli: number | null;
  pointsMilli: number | null;
  notApplicable: boolean;
  note: string;
  /** The unit's explanation (giải trình) where evidence is missing. */
  explanation?: string;
  /** The unit claims the node is not applicable (its own claim: the council decides `notApplicable`), and why. */
  selfNotApplicable?: boolean;
  selfReason?: string;
}

/** A whole campaign's content: what a workbook carries and what the demo seeds. */
export interface CampaignContent {
  name: string;
  year: number;
  issuer: string;
  decisionNo: string;
  decisionDate: string;
  /** Absent: the defaults (a workbook without the two optional rows, older packages). */
  indexRules?: IndexRules;
  /** The campaign's criteria sets, in order; every criterion and group names one of them. */
  sets: CriteriaSet[];
  criteria: Criterion[];
  groups: UnitGroup[];
  units: Unit[];
  scores: ScoreEntry[];
}

export function parentCodeOf(code: string): string | null {
  const at = code.lastIndexOf('.');
  return at < 0 ? null : code.slice(0, at);
}

export const CRITERION_CODE_PATTERN = /^[1-9]\d*(\.[1-9]\d*)*$/;

/** Orders dotted codes numerically: 1.2 < 1.10 < 2. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}
