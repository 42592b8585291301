import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../shared/errors.js';
import { openApp } from '../../electron/core/app.js';
import { DEMO_UNSCORED_UNIT } from '../../electron/demo/demo-campaign.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';

function withApp(fn: (app: ReturnType<typeof openApp>, campaignId: number) => Promise<void> | void) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser' });
    try {
      const id = app.services.campaigns.list()[0]!.id;
      await fn(app, id);
    } finally {
      app.close();
      cleanup();
    }
  };
}

const ctx = { actor: 'Nguyễn Văn A' };

test('first start seeds the demo once: 8 areas, ≥60 sub-criteria, 20 units in two groups, a non-empty ranking', withApp((app, id) => {
  const d = app.services.campaigns.detail(id);
  assert.equal(d.sets.length, 1);
  assert.equal(d.sets[0]!.areas.length, 8);
  assert.equal(d.sets[0]!.maxMilli, 100_000);
  assert.ok(d.sets[0]!.leafCount >= 60, `leaves: ${d.sets[0]!.leafCount}`);
  assert.deepEqual(d.groups.map((g) => g.unitCount), [11, 9]);
  const ranking = app.services.scoring.ranking(id);
  assert.ok(ranking.groups.every((g) => g.rows.some((r) => r.indexHundredths > 0)));
}));

test('deleting the demo is respected on the next start', async () => {
  const { dir, cleanup } = tempDir();
  try {
    let app = openApp({ dataDir: dir, host: 'browser' });
    const id = app.services.campaigns.list()[0]!.id;
    app.services.campaigns.delete(id);
    app.close();
    app = openApp({ dataDir: dir, host: 'browser' });
    assert.equal(app.services.campaigns.list().length, 0);
    app.close();
  } finally {
    cleanup();
  }
});

test('score/set validates 0..max, recomputes the sheet and records history', withApp(async (app, id) => {
  const before = await app.dispatch('sheet/get', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT }, ctx);
  assert.ok(before.ok);
  const over = await app.dispatch('score/set', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.1.1', pointsMilli: 1001 }, ctx);
  assert.equal(over.ok, false);
  if (!over.ok) assert.equal(over.error.code, 'out_of_range');
  const parent = await app.dispatch('score/set', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.1', pointsMilli: 1000 }, ctx);
  assert.equal(parent.ok ? 'ok' : parent.error.code, 'not_leaf');
  const bad = await app.dispatch('score/set', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.1.1', pointsMilli: 0.5 }, ctx);
  assert.equal(bad.ok ? 'ok' : bad.error.code, 'invalid_input', 'points cross the boundary as integer thousandths');
  const set = await app.dispatch('score/set', { campaignId: id, unitCode: DEMO_UNSCORED_UNIT, criterionCode: '1.1.1', pointsMilli: 1000 }, ctx);
  assert.ok(set.ok);
  const sheet = set.value as { fields: { scoredLeaves: number }; rows: Array<{ code: string; subtotalMilli: number }> };
  assert.equal(sheet.fields.scoredLeaves, 1);
  assert.equal(sheet.rows.find((r) => r.code === '1.1')?.subtotalMilli, 1000);
  assert.equal(sheet.rows.find((r) => r.code === '1')?.subtotalMilli, 1000);
  const history = app.db.prepare('SELECT actor, action, old_value, new_value FROM history WHERE unit_code = ? AND criterion_code = ?').all(DEMO_UNSCORED_UNIT, '1.1.1');
  assert.deepEqual(history, [{ actor: 'Nguyễn Văn A', action: 'score.points', old_value: null, new_value: '1000' }]);
}));

test('not applicable lowers the unit maximum and is undone by clearing it', withApp((app, id) => {
  const s = app.services.scoring;
  const base = s.sheet(id, 'SBN01');
  s.setNotApplicable(id, 'SBN01', '6', true, ctx.actor);
  const na = s.sheet(id, 'SBN01');
  assert.equal(na.maxMilli, base.maxMilli - 7000);
  assert.equal(na.components['6'], null);
  assert.equal(na.rows.find((r) => r.code === '6.1.1')?.applicable, false);
  s.setNotApplicable(id, 'SBN01', '6', false, ctx.actor);
  assert.deepEqual(s.sheet(id, 'SBN01'), base);
}));

test('a unit without any appraisal is listed last, unranked and unbanded, never at 0; scoring it ranks it', withApp((app, id) => {
  const s = app.services.scoring;
  const groupOf = () => s.ranking(id).groups.find((g) => g.rows.some((r) => r.unitCode === DEMO_UNSCORED_UNIT))!;
  const rankOf = () => groupOf().rows.find((r) => r.unitCode === DEMO_UNSCORED_UNIT)!;
  const waiting = rankOf();
  assert.deepEqual([waiting.appraised, waiting.rank, waiting.band], [false, null, null]);
  assert.ok(waiting.missingLeaves > 60);
  assert.equal(groupOf().rows.at(-1)!.unitCode, DEMO_UNSCORED_UNIT);
  assert.equal(s.ranking(id).provisional, true, 'open campaign: provisional');
  for (const row of s.sheet(id, DEMO_UNSCORED_UNIT).rows) {
    if (row.isLeaf && (row.kind === 'appraised' || row.kind === 'survey')) s.setPoints(id, DEMO_UNSCORED_UNIT, row.code, row.maxMilli, ctx.actor, 'Hội đồng thống nhất');
  }
  const after = rankOf();
  assert.equal(after.indexHundredths, 10000);
  assert.equal(after.rank, 1);
}));

test('a finalised campaign refuses score writes with a clear message', withApp((app, id) => {
  app.db.prepare("UPDATE campaign SET status = 'final' WHERE id = ?").run(id);
  assert.throws(() => app.services.scoring.setPoints(id, 'SBN01', '1.1.1', 0, ctx.actor), (e: unknown) => e instanceof AppError && e.code === 'locked');
}));

test('dispatch refuses unknown methods and malformed input in the envelope, never throwing', withApp(async (app) => {
  const unknown = await app.dispatch('fs/readFile', { path: '/etc/passwd' }, ctx);
  assert.equal(unknown.ok, false);
  const malformed = await app.dispatch('sheet/get', { campaignId: 'one' }, ctx);
  assert.equal(malformed.ok ? 'ok' : malformed.error.code, 'invalid_input');
  const missing = await app.dispatch('sheet/get', { campaignId: 999, unitCode: 'X' }, ctx);
  assert.equal(missing.ok ? 'ok' : missing.error.code, 'not_found');
}));

test('campaigns are created from the bundled set or copied, with groups, bands and units', withApp(async (app, id) => {
  const created = await app.dispatch('campaign/create', { name: 'Năm 2026', year: 2026, issuer: 'UBND tỉnh', template: { kind: 'campaign', campaignId: id, copyUnits: true } }, ctx);
  assert.ok(created.ok);
  const newId = (created.value as { id: number }).id;
  const d = app.services.campaigns.detail(newId);
  assert.equal(d.sets[0]!.leafCount, app.services.campaigns.detail(id).sets[0]!.leafCount);
  assert.equal(app.services.campaigns.unitList(newId).length, 20);
  assert.ok(app.services.campaigns.unitList(newId).every((u) => u.scoredLeaves === 0));
  const bundled = await app.dispatch('campaign/create', { name: 'Trống', year: 2026, issuer: '', template: { kind: 'bundled' } }, ctx);
  assert.ok(bundled.ok);
  const groups = await app.dispatch('campaign/setGroups', { campaignId: newId, groups: [{ code: 'SBN', name: 'Sở', ranked: true, bands: [{ label: 'A', fromHundredths: 5000 }, { label: 'B', fromHundredths: 5000 }] }, { code: 'XP', name: 'Xã', ranked: true, bands: [] }] }, ctx);
  assert.equal(groups.ok ? 'ok' : groups.error.code, 'invalid_input');
  const dropGroup = await app.dispatch('campaign/setGroups', { campaignId: newId, groups: [{ code: 'SBN', name: 'Sở', ranked: true, bands: [] }] }, ctx);
  assert.equal(dropGroup.ok ? 'ok' : dropGroup.error.code, 'conflict');
}));

test('progress counts applicable leaves only', withApp((app, id) => {
  const list = app.services.campaigns.unitList(id);
  const commune = list.find((u) => u.code === 'XP01')!;
  const department = list.find((u) => u.code === 'SBN01')!;
  assert.equal(department.totalLeaves, 75);
  assert.equal(commune.totalLeaves, 74, '6.2.2 does not apply to communes');
  assert.equal(commune.scoredLeaves, commune.totalLeaves);
  app.services.scoring.setNotApplicable(id, 'SBN01', '7', true, ctx.actor);
  const sheet = app.services.scoring.sheet(id, 'SBN01');
  assert.equal(sheet.totalLeaves, 75 - 11);
  assert.equal(sheet.scoredLeaves, 75 - 11);
  const unscored = list.find((u) => u.code === DEMO_UNSCORED_UNIT)!;
  assert.equal(unscored.scoredLeaves, 0);
}));

test('the unit list\'s progress (counted in SQL) agrees with each unit\'s sheet (walked through the tree)', withApp((app, id) => {
  const tree = app.services.scoring.modelOf(id).sets[0]!.tree;
  const leaves = tree.leaves.map((l) => l.criterion.code);
  const units = app.services.repos.units.list(id).map((u) => u.code);
  // Seeded changes: cleared points, not-applicable leaves and whole areas, points on a leaf under a
  // not-applicable area (they must not count).
  let seed = 12345;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (let i = 0; i < 60; i++) {
    const unit = units[rand(units.length)]!;
    const leaf = leaves[rand(leaves.length)]!;
    const what = rand(3);
    if (what === 0) app.services.scoring.setPoints(id, unit, leaf, null, ctx.actor);
    else if (what === 1) app.services.scoring.setNotApplicable(id, unit, leaf, true, ctx.actor);
    else app.services.scoring.setNotApplicable(id, unit, tree.roots[rand(tree.roots.length)]!.criterion.code, true, ctx.actor);
  }
  const list = app.services.campaigns.unitList(id);
  assert.ok(list.some((u) => u.totalLeaves < 70) && list.some((u) => u.scoredLeaves < u.totalLeaves), 'the changes reached the counts');
  for (const u of list) {
    const sheet = app.services.scoring.sheet(id, u.code);
    assert.deepEqual([u.scoredLeaves, u.totalLeaves], [sheet.scoredLeaves, sheet.totalLeaves], u.code);
  }
}));


test('a campaign that reuses a deleted campaign\'s id gets its own criteria, not a cached tree', withApp(async (app) => {
  const small = parseCampaignWorkbook(workbookBuffer(smallWorkbook()));
  const first = app.services.campaigns.insertContent(small, 'test', 'test');
  assert.equal((await app.dispatch('sheet/get', { campaignId: first, unitCode: 'S1' }, ctx)).ok, true);
  assert.ok((await app.dispatch('member/saveSelf', { name: 'Thành viên', agency: '', role: '', kind: 'member' }, ctx)).ok);
  const before = await app.dispatch('proposal/sheet', { campaignId: first, unitCode: 'S1' }, ctx);
  assert.ok(before.ok);
  const ruleOf = (v: unknown) => (v as { rows: Array<{ code: string; parsedRule: { kind: string } }> }).rows.find((r) => r.code === '1.1.1')?.parsedRule.kind;
  assert.equal(ruleOf(before.value), 'free');
  // Only the secretariat's machine deletes a campaign: the profile changes role for that.
  assert.ok((await app.dispatch('member/saveSelf', { name: 'Thành viên', agency: '', role: '', kind: 'secretariat' }, ctx)).ok);
  assert.ok((await app.dispatch('campaign/delete', { campaignId: first }, ctx)).ok);
  assert.ok((await app.dispatch('member/saveSelf', { name: 'Thành viên', agency: '', role: '', kind: 'member' }, ctx)).ok);
  const demo = app.services.campaigns.content(app.services.campaigns.list()[0]!.id);
  const second = app.services.campaigns.insertContent({ ...demo, units: [...demo.units, { code: 'S1', name: 'Đơn vị S1', groupCode: 'SBN', position: 99 }] }, 'test', 'test');
  assert.equal(second, first, 'SQLite reused the id');
  const sheet = await app.dispatch('sheet/get', { campaignId: second, unitCode: 'S1' }, ctx);
  assert.ok(sheet.ok);
  assert.equal((sheet.value as { rows: unknown[] }).rows.length, demo.criteria.length);
  const after = await app.dispatch('proposal/sheet', { campaignId: second, unitCode: 'S1' }, ctx);
  assert.ok(after.ok);
  assert.equal(ruleOf(after.value), 'tiers', 'the new campaign\'s rule, not the deleted one\'s');
}));
