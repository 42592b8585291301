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
    // granted (allowModule), which a worker's SignatureService would not know: it stays here. The secretariat's goes to the worker.
    'package/export': async ({ campaignId, forMember, forUnit, secret }, ctx) => {
      // A unit's machine sends its self-assessment; the secretariat's unit package is one unit's sheet: both small, signed here.
      if (s.repos.unitIdentities.self() || forUnit !== undefined) {
        const out = s.repos.unitIdentities.self() ? s.units.exportSelfPackage(campaignId) : s.units.exportUnitPackage(campaignId, forUnit!);
        return { fileName: out.fileName, contentBase64: out.bytes.toString('base64') };
      }
      if (s.repos.members.self()?.kind !== 'member') return job(deps, { kind: 'package/export', campaignId, forMember: forMember ?? null }, ctx);
      const out = await s.exchange.exportMemberPackageSigned(campaignId, secret ?? '');
      return { fileName: out.fileName, contentBase64: out.bytes.toString('base64') };
    },
    'package/import': ({ contentBase64, confirmFingerprint }, ctx) => job(deps, { kind: 'package/import', bytes: fromBase64(contentBase64), confirmFingerprint: confirmFingerprint ?? null }, ctx),
    'package/importPinning': ({ contentBase64, expectFingerprint }, ctx) => {
      // The app's windows ask before trusting a first key (package/import); only the command line pins and prints it.
      if (info.host !== 'cli') throw new AppError('forbidden', 'cli.onlyOnCommandLine');
      return s.exchange.importPackage(fromBase64(contentBase64), ctx.actor, { expectFingerprint: expectFingerprint ?? null });
    },
    'package/pending': () => s.openRequests.list(),
    'package/importPending': async ({ path, confirmFingerprint }, ctx) => {
      const answer = await s.exchange.importPackageChecked(s.openRequests.take(path), ctx.actor, confirmFingerprint ?? null);
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
