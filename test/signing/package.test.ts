// Member packages signed with the member's certificate (issue 6): the member chooses a .p12 identity,
// its .pub carries the certificate, the secretariat registers it and then accepts only packages signed by
// that certificate's key over the manifest bytes (chain status against its trusted roots reported).
// A stripped or forged certificate signature is refused and nothing is written; Ed25519 stays the default.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { FilePayload, Output, PackageImportSummary, SigningIdentity } from '../../shared/contract.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { loadPkcs12 } from '../../electron/signing/index.js';
import { makePki, P12_PASSWORD, SIGNER_CN, SIGNER_O, tempDir } from './support.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'par.mjs');
/** The built `par` (run `node scripts/build.mjs` first), with extra environment variables. */
function par(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

const pki = makePki();
const b64 = (file: string) => readFileSync(file).toString('base64');
const signerDer = Buffer.from(new X509Certificate(readFileSync(pki.signerPem)).raw);

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

/** What an import could change on the secretariat's side. */
function footprint(app: AppCore): string {
  const count = (table: string) => (app.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return JSON.stringify({ proposals: count('proposal'), history: count('history'), imports: count('package_import') });
}

function rezip(pkg: Buffer, edit: (signature: Record<string, unknown>) => void): string {
  const files = unzipSync(pkg);
  const signature = JSON.parse(strFromU8(files['signature.json']!)) as Record<string, unknown>;
  edit(signature);
  return Buffer.from(zipSync({ ...files, 'signature.json': strToU8(JSON.stringify(signature)) })).toString('base64');
}

test('a member package signed with the member\'s .p12 certificate is accepted by the secretariat that registered it; stripped or forged ones are refused with nothing written', async () => {
  const sec = openApp({ dataDir: tempDir('par-pkgsig-sec-'), host: 'cli', seedDemo: true });
  const mem = openApp({ dataDir: tempDir('par-pkgsig-mem-'), host: 'cli', seedDemo: false });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    await call(mem, 'member/saveSelf', { name: SIGNER_CN, agency: SIGNER_O, role: 'Thành viên', kind: 'member' });
    const [identity] = await call<SigningIdentity[]>(mem, 'signature/addPkcs12', { fileName: 'chu-ky.p12', contentBase64: b64(pki.p12), password: P12_PASSWORD });
    assert.deepEqual(await call(mem, 'signature/packageIdentity', {}), { identityId: null }, 'Ed25519 only by default');
    await call(mem, 'signature/setPackageIdentity', { identityId: identity!.id });
    assert.match((await refusal(mem, 'signature/removeIdentity', { identityId: identity!.id })).message, /đang được dùng để ký gói dữ liệu/);

    // The .pub carries the certificate; the secretariat registers it and trusts the CA.
    const pub = await call<FilePayload & { fingerprint: string }>(mem, 'identity/export', {});
    const pubJson = JSON.parse(Buffer.from(pub.contentBase64, 'base64').toString('utf8')) as { uid: string; certificate?: string };
    assert.ok(pubJson.certificate && Buffer.from(pubJson.certificate, 'base64').equals(signerDer), 'the identity file carries the certificate');
    await call(sec, 'identity/register', { campaignId, fileName: 'thanh-vien.pub', contentBase64: pub.contentBase64 });
    assert.ok(sec.services.exchange.registeredCertificate(pubJson.uid)?.equals(signerDer));
    await call(sec, 'signature/importRoots', { fileName: 'ca.pem', contentBase64: b64(pki.caPem) });
    const areas = sec.services.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
    sec.services.workspace.assign({ campaignId, memberUid: pubJson.uid, areas, units: [] }, 'Tổ thư ký');

    const campaignPkg = await call<FilePayload>(sec, 'package/export', { campaignId });
    // The first campaign package asks for the secretariat's fingerprint (checked by phone), then imports.
    const asked = await call<{ fingerprint: string }>(mem, 'package/import', { fileName: campaignPkg.fileName, contentBase64: campaignPkg.contentBase64 });
    await call(mem, 'package/import', { fileName: campaignPkg.fileName, contentBase64: campaignPkg.contentBase64, confirmFingerprint: asked.fingerprint });
    const memCampaign = mem.services.campaigns.list()[0]!.id;
    const leaf = [...mem.services.scoring.modelOf(memCampaign).sets[0]!.tree.byCode.values()].find((n) => n.children.length === 0 && n.criterion.kind === 'appraised')!;
    // The member's own agency is recused automatically: the first other unit gets the proposal.
    const unit = mem.services.workspace.workspace(memCampaign).units.find((u) => !u.recused)!;
    mem.services.workspace.setProposal({ campaignId: memCampaign, unitCode: unit.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: 0 }, reason: 'Thiếu tài liệu kiểm chứng' });

    // No password, then a wrong one: refused, and no package sequence used up.
    assert.match((await refusal(mem, 'package/export', { campaignId: memCampaign })).message, /Hãy nhập mật khẩu của tệp chứng thư số/);
    const wrong = await refusal(mem, 'package/export', { campaignId: memCampaign, secret: 'sai' });
    assert.equal(wrong.code, 'forbidden');
    const memberPkg = await call<FilePayload>(mem, 'package/export', { campaignId: memCampaign, secret: P12_PASSWORD });
    assert.match(memberPkg.fileName, /-001\.parpkg$/, 'the refused exports counted nothing');
    const signature = JSON.parse(strFromU8(unzipSync(Buffer.from(memberPkg.contentBase64, 'base64'))['signature.json']!)) as Record<string, string>;
    assert.equal(signature.algorithm, 'Ed25519', 'the Ed25519 signature stays');
    assert.ok(Buffer.from(signature.certificate!, 'base64').equals(signerDer));
    assert.ok(signature.certificateSignature);

    // Stripped of the certificate signature (an Ed25519-only package): refused, nothing written.
    const before = footprint(sec);
    const stripped = rezip(Buffer.from(memberPkg.contentBase64, 'base64'), (s) => {
      delete s.certificate;
      delete s.certificateSignature;
    });
    const strippedRefusal = await refusal(sec, 'package/import', { fileName: 'x.parpkg', contentBase64: stripped });
    assert.equal(strippedRefusal.code, 'import_invalid');
    assert.match(strippedRefusal.message, /đã đăng ký ký gói bằng chứng thư số "Nguyễn Văn A", nhưng gói này không có chữ ký bằng chứng thư đó\. Không có gì được ghi\./);
    // The same key signing other bytes (a replayed or forged signature): refused.
    const holder = loadPkcs12(readFileSync(pki.p12), P12_PASSWORD);
    const forgedSignature = (await holder.sign(Buffer.from('một bản kê khai khác'))).toString('base64');
    holder.close();
    const forged = rezip(Buffer.from(memberPkg.contentBase64, 'base64'), (s) => {
      s.certificateSignature = forgedSignature;
    });
    assert.match((await refusal(sec, 'package/import', { fileName: 'x.parpkg', contentBase64: forged })).message, /Chữ ký bằng chứng thư số "Nguyễn Văn A" của gói không hợp lệ/);
    // Another certificate (the expired test signer's) in place of the registered one: refused.
    const other = loadPkcs12(readFileSync(pki.expiredP12), P12_PASSWORD);
    const otherCert = other.certificate.toString('base64');
    other.close();
    const swapped = rezip(Buffer.from(memberPkg.contentBase64, 'base64'), (s) => {
      s.certificate = otherCert;
    });
    assert.match((await refusal(sec, 'package/import', { fileName: 'x.parpkg', contentBase64: swapped })).message, /chứng thư khác với chứng thư "Nguyễn Văn A" đã đăng ký/);
    assert.equal(footprint(sec), before, 'refused packages change nothing');

    const summary = await call<PackageImportSummary>(sec, 'package/import', { fileName: memberPkg.fileName, contentBase64: memberPkg.contentBase64 });
    assert.equal(summary.applied, 1);
    assert.ok(summary.notes.includes(`Gói được ký bằng chứng thư số "CN=${SIGNER_CN}, O=${SIGNER_O}, C=VN" (vân tay SHA-256 ${new X509Certificate(signerDer).fingerprint256}).`), summary.notes.join(' | '));
    assert.ok(summary.notes.some((n) => /^Chuỗi chứng thực của chứng thư ký gói: Chuỗi chứng thực hợp lệ/.test(n)), summary.notes.join(' | '));
    assert.notEqual(footprint(sec), before);

    // `par package export` on the member's database: the password from an environment variable, never on the command line.
    const out = join(tempDir('par-pkgsig-cli-'), 'goi.parpkg');
    const missing = par({}, 'package', 'export', '--db', mem.info.dbPath, '--out', out);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /--password-env <BIẾN>/);
    const exported = par({ PAR_PW: P12_PASSWORD }, 'package', 'export', '--db', mem.info.dbPath, '--out', out, '--password-env', 'PAR_PW');
    assert.equal(exported.status, 0, exported.stderr);
    const again = await call<PackageImportSummary>(sec, 'package/import', { fileName: 'goi.parpkg', contentBase64: readFileSync(out).toString('base64') });
    assert.ok(again.notes.some((n) => n.startsWith(`Gói được ký bằng chứng thư số "CN=${SIGNER_CN}`)), again.notes.join(' | '));
  } finally {
    sec.close();
    mem.close();
  }
});

test('without a configured certificate the member package is Ed25519 only, as before, and imports unchanged', async () => {
  const sec = openApp({ dataDir: tempDir('par-pkgsig-sec-'), host: 'cli', seedDemo: true });
  const mem = openApp({ dataDir: tempDir('par-pkgsig-mem-'), host: 'cli', seedDemo: false });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const id = mem.services.exchange.initSelf({ name: 'Lê Văn Mặc Định', agency: 'Sở Tài chính', role: 'Thành viên', kind: 'member' });
    assert.equal(id.certificate, undefined);
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(id)) as unknown, campaignId, 'Tổ thư ký');
    sec.services.workspace.assign({ campaignId, memberUid: id.uid, areas: ['1'], units: [] }, 'Tổ thư ký');
    mem.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'Thành viên');
    const pkg = await call<Output<'package/export'>>(mem, 'package/export', { campaignId: mem.services.campaigns.list()[0]!.id });
    const signature = JSON.parse(strFromU8(unzipSync(Buffer.from(pkg.contentBase64, 'base64'))['signature.json']!)) as Record<string, string>;
    assert.deepEqual(Object.keys(signature).sort(), ['algorithm', 'signature', 'signer']);
    const summary = await call<PackageImportSummary>(sec, 'package/import', { fileName: pkg.fileName, contentBase64: pkg.contentBase64 });
    assert.equal(summary.alreadyImported, false);
    assert.ok(!summary.notes.some((n) => /chứng thư số/.test(n)), summary.notes.join(' | '));
  } finally {
    sec.close();
    mem.close();
  }
});
