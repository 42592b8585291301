// Handlers of the calendar methods declared in shared/contract/calendar.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';

export function calendarHandlers({ s }: HandlerDeps): DomainHandlers<'calendar'> {
  return {
    'calendar/get': ({ campaignId }) => s.calendar.get(campaignId),
    'calendar/set': ({ campaignId, phase, deadline }, ctx) => s.calendar.set(campaignId, phase, deadline, ctx.actor),
    'calendar/extend': ({ campaignId, phase, deadline, reason }, ctx) => s.calendar.extend(campaignId, phase, deadline, reason, ctx.actor),
  };
}
