// The two appraisal rounds at the service level, with a secretariat and two members in their own data
// folders exchanging real signed packages: round 2 opened with a snapshot of round 1, cells round 2 does
// not touch keeping their round-1 finals, policies and decisions per round, packages across rounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { AppError } from '../../shared/errors.js';
import type { Policy } from '../../shared/contract.js';
import * as XLSX from 'xlsx';
import { sheetNameFor } from '../../electron/workbook/explanations.js';
import { ok, refusal } from '../dispatch.js';
import { tempDir } from '../helpers.js';

interface Member {
  app: AppCore;
  uid: string;
  campaignId: number;
  cleanup: () => void;
}

interface World {
  sec: AppCore;
  id: number;
  a: Member;
  b: Member;
  /** Member → secretariat. */
  sync(m: Member): ReturnType<AppCore['services']['exchange']['importPackage']>;
  /** Secretariat → member: the campaign package. */
  hand(m: Member): void;
  score(m: Member, unit: string, criterion: string, points: number, reason?: string): void;
  final(unit: string, criterion: string): number | null;
}

function withWorld(fn: (w: World) => Promise<void> | void) {
  return async () => {
    const s = tempDir();
    const sec = openApp({ dataDir: s.dir, host: 'browser' });
    const id = sec.services.campaigns.list()[0]!.id;
    const uid = sec.services.campaigns.require(id).uid;
    const made: Member[] = [];
    const hand = (m: Member) => {
      m.app.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'member');
      m.campaignId = m.app.services.campaigns.byUid(uid)!.id;
    };
    const member = (name: string, agency: string): Member => {
      const t = tempDir();
      const app = openApp({ dataDir: t.dir, host: 'browser', seedDemo: false });
      const identity = app.services.exchange.initSelf({ name, agency, role: 'Thành viên Hội đồng', kind: 'member' });
      sec.services.exchange.registerMember(identity, id, 'Tổ thư ký');
      sec.services.workspace.assign({ campaignId: id, memberUid: identity.uid, areas: ['2'], units: [] }, 'Tổ thư ký');
      const m: Member = { app, uid: identity.uid, campaignId: 0, cleanup: t.cleanup };
      made.push(m);
      return m;
    };
    try {
      const a = member('Nguyễn Văn An', 'Sở Tư pháp');
      const b = member('Lê Thị Bình', 'Sở Tài chính');
      hand(a);
      hand(b);
      await fn({
        sec, id, a, b, hand,
        sync: (m) => sec.services.exchange.importPackage(m.app.services.exchange.exportMemberPackage(m.campaignId).bytes, 'Tổ thư ký'),
        score: (m, unitCode, criterionCode, pointsMilli, reason) =>
          m.app.services.workspace.setProposal({ campaignId: m.campaignId, unitCode, criterionCode, input: { kind: 'points', pointsMilli }, ...(reason !== undefined ? { reason } : {}) }),
        final: (unit, criterion) => sec.services.repos.scores.get(id, unit, criterion)?.pointsMilli ?? null,
      });
    } finally {
      sec.close();
      s.cleanup();
      for (const m of made) {
        m.app.close();
        m.cleanup();
      }
    }
  };
}

const refused = (fn: () => unknown, code: string, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === code && pattern.test(e.message), `expected ${code} ${pattern}`);

/** Round 1 on XP09 (no finals in the demo): agreed, disputed-then-decided and single-member cells. */
function roundOne(w: World): void {
  w.score(w.a, 'XP09', '2.1.1', 1500);
  w.score(w.b, 'XP09', '2.1.1', 1500);
  w.score(w.a, 'XP09', '2.1.2', 2000, 'Đúng quy trình');
  w.score(w.b, 'XP09', '2.1.2', 0, 'Vi phạm quy trình');
  w.score(w.a, 'XP09', '2.2.1', 1000, 'Có kế hoạch');
  w.sync(w.a);
  w.sync(w.b);
  w.sec.services.consolidation.decide(w.id, 'XP09', '2.1.2', { pointsMilli: 1000, notApplicable: false }, 'Có sai sót nhỏ', 'Tổ thư ký');
}

const proposalRows = (w: World, round: number) =>
  w.sec.services.repos.db.prepare('SELECT * FROM proposal WHERE campaign_id = ? AND round = ? ORDER BY unit_code, criterion_code, member_uid').all(w.id, round);

test('round 2: opened once with a reason, round 1 kept as a snapshot, untouched cells keep their round-1 finals', withWorld((w) => {
  const { sec, id } = w;
  roundOne(w);
  assert.deepEqual([w.final('XP09', '2.1.1'), w.final('XP09', '2.1.2'), w.final('XP09', '2.2.1')], [1500, 1000, 1000]);
  const rankBefore = sec.services.scoring.ranking(id);

  refused(() => sec.services.rounds.open(id, '  ', 'Tổ thư ký'), 'invalid_input', /cần ghi lý do/);
  sec.services.consolidation.finalize(id, 'Tổ thư ký');
  refused(() => sec.services.rounds.open(id, 'Giải trình xong', 'Tổ thư ký'), 'locked', /đã chốt kết quả/);
  sec.services.consolidation.unlock(id, 'Mở vòng 2', 'Tổ thư ký');
  const round1Before = proposalRows(w, 1);

  const opened = sec.services.rounds.open(id, 'Các đơn vị đã giải trình', 'Tổ thư ký');
  assert.equal(opened.current, 2);
  assert.equal(opened.reason, 'Các đơn vị đã giải trình');
  assert.equal(opened.rounds[0]!.state, 'closed');
  assert.equal(opened.rounds[1]!.state, 'open');
  assert.match(opened.openBlocked, /đã ở vòng thẩm định 2/);
  refused(() => sec.services.rounds.open(id, 'Lần nữa', 'Tổ thư ký'), 'conflict', /đã ở vòng thẩm định 2/);
  const history = sec.services.repos.db.prepare("SELECT reason FROM history WHERE campaign_id = ? AND action = 'round.open'").all(id) as Array<{ reason: string }>;
  assert.deepEqual(history.map((h) => h.reason), ['Các đơn vị đã giải trình']);

  // The snapshot is every final the score table held, cell by cell.
  const snapshot = new Map(sec.services.repos.rounds.resultsOf(id, 1).map((x) => [`${x.unitCode} ${x.criterionCode}`, x]));
  const finals = sec.services.repos.scores.listByCampaign(id).filter((s) => s.pointsMilli !== null || s.notApplicable);
  assert.equal(snapshot.size, finals.length);
  for (const f of finals) assert.deepEqual([snapshot.get(`${f.unitCode} ${f.criterionCode}`)?.pointsMilli, snapshot.get(`${f.unitCode} ${f.criterionCode}`)?.notApplicable], [f.pointsMilli, f.notApplicable]);
  assert.equal(snapshot.get('XP09 2.1.2')?.decided, true);
  assert.equal(snapshot.get('XP09 2.1.1')?.decided, false);
  assert.deepEqual(sec.services.scoring.ranking(id), rankBefore, 'opening round 2 changes no score');

  // Round 2 reaches the members with the campaign package: they see the round and round 1's values.
  w.hand(w.a);
  w.hand(w.b);
  const sheet = w.a.app.services.workspace.sheet(w.a.campaignId, 'XP09');
  assert.equal(sheet.round, 2);
  assert.equal(w.a.app.services.workspace.workspace(w.a.campaignId).round, 2);
  const row = (code: string) => sheet.rows.find((r) => r.code === code)!;
  assert.deepEqual([row('2.1.2').round1ProposalMilli, row('2.1.2').round1FinalMilli, row('2.1.2').proposalMilli], [2000, 1000, null]);
  assert.deepEqual([row('2.2.1').round1ProposalMilli, row('2.2.1').round1FinalMilli], [1000, 1000]);
  assert.equal(w.b.app.services.workspace.sheet(w.b.campaignId, 'XP09').rows.find((r) => r.code === '2.2.1')!.round1ProposalMilli, null, 'Bình proposed nothing there in round 1');

  // An re-scores one cell in round 2; the others keep round 1's finals.
  w.score(w.a, 'XP09', '2.1.1', 1000, 'Thiếu một báo cáo');
  w.sync(w.a);
  assert.deepEqual([w.final('XP09', '2.1.1'), w.final('XP09', '2.1.2'), w.final('XP09', '2.2.1')], [1000, 1000, 1000]);
  // Round 1's decision does not silence round 2: Bình's round-2 proposal on the decided cell is final.
  w.score(w.b, 'XP09', '2.1.2', 2000, 'Đã bổ sung biên bản');
  w.sync(w.b);
  assert.equal(w.final('XP09', '2.1.2'), 2000);
  assert.equal(sec.services.consolidation.report(id).conflicts.length, 0);
  // Members now disagree in round 2: the cell keeps its round-1 final until the secretariat decides.
  w.score(w.a, 'XP09', '2.1.2', 0, 'Biên bản không hợp lệ');
  w.sync(w.a);
  assert.equal(w.final('XP09', '2.1.2'), 1000);
  const report = sec.services.consolidation.report(id);
  assert.equal(report.round, 2);
  const item = report.queue.find((q) => q.unitCode === 'XP09' && q.criterionCode === '2.1.2')!;
  assert.ok(item.reasons.includes('members_differ'));
  assert.equal(item.round1Milli, 1000);
  assert.deepEqual(item.proposals.map((p) => p.pointsMilli).sort(), [0, 2000], 'the queue shows round-2 proposals only');
  sec.services.consolidation.decide(id, 'XP09', '2.1.2', { pointsMilli: 2000, notApplicable: false }, 'Chấp nhận biên bản bổ sung', 'Tổ thư ký');
  assert.equal(w.final('XP09', '2.1.2'), 2000);
  assert.deepEqual(sec.services.repos.exchange.decisionsOfRound(id, 1).map((d) => [d.criterionCode, d.pointsMilli]), [['2.1.2', 1000]], 'round 1\'s decision is kept');
  assert.deepEqual(sec.services.repos.exchange.decisionsOfRound(id, 2).map((d) => [d.criterionCode, d.pointsMilli]), [['2.1.2', 2000]]);

  // Round 1 is kept as it was: its proposals and its snapshot; the summary reports both rounds.
  assert.deepEqual(proposalRows(w, 1), round1Before);
  assert.deepEqual(new Map(sec.services.repos.rounds.resultsOf(id, 1).map((x) => [`${x.unitCode} ${x.criterionCode}`, x])), snapshot);
  const summary = sec.services.rounds.summary(id);
  const xp09 = (r: 0 | 1) => summary.rounds[r]!.units.find((u) => u.unitCode === 'XP09')!;
  assert.equal(xp09(0).totalMilli, 1500 + 1000 + 1000);
  assert.equal(xp09(1).totalMilli, 1000 + 2000 + 1000);
  assert.deepEqual([summary.rounds[1]!.proposals, summary.rounds[1]!.members, summary.rounds[1]!.decisions], [3, 2, 1]);
  assert.equal(sec.services.scoring.ranking(id).groups.flatMap((g) => g.rows).find((r) => r.unitCode === 'XP09')!.totalMilli, 4000, 'the ranking follows round 2');
}));

test('policies in round 2 work on round-2 proposals; cells without any keep round 1', withWorld((w) => {
  const { sec, id } = w;
  roundOne(w);
  sec.services.rounds.open(id, 'Vòng 2', 'Tổ thư ký');
  w.hand(w.a);
  w.hand(w.b);
  w.score(w.a, 'XP09', '2.1.1', 0, 'Không có báo cáo');
  w.score(w.b, 'XP09', '2.1.1', 1000, 'Thiếu báo cáo');
  w.sync(w.a);
  w.sync(w.b);
  // 2.1.1 scores 1,5 / 1 / 0: the mean and the median of 0 and 1 (0,5) are off the rule and settle nothing,
  // as assigned/manual cannot settle two different proposals: round 1's 1,5 stands until a decision.
  const expect: Record<Policy, number> = { assigned: 1500, mean: 1500, median: 1500, manual: 1500 };
  for (const policy of ['mean', 'median', 'manual', 'assigned'] as Policy[]) {
    sec.services.consolidation.setPolicy(id, policy, 500, 1000, 'Tổ thư ký');
    assert.equal(w.final('XP09', '2.1.1'), expect[policy], policy);
    assert.equal(w.final('XP09', '2.2.1'), 1000, `${policy}: no round-2 proposal keeps round 1`);
    assert.equal(w.final('XP09', '2.1.2'), 1000, `${policy}: a round-1 decision's result is kept`);
  }
  // A round-2 proposal cleared again: the cell goes back to its round-1 final.
  w.score(w.a, 'XP09', '2.2.1', 0, 'Kế hoạch không đạt');
  w.sync(w.a);
  assert.equal(w.final('XP09', '2.2.1'), 0);
  w.a.app.services.workspace.setProposal({ campaignId: w.a.campaignId, unitCode: 'XP09', criterionCode: '2.2.1', input: null });
  w.sync(w.a);
  assert.equal(w.final('XP09', '2.2.1'), 1000, 'cleared in round 2: round 1 again');
  // Not applicable proposed in round 2 by the only member who proposes there.
  w.a.app.services.workspace.setNotApplicable({ campaignId: w.a.campaignId, unitCode: 'XP09', criterionCode: '2.2.1', notApplicable: true });
  w.sync(w.a);
  assert.equal(sec.services.repos.scores.get(id, 'XP09', '2.2.1')?.notApplicable, true);
  assert.equal(sec.services.repos.rounds.resultsOf(id, 1).find((x) => x.unitCode === 'XP09' && x.criterionCode === '2.2.1')?.notApplicable, false);
}));

test('packages across rounds: late round-1 proposals kept as round 1; round-2 proposals refused while the secretariat is in round 1', withWorld((w) => {
  const { sec, id } = w;
  roundOne(w);
  // Bình's round-2 package cannot land on a secretariat still in round 1 (e.g. a restored backup).
  w.b.app.services.repos.rounds.setRound(w.b.campaignId, 2, '2026-01-01T00:00:00Z', 'thử');
  w.score(w.b, 'XP09', '2.2.2', 1000, 'Thiếu');
  const counts = () => sec.services.repos.db.prepare('SELECT (SELECT count(*) FROM history) AS h, (SELECT count(*) FROM package_import) AS p, (SELECT count(*) FROM explanation_request) AS q').get();
  const before = counts();
  const rowsBefore = proposalRows(w, 1);
  refused(() => w.sync(w.b), 'import_invalid', /vòng 2 .*vẫn ở vòng 1.*Không có gì được ghi/);
  assert.deepEqual(proposalRows(w, 1), rowsBefore);
  assert.deepEqual(proposalRows(w, 2), []);
  assert.deepEqual(counts(), before, 'no history, no package record');

  const round1Package = sec.services.exchange.exportCampaignPackage(id, null).bytes;
  sec.services.rounds.open(id, 'Vòng 2', 'Tổ thư ký');
  // An still works in round 1 (has not imported the new campaign package): a late round-1 proposal.
  w.score(w.a, 'XP09', '2.3.1', 1000, 'Đủ');
  const summary = w.sync(w.a);
  assert.match(summary.notes.join(' '), /vòng 1 đến muộn: đã lưu lại nhưng không thay đổi kết quả vòng 2/);
  assert.equal(sec.services.repos.proposals.get(id, 'XP09', '2.3.1', w.a.uid, 1)?.pointsMilli, 1000, 'kept as round 1');
  assert.equal(w.final('XP09', '2.3.1'), null, 'no round-2 final from it');
  // Bình's round-2 package is accepted now.
  w.sync(w.b);
  assert.equal(sec.services.repos.proposals.get(id, 'XP09', '2.2.2', w.b.uid, 2)?.pointsMilli, 1000);
  assert.equal(w.final('XP09', '2.2.2'), 1000);
  // An older campaign package (made in round 1) does not take a member back to round 1: it is refused whole.
  w.hand(w.a);
  assert.equal(w.a.app.services.rounds.current(w.a.campaignId), 2);
  assert.throws(() => w.a.app.services.exchange.importPackage(round1Package, 'member'), /cũ hơn gói đã nhập.*Không có gì được ghi/);
  assert.equal(w.a.app.services.rounds.current(w.a.campaignId), 2);
  assert.equal(w.a.app.services.workspace.sheet(w.a.campaignId, 'XP09').rows.find((r) => r.code === '2.1.2')!.round1FinalMilli, 1000);
}));

type Sheet = XLSX.WorkSheet;
const readBook = (bytes: Uint8Array) => XLSX.read(bytes, { type: 'buffer' });
const writeBook = (wb: XLSX.WorkBook) => XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
/** Rows of a sheet as the user sees them (row 1 = index 0). */
const rowsOf = (ws: Sheet) => XLSX.utils.sheet_to_json<Array<string | number>>(ws, { header: 1, defval: '' });
const HEADER = ['STT', 'Tiêu chí', 'Điểm tự đánh giá', 'Điểm thẩm định vòng 1', 'Nội dung yêu cầu', 'Người yêu cầu', 'Nội dung giải trình của đơn vị', 'Tài liệu bổ sung (tên tệp)', 'Mã yêu cầu (không sửa)'];

test('the explanation list goes to units as a workbook; their answers come back checked first, then written at once', withWorld(async (w) => {
  const { sec, id } = w;
  roundOne(w);
  const ask = (m: Member, unitCode: string, criterionCode: string, text: string) => m.app.services.workspace.requestExplanation({ campaignId: m.campaignId, unitCode, criterionCode, text });
  ask(w.a, 'XP09', '2.1.2', 'Đề nghị gửi biên bản lấy ý kiến');
  ask(w.a, 'XP09', '2.2.1', 'Đề nghị gửi kế hoạch rà soát');
  ask(w.b, 'SBN01', '2.1.1', 'Đề nghị giải trình tỷ lệ văn bản đúng hạn');
  w.sync(w.a);
  w.sync(w.b);

  const all = sec.services.rounds.exportForUnits(id);
  assert.deepEqual([all.units, all.requests], [2, 3]);
  let wb = readBook(all.bytes);
  assert.deepEqual(wb.SheetNames, ['SBN01 Sở Nội vụ', 'XP09 Xã Vĩnh Thạnh']);
  assert.ok(wb.SheetNames.every((n) => n.length <= 31 && !/[:\\/?*[\]]/.test(n)));
  const xp = rowsOf(wb.Sheets['XP09 Xã Vĩnh Thạnh']!);
  assert.equal(xp[0]![0], 'DANH SÁCH YÊU CẦU GIẢI TRÌNH');
  assert.deepEqual(xp[6], HEADER);
  const requests = sec.services.repos.explanations.forUnit(id, 'XP09');
  // 2.1.2: self-assessed 0, round 1 decided 1; requested by An; the answer columns are empty.
  assert.deepEqual(xp[7], [1, `2.1.2 – ${sec.services.scoring.modelOf(id).sets[0]!.tree.byCode.get('2.1.2')!.criterion.name}`, 0, 1, 'Đề nghị gửi biên bản lấy ý kiến', 'Nguyễn Văn An', '', '', requests.find((q) => q.criterionCode === '2.1.2')!.id]);
  assert.equal(xp[8]![3], 1, '2.2.1: round-1 final 1');
  const one = sec.services.rounds.exportForUnits(id, 'SBN01');
  assert.deepEqual(readBook(one.bytes).SheetNames, ['SBN01 Sở Nội vụ']);
  assert.match(one.fileName, /^Yeu-cau-giai-trinh-\d{4}-SBN01\.xlsx$/);
  refused(() => sec.services.rounds.exportForUnits(id, 'XP01'), 'not_found', /không có yêu cầu giải trình/);

  // The units fill in their answers (XP09 leaves 2.2.1 blank).
  const set = (ws: Sheet, addr: string, v: string | number) => XLSX.utils.sheet_add_aoa(ws, [[v]], { origin: addr });
  wb = readBook(all.bytes);
  set(wb.Sheets['XP09 Xã Vĩnh Thạnh']!, 'G8', 'Đơn vị đã gửi biên bản lấy ý kiến ngày 12/3.');
  set(wb.Sheets['XP09 Xã Vĩnh Thạnh']!, 'H8', 'bien-ban-lay-y-kien.pdf');
  set(wb.Sheets['SBN01 Sở Nội vụ']!, 'G8', 'Tỷ lệ tính trên 42 văn bản, không phải 40.');
  const filled = writeBook(wb);

  const state = () => sec.services.repos.db.prepare('SELECT (SELECT json_group_array(json_array(id, status, answer)) FROM explanation_request) AS q, (SELECT count(*) FROM history) AS h').get();
  const before = state();
  const broken = (change: (wb: XLSX.WorkBook) => void) => {
    const copy = readBook(filled);
    change(copy);
    return writeBook(copy);
  };
  const issuesOf = async (bytes: Buffer) => {
    try {
      await sec.services.rounds.importAnswers(id, bytes, 'tra-loi.xlsx', 'Tổ thư ký');
    } catch (e) {
      assert.ok(e instanceof AppError && e.code === 'import_invalid', String(e));
      return (e.issues ?? []).map((i) => `${i.sheet}|${i.row}|${i.column}|${i.message}`);
    }
    return assert.fail('accepted');
  };
  const xpId = requests.find((q) => q.criterionCode === '2.1.2')!.id;
  const cases: Array<[string, (wb: XLSX.WorkBook) => void, RegExp]> = [
    ['unknown id', (b) => set(b.Sheets['XP09 Xã Vĩnh Thạnh']!, 'I8', 99999), /^XP09 Xã Vĩnh Thạnh\|8\|I \(Mã yêu cầu \(không sửa\)\)\|không có yêu cầu giải trình số 99999/],
    ['another unit', (b) => set(b.Sheets['SBN01 Sở Nội vụ']!, 'I8', xpId), new RegExp(`^SBN01 Sở Nội vụ\\|8\\|I .*yêu cầu số ${xpId} là của đơn vị "XP09", không phải đơn vị "SBN01"`)],
    ['changed criterion', (b) => set(b.Sheets['XP09 Xã Vĩnh Thạnh']!, 'B8', '2.2.1 – Kế hoạch'), /^XP09 Xã Vĩnh Thạnh\|8\|B \(Tiêu chí\)\|tiêu chí đã bị sửa/],
    ['duplicate row', (b) => XLSX.utils.sheet_add_aoa(b.Sheets['XP09 Xã Vĩnh Thạnh']!, [rowsOf(b.Sheets['XP09 Xã Vĩnh Thạnh']!)[7]!], { origin: 'A10' }), /^XP09 Xã Vĩnh Thạnh\|10\|I .*lặp lại \(đã có ở trang "XP09 Xã Vĩnh Thạnh", dòng 8\)/],
    ['too long', (b) => set(b.Sheets['SBN01 Sở Nội vụ']!, 'G8', 'x'.repeat(4001)), /^SBN01 Sở Nội vụ\|8\|G \(Nội dung giải trình của đơn vị\)\|.*tối đa 4000/],
    ['another campaign', (b) => set(b.Sheets['SBN01 Sở Nội vụ']!, 'C5', 'c-khac'), /^SBN01 Sở Nội vụ\|8\|null\|trang này thuộc một đợt đánh giá khác/],
    ['answer without id', (b) => set(b.Sheets['SBN01 Sở Nội vụ']!, 'G9', 'Bổ sung thêm'), /^SBN01 Sở Nội vụ\|9\|I .*không có mã yêu cầu/],
  ];
  for (const [name, change, pattern] of cases) {
    const issues = await issuesOf(broken(change));
    assert.ok(issues.some((i) => pattern.test(i)), `${name}: ${issues.join('\n')}`);
    assert.deepEqual(state(), before, `${name}: nothing written`);
  }
  await assert.rejects(sec.services.rounds.importAnswers(id, Buffer.from('không phải xlsx'), 'x.xlsx', 'Tổ thư ký'), /không phải là sổ tính Excel/);

  // The giải trình deadline holds the file as it holds a unit's package: refused whole once it has
  // passed, accepted after an extension.
  sec.services.calendar.set(id, 'giai_trinh', '2020-03-31', 'Tổ thư ký');
  const beforeLate = state();
  await assert.rejects(sec.services.rounds.importAnswers(id, filled, 'tra-loi.xlsx', 'Tổ thư ký'), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === 'locked', String(e));
    assert.match(e.message, /^Tệp "tra-loi\.xlsx" không được nhận: giai đoạn "[^"]+" đã hết hạn ngày 31\/03\/2020.*Không có gì thay đổi/);
    return true;
  });
  assert.deepEqual(state(), beforeLate, 'a late file writes nothing');
  sec.services.calendar.extend(id, 'giai_trinh', '2099-12-31', 'Đơn vị gửi muộn vì mất điện', 'Tổ thư ký');
  const result = await sec.services.rounds.importAnswers(id, filled, 'tra-loi.xlsx', 'Tổ thư ký');
  assert.deepEqual([result.answered, result.unchanged, result.blank, result.units], [2, 0, 1, ['SBN01', 'XP09']]);
  const q = sec.services.repos.explanations.get(id, xpId)!;
  assert.equal(q.status, 'answered');
  assert.equal(q.answer, 'Đơn vị đã gửi biên bản lấy ý kiến ngày 12/3.\nTài liệu bổ sung: bien-ban-lay-y-kien.pdf');
  assert.ok(q.answeredAt);
  assert.equal(sec.services.repos.explanations.forUnit(id, 'XP09').find((x) => x.criterionCode === '2.2.1')!.status, 'open', 'a blank row stays open');
  const hist = sec.services.repos.db.prepare("SELECT unit_code AS u, criterion_code AS c FROM history WHERE action = 'explanation.answer' ORDER BY u").all();
  assert.deepEqual(hist, [{ u: 'SBN01', c: '2.1.1' }, { u: 'XP09', c: '2.1.2' }]);
  assert.equal((await sec.services.rounds.importAnswers(id, filled, 'tra-loi.xlsx', 'Tổ thư ký')).unchanged, 2, 'the same file again changes nothing');

  // A later package from An still says "open" on An's machine: the unit's answer is kept.
  w.score(w.a, 'XP09', '2.3.1', 1000, 'Đủ');
  w.sync(w.a);
  assert.equal(sec.services.repos.explanations.get(id, xpId)!.status, 'answered');
  // The campaign package brings the answer to An's machine.
  w.hand(w.a);
  const mine = w.a.app.services.workspace.sheet(w.a.campaignId, 'XP09').rows.find((r) => r.code === '2.1.2')!.requests[0]!;
  assert.deepEqual([mine.status, mine.answer], ['answered', q.answer]);
}));

test('sheet names for units stay within 31 characters, without forbidden characters, and unique', () => {
  const taken = new Set<string>();
  const long = 'Ủy ban nhân dân phường Ninh Kiều: [khu vực I] / cũ?';
  const names = [sheetNameFor('XP01', long, taken), sheetNameFor('XP01', long, taken), sheetNameFor('XP01', long, taken), sheetNameFor("'Q1'", "'", taken)];
  for (const n of names) {
    assert.ok(n.length > 0 && n.length <= 31, n);
    assert.ok(!/[:\\/?*[\]]/.test(n) && !n.startsWith("'") && !n.endsWith("'"), n);
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  // A workbook with those names is written and read back by SheetJS.
  const wb = XLSX.utils.book_new();
  for (const n of names) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), n);
  assert.deepEqual(readBook(writeBook(wb)).SheetNames, names);
});

test('through the door: round/summary counts each round and the requests; the explanation list goes out and the answers come back; refusals change nothing', withWorld(async (w) => {
  const { sec, id } = w;
  const summary = () => ok(sec, 'round/summary', { campaignId: id });
  const before = await summary();
  assert.deepEqual([before.campaignId, before.current, before.openedAt, before.reason, before.openBlocked], [id, 1, null, '', '']);
  assert.deepEqual(before.rounds.map((r) => [r.round, r.state, r.proposals, r.members, r.decisions]), [[1, 'open', 0, 0, 0], [2, 'not_started', 0, 0, 0]]);
  assert.deepEqual([before.openRequests, before.answeredRequests], [0, 0]);

  roundOne(w);
  w.a.app.services.workspace.requestExplanation({ campaignId: w.a.campaignId, unitCode: 'XP09', criterionCode: '2.1.2', text: 'Đề nghị gửi biên bản lấy ý kiến' });
  w.sync(w.a);
  const one = await summary();
  assert.deepEqual([one.rounds[0]!.proposals, one.rounds[0]!.members, one.rounds[0]!.decisions, one.openRequests], [5, 2, 1, 1]);
  assert.equal(one.rounds[0]!.units.find((u) => u.unitCode === 'XP09')!.totalMilli, 1500 + 1000 + 1000);
  assert.equal(one.rounds[0]!.finals, sec.services.repos.scores.listByCampaign(id).filter((s) => s.pointsMilli !== null || s.notApplicable).length);

  const file = await ok(sec, 'explanation/exportForUnits', { campaignId: id });
  assert.deepEqual([file.units, file.requests], [1, 1]);
  assert.match(file.fileName, /^Yeu-cau-giai-trinh-\d{4}\.xlsx$/);
  const wb = readBook(Buffer.from(file.contentBase64, 'base64'));
  assert.deepEqual(wb.SheetNames, ['XP09 Xã Vĩnh Thạnh']);
  assert.deepEqual(rowsOf(wb.Sheets['XP09 Xã Vĩnh Thạnh']!)[7]!.slice(4, 6), ['Đề nghị gửi biên bản lấy ý kiến', 'Nguyễn Văn An']);
  const none = await refusal(sec, 'explanation/exportForUnits', { campaignId: id, unitCode: 'XP01' });
  assert.equal(none.code, 'not_found');
  assert.equal((await refusal(sec, 'explanation/exportForUnits', { campaignId: id, unitCode: '  ' })).code, 'invalid_input');

  // The unit answers in the file; the secretariat imports it.
  XLSX.utils.sheet_add_aoa(wb.Sheets['XP09 Xã Vĩnh Thạnh']!, [['Đơn vị đã gửi biên bản ngày 12/3.']], { origin: 'G8' });
  const filled = writeBook(wb).toString('base64');
  const requests = () => sec.db.prepare('SELECT id, status, answer FROM explanation_request ORDER BY id').all();
  const untouched = requests();
  const garbage = await refusal(sec, 'explanation/importAnswers', { campaignId: id, fileName: 'tra-loi.xlsx', contentBase64: Buffer.from('không phải xlsx').toString('base64') });
  assert.equal(garbage.code, 'import_invalid');
  const member = await refusal(w.a.app, 'explanation/importAnswers', { campaignId: w.a.campaignId, fileName: 'tra-loi.xlsx', contentBase64: filled });
  assert.deepEqual([member.code, member.key], ['forbidden', 'roles.secretariatOnly']);
  assert.deepEqual(requests(), untouched, 'a refused file writes nothing');
  const result = await ok(sec, 'explanation/importAnswers', { campaignId: id, fileName: 'tra-loi.xlsx', contentBase64: filled });
  assert.deepEqual([result.campaignId, result.answered, result.unchanged, result.blank, result.units], [id, 1, 0, 0, ['XP09']]);
  assert.deepEqual(requests().map((r) => (r as { status: string }).status), ['answered']);
  const answered = await summary();
  assert.deepEqual([answered.openRequests, answered.answeredRequests], [0, 1]);

  // Round 2 opened: the summary says when and why, and keeps round 1 closed beside it.
  await ok(sec, 'round/open', { campaignId: id, reason: 'Các đơn vị đã giải trình' });
  const two = await summary();
  assert.deepEqual([two.current, two.reason, typeof two.openedAt, two.rounds.map((r) => r.state)], [2, 'Các đơn vị đã giải trình', 'string', ['closed', 'open']]);
  assert.equal((await refusal(sec, 'round/summary', { campaignId: 999 })).code, 'not_found');
}));
