// A certificate outside its validity period signs nothing, through every door: a PKCS#11 token holding
// only an expired certificate (its own SoftHSM2 token, so this file runs in a process of its own), `par
// sign --pkcs11`, the app's annex signing (refused before the PIN is sent: pkcs11-spy counts the logins)
// and the member package signed with an expired .p12 (refused before a package number is used).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FilePayload, SigningIdentity } from '../../shared/contract.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { signCommand, type ParsedArgs } from '../../electron/signing/cli.js';
import { openToken } from '../../electron/signing/index.js';
import { demoAnnexes, makePki, must, P12_PASSWORD, PKCS11_SPY, SOFTHSM_MODULE, tempDir, TOKEN_PIN } from './support.js';

const pki = makePki();
const annexes = await demoAnnexes();
const DATES = /chứng thư số "Trần Thị Hết Hạn" chỉ có hiệu lực từ 01\/01\/2020 đến 01\/01\/2021; vào thời điểm ký \(\d{2}\/\d{2}\/\d{4}\) chứng thư đã hết hạn từ 01\/01\/2021/;

/** A SoftHSM2 token "het-han" holding the expired signer's key and certificate (id 01). */
function expiredToken(): void {
  const dir = tempDir('par-softhsm-expired-');
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  must('softhsm2-util', ['--init-token', '--free', '--label', 'het-han', '--pin', TOKEN_PIN, '--so-pin', '5678'], { env });
  must('softhsm2-util', ['--import', join(pki.dir, 'expired.key'), '--token', 'het-han', '--label', 'signer', '--id', '01', '--pin', TOKEN_PIN], { env });
  const der = join(pki.dir, 'expired.der');
  must('openssl', ['x509', '-in', pki.expiredPem, '-outform', 'DER', '-out', der]);
  must('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', 'het-han', '--login', '--pin', TOKEN_PIN, '--write-object', der, '--type', 'cert', '--id', '01', '--label', 'signer'], { env });
}
expiredToken();

function args(...argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) options.set(a, a === '--p7s' ? true : argv[++i]!);
    else positional.push(a);
  }
  return { positional, options };
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

test('a token holding only an expired certificate: openToken and `par sign --pkcs11` refuse, naming its validity dates; the file is unchanged', async () => {
  await assert.rejects(openToken({ module: SOFTHSM_MODULE, slot: 0, pin: TOKEN_PIN }), (e: Error) => DATES.test(e.message));
  // Refused from the certificates (public objects) before the PIN is sent: pkcs11-spy counts no login.
  const log = join(tempDir('par-expired-spy-'), 'open.log');
  process.env.PKCS11SPY = SOFTHSM_MODULE;
  process.env.PKCS11SPY_OUTPUT = log;
  await assert.rejects(openToken({ module: PKCS11_SPY, slot: 0, pin: '0000' }), (e: Error) => DATES.test(e.message));
  assert.match(readFileSync(log, 'utf8'), /C_OpenSession/);
  assert.equal((readFileSync(log, 'utf8').match(/C_Login/g) ?? []).length, 0, 'no PIN sent, not even a wrong one');
  const file = join(annexes.dir, 'token-expired.pdf');
  writeFileSync(file, annexes.pdf);
  const err: string[] = [];
  const code = await signCommand(args('sign', file, '--pkcs11', SOFTHSM_MODULE, '--slot', '0', '--pin-env', 'PAR_PIN', '--p7s'), { out: () => undefined, err: (s) => err.push(s) }, { ...process.env, PAR_PIN: TOKEN_PIN });
  assert.equal(code, 1);
  assert.match(err.join('\n'), new RegExp(`^Lỗi: Không thể ký: ${DATES.source}`));
  assert.ok(readFileSync(file).equals(annexes.pdf), 'nothing written');
  assert.equal(existsSync(`${file}.p7s`), false);
});

test('the app refuses to sign an annex with the expired token identity before the PIN is sent (no C_Login)', async () => {
  const log = join(tempDir('par-expired-spy-'), 'spy.log');
  process.env.PKCS11SPY = SOFTHSM_MODULE;
  process.env.PKCS11SPY_OUTPUT = log;
  const app = openApp({ dataDir: tempDir('par-expired-app-'), host: 'cli', seedDemo: true });
  try {
    app.services.signatures.allowModule(PKCS11_SPY);
    const [identity] = await call<SigningIdentity[]>(app, 'signature/addPkcs11', { module: PKCS11_SPY, slot: 0, keyId: '01' });
    assert.equal(identity!.certificate.status, 'expired');
    const campaignId = app.services.campaigns.list()[0]!.id;
    const refused = await refusal(app, 'signature/signAnnex', { campaignId, annex: 'I', format: 'xlsx', identityId: identity!.id, secret: TOKEN_PIN, p7s: true });
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, DATES);
    assert.equal((readFileSync(log, 'utf8').match(/C_Login/g) ?? []).length, 0, 'the PIN was never sent');
  } finally {
    app.close();
  }
});

test('a member package is not signed with an expired certificate: refused before a package number is used', async () => {
  const sec = openApp({ dataDir: tempDir('par-expired-sec-'), host: 'cli', seedDemo: true });
  const mem = openApp({ dataDir: tempDir('par-expired-mem-'), host: 'cli', seedDemo: false });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const self = mem.services.exchange.initSelf({ name: 'Trần Thị Hết Hạn', agency: 'Sở Nội vụ', role: 'Thành viên', kind: 'member' });
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(self)) as unknown, campaignId, 'Tổ thư ký');
    sec.services.workspace.assign({ campaignId, memberUid: self.uid, areas: ['1'], units: [] }, 'Tổ thư ký');
    mem.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'Thành viên');
    const memCampaign = mem.services.campaigns.list()[0]!.id;

    const list = await call<SigningIdentity[]>(mem, 'signature/addPkcs12', { fileName: 'het-han.p12', contentBase64: readFileSync(pki.expiredP12).toString('base64'), password: P12_PASSWORD });
    await call(mem, 'signature/setPackageIdentity', { identityId: list[0]!.id });
    const refused = await refusal(mem, 'package/export', { campaignId: memCampaign, secret: P12_PASSWORD });
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, DATES);

    // With the certificate no longer chosen, the next package is still number 001.
    await call(mem, 'signature/setPackageIdentity', { identityId: null });
    const pkg = await call<FilePayload>(mem, 'package/export', { campaignId: memCampaign });
    assert.match(pkg.fileName, /-001\.parpkg$/);
  } finally {
    sec.close();
    mem.close();
  }
});

test('`par export-annex --sign` with an expired certificate exports nothing (the built CLI; run node scripts/build.mjs first)', () => {
  const app = openApp({ dataDir: tempDir('par-expired-cli-'), host: 'cli', seedDemo: true });
  const db = app.info.dbPath;
  app.close();
  const out = join(tempDir('par-expired-out-'), 'Phu-luc-I.xlsx');
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'par.mjs');
  const r = spawnSync(process.execPath, [bin, 'export-annex', '--db', db, '--out', out, '--sign', '--p12', pki.expiredP12, '--password-env', 'PAR_PW'], { encoding: 'utf8', env: { ...process.env, PAR_PW: P12_PASSWORD } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^Lỗi: Không thể ký: ${DATES.source}`));
  assert.equal(existsSync(out), false, 'no unsigned annex left behind');
});
