// The signatures service through the app's own dispatcher (zod contract included): identities from a
// real .p12 made with openssl and a real SoftHSM2 token, trusted roots, signing an annex, verifying it
// (openssl agrees about the .p7s), a wrong PIN tried exactly once, nothing secret kept on disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Output, SignatureCheck, SigningIdentity, VerifyReport } from '../../shared/contract.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { makePki, makeToken, must, opensslVerify, P12_PASSWORD, PKCS11_SPY, SIGNER_CN, SIGNER_O, SOFTHSM_MODULE, tempDir } from './support.js';

const pki = makePki();
const token = makeToken(pki);
const b64 = (file: string) => readFileSync(file).toString('base64');
const opensslFingerprint = must('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', pki.signerPem]).trim().split('=')[1]!;

function open(): AppCore {
  return openApp({ dataDir: tempDir('par-sigsvc-'), host: 'cli', seedDemo: true });
}

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const reply = await app.dispatch(method, input, { actor: 'test' });
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

async function refusal(app: AppCore, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const reply = await app.dispatch(method, input, { actor: 'test' });
  assert.equal(reply.ok, false, `${method} should be refused`);
  return reply.ok ? { code: '', message: '' } : reply.error;
}

const campaignOf = (app: AppCore) => app.services.campaigns.list()[0]!.id;

/** Every byte under the data folder (database, WAL, identity files), to look for a secret. */
function everyByte(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else parts.push(readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

test('a .p12 identity is added with its password once: the subject exactly as in the certificate, the file owner-only, the password nowhere', async () => {
  const app = open();
  try {
    const wrong = await refusal(app, 'signature/addPkcs12', { fileName: 'chu-ky.p12', contentBase64: b64(pki.p12), password: 'sai' });
    assert.equal(wrong.code, 'forbidden');
    assert.match(wrong.message, /Mật khẩu của tệp chứng thư số \(\.p12\/\.pfx\) không đúng/);
    assert.deepEqual(await call(app, 'signature/identities', {}), [], 'a refused file adds nothing');

    const list = await call<SigningIdentity[]>(app, 'signature/addPkcs12', { fileName: 'chu-ky.p12', contentBase64: b64(pki.p12), password: P12_PASSWORD });
    assert.equal(list.length, 1);
    const id = list[0]!;
    assert.equal(id.kind, 'pkcs12');
    assert.equal(id.fileName, 'chu-ky.p12');
    assert.equal(id.certificate.commonName, SIGNER_CN);
    assert.equal(id.certificate.subject, `CN=${SIGNER_CN}, O=${SIGNER_O}, C=VN`);
    assert.equal(id.certificate.issuerCommonName, 'PAR Test Root CA');
    assert.equal(id.certificate.sha256, opensslFingerprint);
    assert.equal(id.certificate.fingerprint, opensslFingerprint.replace(/:/g, '').match(/.{4}/g)!.join(' '));
    assert.equal(id.certificate.status, 'valid');

    const stored = join(app.info.dataDir, 'identities', `${id.id}.p12`);
    assert.ok(readFileSync(stored).equals(readFileSync(pki.p12)), 'the .p12 bytes are kept as they came');
    assert.equal(statSync(stored).mode & 0o777, 0o600);
    const password = Buffer.from(P12_PASSWORD, 'utf8');
    assert.equal(everyByte(app.info.dataDir).indexOf(password), -1, 'the password is stored nowhere in the data folder');

    const again = await refusal(app, 'signature/addPkcs12', { fileName: 'lai.p12', contentBase64: b64(pki.p12Legacy), password: P12_PASSWORD });
    assert.equal(again.code, 'conflict');
    assert.match(again.message, /"Nguyễn Văn A" đã có trong danh sách/);

    const expired = await call<SigningIdentity[]>(app, 'signature/addPkcs12', { fileName: 'het-han.p12', contentBase64: b64(pki.expiredP12), password: P12_PASSWORD });
    assert.deepEqual(expired.map((x) => [x.certificate.commonName, x.certificate.status]), [[SIGNER_CN, 'valid'], ['Trần Thị Hết Hạn', 'expired']]);

    const left = await call<SigningIdentity[]>(app, 'signature/removeIdentity', { identityId: id.id });
    assert.deepEqual(left.map((x) => x.certificate.commonName), ['Trần Thị Hết Hạn']);
    assert.throws(() => statSync(stored), 'the removed identity\'s file is deleted');
  } finally {
    app.close();
  }
});

test('an annex .xlsx is signed through the service with a .p7s; verification shows the signer, time, integrity, and the chain once the root is trusted', async () => {
  const app = open();
  try {
    const [id] = await call<SigningIdentity[]>(app, 'signature/addPkcs12', { fileName: 'chu-ky.p12', contentBase64: b64(pki.p12), password: P12_PASSWORD });
    const before = Date.now();
    const signed = await call<Output<'signature/signAnnex'>>(app, 'signature/signAnnex', { campaignId: campaignOf(app), annex: 'I', format: 'xlsx', identityId: id!.id, secret: P12_PASSWORD, p7s: true });
    assert.equal(signed.embedded, 'xlsx');
    assert.equal(signed.file.fileName, 'Phu-luc-I-xep-hang-CCHC-2025.xlsx');
    assert.equal(signed.p7s?.fileName, 'Phu-luc-I-xep-hang-CCHC-2025.xlsx.p7s');
    assert.equal(signed.signer.commonName, SIGNER_CN);

    const dir = tempDir('par-sigsvc-out-');
    const file = join(dir, signed.file.fileName);
    writeFileSync(file, Buffer.from(signed.file.contentBase64, 'base64'));
    writeFileSync(`${file}.p7s`, Buffer.from(signed.p7s!.contentBase64, 'base64'));
    const openssl = opensslVerify(file, `${file}.p7s`, pki.caPem);
    assert.equal(openssl.code, 0, openssl.err);

    const input = { fileName: signed.file.fileName, contentBase64: signed.file.contentBase64, sigFileName: signed.p7s!.fileName, sigBase64: signed.p7s!.contentBase64 };
    const untrusted = await call<VerifyReport>(app, 'signature/verify', input);
    assert.equal(untrusted.trustedRoots, 0);
    assert.equal(untrusted.signatures.length, 2, 'the embedded signature and the .p7s');
    assert.deepEqual([untrusted.ok, untrusted.verdict], [false, 'untrusted'], 'an empty trust store identifies no signer');
    for (const s of untrusted.signatures) {
      assert.equal(s.signer?.subject, `CN=${SIGNER_CN}, O=${SIGNER_O}, C=VN`);
      assert.equal(s.intact, true);
      assert.equal(s.chain.status, 'untrusted');
      assert.deepEqual([s.verdict, s.valid], ['untrusted', false]);
      assert.ok(s.signingTime && Math.abs(new Date(s.signingTime).getTime() - before) < 10 * 60_000, `signing time ${s.signingTime}`);
    }

    const imported = await call<Output<'signature/importRoots'>>(app, 'signature/importRoots', { fileName: 'ca.pem', contentBase64: b64(pki.caPem) });
    assert.equal(imported.added, 1);
    assert.deepEqual(imported.roots.map((r) => r.commonName), ['PAR Test Root CA']);
    const trusted = await call<VerifyReport>(app, 'signature/verify', input);
    assert.equal(trusted.ok, true);
    assert.equal(trusted.trustedRoots, 1);
    assert.deepEqual(trusted.signatures.map((s) => s.chain.status), ['trusted', 'trusted']);
    assert.ok(trusted.signatures.every((s) => s.valid));
    assert.equal((await call<Output<'signature/importRoots'>>(app, 'signature/importRoots', { fileName: 'ca.der', contentBase64: b64(pki.caDer) })).added, 0, 'the same CA as DER is not added twice');

    // A certificate that has expired is listed (to be seen and removed) but signs nothing: refused before
    // the password is used, with its validity dates; a wrong password gets the same answer.
    const withExpired = await call<SigningIdentity[]>(app, 'signature/addPkcs12', { fileName: 'het-han.p12', contentBase64: b64(pki.expiredP12), password: P12_PASSWORD });
    const expired = withExpired.find((x) => x.certificate.status === 'expired')!;
    for (const secret of [P12_PASSWORD, 'sai']) {
      const late = await refusal(app, 'signature/signAnnex', { campaignId: campaignOf(app), annex: 'I', format: 'pdf', identityId: expired.id, secret, p7s: false });
      assert.equal(late.code, 'forbidden');
      assert.match(late.message, /^Không thể ký: chứng thư số "Trần Thị Hết Hạn" chỉ có hiệu lực từ 01\/01\/2020 đến 01\/01\/2021; vào thời điểm ký \(\d{2}\/\d{2}\/\d{4}\) chứng thư đã hết hạn từ 01\/01\/2021\./);
    }

    // One changed cell in the workbook (the package re-zipped, signature parts kept): both signatures say so.
    const parts = unzipSync(Buffer.from(signed.file.contentBase64, 'base64'));
    const sheetName = Object.keys(parts).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
    const sheet = strFromU8(parts[sheetName]!);
    const changed = sheet.replace(/<v>(\d+)<\/v>/, (_m, n: string) => `<v>${Number(n) + 1}</v>`);
    assert.notEqual(changed, sheet);
    parts[sheetName] = strToU8(changed);
    const tampered = await call<VerifyReport>(app, 'signature/verify', { ...input, contentBase64: Buffer.from(zipSync(parts)).toString('base64') });
    assert.equal(tampered.ok, false);
    assert.deepEqual(tampered.signatures.map((s: SignatureCheck) => [s.intact, s.valid]), [[false, false], [false, false]]);

    // A root the signer does not lead to: the chain is reported untrusted.
    const roots = await call<Output<'signature/removeRoot'>>(app, 'signature/removeRoot', { sha256: imported.roots[0]!.sha256 });
    assert.deepEqual(roots, []);
    await call(app, 'signature/importRoots', { fileName: 'foreign.pem', contentBase64: b64(pki.foreignCaPem) });
    const foreign = await call<VerifyReport>(app, 'signature/verify', input);
    assert.equal(foreign.ok, false);
    assert.deepEqual(foreign.signatures.map((s) => s.chain.status), ['untrusted', 'untrusted']);

    const wrong = await refusal(app, 'signature/signAnnex', { campaignId: campaignOf(app), identityId: id!.id, secret: 'sai mật khẩu', p7s: false });
    assert.equal(wrong.code, 'forbidden');
    assert.doesNotMatch(wrong.message, /sai mật khẩu/, 'the password typed is never echoed');
  } finally {
    app.close();
  }
});

test('a token identity: driver found on this machine, slot and certificate listed without a PIN, a PDF annex signed with the PIN and verified', async () => {
  const app = open();
  try {
    const modules = await call<Output<'signature/modules'>>(app, 'signature/modules', {});
    assert.ok(modules.installed.some((m) => m.path === SOFTHSM_MODULE));
    const slots = await call<Output<'signature/tokens'>>(app, 'signature/tokens', { module: SOFTHSM_MODULE });
    assert.deepEqual(slots.map((s) => [s.index, s.label, s.pinLocked]), [[0, 'par', false]]);
    const certs = await call<Output<'signature/tokenCertificates'>>(app, 'signature/tokenCertificates', { module: SOFTHSM_MODULE, slot: 0 });
    assert.deepEqual(certs.map((c) => [c.keyId, c.certificate.commonName, c.certificate.isCA]), [['01', SIGNER_CN, false], ['02', 'PAR Test Root CA', true]]);

    const list = await call<SigningIdentity[]>(app, 'signature/addPkcs11', { module: SOFTHSM_MODULE, slot: 0, keyId: '01' });
    const id = list[0]!;
    assert.equal(id.kind, 'pkcs11');
    assert.equal(id.tokenLabel, 'par');
    assert.equal(id.certificate.subject, `CN=${SIGNER_CN}, O=${SIGNER_O}, C=VN`);
    assert.equal(everyByte(app.info.dataDir).indexOf(Buffer.from(`"${token.pin}"`)), -1);

    const signed = await call<Output<'signature/signAnnex'>>(app, 'signature/signAnnex', { campaignId: campaignOf(app), annex: 'II', format: 'pdf', identityId: id.id, secret: token.pin, p7s: false });
    assert.equal(signed.embedded, 'pdf');
    assert.equal(signed.p7s, null);
    await call(app, 'signature/importRoots', { fileName: 'ca.pem', contentBase64: b64(pki.caPem) });
    const report = await call<VerifyReport>(app, 'signature/verify', { fileName: signed.file.fileName, contentBase64: signed.file.contentBase64 });
    assert.equal(report.kind, 'pdf');
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.signatures[0]!.signer?.commonName, SIGNER_CN);
    assert.equal(report.signatures[0]!.chain.status, 'trusted');
  } finally {
    app.close();
  }
});

test('a wrong PIN through the service: one C_Login (pkcs11-spy counts), a clear message, no retry, and the token still signs with the right PIN', async () => {
  const app = open();
  const log = join(tempDir('par-sigsvc-spy-'), 'spy.log');
  process.env.PKCS11SPY = SOFTHSM_MODULE;
  process.env.PKCS11SPY_OUTPUT = log;
  // pkcs11-spy is no CA's driver: this test grants it as the shell's dialog would.
  app.services.signatures.allowModule(PKCS11_SPY);
  try {
    const [id] = await call<SigningIdentity[]>(app, 'signature/addPkcs11', { module: PKCS11_SPY, slot: 0, keyId: '01' });
    const input = { campaignId: campaignOf(app), annex: 'I', format: 'xlsx', identityId: id!.id, p7s: true };
    const wrong = await refusal(app, 'signature/signAnnex', { ...input, secret: '0000' });
    assert.equal(wrong.code, 'forbidden');
    assert.match(wrong.message, /Mã PIN của token "par" không đúng\. Ứng dụng không tự thử lại/);
    assert.doesNotMatch(wrong.message, /0000/);
    assert.equal((readFileSync(log, 'utf8').match(/C_Login/g) ?? []).length, 1, 'exactly one login attempt');

    const empty = await refusal(app, 'signature/signAnnex', { ...input, secret: '' });
    assert.match(empty.message, /PIN rỗng/);
    assert.equal((readFileSync(log, 'utf8').match(/C_Login/g) ?? []).length, 1, 'an empty PIN is never sent');

    const ok = await call<Output<'signature/signAnnex'>>(app, 'signature/signAnnex', { ...input, secret: token.pin });
    assert.equal(ok.signer.commonName, SIGNER_CN);
    assert.ok(ok.p7s);
  } finally {
    app.close();
  }
});

test('the contract refuses what is not a driver file, not base64, or not a uuid, before anything runs', async () => {
  const app = open();
  try {
    assert.match((await refusal(app, 'signature/tokens', { module: 'libsofthsm2.so' })).message, /[Tt]hư viện token|cần đường dẫn đầy đủ/);
    assert.match((await refusal(app, 'signature/tokens', { module: '/etc/passwd' })).message, /\.dll, \.so hoặc \.dylib/);
    assert.match((await refusal(app, 'signature/importRoots', { fileName: 'x.pem', contentBase64: '%%%' })).message, /base64/);
    assert.equal((await refusal(app, 'signature/removeIdentity', { identityId: 'x' })).code, 'invalid_input');
    const notCa = await refusal(app, 'signature/importRoots', { fileName: 'signer.pem', contentBase64: b64(pki.signerPem) });
    assert.match(notCa.message, /không phải chứng thư của tổ chức chứng thực \(CA\)/);
    assert.deepEqual(await call(app, 'signature/roots', {}), []);
  } finally {
    app.close();
  }
});

test('a driver path that is not a known CA driver on this machine is never loaded (no native code runs), whichever door it comes through', async () => {
  const dataDir = tempDir('par-sigsvc-modules-');
  const log = join(tempDir('par-sigsvc-spy-'), 'loaded.log');
  process.env.PKCS11SPY = SOFTHSM_MODULE;
  process.env.PKCS11SPY_OUTPUT = log;
  const app = openApp({ dataDir, host: 'cli', seedDemo: true });
  let identityId = '';
  try {
    assert.equal(app.services.signatures.isAllowedModule(SOFTHSM_MODULE), true, 'SoftHSM2 is in the known list and installed here');
    assert.equal(app.services.signatures.isAllowedModule(PKCS11_SPY), false);
    for (const [method, input] of [
      ['signature/tokens', { module: PKCS11_SPY }],
      ['signature/tokenCertificates', { module: PKCS11_SPY, slot: 0 }],
      ['signature/addPkcs11', { module: PKCS11_SPY, slot: 0, keyId: '01' }],
    ] as const) {
      const refused = await refusal(app, method, input);
      assert.equal(refused.code, 'forbidden', method);
      assert.match(refused.message, /không phải driver token của tổ chức cấp chứng thư nào tìm thấy trên máy này/, method);
    }
    assert.equal(existsSync(log), false, 'the spy module was never loaded: it writes its log as soon as it is');

    // Granted once (as by the shell's dialog), an identity on it is remembered...
    app.services.signatures.allowModule(PKCS11_SPY);
    identityId = (await call<SigningIdentity[]>(app, 'signature/addPkcs11', { module: PKCS11_SPY, slot: 0, keyId: '01' }))[0]!.id;
  } finally {
    app.close();
  }
  // ...but a later run that was granted nothing does not load it to sign.
  const again = openApp({ dataDir, host: 'cli', seedDemo: false });
  try {
    const refused = await refusal(again, 'signature/signAnnex', { campaignId: campaignOf(again), identityId, secret: token.pin, p7s: false });
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, new RegExp(`"${PKCS11_SPY}" không phải driver token`));
  } finally {
    again.close();
  }
});
