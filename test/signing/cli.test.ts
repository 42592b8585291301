// The sign/verify/tokens command functions as `par` will run them: exit codes, Vietnamese messages,
// files signed in place, .p7s beside them, and nothing changed on refusal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCommand, signExportedFile, tokensCommand, verifyCommand, type ParsedArgs } from '../../electron/signing/cli.js';
import { demoAnnexes, flipByte, makePki, makeToken, opensslVerify, P12_PASSWORD } from './support.js';

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
  assert.equal(await verifyCommand(args('verify', file, '--ca', pki.caPem), bad.io), 1);
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

test('other files need --p7s; verify finds <file>.p7s or takes --sig; expiry warns but passes; usage errors exit 2', async () => {
  const csv = join(annexes.dir, 'bang.csv');
  writeFileSync(csv, 'Mã;Đơn vị;Chỉ số\nS1;Sở Tư pháp;90,5\n');
  const refused = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.p12, '--password-env', 'PAR_P12_PASSWORD'), refused.io, env), 1);
  assert.match(refused.err.join('\n'), /hãy thêm --p7s/);
  const s = io();
  assert.equal(await signCommand(args('sign', csv, '--p12', pki.expiredP12, '--password-env', 'PAR_P12_PASSWORD', '--p7s'), s.io, env), 0, s.err.join('\n'));
  const v = io();
  assert.equal(await verifyCommand(args('verify', csv, '--sig', `${csv}.p7s`, '--ca', pki.caPem), v.io), 0, v.err.join('\n'));
  assert.match(v.out.join('\n'), /Cảnh báo: Chứng thư số của người ký đã hết hạn/);
  assert.match(v.out.join('\n'), /Kết luận: chữ ký hợp lệ, có cảnh báo/);

  const none = io();
  assert.equal(await verifyCommand(args('verify', join(annexes.dir, 'none.txt')), none.io), 1);
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
