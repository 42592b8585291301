// Last year's results, for the year-over-year columns.

import { z } from 'zod';
import { method } from './method.js';
import { campaignId, code, text } from './common.js';

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

export const previousMethods = {
  'previous/import': method<PreviousSummary>()(z.object({
    campaignId,
    fileName: text(500),
    contentBase64: z.string().max(200_000_000),
    /** The year of those results; default: the file's own year, else the campaign's year − 1. */
    year: z.number().int().min(2000).max(2100).optional(),
  })),
  'previous/get': method<PreviousSummary>()(z.object({ campaignId })),
  'previous/map': method<PreviousSummary>()(z.object({
    campaignId,
    unitCode: code,
    choice: z.union([
      z.object({ kind: z.literal('auto') }),
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('unit'), prevCode: code }),
    ]),
  })),
  'previous/clear': method<PreviousSummary>()(z.object({ campaignId })),
} as const;
