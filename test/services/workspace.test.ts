import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { AUTO_RECUSAL_REASON } from '../../electron/services/workspace.js';
import type { MemberSheet, MemberSheetPatch, MemberWithAssignment, WorkspaceInfo } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';

const ctx = { actor: 'os-user' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) assert.fail(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function refusal(app: AppCore, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await app.dispatch(method, input, ctx);
  if (r.ok) assert.fail(`${method} was accepted`);
  return r.error;
}

/** A member of the Department of Justice, assigned areas 1, 2 and 8 of the demo campaign. */
function withMember(fn: (app: AppCore, id: number, uid: string) => Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser' });
    try {
      const id = app.services.campaigns.list()[0]!.id;
      // Assigned while the profile is still the secretariat's: a member's machine does not assign.
      const profile = { name: 'Trần Thị Bích', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng' };
      const me = await call<{ uid: string }>(app, 'member/saveSelf', { ...profile, kind: 'secretariat' });
      await call(app, 'member/assign', { campaignId: id, memberUid: me.uid, areas: ['1', '2', '8'], units: [] });
      await call(app, 'member/saveSelf', { ...profile, kind: 'member' });
      await fn(app, id, me.uid);
    } finally {
      app.close();
      cleanup();
    }
  };
}

const row = (s: Pick<MemberSheet, 'rows'>, code: string) => s.rows.find((r) => r.code === code)!;

test('the member is recused from their own agency automatically, and the recusal is shown', withMember(async (app, id, uid) => {
  const members = await call<MemberWithAssignment[]>(app, 'member/list', { campaignId: id });
  const me = members.find((m) => m.uid === uid)!;
  assert.deepEqual(me.recusals.map((r) => [r.unitCode, r.unitName, r.reason]), [['SBN02', 'Sở Tư pháp', AUTO_RECUSAL_REASON]]);
  const sheet = await call<MemberSheet>(app, 'proposal/sheet', { campaignId: id, unitCode: 'SBN02' });
  assert.equal(sheet.recused, true);
  assert.ok(sheet.rows.filter((r) => r.isLeaf).every((r) => r.locked === 'recused'));
  const e = await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'SBN02', criterionCode: '1.1.1', input: { kind: 'option', index: 0 } });
  assert.equal(e.code, 'forbidden');
  assert.match(e.message, /không tham gia chấm điểm đơn vị này/);
  const ws = await call<WorkspaceInfo>(app, 'workspace/get', { campaignId: id });
  assert.equal(ws.units.find((u) => u.code === 'SBN02')?.recused, true);
  // A manual recusal needs a reason; lifting it works (the secretariat's tool: the profile changes role).
  await call(app, 'member/saveSelf', { name: 'Trần Thị Bích', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'secretariat' });
  assert.equal((await refusal(app, 'member/recuse', { campaignId: id, memberUid: uid, unitCode: 'SBN03', recused: true, reason: ' ' })).code, 'invalid_input');
  await call(app, 'member/recuse', { campaignId: id, memberUid: uid, unitCode: 'SBN03', recused: true, reason: 'Vợ là Giám đốc Sở' });
  await call(app, 'member/recuse', { campaignId: id, memberUid: uid, unitCode: 'SBN03', recused: false, reason: '' });
}));

test('unassigned areas and survey criteria are read-only', withMember(async (app, id) => {
  const sheet = await call<MemberSheet>(app, 'proposal/sheet', { campaignId: id, unitCode: 'SBN01' });
  assert.equal(row(sheet, '3.1.1').locked, 'not_assigned');
  assert.equal(row(sheet, '8.1.1').locked, 'survey');
  assert.equal(row(sheet, '8.3.1').locked, '');
  assert.equal(row(sheet, '1.1').locked, 'not_leaf');
  assert.match((await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'SBN01', criterionCode: '3.1.1', input: { kind: 'option', index: 0 } })).message, /không thuộc lĩnh vực/);
  assert.match((await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'SBN01', criterionCode: '8.1.1', input: { kind: 'points', pointsMilli: 1000 } })).message, /điều tra xã hội học/);
}));

test('each rule kind turns the member input into points', withMember(async (app, id) => {
  const set = (criterionCode: string, input: unknown, reason?: string) =>
    call<MemberSheet>(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode, input, ...(reason ? { reason } : {}) });
  assert.equal(row(await set('1.2.1', { kind: 'option', index: 0 }), '1.2.1').proposalMilli, 1000, 'có/không: Có');
  assert.equal(row(await set('1.1.1', { kind: 'option', index: 1 }, 'Ban hành trễ 10 ngày'), '1.1.1').proposalMilli, 500, 'mức: Trễ hạn');
  assert.equal(row(await set('1.1.2', { kind: 'percent', hundredths: 9000 }, 'Đạt 90%'), '1.1.2').proposalMilli, 1000, 'tỷ lệ: 90% is in 70-90%');
  assert.equal(row(await set('1.1.2', { kind: 'percent', hundredths: 9050 }), '1.1.2').proposalMilli, 2000);
  assert.equal(row(await set('1.5.1', { kind: 'points', pointsMilli: 1250 }, 'Một sáng kiến'), '1.5.1').proposalMilli, 1250, 'tự do: bước 0,25');
  assert.match((await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.5.1', input: { kind: 'points', pointsMilli: 1100 } })).message, /bước 0,25/);
  assert.match((await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.2.1', input: { kind: 'points', pointsMilli: 500 } })).message, /không thuộc các mức/);
  assert.match((await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.1.1', input: { kind: 'option', index: 7 } })).message, /không có mức số 8/);
  const sheet = await set('1.1.1', null);
  assert.equal(row(sheet, '1.1.1').proposalMilli, null, 'null clears the proposal');
}));

test('a score that differs from the self-score is kept at once and flagged until a reason is given', withMember(async (app, id) => {
  const base = await call<MemberSheet>(app, 'proposal/sheet', { campaignId: id, unitCode: 'XP09' });
  const self = row(base, '1.1.1').selfMilli;
  const options = row(base, '1.1.1').parsedRule.kind === 'tiers' ? (row(base, '1.1.1').parsedRule as { options: Array<{ pointsMilli: number }> }).options : [];
  const other = options.findIndex((o) => o.pointsMilli !== self);
  assert.ok(self !== null && other >= 0);
  let s = await call<MemberSheetPatch>(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.1.1', input: { kind: 'option', index: other } });
  assert.equal(row(s, '1.1.1').proposalMilli, options[other]!.pointsMilli);
  assert.equal(row(s, '1.1.1').needsReason, true);
  assert.equal(s.fields.missingReasons, 1);
  s = await call<MemberSheetPatch>(app, 'proposal/setReason', { campaignId: id, unitCode: 'XP09', criterionCode: '1.1.1', reason: 'Không có quyết định ban hành kế hoạch' });
  assert.equal(row(s, '1.1.1').needsReason, false);
  const same = row(base, '1.2.1').selfMilli;
  s = await call<MemberSheetPatch>(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.2.1', input: { kind: 'points', pointsMilli: same } });
  assert.equal(row(s, '1.2.1').needsReason, false, 'the same as the self-score needs no reason');
  const history = await call<Array<{ actor: string; action: string; oldValue: string | null; newValue: string | null }>>(app, 'history/cell', { campaignId: id, unitCode: 'XP09', criterionCode: '1.1.1' });
  assert.deepEqual(history.map((h) => [h.actor, h.action, h.oldValue, h.newValue]), [
    ['Trần Thị Bích', 'proposal.reason', '', 'Không có quyết định ban hành kế hoạch'],
    ['Trần Thị Bích', 'proposal.points', null, String(options[other]!.pointsMilli)],
  ]);
}));

test('progress counts my applicable leaves; the roll-up uses my proposals', withMember(async (app, id) => {
  let ws = await call<WorkspaceInfo>(app, 'workspace/get', { campaignId: id });
  const unit = () => ws.units.find((u) => u.code === 'XP09')!;
  assert.equal(unit().assignedLeaves, 10 + 7 + 2, 'areas 1 and 2, plus the two appraised leaves of area 8');
  assert.equal(unit().scoredLeaves, 0);
  let s = await call<MemberSheetPatch>(app, 'proposal/setNotApplicable', { campaignId: id, unitCode: 'XP09', criterionCode: '2.3', notApplicable: true });
  assert.equal(s.fields.assignedLeaves, 19 - 3);
  assert.equal(row(s, '2.3.1').applicable, false);
  s = await call<MemberSheetPatch>(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.2.1', input: { kind: 'option', index: 0 } });
  assert.equal(row(s, '1.2').subtotalMilli, 1000);
  assert.equal(s.fields.proposedLeaves, 1);
  ws = await call<WorkspaceInfo>(app, 'workspace/get', { campaignId: id });
  assert.equal(unit().assignedLeaves, 16);
  assert.equal(unit().scoredLeaves, 1);
  assert.equal(ws.mode, 'member');
  // The secretariat's final scores are untouched by proposals.
  const final = app.services.scoring.sheet(id, 'XP09');
  assert.equal(final.rows.find((r) => r.code === '1.2.1')?.pointsMilli, null);
}));

test('explanation requests are recorded with their status', withMember(async (app, id) => {
  const asked = await call<MemberSheetPatch>(app, 'explanation/request', { campaignId: id, unitCode: 'XP01', criterionCode: '2.1.2', text: 'Đề nghị bổ sung biên bản thẩm định văn bản' });
  const q = row(asked, '2.1.2').requests[0]!;
  assert.equal(asked.fields.openRequests, 1);
  assert.equal(q.status, 'open');
  assert.equal(q.memberName, 'Trần Thị Bích');
  const ws = await call<WorkspaceInfo>(app, 'workspace/get', { campaignId: id });
  assert.equal(ws.units.find((u) => u.code === 'XP01')?.openRequests, 1);
  const s = await call<MemberSheet>(app, 'explanation/setStatus', { campaignId: id, id: q.id, status: 'answered', answer: 'Đã bổ sung biên bản số 12/BB' });
  assert.equal(row(s, '2.1.2').requests[0]!.status, 'answered');
  assert.equal(row(s, '2.1.2').requests[0]!.answer, 'Đã bổ sung biên bản số 12/BB');
}));

test('without a member profile, proposals are refused with a message saying what to do', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const e = await refusal(app, 'proposal/set', { campaignId: id, unitCode: 'XP09', criterionCode: '1.2.1', input: { kind: 'option', index: 0 } });
    assert.equal(e.code, 'forbidden');
    assert.match(e.message, /hồ sơ thành viên/);
    const ws = await call<WorkspaceInfo>(app, 'workspace/get', { campaignId: id });
    assert.equal(ws.mode, 'secretariat');
  } finally {
    app.close();
    cleanup();
  }
});
