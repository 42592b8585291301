// The secretariat's score sheet of one unit: the final scores.

import { z } from 'zod';
import type { CriterionKind, Unit } from '../domain.js';
import type { SheetPatch } from '../sheet-patch.js';
import { method } from './method.js';
import { campaignId, code, pointsMilli, text } from './common.js';

export interface SheetRow {
  code: string;
  name: string;
  depth: number;
  isLeaf: boolean;
  kind: CriterionKind;
  rule: string;
  maxMilli: number;
  selfMilli: number | null;
  /** The unit claims this node not applicable (its claim only: `notApplicable` is the council's), and why. */
  selfNotApplicable: boolean;
  selfReason: string;
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
  /** The criteria set the unit is scored under (its group's): the rows are that set's. */
  set: { code: string; name: string };
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

/** A secretariat's write answers the rows it changed and the sheet's totals (shared/sheet-patch.ts). */
export type UnitSheetPatch = SheetPatch<UnitSheet>;

export const scoringMethods = {
  'sheet/get': method<UnitSheet>()(z.object({ campaignId, unitCode: code })),
  /** reason: required (code 'reason_required') when the points differ from the self-score or a member's proposal (shared/rules.ts needsReason). */
  'score/set': method<UnitSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, pointsMilli: pointsMilli.nullable(), reason: text(2000).optional() })),
  'score/setNotApplicable': method<UnitSheetPatch>()(z.object({ campaignId, unitCode: code, criterionCode: code, notApplicable: z.boolean() })),
} as const;
