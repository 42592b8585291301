// Row shapes as SQLite returns them, and their mapping to domain types.
import type { Band, Campaign, CampaignStatus, Criterion, CriterionKind, ScoreEntry, Unit, UnitGroup } from '../../shared/domain.js';

export interface CampaignRow {
  id: number;
  uid: string;
  name: string;
  year: number;
  issuer: string;
  decision_no: string;
  decision_date: string;
  status: string;
  created_at: string;
  index_capped: number;
  tie_ranking: string;
}

export function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    uid: r.uid,
    name: r.name,
    year: r.year,
    issuer: r.issuer,
    decisionNo: r.decision_no,
    decisionDate: r.decision_date,
    status: r.status as CampaignStatus,
    createdAt: r.created_at,
    indexRules: { capIndex: r.index_capped !== 0, tieRanking: r.tie_ranking === 'dense' ? 'dense' : 'competition' },
  };
}

export interface CriterionRow {
  set_code: string;
  code: string;
  parent_code: string | null;
  name: string;
  max_milli: number;
  kind: string;
  rule: string;
  position: number;
  na_allowed: number;
}

/** `naAllowed` is written only when false, so a criterion read back equals the one written without it. */
export function toCriterion(r: CriterionRow): Criterion {
  return {
    ...(r.na_allowed === 0 ? { naAllowed: false } : {}),
    setCode: r.set_code,
    code: r.code,
    parentCode: r.parent_code,
    name: r.name,
    maxMilli: r.max_milli,
    kind: r.kind as CriterionKind,
    rule: r.rule,
    position: r.position,
  };
}

export interface GroupRow {
  code: string;
  name: string;
  set_code: string;
  ranked: number;
  position: number;
}

export interface BandRow {
  group_code: string;
  label: string;
  from_hundredths: number;
}

export function toGroups(groups: GroupRow[], bands: BandRow[]): UnitGroup[] {
  return groups.map((g) => ({
    code: g.code,
    name: g.name,
    setCode: g.set_code,
    ranked: g.ranked === 1,
    position: g.position,
    bands: bands
      .filter((b) => b.group_code === g.code)
      .map((b): Band => ({ label: b.label, fromHundredths: b.from_hundredths })),
  }));
}

export interface UnitRow {
  code: string;
  name: string;
  group_code: string;
  position: number;
}

export function toUnit(r: UnitRow): Unit {
  return { code: r.code, name: r.name, groupCode: r.group_code, position: r.position };
}

export interface ScoreRow {
  unit_code: string;
  criterion_code: string;
  self_milli: number | null;
  points_milli: number | null;
  not_applicable: number;
  note: string;
  explanation: string;
  revision: number;
  self_not_applicable: number;
  self_reason: string;
}

export function toScore(r: ScoreRow): ScoreEntry {
  return {
    unitCode: r.unit_code,
    criterionCode: r.criterion_code,
    selfMilli: r.self_milli,
    pointsMilli: r.points_milli,
    notApplicable: r.not_applicable === 1,
    note: r.note,
    ...(r.explanation ? { explanation: r.explanation } : {}),
    ...(r.self_not_applicable === 1 ? { selfNotApplicable: true } : {}),
    ...(r.self_reason ? { selfReason: r.self_reason } : {}),
  };
}

/** One unit's score rows as one JSON text (a grid's round trip reads a unit's ~140 rows as one value). */
export const SCORE_JSON_ROW = 'json_array(criterion_code, self_milli, points_milli, not_applicable, note, explanation, self_not_applicable, self_reason)';

export function scoreEntriesOf(unitCode: string, json: string | null | undefined): ScoreEntry[] {
  const rows = JSON.parse(json ?? '[]') as Array<[string, number | null, number | null, number, string, string, number, string]>;
  return rows.map(([criterionCode, selfMilli, pointsMilli, na, note, explanation, selfNa, selfReason]) => ({
    unitCode, criterionCode, selfMilli, pointsMilli, notApplicable: na === 1, note, ...(explanation ? { explanation } : {}),
    ...(selfNa === 1 ? { selfNotApplicable: true } : {}), ...(selfReason ? { selfReason } : {}),
  }));
}

/**
 * Packed rows: SQLite's group_concat of one column per list, in the same row order, so that a few
 * rows cross into JavaScript instead of one array per cell. Lists of text are joined with char(31),
 * which no code or uid holds; numbers with a space, NULL written as -1 (stored values are never negative).
 */
export const PACK_SEPARATOR = '\u001f';

/** The numbers of a packed list, -1 standing for NULL. */
export function unpackNumbers(text: string): Array<number | null> {
  const out: Array<number | null> = [];
  let value = 0;
  let negative = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 32;
    if (ch === 45) negative = true;
    else if (ch !== 32) value = value * 10 + (ch - 48);
    else {
      out.push(negative ? null : value);
      value = 0;
      negative = false;
    }
  }
  return text === '' ? [] : out;
}

/** Checks that a packed row's lists line up; a mismatch would pair values with the wrong cells. */
export function checkPacked(what: string, ...lengths: number[]): void {
  if (lengths.some((n) => n !== lengths[0])) throw new Error(`${what}: packed lists of different lengths (${lengths.join(', ')})`);
}
