// Criteria sets edited through the contract as the Cấu hình screen calls it: copy a set's whole tree
// under a new code (how a province starts the commune set from the department set), rename, delete —
// each one transaction with a history row, refused on a closed campaign, on a member's machine, while a
// group uses the set or when it is the last one; and a group moved onto the copy is scored under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import type { AuditPage, CampaignDetail, CriteriaSetItem, UnitSheet } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'Tổ thư ký' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

async function refused(app: AppCore, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r: Reply<unknown> = await app.dispatch(method, input, ctx);
  assert.equal(r.ok, false, `${method} should be refused`);
  return r.ok ? { code: '', message: '' } : r.error;
}

async function withTwoSets(fn: (app: AppCore, campaignId: number) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir('par-sets-');
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(app, 'workbook/import', { fileName: 'hai-cap.xlsx', contentBase64: workbookBuffer(twoSetWorkbook()).toString('base64') });
    await fn(app, campaignId);
  } finally {
    app.close();
    cleanup();
  }
}

/** Every group as campaign/setGroups takes it, with `moves` applied (group code → set code). */
function groupsWith(detail: CampaignDetail, moves: Record<string, string>) {
  return detail.groups.map((g) => ({ code: g.code, name: g.name, setCode: moves[g.code] ?? g.setCode, ranked: g.ranked, bands: g.bands }));
}

test('the list shows each set with its areas, top-level parts, maximum, leaves and the groups scored under it', () =>
  withTwoSets(async (app, campaignId) => {
    const sets = await call<CriteriaSetItem[]>(app, 'criteriaSet/list', { campaignId });
    assert.deepEqual(sets.map((s) => [s.code, s.name, s.areas.map((a) => a.code), s.maxMilli, s.leafCount, s.groups.map((g) => g.code)]), [
      ['SO', 'Bộ tiêu chí cấp sở', ['1', '2', '3'], 30_000, 10, ['S']],
      ['XA', 'Bộ tiêu chí cấp xã', ['1', '2', '3'], 40_000, 8, ['X']],
    ]);
    // Bonus and penalty parts too: the members panel assigns them like areas.
    assert.deepEqual(sets[0]!.roots.map((r) => [r.code, r.kind]), [['1', 'appraised'], ['2', 'appraised'], ['3', 'survey'], ['4', 'bonus'], ['5', 'penalty']]);
  }));

test('copy makes a new set with the whole tree of the source, logged; a group moved onto it is scored under it', () =>
  withTwoSets(async (app, campaignId) => {
    const sets = await call<CriteriaSetItem[]>(app, 'criteriaSet/copy', { campaignId, from: 'SO', code: 'PX', name: 'Bộ tiêu chí cấp phường' });
    assert.deepEqual(sets.map((s) => s.code), ['SO', 'XA', 'PX']);
    const so = sets[0]!;
    const px = sets[2]!;
    assert.equal(px.name, 'Bộ tiêu chí cấp phường');
    assert.deepEqual([px.criteriaCount, px.leafCount, px.maxMilli, px.groups], [so.criteriaCount, so.leafCount, so.maxMilli, []]);
    assert.deepEqual(px.roots, so.roots);
    const detail = await call<CampaignDetail>(app, 'campaign/get', { campaignId });
    assert.deepEqual(detail.sets.map((s) => s.code), ['SO', 'XA', 'PX']);

    // A new group with a unit (no scores yet) goes onto the copy; its sheet shows the copy's rows and name.
    await call(app, 'campaign/setGroups', { campaignId, groups: [...groupsWith(detail, {}), { code: 'P', name: 'UBND phường', setCode: 'PX', ranked: true, bands: [] }] });
    await call(app, 'unit/save', { campaignId, originalCode: null, code: 'P1', name: 'Phường Thới Bình', groupCode: 'P' });
    const sheet = await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode: 'P1' });
    assert.deepEqual(sheet.set, { code: 'PX', name: 'Bộ tiêu chí cấp phường' });
    assert.ok(sheet.rows.some((r) => r.code === '1.3'), 'the copy holds 1.3, which only SO has');
    await call(app, 'score/set', { campaignId, unitCode: 'P1', criterionCode: '1.3', pointsMilli: 2000 });

    const log = await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.copy' });
    assert.equal(log.items.length, 1);
    assert.match(log.items[0]!.newText, /PX/);
    assert.match(log.items[0]!.newText, /Bộ tiêu chí cấp phường/);
    assert.equal(log.items[0]!.actor, 'Tổ thư ký');
  }));

test('copy is refused for a taken or malformed code, an unknown source or an empty name, changing nothing', () =>
  withTwoSets(async (app, campaignId) => {
    assert.match((await refused(app, 'criteriaSet/copy', { campaignId, from: 'SO', code: 'XA', name: 'Khác' })).message, /XA/);
    assert.match((await refused(app, 'criteriaSet/copy', { campaignId, from: 'SO', code: 'xã mới', name: 'Khác' })).message, /xã mới/);
    assert.equal((await refused(app, 'criteriaSet/copy', { campaignId, from: 'ZZ', code: 'PX', name: 'Khác' })).code, 'not_found');
    assert.equal((await refused(app, 'criteriaSet/copy', { campaignId, from: 'SO', code: 'PX', name: '   ' })).code, 'invalid_input');
    assert.deepEqual((await call<CriteriaSetItem[]>(app, 'criteriaSet/list', { campaignId })).map((s) => s.code), ['SO', 'XA']);
    assert.equal((await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.copy' })).items.length, 0);
  }));

test('rename changes the name the sheets show, logged with the old and new name', () =>
  withTwoSets(async (app, campaignId) => {
    const sets = await call<CriteriaSetItem[]>(app, 'criteriaSet/rename', { campaignId, code: 'XA', name: 'Bộ tiêu chí cấp xã, phường' });
    assert.equal(sets[1]!.name, 'Bộ tiêu chí cấp xã, phường');
    assert.equal((await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode: 'X1' })).set.name, 'Bộ tiêu chí cấp xã, phường');
    const log = await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.rename' });
    assert.equal(log.items.length, 1);
    assert.match(log.items[0]!.oldText, /Bộ tiêu chí cấp xã$/);
    assert.match(log.items[0]!.newText, /Bộ tiêu chí cấp xã, phường/);
    assert.equal((await refused(app, 'criteriaSet/rename', { campaignId, code: 'ZZ', name: 'Khác' })).code, 'not_found');
    assert.equal((await refused(app, 'criteriaSet/rename', { campaignId, code: 'XA', name: 'Bộ tiêu chí cấp sở' })).code, 'conflict');
  }));

test('delete is refused while a group uses the set and for the last set; an unused copy goes with its tree', () =>
  withTwoSets(async (app, campaignId) => {
    const inUse = await refused(app, 'criteriaSet/delete', { campaignId, code: 'XA' });
    assert.equal(inUse.code, 'conflict');
    assert.match(inUse.message, /UBND xã, phường/);

    await call(app, 'criteriaSet/copy', { campaignId, from: 'XA', code: 'XA2', name: 'Bản sao cấp xã' });
    // Units of X are scored: moving the group is refused (campaign/setGroups), so XA stays in use.
    const detail = await call<CampaignDetail>(app, 'campaign/get', { campaignId });
    assert.equal((await refused(app, 'campaign/setGroups', { campaignId, groups: groupsWith(detail, { X: 'XA2' }) })).code, 'conflict');

    const after = await call<CriteriaSetItem[]>(app, 'criteriaSet/delete', { campaignId, code: 'XA2' });
    assert.deepEqual(after.map((s) => s.code), ['SO', 'XA']);
    assert.equal((await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.delete' })).items.length, 1);
    // X1's sheet still reads its own set.
    assert.equal((await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode: 'X1' })).set.code, 'XA');

    // A campaign with one set left: its last set cannot go, even with no group under it.
    const { dir, cleanup } = tempDir('par-sets-one-');
    const one = openApp({ dataDir: dir, host: 'browser', seedDemo: true });
    try {
      const id = one.services.campaigns.list()[0]!.id;
      const only = (await call<CriteriaSetItem[]>(one, 'criteriaSet/list', { campaignId: id }))[0]!;
      assert.equal((await refused(one, 'criteriaSet/delete', { campaignId: id, code: only.code })).code, 'conflict');
    } finally {
      one.close();
      cleanup();
    }
  }));

test('a finalised campaign and a member\'s machine refuse every set change', () =>
  withTwoSets(async (app, campaignId) => {
    await call(app, 'campaign/finalize', { campaignId });
    assert.equal((await refused(app, 'criteriaSet/copy', { campaignId, from: 'SO', code: 'PX', name: 'Khác' })).code, 'locked');
    assert.equal((await refused(app, 'criteriaSet/rename', { campaignId, code: 'SO', name: 'Khác' })).code, 'locked');
    await call(app, 'campaign/unlock', { campaignId, reason: 'Sửa bộ tiêu chí' });
    await call(app, 'member/saveSelf', { name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
    for (const [method, input] of [
      ['criteriaSet/copy', { campaignId, from: 'SO', code: 'PX', name: 'Khác' }],
      ['criteriaSet/rename', { campaignId, code: 'SO', name: 'Khác' }],
      ['criteriaSet/delete', { campaignId, code: 'SO' }],
    ] as const) {
      assert.equal((await refused(app, method, input)).code, 'forbidden', method);
    }
  }));
