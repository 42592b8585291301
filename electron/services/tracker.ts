// The secretariat's tracker: per unit, the self-assessment package received (when), self-scored n/N,
// evidence n/N, explanations pending; per member, proposals n/N per area; "late" and "missing" flags.
// The counting is SQL (repos/tracker-repo.ts); here the calendar decides what is late.

import { appraisalPhase, vietnamTime } from '../../shared/calendar.js';
import type { Tracker, TrackerMember, TrackerUnit } from '../../shared/contract.js';
import { displayArea } from '../../shared/criteria-sets.js';
import { APP_NAME } from '../annex/xlsx/layout.js';
import { writeWorkingWorkbook, type WorkColumn } from '../annex/xlsx/working.js';
import type { Services } from '../core/app.js';

export function tracker(s: Services, campaignId: number): Tracker {
  s.campaigns.require(campaignId);
  const r = s.repos;
  const calendar = s.calendar.get(campaignId);
  const closed = (phase: string) => calendar.phases.find((p) => p.phase === phase)?.closed ?? false;
  const selfClosed = closed('tu_danh_gia');

  const rows = r.tracker.units(campaignId);
  // Units send packages only where the province uses unit machines (some unit is registered); elsewhere their
  // self-assessment came in the campaign workbook, and no unit is late for a package nobody expects.
  const packagesExpected = rows.some((u) => u.registered);
  const units = rows.map((u): TrackerUnit => ({
    unitCode: u.unitCode, unitName: u.unitName, groupName: u.groupName, registered: u.registered,
    packageAt: u.packageAt, packages: u.packages, selfScored: u.selfScored, leaves: u.leaves, evidence: u.documented,
    explanationsPending: u.explanationsPending,
    late: selfClosed && packagesExpected && u.packageAt === null,
    missing: u.packageAt === null || u.selfScored < u.leaves || u.documented < u.selfScored,
  }));

  const round = r.rounds.stateOf(campaignId).round;
  const appraisalClosed = closed(appraisalPhase(round));
  const model = { sets: r.criteria.sets(campaignId) };
  const areasOf = new Map<string, TrackerMember['areas']>();
  for (const a of r.tracker.memberAreas(campaignId, round)) {
    const list = areasOf.get(a.memberUid) ?? [];
    list.push({ area: displayArea(model, a.area), proposed: a.proposed, total: a.total });
    areasOf.set(a.memberUid, list);
  }
  const received = r.exchange.receivedBy(campaignId, 'member');
  const members = r.members
    .list()
    .filter((m) => !m.isSelf && m.kind === 'member')
    .map((m): TrackerMember => {
      const areas = (areasOf.get(m.uid) ?? []).sort((a, b) => a.area.localeCompare(b.area, 'vi', { numeric: true }));
      const left = areas.some((a) => a.proposed < a.total);
      return { uid: m.uid, name: m.name, packageAt: received.get(m.uid)?.lastAt ?? null, areas, late: appraisalClosed && left, missing: left };
    });
  return { campaignId, units, members };
}

const when = (iso: string | null): string => (iso === null ? 'Chưa có' : vietnamTime(new Date(iso)));
const yes = (flag: boolean): string => (flag ? 'Có' : '');

const UNIT_COLUMNS: WorkColumn[] = [
  { header: 'Mã', width: 8, align: 'center' },
  { header: 'Đơn vị', width: 24, align: 'left' },
  { header: 'Nhóm', width: 16, align: 'left' },
  { header: 'Đã đăng ký khóa', width: 10, align: 'center' },
  { header: 'Gói tự đánh giá gần nhất', width: 15, align: 'center' },
  { header: 'Số gói', width: 7, align: 'center' },
  { header: 'Tự chấm', width: 9, align: 'center' },
  { header: 'Có kiểm chứng / giải trình', width: 12, align: 'center' },
  { header: 'Giải trình chờ trả lời', width: 10, align: 'center' },
  { header: 'Trễ hạn', width: 8, align: 'center' },
  { header: 'Còn thiếu', width: 8, align: 'center' },
];

const MEMBER_COLUMNS: WorkColumn[] = [
  { header: 'Thành viên', width: 26, align: 'left' },
  { header: 'Gói gần nhất', width: 16, align: 'center' },
  { header: 'Đề xuất theo lĩnh vực (đã đề xuất / được giao)', width: 48, align: 'left' },
  { header: 'Trễ hạn', width: 8, align: 'center' },
  { header: 'Còn thiếu', width: 8, align: 'center' },
];

/** The tracker as .xlsx: "Đơn vị" and "Thành viên", printed on A4 landscape like the other working workbooks. */
export function trackerWorkbook(s: Services, campaignId: number): { fileName: string; bytes: Buffer } {
  const c = s.campaigns.require(campaignId);
  const t = tracker(s, campaignId);
  const round = s.repos.rounds.stateOf(campaignId).round;
  const heading = `Theo dõi tiến độ — ${c.name}`;
  const stamp = `Lập lúc ${vietnamTime(new Date())} (giờ Việt Nam)`;
  const bytes = writeWorkingWorkbook(
    [
      {
        name: 'Đơn vị',
        top: [
          { kind: 'title', cells: [`${heading}: các đơn vị tự đánh giá`] },
          { kind: 'note', cells: [`${stamp} · ${t.units.length} đơn vị · trễ hạn ${t.units.filter((u) => u.late).length} · còn thiếu ${t.units.filter((u) => u.missing).length}`] },
          { kind: 'line', cells: [] },
        ],
        columns: UNIT_COLUMNS,
        rows: t.units.map((u) => [
          u.unitCode, u.unitName, u.groupName, yes(u.registered), when(u.packageAt), u.packages,
          `${u.selfScored}/${u.leaves}`, `${u.evidence}/${u.selfScored}`, u.explanationsPending, yes(u.late), yes(u.missing),
        ]),
        landscape: true,
        autoFilter: true,
        footer: heading,
      },
      {
        name: 'Thành viên',
        top: [
          { kind: 'title', cells: [`${heading}: đề xuất của thành viên (vòng ${round})`] },
          { kind: 'note', cells: [`${stamp} · ${t.members.length} thành viên · trễ hạn ${t.members.filter((m) => m.late).length} · còn thiếu ${t.members.filter((m) => m.missing).length}`] },
          { kind: 'line', cells: [] },
        ],
        columns: MEMBER_COLUMNS,
        rows: t.members.map((m) => [
          m.name, when(m.packageAt), m.areas.length === 0 ? 'Chưa được giao lĩnh vực' : m.areas.map((a) => `Lĩnh vực ${a.area}: ${a.proposed}/${a.total}`).join('\n'), yes(m.late), yes(m.missing),
        ]),
        landscape: true,
        autoFilter: true,
        footer: heading,
      },
    ],
    { title: heading, subject: c.name, creator: APP_NAME },
  );
  return { fileName: `theo-doi-tien-do-${c.year}.xlsx`, bytes };
}
