// Chữ ký số in real Chromium against the browser host: a .p12 identity added by upload (a wrong
// password shown, never kept), a token found through its driver, a trusted root imported, an annex
// exported signed with its .p7s (openssl agrees), a wrong password refused once without a retry, and the
// signed file checked in the verify tab: signer exactly "Nguyễn Văn A", time, chain, integrity.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Download } from 'playwright-core';
import { withSession } from './harness.js';
import { becomeMember } from './member-support.js';
import { AppShell, PackagesPage, RankingPage, SignaturesPage } from './pages.js';
import { IMPOSTOR_CN, selfSigned } from '../signing/crafted.js';
import { makePki, makeToken, must, opensslVerify, P12_PASSWORD, SIGNER_CN, SIGNER_O, SOFTHSM_MODULE } from '../signing/support.js';

const pki = makePki();
// Sets SOFTHSM2_CONF in this process before the host is spawned, so the host sees the same token.
makeToken(pki);
const fingerprint = must('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', pki.signerPem]).trim().split('=')[1]!.replace(/:/g, '').match(/.{4}/g)!.join(' ');
const SUBJECT = `CN=${SIGNER_CN}, O=${SIGNER_O}, C=VN`;

test('a .p12 identity added by upload signs an exported annex with a .p7s, and the verify tab shows signer, time, chain and integrity', async () => {
  await withSession(async ({ page, downloadDir, problems }) => {
    const app = new AppShell(page);
    const signatures = new SignaturesPage(page);
    const ranking = new RankingPage(page);

    await app.gotoByKeyboard('signatures');
    await page.getByTestId('identities-empty').waitFor();
    await page.getByTestId('token-module').waitFor();
    await app.screenshot('signatures-identities-empty');

    // A wrong password: the server's message beside the form, the field emptied, nothing added.
    await signatures.addPkcs12(pki.p12, 'sai mật khẩu');
    const wrong = (await page.getByTestId('identity-p12-error').textContent()) ?? '';
    assert.match(wrong, /Mật khẩu của tệp chứng thư số \(\.p12\/\.pfx\) không đúng/);
    assert.equal(await page.getByTestId('identity-p12-password').inputValue(), '');
    assert.equal(await page.getByTestId('identity-card').count(), 0);

    await page.getByTestId('identity-p12-password').fill(P12_PASSWORD);
    await page.getByTestId('identity-p12-add').click();
    const card = signatures.identity(SIGNER_CN);
    await card.waitFor();
    assert.equal(await card.getByTestId('identity-name').textContent(), SIGNER_CN);
    assert.equal(await card.getByTestId('cert-subject').textContent(), SUBJECT);
    assert.match((await card.getByTestId('cert-issuer').textContent()) ?? '', /^CN=PAR Test Root CA, O=Ban Cơ yếu Chính phủ \(thử nghiệm\), C=VN$/);
    assert.match((await card.getByTestId('cert-validity').textContent()) ?? '', /^từ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4} Còn hiệu lực$/);
    assert.equal(await card.getByTestId('cert-fingerprint').textContent(), fingerprint);
    assert.equal(await page.getByTestId('identity-p12-password').inputValue(), '');

    // The token through its driver (SoftHSM stands in for a CA's): slot and certificates without a PIN.
    const offered = await page.getByTestId('token-module').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(offered.includes(SOFTHSM_MODULE), `the drivers found on this machine are offered: ${offered.join(', ')}`);
    await page.getByTestId('token-module').selectOption(SOFTHSM_MODULE);
    await page.getByTestId('token-find').click();
    await page.getByTestId('token-slot').waitFor();
    assert.match((await page.getByTestId('token-slot').locator('option').first().textContent()) ?? '', /^Khe 0: "par"/);
    await page.getByTestId('token-cert').first().waitFor();
    assert.equal(await page.getByTestId('token-cert').nth(1).isDisabled(), true, 'the CA certificate on the token is not offered for signing');
    await app.screenshot('signatures-identities');
    await page.getByTestId('token-add').click();
    await page.locator('[data-testid="identity-card"]').nth(1).waitFor();
    assert.match((await page.getByTestId('identity-card').nth(1).textContent()) ?? '', /Token "par"/);

    // The .p12 chosen to sign member packages too: marked on its card (Ed25519 stays the default otherwise).
    assert.equal(await page.getByTestId('identity-package').count(), 0);
    await page.getByTestId('identity-card').first().getByTestId('identity-package-use').click();
    await page.getByTestId('identity-card').first().getByTestId('identity-package').waitFor();
    assert.equal(await page.getByTestId('identity-package').count(), 1);
    await app.screenshot('signatures-identities-package');

    // Trusted roots: the test CA imported from PEM.
    await signatures.openTab('roots');
    await page.getByTestId('roots-empty').waitFor();
    await signatures.importRoots(pki.caPem);
    await signatures.root('PAR Test Root CA').waitFor();
    await app.screenshot('signatures-roots');

    // The annex, signed on export with the .p12, and its .p7s: two downloads.
    await app.goto('ranking');
    await ranking.waitReady();
    await ranking.openTab('annex');
    await ranking.chooseAnnex('I', 'xlsx');
    await signatures.chooseSigning(`${SIGNER_CN} — Tệp`, P12_PASSWORD, true);
    assert.match((await ranking.exportButton().textContent()) ?? '', /^Xuất và ký Phụ lục I/);
    await app.screenshot('signatures-annex');
    const downloads: Download[] = [];
    const both = new Promise<void>((resolve) =>
      page.on('download', (d) => {
        downloads.push(d);
        if (downloads.length === 2) resolve();
      }),
    );
    await ranking.exportButton().click();
    // The campaign is not finalised: the export says what is missing and asks before writing a draft.
    await page.getByTestId('annex-draft-export').click();
    await both;
    await page.getByTestId('status-line').filter({ hasText: `người ký: ${SIGNER_CN}` }).waitFor();
    const saved: string[] = [];
    for (const d of downloads) {
      const path = join(downloadDir, d.suggestedFilename());
      await d.saveAs(path);
      saved.push(path);
    }
    assert.deepEqual(saved.map((p) => p.split('/').pop()).sort(), ['Phu-luc-I-xep-hang-CCHC-2025.xlsx', 'Phu-luc-I-xep-hang-CCHC-2025.xlsx.p7s']);
    const xlsx = saved.find((p) => p.endsWith('.xlsx'))!;
    const p7s = `${xlsx}.p7s`;
    const openssl = opensslVerify(xlsx, p7s, pki.caPem);
    assert.equal(openssl.code, 0, openssl.err);
    assert.equal(await page.getByTestId('annex-sign-secret').inputValue(), '', 'the password is cleared after use');

    // A wrong password: one call, the message beside the form, no download, no retry.
    let calls = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/signature/signAnnex')) calls++;
    });
    await page.getByTestId('annex-sign-secret').fill('sai');
    await ranking.exportButton().click();
    await page.getByTestId('annex-draft-export').click();
    assert.match((await page.getByTestId('annex-error-message').textContent()) ?? '', /Mật khẩu của tệp chứng thư số \(\.p12\/\.pfx\) không đúng/);
    assert.equal(calls, 1);
    assert.equal(await page.getByTestId('annex-sign-secret').inputValue(), '');
    assert.equal(downloads.length, 2, 'nothing downloaded on a refusal');

    // The verify tab: both signatures (embedded and .p7s) valid, trusted, intact, signer exact.
    await app.goto('signatures');
    await signatures.openTab('verify');
    const report = await signatures.verify(xlsx, p7s);
    assert.equal(await report.getAttribute('data-ok'), 'true');
    assert.match((await page.getByTestId('verify-verdict').textContent()) ?? '', /^Chữ ký hợp lệ/);
    assert.equal(await page.getByTestId('verify-roots').textContent(), 'Đã đối chiếu với 1 chứng thư gốc tin cậy.');
    const cards = await signatures.signatureCards();
    assert.equal(cards.length, 2);
    for (const c of cards) {
      assert.equal(c.signer, SUBJECT);
      assert.equal(c.valid, 'Hợp lệ');
      assert.equal(c.chainStatus, 'trusted');
      assert.match(c.chain, /^Tin cậy — /);
      assert.equal(c.integrity, 'Nội dung đúng như khi ký');
      assert.match(c.time, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(do người ký khai, không có dấu thời gian\)$/);
    }
    await app.screenshot('signatures-verify');

    // The same workbook with one byte of its .p7s changed: the detached signature is reported broken.
    const badSig = join(downloadDir, 'hong.p7s');
    const bytes = readFileSync(p7s);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(badSig, bytes);
    await page.getByTestId('verify-sig-file').setInputFiles(badSig);
    await page.getByTestId('verify-run').click();
    await page.locator('[data-testid="verify-report"][data-ok="false"]').waitFor();
    const broken = await signatures.signatureCards();
    assert.deepEqual(broken.map((c) => c.valid), ['Hợp lệ', 'Không hợp lệ']);
    assert.match(broken[1]!.integrity, /^KHÔNG/);
    await app.screenshot('signatures-verify-broken');

    assert.deepEqual(problems, []);
  });
});

test('a member signs their package with their certificate: the .pub carries it, the password is asked on export, a wrong one is shown and not retried', async () => {
  await withSession(async (session) => {
    const { page, downloadDir, problems } = session;
    const app = new AppShell(page);
    const signatures = new SignaturesPage(page);
    const packages = new PackagesPage(page);
    await becomeMember(session, ['1']);

    await app.gotoByKeyboard('signatures');
    await signatures.addPkcs12(pki.p12, P12_PASSWORD);
    await signatures.identity(SIGNER_CN).waitFor();
    await signatures.identity(SIGNER_CN).getByTestId('identity-package-use').click();
    await signatures.identity(SIGNER_CN).getByTestId('identity-package').waitFor();

    await app.goto('campaigns');
    await packages.openInCampaigns();
    await page.locator('[data-testid="packages-panel"][data-mode="member"]').waitFor();
    const { path: pub } = await app.download(() => page.getByTestId('identity-export').click(), downloadDir);
    const identity = JSON.parse(readFileSync(pub, 'utf8')) as { certificate?: string };
    assert.equal(identity.certificate, readFileSync(pki.signerDer).toString('base64'), 'the .pub carries the certificate for the secretariat');

    await page.getByTestId('signed-package').waitFor();
    await app.screenshot('signatures-member-package');
    let calls = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/package/export')) calls++;
    });
    await page.getByTestId('signed-package-secret').fill('sai');
    await page.getByTestId('package-export').click();
    assert.match((await page.getByTestId('signed-package-error').textContent()) ?? '', /Mật khẩu của tệp chứng thư số \(\.p12\/\.pfx\) không đúng/);
    assert.equal(calls, 1, 'one call, no retry');
    assert.equal(await page.getByTestId('signed-package-secret').inputValue(), '');

    await page.getByTestId('signed-package-secret').fill(P12_PASSWORD);
    const { path } = await app.download(() => page.getByTestId('package-export').click(), downloadDir);
    assert.match(path, /-001\.parpkg$/, 'the refused export used no sequence number');
    const signature = JSON.parse(strFromU8(unzipSync(readFileSync(path))['signature.json']!)) as Record<string, string>;
    assert.equal(signature.algorithm, 'Ed25519');
    assert.equal(signature.certificate, identity.certificate);
    assert.ok(signature.certificateSignature);

    // With no trusted root, a self-signed "Chủ tịch UBND" signature is intact but its signer unknown:
    // shown as its own amber state, never green, never "Hợp lệ".
    const impostor = selfSigned();
    const decision = join(downloadDir, 'quyet-dinh.csv');
    writeFileSync(decision, 'Mã;Đơn vị;Xếp hạng\nS1;Sở Tư pháp;1\n');
    must('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-in', decision, '-signer', impostor.pem, '-inkey', impostor.key, '-out', `${decision}.p7s`]);
    await app.goto('signatures');
    await signatures.openTab('verify');
    const report = await signatures.verify(decision, `${decision}.p7s`);
    assert.equal(await report.getAttribute('data-verdict'), 'untrusted');
    assert.equal(await report.getAttribute('data-ok'), 'false');
    const verdict = page.getByTestId('verify-verdict');
    assert.match((await verdict.textContent()) ?? '', /^Nội dung nguyên vẹn nhưng KHÔNG xác định được người ký/);
    assert.match((await verdict.getAttribute('class')) ?? '', /verdict-unknown/);
    assert.doesNotMatch((await verdict.getAttribute('class')) ?? '', /verdict-ok/);
    assert.match((await page.getByTestId('verify-roots').textContent()) ?? '', /^Chưa có chứng thư gốc tin cậy nào nên không xác định được người ký/);
    const [card] = await signatures.signatureCards();
    assert.equal(card!.signer, `CN=${IMPOSTOR_CN}, O=UBND tỉnh, C=VN`);
    assert.equal(card!.valid, 'Không xác định được người ký');
    assert.equal(card!.chainStatus, 'untrusted');
    assert.equal(card!.integrity, 'Nội dung đúng như khi ký');
    const statusClass = (await page.getByTestId('signature-valid').getAttribute('class')) ?? '';
    assert.match(statusClass, /cert-status-unknown/);
    assert.doesNotMatch(statusClass, /cert-status-valid/, 'not green');
    await app.screenshot('signatures-verify-unknown-signer');
    assert.deepEqual(problems, []);
  });
});
