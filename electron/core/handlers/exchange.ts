// Handlers of the exchange methods declared in shared/contract/exchange.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { identityFileName } from '../../services/roles.js';
import type { HandlerDeps } from './deps.js';
import { fromBase64, job } from './support.js';

export function exchangeHandlers(deps: HandlerDeps): DomainHandlers<'exchange'> {
  const { s, info } = deps;
  return {
    // A member's own package is one member's cells and may be signed through a PKCS#11 driver this thread was
    // granted (allowModule), which a worker's SignatureService would not know: it stays here. The secretariat's
    // packages (campaign, one unit's) and a unit's self-assessment (file keys only) go to the worker.
    'package/export': async ({ campaignId, forMember, forUnit, secret }, ctx) => {
      const unitSelf = s.repos.unitIdentities.self() !== undefined;
      if (unitSelf || s.repos.members.self()?.kind !== 'member' || forUnit !== undefined) {
        return job(deps, { kind: 'package/export', campaignId, forMember: forMember ?? null, forUnit: unitSelf ? null : forUnit ?? null, unitSelf }, ctx);
      }
      const out = await s.exchange.exportMemberPackageSigned(campaignId, secret ?? '');
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64') };
    },
    'package/import': ({ contentBase64, confirmFingerprint }, ctx) => job(deps, { kind: 'package/import', bytes: fromBase64(contentBase64), confirmFingerprint: confirmFingerprint ?? null, pin: false }, ctx),
    'package/importPinning': async ({ contentBase64, expectFingerprint }, ctx) => {
      // The app's windows ask before trusting a first key (package/import); only the command line pins and prints it.
      if (info.host !== 'cli') throw new AppError('forbidden', 'cli.onlyOnCommandLine');
      const answer = await job(deps, { kind: 'package/import', bytes: fromBase64(contentBase64), confirmFingerprint: expectFingerprint ?? null, pin: true }, ctx);
      // A pinning import never asks (importPackage refuses instead): the answer is always the summary.
      if (answer.kind === 'confirm') throw new AppError('internal', 'exchange.fingerprintUnconfirmed');
      return answer;
    },
    'package/pending': () => s.openRequests.list(),
    'package/importPending': async ({ path, confirmFingerprint }, ctx) => {
      const answer = await job(deps, { kind: 'package/import', bytes: s.openRequests.take(path), confirmFingerprint: confirmFingerprint ?? null, pin: false }, ctx);
      // Asked to confirm the secretariat's fingerprint: the file stays offered until the member answers.
      if (answer.kind === 'confirm') s.openRequests.add([path]);
      return answer;
    },
    'package/dismissPending': ({ path }) => {
      s.openRequests.dismiss(path);
      return s.openRequests.list();
    },
    'identity/export': () => {
      const self = s.repos.members.self();
      if (!self) throw new AppError('forbidden', 'app.noProfile');
      const id = s.exchange.selfIdentity() ?? s.exchange.initSelf({ name: self.name, agency: self.agency, role: self.role, kind: self.kind });
      return { fileName: identityFileName(id.name), contentBase64: Buffer.from(JSON.stringify(id, null, 2)).toString('base64'), fingerprint: id.fingerprint };
    },
    'identity/create': (input) => s.exchange.initSelf(input),
    'identity/register': ({ campaignId, contentBase64, replaceKeyFingerprint }, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fromBase64(contentBase64).toString('utf8'));
      } catch {
        throw new AppError('invalid_input', 'app.identityUnreadable');
      }
      const id = s.exchange.registerMember(raw, campaignId, ctx.actor, replaceKeyFingerprint ? { newFingerprint: replaceKeyFingerprint } : null);
      return { uid: id.uid, name: id.name, agency: id.agency, fingerprint: id.fingerprint };
    },
    'identity/unregister': ({ campaignId, uid }, ctx) => s.exchange.unregisterMember(uid, campaignId, ctx.actor),
  };
}
