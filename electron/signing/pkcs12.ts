// A software identity from a PKCS#12 file (.p12/.pfx). node-forge decodes the file because it reads
// every variant the CAs and Windows write (PBES2/AES from OpenSSL 3, and the 3DES/RC2 "legacy" files
// Windows exports by default); the key then lives in a Node KeyObject and is never written anywhere.
// The password is used once, here, and not kept.

import { createPrivateKey, createPublicKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../shared/errors.js';
import { assertCanSign, samePublicKey, validAt } from './certificate.js';
import type { Signer } from './signer.js';

/** The largest PKCS#12 file accepted: real ones are a few kilobytes. */
const MAX_P12_BYTES = 1024 * 1024;

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType: type })[type] ?? [];
}

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function decode(bytes: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw new AppError('invalid_input', 'pkcs12.notPkcs12');
  }
  const wrongPassword = () => new AppError('forbidden', 'pkcs12.wrongPassword');
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|Invalid password|wrong password/i.test(message)) throw wrongPassword();
    // The MAC (keyed from the password as BMPString) passed, but PBES2 derives its key from the
    // password's UTF-8 bytes (RFC 8018; what OpenSSL 3 writes), which forge only does for ASCII: with
    // any other password forge decrypts garbage, and fails on it in whatever way the garbage makes it
    // fail ("decrypt", "Too few bytes", "Only 8, 16, 24, or 32 bits"… — about 1 file in 100 is not
    // "decrypt"). The MAC having been verified, decode again without it, with the password in UTF-8.
    if (/[^\x20-\x7e]/.test(password) && asn1.value.length > 2) {
      try {
        const again = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
        (again.value as forge.asn1.Asn1[]).splice(2);
        return forge.pkcs12.pkcs12FromAsn1(again, false, forge.util.encodeUtf8(password));
      } catch {
        if (/decrypt/i.test(message)) throw wrongPassword();
      }
    }
    if (/decrypt/i.test(message)) throw wrongPassword();
    throw message ? new AppError('invalid_input', 'pkcs12.unreadable', { detail: message }) : new AppError('invalid_input', 'pkcs12.unsupported');
  }
}

function privateKeyOf(bag: forge.pkcs12.Bag): KeyObject {
  if (bag.key) {
    const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key));
    return createPrivateKey({ key: derOf(info), format: 'der', type: 'pkcs8' });
  }
  if (bag.asn1) return createPrivateKey({ key: derOf(bag.asn1), format: 'der', type: 'pkcs8' });
  throw new AppError('invalid_input', 'pkcs12.keyUnreadable');
}

function certificateOf(bag: forge.pkcs12.Bag): Buffer | null {
  if (bag.cert) return derOf(forge.pki.certificateToAsn1(bag.cert));
  if (bag.asn1) return derOf(bag.asn1);
  return null;
}

/** Opens a PKCS#12 identity: the certificate whose public key matches the private key, and the rest as its chain. */
export function loadPkcs12(bytes: Buffer, password: string): Signer {
  if (bytes.length === 0 || bytes.length > MAX_P12_BYTES) throw new AppError('invalid_input', 'pkcs12.emptyOrTooLarge');
  const p12 = decode(bytes, password);
  const keys = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(p12, forge.pki.oids.keyBag!)];
  if (keys.length === 0) throw new AppError('invalid_input', 'pkcs12.noKey');
  const certs = bagsOf(p12, forge.pki.oids.certBag!).map(certificateOf).filter((c): c is Buffer => c !== null);
  if (certs.length === 0) throw new AppError('invalid_input', 'pkcs12.noCertificate');

  for (const keyBag of keys) {
    let key: KeyObject | null = privateKeyOf(keyBag);
    if (key.asymmetricKeyType !== 'rsa') {
      throw key.asymmetricKeyType ? new AppError('invalid_input', 'pkcs12.notRsa', { keyType: key.asymmetricKeyType.toUpperCase() }) : new AppError('invalid_input', 'pkcs12.unknownKeyType');
    }
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    // Several certificates may match one key (renewals): the one valid now wins, then the newest.
    const matching = certs.filter((c) => samePublicKey(c, spki));
    const own = matching.find((c) => validAt(c, new Date()) === 'valid') ?? matching[matching.length - 1];
    if (!own) continue;
    const chain = certs.filter((c) => c !== own);
    return {
      certificate: own,
      chain,
      source: 'pkcs12',
      sign: (data) => {
        if (!key) return Promise.reject(new AppError('invalid_input', 'pkcs12.closed'));
        try {
          // Opening an expired identity is allowed (to show it); signing with it is not.
          assertCanSign(own);
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        return Promise.resolve(rsaSign('sha256', data, key));
      },
      close: () => {
        key = null;
      },
    };
  }
  throw new AppError('invalid_input', 'pkcs12.noMatchingCertificate');
}
