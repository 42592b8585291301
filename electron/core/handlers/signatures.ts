// Handlers of the signatures methods declared in shared/contract/signatures.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import type { HandlerDeps } from './deps.js';
import { annexBytes, fromBase64, driverPath } from './support.js';

export function signaturesHandlers(deps: HandlerDeps): DomainHandlers<'signatures'> {
  const { s, doors } = deps;
  return {
    'signature/identities': () => s.signatures.identities(),
    'signature/addPkcs12': ({ fileName, contentBase64, password }) => s.signatures.addPkcs12(fileName, fromBase64(contentBase64), password),
    'signature/modules': () => s.signatures.modules(),
    'signature/tokens': ({ module }) => s.signatures.tokens(driverPath(doors, module)),
    'signature/tokenCertificates': ({ module, slot }) => s.signatures.tokenCertificates(driverPath(doors, module), slot),
    'signature/addPkcs11': ({ module, slot, keyId }) => s.signatures.addPkcs11(driverPath(doors, module), slot, keyId),
    'signature/removeIdentity': ({ identityId }) => s.signatures.removeIdentity(identityId),
    'signature/roots': () => s.signatures.roots(),
    'signature/importRoots': ({ fileName, contentBase64 }) => s.signatures.importRoots(fileName, fromBase64(contentBase64)),
    'signature/removeRoot': ({ sha256 }) => s.signatures.removeRoot(sha256),
    'signature/signAnnex': async ({ identityId, secret, p7s, ...annex }, ctx) => {
      const file = await annexBytes(deps, annex, ctx);
      return s.signatures.sign({ identityId, secret, p7s, fileName: file.fileName, bytes: file.bytes });
    },
    'signature/packageIdentity': () => ({ identityId: s.signatures.packageIdentity() }),
    'signature/setPackageIdentity': ({ identityId }) => ({ identityId: s.signatures.setPackageIdentity(identityId) }),
    'signature/verify': ({ fileName, contentBase64, sigFileName, sigBase64 }) =>
      s.signatures.verify(fileName, fromBase64(contentBase64), sigBase64 ? { fileName: sigFileName ?? `${fileName}.p7s`, bytes: fromBase64(sigBase64) } : null),
  };
}
