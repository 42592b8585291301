// USB tokens through PKCS#11 (pkcs11js, loaded only when a token is used: it is a native module).
// A wrong PIN is reported once and never retried: tokens lock after a few wrong PINs, so the app makes
// exactly one C_Login per request, refuses to try when the token says the PIN is locked, and refuses the
// last remaining try unless the caller says so explicitly.

import { createHash, verify as rsaVerify, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import type * as Pkcs11Types from 'pkcs11js';
import { AppError } from '../../shared/errors.js';
import { asn1js, assertCanSign, describeCertificate, parseCertificate, pkijs, signingRefusal, validAt, type CertificateInfo } from './certificate.js';
import type { Signer } from './signer.js';

type Pkcs11Lib = typeof Pkcs11Types;
type Handle = Buffer;

let loaded: Pkcs11Lib | null = null;
async function lib(): Promise<Pkcs11Lib> {
  if (!loaded) {
    try {
      const mod = (await import('pkcs11js')) as unknown as { default?: Pkcs11Lib } & Pkcs11Lib;
      loaded = mod.default ?? mod;
    } catch (error) {
      throw new AppError('internal', 'pkcs11.moduleMissing', { detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return loaded;
}


export interface ModuleCandidate {
  /** Who ships the driver, as users know it. */
  vendor: string;
  platform: 'win32' | 'linux' | 'darwin';
  path: string;
}

const SYSTEM32 = 'C:\\Windows\\System32\\';
const win = (vendor: string, ...dlls: string[]): ModuleCandidate[] => dlls.map((d) => ({ vendor, platform: 'win32', path: d.includes('\\') ? d : SYSTEM32 + d }));
const nix = (vendor: string, platform: 'linux' | 'darwin', ...paths: string[]): ModuleCandidate[] => paths.map((path) => ({ vendor, platform, path }));

/**
 * Usual PKCS#11 driver locations. NOT verified against real tokens: the names come from public
 * integration code of Vietnamese e-government and e-invoice tools (the drivers install their DLL in
 * System32). No driver name for Ban Cơ yếu Chính phủ's tokens could be confirmed; its users (and anyone
 * whose driver is not found) choose the module file by hand.
 */
export const MODULE_CANDIDATES: readonly ModuleCandidate[] = [
  ...win('VNPT-CA', 'vnpt-ca_csp11.dll', 'vnptca_p11_v10.dll', 'vnptca_p11_v8.dll', 'vnptca_p11_v6.dll', 'VNPT-CA_v34.dll', 'vnpt-ca_cl_v1.dll'),
  ...win('Viettel-CA', 'viettel-ca_v6.dll', 'viettel-ca_v5.dll', 'viettel-ca_v4.dll', 'viettel-ca_v2.dll', 'viettel-ca.dll'),
  ...win('BkavCA', 'BkavCA.dll', 'BkavCAv2S.dll', 'st3csp11.dll'),
  ...win('FPT-CA', 'fpt-ca.dll', 'fpt-ca_v5.dll', 'fpt-ca_v4.dll'),
  ...win('Nacencomm CA2', 'CA2_csp11.dll', 'CA2_v34.dll'),
  ...win('SafeNet eToken', 'eTPKCS11.dll'),
  ...win('Feitian ePass2003', 'eps2003csp11.dll', 'ShuttleCsp11_3003.dll'),
  ...win('OpenSC', 'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll'),
  ...nix('VNPT-CA', 'linux', '/usr/lib/vnpt-ca/libcryptoki.so'),
  ...nix('Viettel-CA', 'linux', '/usr/lib/viettel-ca/libpkcs11.so'),
  ...nix('FPT-CA', 'linux', '/usr/lib/fpt-ca/libpkcs11.so'),
  ...nix('SafeNet eToken', 'linux', '/usr/lib/libeTPkcs11.so'),
  ...nix('OpenSC', 'linux', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', '/usr/lib/opensc-pkcs11.so', '/usr/lib64/opensc-pkcs11.so'),
  ...nix('SoftHSM (thử nghiệm)', 'linux', '/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'),
  ...nix('Viettel-CA', 'darwin', '/usr/local/lib/viettel-ca_v6.dylib'),
  ...nix('OpenSC', 'darwin', '/Library/OpenSC/lib/opensc-pkcs11.so'),
];

/** The candidates whose file exists on this machine. */
export function installedModules(platform: NodeJS.Platform = process.platform): ModuleCandidate[] {
  return MODULE_CANDIDATES.filter((c) => c.platform === platform && existsSync(c.path));
}


export interface TokenSlot {
  /** Position among the slots holding a token (what --slot takes). */
  index: number;
  /** The module's own slot id. */
  slotId: string;
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  pinLocked: boolean;
  pinFinalTry: boolean;
  pinCountLow: boolean;
}

export interface TokenCertificate {
  /** CKA_ID in hex: what --key-id takes. */
  id: string;
  label: string;
  hasPrivateKey: boolean | null;
  info: CertificateInfo;
  /** The certificate itself (DER). */
  der: Buffer;
}

export interface TokenOptions {
  module: string;
  /** Index among the slots holding a token, or the module's slot id. Default: the only token present. */
  slot?: number | string;
  pin: string;
  /** CKA_ID (hex) of the key to use when the token holds several. */
  keyId?: string;
  /** Allow the login even when the token says a wrong PIN now would lock it. */
  allowFinalPinTry?: boolean;
}

const trimmed = (s: string | undefined) => (s ?? '').replace(/\0/g, '').trim();
const slotIdText = (h: Handle) => (h.length === 8 ? h.readBigUInt64LE().toString() : h.length === 4 ? String(h.readUInt32LE()) : h.toString('hex'));

function pkcs11Code(error: unknown): number | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'number' ? (error as { code: number }).code : null;
}

function failure(p: Pkcs11Lib, error: unknown, doing: string): AppError {
  if (error instanceof AppError) return error;
  const code = pkcs11Code(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === p.CKR_TOKEN_NOT_PRESENT || code === p.CKR_DEVICE_REMOVED) return new AppError('not_found', 'pkcs11.tokenRemoved', { doing });
  if (code === p.CKR_FUNCTION_CANCELED) return new AppError('forbidden', 'pkcs11.cancelled', { doing });
  return new AppError('internal', 'pkcs11.tokenError', { doing, text });
}

class Module {
  private constructor(
    readonly p: Pkcs11Lib,
    readonly api: Pkcs11Types.PKCS11,
  ) {}

  static async open(path: string): Promise<Module> {
    if (!existsSync(path)) throw new AppError('not_found', 'pkcs11.libraryNotFound', { path });
    const p = await lib();
    const api = new p.PKCS11();
    try {
      api.load(path);
    } catch (error) {
      throw new AppError('invalid_input', 'pkcs11.notALibrary', { path, detail: error instanceof Error ? error.message : String(error) });
    }
    try {
      api.C_Initialize();
    } catch (error) {
      if (pkcs11Code(error) !== p.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        api.close();
        throw failure(p, error, 'khởi động thư viện PKCS#11');
      }
    }
    return new Module(p, api);
  }

  /** Slots holding an initialised token (SoftHSM, for one, always offers an empty one to initialise). */
  present(): Array<{ handle: Handle; slot: TokenSlot }> {
    const { p, api } = this;
    let handles: Handle[];
    try {
      handles = api.C_GetSlotList(true);
    } catch (error) {
      throw failure(p, error, 'liệt kê khe cắm token');
    }
    const out: Array<{ handle: Handle; slot: TokenSlot }> = [];
    for (const h of handles) {
      const t = api.C_GetTokenInfo(h);
      if ((t.flags & p.CKF_TOKEN_INITIALIZED) === 0) continue;
      out.push({
        handle: h,
        slot: {
          index: out.length,
          slotId: slotIdText(h),
          label: trimmed(t.label),
          manufacturer: trimmed(t.manufacturerID),
          model: trimmed(t.model),
          serialNumber: trimmed(t.serialNumber),
          pinLocked: (t.flags & p.CKF_USER_PIN_LOCKED) !== 0,
          pinFinalTry: (t.flags & p.CKF_USER_PIN_FINAL_TRY) !== 0,
          pinCountLow: (t.flags & p.CKF_USER_PIN_COUNT_LOW) !== 0,
        },
      });
    }
    return out;
  }

  slots(): TokenSlot[] {
    return this.present().map((x) => x.slot);
  }

  slotHandle(wanted: number | string | undefined): { handle: Handle; slot: TokenSlot } {
    const present = this.present();
    const list = present.map((x) => `${x.slot.index} (mã ${x.slot.slotId}): ${x.slot.label}`).join('; ');
    if (present.length === 0) throw new AppError('not_found', 'pkcs11.noToken');
    if (wanted === undefined || wanted === '') {
      if (present.length > 1) throw new AppError('invalid_input', 'pkcs11.severalTokens', { count: present.length, list });
      return present[0]!;
    }
    const text = String(wanted).trim();
    if (!/^\d+$/.test(text)) throw new AppError('invalid_input', 'pkcs11.slotInvalid', { slot: text });
    const n = Number(text);
    if (n < present.length) return present[n]!;
    const byId = present.find((x) => x.slot.slotId === text);
    if (byId) return byId;
    throw new AppError('not_found', 'pkcs11.slotEmpty', { slot: text, list });
  }

  find(session: Handle, template: Pkcs11Types.Template): Handle[] {
    const { api } = this;
    api.C_FindObjectsInit(session, template);
    try {
      const out: Handle[] = [];
      for (;;) {
        const batch = api.C_FindObjects(session, 64);
        out.push(...batch);
        if (batch.length < 64) return out;
      }
    } finally {
      api.C_FindObjectsFinal(session);
    }
  }

  attribute(session: Handle, object: Handle, type: number): Buffer | null {
    try {
      const [a] = this.api.C_GetAttributeValue(session, object, [{ type }]);
      const v = a?.value;
      return Buffer.isBuffer(v) ? v : null;
    } catch {
      return null;
    }
  }

  certificates(session: Handle): Array<{ id: string; label: string; der: Buffer }> {
    const { p } = this;
    return this.find(session, [
      { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
      { type: p.CKA_CERTIFICATE_TYPE, value: p.CKC_X_509 },
    ]).flatMap((h) => {
      const der = this.attribute(session, h, p.CKA_VALUE);
      if (!der || der.length === 0) return [];
      try {
        parseCertificate(der);
      } catch {
        return [];
      }
      return [{ id: (this.attribute(session, h, p.CKA_ID) ?? Buffer.alloc(0)).toString('hex'), label: (this.attribute(session, h, p.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8'), der }];
    });
  }

  close(session: Handle | null, loggedIn: boolean): void {
    const { api } = this;
    try {
      if (session && loggedIn) api.C_Logout(session);
    } catch {
      /* the token may be gone already */
    }
    try {
      if (session) api.C_CloseSession(session);
    } catch {
      /* idem */
    }
    try {
      api.C_Finalize();
    } catch {
      /* idem */
    }
    try {
      api.close();
    } catch {
      /* idem */
    }
  }
}

/** The tokens a module sees, with their PIN state, without logging in. */
export async function listTokens(modulePath: string): Promise<TokenSlot[]> {
  const m = await Module.open(modulePath);
  try {
    return m.slots();
  } finally {
    m.close(null, false);
  }
}

/** The certificates on a token (public objects: no PIN needed). */
export async function listTokenCertificates(modulePath: string, slot?: number | string): Promise<TokenCertificate[]> {
  const m = await Module.open(modulePath);
  let session: Handle | null = null;
  try {
    const { handle } = m.slotHandle(slot);
    session = m.api.C_OpenSession(handle, m.p.CKF_SERIAL_SESSION);
    return m.certificates(session).map((c) => ({ id: c.id, label: c.label, hasPrivateKey: null, info: describeCertificate(c.der), der: c.der }));
  } catch (error) {
    throw failure(m.p, error, 'đọc chứng thư trên token');
  } finally {
    m.close(session, false);
  }
}

function loginOnce(m: Module, session: Handle, slot: TokenSlot, options: TokenOptions): void {
  const { p, api } = m;
  if (slot.pinLocked) throw new AppError('locked', 'pkcs11.pinLockedBefore', { label: slot.label });
  if (slot.pinFinalTry && !options.allowFinalPinTry) {
    throw new AppError(
      'forbidden',
      'pkcs11.pinFinalTry', { label: slot.label },
    );
  }
  if (!options.pin) throw new AppError('invalid_input', 'pkcs11.pinMissing');
  try {
    api.C_Login(session, p.CKU_USER, options.pin);
  } catch (error) {
    const code = pkcs11Code(error);
    if (code === p.CKR_USER_ALREADY_LOGGED_IN) return;
    if (code === p.CKR_PIN_INCORRECT) {
      let hint = '';
      try {
        const flags = api.C_GetTokenInfo(m.slotHandle(slot.index).handle).flags;
        if (flags & p.CKF_USER_PIN_LOCKED) hint = ' Token đã bị khóa PIN: hãy liên hệ tổ chức cấp chứng thư.';
        else if (flags & p.CKF_USER_PIN_FINAL_TRY) hint = ' Token báo chỉ còn MỘT lần thử: nhập sai nữa token sẽ bị khóa.';
        else if (flags & p.CKF_USER_PIN_COUNT_LOW) hint = ' Token báo còn ít lần thử.';
      } catch {
        /* the hint is optional */
      }
      throw new AppError('forbidden', 'pkcs11.pinIncorrect', { label: slot.label, hint });
    }
    if (code === p.CKR_PIN_LOCKED) throw new AppError('locked', 'pkcs11.pinLocked', { label: slot.label });
    if (code === p.CKR_PIN_LEN_RANGE || code === p.CKR_PIN_INVALID) throw new AppError('forbidden', 'pkcs11.pinInvalid', { label: slot.label });
    if (code === p.CKR_PIN_EXPIRED) throw new AppError('forbidden', 'pkcs11.pinExpired', { label: slot.label });
    throw failure(p, error, 'đăng nhập token');
  }
}

function digestInfoSha256(data: Uint8Array): Buffer {
  const digest = createHash('sha256').update(data).digest();
  const info = new pkijs.DigestInfo({
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1', algorithmParams: new asn1js.Null() }),
    digest: new asn1js.OctetString({ valueHex: digest }),
  });
  return Buffer.from(info.toSchema().toBER(false));
}

/**
 * Logs in (once) and returns a signer bound to the token's key. The session stays open until close(), so
 * signing an .xlsx and its .p7s asks for the PIN once.
 */
export async function openToken(options: TokenOptions): Promise<Signer> {
  const m = await Module.open(options.module);
  const { p, api } = m;
  let session: Handle | null = null;
  let loggedIn = false;
  try {
    const { handle, slot } = m.slotHandle(options.slot);
    session = api.C_OpenSession(handle, p.CKF_SERIAL_SESSION);
    // Certificates are public objects: a token whose signing certificates are all outside their validity
    // is refused before the PIN is sent (a wrong PIN would count for nothing).
    const wantedBeforeLogin = options.keyId?.toLowerCase().replace(/[^0-9a-f]/g, '');
    const signingCerts = m.certificates(session).filter((c) => !describeCertificate(c.der).isCA && (!wantedBeforeLogin || c.id === wantedBeforeLogin));
    const refusals = signingCerts.map((c) => signingRefusal(c.der));
    if (refusals.length > 0 && refusals.every((r) => r !== null)) throw refusals[0]!;
    loginOnce(m, session, slot, options);
    loggedIn = true;

    const certs = m.certificates(session);
    const keys = m.find(session, [
      { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
      { type: p.CKA_KEY_TYPE, value: p.CKK_RSA },
    ]).map((h) => ({ handle: h, id: (m.attribute(session!, h, p.CKA_ID) ?? Buffer.alloc(0)).toString('hex'), modulus: m.attribute(session!, h, p.CKA_MODULUS) }));
    const wantedId = options.keyId?.toLowerCase().replace(/[^0-9a-f]/g, '');
    const modulusOf = (der: Buffer) => {
      const jwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
      return typeof jwk.n === 'string' ? Buffer.from(jwk.n, 'base64url') : null;
    };
    const pairs = certs.flatMap((c) => {
      if (wantedId && c.id !== wantedId) return [];
      const byId = c.id ? keys.find((k) => k.id === c.id) : undefined;
      const n = modulusOf(c.der);
      const key = byId ?? keys.find((k) => k.modulus && n && k.modulus.equals(n));
      return key ? [{ cert: c, key }] : [];
    });
    if (pairs.length === 0) {
      throw wantedId ? new AppError('not_found', 'pkcs11.noPairWithId', { id: wantedId, label: slot.label }) : new AppError('not_found', 'pkcs11.noPair', { label: slot.label });
    }
    const now = new Date();
    const chosen = pairs.find((x) => validAt(x.cert.der, now) === 'valid') ?? pairs[0]!;
    assertCanSign(chosen.cert.der, now);
    const chain = certs.filter((c) => c !== chosen.cert).map((c) => c.der);
    const mechanisms = api.C_GetMechanismList(handle);
    const raw = mechanisms.includes(p.CKM_RSA_PKCS);
    if (!raw && !mechanisms.includes(p.CKM_SHA256_RSA_PKCS)) throw new AppError('invalid_input', 'pkcs11.noRsaPkcs1', { label: slot.label });
    const publicKey = new X509Certificate(chosen.cert.der).publicKey;
    const openSession = session;
    let closed = false;
    return {
      certificate: chosen.cert.der,
      chain,
      source: 'pkcs11',
      sign: (data) => {
        if (closed) return Promise.reject(new AppError('invalid_input', 'pkcs11.sessionClosed'));
        try {
          assertCanSign(chosen.cert.der);
          api.C_SignInit(openSession, { mechanism: raw ? p.CKM_RSA_PKCS : p.CKM_SHA256_RSA_PKCS }, chosen.key.handle);
          const signature = Buffer.from(api.C_Sign(openSession, raw ? digestInfoSha256(data) : Buffer.from(data), Buffer.alloc(1024)));
          // A token holding a certificate that does not belong to its key would sign "successfully".
          if (!rsaVerify('sha256', data, publicKey, signature)) throw new AppError('invalid_input', 'pkcs11.signatureMismatch', { commonName: describeCertificate(chosen.cert.der).commonName });
          return Promise.resolve(signature);
        } catch (error) {
          return Promise.reject(failure(p, error, 'ký'));
        }
      },
      close: () => {
        if (closed) return;
        closed = true;
        m.close(openSession, true);
      },
    };
  } catch (error) {
    m.close(session, loggedIn);
    throw failure(p, error, 'mở token');
  }
}
