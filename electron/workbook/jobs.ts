// The workbook readers as jobs for the workbook worker: plain data in (the file's bytes and, for the
// survey, the campaign's codes), plain data out (validated content or an AppError's fields).

import type { CampaignContent } from '../../shared/domain.js';
import { AppError, type AppErrorShape } from '../../shared/errors.js';
import { readExplanationAnswers, type AnswerRow } from './explanations.js';
import { parseCampaignWorkbook } from './read-campaign.js';
import { parsePreviousResults, type PreviousResults } from './read-previous.js';
import { parseSurveyWorkbook, type ParsedSurvey, type SurveyColumnSpec } from './read-survey.js';

export interface SurveyCampaign {
  unitCodes: ReadonlySet<string>;
  columns: readonly SurveyColumnSpec[];
  allCodes: ReadonlySet<string>;
  /** Each unit's criteria set, when the campaign has several. */
  unitSets?: ReadonlyMap<string, string>;
}

export type WorkbookJob =
  | { kind: 'campaign'; bytes: Uint8Array }
  | { kind: 'previous'; bytes: Uint8Array }
  | { kind: 'survey'; bytes: Uint8Array; campaign: SurveyCampaign }
  | { kind: 'explanations'; bytes: Uint8Array };

export interface WorkbookResults {
  campaign: CampaignContent;
  previous: PreviousResults;
  survey: ParsedSurvey;
  explanations: AnswerRow[];
}

export type JobReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: AppErrorShape };

export function runJob(job: WorkbookJob): WorkbookResults[WorkbookJob['kind']] {
  switch (job.kind) {
    case 'campaign':
      return parseCampaignWorkbook(job.bytes);
    case 'previous':
      return parsePreviousResults(job.bytes);
    case 'survey':
      return parseSurveyWorkbook(job.bytes, job.campaign);
    case 'explanations':
      return readExplanationAnswers(job.bytes);
  }
}

/** An error as it crosses the thread boundary: an AppError keeps its code and issues; anything else is internal. */
export function errorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return new AppError('internal', 'workbook.readError', { detail: error instanceof Error ? error.message : String(error) }).toShape();
}
