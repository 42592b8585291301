// The index rules as campaign settings, through the contract as the UI calls it: stored, logged in the
// audit log, refused once results are final, and followed by the ranking, the unit sheet and the annexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { exportsFolder, openApp, type AppCore } from '../../electron/core/app.js';
import type { Ranking } from '../../shared/calc.js';
import type { AuditPage, CampaignDetail, ExportedFile, FilePayload, UnitSheet } from '../../shared/contract.js';
import type { Campaign } from '../../shared/domain.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';
import { pdfPages } from '../annex/support.js';

const ctx = { actor: 'Tổ thư ký' };

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** The small workbook with S3 at 5 of 4 points (125 % uncapped), S1 and S2 tied at 90 %, and S4 at 10 %. */
function workbook(): Buffer {
  const wb = smallWorkbook();
  wb['Đơn vị'].push(['S4', 'Sở Xây dựng', 'S']);
  wb['Điểm'] = wb['Điểm'].map((r) => (r[0] === 'S3' && r[1] === '2.1' ? ['S3', '2.1', null, 4, null] : r));
  wb['Điểm'].push(['S4', '1.1.1', null, 1, null]);
  return workbookBuffer(wb);
}

const groupS = (r: Ranking) => r.groups.find((g) => g.code === 'S')!.rows.map((x) => [x.unitCode, x.indexHundredths, x.rank]);

test('the secretariat sets both rules: stored, logged with readable values, the ranking, the sheet and the annexes follow; refused once final', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(app, 'workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbook().toString('base64') });
    assert.deepEqual((await call<CampaignDetail>(app, 'campaign/get', { campaignId })).campaign.indexRules, { capIndex: true, tieRanking: 'competition' });
    assert.deepEqual(groupS(await call<Ranking>(app, 'ranking/get', { campaignId })), [['S3', 10000, 1], ['S1', 9000, 2], ['S2', 9000, 2], ['S4', 1000, 4]]);

    const bad = await app.dispatch('campaign/update', { campaignId, indexRules: { capIndex: false, tieRanking: '1-1-3' } }, ctx);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'invalid_input');

    const updated = await call<Campaign>(app, 'campaign/update', { campaignId, indexRules: { capIndex: false, tieRanking: 'dense' } });
    assert.deepEqual(updated.indexRules, { capIndex: false, tieRanking: 'dense' });
    assert.deepEqual((await call<CampaignDetail>(app, 'campaign/get', { campaignId })).campaign.indexRules, { capIndex: false, tieRanking: 'dense' });
    assert.deepEqual(groupS(await call<Ranking>(app, 'ranking/get', { campaignId })), [['S3', 12500, 1], ['S1', 9000, 2], ['S2', 9000, 2], ['S4', 1000, 3]]);
    assert.equal((await call<UnitSheet>(app, 'sheet/get', { campaignId, unitCode: 'S3' })).indexHundredths, 12500);

    const log = await call<AuditPage>(app, 'audit/list', { campaignId, action: 'campaign.indexRules' });
    assert.deepEqual(log.items.map((i) => [i.actor, i.oldText, i.newText]), [
      ['Tổ thư ký', 'giới hạn chỉ số 100%: có; xếp hạng khi bằng nhau: 1-2-2-4', 'giới hạn chỉ số 100%: không; xếp hạng khi bằng nhau: 1-1-2'],
    ]);
    // Saving the decision details alone logs no rule change.
    await call<Campaign>(app, 'campaign/update', { campaignId, decisionNo: '12/QĐ-UBND', indexRules: { capIndex: false, tieRanking: 'dense' } });
    assert.equal((await call<AuditPage>(app, 'audit/list', { campaignId, action: 'campaign.indexRules' })).items.length, 1);

    // The annexes print the uncapped index as it is: 125,00.
    // annex/export writes into the app's exports folder (a job, streamed) and answers the file's name there.
    const pdf = await call<ExportedFile>(app, 'annex/export', { campaignId, annex: 'all', format: 'pdf' });
    const pdfFile = join(exportsFolder(app.info.dataDir), pdf.fileName);
    const text = pdfPages(pdfFile).join('\n');
    assert.match(text, /Sở Tài chính[\s\S]*125,00/);
    const xlsx = await call<ExportedFile>(app, 'annex/export', { campaignId, annex: 'I', format: 'xlsx' });
    const sheet = XLSX.read(readFileSync(join(exportsFolder(app.info.dataDir), xlsx.fileName)), { type: 'buffer' });
    const cells = Object.values(sheet.Sheets[sheet.SheetNames[0]!]!).filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 't' in c);
    assert.ok(cells.some((c) => c.t === 'n' && c.v === 125), 'Phụ lục I holds 125 in the index column');

    await call<Campaign>(app, 'campaign/finalize', { campaignId });
    const locked = await app.dispatch('campaign/update', { campaignId, indexRules: { capIndex: true, tieRanking: 'dense' } }, ctx);
    assert.equal(!locked.ok && locked.error.code, 'locked');
    assert.deepEqual((await call<CampaignDetail>(app, 'campaign/get', { campaignId })).campaign.indexRules, { capIndex: false, tieRanking: 'dense' });
  } finally {
    app.close();
    cleanup();
  }
});

test('a campaign created from another takes its index rules', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(app, 'workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbook().toString('base64') });
    await call<Campaign>(app, 'campaign/update', { campaignId, indexRules: { capIndex: false, tieRanking: 'competition' } });
    const next = await call<Campaign>(app, 'campaign/create', { name: 'Năm sau', year: 2025, issuer: '', template: { kind: 'campaign', campaignId, copyUnits: false } });
    assert.deepEqual(next.indexRules, { capIndex: false, tieRanking: 'competition' });
    const bundled = await call<Campaign>(app, 'campaign/create', { name: 'Bộ mặc định', year: 2025, issuer: '', template: { kind: 'bundled' } });
    assert.deepEqual(bundled.indexRules, { capIndex: true, tieRanking: 'competition' });
  } finally {
    app.close();
    cleanup();
  }
});

test('the campaign package carries the rules, so a member\'s sheet shows the index the campaign publishes', async () => {
  const a = tempDir();
  const b = tempDir();
  const sec = openApp({ dataDir: a.dir, host: 'browser', seedDemo: false });
  const mem = openApp({ dataDir: b.dir, host: 'browser', seedDemo: false });
  try {
    const { campaignId } = await call<{ campaignId: number }>(sec, 'workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbook().toString('base64') });
    await call<Campaign>(sec, 'campaign/update', { campaignId, indexRules: { capIndex: false, tieRanking: 'dense' } });
    await call(mem, 'member/saveSelf', { name: 'Lê Văn Cường', agency: 'Sở Tư pháp', role: 'Thành viên', kind: 'member' });
    const identity = await call<FilePayload>(mem, 'identity/export', {});
    const registered = await call<{ uid: string }>(sec, 'identity/register', { campaignId, fileName: 'c.pub', contentBase64: identity.contentBase64 });
    await call(sec, 'member/assign', { campaignId, memberUid: registered.uid, areas: ['2'], units: [] });
    const campaignPackage = await call<FilePayload>(sec, 'package/export', { campaignId });
    const asked = await call<{ fingerprint: string }>(mem, 'package/import', campaignPackage);
    const imported = await call<{ campaignId: number }>(mem, 'package/import', { ...campaignPackage, confirmFingerprint: asked.fingerprint });
    assert.deepEqual((await call<CampaignDetail>(mem, 'campaign/get', { campaignId: imported.campaignId })).campaign.indexRules, { capIndex: false, tieRanking: 'dense' });
    // A later package with other rules updates them on the member's machine.
    await call<Campaign>(sec, 'campaign/update', { campaignId, indexRules: { capIndex: true, tieRanking: 'competition' } });
    await call(mem, 'package/import', await call<FilePayload>(sec, 'package/export', { campaignId }));
    assert.deepEqual((await call<CampaignDetail>(mem, 'campaign/get', { campaignId: imported.campaignId })).campaign.indexRules, { capIndex: true, tieRanking: 'competition' });
  } finally {
    sec.close();
    mem.close();
    a.cleanup();
    b.cleanup();
  }
});
