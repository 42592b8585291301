// Package container and identities at the service level: signatures, tampering, replays, identity files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readPackage, verifiedPayload, writePackage } from '../../electron/exchange/container.js';
import { fingerprint, newKeyPair } from '../../electron/exchange/keys.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { AppError } from '../../shared/errors.js';
import { z } from 'zod';
import { tempDir } from '../helpers.js';
import { craftZip, type CraftEntry } from '../evidence/zip-craft.js';

const schema = z.object({ hello: z.string() });
const manifest = (publicKey: string) => ({
  kind: 'member' as const, campaignUid: 'c-1', campaignName: 'Đợt thử', criteriaFingerprint: 'a'.repeat(64),
  author: { uid: 'm-1', name: 'Nguyễn Văn A', fingerprint: fingerprint(publicKey), publicKey }, sequence: 1, createdAt: '2026-01-01T00:00:00Z',
});

function refusedWith(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'import_invalid' && pattern.test(e.message));
}

test('a package verifies with its author key and with no other; any changed byte is caught', () => {
  const keys = newKeyPair();
  const other = newKeyPair();
  const bytes = writePackage(manifest(keys.publicKeyPem), { hello: 'Xin chào' }, keys.privateKeyPem);
  const pkg = readPackage(bytes);
  assert.deepEqual(verifiedPayload(pkg, keys.publicKeyPem, schema), { hello: 'Xin chào' });
  refusedWith(() => verifiedPayload(pkg, other.publicKeyPem, schema), /Chữ ký của gói dữ liệu không hợp lệ/);

  const files = unzipSync(bytes);
  const payloadChanged = zipSync({ ...files, 'payload.json': strToU8(strFromU8(files['payload.json']!).replace('Xin', 'Xim')) });
  refusedWith(() => verifiedPayload(readPackage(payloadChanged), keys.publicKeyPem, schema), /không khớp với phần kê khai/);
  const manifestChanged = zipSync({ ...files, 'manifest.json': strToU8(strFromU8(files['manifest.json']!).replace('"sequence": 1', '"sequence": 2')) });
  refusedWith(() => verifiedPayload(readPackage(manifestChanged), keys.publicKeyPem, schema), /Chữ ký/);
  const unsigned = zipSync({ 'manifest.json': files['manifest.json']!, 'payload.json': files['payload.json']! });
  refusedWith(() => readPackage(unsigned), /không nhận gói chưa ký/);
  const extra = zipSync({ ...files, '../evil.txt': strToU8('x') });
  refusedWith(() => readPackage(extra), /mục lạ/);
  refusedWith(() => readPackage(Buffer.from('not a zip at all')), /không đúng định dạng/);
});

test('identity export creates the key once; registering shows the fingerprint and refuses a changed key', async () => {
  const a = tempDir();
  const b = tempDir();
  const member: AppCore = openApp({ dataDir: a.dir, host: 'browser' });
  const sec: AppCore = openApp({ dataDir: b.dir, host: 'browser' });
  try {
    const ctx = { actor: 'test' };
    const call = async (app: AppCore, method: string, input: unknown) => {
      const r = await app.dispatch(method, input, ctx);
      if (!r.ok) throw AppError.fromShape(r.error);
      return r.value as Record<string, string>;
    };
    await assert.rejects(call(member, 'identity/export', {}), /Chưa có hồ sơ/);
    await call(member, 'member/saveSelf', { name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
    const first = await call(member, 'identity/export', {});
    const second = await call(member, 'identity/export', {});
    assert.equal(first.fingerprint, second.fingerprint, 'the key is made once');
    assert.match(first.fingerprint!, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const registered = await call(sec, 'identity/register', { campaignId, fileName: 'b.pub', contentBase64: first.contentBase64 });
    assert.equal(registered.fingerprint, first.fingerprint);
    assert.equal(registered.name, 'Trần Thị Bích');
    const forged = JSON.parse(Buffer.from(first.contentBase64!, 'base64').toString('utf8')) as { publicKey: string };
    forged.publicKey = newKeyPair().publicKeyPem;
    await assert.rejects(call(sec, 'identity/register', { campaignId, fileName: 'b.pub', contentBase64: Buffer.from(JSON.stringify(forged)).toString('base64') }), /đã đăng ký với khóa khác/);
  } finally {
    member.close();
    sec.close();
    a.cleanup();
    b.cleanup();
  }
});

test('a package is bounded by what a real file can be: sizes and ratios are checked before inflating, the signature before the payload', () => {
  const keys = newKeyPair();
  const files = unzipSync(writePackage(manifest(keys.publicKeyPem), { hello: 'Xin chào' }, keys.privateKeyPem));
  const entries = (payload: CraftEntry): CraftEntry[] => [{ name: 'manifest.json', data: files['manifest.json']! }, payload, { name: 'signature.json', data: files['signature.json']! }];
  // A deflate bomb: 2 MB of zeros compress to about 2 KB; its directory says so before anything is inflated.
  const zeros = new Uint8Array(2 * 1024 * 1024);
  refusedWith(() => readPackage(craftZip(entries({ name: 'payload.json', data: zeros }))), /nén bất thường/);
  // An entry declaring more than a real payload can be, whatever its stream holds.
  refusedWith(() => readPackage(craftZip(entries({ name: 'payload.json', data: strToU8('{}'), declaredSize: 300 * 1024 * 1024 }))), /quá lớn/);
  refusedWith(() => readPackage(craftZip([{ name: 'manifest.json', data: new Uint8Array(200_000).fill(32) }, { name: 'payload.json', data: files['payload.json']! }, { name: 'signature.json', data: files['signature.json']! }])), /"manifest.json" trong gói quá lớn/);
  // The payload is read only after the signature verifies: a forged package with a broken payload
  // stream is refused for its signature (the stream is never inflated).
  const broken = craftZip(entries({ name: 'payload.json', method: 8, body: new Uint8Array([0xff, 0xff, 0xff, 0xff]), declaredSize: files['payload.json']!.length }));
  const pkg = readPackage(broken);
  refusedWith(() => verifiedPayload(pkg, newKeyPair().publicKeyPem, schema), /Chữ ký của gói dữ liệu không hợp lệ/);
  refusedWith(() => verifiedPayload(pkg, keys.publicKeyPem, schema), /không giải nén được|không khớp/);
  // A payload whose directory size differs from the signed manifest's is refused before inflating.
  const resized = craftZip(entries({ name: 'payload.json', data: files['payload.json']!, declaredSize: files['payload.json']!.length + 1 }));
  refusedWith(() => verifiedPayload(readPackage(resized), keys.publicKeyPem, schema), /không khớp với phần kê khai đã ký/);
  refusedWith(() => readPackage(Buffer.alloc(65 * 1024 * 1024)), /quá lớn/);
});

test('a package with two entries of the same name is refused', () => {
  const keys = newKeyPair();
  const files = unzipSync(writePackage(manifest(keys.publicKeyPem), { hello: 'Xin chào' }, keys.privateKeyPem));
  const other = writePackage(manifest(keys.publicKeyPem), { hello: 'Tạm biệt' }, keys.privateKeyPem);
  const twice = (name: string, second: Uint8Array) =>
    craftZip([...Object.entries(files).map(([n, data]) => ({ name: n, data })), { name, data: second }]);
  refusedWith(() => readPackage(twice('payload.json', unzipSync(other)['payload.json']!)), /hai mục cùng tên "payload.json"/);
  refusedWith(() => readPackage(twice('manifest.json', files['manifest.json']!)), /hai mục cùng tên "manifest.json"/);
  refusedWith(() => readPackage(twice('signature.json', unzipSync(other)['signature.json']!)), /hai mục cùng tên "signature.json"/);
});

test('identity/unregister: a key whose fingerprint did not match by phone is taken back, recorded, and the right key registers; refused once the member sent a package, for nobody, and on a unit\'s machine', async () => {
  const t = [tempDir(), tempDir(), tempDir()];
  const sec = openApp({ dataDir: t[0]!.dir, host: 'browser' });
  const member = openApp({ dataDir: t[1]!.dir, host: 'browser', seedDemo: false });
  const unit = openApp({ dataDir: t[2]!.dir, host: 'browser', seedDemo: false });
  try {
    const ctx = { actor: 'Tổ thư ký' };
    const call = async (app: AppCore, method: string, input: unknown) => {
      const r = await app.dispatch(method, input, ctx);
      if (!r.ok) throw AppError.fromShape(r.error);
      return r.value;
    };
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const { publicKeyPem } = newKeyPair();
    // The file that came by e-mail carries a key the member does not recognise when read out by phone.
    const wrong = { format: 'par-member-identity/1', uid: 'm-binh', name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' as const, publicKey: publicKeyPem, fingerprint: fingerprint(publicKeyPem) };
    sec.services.exchange.registerMember(wrong, campaignId, 'Tổ thư ký');
    sec.services.workspace.assign({ campaignId, memberUid: 'm-binh', areas: ['1'], units: [] }, 'Tổ thư ký');
    assert.deepEqual(await call(sec, 'identity/unregister', { campaignId, uid: 'm-binh' }), { uid: 'm-binh', name: 'Trần Thị Bích' });
    assert.deepEqual(sec.services.repos.members.get('m-binh'), undefined);
    assert.deepEqual(sec.services.workspace.members(campaignId).filter((m) => m.uid === 'm-binh'), [], 'no assignment is left');
    const rows = sec.db.prepare("SELECT campaign_id AS c, old_value AS old, reason FROM history WHERE action = 'member.unregister'").all();
    assert.deepEqual(rows, [{ c: campaignId, old: JSON.stringify({ uid: 'm-binh', name: 'Trần Thị Bích', fingerprint: fingerprint(publicKeyPem) }), reason: 'Dấu vân tay không khớp khi đối chiếu' }]);
    await assert.rejects(call(sec, 'identity/unregister', { campaignId, uid: 'm-binh' }), (e: unknown) => e instanceof AppError && e.code === 'not_found' && e.key === 'exchange.memberNotRegistered');
    // The same person's right key registers without any "other key" question.
    const right = { ...wrong, ...(({ publicKeyPem: k }) => ({ publicKey: k, fingerprint: fingerprint(k) }))(newKeyPair()) };
    assert.equal(sec.services.exchange.registerMember(right, campaignId, 'Tổ thư ký').fingerprint, right.fingerprint);

    // A member whose package was imported cannot be taken back: the history names that key.
    const identity = member.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
    sec.services.exchange.registerMember(identity, campaignId, 'Tổ thư ký');
    sec.services.workspace.assign({ campaignId, memberUid: identity.uid, areas: ['2'], units: [] }, 'Tổ thư ký');
    member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'member');
    const mid = member.services.campaigns.list()[0]!.id;
    member.services.workspace.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.2.1', input: { kind: 'points', pointsMilli: 1000 } });
    sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, 'Tổ thư ký');
    await assert.rejects(call(sec, 'identity/unregister', { campaignId, uid: identity.uid }), (e: unknown) => e instanceof AppError && e.code === 'conflict' && e.key === 'exchange.memberHasPackages');
    assert.equal(sec.services.repos.members.get(identity.uid)?.name, 'Nguyễn Văn An');
    // This machine's own profile is no registered member.
    const own = sec.services.repos.members.self()!;
    await assert.rejects(call(sec, 'identity/unregister', { campaignId, uid: own.uid }), (e: unknown) => e instanceof AppError && e.code === 'not_found');
    await assert.rejects(call(sec, 'identity/unregister', { campaignId, uid: '' }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input');

    unit.services.units.initSelf({ unitCode: 'XP09', name: 'UBND xã Vĩnh Thạnh', agency: '' });
    await assert.rejects(call(unit, 'identity/unregister', { campaignId, uid: identity.uid }), (e: unknown) => e instanceof AppError && e.code === 'forbidden');
  } finally {
    sec.close();
    member.close();
    unit.close();
    for (const d of t) d.cleanup();
  }
});
