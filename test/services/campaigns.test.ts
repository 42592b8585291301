// The campaigns domain through the door (shared/contract/campaigns.ts): which campaign a call without one
// means, the units list with its progress, and the campaign workbook written back out. A real SQLite file
// in a temp folder, campaigns imported from real .xlsx files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { ok, refusal } from '../dispatch.js';
import { smallWorkbook, tempDir, workbookBuffer, type WorkbookSheets } from '../helpers.js';

function withApp(fn: (app: AppCore) => Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
    try {
      await fn(app);
    } finally {
      app.close();
      cleanup();
    }
  };
}

const importBook = async (app: AppCore, sheets: WorkbookSheets): Promise<number> =>
  (await ok(app, 'workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(sheets).toString('base64') })).campaignId;

test('campaign/resolve: no campaign named means the newest; a named one is that one; none or an unknown one is refused', withApp(async (app) => {
  const none = await refusal(app, 'campaign/resolve', {});
  assert.deepEqual([none.code, none.key], ['not_found', 'campaign.none']);

  const first = await importBook(app, smallWorkbook());
  const second = await importBook(app, { ...smallWorkbook(), 'Đợt': [['Thuộc tính', 'Giá trị'], ['Tên', 'Đợt thứ hai'], ['Năm', 2025], ['Cơ quan', 'UBND tỉnh Thử']] });
  assert.notEqual(first, second);
  const newest = await ok(app, 'campaign/resolve', {});
  assert.deepEqual([newest.id, newest.name, newest.year], [second, 'Đợt thứ hai', 2025]);
  const named = await ok(app, 'campaign/resolve', { campaignId: first });
  assert.deepEqual([named.id, named.name, named.year, named.issuer], [first, 'Đợt thử nghiệm', 2024, 'UBND tỉnh Thử']);

  const unknown = await refusal(app, 'campaign/resolve', { campaignId: 999 });
  assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound']);
  assert.equal((await refusal(app, 'campaign/resolve', { campaignId: 'một' })).code, 'invalid_input');
}));

test('unit/list: every unit with its group and how many of its leaves are scored, following each write', withApp(async (app) => {
  const id = await importBook(app, smallWorkbook());
  const progress = async () => (await ok(app, 'unit/list', { campaignId: id })).map((u) => [u.code, u.name, u.groupCode, u.groupName, u.scoredLeaves, u.totalLeaves]);
  // Six leaves (1.1.1, 1.1.2, 1.2, 2.1, 3, 4). S3's area 1 is not applicable ("KAD"): its three leaves
  // leave the count, 2.1 and 3 are scored.
  assert.deepEqual(await progress(), [
    ['S1', 'Sở Tư pháp', 'S', 'Sở, ban, ngành', 4, 6],
    ['S2', 'Sở Y tế', 'S', 'Sở, ban, ngành', 4, 6],
    ['S3', 'Sở Tài chính', 'S', 'Sở, ban, ngành', 2, 3],
    ['X1', 'Phường Ninh Kiều', 'X', 'UBND xã, phường', 1, 6],
  ]);
  await ok(app, 'score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.1.2', pointsMilli: 2000 });
  assert.deepEqual((await progress()).find((u) => u[0] === 'X1'), ['X1', 'Phường Ninh Kiều', 'X', 'UBND xã, phường', 2, 6]);

  assert.deepEqual(await refusal(app, 'unit/list', { campaignId: 999 }).then((e) => [e.code, e.key]), ['not_found', 'campaign.notFound']);
  assert.equal((await refusal(app, 'unit/list', {})).code, 'invalid_input');
}));

test('workbook/export: the campaign as a workbook that reads back to the same content, a score written since included', withApp(async (app) => {
  const id = await importBook(app, smallWorkbook());
  await ok(app, 'score/set', { campaignId: id, unitCode: 'X1', criterionCode: '1.2', pointsMilli: 1500 });
  const file = await ok(app, 'workbook/export', { campaignId: id });
  assert.equal(file.fileName, 'Đợt-thử-nghiệm.xlsx');
  const back = parseCampaignWorkbook(Buffer.from(file.contentBase64, 'base64'));
  assert.deepEqual(back, app.services.campaigns.content(id));
  assert.deepEqual(back.scores.find((s) => s.unitCode === 'X1' && s.criterionCode === '1.2')?.pointsMilli, 1500);

  // Imported as a copy into another machine it gives the same units list.
  const other = tempDir();
  const copy = openApp({ dataDir: other.dir, host: 'browser', seedDemo: false });
  try {
    const copied = (await ok(copy, 'workbook/import', { fileName: file.fileName, contentBase64: file.contentBase64 })).campaignId;
    assert.deepEqual(await ok(copy, 'unit/list', { campaignId: copied }), await ok(app, 'unit/list', { campaignId: id }));
  } finally {
    copy.close();
    other.cleanup();
  }

  assert.equal((await refusal(app, 'workbook/export', { campaignId: 999 })).code, 'not_found');
  assert.equal((await refusal(app, 'workbook/export', { campaignId: -1 })).code, 'invalid_input');
}));
