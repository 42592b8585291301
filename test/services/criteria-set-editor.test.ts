// A criteria set's tree edited through the contract as the tree editor calls it (criteriaSet/tree,
// criteriaSet/saveTree): add, re-weigh, rename, rules, KAD allowed, move, delete with the subtree — each save
// one transaction with a history row, checked with the workbook's rules; refused (database unchanged) for an
// invalid tree, once the council has worked on a unit scored under the set, for a removed code a unit has
// written on, on a closed campaign and on a member's machine. And the `Cho phép KAD` workbook column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { criteriaFingerprint } from '../../electron/services/exchange.js';
import type { AuditPage, CriteriaSetTree, CriteriaTreeSaved, EditableCriterion, FilePayload, MemberWithAssignment, UnitSheet } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import * as XLSX from 'xlsx';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'Tổ thư ký' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

async function refused(app: AppCore, method: string, input: unknown): Promise<{ code: string; message: string; issues?: Array<{ message: string }> }> {
  const r: Reply<unknown> = await app.dispatch(method, input, ctx);
  assert.equal(r.ok, false, `${method} should be refused`);
  return r.ok ? { code: '', message: '' } : r.error;
}

/** The two-set workbook with the communes (set XA) not scored yet: XA's tree may change, SO's may not. */
function workbook(self: Array<[string, string, number]> = []): Buffer {
  const wb = twoSetWorkbook();
  wb['Điểm'] = [wb['Điểm'][0]!, ...wb['Điểm'].slice(1).filter((r) => !String(r[0]).startsWith('X')), ...self.map(([u, c, p]) => [u, c, p, null])];
  return workbookBuffer(wb);
}

async function withCampaign(fn: (app: AppCore, campaignId: number) => Promise<void>, self: Array<[string, string, number]> = []): Promise<void> {
  const { dir, cleanup } = tempDir('par-tree-');
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(app, 'workbook/import', { fileName: 'hai-cap.xlsx', contentBase64: workbook(self).toString('base64') });
    await fn(app, campaignId);
  } finally {
    app.close();
    cleanup();
  }
}

const tree = (app: AppCore, campaignId: number, code: string) => call<CriteriaSetTree>(app, 'criteriaSet/tree', { campaignId, code });
const save = (app: AppCore, campaignId: number, code: string, criteria: EditableCriterion[]) => call<CriteriaTreeSaved>(app, 'criteriaSet/saveTree', { campaignId, code, criteria });
const row = (code: string, name: string, max: number, extra: Partial<EditableCriterion> = {}): EditableCriterion => ({
  code, name, maxMilli: max * 1000, kind: 'appraised', rule: '', naAllowed: true, ...extra,
});
const edited = (criteria: EditableCriterion[], code: string, patch: Partial<EditableCriterion>) => criteria.map((c) => (c.code === code ? { ...c, ...patch } : c));

/** What a refusal must leave as it was: both trees, the history of tree edits. */
async function state(app: AppCore, campaignId: number) {
  const log = await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.editTree' });
  return { so: await tree(app, campaignId, 'SO'), xa: await tree(app, campaignId, 'XA'), log: log.items.length };
}

test('the editor loads a set\'s whole tree with its kinds, rules and KAD flags; a scored set says why it is locked', () =>
  withCampaign(async (app, campaignId) => {
    const xa = await tree(app, campaignId, 'XA');
    assert.equal(xa.name, 'Bộ tiêu chí cấp xã');
    assert.equal(xa.blocked, null);
    assert.deepEqual(xa.criteria.map((c) => [c.code, c.maxMilli, c.kind, c.naAllowed]), [
      ['1', 8000, 'appraised', true], ['1.1', 4000, 'appraised', true], ['1.2', 4000, 'appraised', true],
      ['2', 12000, 'appraised', true], ['2.1', 6000, 'appraised', true], ['2.2', 6000, 'appraised', true],
      ['3', 20000, 'survey', true], ['3.1', 10000, 'survey', true], ['3.2', 10000, 'survey', true],
      ['4', 1000, 'bonus', true], ['4.1', 1000, 'bonus', true], ['5', 2000, 'penalty', true], ['5.1', 2000, 'penalty', true],
    ]);
    const so = await tree(app, campaignId, 'SO');
    assert.match(so.blocked ?? '', /Sở Nội vụ/);
    assert.match(so.blocked ?? '', /Chép bộ tiêu chí/);
  }));

test('one save adds a child, re-weighs, renames, sets a rule and KAD: logged, the sheets and fingerprint follow', () =>
  withCampaign(async (app, campaignId) => {
    const before = await tree(app, campaignId, 'XA');
    const fingerprintBefore = criteriaFingerprint(app.services.repos.criteria.list(campaignId));
    let next = edited(before.criteria, '1', { maxMilli: 10_000 });
    next = edited(next, '2.1', { name: 'Sắp xếp tổ chức bộ máy', rule: 'có/không', naAllowed: false });
    next = [...next, row('1.3', 'Kiểm tra CCHC', 2, { rule: 'mức: Đạt=2; Không đạt=0' })];
    const saved = await save(app, campaignId, 'XA', next);
    assert.deepEqual(saved.changes, { added: ['1.3'], removed: [], changed: ['1', '2.1'] });
    assert.equal(saved.fingerprintChanged, true);
    assert.notEqual(criteriaFingerprint(app.services.repos.criteria.list(campaignId)), fingerprintBefore);
    // The new child sits under its parent, in code order, and took its area's kind.
    assert.deepEqual(saved.tree.criteria.slice(0, 4).map((c) => [c.code, c.maxMilli, c.rule]), [['1', 10_000, ''], ['1.1', 4000, ''], ['1.2', 4000, ''], ['1.3', 2000, 'mức: Đạt=2; Không đạt=0']]);
    assert.deepEqual(saved.tree.criteria.find((c) => c.code === '2.1'), { code: '2.1', name: 'Sắp xếp tổ chức bộ máy', maxMilli: 6000, kind: 'appraised', rule: 'có/không', naAllowed: false });
    assert.equal(saved.sets.find((s) => s.code === 'XA')!.maxMilli, 42_000);
    // A unit's sheet reads the new tree; its score is checked against the new rule.
    const sheet = await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode: 'X1' });
    assert.ok(sheet.rows.some((r) => r.code === '1.3' && r.isLeaf));
    assert.equal(sheet.maxMilli, 42_000);
    assert.match((await refused(app, 'score/set', { campaignId, unitCode: 'X1', criterionCode: '2.1', pointsMilli: 3000 })).message, /2\.1/);
    // The flag reaches the unit's side (the lead's naDenied reads the same column).
    assert.deepEqual(app.services.repos.criteria.list(campaignId).filter((c) => c.naAllowed === false).map((c) => `${c.setCode}\u0000${c.code}`), ['XA\u00002.1']);
    // SO is untouched.
    assert.equal((await tree(app, campaignId, 'SO')).criteria.length, 15);

    const log = await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.editTree' });
    assert.equal(log.items.length, 1);
    assert.equal(log.items[0]!.actor, 'Tổ thư ký');
    assert.match(log.items[0]!.newText, /thêm: 1\.3/);
    assert.match(log.items[0]!.newText, /sửa: 1, 2\.1/);

    // Saving the same tree again changes nothing and logs nothing.
    const again = await save(app, campaignId, 'XA', saved.tree.criteria);
    assert.deepEqual(again.changes, { added: [], removed: [], changed: [] });
    assert.equal(again.fingerprintChanged, false);
    assert.equal((await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.editTree' })).items.length, 1);
  }));

test('a move is a new code: 2.2 becomes 1.3 with the maxima adjusted; deleting an area takes its subtree and its assignments', () =>
  withCampaign(async (app, campaignId) => {
    await call(app, 'member/saveSelf', { name: 'Trần Thị Bình', agency: 'Sở Nội vụ', role: 'Tổ thư ký', kind: 'secretariat' });
    const self = (await call<MemberWithAssignment[]>(app, 'member/list', { campaignId }))[0]!;
    await call(app, 'member/assign', { campaignId, memberUid: self.uid, areas: ['XA:1', 'XA:2'], units: [] });

    const before = (await tree(app, campaignId, 'XA')).criteria;
    let next = before.map((c) => (c.code === '2.2' ? { ...c, code: '1.3' } : c));
    next = edited(edited(next, '1', { maxMilli: 14_000 }), '2', { maxMilli: 6000 });
    const moved = await save(app, campaignId, 'XA', next);
    assert.deepEqual(moved.changes, { added: ['1.3'], removed: ['2.2'], changed: ['1', '2'] });
    assert.deepEqual(moved.tree.criteria.filter((c) => c.code.startsWith('1') || c.code.startsWith('2')).map((c) => c.code), ['1', '1.1', '1.2', '1.3', '2', '2.1']);
    assert.equal(moved.tree.criteria.find((c) => c.code === '1.3')!.name, 'Đơn vị sự nghiệp công lập');

    // Area 2 and its children go in one save; the member keeps area 1 only.
    const withoutArea2 = moved.tree.criteria.filter((c) => c.code !== '2' && !c.code.startsWith('2.'));
    const deleted = await save(app, campaignId, 'XA', withoutArea2);
    assert.deepEqual(deleted.changes.removed, ['2', '2.1']);
    assert.deepEqual(deleted.sets.find((s) => s.code === 'XA')!.areas.map((a) => a.code), ['1', '3']);
    const member = (await call<MemberWithAssignment[]>(app, 'member/list', { campaignId }))[0]!;
    assert.deepEqual(member.areas, ['XA:1']);
    assert.equal((await call<AuditPage>(app, 'audit/list', { campaignId, action: 'criteriaSet.editTree' })).items.length, 2);
  }));

test('an invalid tree is refused naming the problem, and nothing changes', () =>
  withCampaign(async (app, campaignId) => {
    const at = await state(app, campaignId);
    const xa = at.xa.criteria;
    const cases: Array<[EditableCriterion[], RegExp]> = [
      [edited(xa, '1.1', { maxMilli: 5000 }), /điểm tối đa của "1" là 8 nhưng tổng điểm tối đa các tiêu chí con là 9/],
      [edited(xa, '1.1', { rule: 'mức: Đạt' }), /mục "Đạt" phải có dạng/],
      [edited(xa, '1.1', { rule: 'mức: Đạt=5; Không=0' }), /vượt quá điểm tối đa/],
      [edited(xa, '1.2', { code: '1.1' }), /"1\.1" bị trùng/],
      [[...xa, row('7.1', 'Mồ côi', 0)], /không có tiêu chí cha "7"/],
      [edited(xa, '1.2', { code: '1.a' }), /"1\.a" không hợp lệ/],
    ];
    for (const [criteria, message] of cases) {
      const error = await refused(app, 'criteriaSet/saveTree', { campaignId, code: 'XA', criteria });
      assert.equal(error.code, 'invalid_input');
      assert.match(error.message, message);
    }
    assert.equal((await refused(app, 'criteriaSet/saveTree', { campaignId, code: 'ZZ', criteria: xa })).code, 'not_found');
    assert.deepEqual(await state(app, campaignId), at);
  }));

test('the scored set is refused, and a member\'s proposal on a commune locks the commune set', async () => {
  const a = tempDir('par-tree-sec-');
  const b = tempDir('par-tree-mem-');
  const sec = openApp({ dataDir: a.dir, host: 'browser', seedDemo: false });
  const mem = openApp({ dataDir: b.dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(sec, 'workbook/import', { fileName: 'hai-cap.xlsx', contentBase64: workbook().toString('base64') });
    const at = await state(sec, campaignId);
    const so = await refused(sec, 'criteriaSet/saveTree', { campaignId, code: 'SO', criteria: edited(at.so.criteria, '1.1', { name: 'Kế hoạch' }) });
    assert.equal(so.code, 'conflict');
    assert.match(so.message, /Sở Nội vụ.*điểm thẩm định.*Chép bộ tiêu chí/);
    const rename = edited(at.xa.criteria, '1.1', { name: 'Kế hoạch CCHC' });

    // A member proposes a score for X1 (the real path: identity, campaign package, member package).
    await call(mem, 'member/saveSelf', { name: 'Lê Văn Cường', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
    const identity = await call<FilePayload>(mem, 'identity/export', {});
    const registered = await call<{ uid: string }>(sec, 'identity/register', { campaignId, fileName: 'c.pub', contentBase64: identity.contentBase64 });
    await call(sec, 'member/assign', { campaignId, memberUid: registered.uid, areas: ['XA:1'], units: [] });
    const campaignPackage = await call<FilePayload>(sec, 'package/export', { campaignId });
    const asked = await call<{ fingerprint: string }>(mem, 'package/import', campaignPackage);
    const onMember = await call<{ campaignId: number }>(mem, 'package/import', { ...campaignPackage, confirmFingerprint: asked.fingerprint });
    // A member's machine refuses the edit whatever it asks.
    assert.equal((await refused(mem, 'criteriaSet/saveTree', { campaignId: onMember.campaignId, code: 'XA', criteria: rename })).code, 'forbidden');
    await call(mem, 'proposal/set', { campaignId: onMember.campaignId, unitCode: 'X1', criterionCode: '1.1', input: { kind: 'points', pointsMilli: 4000 } });
    await call(sec, 'package/import', await call<FilePayload>(mem, 'package/export', { campaignId: onMember.campaignId }));

    const proposed = await refused(sec, 'criteriaSet/saveTree', { campaignId, code: 'XA', criteria: rename });
    assert.equal(proposed.code, 'conflict');
    assert.match(proposed.message, /Phường An Hòa.*đề xuất.*Chép bộ tiêu chí/);
    assert.match((await tree(sec, campaignId, 'XA')).blocked ?? '', /đề xuất/);
    assert.deepEqual((await state(sec, campaignId)).xa, { ...at.xa, blocked: (await tree(sec, campaignId, 'XA')).blocked });
    assert.equal((await state(sec, campaignId)).log, 0);
  } finally {
    sec.close();
    mem.close();
    a.cleanup();
    b.cleanup();
  }
});

test('a final score (on the grid: a decision) locks the tree; a removed code a unit has self-assessed is refused; a closed campaign refuses', async () => {
  await withCampaign(async (app, campaignId) => {
    const at = await state(app, campaignId);
    await call(app, 'score/set', { campaignId, unitCode: 'X2', criterionCode: '1.1', pointsMilli: 4000 });
    const error = await refused(app, 'criteriaSet/saveTree', { campaignId, code: 'XA', criteria: edited(at.xa.criteria, '1.1', { name: 'Khác' }) });
    assert.match(error.message, /Xã Mỹ Khánh.*quyết định điểm.*Chép bộ tiêu chí/);
    assert.equal((await state(app, campaignId)).log, 0);
    assert.deepEqual((await tree(app, campaignId, 'XA')).criteria, at.xa.criteria);
  });
  await withCampaign(async (app, campaignId) => {
    const at = await state(app, campaignId);
    // X1 self-assessed 1.2: 1.2 cannot go (nor move), though its name may change and a sibling may come.
    const without = edited(at.xa.criteria.filter((c) => c.code !== '1.2'), '1', { maxMilli: 4000 });
    const error = await refused(app, 'criteriaSet/saveTree', { campaignId, code: 'XA', criteria: without });
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /"1\.2".*Phường An Hòa/);
    assert.deepEqual(await state(app, campaignId), at);
    await save(app, campaignId, 'XA', edited(at.xa.criteria, '1.2', { name: 'Tuyên truyền, phổ biến CCHC' }));

    await call(app, 'campaign/finalize', { campaignId });
    assert.equal((await refused(app, 'criteriaSet/saveTree', { campaignId, code: 'XA', criteria: at.xa.criteria })).code, 'locked');
  }, [['X1', '1.2', 3]]);
});

test('workbook: `Cho phép KAD` is read (blank = có), written only when some node says không, and round-trips', () =>
  withCampaign(async (app, campaignId) => {
    // Without any "không" the export keeps the columns it always had.
    const plain = XLSX.read(writeCampaignWorkbook(app.services.campaigns.content(campaignId)));
    assert.deepEqual((XLSX.utils.sheet_to_json(plain.Sheets['Tiêu chí']!, { header: 1 })[0] as string[]), ['Bộ tiêu chí', 'Mã', 'Tên', 'Điểm tối đa', 'Loại', 'Cách tính']);

    await save(app, campaignId, 'XA', edited(edited((await tree(app, campaignId, 'XA')).criteria, '2', { naAllowed: false }), '3.2', { naAllowed: false }));
    const buffer = writeCampaignWorkbook(app.services.campaigns.content(campaignId));
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(buffer).Sheets['Tiêu chí']!, { header: 1 });
    assert.equal(sheet[0]![6], 'Cho phép KAD');
    assert.deepEqual(sheet.filter((r) => r[6] === 'không').map((r) => `${String(r[0])}:${String(r[1])}`), ['XA:2', 'XA:3.2']);
    const back = parseCampaignWorkbook(buffer);
    assert.deepEqual(back.criteria.filter((c) => c.naAllowed === false).map((c) => `${c.setCode}:${c.code}`), ['XA:2', 'XA:3.2']);
    // Imported as a new campaign, the flags are kept.
    const copy = app.services.campaigns.importWorkbookContent(back, 'Tổ thư ký', 'test', true);
    assert.deepEqual(app.services.repos.criteria.list(copy.campaignId).filter((c) => c.naAllowed === false).map((c) => `${c.setCode}\u0000${c.code}`).sort(), ['XA\u00002', 'XA\u00003.2']);

    // Written by hand: blank and "Có" allow, "Không" refuses, anything else is refused by sheet, row and column.
    const wb = twoSetWorkbook();
    wb['Tiêu chí'] = wb['Tiêu chí'].map((r, i) => [...r, null, i === 0 ? 'Cho phép KAD' : r[1] === '1.1' && r[0] === 'XA' ? 'Không' : r[1] === '1.2' ? 'Có' : null]);
    const read = parseCampaignWorkbook(workbookBuffer(wb));
    assert.deepEqual(read.criteria.filter((c) => c.naAllowed === false).map((c) => `${c.setCode}:${c.code}`), ['XA:1.1']);
    wb['Tiêu chí'][3]![6] = 'chắc';
    assert.throws(() => parseCampaignWorkbook(workbookBuffer(wb)), (e: { issues?: Array<{ sheet: string; row: number; column: string; message: string }> }) => {
      const issue = e.issues?.[0];
      assert.deepEqual([issue?.sheet, issue?.row, issue?.column], ['Tiêu chí', 4, 'G (Cho phép KAD)']);
      assert.match(issue?.message ?? '', /"có" hoặc "không".*chắc/);
      return true;
    });
  }));
