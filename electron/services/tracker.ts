// The secretariat's tracker: per unit, the self-assessment package received (when), self-scored n/N,
// evidence n/N, explanations pending; per member, proposals n/N per area; "late" and "missing" flags.

import type { Tracker } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Services } from '../core/app.js';

export function tracker(_s: Services, _campaignId: number): Tracker {
  throw new AppError('internal', 'app.unexpected', { detail: 'bảng theo dõi chưa có' });
}

export function trackerWorkbook(_s: Services, _campaignId: number): { fileName: string; bytes: Buffer } {
  throw new AppError('internal', 'app.unexpected', { detail: 'bảng theo dõi chưa có' });
}
