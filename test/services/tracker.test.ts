// The secretariat's tracker over real machines, each in its own data folder: the secretariat (two sets,
// six units), two units that self-assess and send signed packages (one partly, one fully), two members
// (one with proposals sent, a unit recused by its agency; one restricted to a unit, nothing sent). The
// counts are checked against the unit's own sheet, the flags against the calendar as the clock moves, and
// the .xlsx is read back with SheetJS and printed by LibreOffice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { PRINTABLE_WIDTH } from '../../electron/annex/xlsx/working.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { tracker, trackerWorkbook } from '../../electron/services/tracker.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { vietnamTime } from '../../shared/calendar.js';
import type { Tracker } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { ARTEFACTS, libreOfficeToPdf, pdfInfo, pdfPages, renderPage, squeeze } from '../annex/support.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const SEC = 'Tổ thư ký';
const points = (pointsMilli: number) => ({ kind: 'points' as const, pointsMilli });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

interface World {
  sec: AppCore;
  id: number;
  dir: string;
  setNow(iso: string): void;
  open(name: string): AppCore;
}

function withWorld(fn: (w: World) => Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    let now = new Date('2026-03-10T02:00:00Z');
    const apps: AppCore[] = [];
    const open = (name: string) => {
      // Every machine of the world reads the same clock (a unit's machine holds its writes to the calendar too).
      const app = openApp({ dataDir: join(dir, name), host: 'cli', seedDemo: false, clock: () => now });
      apps.push(app);
      return app;
    };
    const sec = openApp({ dataDir: join(dir, 'sec'), host: 'cli', seedDemo: false, clock: () => now });
    apps.push(sec);
    try {
      const { campaignId } = sec.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), SEC, 'hai-cap.xlsx', false);
      await fn({ sec, id: campaignId, dir, open, setNow: (iso) => (now = new Date(iso)) });
    } finally {
      for (const a of apps) a.close();
      cleanup();
    }
  };
}

/** A unit machine set up from its unit package; returns its campaign id. */
function unitMachine(w: World, unitCode: string, name: string): { app: AppCore; campaignId: number } {
  const app = w.open(unitCode);
  const card = app.services.units.initSelf({ unitCode, name, agency: '' });
  w.sec.services.units.register(card, w.id, SEC);
  app.services.exchange.importPackage(w.sec.services.units.exportUnitPackage(w.id, unitCode).bytes, unitCode);
  return { app, campaignId: app.services.campaigns.list()[0]!.id };
}

function memberMachine(w: World, name: string, agency: string, areas: string[], units: string[]): { app: AppCore; uid: string } {
  const app = w.open(name);
  const identity = app.services.exchange.initSelf({ name, agency, role: 'Thành viên Hội đồng', kind: 'member' });
  w.sec.services.exchange.registerMember(identity, w.id, SEC);
  w.sec.services.workspace.assign({ campaignId: w.id, memberUid: identity.uid, areas, units }, SEC);
  return { app, uid: identity.uid };
}

const unitRow = (t: Tracker, code: string) => t.units.find((u) => u.unitCode === code)!;

test('the tracker counts each unit\'s package, self-scores, evidence and requests, and each member\'s proposals; late follows the calendar', withWorld(async (w) => {
  const { sec, id } = w;
  sec.services.calendar.set(id, 'tu_danh_gia', '2026-03-15', SEC);
  sec.services.calendar.set(id, 'tham_dinh_1', '2026-03-20', SEC);

  // Before anyone sent anything: every unit missing, nobody late, nobody registered.
  const empty = tracker(sec.services, id);
  assert.deepEqual(empty.units.map((u) => [u.unitCode, u.registered, u.packageAt, u.selfScored, u.leaves, u.late, u.missing]), [
    ['S1', false, null, 0, 9, false, true], ['S2', false, null, 0, 9, false, true], ['S3', false, null, 0, 9, false, true],
    ['X1', false, null, 0, 6, false, true], ['X2', false, null, 0, 6, false, true], ['X3', false, null, 0, 6, false, true],
  ]);
  assert.deepEqual(empty.members, []);

  // Members: An appraises areas 1 and 2 of the communes' set; her agency is Phường Cái Khế (X3), so she is
  // recused from it. Bình appraises area 1 of the departments' set, for Sở Nội vụ only.
  const an = memberMachine(w, 'Nguyễn Thị An', 'Phường Cái Khế', ['XA:1', 'XA:2'], []);
  memberMachine(w, 'Trần Văn Bình', '', ['SO:1'], ['S1']);

  // X1 self-scores part of its sheet: 1.1 with a file, 1.2 with an explanation, 4.1 with nothing behind it,
  // claims area 2 not applicable (its two leaves leave the count), leaves 5.1 empty.
  const x1 = unitMachine(w, 'X1', 'UBND phường An Hòa');
  const u = x1.app.services.units;
  u.setScore(x1.campaignId, '1.1', points(3000), undefined, 'X1');
  const file = join(w.dir, 'ke-hoach.pdf');
  writeFileSync(file, PDF);
  await x1.app.services.evidence.attachPath(x1.campaignId, 'X1', '1.1', file, 'X1');
  u.setScore(x1.campaignId, '1.2', points(2000), undefined, 'X1');
  u.setExplanation(x1.campaignId, '1.2', 'Đang bổ sung báo cáo tuyên truyền.', 'X1');
  u.setNotApplicable(x1.campaignId, '2', true, 'Phường không có đơn vị sự nghiệp và không sắp xếp tổ chức năm nay.', 'X1');
  u.setScore(x1.campaignId, '4.1', points(1000), undefined, 'X1');
  const sheet = u.sheet(x1.campaignId);
  assert.deepEqual([sheet.leaves, sheet.scored, sheet.documented], [4, 3, 2]);
  sec.services.exchange.importPackage(u.exportSelfPackage(x1.campaignId).bytes, SEC);

  // S1 self-scores every leaf with an explanation, and sends twice.
  const s1 = unitMachine(w, 'S1', 'Sở Nội vụ');
  for (const code of ['1.1', '1.2', '1.3', '2.1', '2.2', '4.1', '4.2', '5.1', '5.2']) {
    s1.app.services.units.setScore(s1.campaignId, code, points(0), undefined, 'S1');
    s1.app.services.units.setExplanation(s1.campaignId, code, 'Theo báo cáo năm.', 'S1');
  }
  sec.services.exchange.importPackage(s1.app.services.units.exportSelfPackage(s1.campaignId).bytes, SEC);
  s1.app.services.units.setScore(s1.campaignId, '1.1', points(1000), undefined, 'S1');
  sec.services.exchange.importPackage(s1.app.services.units.exportSelfPackage(s1.campaignId).bytes, SEC);

  // An proposes 3 of her 4 cells of area 1 and 1 of 4 of area 2, and asks X1 to explain 1.2.
  const uid = sec.services.campaigns.require(id).uid;
  an.app.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(id, null).bytes, 'An');
  const mid = an.app.services.campaigns.byUid(uid)!.id;
  const propose = (unitCode: string, criterionCode: string, pointsMilli: number) =>
    an.app.services.workspace.setProposal({ campaignId: mid, unitCode, criterionCode, input: points(pointsMilli), reason: 'Theo hồ sơ' });
  propose('X1', '1.1', 3000);
  propose('X1', '1.2', 1000);
  propose('X2', '1.1', 2000);
  propose('X2', '2.1', 5000);
  an.app.services.workspace.requestExplanation({ campaignId: mid, unitCode: 'X1', criterionCode: '1.2', text: 'Đề nghị gửi báo cáo tuyên truyền.' });
  sec.services.exchange.importPackage(an.app.services.exchange.exportMemberPackage(mid).bytes, SEC);

  const t = tracker(sec.services, id);
  const x1Row = unitRow(t, 'X1');
  assert.deepEqual({ ...x1Row, packageAt: typeof x1Row.packageAt }, {
    unitCode: 'X1', unitName: 'Phường An Hòa', groupName: 'UBND xã, phường', registered: true, packageAt: 'string', packages: 1,
    selfScored: 3, leaves: 4, evidence: 2, explanationsPending: 1, late: false, missing: true,
  });
  assert.deepEqual([unitRow(t, 'S1').packages, unitRow(t, 'S1').selfScored, unitRow(t, 'S1').leaves, unitRow(t, 'S1').evidence, unitRow(t, 'S1').missing], [2, 9, 9, 9, false]);
  assert.deepEqual([unitRow(t, 'S2').registered, unitRow(t, 'S2').packageAt, unitRow(t, 'S2').missing], [false, null, true]);
  // X2's 2.2 is marked not applicable by the council (the workbook's "KAD"): no one's to propose.
  assert.deepEqual(t.members.map((m) => [m.name, m.packageAt !== null, m.areas, m.late, m.missing]), [
    ['Nguyễn Thị An', true, [{ area: 'XA:1', proposed: 3, total: 4 }, { area: 'XA:2', proposed: 1, total: 3 }], false, true],
    ['Trần Văn Bình', false, [{ area: 'SO:1', proposed: 0, total: 3 }], false, true],
  ]);
  // The same figures as the consolidation dashboard's progress matrix, counted there cell by cell.
  const matrix = sec.services.consolidation.report(id).progress.map((p) => [p.memberName, p.areaCode, p.proposedLeaves, p.assignedLeaves]);
  assert.deepEqual(t.members.flatMap((m) => m.areas.map((a) => [m.name, a.area, a.proposed, a.total])).sort(), matrix.sort());

  // After the tự đánh giá deadline: units that sent nothing are late; X1 and S1 are not.
  w.setNow('2026-03-16T01:00:00Z');
  const afterSelf = tracker(sec.services, id);
  assert.deepEqual(afterSelf.units.filter((x) => x.late).map((x) => x.unitCode), ['S2', 'S3', 'X2', 'X3']);
  assert.deepEqual(afterSelf.members.map((m) => m.late), [false, false]);
  // After the round's appraisal deadline: members with cells left are late.
  w.setNow('2026-03-21T01:00:00Z');
  assert.deepEqual(tracker(sec.services, id).members.map((m) => m.late), [true, true]);

  // The same through the contract, and a unit machine cannot ask for it.
  const viaContract = await sec.dispatch('tracker/get', { campaignId: id }, { actor: SEC });
  assert.ok(viaContract.ok);
  const refused = await x1.app.dispatch('tracker/get', { campaignId: x1.campaignId }, { actor: 'X1' });
  assert.equal(refused.ok, false);

  // The workbook: two sheets, the rows as on screen, dates in Vietnam time.
  const out = trackerWorkbook(sec.services, id);
  assert.equal(out.fileName, 'theo-doi-tien-do-2025.xlsx');
  const book = XLSX.read(out.bytes);
  assert.deepEqual(book.SheetNames, ['Đơn vị', 'Thành viên']);
  const unitsSheet = XLSX.utils.sheet_to_json<Array<string | number>>(book.Sheets['Đơn vị']!, { header: 1, defval: '' });
  const header = unitsSheet.findIndex((r) => r[0] === 'Mã');
  assert.ok(header > 0, 'a title above the table');
  const x1Line = unitsSheet.find((r) => r[0] === 'X1')!;
  assert.deepEqual(x1Line, ['X1', 'Phường An Hòa', 'UBND xã, phường', 'Có', vietnamTime(new Date(x1Row.packageAt!)), 1, '3/4', '2/3', 1, '', 'Có']);
  assert.match(String(x1Line[4]), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  assert.deepEqual(unitsSheet.find((r) => r[0] === 'S2'), ['S2', 'Sở Tư pháp', 'Sở, ban, ngành', '', 'Chưa có', 0, '0/9', '0/0', 0, 'Có', 'Có']);
  const membersSheet = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Thành viên']!, { header: 1, defval: '' });
  assert.deepEqual(membersSheet.find((r) => r[0] === 'Nguyễn Thị An')!.slice(2), ['Lĩnh vực XA:1: 3/4\nLĩnh vực XA:2: 1/3', 'Có', 'Có']);
  assert.deepEqual(membersSheet.find((r) => r[0] === 'Trần Văn Bình')!.slice(1), ['Chưa có', 'Lĩnh vực SO:1: 0/3', 'Có', 'Có']);

  // As the other working workbooks print: fonts of 11 pt or more, wrapped bordered cells, the header row
  // frozen, A4 landscape, columns that fit the page without shrinking.
  const files = unzipSync(out.bytes);
  const styles = strFromU8(files['xl/styles.xml']!);
  assert.ok([...styles.matchAll(/<sz val="([\d.]+)"\/>/g)].every((m) => Number(m[1]) >= 11), 'no font under 11 pt');
  for (const [sheet, columns] of [[1, 11], [2, 5]] as const) {
    const xml = strFromU8(files[`xl/worksheets/sheet${sheet}.xml`]!);
    assert.match(xml, /<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(xml, /<pageSetup paperSize="9" orientation="landscape"/);
    const widths = [...xml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.equal(widths.length, columns);
    assert.ok(widths.reduce((n, w) => n + w, 0) <= PRINTABLE_WIDTH.landscape + 1 + columns, `sheet ${sheet} fits A4 landscape at full size`);
  }
  assert.match(styles, /wrapText="1"/);

  // Printed: A4 landscape, both sheets, the Vietnamese intact.
  mkdirSync(ARTEFACTS, { recursive: true });
  const xlsxFile = join(ARTEFACTS, 'tracker.xlsx');
  writeFileSync(xlsxFile, out.bytes);
  const [pdf] = libreOfficeToPdf([xlsxFile], ARTEFACTS);
  const pages = pdfPages(pdf!);
  assert.equal(pages.length, 2, 'one page per sheet');
  assert.match(pdfInfo(pdf!)['Page size'] ?? '', /^841\.\d+ x 595\.\d+ pts/);
  assert.ok(squeeze(pages[0]!).includes(squeeze('Theo dõi tiến độ — Thẩm định CCHC 2025 (hai cấp): các đơn vị tự đánh giá')));
  assert.ok(squeeze(pages[0]!).includes('PhườngAnHòa'));
  assert.ok(squeeze(pages[1]!).includes(squeeze('Lĩnh vực XA:1: 3/4')));
  renderPage(pdf!, 1, join(ARTEFACTS, 'tracker-units.png'), 60);
  renderPage(pdf!, 2, join(ARTEFACTS, 'tracker-members.png'), 60);
}));

test('where no unit uses a unit machine (none registered), no unit is late for a package: their self-assessment came in the workbook', withWorld(async (w) => {
  const { sec, id } = w;
  sec.services.calendar.set(id, 'tu_danh_gia', '2026-03-15', SEC);
  w.setNow('2026-03-16T01:00:00Z');
  const t = tracker(sec.services, id);
  assert.ok(t.units.length > 0 && t.units.every((u) => !u.registered && u.packageAt === null), 'nobody registered, nothing sent');
  assert.deepEqual(t.units.filter((u) => u.late).map((u) => u.unitCode), [], 'nobody is late');
  assert.ok(t.units.every((u) => u.missing), 'still listed as missing their package');
}));

test('the tracker of an unknown campaign is refused with not_found', withWorld(async ({ sec }) => {
  assert.throws(() => tracker(sec.services, 999), (e: unknown) => e instanceof AppError && e.code === 'not_found');
}));
