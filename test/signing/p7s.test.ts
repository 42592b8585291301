// Detached CMS (.p7s) over real annex files, made with a PKCS#12 file and with a token: openssl verifies
// every one; one changed byte, a foreign CA and an expired certificate are each reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs12, openToken, signDetached, verify, type Signer } from '../../electron/signing/index.js';
import { demoAnnexes, flipByte, makePki, makeToken, opensslVerify, P12_PASSWORD, run, SIGNER_CN } from './support.js';

const pki = makePki();
const token = makeToken(pki);
const annexes = await demoAnnexes();

async function withSigner<T>(kind: 'pkcs12' | 'pkcs11', fn: (s: Signer) => Promise<T>): Promise<T> {
  const signer = kind === 'pkcs12' ? loadPkcs12(readFileSync(pki.p12), P12_PASSWORD) : await openToken({ module: token.module, slot: 0, pin: token.pin });
  try {
    return await fn(signer);
  } finally {
    signer.close();
  }
}

for (const kind of ['pkcs12', 'pkcs11'] as const) {
  test(`a .p7s made through ${kind} verifies with openssl cms -verify and with the app; one changed byte breaks both`, async () => {
    for (const [name, bytes] of [['Phu-luc.xlsx', annexes.xlsx], ['Phu-luc.pdf', annexes.pdf]] as const) {
      const file = join(annexes.dir, `${kind}-${name}`);
      writeFileSync(file, bytes);
      writeFileSync(`${file}.p7s`, await withSigner(kind, (s) => signDetached(bytes, s)));
      const openssl = opensslVerify(file, `${file}.p7s`, pki.caPem);
      assert.equal(openssl.code, 0, openssl.err);
      assert.match(openssl.err, /CMS Verification successful/);
      const ok = await verify(file, { sig: `${file}.p7s`, caFiles: [pki.caPem] });
      assert.equal(ok.ok, true, JSON.stringify(ok.signatures.map((s) => s.problems)));
      const report = ok.signatures.find((s) => s.kind === 'p7s')!;
      assert.equal(report.signer?.commonName, SIGNER_CN);
      assert.equal(report.chain.status, 'trusted');
      assert.ok(report.signingTime && Math.abs(Date.parse(report.signingTime) - Date.now()) < 120_000);

      flipByte(file, Math.floor(bytes.length / 2));
      const broken = opensslVerify(file, `${file}.p7s`, pki.caPem);
      assert.notEqual(broken.code, 0, 'openssl refuses the changed file');
      const bad = await verify(file, { sig: `${file}.p7s`, caFiles: [pki.caPem] });
      assert.equal(bad.ok, false);
      const p7sReport = bad.signatures.find((s) => s.kind === 'p7s')!;
      assert.equal(p7sReport.intact, false);
      assert.match(p7sReport.problems.join(' '), /tệp đã bị thay đổi sau khi ký/);
    }
  });
}

test('a changed byte in the .p7s itself, a foreign CA and a missing CA are each reported', async () => {
  const file = join(annexes.dir, 'ca-checks.xlsx');
  writeFileSync(file, annexes.xlsx);
  const p7s = await withSigner('pkcs12', (s) => signDetached(annexes.xlsx, s));
  writeFileSync(`${file}.p7s`, p7s);

  const foreign = await verify(file, { caFiles: [pki.foreignCaPem] });
  assert.equal(foreign.ok, false);
  assert.equal(foreign.signatures.length, 1, 'the .p7s beside the file is found without --sig');
  assert.equal(foreign.signatures[0]!.chain.status, 'untrusted');
  assert.match(foreign.signatures[0]!.problems.join(' '), /không dẫn đến chứng thư gốc tin cậy/);

  const noCa = await verify(file, {});
  const detached = noCa.signatures.find((s) => s.kind === 'p7s')!;
  assert.equal(detached.valid, true);
  assert.equal(detached.chain.status, 'not_checked');
  assert.match(detached.warnings.join(' '), /Chưa chọn chứng thư gốc tin cậy/);

  // The signature value is the last thing in the DER: flip a byte inside it.
  flipByte(`${file}.p7s`, p7s.length - 20);
  const tampered = await verify(file, { caFiles: [pki.caPem] });
  assert.equal(tampered.ok, false);
  assert.notEqual(opensslVerify(file, `${file}.p7s`, pki.caPem).code, 0);
});

test('an expired certificate: the signature still checks out, with a warning that says so', async () => {
  const file = join(annexes.dir, 'expired.pdf');
  writeFileSync(file, annexes.pdf);
  const expired = loadPkcs12(readFileSync(pki.expiredP12), P12_PASSWORD);
  try {
    writeFileSync(`${file}.p7s`, await signDetached(annexes.pdf, expired));
  } finally {
    expired.close();
  }
  const result = await verify(file, { sig: `${file}.p7s`, caFiles: [pki.caPem] });
  const report = result.signatures.find((s) => s.kind === 'p7s')!;
  assert.equal(report.intact, true);
  assert.equal(report.chain.status, 'trusted', 'the chain itself is sound (judged inside the validity period)');
  assert.match(report.warnings.join(' '), /Chứng thư số của người ký đã hết hạn từ 01\/01\/2021/);
  assert.equal(report.valid, true, 'expiry warns, it does not fail');
  // openssl, by contrast, refuses it at today's date.
  const openssl = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', file, '-in', `${file}.p7s`, '-CAfile', pki.caPem, '-out', '/dev/null']);
  assert.match(openssl.err, /certificate has expired/);
});
