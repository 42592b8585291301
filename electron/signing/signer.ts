// The one thing every signature format needs from an identity: a certificate, the chain that came with it,
// and RSASSA-PKCS1-v1_5/SHA-256 over some bytes. A PKCS#12 file and a PKCS#11 token both provide it.

import { describeCertificate, type CertificateInfo } from './certificate.js';

export interface Signer {
  /** The signer's certificate (DER). */
  readonly certificate: Buffer;
  /** Other certificates that came with the identity (intermediate and root CAs), DER, without the signer's. */
  readonly chain: readonly Buffer[];
  readonly source: 'pkcs12' | 'pkcs11';
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the signer hashes). */
  sign(data: Uint8Array): Promise<Buffer>;
  /** Forgets the key (software) or logs out of the token. Safe to call twice. */
  close(): void;
}

export function describeSigner(signer: Signer): CertificateInfo {
  return describeCertificate(signer.certificate);
}
