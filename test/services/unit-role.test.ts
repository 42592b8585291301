// The unit's side at the service level, each machine in its own data folder: which machine serves what
// (a unit's, a member's, the secretariat's), the secretariat re-checking every cell of a self-assessment
// package even when it is validly signed (a modified unit app), re-registration with a new key, and the
// council's explanation requests travelling to the unit and its answers back, on the giải trình deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { writePackage } from '../../electron/exchange/container.js';
import { fingerprint, loadPrivateKey, newKeyPair } from '../../electron/exchange/keys.js';
import { criteriaFingerprint } from '../../electron/services/exchange.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import type { Method } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { hashRows } from '../jobs/support.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const SEC = 'Tổ thư ký';

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && pattern.test(e.message), String(pattern));
}

async function call(app: AppCore, method: Method, input: unknown): Promise<{ ok: boolean; message: string }> {
  const reply = await app.dispatch(method, input, { actor: 'test' });
  return reply.ok ? { ok: true, message: '' } : { ok: false, message: reply.error.message };
}

/** A secretariat with the two-level workbook, ward X1's machine registered and holding its unit package, and one member. */
function machines(dir: string, wardClock?: () => Date) {
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false });
  const ward = openApp({ dataDir: join(dir, 'x1'), host: 'cli', seedDemo: false, ...(wardClock ? { clock: wardClock } : {}) });
  const member = openApp({ dataDir: join(dir, 'an'), host: 'cli', seedDemo: false });
  const { campaignId } = sec.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), SEC, 'hai-cap.xlsx', false);
  const card = ward.services.units.initSelf({ unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
  sec.services.units.register(JSON.parse(JSON.stringify(card)) as unknown, campaignId, SEC);
  const an = member.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Nội vụ', role: 'Thành viên', kind: 'member' });
  sec.services.exchange.registerMember(JSON.parse(JSON.stringify(an)) as unknown, campaignId, SEC);
  sec.services.workspace.assign({ campaignId, memberUid: an.uid, areas: ['XA:1', 'XA:2'], units: [] }, SEC);
  ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(campaignId, 'X1').bytes, 'X1');
  const wardCampaign = ward.services.campaigns.list()[0]!.id;
  return { sec, ward, member, campaignId, wardCampaign, card, an, close: () => [sec, ward, member].forEach((a) => a.close()) };
}

/**
 * Round 2 with a request to the unit: the member asks X1 about 2.1, the secretariat (`sec`, the test's own
 * clocked copy) takes the member's package, opens round 2 with the giải trình deadline `answerBy`, and the ward
 * imports its next unit package. Returns the member's campaign and the request as the ward sees it.
 */
function roundTwoRequest(m: ReturnType<typeof machines>, sec: AppCore, text: string, openReason: string, answerBy: string) {
  m.member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(m.campaignId, null).bytes, 'An');
  const memberCampaign = m.member.services.campaigns.list()[0]!.id;
  m.member.services.workspace.requestExplanation({ campaignId: memberCampaign, unitCode: 'X1', criterionCode: '2.1', text });
  sec.services.exchange.importPackage(m.member.services.exchange.exportMemberPackage(memberCampaign).bytes, SEC);
  sec.services.rounds.open(m.campaignId, openReason, SEC);
  sec.services.calendar.set(m.campaignId, 'giai_trinh', answerBy, SEC);
  m.ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(m.campaignId, 'X1').bytes, 'X1');
  const sheet = m.ward.services.units.sheet(m.wardCampaign);
  return { memberCampaign, sheet, request: sheet.rows.find((r) => r.code === '2.1')!.requests[0]! };
}

test('each machine serves its own role only: a unit\'s machine refuses the secretariat\'s and a member\'s work, the others refuse the unit\'s', async () => {
  const { dir, cleanup } = tempDir('par-unit-roles-');
  const m = machines(dir);
  try {
    const onWard = async (method: Method, input: unknown) => (await call(m.ward, method, input)).message;
    assert.match(await onWard('score/set', { campaignId: m.wardCampaign, unitCode: 'X1', criterionCode: '1.1', pointsMilli: 4000 }), /máy của đơn vị "UBND phường An Hòa"/);
    assert.match(await onWard('proposal/set', { campaignId: m.wardCampaign, unitCode: 'X1', criterionCode: '1.1', input: { kind: 'points', pointsMilli: 4000 } }), /chỉ dùng để tự đánh giá/);
    assert.match(await onWard('identity/create', { name: 'X', agency: '', role: '', kind: 'member' }), /máy của đơn vị/);
    assert.match(await onWard('tracker/get', { campaignId: m.wardCampaign }), /máy của đơn vị/);
    assert.equal((await call(m.ward, 'self/set', { campaignId: m.wardCampaign, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3000 } })).ok, true);
    assert.match((await call(m.sec, 'self/set', { campaignId: m.campaignId, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3000 } })).message, /chỉ có trên máy của đơn vị/);
    assert.match((await call(m.member, 'self/sheet', { campaignId: 1 })).message, /chỉ có trên máy của đơn vị/);

    // Packages go only where they belong.
    const forMembers = m.sec.services.exchange.exportCampaignPackage(m.campaignId, null).bytes;
    refused(() => m.ward.services.exchange.importPackage(forMembers, 'X1'), /chỉ nhập gói đơn vị/);
    const unitPackage = m.sec.services.units.exportUnitPackage(m.campaignId, 'X1').bytes;
    refused(() => m.member.services.exchange.importPackage(unitPackage, 'An'), /chỉ nhập trên máy của đơn vị/);
    refused(() => m.sec.services.units.exportUnitPackage(m.campaignId, 'X2'), /chưa được đăng ký/);
    refused(() => m.ward.services.units.initSelf({ unitCode: 'X1', name: 'Lần hai', agency: '' }), /đã có hồ sơ đơn vị/);
    refused(() => m.sec.services.units.initSelf({ unitCode: 'X9', name: 'Đơn vị trên máy Tổ thư ký', agency: '' }), /mỗi máy chỉ làm một vai trò/);
  } finally {
    m.close();
    cleanup();
  }
});

test('a validly signed self-assessment package is still checked cell by cell: a modified unit app changes nothing', () => {
  const { dir, cleanup } = tempDir('par-unit-checks-');
  const m = machines(dir);
  try {
    const c = m.sec.services.campaigns.require(m.campaignId);
    const key = loadPrivateKey(join(dir, 'x1'), m.card.uid);
    const set = m.sec.services.scoring.setOfUnit(m.campaignId, { code: 'X1', groupCode: 'X' });
    let sequence = 10;
    const signed = (self: unknown[], unit = { uid: m.card.uid, code: 'X1', name: 'Phường An Hòa' }, answers: unknown[] = []) => writePackage({
      kind: 'unit', campaignUid: c.uid, campaignName: c.name, criteriaFingerprint: criteriaFingerprint(set.criteria),
      author: { uid: m.card.uid, name: m.card.name, fingerprint: m.card.fingerprint, publicKey: m.card.publicKey }, sequence: sequence++, createdAt: new Date().toISOString(),
    }, { unit, self, answers, evidence: [] }, key);
    const cellOf = (code: string, selfMilli: number | null, extra: Record<string, unknown> = {}) => ({ criterionCode: code, selfMilli, selfNotApplicable: false, selfReason: '', selfInputs: '', explanation: '', revision: 1, ...extra });
    const secDb = join(dir, 'sec', 'par.sqlite');
    const before = hashRows(secDb);
    const cases: Array<[Uint8Array, RegExp]> = [
      [signed([cellOf('1.1', 4500)]), /Tiêu chí "1\.1": điểm 4,5 vượt quá điểm tối đa 4/],
      [signed([cellOf('1.3', 1000)]), /1\.3: không có trong bộ tiêu chí "Bộ tiêu chí cấp xã"/],
      [signed([cellOf('3.1', 5000)]), /điều tra xã hội học không tự chấm/],
      [signed([cellOf('1', 5000)]), /tiêu chí thành phần cuối cùng/],
      [signed([cellOf('2.2', null, { selfNotApplicable: true })]), /chưa ghi lý do/],
      [signed([cellOf('4.1', null, { selfNotApplicable: true, selfReason: 'Không có' })]), /không cho đơn vị đề nghị "không áp dụng"/],
      [signed([cellOf('1.1', 4000)], { uid: m.card.uid, code: 'X2', name: 'Xã Mỹ Khánh' }), /ghi là của đơn vị "X2".*đơn vị "X1"/],
      [signed([], undefined, [{ requestId: 999, answer: 'Có', answeredAt: null }]), /yêu cầu giải trình số 999/],
    ];
    for (const [bytes, pattern] of cases) {
      refused(() => m.sec.services.exchange.importPackage(bytes, SEC), pattern);
    }
    // A key nobody registered: refused, quoting the key's own fingerprint only.
    const stranger = newKeyPair();
    const foreign = writePackage({
      kind: 'unit', campaignUid: c.uid, campaignName: c.name, criteriaFingerprint: criteriaFingerprint(set.criteria),
      author: { uid: 'la', name: 'UBND phường An Hòa', fingerprint: fingerprint(stranger.publicKeyPem), publicKey: stranger.publicKeyPem }, sequence: 99, createdAt: new Date().toISOString(),
    }, { unit: { uid: 'la', code: 'X1', name: 'x' }, self: [cellOf('1.1', 1000)], answers: [], evidence: [] }, stranger.privateKeyPem);
    refused(() => m.sec.services.exchange.importPackage(foreign, SEC), new RegExp(`khóa chưa đăng ký.*${fingerprint(stranger.publicKeyPem).slice(0, 11)}`));
    assert.equal(hashRows(secDb), before, 'no refused package wrote anything');

    // The same key, valid content: accepted; then the unit's new key needs the fingerprint read by phone.
    m.sec.services.exchange.importPackage(signed([cellOf('1.1', 3000)]), SEC);
    assert.equal(m.sec.services.repos.selfAssessment.cell(m.campaignId, 'X1', '1.1')!.selfMilli, 3000);
    const newMachine = openApp({ dataDir: join(dir, 'x1-new'), host: 'cli', seedDemo: false });
    try {
      const fresh = newMachine.services.units.initSelf({ unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
      refused(() => m.sec.services.units.register(JSON.parse(JSON.stringify(fresh)) as unknown, m.campaignId, SEC), /--replace-key/);
      m.sec.services.units.register(JSON.parse(JSON.stringify(fresh)) as unknown, m.campaignId, SEC, { newFingerprint: fresh.fingerprint });
      assert.deepEqual(m.sec.services.units.registered(m.campaignId).map((u) => [u.unitCode, u.fingerprint]), [['X1', fresh.fingerprint]], 'one key per unit');
      refused(() => m.sec.services.exchange.importPackage(signed([cellOf('1.1', 2000)]), SEC), /khóa chưa đăng ký/);
    } finally {
      newMachine.close();
    }
  } finally {
    m.close();
    cleanup();
  }
});

test('round 2: the council\'s request reaches the unit in its package, the answer comes back on the giải trình deadline, and members see it', () => {
  const { dir, cleanup } = tempDir('par-unit-answers-');
  let now = new Date('2026-03-01T00:00:00Z');
  const m = machines(dir, () => now);
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false, clock: () => now });
  m.sec.close();
  try {
    const { memberCampaign, sheet, request } = roundTwoRequest(m, sec, 'Đề nghị cung cấp quyết định sắp xếp tổ chức', 'Giải trình các tiêu chí chênh lệch', '2026-03-10');
    assert.equal(sheet.round, 2);
    assert.equal(request.text, 'Đề nghị cung cấp quyết định sắp xếp tổ chức');
    assert.equal(request.askedBy, 'Nguyễn Văn An');
    assert.equal(sheet.openRequests, 1);
    assert.equal(m.ward.services.units.answer(m.wardCampaign, request.requestId, 'Quyết định số 12/QĐ-UBND ngày 05/01/2026', 'X1').openRequests, 0);
    const answerPackage = m.ward.services.units.exportSelfPackage(m.wardCampaign).bytes;

    // After the giải trình deadline the answer is refused; after an extension it is taken.
    now = new Date('2026-03-11T00:00:00Z');
    refused(() => sec.services.exchange.importPackage(answerPackage, SEC), /"Giải trình" đã hết hạn ngày 10\/03\/2026/);
    sec.services.calendar.extend(m.campaignId, 'giai_trinh', '2026-03-15', 'Phường xin thêm thời gian', SEC);
    const summary = sec.services.exchange.importPackage(answerPackage, SEC);
    assert.equal(summary.kind, 'unit');
    const q = sec.services.repos.explanations.forUnit(m.campaignId, 'X1').find((x) => x.criterionCode === '2.1')!;
    assert.deepEqual([q.status, q.answer], ['answered', 'Quyết định số 12/QĐ-UBND ngày 05/01/2026']);

    m.member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(m.campaignId, null).bytes, 'An');
    const seen = m.member.services.workspace.sheet(memberCampaign, 'X1').rows.find((r) => r.code === '2.1')!.requests[0]!;
    assert.deepEqual([seen.status, seen.answer], ['answered', 'Quyết định số 12/QĐ-UBND ngày 05/01/2026'], 'the member reads the unit\'s answer');
  } finally {
    sec.close();
    m.ward.close();
    m.member.close();
    cleanup();
  }
});

test('past the tự đánh giá deadline its package brought, the unit\'s machine keeps its claims read-only (files still go in); answers close with giải trình; an extension reopens them', async () => {
  const { dir, cleanup } = tempDir('par-unit-deadline-');
  let now = new Date('2026-03-10T03:00:00Z');
  const m = machines(dir, () => now);
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false, clock: () => now });
  m.sec.close();
  try {
    sec.services.calendar.set(m.campaignId, 'tu_danh_gia', '2026-03-15', SEC);
    m.ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(m.campaignId, 'X1').bytes, 'X1');
    const units = m.ward.services.units;
    units.setScore(m.wardCampaign, '1.1', { kind: 'points', pointsMilli: 3000 }, undefined, 'X1');
    units.setExplanation(m.wardCampaign, '1.1', 'Kế hoạch số 5/KH-UBND', 'X1');
    assert.equal(units.sheet(m.wardCampaign).rows.find((r) => r.code === '1.1')!.locked, '');

    // The last day (Vietnam time) still counts; the next morning the sheet is read-only and every claim is refused.
    now = new Date('2026-03-15T16:59:00Z');
    units.setScore(m.wardCampaign, '1.2', { kind: 'points', pointsMilli: 1000 }, undefined, 'X1');
    sec.services.exchange.importPackage(units.exportSelfPackage(m.wardCampaign).bytes, SEC);
    now = new Date('2026-03-15T17:00:00Z');
    const closed = units.sheet(m.wardCampaign);
    assert.equal(closed.selfDeadline?.closed, true);
    const row = (code: string) => closed.rows.find((r) => r.code === code)!;
    assert.deepEqual([row('1.1').locked, row('1.1').selfMilli, row('1.1').explanation], ['closed', 3000, 'Kế hoạch số 5/KH-UBND'], 'the claim stays, read-only');
    assert.deepEqual([row('1').locked, closed.scored, closed.leaves], ['not_leaf', 2, 6], 'parents stay parents; the counts do not change');
    const late = /Không sửa được: giai đoạn "Tự đánh giá" đã hết hạn ngày 15\/03\/2026/;
    refused(() => units.setScore(m.wardCampaign, '1.1', { kind: 'points', pointsMilli: 4000 }, undefined, 'X1'), late);
    refused(() => units.setNotApplicable(m.wardCampaign, '2.1', true, 'Không có đơn vị sự nghiệp', 'X1'), late);
    refused(() => units.setExplanation(m.wardCampaign, '1.1', 'Sửa sau hạn', 'X1'), late);
    // Through the door too (the CLI's and the window's path).
    assert.match((await call(m.ward, 'self/set', { campaignId: m.wardCampaign, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 4000 } })).message, late);
    assert.equal(units.sheet(m.wardCampaign).rows.find((r) => r.code === '1.1')!.selfMilli, 3000, 'nothing changed');
    // A file may still be attached after the deadline (the secretariat takes files in any package).
    const file = join(dir, 'bao-cao.pdf');
    writeFileSync(file, '%PDF-1.4\n%%EOF\n');
    await m.ward.services.evidence.attachPath(m.wardCampaign, 'X1', '1.1', file, 'X1');
    assert.equal(units.sheet(m.wardCampaign).rows.find((r) => r.code === '1.1')!.evidence.length, 1);
    // The package it sends now changes no self-score, so the secretariat takes it, with the file.
    assert.equal(sec.services.exchange.importPackage(units.exportSelfPackage(m.wardCampaign).bytes, SEC).kind, 'unit');
    assert.equal(sec.services.repos.evidence.listByUnit(m.campaignId, 'X1').filter((e) => e.criterionCode === '1.1').length, 1);

    // The secretariat extends the phase; the new unit package reopens the sheet.
    sec.services.calendar.extend(m.campaignId, 'tu_danh_gia', '2026-03-20', 'Phường xin gia hạn', SEC);
    m.ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(m.campaignId, 'X1').bytes, 'X1');
    assert.equal(units.sheet(m.wardCampaign).rows.find((r) => r.code === '1.1')!.locked, '');
    assert.equal(units.setScore(m.wardCampaign, '1.1', { kind: 'points', pointsMilli: 4000 }, undefined, 'X1').rows.find((r) => r.code === '1.1')!.selfMilli, 4000);

    // Round 2: an answer after the giải trình deadline is refused on the unit's machine too.
    assert.equal(m.member.services.campaigns.list()[0]?.id, undefined, 'the member has not imported the campaign yet');
    const { request } = roundTwoRequest(m, sec, 'Đề nghị cung cấp quyết định', 'Giải trình', '2026-03-18');
    now = new Date('2026-03-18T17:00:00Z');
    refused(() => units.answer(m.wardCampaign, request.requestId, 'Quyết định số 12', 'X1'), /Không sửa được: giai đoạn "Giải trình" đã hết hạn ngày 18\/03\/2026/);
    now = new Date('2026-03-18T16:00:00Z');
    assert.equal(units.answer(m.wardCampaign, request.requestId, 'Quyết định số 12', 'X1').openRequests, 0);
  } finally {
    sec.close();
    m.ward.close();
    m.member.close();
    cleanup();
  }
});

test('a set\'s tree edited by the secretariat reaches members and units in the next package; refused where that machine has work on the set', () => {
  const { dir, cleanup } = tempDir('par-unit-tree-');
  const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false });
  const ward = openApp({ dataDir: join(dir, 'x1'), host: 'cli', seedDemo: false });
  const member = openApp({ dataDir: join(dir, 'an'), host: 'cli', seedDemo: false });
  try {
    // The wards are not appraised yet: their set can still change.
    const book = twoSetWorkbook();
    book['Điểm'] = book['Điểm'].filter((r, i) => i === 0 || !String(r[0]).startsWith('X'));
    const { campaignId } = sec.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(book)), SEC, 'hai-cap.xlsx', false);
    const card = ward.services.units.initSelf({ unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
    sec.services.units.register(JSON.parse(JSON.stringify(card)) as unknown, campaignId, SEC);
    const an = member.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: '', role: 'Thành viên', kind: 'member' });
    sec.services.exchange.registerMember(JSON.parse(JSON.stringify(an)) as unknown, campaignId, SEC);
    sec.services.workspace.assign({ campaignId, memberUid: an.uid, areas: ['XA:1'], units: [] }, SEC);
    // The set closes 2.2 to a unit's "không áp dụng" claim: the unit package carries it to the ward's machine.
    const closed = sec.services.criteriaSets.tree(campaignId, 'XA');
    sec.services.criteriaSets.saveTree({ campaignId, code: 'XA', criteria: closed.criteria.map((c) => (c.code === '2.2' ? { ...c, naAllowed: false } : c)) }, SEC);
    sec.services.scoring.forget(campaignId);
    member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'An');
    ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(campaignId, 'X1').bytes, 'X1');
    const mine = member.services.campaigns.list()[0]!.id;
    const wardCampaign = ward.services.campaigns.list()[0]!.id;
    const wardRows = ward.services.units.sheet(wardCampaign).rows;
    assert.deepEqual([wardRows.find((r) => r.code === '2.2')!.naAllowed, wardRows.find((r) => r.code === '2.1')!.naAllowed], [false, true]);
    refused(() => ward.services.units.setNotApplicable(wardCampaign, '2.2', true, 'Không có đơn vị sự nghiệp', 'X1'), /không cho đơn vị đề nghị "không áp dụng" ở tiêu chí "2\.2"/);

    const rename = (code: string, name: string) => {
      const tree = sec.services.criteriaSets.tree(campaignId, 'XA');
      sec.services.criteriaSets.saveTree({ campaignId, code: 'XA', criteria: tree.criteria.map((c) => (c.code === code ? { ...c, name } : c)) }, SEC);
      // As the criteriaSet/saveTree handler does after a save.
      sec.services.scoring.forget(campaignId);
    };
    rename('1.2', 'Tuyên truyền, phổ biến CCHC');
    const notes = member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'An').notes;
    assert.ok(notes.some((n) => n.includes('đã sửa bộ tiêu chí XA')), notes.join('\n'));
    assert.equal(member.services.workspace.sheet(mine, 'X1').rows.find((r) => r.code === '1.2')!.name, 'Tuyên truyền, phổ biến CCHC');
    assert.deepEqual(member.services.workspace.workspace(mine).areas, ['XA:1'], 'the assignment to a surviving area stays');
    ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(campaignId, 'X1').bytes, 'X1');
    assert.equal(ward.services.units.sheet(wardCampaign).rows.find((r) => r.code === '1.2')!.name, 'Tuyên truyền, phổ biến CCHC');

    // Once each has work of its own under the set, a further edit is refused there, changing nothing.
    member.services.workspace.setProposal({ campaignId: mine, unitCode: 'X1', criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3000 }, reason: 'Ban hành chậm' });
    ward.services.units.setScore(wardCampaign, '1.1', { kind: 'points', pointsMilli: 4000 }, undefined, 'X1');
    rename('1.1', 'Kế hoạch cải cách hành chính năm');
    const memberDb = join(dir, 'an', 'par.sqlite');
    const wardDb = join(dir, 'x1', 'par.sqlite');
    const [memberBefore, wardBefore] = [hashRows(memberDb), hashRows(wardDb)];
    refused(() => member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, null).bytes, 'An'), /đã sửa bộ tiêu chí "XA".*còn việc/);
    refused(() => ward.services.exchange.importPackage(sec.services.units.exportUnitPackage(campaignId, 'X1').bytes, 'X1'), /đã sửa bộ tiêu chí "XA".*còn việc/);
    assert.equal(hashRows(memberDb), memberBefore, 'the member\'s machine unchanged');
    assert.equal(hashRows(wardDb), wardBefore, 'the unit\'s machine unchanged');
    assert.equal(member.services.workspace.sheet(mine, 'X1').rows.find((r) => r.code === '1.1')!.name, 'Kế hoạch CCHC năm', 'no new tree cached after the refusal');
  } finally {
    sec.close();
    ward.close();
    member.close();
    cleanup();
  }
});
