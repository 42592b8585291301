// A grid write answers a patch (the rows it changed and the sheet's totals) instead of the whole sheet. The
// renderer merges it into the last sheet it holds; merged, it must be exactly what a fresh read shows. A real
// database file, every kind of write each grid sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, type AppCore } from '../../electron/core/app.js';
import type { MemberSheet, MemberSheetPatch, UnitSheet, UnitSheetPatch } from '../../shared/contract.js';
import { applySheetPatch } from '../../shared/sheet-patch.js';
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
