// A member assigned per (set, area) in a campaign with two criteria sets: the assignment is kept per set,
// the member's sheet is the unit's own set, a code of the other set is refused, and the member package
// comes back to the secretariat into the right cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { AppError } from '../../shared/errors.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const SEC = 'Tổ thư ký';

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && pattern.test(e.message), String(pattern));
}

test('areas are assigned per set ("XA:1"; a bare "2" means area 2 of both sets), sheets follow the unit\'s set, and a member package lands in the right cells', () => {
  const { dir, cleanup } = tempDir('par-two-sets-');
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false });
  const an = openApp({ dataDir: join(dir, 'an'), host: 'cli', seedDemo: false });
  try {
    const { campaignId } = sec.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), SEC, 'hai-cap.xlsx', false);
    const anId = an.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(anId)) as unknown, campaignId, SEC);
    const areasOf = () => sec.services.workspace.members(campaignId).find((m) => m.uid === anId.uid)!.areas;

    sec.services.workspace.assign({ campaignId, memberUid: anId.uid, areas: ['2'], units: [] }, SEC);
    assert.deepEqual(areasOf(), ['SO:2', 'XA:2'], 'a bare area is that area of every set');
    refused(() => sec.services.workspace.assign({ campaignId, memberUid: anId.uid, areas: ['XA:9'], units: [] }, SEC), /XA:9/);
    refused(() => sec.services.workspace.assign({ campaignId, memberUid: anId.uid, areas: ['KHAC:1'], units: [] }, SEC), /KHAC:1/);
    assert.deepEqual(areasOf(), ['SO:2', 'XA:2'], 'a refused assignment changes nothing');
    sec.services.workspace.assign({ campaignId, memberUid: anId.uid, areas: ['XA:1'], units: [] }, SEC);
    assert.deepEqual(areasOf(), ['XA:1'], 'area 1 of the commune set only');

    an.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'An');
    const mine = an.services.campaigns.list()[0]!.id;
    assert.deepEqual(an.services.workspace.workspace(mine).areas, ['XA:1'], 'the package carries the per-set assignment');
    assert.deepEqual(an.services.campaigns.detail(mine).sets.map((x) => x.code), ['SO', 'XA']);

    // A ward's sheet is the commune set: 1.2 is "Tuyên truyền CCHC" there, and 1.3 does not exist.
    const ward = an.services.workspace.sheet(mine, 'X1');
    assert.deepEqual(ward.set, { code: 'XA', name: 'Bộ tiêu chí cấp xã' });
    assert.equal(ward.rows.find((r) => r.code === '1.2')!.name, 'Tuyên truyền CCHC');
    assert.ok(!ward.rows.some((r) => r.code === '1.3'));
    assert.equal(ward.rows.find((r) => r.code === '1.1')!.locked, '');
    assert.equal(ward.rows.find((r) => r.code === '2.1')!.locked, 'not_assigned');
    // A department's area 1 is the department set's: not assigned.
    const department = an.services.workspace.sheet(mine, 'S1');
    assert.equal(department.set.code, 'SO');
    assert.equal(department.rows.find((r) => r.code === '1.1')!.locked, 'not_assigned');

    const at = { campaignId: mine, unitCode: 'X1' };
    an.services.workspace.setProposal({ ...at, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3000 }, reason: 'Kế hoạch ban hành chậm' });
    refused(() => an.services.workspace.setProposal({ ...at, criterionCode: '1.3', input: { kind: 'points', pointsMilli: 1000 } }), /"1\.3" không có trong bộ tiêu chí "XA".*SO/);
    refused(() => an.services.workspace.setProposal({ campaignId: mine, unitCode: 'S1', criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3000 }, reason: 'x' }), /phân công/);
    // 1.2 is worth 4 for a ward (3 for a department): the ward's own maximum applies.
    an.services.workspace.setProposal({ ...at, criterionCode: '1.2', input: { kind: 'points', pointsMilli: 4000 } });
    refused(() => an.services.workspace.setProposal({ ...at, criterionCode: '1.2', input: { kind: 'points', pointsMilli: 4500 }, reason: 'x' }), /4/);

    const answer = sec.services.exchange.importPackage(an.services.exchange.exportMemberPackage(mine).bytes, SEC);
    assert.equal(answer.kind, 'member');
    const finals = sec.services.scoring.sheet(campaignId, 'X1').rows.find((r) => r.code === '1.1')!;
    assert.equal(finals.pointsMilli, 3000, 'the assigned member\'s proposal is the ward\'s final (policy "assigned")');
    assert.equal(sec.services.scoring.sheet(campaignId, 'S1').rows.find((r) => r.code === '1.1')!.pointsMilli, 4000, 'the department\'s 1.1 untouched');
  } finally {
    sec.close();
    an.close();
    cleanup();
  }
});
