// The exchange's trust boundaries, each with a crafted package: who may replace a key, what a member
// package may change (scope, rules, history, requests), freshness of campaign packages, which machine
// takes which package, the first campaign package's fingerprint, and what a refusal may quote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { readPackage, writePackage } from '../../electron/exchange/container.js';
import { fingerprint, loadPrivateKey, newKeyPair } from '../../electron/exchange/keys.js';
import type { Identity } from '../../electron/services/exchange.js';
import type { PackageImportAnswer } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../helpers.js';

const SEC = 'Tổ thư ký';

interface World {
  root: string;
  sec: AppCore;
  an: AppCore;
  anId: Identity;
  campaignId: number;
  anCampaign: number;
  close(): void;
}

/** The secretariat (demo campaign, policy "mean") and An (Sở Tư pháp: recused from SBN02), areas 2, 8 and 9. */
function world(fn: (w: World) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const { dir, cleanup } = tempDir('par-trust-');
    const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: true });
    const an = openApp({ dataDir: join(dir, 'an'), host: 'cli', seedDemo: false });
    try {
      const campaignId = sec.services.campaigns.list()[0]!.id;
      const anId = an.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
      sec.services.exchange.registerMember(JSON.parse(JSON.stringify(anId)) as unknown, campaignId, SEC);
      sec.services.workspace.assign({ campaignId, memberUid: anId.uid, areas: ['2', '8', '9'], units: [] }, SEC);
      sec.services.consolidation.setPolicy(campaignId, 'mean', 500, 1000, SEC);
      an.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'An');
      const anCampaign = an.services.campaigns.list()[0]!.id;
      await fn({ root: dir, sec, an, anId, campaignId, anCampaign, close: () => undefined });
    } finally {
      sec.close();
      an.close();
      cleanup();
    }
  };
}

/** Every row of every table: the database's whole content as text. */
function dump(app: AppCore): string {
  const tables = app.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  return tables.map((t) => `${t}\n${(app.db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort().join('\n')}`).join('\n');
}

function refused(fn: () => unknown, pattern: RegExp, code?: string): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AppError, `expected a refusal, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  if (code) assert.equal(caught.code, code);
  return caught;
}

type Payload = Record<string, unknown> & { proposals: Array<Record<string, unknown>>; requests: Array<Record<string, unknown>>; history: Array<Record<string, unknown>> };

/** A member package re-signed with the member's own key after `edit`: what a member can forge. */
function forgeMember(w: World, edit: (p: Payload) => void, sequence?: number): Buffer {
  const pkg = readPackage(w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes);
  const payload = JSON.parse(strFromU8(pkg.payloadBytes)) as Payload;
  edit(payload);
  const { format: _f, payloadSha256: _h, payloadSize: _s, ...manifest } = pkg.manifest;
  return writePackage({ ...manifest, ...(sequence ? { sequence } : {}) }, payload, loadPrivateKey(join(w.root, 'an'), w.anId.uid));
}

const proposal = (unitCode: string, criterionCode: string, pointsMilli: number | null) => ({
  unitCode, criterionCode, round: 1, pointsMilli, notApplicable: false, reason: 'Chấm', inputs: '', revision: 7, updatedAt: '2026-01-01T00:00:00Z',
});

test('a secretariat machine with registered members but no profile refuses a campaign package: a registered key is never replaced', world(async (w) => {
  // The secretariat's database before it ever exported (no profile yet), with An registered.
  const { dir, cleanup } = tempDir('par-trust-nosec-');
  const bare = openApp({ dataDir: dir, host: 'cli', seedDemo: true });
  const forger = openApp({ dataDir: join(dir, 'forger'), host: 'cli', seedDemo: true });
  try {
    const bareCampaign = bare.services.campaigns.list()[0]!.id;
    bare.services.exchange.registerMember(JSON.parse(JSON.stringify(w.anId)) as unknown, bareCampaign, SEC);
    assert.equal(bare.services.repos.members.self(), undefined, 'no profile on this machine');
    // The forger lists "An" (An's uid) with a key of their own in a campaign package for a new campaign.
    const fakeKey = newKeyPair();
    const fakeAn = { ...w.anId, publicKey: fakeKey.publicKeyPem, fingerprint: fingerprint(fakeKey.publicKeyPem) };
    const forgerCampaign = forger.services.campaigns.list()[0]!.id;
    forger.services.exchange.registerMember(JSON.parse(JSON.stringify(fakeAn)) as unknown, forgerCampaign, 'X');
    const bad = forger.services.exchange.exportCampaignPackage(forgerCampaign, null).bytes;
    const before = dump(bare);
    refused(() => bare.services.exchange.importPackage(bad, SEC), /Máy của Tổ thư ký không nhập gói đợt đánh giá/, 'forbidden');
    assert.equal(dump(bare), before, 'nothing changed');
    assert.equal(bare.services.repos.members.get(w.anId.uid)!.publicKey, w.anId.publicKey, 'An keeps the key checked by phone');

    // A member's machine that knows An takes a campaign of another issuer listing a different key for An: the key stays.
    const binh = openApp({ dataDir: join(dir, 'binh'), host: 'cli', seedDemo: false });
    try {
      const binhId = binh.services.exchange.initSelf({ name: 'Lê Thị Bình', agency: 'Sở Tài chính', role: 'Thành viên', kind: 'member' });
      w.sec.services.exchange.registerMember(JSON.parse(JSON.stringify(binhId)) as unknown, w.campaignId, SEC);
      binh.services.exchange.importPackage(w.sec.services.exchange.exportCampaignPackage(w.campaignId, null).bytes, 'Bình');
      assert.equal(binh.services.repos.members.get(w.anId.uid)!.publicKey, w.anId.publicKey);
      forger.services.exchange.registerMember(JSON.parse(JSON.stringify(binhId)) as unknown, forgerCampaign, 'X');
      binh.services.exchange.importPackage(forger.services.exchange.exportCampaignPackage(forgerCampaign, null).bytes, 'Bình');
      assert.equal(binh.services.repos.members.get(w.anId.uid)!.publicKey, w.anId.publicKey, 'a package never changes a key already here');
    } finally {
      binh.close();
    }
  } finally {
    bare.close();
    forger.close();
    cleanup();
  }
}));

test('a member package outside the member\'s scope or rules is refused whole, naming the cells', world((w) => {
  // What the member can send: re-signed with their own key, so only the secretariat's checks stand in the way.
  const cases: Array<[string, Array<ReturnType<typeof proposal>>, RegExp]> = [
    ['recused unit (their own agency) to full marks', [proposal('SBN02', '2.1.2', 2000), proposal('SBN02', '2.2.1', 1000)], /SBN02, tiêu chí 2\.1\.2: thành viên không tham gia chấm đơn vị này; đơn vị SBN02, tiêu chí 2\.2\.1/],
    ['outside the assigned areas', [proposal('SBN01', '3.1.2', 2000)], /SBN01, tiêu chí 3\.1\.2: ngoài lĩnh vực hoặc đơn vị được phân công/],
    ['a survey cell', [proposal('SBN01', '8.1.1', 1500)], /8\.1\.1: điểm điều tra xã hội học do Tổ thư ký nhập/],
    ['bonus above its cap', [proposal('SBN01', '9.2', 1500)], /9\.2": điểm 1,5 vượt quá điểm tối đa 1/],
    ['points the rule does not give', [proposal('SBN01', '2.1.2', 1500)], /2\.1\.2": điểm 1,5 không thuộc các mức của cách tính/],
    ['points off the step', [proposal('SBN01', '2.3.2', 1100)], /2\.3\.2": điểm phải theo bước 0,25/],
  ];
  for (const [label, proposals, pattern] of cases) {
    const bytes = forgeMember(w, (p) => {
      p.proposals = proposals;
    });
    const before = dump(w.sec);
    const e = refused(() => w.sec.services.exchange.importPackage(bytes, SEC), pattern, 'import_invalid');
    assert.match(e.message, /Không có gì được ghi/, label);
    assert.equal(dump(w.sec), before, `${label}: nothing changed`);
  }
  // Within scope and rules the same package shape is taken.
  const good = forgeMember(w, (p) => {
    p.proposals = [proposal('SBN01', '2.1.2', 1000), proposal('SBN01', '9.2', 1000)];
  });
  assert.equal(w.sec.services.exchange.importPackage(good, SEC).applied, 2);
}));

test('an older campaign package imported after a newer one is refused and changes nothing', world((w) => {
  const older = w.sec.services.exchange.exportCampaignPackage(w.campaignId, null).bytes;
  w.sec.services.workspace.assign({ campaignId: w.campaignId, memberUid: w.anId.uid, areas: ['2', '3'], units: [] }, SEC);
  const newer = w.sec.services.exchange.exportCampaignPackage(w.campaignId, null).bytes;
  w.an.services.exchange.importPackage(newer, 'An');
  assert.deepEqual(w.an.services.workspace.members(w.anCampaign).find((m) => m.uid === w.anId.uid)?.areas, ['2', '3']);
  const before = dump(w.an);
  refused(() => w.an.services.exchange.importPackage(older, 'An'), /cũ hơn gói đã nhập \(gói số \d+, máy này đã nhập đến gói số \d+/, 'import_invalid');
  assert.equal(dump(w.an), before, 'assignments, units, self-assessments and evidence stay as the newer package left them');
  assert.match(w.an.services.exchange.importPackage(newer, 'An').notes.join(' '), /đã được nhập trước đó/, 'the same package again is harmless');
}));

test('a member package never writes the secretariat\'s history or what it recorded: its history is kept apart as the member\'s', world((w) => {
  // An asks the unit to explain two cells and the secretariat records the unit's answer to the first.
  w.an.services.workspace.requestExplanation({ campaignId: w.anCampaign, unitCode: 'SBN01', criterionCode: '2.1.1', text: 'Gửi kế hoạch' });
  w.an.services.workspace.requestExplanation({ campaignId: w.anCampaign, unitCode: 'SBN01', criterionCode: '2.1.2', text: 'Gửi biên bản' });
  w.an.services.workspace.setProposal({ campaignId: w.anCampaign, unitCode: 'SBN01', criterionCode: '2.1.2', input: { kind: 'points', pointsMilli: 1000 }, reason: 'Có sai sót' });
  const first = w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes;
  w.sec.services.exchange.importPackage(first, SEC);
  const [asked, second] = w.sec.services.repos.explanations.forUnit(w.campaignId, 'SBN01');
  w.sec.services.workspace.setExplanationStatus({ campaignId: w.campaignId, id: asked!.id, status: 'answered', answer: 'Đã gửi kế hoạch số 12' }, SEC);

  // Forged: a finalisation dated 2020 in the history, the answered request withdrawn and its answer
  // erased, the open one "answered" by the member.
  const forged = forgeMember(w, (p) => {
    p.history.push({ at: '2020-01-01T00:00:00Z', action: 'campaign.finalize', unitCode: null, criterionCode: null, oldValue: 'open', newValue: 'final', reason: 'Chốt kết quả' });
    for (const q of p.requests) {
      if (q.criterionCode === '2.1.1') Object.assign(q, { status: 'withdrawn', answer: '', answeredAt: null });
      else Object.assign(q, { status: 'answered', answer: 'Đơn vị đã giải trình (giả)', answeredAt: '2020-01-01T00:00:00Z' });
    }
  });
  const summary = w.sec.services.exchange.importPackage(forged, SEC);
  assert.equal(summary.alreadyImported, false);
  const history = w.sec.db.prepare("SELECT action, at FROM history WHERE action = 'campaign.finalize' OR at < '2021'").all();
  assert.deepEqual(history, [], 'no row of the member\'s own history enters the secretariat\'s');
  const theirs = w.sec.services.repos.exchange.memberHistoryOf(w.campaignId, 'SBN01', '2.1.2');
  assert.ok(theirs.length > 0 && theirs.every((h) => h.memberUid === w.anId.uid), 'the member\'s account is kept, as theirs');
  assert.ok(w.sec.db.prepare("SELECT 1 FROM member_history WHERE action = 'campaign.finalize' AND at = '2020-01-01T00:00:00Z'").get(), 'even the forged row, as evidence');
  const after = new Map(w.sec.services.repos.explanations.forUnit(w.campaignId, 'SBN01').map((q) => [q.id, q]));
  assert.deepEqual([after.get(asked!.id)!.status, after.get(asked!.id)!.answer], ['answered', 'Đã gửi kế hoạch số 12'], 'the unit\'s answer stands');
  assert.deepEqual([after.get(second!.id)!.status, after.get(second!.id)!.answer], ['open', ''], 'a member cannot answer for the unit');
  // The import's own rows say what it applied, by whom and from which package.
  const own = w.sec.db.prepare("SELECT actor, action, new_value AS v, source FROM history WHERE action = 'proposal.import' AND criterion_code = '2.1.2'").all() as Array<{ actor: string; v: string; source: string }>;
  assert.deepEqual(own.map((r) => [r.actor, r.v]), [[SEC, '1000']]);

  // A stale package does not reopen a withdrawn request.
  w.an.services.workspace.setExplanationStatus({ campaignId: w.anCampaign, id: w.an.services.repos.explanations.forUnit(w.anCampaign, 'SBN01')[1]!.id, status: 'withdrawn', answer: '' }, 'An');
  const withdrawn = w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes;
  w.sec.services.exchange.importPackage(withdrawn, SEC);
  assert.equal(w.sec.services.repos.explanations.get(w.campaignId, second!.id)!.status, 'withdrawn');
  const stale = forgeMember(w, (p) => {
    for (const q of p.requests) q.status = 'open';
  }, 2);
  w.sec.services.exchange.importPackage(stale, SEC);
  assert.equal(w.sec.services.repos.explanations.get(w.campaignId, second!.id)!.status, 'withdrawn', 'the older package changes no request');
}));

test('a member package carries the history made before a profile rename', world((w) => {
  w.an.services.workspace.setProposal({ campaignId: w.anCampaign, unitCode: 'SBN01', criterionCode: '2.1.2', input: { kind: 'points', pointsMilli: 1000 }, reason: 'Trước khi đổi tên' });
  w.an.services.workspace.saveSelf({ name: 'Nguyễn Văn An (Sở Tư pháp)', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
  w.an.services.workspace.setProposal({ campaignId: w.anCampaign, unitCode: 'SBN01', criterionCode: '2.2.1', input: { kind: 'points', pointsMilli: 1000 }, reason: 'Sau khi đổi tên' });
  const pkg = readPackage(w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes);
  const payload = JSON.parse(strFromU8(pkg.payloadBytes)) as Payload;
  assert.deepEqual(payload.history.map((h) => [h.criterionCode, h.reason]), [['2.1.2', 'Trước khi đổi tên'], ['2.2.1', 'Sau khi đổi tên']]);
  // And the next package starts after them.
  const next = JSON.parse(strFromU8(readPackage(w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes).payloadBytes)) as Payload;
  assert.deepEqual(next.history, []);
}));

test('a member machine refuses member packages and campaign packages not made for it', world((w) => {
  const dataDir = join(w.root, 'binh');
  const binh = openApp({ dataDir, host: 'cli', seedDemo: false });
  try {
    const binhId = binh.services.exchange.initSelf({ name: 'Lê Thị Bình', agency: 'Sở Tài chính', role: 'Thành viên', kind: 'member' });
    w.sec.services.exchange.registerMember(JSON.parse(JSON.stringify(binhId)) as unknown, w.campaignId, SEC);
    w.sec.services.workspace.assign({ campaignId: w.campaignId, memberUid: binhId.uid, areas: ['2'], units: [] }, SEC);
    binh.services.exchange.importPackage(w.sec.services.exchange.exportCampaignPackage(w.campaignId, binhId.uid).bytes, 'Bình');
    const binhCampaign = binh.services.campaigns.list()[0]!.id;
    binh.services.workspace.setProposal({ campaignId: binhCampaign, unitCode: 'SBN01', criterionCode: '2.1.2', input: { kind: 'points', pointsMilli: 2000 }, reason: 'Đúng quy trình' });
    const binhPackage = binh.services.exchange.exportMemberPackage(binhCampaign).bytes;

    const before = dump(w.an);
    refused(() => w.an.services.exchange.importPackage(binhPackage, 'An'), /máy của thành viên "Nguyễn Văn An": gói của thành viên chỉ nhập trên máy của Tổ thư ký/, 'forbidden');
    refused(() => w.an.services.exchange.importPackage(w.sec.services.exchange.exportCampaignPackage(w.campaignId, binhId.uid).bytes, 'An'), /không dành cho "Nguyễn Văn An"/, 'forbidden');
    assert.equal(dump(w.an), before, 'nothing changed on An\'s machine');
    // A package for everyone, from a secretariat that has not registered this member.
    const { dir, cleanup } = tempDir('par-trust-other-');
    const other = openApp({ dataDir: dir, host: 'cli', seedDemo: true });
    try {
      const pkg = other.services.exchange.exportCampaignPackage(other.services.campaigns.list()[0]!.id, null).bytes;
      refused(() => w.an.services.exchange.importPackage(pkg, 'An'), /không dành cho "Nguyễn Văn An"/);
      assert.equal(dump(w.an), before);
    } finally {
      other.close();
      cleanup();
    }
    // The secretariat still takes Bình's package.
    assert.equal(w.sec.services.exchange.importPackage(binhPackage, SEC).applied, 1);
  } finally {
    binh.close();
  }
}));

test('the app asks the member to confirm the secretariat\'s fingerprint before the first campaign package is trusted', async () => {
  const { dir, cleanup } = tempDir('par-trust-confirm-');
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'browser', seedDemo: true });
  const mem = openApp({ dataDir: join(dir, 'mem'), host: 'browser', seedDemo: false });
  const ctx = { actor: 'Thành viên' };
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    const id = mem.services.exchange.initSelf({ name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(id)) as unknown, campaignId, SEC);
    const file = sec.services.exchange.exportCampaignPackage(campaignId, id.uid);
    const input = { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    const before = dump(mem);
    const asked = await mem.dispatch('package/import', input, ctx);
    const question = (asked.ok ? asked.value : null) as PackageImportAnswer | null;
    assert.ok(question?.kind === 'confirm', JSON.stringify(asked).slice(0, 300));
    const secretariatFp = fingerprint(sec.services.repos.members.self()!.publicKey!);
    assert.equal(question.fingerprint, secretariatFp);
    assert.equal(question.issuerName, 'Tổ thư ký Hội đồng thẩm định');
    assert.equal(dump(mem), before, 'nothing imported before the answer');
    const wrong = await mem.dispatch('package/import', { ...input, confirmFingerprint: fingerprint(newKeyPair().publicKeyPem) }, ctx);
    assert.ok(!wrong.ok && /không khớp với dấu vân tay đã đối chiếu/.test(wrong.error.message));
    assert.equal(dump(mem), before);
    const yes = await mem.dispatch('package/import', { ...input, confirmFingerprint: secretariatFp.toLowerCase().replace(/ /g, '') }, ctx);
    const imported = (yes.ok ? yes.value : null) as PackageImportAnswer | null;
    assert.ok(imported?.kind === 'campaign' && !imported.alreadyImported, JSON.stringify(yes).slice(0, 300));
    // The key is now known: later packages (this campaign or another of the same secretariat) need no question.
    const next = sec.services.exchange.exportCampaignPackage(campaignId, id.uid);
    const again = await mem.dispatch('package/import', { fileName: next.fileName, contentBase64: next.bytes.toString('base64') }, ctx);
    assert.ok(again.ok && (again.value as PackageImportAnswer).kind === 'campaign');
  } finally {
    sec.close();
    mem.close();
    cleanup();
  }
});

test('refusals quote only verified identities, never the name a package gives itself', world((w) => {
  const genuine = w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes;
  const files = unzipSync(genuine);
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { author: Record<string, string> };
  // A stranger's key and name.
  const stranger = newKeyPair();
  const claimed = { ...manifest, author: { ...manifest.author, uid: 'la-1', name: 'Chủ tịch UBND tỉnh', publicKey: stranger.publicKeyPem, fingerprint: 'ABCD' } };
  const strangerBytes = strToU8(JSON.stringify(claimed));
  const fromStranger = zipSync({ ...files, 'manifest.json': strangerBytes, 'signature.json': strToU8(JSON.stringify({ algorithm: 'Ed25519', signer: 'la-1', signature: Buffer.alloc(64).toString('base64') })) });
  const e1 = refused(() => w.sec.services.exchange.importPackage(fromStranger, SEC), /khóa chưa đăng ký/);
  assert.doesNotMatch(e1.message, /Chủ tịch/);
  assert.match(e1.message, new RegExp(fingerprint(stranger.publicKeyPem)), 'the fingerprint is computed from the key, not copied from the manifest');
  // An's uid with a name of the sender's choosing, not signed by An's key.
  const asAn = { ...manifest, author: { ...manifest.author, name: 'Chủ tịch UBND tỉnh' } };
  const e2 = refused(() => w.sec.services.exchange.importPackage(zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(asAn)) }), SEC), /Chữ ký của gói dữ liệu không hợp lệ/);
  assert.doesNotMatch(e2.message, /Chủ tịch/);
  assert.match(e2.message, /"Nguyễn Văn An"/, 'the registered name');
}));

test('a registration whose fingerprint did not match is undone; once a package of that key is in, it stands', world((w) => {
  const { dir, cleanup } = tempDir('par-trust-unreg-');
  const c = openApp({ dataDir: dir, host: 'cli', seedDemo: false });
  try {
    const id = c.services.exchange.initSelf({ name: 'Phạm Văn Cường', agency: 'Sở Xây dựng', role: 'Thành viên', kind: 'member' });
    w.sec.services.exchange.registerMember(JSON.parse(JSON.stringify(id)) as unknown, w.campaignId, SEC);
    w.sec.services.workspace.assign({ campaignId: w.campaignId, memberUid: id.uid, areas: ['2'], units: [] }, SEC);
    assert.deepEqual(w.sec.services.exchange.unregisterMember(id.uid, w.campaignId, SEC), { uid: id.uid, name: 'Phạm Văn Cường' });
    assert.equal(w.sec.services.repos.members.get(id.uid), undefined);
    assert.deepEqual(w.sec.services.repos.members.assignment(w.campaignId, id.uid), { areas: [], units: [] });
    assert.equal(w.sec.db.prepare("SELECT count(*) FROM history WHERE action = 'member.unregister'").pluck().get(), 1);
    // An's package is in: An's registration can no longer be undone.
    w.sec.services.exchange.importPackage(w.an.services.exchange.exportMemberPackage(w.anCampaign).bytes, SEC);
    refused(() => w.sec.services.exchange.unregisterMember(w.anId.uid, w.campaignId, SEC), /không hủy đăng ký được nữa/, 'conflict');
  } finally {
    c.close();
    cleanup();
  }
}));

test('a registered key changes only by a re-registration that names the new fingerprint', world((w) => {
  const fresh = newKeyPair();
  const renewed = { ...w.anId, publicKey: fresh.publicKeyPem, fingerprint: fingerprint(fresh.publicKeyPem) };
  const register = (replace: { newFingerprint: string } | null) => w.sec.services.exchange.registerMember(JSON.parse(JSON.stringify(renewed)) as unknown, w.campaignId, SEC, replace);
  refused(() => register(null), /đã đăng ký với khóa khác.*đối chiếu dấu vân tay mới/, 'conflict');
  refused(() => register({ newFingerprint: w.anId.fingerprint }), /đã đăng ký với khóa khác/, 'conflict');
  assert.equal(w.sec.services.repos.members.get(w.anId.uid)!.publicKey, w.anId.publicKey);
  register({ newFingerprint: renewed.fingerprint.toLowerCase() });
  assert.equal(w.sec.services.repos.members.get(w.anId.uid)!.publicKey, fresh.publicKeyPem);
  const logged = w.sec.db.prepare("SELECT old_value AS o, reason FROM history WHERE action = 'member.register' ORDER BY id DESC LIMIT 1").get() as { o: string; reason: string };
  assert.match(logged.o, new RegExp(w.anId.fingerprint));
  assert.match(logged.reason, /khóa mới/);
}));
