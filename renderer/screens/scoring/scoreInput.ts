// What the appraiser typed into a score cell, checked before anything is sent.

import { parsePointsText } from '../../../shared/numbers.js';
import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { formatPoints } from '../../../shared/numbers.js';

export type DraftCheck =
  | { ok: true; pointsMilli: number | null }
  | { ok: false; error: MessageKey; params?: MessageParams };

/** Empty clears the score; otherwise a decimal (comma or point) within 0..max, at most 3 decimals. */
export function checkDraft(text: string, maxMilli: number): DraftCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, pointsMilli: null };
  const milli = parsePointsText(trimmed);
  if (milli === null) return { ok: false, error: 'scoring.invalidNumber' };
  if (milli < 0) return { ok: false, error: 'scoring.negative' };
  if (milli > maxMilli) return { ok: false, error: 'scoring.overMax', params: { max: formatPoints(maxMilli) } };
  return { ok: true, pointsMilli: milli };
}
