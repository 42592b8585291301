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
  };
}

export interface CriterionRow {
  code: string;
  parent_code: string | null;
  name: string;
  max_milli: number;
  kind: string;
  rule: string;
  position: number;
}

export function toCriterion(r: CriterionRow): Criterion {
  return {
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
  };
}
