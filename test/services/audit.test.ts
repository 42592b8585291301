// The audit log: every decision, finalise/unlock, package import and survey import is found in the
// exported .xlsx (read back with SheetJS) and CSV, done through the real services of two machines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { localTime, writeAuditCsv } from '../../electron/workbook/write-audit.js';
import { valueText } from '../../electron/services/audit.js';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync as readText, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from '../../shared/i18n/vi.js';
import { en } from '../../shared/i18n/en.js';
import type { AuditItem, AuditPage, FilePayload, SurveyImportSummary } from '../../shared/contract.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'os-user' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`);
  return r.value as T;
}

interface World {
  sec: AppCore;
  id: number;
  memberPackage: Buffer;
  surveyFile: Buffer;
}

/** Secretariat and member machines; the member proposes, the secretariat imports, decides, imports a survey, finalises and unlocks. */
async function world(fn: (w: World) => Promise<void>): Promise<void> {
  const a = tempDir();
  const b = tempDir();
  const sec = openApp({ dataDir: a.dir, host: 'browser', seedDemo: false });
  const mem = openApp({ dataDir: b.dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId: id } = await call<{ campaignId: number }>(sec, 'workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(smallWorkbook()).toString('base64') });
    await call(mem, 'member/saveSelf', { name: 'Lê Văn Cường', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
    const identity = await call<FilePayload>(mem, 'identity/export', {});
    const registered = await call<{ uid: string }>(sec, 'identity/register', { campaignId: id, fileName: 'c.pub', contentBase64: identity.contentBase64 });
    await call(sec, 'member/assign', { campaignId: id, memberUid: registered.uid, areas: ['1'], units: [] });
    const campaignPackage = await call<FilePayload>(sec, 'package/export', { campaignId: id });
    // The first campaign package asks for the secretariat's fingerprint (checked by phone), then imports.
    const asked = await call<{ fingerprint: string }>(mem, 'package/import', campaignPackage);
    const imported = await call<{ campaignId: number }>(mem, 'package/import', { ...campaignPackage, confirmFingerprint: asked.fingerprint });
    await call(mem, 'proposal/set', { campaignId: imported.campaignId, unitCode: 'X1', criterionCode: '1.1.2', input: { kind: 'points', pointsMilli: 1250 }, reason: 'Đã thực hiện một phần' });
    const memberPackage = Buffer.from((await call<FilePayload>(mem, 'package/export', { campaignId: imported.campaignId })).contentBase64, 'base64');
    await call(sec, 'package/import', { fileName: 'goi.parpkg', contentBase64: memberPackage.toString('base64') });
    await call(sec, 'consolidation/decide', { campaignId: id, unitCode: 'S1', criterionCode: '1.2', pointsMilli: 1500, notApplicable: false, reason: 'Báo cáo quý IV nộp muộn' });
    const surveyFile = workbookBuffer({ 'Điều tra XHH': [['Mã đơn vị', '2.1', '4'], ['S1', 3.25, null], ['S2', null, '0,5']] });
    const s = await call<SurveyImportSummary>(sec, 'survey/import', { campaignId: id, fileName: 'sipas-2024.xlsx', contentBase64: surveyFile.toString('base64') });
    assert.equal(s.changed, 2);
    await call(sec, 'campaign/finalize', { campaignId: id });
    await call(sec, 'campaign/unlock', { campaignId: id, reason: '=1+2 sửa sai sót khảo sát' });
    await fn({ sec, id, memberPackage, surveyFile });
  } finally {
    sec.close();
    mem.close();
    a.cleanup();
    b.cleanup();
  }
}

function sheetRows(bytes: Buffer): string[][] {
  const wb = XLSX.read(bytes, { type: 'buffer' });
  assert.deepEqual(wb.SheetNames, ['Nhật ký thay đổi']);
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets['Nhật ký thay đổi']!, { header: 1, defval: '', raw: false });
}

test('every decision, finalise/unlock, package import and survey import is in the exported, re-read xlsx', () => world(async ({ sec, id, memberPackage, surveyFile }) => {
  const file = await call<FilePayload>(sec, 'audit/export', { campaignId: id, format: 'xlsx' });
  assert.match(file.fileName, /^Nhat-ky-thay-doi-2024\.xlsx$/);
  const rows = sheetRows(Buffer.from(file.contentBase64, 'base64'));
  assert.match(rows[0]![0]!, /^Nhật ký thay đổi — Đợt thử nghiệm/);
  const h = rows.findIndex((r) => r[0] === 'Thời gian');
  assert.deepEqual(rows[h], ['Thời gian', 'Người thực hiện', 'Hành động', 'Đơn vị', 'Tiêu chí', 'Giá trị cũ', 'Giá trị mới', 'Lý do', 'Nguồn']);
  const data = rows.slice(h + 1).map(([at, actor, action, unit, criterion, oldV, newV, reason, source]) => ({ at, actor, action, unit, criterion, oldV, newV, reason, source }));
  const find = (pred: (r: (typeof data)[number]) => boolean, what: string) => {
    const r = data.find(pred);
    assert.ok(r, `${what} not found in:\n${data.map((d) => Object.values(d).join(' | ')).join('\n')}`);
    return r;
  };
  const secName = sec.services.repos.members.self()!.name;
  const pkgSha = sha(memberPackage);
  find((r) => r.action === 'Nhập gói dữ liệu' && r.source === pkgSha, 'the member package import');
  // What the import applied is the secretariat's own row (the member's own history is kept apart, as theirs).
  find((r) => r.action === 'Nhập điểm đề xuất từ gói của thành viên' && r.actor === secName && r.reason.startsWith('Lê Văn Cường') && r.unit === 'X1 — Phường Ninh Kiều' && r.newV === '1,25' && r.source === pkgSha, "the member's proposal carried by the package");
  find((r) => r.action === 'Tổng hợp điểm thẩm định' && r.unit.startsWith('X1') && r.criterion === '1.1.2' && r.newV === '1,25' && r.source === pkgSha, 'the consolidated final from the package');
  const decided = find((r) => r.action === 'Quyết định điểm' && r.unit === 'S1 — Sở Tư pháp' && r.criterion === '1.2', 'the decision');
  assert.equal(decided.newV, '1,5');
  assert.equal(decided.reason, 'Báo cáo quý IV nộp muộn');
  assert.equal(decided.actor, secName);
  find((r) => r.action === 'Áp dụng quyết định vào điểm thẩm định' && r.criterion === '1.2' && r.oldV === '2' && r.newV === '1,5', 'the decision applied to the final');
  const surveySha = sha(surveyFile);
  const survey = find((r) => r.action === 'Nhập điểm ĐTXHH/thưởng/trừ' && r.unit.startsWith('S1') && r.criterion === '2.1', 'the survey import');
  assert.deepEqual([survey.oldV, survey.newV, survey.reason, survey.source], ['3,5', '3,25', 'Nhập kết quả ĐTXHH', `sipas-2024.xlsx (SHA-256 ${surveySha})`]);
  find((r) => r.action === 'Nhập điểm ĐTXHH/thưởng/trừ' && r.unit.startsWith('S2') && r.criterion === '4' && r.oldV === '' && r.newV === '0,5', 'the penalty import');
  find((r) => r.action === 'Tạo đợt đánh giá' && r.newV === 'bộ tiêu chí: 1; tiêu chí: 9; đơn vị: 4; dòng điểm: 12' && r.source === 'đợt.xlsx', 'the campaign created from a workbook');
  find((r) => r.action === 'Chốt kết quả' && r.oldV === 'Đang mở' && r.newV === 'Đã chốt', 'finalise');
  find((r) => r.action === 'Mở khóa kết quả' && r.reason === '=1+2 sửa sai sót khảo sát' && r.newV === 'Đang mở', 'unlock');
  // Oldest first, local time dd/mm/yyyy hh:mm.
  const stored = sec.db.prepare('SELECT at FROM history WHERE campaign_id = ? ORDER BY id').all(id) as Array<{ at: string }>;
  assert.equal(data.length, stored.length);
  assert.deepEqual(data.map((d) => d.at), stored.map((s) => localTime(s.at)));
  assert.match(data[0]!.at, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  // Printed A4 landscape, one page wide.
  const sheetXml = strFromU8(unzipSync(Buffer.from(file.contentBase64, 'base64'))['xl/worksheets/sheet1.xml']!);
  assert.match(sheetXml, /<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"\/>/);
  assert.match(sheetXml, /<sheetPr><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
}));

test('stored values read as a person would: points with a decimal comma, marks in words, objects as key: value', () => {
  assert.equal(valueText('survey.import', '1250'), '1,25');
  assert.equal(valueText('final.consolidate', '{"points":null,"na":true}'), 'Không áp dụng');
  assert.equal(valueText('final.decision', '{"points":null,"na":false}'), '(chưa có điểm)');
  assert.equal(valueText('decide', '{"pointsMilli":12500,"notApplicable":false}'), '12,5');
  assert.equal(valueText('score.notApplicable', 'true'), 'Không áp dụng');
  assert.equal(valueText('explanation.status', 'answered'), 'Đã trả lời');
  assert.equal(valueText('previous.import', '{"year":2023,"rows":20}'), 'năm: 2023; dòng: 20');
  assert.equal(valueText('unknown.action', '{"constructor":1,"__proto__":{"x":1}}'), 'constructor: 1; __proto__: {"x":1}');
  assert.equal(valueText('campaign.update', 'x'.repeat(600)).length, 501);
});

test('the CSV is UTF-8 with a BOM, quotes what needs it and defuses formulas; ";" by default for Vietnamese Excel, "," on request', () => world(async ({ sec, id }) => {
  const csv = async (separator?: ';' | ',') => {
    const file = await call<FilePayload>(sec, 'audit/export', { campaignId: id, format: 'csv', action: 'campaign.unlock', ...(separator ? { separator } : {}) });
    assert.match(file.fileName, /\.csv$/);
    const bytes = Buffer.from(file.contentBase64, 'base64');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    return bytes;
  };
  const comma = await csv(',');
  const lines = comma.toString('utf8').slice(1).split('\r\n');
  assert.equal(lines[0], 'Thời gian,Người thực hiện,Hành động,Đơn vị,Tiêu chí,Giá trị cũ,Giá trị mới,Lý do,Nguồn');
  assert.equal(lines.length, 3, 'one row and a final line break');
  assert.match(lines[1]!, /,Mở khóa kết quả,,,Đã chốt,Đang mở,'=1\+2 sửa sai sót khảo sát,$/);
  // Excel (through SheetJS) sees the text, not a formula.
  const wb = XLSX.read(comma.toString('utf8'), { type: 'string' });
  const cell = wb.Sheets[wb.SheetNames[0]!]!['H2'] as XLSX.CellObject;
  assert.equal(cell.t, 's');

  const semicolon = await csv();
  const rows = semicolon.toString('utf8').slice(1).split('\r\n');
  assert.equal(rows[0], 'Thời gian;Người thực hiện;Hành động;Đơn vị;Tiêu chí;Giá trị cũ;Giá trị mới;Lý do;Nguồn');
  assert.match(rows[1]!, /;Mở khóa kết quả;;;Đã chốt;Đang mở;'=1\+2 sửa sai sót khảo sát;$/);
  // Read with ";" as the separator, as Excel does on a Vietnamese-region PC: every column in place.
  const vi = XLSX.read(semicolon.toString('utf8'), { type: 'string', FS: ';' } as XLSX.ParsingOptions);
  const aoa = XLSX.utils.sheet_to_json<string[]>(vi.Sheets[vi.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
  assert.equal(aoa[0]!.length, 9);
  assert.deepEqual(aoa[1]!.slice(2, 8), ['Mở khóa kết quả', '', '', 'Đã chốt', 'Đang mở', "'=1+2 sửa sai sót khảo sát"]);
}));

test('CSV fields holding either separator, quotes or line breaks are quoted', () => {
  const item: AuditItem = {
    id: 1, at: '2024-03-01T08:00:00Z', actor: 'Lê Văn "Út"', action: 'decide', unitCode: 'S1', unitName: 'Sở Tư pháp; Sở Y tế',
    criterionCode: '1.2', oldText: '1,25', newText: '1,5', reason: 'dòng 1\ndòng 2', source: 'decide', sourceSha256: '',
  };
  for (const sep of [';', ','] as const) {
    const text = writeAuditCsv([item], sep).toString('utf8').slice(1);
    const wb = XLSX.read(text, { type: 'string', FS: sep } as XLSX.ParsingOptions);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
    assert.deepEqual(rows[1]!.slice(1, 8), ['Lê Văn "Út"', 'Quyết định điểm', 'S1 — Sở Tư pháp; Sở Y tế', '1.2', '1,25', '1,5', 'dòng 1\ndòng 2'], sep);
  }
});

test('the list filters by unit, criterion (with its children), actor, action and dates, and pages newest first', () => world(async ({ sec, id }) => {
  const list = (input: Record<string, unknown>) => call<AuditPage>(sec, 'audit/list', { campaignId: id, ...input });
  const all = await list({ limit: 500 });
  const stored = sec.db.prepare('SELECT id, unit_code AS u, criterion_code AS c, actor, action, at FROM history WHERE campaign_id = ? ORDER BY id DESC').all(id) as Array<{ id: number; u: string | null; c: string | null; actor: string; action: string; at: string }>;
  assert.equal(all.total, stored.length);
  assert.deepEqual(all.items.map((i) => i.id), stored.map((s) => s.id));
  assert.ok(all.actions.includes('survey.import') && all.actions.includes('package.import'));
  const secName = sec.services.repos.members.self()!.name;
  assert.ok(all.actors.includes(secName));

  const s1 = await list({ unitCode: 'S1', limit: 500 });
  assert.equal(s1.total, stored.filter((s) => s.u === 'S1').length);
  assert.ok(s1.items.every((i) => i.unitCode === 'S1' && i.unitName === 'Sở Tư pháp'));
  const area1 = await list({ criterionCode: '1', limit: 500 });
  assert.equal(area1.total, stored.filter((s) => s.c === '1' || s.c?.startsWith('1.')).length);
  assert.ok(area1.items.some((i) => i.criterionCode === '1.2') && area1.items.some((i) => i.criterionCode === '1.1.2'));
  const byMember = await list({ actor: secName, limit: 500 });
  assert.equal(byMember.total, stored.filter((s) => s.actor === secName).length);
  assert.ok(byMember.total > 0 && byMember.total < stored.length);
  const surveyOnly = await list({ action: 'survey.import' });
  assert.equal(surveyOnly.total, 2);
  assert.ok(surveyOnly.items.every((i) => i.sourceSha256.length === 64 && i.reason === 'Nhập kết quả ĐTXHH'));

  const future = await list({ from: '2999-01-01T00:00:00.000Z' });
  assert.equal(future.total, 0);
  const past = await list({ to: '2000-01-01T00:00:00+07:00' });
  assert.equal(past.total, 0);
  const around = await list({ from: stored.at(-1)!.at, to: new Date(Date.parse(stored[0]!.at) + 1).toISOString(), limit: 500 });
  assert.equal(around.total, stored.length);

  const page1 = await list({ offset: 0, limit: 3 });
  const page2 = await list({ offset: 3, limit: 3 });
  assert.equal(page1.items.length, 3);
  assert.deepEqual([...page1.items, ...page2.items].map((i) => i.id), stored.slice(0, 6).map((s) => s.id));
  const unitOnly = await call<FilePayload>(sec, 'audit/export', { campaignId: id, format: 'xlsx', unitCode: 'S2' });
  const rows = sheetRows(Buffer.from(unitOnly.contentBase64, 'base64'));
  const h = rows.findIndex((r) => r[0] === 'Thời gian');
  assert.equal(rows.length - h - 1, stored.filter((s) => s.u === 'S2').length);
  assert.ok(rows.slice(h + 1).every((r) => r[3] === 'S2 — Sở Y tế'));
  const bad = await sec.dispatch('audit/list', { campaignId: id, from: 'hôm qua' }, ctx);
  assert.equal(bad.ok, false);
}));

test('every history action a service writes has a Vietnamese (and English) label', () => {
  const dir = join(import.meta.dirname, '..', '..', 'electron', 'services');
  const actions = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    for (const line of readText(join(dir, f), 'utf8').split('\n')) {
      const at = line.search(/\baction: |_ACTION = /);
      if (at < 0) continue;
      const segment = line.slice(at).split(/unitCode|;/)[0]!;
      for (const m of segment.matchAll(/'([a-z]+(?:\.[a-zA-Z]+)?)'/g)) actions.add(m[1]!);
    }
  }
  for (const a of ['final.decision', 'final.consolidate', 'member.recuse', 'member.unrecuse', 'survey.import', 'decide', 'package.import']) assert.ok(actions.has(a), `scan found ${a}`);
  const missing = [...actions].filter((a) => !(`audit.action.${a}` in vi) || !(`audit.action.${a}` in en));
  assert.deepEqual(missing, [], 'actions without a label in shared/i18n');
});
