// Digital signatures in the app (issue 6): the signing identities this machine knows (PKCS#12 files kept
// owner-only in <data>/identities, PKCS#11 tokens remembered by driver, token serial and key id), the
// trusted roots (<data>/trust), signing an exported file and verifying one. Passwords and PINs are used
// for one call and never stored, logged or put in a message.

import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { CertificateView, SignatureCheck, SignedFiles, SigningIdentity, TokenCertificateView, TokenSlotView, VerifyReport, PkcsModule } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { MetaRepo } from '../repos/repositories.js';
import type { PackageCertificates } from './exchange.js';
import { describeCertificate, signingRefusal, type CertificateInfo } from '../signing/certificate.js';
import { signDetached } from '../signing/cms.js';
import { installedModules, listTokenCertificates, listTokens, openToken } from '../signing/pkcs11.js';
import { loadPkcs12 } from '../signing/pkcs12.js';
import type { SignatureReport } from '../signing/report.js';
import { EMBEDDABLE, signBytes } from '../signing/sign.js';
import type { Signer } from '../signing/signer.js';
import { TrustStore } from '../signing/trust.js';
import { verifyContent } from '../signing/verify.js';

const META_KEY = 'signing_identities';
/** The identity this machine's member packages are also signed with (issue 6: Ed25519 stays the default). */
const PACKAGE_KEY = 'package_signing_identity';

const storedSchema = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(['pkcs12', 'pkcs11']),
    /** The signer's certificate (DER, base64): described without opening the key. */
    certificate: z.string(),
    fileName: z.string().nullable(),
    module: z.string().nullable(),
    tokenLabel: z.string().nullable(),
    tokenSerial: z.string().nullable(),
    keyId: z.string().nullable(),
    addedAt: z.string(),
  }),
);
type StoredIdentity = z.infer<typeof storedSchema>[number];

/** "AB:CD:…" → "ABCD EF01 …": the exchange's way of reading a fingerprint out. */
const groupsOfFour = (colonHex: string) => colonHex.replace(/:/g, '').match(/.{1,4}/g)!.join(' ');

/** What the screen shows of a certificate; its status is the validity period judged `now`. */
export function viewOf(info: CertificateInfo, now = new Date()): CertificateView {
  return {
    subject: info.subject,
    issuer: info.issuer,
    commonName: info.commonName,
    issuerCommonName: info.issuerCommonName,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    sha256: info.sha256,
    fingerprint: groupsOfFour(info.sha256),
    keyAlgorithm: info.keyAlgorithm,
    isCA: info.isCA,
    status: now < new Date(info.notBefore) ? 'not_yet_valid' : now > new Date(info.notAfter) ? 'expired' : 'valid',
  };
}

export const certificateView = (der: Uint8Array): CertificateView => viewOf(describeCertificate(der));

function checkView(r: SignatureReport): SignatureCheck {
  return {
    kind: r.kind,
    format: r.format,
    signer: r.signer ? viewOf(r.signer) : null,
    signingTime: r.signingTime,
    intact: r.intact,
    chain: { status: r.chain.status, message: r.chain.message, path: r.chain.path.map((c) => c.subject) },
    problems: r.problems,
    warnings: r.warnings,
    notes: r.notes,
    verdict: r.verdict,
    valid: r.valid,
  };
}

/** Windows paths compare without regard to case; every path by its absolute form. */
function moduleKey(path: string): string {
  const absolute = resolve(path);
  return process.platform === 'win32' ? absolute.toLowerCase() : absolute;
}

export interface SignRequest {
  identityId: string;
  /** The .p12 password or the token PIN, for this one signature. */
  secret: string;
  fileName: string;
  bytes: Buffer;
  p7s: boolean;
  signingTime?: Date;
}

export class SignatureService implements PackageCertificates {
  readonly trust: TrustStore;
  private readonly identityDir: string;

  /** Driver files a person chose outside the contract (the shell's own file dialog, a test's configuration). */
  private readonly grantedModules = new Set<string>();

  constructor(
    private readonly meta: MetaRepo,
    dataDir: string,
  ) {
    this.trust = new TrustStore(join(dataDir, 'trust'));
    this.identityDir = join(dataDir, 'identities');
  }


  /**
   * Loading a PKCS#11 module runs its native code in this process, so a path arriving through the contract
   * (from the renderer) is loaded only when it is one of the known CA drivers found on this machine, or a
   * file granted by allowModule. The CLI's --pkcs11 does not come here: the person at the terminal chose it.
   */
  isAllowedModule(path: string): boolean {
    const wanted = moduleKey(path);
    return this.grantedModules.has(wanted) || installedModules().some((m) => moduleKey(m.path) === wanted);
  }

  /**
   * The seam for a driver the person picked in the shell's own file dialog (never a path from the
   * renderer): from then on this service accepts it.
   */
  allowModule(path: string): void {
    this.grantedModules.add(moduleKey(path));
  }

  private checkModule(path: string): string {
    if (!this.isAllowedModule(path)) {
      throw new AppError(
        'forbidden',
        'signatures.driverNotListed', { path },
      );
    }
    return path;
  }


  private stored(): StoredIdentity[] {
    const raw = this.meta.get(META_KEY);
    if (!raw) return [];
    try {
      return storedSchema.parse(JSON.parse(raw));
    } catch {
      throw new AppError('internal', 'signatures.listCorrupt');
    }
  }

  private save(list: StoredIdentity[]): void {
    this.meta.set(META_KEY, JSON.stringify(list));
  }

  private p12File(id: string): string {
    return join(this.identityDir, `${id}.p12`);
  }

  private view(s: StoredIdentity): SigningIdentity {
    return {
      id: s.id,
      kind: s.kind,
      certificate: certificateView(Buffer.from(s.certificate, 'base64')),
      fileName: s.fileName,
      module: s.module,
      tokenLabel: s.tokenLabel,
      tokenSerial: s.tokenSerial,
      keyId: s.keyId,
      addedAt: s.addedAt,
    };
  }

  identities(): SigningIdentity[] {
    return this.stored().map((s) => this.view(s));
  }

  private refuseDuplicate(der: Buffer, kind: StoredIdentity['kind']): void {
    const sha = describeCertificate(der).sha256;
    const same = this.stored().find((s) => s.kind === kind && describeCertificate(Buffer.from(s.certificate, 'base64')).sha256 === sha);
    if (same) {
      throw new AppError('conflict', kind === 'pkcs12' ? 'signatures.alreadyListedFile' : 'signatures.alreadyListedToken', { commonName: describeCertificate(der).commonName });
    }
  }

  /** Reads the certificate with the password once (the password is then dropped), keeps the file owner-only. */
  addPkcs12(fileName: string, bytes: Buffer, password: string): SigningIdentity[] {
    const signer = loadPkcs12(bytes, password);
    const certificate = signer.certificate;
    signer.close();
    this.refuseDuplicate(certificate, 'pkcs12');
    const id = randomUUID();
    mkdirSync(this.identityDir, { recursive: true, mode: 0o700 });
    const file = this.p12File(id);
    writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    try {
      this.save([
        ...this.stored(),
        { id, kind: 'pkcs12', certificate: certificate.toString('base64'), fileName, module: null, tokenLabel: null, tokenSerial: null, keyId: null, addedAt: new Date().toISOString() },
      ]);
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    return this.identities();
  }

  modules(): { platform: string; installed: PkcsModule[] } {
    return { platform: process.platform, installed: installedModules().map((m) => ({ vendor: m.vendor, path: m.path })) };
  }

  async tokens(module: string): Promise<TokenSlotView[]> {
    return (await listTokens(this.checkModule(module))).map((s) => ({ ...s }));
  }

  async tokenCertificates(module: string, slot: number): Promise<TokenCertificateView[]> {
    // The signer's certificates first; the CA certificates a token also carries come last.
    return (await listTokenCertificates(this.checkModule(module), slot))
      .map((c) => ({ keyId: c.id, label: c.label, certificate: viewOf(c.info) }))
      .sort((a, b) => Number(a.certificate.isCA) - Number(b.certificate.isCA));
  }

  /** Remembers a token's certificate (public: no PIN) with the driver and the token's serial number. */
  async addPkcs11(module: string, slot: number, keyId: string): Promise<SigningIdentity[]> {
    const slots = await listTokens(this.checkModule(module));
    const chosen = slots.find((s) => s.index === slot);
    if (!chosen) throw new AppError('not_found', 'signatures.slotEmpty', { slot });
    const wanted = keyId.toLowerCase();
    const certs = await listTokenCertificates(module, slot);
    const match = certs.find((c) => c.id === wanted && !c.info.isCA);
    if (!match) throw new AppError('not_found', 'signatures.noSignerCertificate', { label: chosen.label, keyId: wanted || '—' });
    const der = match.der;
    this.refuseDuplicate(der, 'pkcs11');
    this.save([
      ...this.stored(),
      { id: randomUUID(), kind: 'pkcs11', certificate: der.toString('base64'), fileName: null, module, tokenLabel: chosen.label, tokenSerial: chosen.serialNumber, keyId: wanted, addedAt: new Date().toISOString() },
    ]);
    return this.identities();
  }

  removeIdentity(identityId: string): SigningIdentity[] {
    const list = this.stored();
    const gone = list.find((s) => s.id === identityId);
    if (!gone) throw new AppError('not_found', 'signatures.certificateGone');
    if (this.packageIdentity() === identityId) {
      throw new AppError('conflict', 'signatures.inUseForPackages', { commonName: this.view(gone).certificate.commonName });
    }
    this.save(list.filter((s) => s.id !== identityId));
    if (gone.kind === 'pkcs12') rmSync(this.p12File(gone.id), { force: true });
    return this.identities();
  }

  /** Opens the identity with the secret given for this call; the caller closes the signer. */
  private async open(identityId: string, secret: string): Promise<Signer> {
    const s = this.stored().find((x) => x.id === identityId);
    if (!s) throw new AppError('not_found', 'signatures.chosenNotFound');
    const expected = Buffer.from(s.certificate, 'base64');
    // Refused before the password or PIN is used: an expired certificate must not sign anything.
    const refusal = signingRefusal(expected);
    if (refusal) throw refusal;
    let signer: Signer;
    if (s.kind === 'pkcs12') {
      const file = this.p12File(s.id);
      if (!existsSync(file)) throw new AppError('not_found', 'signatures.fileMissing', { fileName: s.fileName ?? s.id });
      if (!secret) throw new AppError('invalid_input', 'signatures.passwordMissing');
      signer = loadPkcs12(readFileSync(file), secret);
    } else {
      // An identity remembered before drivers were limited to the known ones is checked again here.
      const slots = await listTokens(this.checkModule(s.module ?? ''));
      const present = slots.find((x) => x.serialNumber === s.tokenSerial && x.label === s.tokenLabel) ?? slots.find((x) => x.serialNumber === s.tokenSerial);
      if (!present) {
        throw new AppError('not_found', 'signatures.tokenAbsent', { label: s.tokenLabel ?? '', serial: s.tokenSerial ?? '—' });
      }
      // One login, never retried: openToken refuses a locked token and the last try before a lock-out.
      signer = await openToken({ module: s.module!, slot: present.index, pin: secret, ...(s.keyId ? { keyId: s.keyId } : {}) });
    }
    if (!signer.certificate.equals(expected)) {
      signer.close();
      throw new AppError('conflict', 'signatures.certificateReplaced');
    }
    return signer;
  }

  /** Signs bytes as their format allows, and a detached .p7s over the signed bytes when asked. */
  async sign(request: SignRequest): Promise<SignedFiles> {
    const ext = extname(request.fileName).toLowerCase();
    if (!EMBEDDABLE.has(ext) && !request.p7s) {
      throw new AppError('invalid_input', 'signatures.noEmbeddedSignature', { fileName: request.fileName });
    }
    const signer = await this.open(request.identityId, request.secret);
    try {
      const signed = await signBytes(request.bytes, ext, signer, request.signingTime);
      const p7s = request.p7s ? await signDetached(signed.bytes, signer, request.signingTime ? { signingTime: request.signingTime } : {}) : null;
      return {
        file: { fileName: request.fileName, contentBase64: signed.bytes.toString('base64') },
        p7s: p7s ? { fileName: `${request.fileName}.p7s`, contentBase64: p7s.toString('base64') } : null,
        embedded: signed.embedded,
        signer: certificateView(signer.certificate),
      };
    } finally {
      signer.close();
    }
  }


  /** The identity member packages are also signed with, or null (Ed25519 only). */
  packageIdentity(): string | null {
    const id = this.meta.get(PACKAGE_KEY) ?? '';
    return id && this.stored().some((s) => s.id === id) ? id : null;
  }

  /**
   * Chooses (or clears) the identity member packages are signed with. The member's .pub file then carries
   * the certificate, so the secretariat must register it again before such packages are accepted.
   */
  setPackageIdentity(identityId: string | null): string | null {
    if (identityId !== null && !this.stored().some((s) => s.id === identityId)) throw new AppError('not_found', 'signatures.notFound');
    this.meta.set(PACKAGE_KEY, identityId ?? '');
    return this.packageIdentity();
  }

  packageCertificate(): Buffer | null {
    const id = this.packageIdentity();
    const s = id ? this.stored().find((x) => x.id === id) : undefined;
    return s ? Buffer.from(s.certificate, 'base64') : null;
  }

  openPackageSigner(secret: string): Promise<Signer> {
    const id = this.packageIdentity();
    if (!id) return Promise.reject(new AppError('not_found', 'signatures.noneChosen'));
    return this.open(id, secret);
  }

  trustedRoots(): Buffer[] {
    return this.trust.certificates();
  }


  roots(): CertificateView[] {
    return this.trust.list().map((c) => viewOf(c));
  }

  importRoots(fileName: string, bytes: Buffer): { added: number; roots: CertificateView[] } {
    const added = this.trust.import(bytes, fileName);
    return { added: added.length, roots: this.roots() };
  }

  removeRoot(sha256: string): CertificateView[] {
    if (!this.trust.remove(sha256)) throw new AppError('not_found', 'signatures.rootNotFound');
    return this.roots();
  }


  async verify(fileName: string, content: Buffer, sig: { fileName: string; bytes: Buffer } | null): Promise<VerifyReport> {
    const trusted = this.trust.certificates();
    const result = await verifyContent(content, fileName, sig?.bytes ?? null, trusted);
    return {
      fileName,
      kind: result.kind,
      signatures: result.signatures.map(checkView),
      problems: result.problems,
      verdict: result.verdict,
      ok: result.ok,
      trustedRoots: trusted.length,
    };
  }
}
