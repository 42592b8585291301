// Detached CMS signatures (RFC 5652, CAdES-BES attributes) built with pkijs/asn1js: the .p7s beside any
// export, the /Contents of a PDF signature, and — through signDetached — the exchange packages.

import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { asn1js, assertCanSign, parseCertificate, pkijs, toArrayBuffer } from './certificate.js';
import type { Signer } from './signer.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

export interface DetachedOptions {
  /** Written as the signing-time attribute (default: now). */
  signingTime?: Date;
  /**
   * PAdES baseline signatures carry the time in the PDF's /M entry, not in the CMS: set false there.
   * Default true (CAdES-BES, as openssl and Vietnamese signing tools write a .p7s).
   */
  includeSigningTime?: boolean;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });

/** ESS signing-certificate-v2: binds the signature to this exact certificate (CAdES, PAdES). */
function signingCertificateV2(certDer: Buffer, cert: pkijs.Certificate): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView }),
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is its DEFAULT, and DER leaves defaults out.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certDer) }), issuerSerial] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] });
}

/**
 * A detached CMS SignedData (DER) over `bytes`: SHA-256, RSA PKCS#1 v1.5, the signer's certificate and the
 * chain that came with the identity embedded. Verifiable with
 * `openssl cms -verify -binary -inform DER -content <file> -in <file>.p7s -CAfile <ca.pem>`.
 */
export async function signDetached(bytes: Uint8Array, signer: Signer, options: DetachedOptions = {}): Promise<Buffer> {
  assertCanSign(signer.certificate, options.signingTime ?? new Date());
  const cert = parseCertificate(signer.certificate);
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(bytes) })] }),
    signingCertificateV2(signer.certificate, cert),
  ];
  if (options.includeSigningTime ?? true) {
    const when = options.signingTime ?? new Date();
    when.setMilliseconds(0);
    const year = when.getUTCFullYear();
    // RFC 5652: UTCTime for 1950–2049, GeneralizedTime otherwise.
    const time = year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate: when }) : new asn1js.GeneralizedTime({ valueDate: when });
    attributes.push(new pkijs.Attribute({ type: OID.signingTime, values: [time] }));
  }
  // DER: the members of a SET OF are ordered by their encodings.
  const encoded = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  attributes.sort((a, b) => Buffer.compare(encoded(a), encoded(b)));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31; // signed as a SET, carried as [0] IMPLICIT (RFC 5652, 5.4)
  const signature = await signer.sign(toSign);

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...signer.chain.map((der) => parseCertificate(der))],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm: sha256Algorithm(),
        signedAttrs,
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
        signature: new asn1js.OctetString({ valueHex: signature }),
      }),
    ],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

export interface CmsCheck {
  /** The signature matches the content and the signer's certificate. */
  intact: boolean;
  /** Why not, in Vietnamese, when not intact. */
  problem: string | null;
  signerCertificate: Buffer | null;
  /** Every certificate carried in the CMS, DER (the signer's included). */
  certificates: Buffer[];
  /** The signing-time attribute, when present. */
  signingTime: Date | null;
  signerCount: number;
}

function certificateDer(c: pkijs.CertificateSetItem): Buffer | null {
  return c instanceof pkijs.Certificate ? Buffer.from(c.toSchema().toBER(false)) : null;
}

/** Checks a detached CMS SignedData against the content it claims to sign (first signer). */
export async function checkDetached(cms: Uint8Array, content: Uint8Array): Promise<CmsCheck> {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw new AppError('invalid_input', 'cms.invalid');
  }
  const certificates = (signedData.certificates ?? []).map(certificateDer).filter((c): c is Buffer => c !== null);
  const signer = signedData.signerInfos[0];
  if (!signer) throw new AppError('invalid_input', 'cms.noSigner');
  const timeAttr = signer.signedAttrs?.attributes.find((a) => a.type === OID.signingTime)?.values[0];
  const signingTime = timeAttr instanceof asn1js.UTCTime || timeAttr instanceof asn1js.GeneralizedTime ? timeAttr.toDate() : null;
  const base = { certificates, signingTime, signerCount: signedData.signerInfos.length };
  if (signedData.encapContentInfo.eContent) {
    return { ...base, intact: false, problem: 'Chữ ký CMS có kèm nội dung riêng (không phải chữ ký tách rời): không dùng để xác thực tệp này.', signerCertificate: null };
  }
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(content), extendedMode: true, checkChain: false });
    const signerCertificate = result.signerCertificate ? Buffer.from(result.signerCertificate.toSchema().toBER(false)) : null;
    if (result.signatureVerified === true) return { ...base, intact: true, problem: null, signerCertificate };
    return { ...base, intact: false, problem: 'Chữ ký không khớp nội dung: tệp đã bị thay đổi sau khi ký, hoặc chữ ký bị hỏng.', signerCertificate };
  } catch (error) {
    const e = error as Partial<pkijs.SignedDataVerifyError>;
    const signerCertificate = e.signerCertificate ? Buffer.from(e.signerCertificate.toSchema().toBER(false)) : null;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/signer certificate/i.test(message) && !signerCertificate) {
      return { ...base, intact: false, problem: 'Chữ ký không kèm chứng thư số của người ký nên không kiểm tra được.', signerCertificate: null };
    }
    return { ...base, intact: false, problem: 'Chữ ký không khớp nội dung: tệp đã bị thay đổi sau khi ký, hoặc chữ ký bị hỏng.', signerCertificate };
  }
}
