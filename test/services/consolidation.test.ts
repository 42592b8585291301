// Consolidation through the door (shared/contract/consolidation.ts), with a secretariat and two members in
// their own data folders exchanging real signed packages: the report of progress and the queue of cells to
// settle, and the policy that settles them, refused where it may not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { ok, refusal } from '../dispatch.js';
import { tempDir } from '../helpers.js';

const SEC = 'Tổ thư ký';
/** Calls through dispatch are recorded under the machine's own profile (made by the first campaign package). */
const SEC_PROFILE = 'Tổ thư ký Hội đồng thẩm định';

interface Member {
  app: AppCore;
  uid: string;
  campaignId: number;
}

interface World {
  sec: AppCore;
  id: number;
  an: Member;
  binh: Member;
  /** A member proposes a value on a cell of XP09 and sends the package to the secretariat. */
  propose(m: Member, criterionCode: string, pointsMilli: number): void;
  final(criterionCode: string): number | null;
}

function withWorld(fn: (w: World) => Promise<void>) {
  return async () => {
    const dirs = [tempDir(), tempDir(), tempDir()];
    const sec = openApp({ dataDir: dirs[0]!.dir, host: 'browser' });
    const apps = [sec];
    try {
      const id = sec.services.campaigns.list()[0]!.id;
      const uid = sec.services.campaigns.require(id).uid;
      const member = (name: string, n: number): Member => {
        const app = openApp({ dataDir: dirs[n]!.dir, host: 'browser', seedDemo: false });
        apps.push(app);
        const identity = app.services.exchange.initSelf({ name, agency: '', role: 'Thành viên Hội đồng', kind: 'member' });
        sec.services.exchange.registerMember(identity, id, SEC);
        sec.services.workspace.assign({ campaignId: id, memberUid: identity.uid, areas: ['2'], units: [] }, SEC);
        return { app, uid: identity.uid, campaignId: 0 };
      };
      const an = member('Nguyễn Văn An', 1);
      const binh = member('Lê Thị Bình', 2);
      for (const m of [an, binh]) {
        m.app.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
        m.campaignId = m.app.services.campaigns.byUid(uid)!.id;
      }
      await fn({
        sec, id, an, binh,
        propose: (m, criterionCode, pointsMilli) => {
          m.app.services.workspace.setProposal({ campaignId: m.campaignId, unitCode: 'XP09', criterionCode, input: { kind: 'points', pointsMilli }, reason: 'Theo hồ sơ' });
          sec.services.exchange.importPackage(m.app.services.exchange.exportMemberPackage(m.campaignId).bytes, SEC);
        },
        final: (criterionCode) => sec.services.repos.scores.get(id, 'XP09', criterionCode)?.pointsMilli ?? null,
      });
    } finally {
      for (const a of apps) a.close();
      for (const d of dirs) d.cleanup();
    }
  };
}

test('consolidation/report: each member\'s progress by area and the cells the members disagree on, with their proposals', withWorld(async (w) => {
  const { sec, id } = w;
  const empty = await ok(sec, 'consolidation/report', { campaignId: id });
  assert.deepEqual([empty.campaignId, empty.status, empty.round, empty.policy, empty.divergenceMilli, empty.selfGapMilli], [id, 'open', 1, 'assigned', 500, 1000]);
  assert.deepEqual(empty.queue, []);
  const leavesOfArea2 = empty.progress.find((p) => p.memberName === 'Nguyễn Văn An')!.assignedLeaves;
  assert.ok(leavesOfArea2 >= 20, 'area 2 of every unit of the demo campaign');
  assert.deepEqual(empty.progress.map((p) => [p.memberName, p.areaCode, p.proposedLeaves, p.assignedLeaves]).sort(), [
    ['Lê Thị Bình', '2', 0, leavesOfArea2], ['Nguyễn Văn An', '2', 0, leavesOfArea2],
  ]);

  w.propose(w.an, '2.2.1', 1000);
  w.propose(w.binh, '2.2.1', 1000);
  w.propose(w.an, '2.1.2', 2000);
  w.propose(w.binh, '2.1.2', 0);
  const report = await ok(sec, 'consolidation/report', { campaignId: id });
  assert.deepEqual(report.progress.map((p) => [p.memberName, p.proposedLeaves]).sort(), [['Lê Thị Bình', 2], ['Nguyễn Văn An', 2]]);
  const queued = report.queue.filter((q) => q.unitCode === 'XP09');
  assert.deepEqual(queued.map((q) => q.criterionCode), ['2.1.2'], 'the agreed cell is settled, the disputed one waits');
  const item = queued[0]!;
  assert.ok(item.reasons.includes('members_differ'));
  assert.deepEqual([item.finalMilli, item.decided, item.unitName], [null, false, 'Xã Vĩnh Thạnh']);
  assert.deepEqual(item.proposals.map((p) => [p.memberName, p.pointsMilli, p.assigned]).sort(), [['Lê Thị Bình', 0, true], ['Nguyễn Văn An', 2000, true]]);
  assert.deepEqual([w.final('2.2.1'), w.final('2.1.2')], [1000, null]);

  const unknown = await refusal(sec, 'consolidation/report', { campaignId: 999 });
  assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound']);
}));

test('consolidation/setPolicy: the policy and thresholds saved with a history row, the finals recomputed; refused when bad, final or on a member\'s machine', withWorld(async (w) => {
  const { sec, id } = w;
  w.propose(w.an, '2.1.2', 2000);
  w.propose(w.binh, '2.1.2', 0);
  assert.equal(w.final('2.1.2'), null);
  const policyRows = () => sec.db.prepare("SELECT actor, new_value AS v FROM history WHERE campaign_id = ? AND action = 'campaign.policy'").all(id);

  const report = await ok(sec, 'consolidation/setPolicy', { campaignId: id, policy: 'mean', divergenceMilli: 250, selfGapMilli: 1500 });
  assert.deepEqual([report.policy, report.divergenceMilli, report.selfGapMilli], ['mean', 250, 1500]);
  assert.equal(w.final('2.1.2'), 1000, 'the mean of 2 and 0');
  assert.equal(report.queue.find((q) => q.criterionCode === '2.1.2' && q.unitCode === 'XP09')?.finalMilli, 1000);
  assert.deepEqual(policyRows(), [{ actor: SEC_PROFILE, v: JSON.stringify({ policy: 'mean', divergenceMilli: 250, selfGapMilli: 1500 }) }]);
  assert.deepEqual(await ok(sec, 'consolidation/report', { campaignId: id }).then((r) => [r.policy, r.divergenceMilli, r.selfGapMilli]), ['mean', 250, 1500], 'kept');
  await ok(sec, 'consolidation/setPolicy', { campaignId: id, policy: 'manual', divergenceMilli: 250, selfGapMilli: 1500 });
  assert.equal(w.final('2.1.2'), null, 'manual: the secretariat decides');

  const bad: unknown[] = [
    { campaignId: id, policy: 'vote', divergenceMilli: 0, selfGapMilli: 0 },
    { campaignId: id, policy: 'mean', divergenceMilli: -1, selfGapMilli: 0 },
    { campaignId: id, policy: 'mean', divergenceMilli: 0, selfGapMilli: 100_001 },
  ];
  for (const input of bad) assert.equal((await refusal(sec, 'consolidation/setPolicy', input)).code, 'invalid_input', JSON.stringify(input));
  assert.equal((await refusal(sec, 'consolidation/setPolicy', { campaignId: 999, policy: 'mean', divergenceMilli: 0, selfGapMilli: 0 })).code, 'not_found');

  sec.services.consolidation.decide(id, 'XP09', '2.1.2', { pointsMilli: 1000, notApplicable: false }, 'Có sai sót nhỏ', SEC);
  await ok(sec, 'campaign/finalize', { campaignId: id });
  assert.equal((await refusal(sec, 'consolidation/setPolicy', { campaignId: id, policy: 'assigned', divergenceMilli: 500, selfGapMilli: 1000 })).code, 'locked');
  const member = await refusal(w.an.app, 'consolidation/setPolicy', { campaignId: w.an.campaignId, policy: 'mean', divergenceMilli: 500, selfGapMilli: 1000 });
  assert.deepEqual([member.code, member.key], ['forbidden', 'roles.secretariatOnly']);
  assert.equal(policyRows().length, 2, 'nothing refused was recorded');
  assert.equal(w.final('2.1.2'), 1000);
}));
