// Shared by the signing tests: a small PKI made with openssl (a root CA, a signer with a Vietnamese
// subject, an expired signer, a foreign CA), PKCS#12 files, a SoftHSM2 token initialised in a temp folder
// with the key and certificates put on it, and real annex files from the demo campaign.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAnnexes } from '../../electron/annex/build.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { writeAnnexXlsx } from '../../electron/annex/xlsx.js';
import { openApp } from '../../electron/core/app.js';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const PKCS11_SPY = '/usr/lib/x86_64-linux-gnu/pkcs11-spy.so';
export const SIGNER_CN = 'Nguyễn Văn A';
export const SIGNER_O = 'Sở Nội vụ';
export const P12_PASSWORD = 'Mật khẩu 2025!';
export const TOKEN_PIN = '1234';

export function tempDir(prefix = 'par-sign-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The tool, or a failure that says how to install it (CI installs them; tests never skip). */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', env: options.env ?? process.env, cwd: options.cwd, input: options.input, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`"${command}" is missing. Install it: apt-get install openssl softhsm2 opensc poppler-utils libreoffice-calc-nogui`);
    throw r.error;
  }
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

export function must(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const r = run(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}: ${r.err}${r.out}`);
  return r.out;
}

export interface Pki {
  dir: string;
  caPem: string;
  caKey: string;
  signerPem: string;
  signerKey: string;
  signerDer: string;
  caDer: string;
  /** PBES2/AES-256 + SHA-256 MAC (OpenSSL 3's default), with the chain. */
  p12: string;
  /** 3DES/SHA-1, as Windows exports by default. */
  p12Legacy: string;
  expiredPem: string;
  expiredP12: string;
  /** A CA that did not issue anything here. */
  foreignCaPem: string;
}

const SIGNER_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

/** Certificates and keys for a test file, made once (RSA key generation dominates). */
export function makePki(): Pki {
  const dir = tempDir('par-pki-');
  const f = (name: string) => join(dir, name);
  // `openssl ca` is the tool that sets past dates (x509 -req cannot in OpenSSL 3.0): the root is valid
  // from 2019, so that it covers the expired signer (2020–2021), as a real CA would.
  mkdirSync(f('newcerts'));
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '2001\n');
  writeFileSync(
    f('ca.cnf'),
    `[ ca ]\ndefault_ca = test\n[ test ]\ndir = ${dir}\ndatabase = ${f('index.txt')}\nnew_certs_dir = ${f('newcerts')}\nserial = ${f('serial')}\n` +
      `default_md = sha256\npolicy = anything\nunique_subject = no\nx509_extensions = v3\n[ anything ]\nC = optional\nO = optional\nCN = supplied\n[ v3 ]\n${SIGNER_EXT}[ v3_ca ]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n`,
  );
  must('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.csr'), '-utf8', '-subj', '/C=VN/O=Ban Cơ yếu Chính phủ (thử nghiệm)/CN=PAR Test Root CA']);
  must('openssl', ['ca', '-batch', '-selfsign', '-config', f('ca.cnf'), '-keyfile', f('ca.key'), '-in', f('ca.csr'), '-out', f('ca.pem'), '-notext', '-utf8',
    '-extensions', 'v3_ca', '-startdate', '20190101000000Z', '-enddate', '20391231235959Z']);
  must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('foreign.key'), '-out', f('foreign.pem'), '-days', '3650', '-sha256', '-subj', '/C=VN/CN=Foreign Test CA']);
  writeFileSync(f('signer.ext'), SIGNER_EXT);
  must('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('signer.key'), '-out', f('signer.csr'), '-utf8', '-subj', `/C=VN/O=${SIGNER_O}/CN=${SIGNER_CN}`]);
  must('openssl', ['x509', '-req', '-in', f('signer.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-set_serial', '0x1A2B3C', '-days', '730', '-sha256', '-extfile', f('signer.ext'), '-out', f('signer.pem')]);
  must('openssl', ['x509', '-in', f('signer.pem'), '-outform', 'DER', '-out', f('signer.der')]);
  must('openssl', ['x509', '-in', f('ca.pem'), '-outform', 'DER', '-out', f('ca.der')]);
  const pass = `pass:${P12_PASSWORD}`;
  must('openssl', ['pkcs12', '-export', '-inkey', f('signer.key'), '-in', f('signer.pem'), '-certfile', f('ca.pem'), '-name', SIGNER_CN, '-out', f('signer.p12'), '-passout', pass]);
  must('openssl', ['pkcs12', '-export', '-inkey', f('signer.key'), '-in', f('signer.pem'), '-certfile', f('ca.pem'), '-out', f('legacy.p12'), '-passout', pass,
    '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);

  must('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('expired.key'), '-out', f('expired.csr'), '-utf8', '-subj', '/C=VN/O=Sở Nội vụ/CN=Trần Thị Hết Hạn']);
  must('openssl', ['ca', '-batch', '-config', f('ca.cnf'), '-cert', f('ca.pem'), '-keyfile', f('ca.key'), '-in', f('expired.csr'), '-out', f('expired.pem'), '-notext', '-utf8',
    '-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  must('openssl', ['pkcs12', '-export', '-inkey', f('expired.key'), '-in', f('expired.pem'), '-certfile', f('ca.pem'), '-out', f('expired.p12'), '-passout', pass]);
  return {
    dir,
    caPem: f('ca.pem'),
    caKey: f('ca.key'),
    signerPem: f('signer.pem'),
    signerKey: f('signer.key'),
    signerDer: f('signer.der'),
    caDer: f('ca.der'),
    p12: f('signer.p12'),
    p12Legacy: f('legacy.p12'),
    expiredPem: f('expired.pem'),
    expiredP12: f('expired.p12'),
    foreignCaPem: f('foreign.pem'),
  };
}

export interface Token {
  module: string;
  conf: string;
  pin: string;
}

/**
 * A SoftHSM2 token in a temp folder (SOFTHSM2_CONF is set for this process, which is where the module
 * reads it), holding the signer's key (id 01), its certificate (id 01) and the CA certificate (id 02).
 */
export function makeToken(pki: Pki): Token {
  const dir = tempDir('par-softhsm-');
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  must('softhsm2-util', ['--init-token', '--free', '--label', 'par', '--pin', TOKEN_PIN, '--so-pin', '5678'], { env });
  must('softhsm2-util', ['--import', pki.signerKey, '--token', 'par', '--label', 'signer', '--id', '01', '--pin', TOKEN_PIN], { env });
  const tool = (file: string, id: string, label: string) =>
    must('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', 'par', '--login', '--pin', TOKEN_PIN, '--write-object', file, '--type', 'cert', '--id', id, '--label', label], { env });
  tool(pki.signerDer, '01', 'signer');
  tool(pki.caDer, '02', 'ca');
  return { module: SOFTHSM_MODULE, conf, pin: TOKEN_PIN };
}

export interface Annexes {
  dir: string;
  xlsx: Buffer;
  pdf: Buffer;
}

/** Phụ lục I–III of the seeded demo campaign, as the app exports them. */
export async function demoAnnexes(): Promise<Annexes> {
  const dir = tempDir('par-annex-sign-');
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: true });
  try {
    const campaign = app.services.campaigns.list()[0];
    if (!campaign) throw new Error('the demo campaign was not seeded');
    const set = buildAnnexes(app.services, campaign.id, ['I', 'II', 'III'], { decisionNo: '679/QĐ-UBND', decisionDate: '2022-02-16', issuer: 'Chủ tịch Ủy ban nhân dân thành phố Cần Thơ' });
    return { dir, xlsx: writeAnnexXlsx(set), pdf: await writeAnnexPdf(set) };
  } finally {
    app.close();
  }
}

/** `openssl cms -verify` exactly as the issue gives it. */
export function opensslVerify(content: string, p7s: string, caPem: string): { code: number; out: string; err: string } {
  return run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', content, '-in', p7s, '-CAfile', caPem, '-out', '/dev/null']);
}

export function flipByte(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  writeFileSync(file, b);
}
