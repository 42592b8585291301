// The sign/verify/tokens command functions as `par` will run them: exit codes, Vietnamese messages,
// files signed in place, .p7s beside them, and nothing changed on refusal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGN_USAGE, signCommand, signExportedFile, tokensCommand, VERIFY_EXIT, verifyCommand, type ParsedArgs } from '../../electron/signing/cli.js';
import { IMPOSTOR_CN, selfSigned } from './crafted.js';
import { demoAnnexes, flipByte, makePki, makeToken, must, opensslVerify, P12_PASSWORD } from './support.js';

const pki = makePki();
const token = makeToken(pki);
const annexes = await demoAnnexes();
const env = { ...process.env, PAR_P12_PASSWORD: P12_PASSWORD, PAR_PIN: token.pin, PAR_BAD_PIN: '9999' };
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** The same parse as electron/cli/par.ts, with the signing flags added to its flag set. */
function args(...argv: string[]): ParsedArgs {
  const flags = new Set(['--json', '--p7s', '--pin-final-try', '--sign']);
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      if (flags.has(a)) options.set(a, true);
      else options.set(a, argv[++i]!);
    } else positional.push(a);
  }
  return { positional, options };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

test('sign --p12 --p7s, then verify --ca: exit 0, the signer named, openssl agrees; a changed byte exits 1 saying what failed', async () => {
  const file = join(annexes.dir, 'cli.xlsx');
  writeFileSync(file, annexes.xlsx);
  const s = io();
  assert.equal(await signCommand(args('sign', file, '--p12', pki.p12, '--password-env', 'PAR_P12_PASSWORD', '--p7s'), s.io, env), 0, s.err.join('\n'));
  assert.match(s.out.join('\n'), /Đã ký sổ tính Excel/);
  assert.match(s.out.join('\n'), /Người ký: CN=Nguyễn Văn A, O=Sở Nội vụ, C=VN/);
  assert.ok(existsSync(`${file}.p7s`));
  assert.equal(opensslVerify(file, `${file}.p7s`, pki.caPem).code, 0);

  const v = io();
  assert.equal(await verifyCommand(args('verify', file, '--ca', pki.caPem), v.io), 0, v.err.join('\n'));
  const report = v.out.join('\n');
  assert.match(report, /Chữ ký 1 — Chữ ký gói OOXML \(XML-DSig\/XAdES\): HỢP LỆ/);
  assert.match(report, /Chữ ký 2 — Chữ ký CMS tách rời \(\.p7s\): HỢP LỆ/);
  assert.match(report, /Chuỗi chứng thực: tin cậy/);
  assert.match(report, /Kết luận: chữ ký hợp lệ\./);

  const j = io();
  assert.equal(await verifyCommand(args('verify', file, '--ca', pki.caPem, '--json'), j.io), 0);
  assert.equal((JSON.parse(j.out.join('\n')) as { ok: boolean }).ok, true);

  flipByte(`${file}.p7s`, readFileSync(`${file}.p7s`).length - 5);
  const bad = io();
  assert.equal(await verifyCommand(args('verify', file, '--ca', pki.caPem), bad.io), VERIFY_EXIT.invalid);
  assert.match(bad.err.join('\n'), /Lỗi: chữ ký KHÔNG hợp lệ — .*Chữ ký 2: Chữ ký không khớp nội dung/);
});

test('sign --pkcs11 signs a PDF in place; a wrong PIN exits 1 with the PIN message and leaves the file unchanged', async () => {
  const file = join(annexes.dir, 'cli.pdf');
  writeFileSync(file, annexes.pdf);
  const before = sha(file);
  const wrong = io();
  assert.equal(await signCommand(args('sign', file, '--pkcs11', token.module, '--slot', '0', '--pin-env', 'PAR_BAD_PIN'), wrong.io, env), 1);
  assert.match(wrong.err.join('\n'), /^Lỗi: Mã PIN của token "par" không đúng\. Ứng dụng không tự thử lại/);
  assert.equal(sha(file), before, 'nothing written');

  const ok = io();
  assert.equal(await signCommand(args('sign', file, '--pkcs11', token.module, '--slot', '0', '--pin-env', 'PAR_PIN'), ok.io, env), 0, ok.err.join('\n'));
  assert.match(ok.out.join('\n'), /Đã ký PDF \(PAdES\)/);
  const v = io();
  assert.equal(await verifyCommand(args('verify', file, '--ca', pki.caPem), v.io), 0, v.err.join('\n'));
  assert.match(v.out.join('\n'), /PAdES \(ETSI\.CAdES\.detached\): HỢP LỆ/);
});

test('other files need --p7s; verify finds <file>.p7s or takes --sig; an expired certificate does not sign; usage errors exit 2', async () => {
  const csv = join(annexes.dir, 'bang.csv');
  writeFileSync(csv, 'Mã;Đơn vị;Chỉ số\nS1;Sở Tư pháp;90,5\n');
  const refused = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.p12, '--password-env', 'PAR_P12_PASSWORD'), refused.io, env), 1);
  assert.match(refused.err.join('\n'), /hãy thêm --p7s/);
  const s = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.expiredP12, '--password-env', 'PAR_P12_PASSWORD', '--p7s'), s.io, env), 1);
  assert.match(s.err.join('\n'), /^Lỗi: Không thể ký: chứng thư số "Trần Thị Hết Hạn" chỉ có hiệu lực từ 01\/01\/2020 đến 01\/01\/2021; vào thời điểm ký \(\d{2}\/\d{2}\/\d{4}\) chứng thư đã hết hạn từ 01\/01\/2021/);
  assert.equal(existsSync(`${csv}.p7s`), false, 'nothing written');

  // A signature made with it anyway (openssl signs with any certificate): invalid, exit 5.
  must('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-in', csv, '-signer', pki.expiredPem, '-inkey', join(pki.dir, 'expired.key'), '-out', `${csv}.p7s`]);
  const v = io();
  assert.equal(await verifyCommand(args('verify', csv, '--sig', `${csv}.p7s`, '--ca', pki.caPem), v.io), VERIFY_EXIT.expired);
  assert.match(v.out.join('\n'), /Chữ ký 1 — Chữ ký CMS tách rời \(\.p7s\): KHÔNG HỢP LỆ \(chứng thư số không còn hiệu lực lúc ký\)/);
  assert.match(v.err.join('\n'), /^Lỗi: chữ ký KHÔNG hợp lệ — Chứng thư số của người ký đã hết hạn từ 01\/01\/2021, TRƯỚC thời điểm ký/);

  const none = io();
  assert.equal(await verifyCommand(args('verify', join(annexes.dir, 'none.txt')), none.io), VERIFY_EXIT.error);
  assert.match(none.err.join('\n'), /Không tìm thấy tệp/);

  const missingVar = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.p12, '--password-env', 'NOT_SET_ANYWHERE', '--p7s'), missingVar.io, env), 1);
  assert.match(missingVar.err.join('\n'), /Biến môi trường NOT_SET_ANYWHERE/);
  const usage = io();
  assert.equal(await signCommand(args('sign', csv), usage.io, env), 2);
  assert.match(usage.err.join('\n'), /Thiếu chứng thư số/);
  const both = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.p12, '--pkcs11', token.module), both.io, env), 2);
});

test('export-annex --sign hook and tokens listing', async () => {
  const file = join(annexes.dir, 'exported.pdf');
  writeFileSync(file, annexes.pdf);
  const s = io();
  assert.equal(await signExportedFile(args('export-annex', '--sign', '--p12', pki.p12, '--password-env', 'PAR_P12_PASSWORD', '--p7s'), file, s.io, env), 0, s.err.join('\n'));
  assert.ok(existsSync(`${file}.p7s`));
  const t = io();
  assert.equal(await tokensCommand(args('tokens', '--pkcs11', token.module), t.io), 0, t.err.join('\n'));
  assert.match(t.out.join('\n'), /Khe 0 \(mã \d+\): "par"/);
  assert.match(t.out.join('\n'), /Người ký: CN=Nguyễn Văn A/);
});

test('a self-signed "Chủ tịch UBND" signature is intact but its signer unknown: exit 4, never "hợp lệ"; the exit codes are in the usage', async () => {
  const impostor = selfSigned();
  const file = join(annexes.dir, 'quyet-dinh.xlsx');
  writeFileSync(file, annexes.xlsx);
  const s = io();
  assert.equal(await signCommand(args('sign', file, '--p12', impostor.p12, '--password-env', 'PAR_P12_PASSWORD', '--p7s'), s.io, env), 0, s.err.join('\n'));
  for (const extra of [[], ['--ca', pki.caPem]]) {
    const v = io();
    assert.equal(await verifyCommand(args('verify', file, ...extra), v.io), VERIFY_EXIT.untrusted, extra.join(' '));
    const out = v.out.join('\n');
    assert.match(out, new RegExp(`Người ký: CN=${IMPOSTOR_CN}`));
    assert.match(out, /Chữ ký 1 — Chữ ký gói OOXML \(XML-DSig\/XAdES\): KHÔNG XÁC ĐỊNH ĐƯỢC NGƯỜI KÝ/);
    assert.match(out, /Chữ ký 2 — Chữ ký CMS tách rời \(\.p7s\): KHÔNG XÁC ĐỊNH ĐƯỢC NGƯỜI KÝ/);
    assert.match(out, /Toàn vẹn: nội dung đúng như khi ký/);
    assert.doesNotMatch(out, /HỢP LỆ|chữ ký hợp lệ/);
    assert.match(v.err.join('\n'), /^Kết luận: nội dung còn nguyên vẹn nhưng KHÔNG xác định được người ký/);
    const j = io();
    assert.equal(await verifyCommand(args('verify', file, ...extra, '--json'), j.io), VERIFY_EXIT.untrusted);
    const parsed = JSON.parse(j.out.join('\n')) as { ok: boolean; verdict: string; signatures: Array<{ verdict: string; intact: boolean; chain: { status: string } }> };
    assert.deepEqual([parsed.ok, parsed.verdict], [false, 'untrusted']);
    assert.deepEqual(parsed.signatures.map((x) => [x.verdict, x.intact, x.chain.status]), [['untrusted', true, 'untrusted'], ['untrusted', true, 'untrusted']]);
  }
  // The file signed by the real signer, checked without --ca: still not identified.
  const real = join(annexes.dir, 'that-real.xlsx');
  writeFileSync(real, annexes.xlsx);
  assert.equal(await signCommand(args('sign', real, '--p12', pki.p12, '--password-env', 'PAR_P12_PASSWORD'), io().io, env), 0);
  assert.equal(await verifyCommand(args('verify', real), io().io), VERIFY_EXIT.untrusted);
  assert.equal(await verifyCommand(args('verify', real, '--ca', pki.caPem), io().io), VERIFY_EXIT.valid);
  const unsigned = join(annexes.dir, 'chua-ky.xlsx');
  writeFileSync(unsigned, annexes.xlsx);
  assert.equal(await verifyCommand(args('verify', unsigned), io().io), VERIFY_EXIT.error);
  assert.deepEqual(new Set(Object.values(VERIFY_EXIT)).size, Object.keys(VERIFY_EXIT).length, 'distinct codes');
  assert.match(SIGN_USAGE, /Mã thoát: 0 hợp lệ và người ký được tin cậy; 1 không kiểm tra được/);
  assert.match(SIGN_USAGE, /4 nội dung\s+nguyên vẹn nhưng không xác định được người ký/);
});
