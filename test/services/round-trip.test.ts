// How many SQL statements one grid edit costs: the write plus the sheet the grid redraws from, for a
// member (`proposal/set`) and for the secretariat (`score/set`). A real database file; better-sqlite3's
// `prepare` is wrapped so every run/get/all/iterate of a statement is counted (and `transaction`, for its
// BEGIN and COMMIT); nothing else changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, type AppCore } from '../../electron/core/app.js';
import type { MemberSheet, MemberSheetPatch, UnitSheet, UnitSheetPatch } from '../../shared/contract.js';
import { applySheetPatch } from '../../shared/sheet-patch.js';
import { DEMO_UNSCORED_UNIT } from '../../electron/demo/demo-campaign.js';
import { tempDir } from '../helpers.js';
import { countingPrepare } from './statement-counter.js';

const ctx = { actor: 'os-user' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) assert.fail(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

// Upper bounds this code reaches. Before the write path was reworked: proposal/set 29, proposal/sheet 17,
// score/set 17, sheet/get 6 (the sheet rolled up twice, the profile read three times); then 13 and 8 until
// the member's unit (finals, proposals, round 1, requests, evidence counts) was read in one statement. A new
// statement on this path has to earn its place here; the time is the bench figure scoreRoundTripP99. The
// member's one more (10 → 11, 5 → 6): the calendar, as its machine holds proposals to the round's deadline.
const MEMBER_WRITE_AND_SHEET = 11;
const MEMBER_SHEET = 6;
const SECRETARIAT_WRITE_AND_SHEET = 10;
const SECRETARIAT_SHEET = 4;

test('a member score write and the sheet it returns run a bounded number of SQL statements', async () => {
  const counting = countingPrepare();
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const profile = { name: 'Trần Thị Bích', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng' };
    const me = await call<{ uid: string }>(app, 'member/saveSelf', { ...profile, kind: 'secretariat' });
    await call(app, 'member/assign', { campaignId: id, memberUid: me.uid, areas: ['1', '2', '8'], units: [] });
    await call(app, 'member/saveSelf', { ...profile, kind: 'member' });
    // Warm: the tree and rules are cached per campaign after the first call, as in a running app.
    const before = await call<MemberSheet>(app, 'proposal/sheet', { campaignId: id, unitCode: 'SBN01' });

    const write = await counting.measure(() => call<MemberSheetPatch>(app, 'proposal/set', { campaignId: id, unitCode: 'SBN01', criterionCode: '1.1.1', input: { kind: 'option', index: 0 }, reason: 'Đủ hồ sơ' }));
    assert.equal(write.value.rows.find((r) => r.code === '1.1.1')?.reason, 'Đủ hồ sơ');
    const sheet = await counting.measure(() => call<MemberSheet>(app, 'proposal/sheet', { campaignId: id, unitCode: 'SBN01' }));
    assert.deepEqual(applySheetPatch(before, 'SBN01', write.value), sheet.value);
    console.log(`proposal/set: ${write.statements} statements; proposal/sheet: ${sheet.statements}`);
    assert.ok(write.statements <= MEMBER_WRITE_AND_SHEET, `proposal/set ran ${write.statements} statements:\n${write.sql.join('\n')}`);
    assert.ok(sheet.statements <= MEMBER_SHEET, `proposal/sheet ran ${sheet.statements} statements:\n${sheet.sql.join('\n')}`);
    // The profile is read once per call, whichever door asks.
    assert.equal(write.sql.filter((s) => s.startsWith('SELECT m.*, (SELECT name FROM unit_identity WHERE is_self = 1)')).length, 1, write.sql.join('\n'));
    assert.equal(sheet.sql.filter((s) => s.startsWith('SELECT m.*, (SELECT name FROM unit_identity WHERE is_self = 1)')).length, 1, sheet.sql.join('\n'));
  } finally {
    app.close();
    counting.restore();
    cleanup();
  }
});

test('a secretariat score write and the sheet it returns run a bounded number of SQL statements', async () => {
  const counting = countingPrepare();
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const first = await call<UnitSheet>(app, 'sheet/get', { campaignId: id, unitCode: 'SBN01' });
    // The self-score needs no reason; without one, the members' proposals for the cell are read too.
    const leaf = first.rows.find((r) => r.isLeaf && r.selfMilli !== null && r.selfMilli !== r.pointsMilli)!;
    const write = await counting.measure(() => call<UnitSheetPatch>(app, 'score/set', { campaignId: id, unitCode: 'SBN01', criterionCode: leaf.code, pointsMilli: leaf.selfMilli, reason: '' }));
    assert.equal(write.value.rows.find((r) => r.code === leaf.code)?.pointsMilli, leaf.selfMilli);
    const sheet = await counting.measure(() => call<UnitSheet>(app, 'sheet/get', { campaignId: id, unitCode: 'SBN01' }));
    assert.deepEqual(applySheetPatch(first, 'SBN01', write.value), sheet.value);
    console.log(`score/set: ${write.statements} statements; sheet/get: ${sheet.statements}`);
    assert.ok(write.statements <= SECRETARIAT_WRITE_AND_SHEET, `score/set ran ${write.statements} statements:\n${write.sql.join('\n')}`);
    assert.ok(sheet.statements <= SECRETARIAT_SHEET, `sheet/get ran ${sheet.statements} statements:\n${sheet.sql.join('\n')}`);
    // The reply a write returns is built from the rows read before it plus the new value: merged into the
    // sheet before, it matches a fresh read for a cell that had no row yet, for a not-applicable mark, and for
    // a cleared value.
    for (const [method, input] of [
      ['score/set', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.1.1', pointsMilli: 0, reason: 'Chưa nộp hồ sơ' }],
      ['score/setNotApplicable', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.2', notApplicable: true }],
      ['score/set', { campaignId: id, unitCode: 'SBN01', criterionCode: leaf.code, pointsMilli: null, reason: '' }],
    ] as const) {
      const previous = await call<UnitSheet>(app, 'sheet/get', { campaignId: id, unitCode: input.unitCode });
      const returned = await call<UnitSheetPatch>(app, method, input);
      assert.deepEqual(applySheetPatch(previous, input.unitCode, returned), await call<UnitSheet>(app, 'sheet/get', { campaignId: id, unitCode: input.unitCode }), `${method} ${JSON.stringify(input)}`);
    }
  } finally {
    app.close();
    counting.restore();
    cleanup();
  }
});
