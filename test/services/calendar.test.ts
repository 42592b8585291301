// The council's calendar at the service level, with a secretariat and a member in their own data folders
// exchanging real signed packages and the secretariat's clock moved by the test: a member package arriving
// after its round's deadline is refused whole and changes nothing; after an extension (logged, with its
// reason) it is accepted; the campaign package carries the calendar to the member, read-only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openApp, createServices, type AppCore } from '../../electron/core/app.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import { AppError } from '../../shared/errors.js';
import type { CalendarView } from '../../shared/contract.js';
import { daysLeft, deadlineEnd, parseDayMonthYear, vietnamDay } from '../../shared/calendar.js';
import { hashRows } from '../jobs/support.js';
import { tempDir } from '../helpers.js';

const SEC = 'Tổ thư ký';
/** Calls through dispatch are recorded under the machine's own profile (made by the first campaign package). */
const SEC_PROFILE = 'Tổ thư ký Hội đồng thẩm định';

test('a deadline day ends at midnight in Vietnam (UTC+7), whatever the machine\'s zone', () => {
  assert.equal(deadlineEnd('2026-03-15').toISOString(), '2026-03-15T17:00:00.000Z');
  assert.equal(vietnamDay(new Date('2026-03-15T16:59:59Z')), '2026-03-15');
  assert.equal(vietnamDay(new Date('2026-03-15T17:00:00Z')), '2026-03-16');
  assert.equal(daysLeft('2026-03-15', new Date('2026-03-10T02:00:00Z')), 5);
  assert.equal(daysLeft('2026-03-15', new Date('2026-03-15T16:00:00Z')), 0);
  assert.equal(daysLeft('2026-03-15', new Date('2026-03-15T17:00:00Z')), -1);
  assert.equal(parseDayMonthYear('15/03/2026'), '2026-03-15');
  assert.equal(parseDayMonthYear('5/3/2026'), '2026-03-05');
  assert.equal(parseDayMonthYear('31/02/2026'), null);
  assert.equal(parseDayMonthYear('2026-03-15'), null);
});

test('a schema-9 database (made here, no fixture) migrates to the latest: an empty calendar, the campaign intact, deadlines then settable', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'par.sqlite');
    const old = openDatabase(file, { migrations: loadMigrations().slice(0, 9) });
    old.prepare("INSERT INTO campaign (uid, name, year, created_at) VALUES ('c-9', 'Đợt cũ', 2025, '2025-01-01T00:00:00Z')").run();
    old.close();
    const raw = new Database(file, { readonly: true });
    const before = raw.prepare('SELECT * FROM campaign').all();
    raw.close();

    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), loadMigrations().length);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.prepare('SELECT * FROM campaign').all(), before);
    const s = createServices(db, { dataDir: dir, clock: () => new Date('2026-03-01T00:00:00Z') });
    const id = s.campaigns.list()[0]!.id;
    const view = s.calendar.get(id);
    assert.deepEqual(view.phases.map((p) => [p.phase, p.deadline, p.closed]), [
      ['tu_danh_gia', null, false], ['tham_dinh_1', null, false], ['giai_trinh', null, false], ['tham_dinh_2', null, false], ['cong_bo', null, false],
    ]);
    assert.equal(view.readOnly, false);
    assert.equal(s.calendar.set(id, 'cong_bo', '2026-04-30', SEC).phases[4]!.daysLeft, 60);
    assert.throws(() => s.calendar.set(id, 'cong_bo', '2026-02-30', SEC), /không phải ngày có thật/);
    s.evidence.dispose();
    db.close();
  } finally {
    cleanup();
  }
});

interface World {
  sec: AppCore;
  member: AppCore;
  id: number;
  memberCampaign: () => number;
  /** The clock of both machines. */
  setNow(iso: string): void;
  dbFile: string;
}

function withWorld(fn: (w: World) => Promise<void> | void) {
  return async () => {
    const s = tempDir();
    const m = tempDir();
    let now = new Date('2026-03-10T02:00:00Z');
    const sec = openApp({ dataDir: s.dir, host: 'browser', clock: () => now });
    // The member's machine reads the same clock: it holds its own proposals to the calendar its campaign package brought.
    const member = openApp({ dataDir: m.dir, host: 'browser', seedDemo: false, clock: () => now });
    try {
      const id = sec.services.campaigns.list()[0]!.id;
      const uid = sec.services.campaigns.require(id).uid;
      const identity = member.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
      sec.services.exchange.registerMember(identity, id, SEC);
      sec.services.workspace.assign({ campaignId: id, memberUid: identity.uid, areas: ['2'], units: [] }, SEC);
      await fn({
        sec, member, id,
        memberCampaign: () => member.services.campaigns.byUid(uid)!.id,
        setNow: (iso) => {
          now = new Date(iso);
        },
        dbFile: sec.info.dbPath,
      });
    } finally {
      sec.close();
      member.close();
      s.cleanup();
      m.cleanup();
    }
  };
}

const call = async <T>(app: AppCore, method: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(method, input, { actor: SEC });
  if (!r.ok) throw AppError.fromShape(r.error);
  return r.value as T;
};

test('a member package imported after its round\'s deadline is refused whole, changing nothing; after an extension it is accepted', withWorld(async (w) => {
  const { sec, member, id } = w;
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  const mid = w.memberCampaign();
  member.services.workspace.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', input: { kind: 'points', pointsMilli: 1000 }, reason: 'Thiếu báo cáo' });
  const pkg = member.services.exchange.exportMemberPackage(mid).bytes;

  const set = await call<CalendarView>(sec, 'calendar/set', { campaignId: id, phase: 'tham_dinh_1', deadline: '2026-03-15' });
  const phase = () => sec.services.calendar.get(id).phases.find((p) => p.phase === 'tham_dinh_1')!;
  assert.deepEqual({ ...set.phases[1], closesAt: undefined }, { phase: 'tham_dinh_1', deadline: '2026-03-15', extension: null, effective: '2026-03-15', closesAt: undefined, closed: false, daysLeft: 5 });
  // The last second of 15/03 in Vietnam is still inside the deadline; the next one is not.
  w.setNow('2026-03-15T16:59:59Z');
  assert.equal(phase().closed, false);
  assert.equal(phase().daysLeft, 0);
  w.setNow('2026-03-15T17:00:00Z');
  assert.equal(phase().closed, true);

  const before = hashRows(w.dbFile);
  assert.throws(
    () => sec.services.exchange.importPackage(pkg, SEC),
    (e: unknown) => e instanceof AppError && e.code === 'locked'
      && /Gói của thành viên "Nguyễn Văn An" không được nhận: giai đoạn "Thẩm định vòng 1" đã hết hạn ngày 15\/03\/2026 .*nhập lúc 16\/03\/2026 00:00/.test(e.message),
  );
  assert.equal(hashRows(w.dbFile), before, 'the refused package changed nothing');

  // An extension needs a reason and a later day; each refusal changes nothing either.
  await assert.rejects(call(sec, 'calendar/extend', { campaignId: id, phase: 'tham_dinh_1', deadline: '2026-03-20', reason: '   ' }), /lý do|ít nhất/i);
  await assert.rejects(call(sec, 'calendar/extend', { campaignId: id, phase: 'tham_dinh_1', deadline: '2026-03-14', reason: 'Mất điện' }), /phải sau hạn hiện tại 15\/03\/2026/);
  await assert.rejects(call(sec, 'calendar/extend', { campaignId: id, phase: 'tham_dinh_2', deadline: '2026-04-14', reason: 'Mất điện' }), /chưa có hạn/);
  assert.equal(hashRows(w.dbFile), before);

  const extended = await call<CalendarView>(sec, 'calendar/extend', { campaignId: id, phase: 'tham_dinh_1', deadline: '2026-03-20', reason: 'Thành viên đi công tác, Chủ tịch Hội đồng đồng ý' });
  assert.deepEqual(extended.phases[1]!.extension, { deadline: '2026-03-20', reason: 'Thành viên đi công tác, Chủ tịch Hội đồng đồng ý', by: SEC_PROFILE, at: '2026-03-15T17:00:00.000Z' });
  assert.equal(extended.phases[1]!.effective, '2026-03-20');
  assert.equal(extended.phases[1]!.closed, false);
  const summary = sec.services.exchange.importPackage(pkg, SEC);
  assert.equal(summary.applied, 1);
  assert.equal(sec.services.repos.proposals.forMember(id, member.services.repos.members.self()!.uid, 1).length, 1);

  // Every change is in the history: who, when, what, why.
  const log = sec.services.audit.list(id, {}, 0, 50).items.filter((i) => i.action.startsWith('calendar.'));
  assert.deepEqual(log.map((i) => [i.action, i.oldText, i.newText, i.reason, i.actor]).reverse(), [
    ['calendar.set', '', 'Thẩm định vòng 1: 15/03/2026', '', SEC_PROFILE],
    ['calendar.extend', 'Thẩm định vòng 1: 15/03/2026', 'Thẩm định vòng 1: 15/03/2026, gia hạn đến 20/03/2026', 'Thành viên đi công tác, Chủ tịch Hội đồng đồng ý', SEC_PROFILE],
  ]);

  // Past the extended day too, a later package is refused again, naming the extension.
  member.services.workspace.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', input: { kind: 'points', pointsMilli: 1500 }, reason: 'Đã bổ sung' });
  const later = member.services.exchange.exportMemberPackage(mid).bytes;
  w.setNow('2026-03-21T01:00:00Z');
  assert.throws(() => sec.services.exchange.importPackage(later, SEC), /đã hết hạn ngày 20\/03\/2026 \(đã gia hạn từ 15\/03\/2026\)/);
  // The same package replayed is still "already imported", whatever the calendar says.
  assert.equal(sec.services.exchange.importPackage(pkg, SEC).alreadyImported, true);
}));

test('the campaign package carries the calendar to the member, where it is read-only', withWorld(async (w) => {
  const { sec, member, id } = w;
  sec.services.calendar.set(id, 'tu_danh_gia', '2026-03-05', SEC);
  sec.services.calendar.set(id, 'tham_dinh_1', '2026-03-15', SEC);
  sec.services.calendar.extend(id, 'tham_dinh_1', '2026-03-20', 'Chờ Sở Nội vụ', SEC);
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  const mid = w.memberCampaign();
  const there = await call<CalendarView>(member, 'calendar/get', { campaignId: mid });
  const here = sec.services.calendar.get(id);
  assert.equal(there.readOnly, true);
  assert.equal(here.readOnly, false);
  assert.deepEqual(there.phases.map((p) => [p.phase, p.deadline, p.effective, p.extension?.reason ?? null]), here.phases.map((p) => [p.phase, p.deadline, p.effective, p.extension?.reason ?? null]));
  assert.equal(there.phases[1]!.extension?.by, SEC);
  await assert.rejects(call(member, 'calendar/set', { campaignId: mid, phase: 'cong_bo', deadline: '2026-04-30' }), /chỉ dành cho Tổ thư ký/);
  assert.throws(() => member.services.calendar.extend(mid, 'tham_dinh_1', '2026-03-25', 'x', 'An'), /không sửa được ở đây/);
  assert.deepEqual(member.services.audit.list(mid, {}, 0, 50).items.filter((i) => i.action === 'calendar.import').map((i) => i.newText).sort(), [
    'Thẩm định vòng 1: 15/03/2026, gia hạn đến 20/03/2026', 'Tự đánh giá: 05/03/2026',
  ]);

  // The next package brings the secretariat's changes, a removed deadline included.
  sec.services.calendar.set(id, 'tu_danh_gia', '', SEC);
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  assert.deepEqual(member.services.calendar.get(mid).phases.map((p) => p.effective), [null, '2026-03-20', null, null, null]);
}));

test('in round 2 the round-2 deadline decides: round 1\'s closed deadline does not block a package carrying round 1 unchanged, a late round-1 proposal does', withWorld(async (w) => {
  const { sec, member, id } = w;
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  const mid = w.memberCampaign();
  const score = (criterionCode: string, pointsMilli: number) =>
    member.services.workspace.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode, input: { kind: 'points', pointsMilli }, reason: 'Theo hồ sơ' });
  score('2.1.1', 1000);
  sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, SEC);
  sec.services.calendar.set(id, 'tham_dinh_1', '2026-03-15', SEC);
  sec.services.calendar.set(id, 'tham_dinh_2', '2026-04-15', SEC);
  w.setNow('2026-04-01T03:00:00Z');
  sec.services.rounds.open(id, 'Các đơn vị đã giải trình', SEC);
  // A round-1 proposal made on the member's machine before round 2 reached it arrives after round 1's deadline.
  score('2.2.1', 1000);
  assert.throws(() => sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, SEC), /giai đoạn "Thẩm định vòng 1" đã hết hạn ngày 15\/03\/2026/);
  sec.services.calendar.extend(id, 'tham_dinh_1', '2026-04-02', 'Nhận nốt điểm vòng 1', SEC);
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');

  // Round 1 extended to 02/04: the late round-1 cell comes in with the first round-2 cell.
  score('2.1.1', 1500);
  assert.equal(sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, SEC).applied, 2);

  // Past round 1's extended day, a round-2 package still carries round 1 (unchanged): only round 2's deadline applies.
  w.setNow('2026-04-10T03:00:00Z');
  score('2.1.1', 0);
  assert.equal(sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, SEC).applied, 1);

  // Made in time on the member's machine, the package reaches the secretariat after the deadline.
  w.setNow('2026-04-15T16:00:00Z');
  score('2.1.2', 1000);
  const late = member.services.exchange.exportMemberPackage(mid).bytes;
  w.setNow('2026-04-15T17:00:00Z');
  const before = hashRows(w.dbFile);
  assert.throws(() => sec.services.exchange.importPackage(late, SEC), /giai đoạn "Thẩm định vòng 2" đã hết hạn ngày 15\/04\/2026/);
  assert.equal(hashRows(w.dbFile), before);
  sec.services.calendar.extend(id, 'tham_dinh_2', '2026-04-17', 'Bổ sung hồ sơ', SEC);
  assert.equal(sec.services.exchange.importPackage(late, SEC).applied, 1);
}));

test('a member\'s machine holds its proposals to the round\'s deadline its campaign package brought: read-only, refused, requests still go; an extension reopens them', withWorld(async (w) => {
  const { sec, member, id } = w;
  sec.services.calendar.set(id, 'tham_dinh_1', '2026-03-15', SEC);
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  const mid = w.memberCampaign();
  const ws = member.services.workspace;
  ws.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', input: { kind: 'points', pointsMilli: 1000 }, reason: 'Thiếu báo cáo' });
  const open = ws.sheet(mid, 'XP09');
  assert.equal(open.closed, false);
  assert.equal(open.rows.find((r) => r.code === '2.1.1')!.locked, '');

  w.setNow('2026-03-15T17:00:00Z');
  const closed = ws.sheet(mid, 'XP09');
  const row = (code: string) => closed.rows.find((r) => r.code === code)!;
  assert.equal(closed.closed, true);
  assert.deepEqual([row('2.1.1').locked, row('2.1.1').proposalMilli], ['closed', 1000], 'the proposal stays, read-only');
  assert.equal(row('1.1.1').locked, 'not_assigned', 'a cell locked for another reason keeps that reason');
  assert.deepEqual([closed.assignedLeaves, closed.proposedLeaves], [open.assignedLeaves, open.proposedLeaves], 'the counts do not change');
  const late = /Không sửa được: giai đoạn "Thẩm định vòng 1" đã hết hạn ngày 15\/03\/2026/;
  const before = hashRows(member.info.dbPath);
  assert.throws(() => ws.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', input: { kind: 'points', pointsMilli: 1500 } }), late);
  assert.throws(() => ws.setReason({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', reason: 'Sửa sau hạn' }), late);
  assert.throws(() => ws.setNotApplicable({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', notApplicable: true }), late);
  await assert.rejects(call(member, 'proposal/set', { campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.2', input: { kind: 'points', pointsMilli: 1000 } }), late);
  assert.equal(hashRows(member.info.dbPath), before, 'nothing changed');
  // Explanation requests are not held to it (the secretariat takes them in any package); the patch keeps the lock.
  const patch = ws.requestExplanation({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', text: 'Đề nghị gửi báo cáo' });
  assert.deepEqual([patch.fields.closed, patch.rows.find((r) => r.code === '2.1.1')!.locked], [true, 'closed']);

  // The secretariat extends; the next campaign package reopens the member's sheet.
  sec.services.calendar.extend(id, 'tham_dinh_1', '2026-03-20', 'Thành viên đi công tác', SEC);
  member.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
  const reopened = ws.setProposal({ campaignId: mid, unitCode: 'XP09', criterionCode: '2.1.1', input: { kind: 'points', pointsMilli: 1500 } });
  assert.deepEqual([reopened.fields.closed, reopened.rows.find((r) => r.code === '2.1.1')!.proposalMilli], [false, 1500]);
  assert.equal(sec.services.exchange.importPackage(member.services.exchange.exportMemberPackage(mid).bytes, SEC).applied, 1);
}));
