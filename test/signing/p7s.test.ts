// Detached CMS (.p7s) over real annex files, made with a PKCS#12 file and with a token: openssl verifies
// every one; one changed byte, a foreign CA and an expired certificate are each reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs12, openToken, signDetached, verify, type Signer } from '../../electron/signing/index.js';
import { rawSigner } from './crafted.js';
import { demoAnnexes, flipByte, makePki, makeToken, must, opensslVerify, P12_PASSWORD, run, SIGNER_CN } from './support.js';

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
  assert.equal(foreign.signatures[0]!.verdict, 'untrusted', 'intact, signer not vouched for');
  assert.equal(foreign.signatures[0]!.intact, true);
  assert.match(foreign.signatures[0]!.chain.message, /không dẫn đến chứng thư gốc tin cậy/);

  // No trusted root at all: the signer is unknown, never "valid".
  const noCa = await verify(file, {});
  const detached = noCa.signatures.find((s) => s.kind === 'p7s')!;
  assert.equal(detached.valid, false);
  assert.equal(detached.intact, true);
  assert.equal(detached.verdict, 'untrusted');
  assert.equal(detached.chain.status, 'untrusted');
  assert.match(detached.chain.message, /^Không xác định được người ký: chưa có chứng thư gốc tin cậy/);
  assert.equal(noCa.ok, false);
  assert.equal(noCa.verdict, 'untrusted');

  // The signature value is the last thing in the DER: flip a byte inside it.
  flipByte(`${file}.p7s`, p7s.length - 20);
  const tampered = await verify(file, { caFiles: [pki.caPem] });
  assert.equal(tampered.ok, false);
  assert.notEqual(opensslVerify(file, `${file}.p7s`, pki.caPem).code, 0);
});

test('an expired certificate: the app refuses to sign with it; a signature made with it anyway (openssl) is invalid; one made while it was valid only warns', async () => {
  const file = join(annexes.dir, 'expired.pdf');
  writeFileSync(file, annexes.pdf);
  const expired = loadPkcs12(readFileSync(pki.expiredP12), P12_PASSWORD);
  try {
    await assert.rejects(signDetached(annexes.pdf, expired), /Không thể ký: chứng thư số "Trần Thị Hết Hạn" chỉ có hiệu lực từ 01\/01\/2020 đến 01\/01\/2021/);
    // A claimed signing time inside the validity does not get round it: the key itself refuses to sign today.
    await assert.rejects(signDetached(annexes.pdf, expired, { signingTime: new Date('2020-06-01T00:00:00Z') }), /đã hết hạn từ 01\/01\/2021/);
  } finally {
    expired.close();
  }

  // openssl signs with any certificate, today's date as the signing time.
  must('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-in', file, '-signer', pki.expiredPem, '-inkey', join(pki.dir, 'expired.key'), '-out', `${file}.p7s`]);
  const result = await verify(file, { sig: `${file}.p7s`, caFiles: [pki.caPem] });
  const report = result.signatures.find((s) => s.kind === 'p7s')!;
  assert.equal(report.intact, true);
  assert.equal(report.chain.status, 'trusted', 'the chain itself is sound (judged inside the validity period)');
  assert.equal(report.verdict, 'expired');
  assert.equal(report.valid, false);
  assert.match(report.problems.join(' '), /Chứng thư số của người ký đã hết hạn từ 01\/01\/2021, TRƯỚC thời điểm ký ghi trong chữ ký/);
  assert.equal(result.verdict, 'expired');
  const openssl = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', file, '-in', `${file}.p7s`, '-CAfile', pki.caPem, '-out', '/dev/null']);
  assert.match(openssl.err, /certificate has expired/);

  // Made in 2020 while the certificate was valid (a signer that checks nothing stands in for the past).
  writeFileSync(`${file}.p7s`, await signDetached(annexes.pdf, rawSigner(pki.expiredPem, join(pki.dir, 'expired.key')), { signingTime: new Date('2020-06-01T08:00:00Z') }));
  const earlier = (await verify(file, { sig: `${file}.p7s`, caFiles: [pki.caPem] })).signatures.find((s) => s.kind === 'p7s')!;
  assert.equal(earlier.verdict, 'valid', JSON.stringify(earlier.problems));
  assert.match(earlier.warnings.join(' '), /đã hết hạn từ 01\/01\/2021 \(lúc ký, theo thời gian ghi trong chữ ký, còn hiệu lực\)/);
});
