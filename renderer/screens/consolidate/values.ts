// How a cell's value reads in the consolidation screens: points with a decimal comma, "KAD" for not
// applicable, a dash for nothing yet.

import { points } from '../../format.js';
import type { Translate } from '../../i18n.js';
import type { QueueItem, QueueReason } from '../../../shared/contract.js';

export const REASONS: readonly QueueReason[] = ['members_differ', 'self_gap', 'pending_explanation', 'conflict'];

export function cellValue(t: Translate, milli: number | null, notApplicable = false): string {
  if (notApplicable) return t('consolidate.na');
  return milli === null ? '—' : points(milli);
}

export const itemKey = (item: Pick<QueueItem, 'unitCode' | 'criterionCode'>): string => `${item.unitCode}|${item.criterionCode}`;
