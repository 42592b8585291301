// Every path that writes a final score checks it against the leaf's rule with the members' message, and a
// direct edit that differs from the self-score or a member's proposal needs a reason. Real SQLite files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { describeIssue } from '../../shared/errors.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'Tổ thư ký' };

/**
 * The small workbook with rules: 1.1.1 is 1,5 / 1 / 0,5 / 0, 1.2 is 2 / 1 / 0, the survey leaf 2.1 has four
 * levels. Its stored scores fit them.
 */
function ruledWorkbook() {
  const wb = smallWorkbook();
  wb['Tiêu chí'][0] = ['Mã', 'Tên', 'Điểm tối đa', 'Loại', 'Cách tính'];
  wb['Tiêu chí'][3] = ['1.1.1', 'Ban hành kế hoạch', 1.5, null, 'mức: Đúng hạn=1,5; Trễ hạn=1; Muộn=0,5; Không ban hành=0'];
  wb['Tiêu chí'][5] = ['1.2', 'Báo cáo', 2, null, 'mức: Đủ=2; Thiếu=1; Không=0'];
  wb['Tiêu chí'][7] = ['2.1', 'Mức độ hài lòng', 4, null, 'mức: Rất hài lòng=4; Hài lòng=3,5; Tạm được=3; Không=0'];
  return wb;
}

function withCampaign(fn: (app: AppCore, campaignId: number) => void | Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
    try {
      const r = await app.dispatch('workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(ruledWorkbook()).toString('base64') }, ctx);
      assert.ok(r.ok, JSON.stringify(r));
      await fn(app, (r.value as { campaignId: number }).campaignId);
    } finally {
      app.close();
      cleanup();
    }
  };
}

const finalOf = (app: AppCore, id: number, unitCode: string, code: string) => app.services.repos.scores.get(id, unitCode, code)?.pointsMilli ?? null;
function addMembers(app: AppCore, id: number, ...uids: string[]): void {
  for (const uid of uids) {
    app.services.repos.members.insert({ uid, name: `Thành viên ${uid}`, agency: '', role: 'Thành viên', kind: 'member', isSelf: false, publicKey: null, createdAt: '' });
    app.services.repos.members.setAssignment(id, uid, ['CHUNG:1'], []);
  }
}
const historyCount = (app: AppCore) => (app.db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;

test('score/set (the secretariat\'s grid) refuses 0,3 on a 1,5/1/0,5/0 leaf with the members\' message and writes nothing', withCampaign(async (app, id) => {
  const before = historyCount(app);
  const r = await app.dispatch('score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.1.1', pointsMilli: 300, reason: 'thử' }, ctx);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'out_of_range');
    assert.equal(r.error.message, 'Tiêu chí "1.1.1": điểm 0,3 không thuộc các mức của cách tính (1,5; 1; 0,5; 0).');
  }
  assert.equal(finalOf(app, id, 'X1', '1.1.1'), 1000);
  assert.equal(historyCount(app), before);
  const ok = await app.dispatch('score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.1.1', pointsMilli: 500 }, ctx);
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(finalOf(app, id, 'X1', '1.1.1'), 500);
}));

test('the member is refused with the very same words for the same value', withCampaign(async (app, id) => {
  // The secretariat's grid first: once this machine is a member's, score/set is the secretariat's only.
  const grid = await app.dispatch('score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.1.1', pointsMilli: 300 }, ctx);
  app.services.repos.members.insert({ uid: 'm1', name: 'Thành viên', agency: 'Sở Nội vụ', role: 'Thành viên', kind: 'member', isSelf: true, publicKey: null, createdAt: '' });
  app.services.repos.members.setAssignment(id, 'm1', ['CHUNG:1'], []);
  const member = await app.dispatch('proposal/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.1.1', input: { kind: 'points', pointsMilli: 300 } }, ctx);
  assert.ok(!member.ok && !grid.ok);
  if (!member.ok && !grid.ok) assert.equal(member.error.message, grid.error.message);
}));

test('a direct edit that differs from the self-score needs a reason; the reason becomes the decision\'s', withCampaign(async (app, id) => {
  // S1 assessed itself 2 on 1.2; the final is 2.
  const before = historyCount(app);
  const bare = await app.dispatch('score/set', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: 1000 }, ctx);
  assert.equal(bare.ok ? 'ok' : bare.error.code, 'reason_required');
  if (!bare.ok) assert.match(bare.error.message, /Tiêu chí "1\.2": điểm 1 khác điểm tự đánh giá hoặc điểm đề xuất của thành viên: hãy ghi lý do\./);
  assert.equal(finalOf(app, id, 'S1', '1.2'), 2000);
  assert.equal(historyCount(app), before);
  const given = await app.dispatch('score/set', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: 1000, reason: 'Báo cáo thiếu số liệu quý IV' }, ctx);
  assert.ok(given.ok, JSON.stringify(given));
  assert.equal(finalOf(app, id, 'S1', '1.2'), 1000);
  const decision = app.services.repos.exchange.decisionsOf(id).find((d) => d.unitCode === 'S1' && d.criterionCode === '1.2');
  assert.equal(decision?.reason, 'Báo cáo thiếu số liệu quý IV');
  // Back to the self-score: agrees with everyone, no reason needed.
  const back = await app.dispatch('score/set', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: 2000 }, ctx);
  assert.ok(back.ok, JSON.stringify(back));
}));

test('a direct edit that differs from a member\'s proposal needs a reason too', withCampaign(async (app, id) => {
  // X1 has no self-score on 1.2; a member proposed 1.
  addMembers(app, id, 'm-a');
  app.services.repos.exchange.putImportedProposal({ campaignId: id, unitCode: 'X1', criterionCode: '1.2', memberUid: 'm-a', round: 1, pointsMilli: 1000, na: 0, reason: '', inputs: '', revision: 1, updatedAt: 't' });
  const differs = await app.dispatch('score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.2', pointsMilli: 2000 }, ctx);
  assert.equal(differs.ok ? 'ok' : differs.error.code, 'reason_required');
  const agrees = await app.dispatch('score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.2', pointsMilli: 1000 }, ctx);
  assert.ok(agrees.ok, JSON.stringify(agrees));
}));

test('consolidation/decide (the decision form) refuses 1,5 on a 2/1/0 leaf with the same message', withCampaign(async (app, id) => {
  const before = historyCount(app);
  const r = await app.dispatch('consolidation/decide', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: 1500, notApplicable: false, reason: 'Hội đồng thống nhất' }, ctx);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'out_of_range');
    assert.equal(r.error.message, 'Tiêu chí "1.2": điểm 1,5 không thuộc các mức của cách tính (2; 1; 0).');
  }
  assert.equal(historyCount(app), before);
  assert.equal(app.services.repos.exchange.decisionsOf(id).length, 0);
  const kad = await app.dispatch('consolidation/decide', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: null, notApplicable: true, reason: 'Không phát sinh' }, ctx);
  assert.ok(kad.ok, JSON.stringify(kad));
}));

test('the survey import refuses a value off the survey leaf\'s rule, naming the cell, and writes nothing', withCampaign(async (app, id) => {
  const before = historyCount(app);
  const bytes = workbookBuffer({
    'Điều tra XHH': [
      ['Mã đơn vị', 'Tên đơn vị', 'Nhóm', '2.1 Mức độ hài lòng', '3 Điểm thưởng', '4 Điểm trừ'],
      ['S1', 'Sở Tư pháp', 'S', 4, null, null],
      ['S2', 'Sở Y tế', 'S', '2,5', null, null],
    ],
  });
  await assert.rejects(app.services.survey.importWorkbook(id, 'dtxhh.xlsx', bytes, ctx.actor), (e: unknown) => {
    const issues = (e as { issues?: Parameters<typeof describeIssue>[0][] }).issues ?? [];
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.equal(describeIssue(issues[0]!), 'Trang "Điều tra XHH", dòng 3, cột D (2.1): Tiêu chí "2.1": điểm 2,5 không thuộc các mức của cách tính (4; 3,5; 3; 0).');
    return true;
  });
  assert.equal(finalOf(app, id, 'S1', '2.1'), 3500);
  assert.equal(historyCount(app), before);
}));

test('a mean of proposals off the rule (1,5 between 2 and 1) is no final score: the cell waits for a decision', withCampaign((app, id) => {
  const s = app.services;
  addMembers(app, id, 'm-a', 'm-b');
  for (const [uid, points] of [['m-a', 2000], ['m-b', 1000]] as const) {
    s.repos.exchange.putImportedProposal({ campaignId: id, unitCode: 'X1', criterionCode: '1.2', memberUid: uid, round: 1, pointsMilli: points, na: 0, reason: '', inputs: '', revision: 1, updatedAt: 't' });
    s.repos.exchange.putImportedProposal({ campaignId: id, unitCode: 'X1', criterionCode: '1.1.2', memberUid: uid, round: 1, pointsMilli: points, na: 0, reason: '', inputs: '', revision: 1, updatedAt: 't' });
  }
  s.consolidation.setPolicy(id, 'mean', 500, 500, ctx.actor);
  assert.equal(finalOf(app, id, 'X1', '1.2'), null, '1,5 is not a level of 2/1/0');
  assert.equal(finalOf(app, id, 'X1', '1.1.2'), 1500, 'free points: the mean stands');
}));

test('a campaign workbook whose final score is off a leaf\'s rule is refused, naming the cell', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const wb = ruledWorkbook();
    wb['Điểm'][3] = ['S1', '1.2', 2, '1,5', null];
    const r = await app.dispatch('workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(wb).toString('base64') }, ctx);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.ok((r.error.issues ?? []).some((i) => describeIssue(i).includes('Tiêu chí "1.2": điểm 1,5 không thuộc các mức của cách tính (2; 1; 0).')), JSON.stringify(r.error));
    }
    assert.equal(app.services.campaigns.list().length, 0);
  } finally {
    app.close();
    cleanup();
  }
});
