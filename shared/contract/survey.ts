// Survey results, bonus and penalty points.

import { z } from 'zod';
import type { Campaign, CriterionKind } from '../domain.js';
import { method } from './method.js';
import { campaignId, text, type FilePayload } from './common.js';

/** A leaf scored from outside the appraisal: survey results, bonus or penalty points. */
export interface SurveyColumn {
  /** As the header shows it: the criterion's code, or "SET:code" when the campaign has several sets. */
  code: string;
  criterionCode: string;
  setCode: string;
  name: string;
  kind: CriterionKind;
  maxMilli: number;
}

export interface SurveyTable {
  campaignId: number;
  status: Campaign['status'];
  columns: SurveyColumn[];
  /** One per unit; `values` follow `columns`, null where nothing is stored. */
  rows: Array<{ unitCode: string; unitName: string; groupCode: string; groupName: string; values: Array<number | null> }>;
}

export interface SurveyImportSummary {
  fileName: string;
  sha256: string;
  /** Cells whose value changed (cleared ones included). */
  changed: number;
  cleared: number;
  /** Cells given in the file with the value already stored. */
  unchanged: number;
  /** Unit rows in the file, and how many of them had a change. */
  units: number;
  unitsChanged: number;
  table: SurveyTable;
}

export const surveyMethods = {
  'survey/get': method<SurveyTable>()(z.object({ campaignId })),
  'survey/template': method<FilePayload>()(z.object({ campaignId })),
  'survey/import': method<SurveyImportSummary>()(z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(100_000_000) })),
} as const;
