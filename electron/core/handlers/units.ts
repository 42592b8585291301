// Handlers of the unit-side methods declared in shared/contract/units.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { tracker, trackerWorkbook } from '../../services/tracker.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, job, selfReportJob } from './support.js';

export function unitsHandlers(deps: HandlerDeps): DomainHandlers<'units'> {
  const { s } = deps;
  const u = s.units;
  return {
    'unitIdentity/create': (input) => u.initSelf(input),
    'unitIdentity/self': () => u.selfCard(),
    'unitIdentity/export': () => {
      const card = u.selfCard();
      if (!card) throw new AppError('forbidden', 'unitRole.notUnitMachine');
      return { fileName: `don-vi-${card.unitCode.replace(/[^A-Za-z0-9_-]+/g, '-')}.pub`, contentBase64: Buffer.from(JSON.stringify(card, null, 2)).toString('base64'), fingerprint: card.fingerprint };
    },
    'unitIdentity/register': ({ campaignId, contentBase64, replaceKeyFingerprint }, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fromBase64(contentBase64).toString('utf8'));
      } catch {
        throw new AppError('invalid_input', 'unitRole.identityInvalid');
      }
      const card = u.register(raw, campaignId, ctx.actor, replaceKeyFingerprint ? { newFingerprint: replaceKeyFingerprint } : null);
      return { uid: card.uid, unitCode: card.unitCode, name: card.name, fingerprint: card.fingerprint };
    },
    'unitIdentity/list': ({ campaignId }) => u.registered(campaignId),
    'self/sheet': ({ campaignId }) => u.sheet(campaignId),
    'self/set': ({ campaignId, criterionCode, input, reason }, ctx) => u.setScore(campaignId, criterionCode, input, reason, ctx.actor),
    'self/setNotApplicable': ({ campaignId, criterionCode, notApplicable, reason }, ctx) => u.setNotApplicable(campaignId, criterionCode, notApplicable, reason, ctx.actor),
    'self/setExplanation': ({ campaignId, criterionCode, explanation }, ctx) => u.setExplanation(campaignId, criterionCode, explanation, ctx.actor),
    'self/answer': ({ campaignId, requestId, answer }, ctx) => u.answer(campaignId, requestId, answer, ctx.actor),
    'self/report': (input, ctx) => job(deps, selfReportJob(deps, input), ctx),
    'tracker/get': ({ campaignId }) => tracker(s, campaignId),
    'tracker/export': ({ campaignId }) => {
      const file = trackerWorkbook(s, campaignId);
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },
  };
}
