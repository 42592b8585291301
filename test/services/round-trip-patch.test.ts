// A grid write answers a patch (the rows it changed and the sheet's totals) instead of the whole sheet. The
// renderer merges it into the last sheet it holds; merged, it must be exactly what a fresh read shows. A real
// database file, every kind of write each grid sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, type AppCore } from '../../electron/core/app.js';
import type { MemberSheet, MemberSheetPatch, UnitSheet, UnitSheetPatch } from '../../shared/contract.js';
import { applySheetPatch } from '../../shared/sheet-patch.js';
import { needsReason } from '../../shared/rules.js';
import { DEMO_UNSCORED_UNIT } from '../../electron/demo/demo-campaign.js';
import { tempDir } from '../helpers.js';

const ctx = { actor: 'Nguyễn Văn A' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) assert.fail(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

test("a member's write merged into the sheet before it equals a fresh read: points, reason, clear, not applicable, request", async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const campaignId = app.services.campaigns.list()[0]!.id;
    const profile = { name: 'Trần Thị Bích', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng' };
    const me = await call<{ uid: string }>(app, 'member/saveSelf', { ...profile, kind: 'secretariat' });
    await call(app, 'member/assign', { campaignId, memberUid: me.uid, areas: ['1', '2', '8'], units: [] });
    await call(app, 'member/saveSelf', { ...profile, kind: 'member' });

    const cell = (unitCode: string, criterionCode: string) => ({ campaignId, unitCode, criterionCode });
    const writes: Array<[string, Record<string, unknown>]> = [
      ['proposal/set', { ...cell('SBN01', '1.1.1'), input: { kind: 'option', index: 0 } }],
      ['proposal/set', { ...cell('SBN01', '2.1.2'), input: { kind: 'points', pointsMilli: 0 } }],
      ['proposal/setReason', { ...cell('SBN01', '2.1.2'), reason: 'Thiếu biên bản' }],
      ['proposal/set', { ...cell('SBN01', '2.1.2'), input: { kind: 'points', pointsMilli: 0 }, reason: 'Thiếu biên bản' }],
      ['proposal/set', { ...cell('SBN01', '1.1.1'), input: null }],
      ['proposal/setNotApplicable', { ...cell('SBN01', '2.3'), notApplicable: true }],
      ['proposal/set', { ...cell(DEMO_UNSCORED_UNIT, '1.2.1'), input: { kind: 'option', index: 0 } }],
      ['proposal/setNotApplicable', { ...cell(DEMO_UNSCORED_UNIT, '2'), notApplicable: true }],
      ['proposal/setNotApplicable', { ...cell(DEMO_UNSCORED_UNIT, '2'), notApplicable: false }],
      ['explanation/request', { ...cell(DEMO_UNSCORED_UNIT, '2.1.2'), text: 'Đề nghị bổ sung biên bản' }],
      ['proposal/setNotApplicable', { ...cell('SBN01', '2.3'), notApplicable: false }],
    ];
    for (const [method, input] of writes) {
      const unitCode = input['unitCode'] as string;
      const before = await call<MemberSheet>(app, 'proposal/sheet', { campaignId, unitCode });
      const patch = await call<MemberSheetPatch>(app, method, input);
      const fresh = await call<MemberSheet>(app, 'proposal/sheet', { campaignId, unitCode });
      const label = `${method} ${JSON.stringify(input)}`;
      assert.ok(patch.rows.length < fresh.rows.length / 2, `${label}: ${patch.rows.length} of ${fresh.rows.length} rows`);
      assert.deepEqual(applySheetPatch(before, unitCode, patch), fresh, label);
    }
    // The workspace list counts the same as the reply says.
    const last = await call<MemberSheetPatch>(app, 'proposal/set', { ...cell('SBN01', '1.2.1'), input: { kind: 'option', index: 0 } });
    const ws = await call<{ units: Array<{ code: string; assignedLeaves: number; scoredLeaves: number; missingReasons: number; openRequests: number }> }>(app, 'workspace/get', { campaignId });
    const unit = ws.units.find((u) => u.code === 'SBN01')!;
    assert.deepEqual([unit.assignedLeaves, unit.missingReasons, unit.openRequests], [last.fields.assignedLeaves, last.fields.missingReasons, last.fields.openRequests]);
    // A patch cannot be merged into another unit's sheet: the renderer reads that sheet afresh.
    assert.equal(applySheetPatch(await call<MemberSheet>(app, 'proposal/sheet', { campaignId, unitCode: DEMO_UNSCORED_UNIT }), DEMO_UNSCORED_UNIT, last), null);
  } finally {
    app.close();
    cleanup();
  }
});

test("a member's reason made only of blanks still leaves the reason missing, as JavaScript's trim sees it", async () => {
  // The sheet tells a written reason from a blank one in SQL (no reason text is read for the counts): every
  // character JavaScript's trim removes must count as blank there too, and nothing else.
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const campaignId = app.services.campaigns.list()[0]!.id;
    const profile = { name: 'Trần Thị Bích', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng' };
    const me = await call<{ uid: string }>(app, 'member/saveSelf', { ...profile, kind: 'secretariat' });
    await call(app, 'member/assign', { campaignId, memberUid: me.uid, areas: ['1', '2', '8'], units: [] });
    await call(app, 'member/saveSelf', { ...profile, kind: 'member' });
    const sheet = await call<MemberSheet>(app, 'proposal/sheet', { campaignId, unitCode: 'SBN01' });
    // Leaves the member may score whose self-score is not 0: a proposal of 0 differs from it.
    const leaves = sheet.rows.filter((r) => r.isLeaf && r.locked === '' && r.selfMilli !== null && r.selfMilli > 0);
    const reasons = [' ', '\u3000', '\u00a0\t', '\ufeff\n', '\u2028', '\u200b', ' có lý do', '\u0085', 'Đủ', 'Ấn định', '\u1680'];
    assert.ok(leaves.length >= reasons.length, `${leaves.length} leaves`);
    let last: MemberSheetPatch | null = null;
    // The door trims what it is sent; a reason stored untrimmed (an older version's, a package's) is written
    // here through the service, past the door.
    for (const [i, reason] of reasons.entries()) {
      last = app.services.workspace.setProposal({ campaignId, unitCode: 'SBN01', criterionCode: leaves[i]!.code, input: { kind: 'points', pointsMilli: 0 }, reason });
    }
    const fresh = await call<MemberSheet>(app, 'proposal/sheet', { campaignId, unitCode: 'SBN01' });
    let missing = 0;
    for (const row of fresh.rows) {
      const expected = row.locked === '' && row.applicable && needsReason({ pointsMilli: row.proposalMilli, notApplicable: false }, row.reason, { selfMilli: row.selfMilli });
      if (row.locked === '' && row.applicable) assert.equal(row.needsReason, expected, `${row.code} ${JSON.stringify(row.reason)}`);
      if (expected) missing++;
    }
    const row = (reason: string) => fresh.rows.find((r) => r.code === leaves[reasons.indexOf(reason)]!.code)!;
    assert.deepEqual(reasons.map((r) => row(r).reason), reasons, 'stored as written');
    const flagged = (reason: string) => row(reason).needsReason;
    assert.deepEqual(reasons.map(flagged), [true, true, true, true, true, false, false, false, false, false, true]);
    assert.equal(last!.fields.missingReasons, missing);
    assert.equal(fresh.missingReasons, missing);
  } finally {
    app.close();
    cleanup();
  }
});

test("the secretariat's write merged into the sheet before it equals a fresh read: points, clear, not applicable, unchanged", async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const campaignId = app.services.campaigns.list()[0]!.id;
    const cell = (unitCode: string, criterionCode: string) => ({ campaignId, unitCode, criterionCode });
    const writes: Array<[string, Record<string, unknown>]> = [
      ['score/set', { ...cell(DEMO_UNSCORED_UNIT, '1.1.1'), pointsMilli: 1000, reason: 'Đủ hồ sơ' }],
      ['score/set', { ...cell(DEMO_UNSCORED_UNIT, '1.1.1'), pointsMilli: 1000, reason: 'Đủ hồ sơ' }],
      ['score/set', { ...cell(DEMO_UNSCORED_UNIT, '1.1.1'), pointsMilli: null, reason: 'Xóa' }],
      ['score/setNotApplicable', { ...cell(DEMO_UNSCORED_UNIT, '1.2'), notApplicable: true }],
      ['score/setNotApplicable', { ...cell('SBN01', '6'), notApplicable: true }],
      ['score/setNotApplicable', { ...cell('SBN01', '6'), notApplicable: false }],
    ];
    for (const [method, input] of writes) {
      const unitCode = input['unitCode'] as string;
      const before = await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode });
      const patch = await call<UnitSheetPatch>(app, method, input);
      const fresh = await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode });
      const label = `${method} ${JSON.stringify(input)}`;
      assert.ok(patch.rows.length < fresh.rows.length / 2, `${label}: ${patch.rows.length} of ${fresh.rows.length} rows`);
      assert.deepEqual(applySheetPatch(before, unitCode, patch), fresh, label);
    }
  } finally {
    app.close();
    cleanup();
  }
});
