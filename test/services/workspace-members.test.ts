// The council's people through the door (shared/contract/workspace.ts): this machine's own profile, the
// members the secretariat registered with their areas, and a member named by uid or by name. A real
// SQLite file in a temp folder; members' identities carry real Ed25519 keys as their machines make them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { fingerprint, newKeyPair } from '../../electron/exchange/keys.js';
import { IDENTITY_FORMAT, type Identity } from '../../electron/services/exchange.js';
import { ok, refusal } from '../dispatch.js';
import { tempDir } from '../helpers.js';

const SEC = 'Tổ thư ký';

function withApp(fn: (app: AppCore, campaignId: number) => Promise<void>, seedDemo = true) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser', seedDemo });
    try {
      await fn(app, app.services.campaigns.list()[0]?.id ?? 0);
    } finally {
      app.close();
      cleanup();
    }
  };
}

/** The identity file a member's machine writes (`identity/export`), with a key of its own. */
function identity(name: string, agency: string): Identity {
  const { publicKeyPem } = newKeyPair();
  return { format: IDENTITY_FORMAT, uid: randomUUID(), name, agency, role: 'Thành viên Hội đồng', kind: 'member', publicKey: publicKeyPem, fingerprint: fingerprint(publicKeyPem) };
}

test('member/self: none before the profile is saved, then the profile as saved, changed in place', withApp(async (app) => {
  assert.equal(await ok(app, 'member/self', {}), null);
  const saved = await ok(app, 'member/saveSelf', { name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
  const self = await ok(app, 'member/self', {});
  assert.deepEqual(self, saved);
  assert.deepEqual([self?.name, self?.agency, self?.role, self?.kind, self?.isSelf], ['Trần Thị Bích', 'Sở Y tế', 'Thành viên', 'member', true]);
  await ok(app, 'member/saveSelf', { name: 'Trần Thị Bích Ngọc', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
  const renamed = await ok(app, 'member/self', {});
  assert.deepEqual([renamed?.uid, renamed?.name], [saved.uid, 'Trần Thị Bích Ngọc'], 'the same person, renamed');
  assert.equal((await refusal(app, 'member/self', 'tôi')).code, 'invalid_input');
}, false));

test('member/registered: the members this machine registered, with their areas in the campaign asked about, not its own profile', withApp(async (app, id) => {
  assert.deepEqual(await ok(app, 'member/registered', { campaignId: id }), []);
  const an = identity('Nguyễn Văn An', 'Sở Tư pháp');
  const binh = identity('Lê Thị Bình', 'Sở Tài chính');
  for (const m of [an, binh]) app.services.exchange.registerMember(m, id, SEC);
  await ok(app, 'member/assign', { campaignId: id, memberUid: an.uid, areas: ['1', '2'], units: [] });
  await ok(app, 'member/assign', { campaignId: id, memberUid: binh.uid, areas: ['3'], units: ['SBN01', 'XP09'] });
  // The secretariat's own profile (made with its first campaign package) is not a registered member.
  app.services.exchange.exportCampaignPackage(id, null);
  assert.ok((await ok(app, 'member/self', {}))?.kind === 'secretariat');

  const listed = await ok(app, 'member/registered', { campaignId: id });
  const byName = (name: string) => listed.find((m) => m.name === name);
  assert.equal(listed.length, 2);
  assert.deepEqual(byName('Nguyễn Văn An'), { uid: an.uid, name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', fingerprint: an.fingerprint, areas: ['1', '2'], units: [] });
  assert.deepEqual(byName('Lê Thị Bình'), { uid: binh.uid, name: 'Lê Thị Bình', agency: 'Sở Tài chính', fingerprint: binh.fingerprint, areas: ['3'], units: ['SBN01', 'XP09'] });
  // Without a campaign: the same people, no areas.
  assert.deepEqual((await ok(app, 'member/registered', { campaignId: null })).map((m) => [m.name, m.areas, m.units]).sort(), [['Lê Thị Bình', [], []], ['Nguyễn Văn An', [], []]]);

  assert.equal((await refusal(app, 'member/registered', {})).code, 'invalid_input', 'the campaign is named, or null on purpose');
  const unknown = await refusal(app, 'member/registered', { campaignId: 999 });
  assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound'], 'a campaign that does not exist is not an empty list');
}));

test('member/find: a member by uid or by exact name; two of one name need the uid; nobody by that name is not found', withApp(async (app, id) => {
  const an = identity('Nguyễn Văn An', 'Sở Tư pháp');
  app.services.exchange.registerMember(an, id, SEC);
  assert.deepEqual(await ok(app, 'member/find', { name: an.uid }).then((m) => [m.uid, m.name]), [an.uid, 'Nguyễn Văn An']);
  // Typed with spaces around, and in decomposed Unicode as some keyboards send it.
  assert.equal((await ok(app, 'member/find', { name: '  Nguyễn Văn An '.normalize('NFD') })).uid, an.uid);

  const namesake = identity('Nguyễn Văn An', 'Sở Y tế');
  app.services.exchange.registerMember(namesake, id, SEC);
  const ambiguous = await refusal(app, 'member/find', { name: 'Nguyễn Văn An' });
  assert.deepEqual([ambiguous.code, ambiguous.key], ['conflict', 'roles.memberNameAmbiguous']);
  assert.ok(ambiguous.message.includes(an.uid) && ambiguous.message.includes(namesake.uid), ambiguous.message);
  assert.equal((await ok(app, 'member/find', { name: namesake.uid })).uid, namesake.uid);

  const nobody = await refusal(app, 'member/find', { name: 'Phạm Văn Không' });
  assert.deepEqual([nobody.code, nobody.key], ['not_found', 'roles.memberNotFound']);
  assert.equal((await refusal(app, 'member/find', { name: '' })).code, 'invalid_input');
}));
