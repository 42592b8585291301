// The units' side through the door (shared/contract/units.ts), with a secretariat and a unit in their own
// data folders exchanging real signed packages: the unit machine's own identity card, the units the
// secretariat registered with what each sent, and the tracker's workbook. Real SQLite files, real .xlsx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { ok, refusal } from '../dispatch.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const SEC = 'Tổ thư ký';

interface World {
  sec: AppCore;
  id: number;
  /** A fresh machine in its own data folder. */
  open(name: string): AppCore;
}

function withWorld(fn: (w: World) => Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const apps: AppCore[] = [];
    const open = (name: string) => {
      const app = openApp({ dataDir: join(dir, name), host: 'cli', seedDemo: false });
      apps.push(app);
      return app;
    };
    const sec = open('sec');
    try {
      const { campaignId } = sec.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), SEC, 'hai-cap.xlsx', false);
      await fn({ sec, id: campaignId, open });
    } finally {
      for (const a of apps) a.close();
      cleanup();
    }
  };
}

test('unitIdentity/self: nothing on a machine without a unit profile; the card, without its private key, once the unit made one', withWorld(async (w) => {
  assert.equal(await ok(w.sec, 'unitIdentity/self', {}), null);
  const unit = w.open('X1');
  assert.equal(await ok(unit, 'unitIdentity/self', {}), null);
  const made = await ok(unit, 'unitIdentity/create', { unitCode: 'X1', name: 'UBND phường An Hòa', agency: 'Thành phố Cần Thơ' });
  const card = await ok(unit, 'unitIdentity/self', {});
  assert.deepEqual(card, made);
  assert.deepEqual([card?.kind, card?.unitCode, card?.name, card?.agency], ['unit', 'X1', 'UBND phường An Hòa', 'Thành phố Cần Thơ']);
  assert.match(card!.publicKey, /^-----BEGIN PUBLIC KEY-----/);
  assert.ok(!JSON.stringify(card).includes('PRIVATE'), 'the card carries no private key');
  assert.match(card!.fingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  assert.equal((await refusal(unit, 'unitIdentity/self', 42)).code, 'invalid_input');
}));

test('unitIdentity/list: the registered units with their name in the campaign and the packages each sent', withWorld(async (w) => {
  const { sec, id } = w;
  assert.deepEqual(await ok(sec, 'unitIdentity/list', { campaignId: id }), []);
  const unit = w.open('X1');
  await ok(unit, 'unitIdentity/create', { unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
  const pub = await ok(unit, 'unitIdentity/export', {});
  const registered = await ok(sec, 'unitIdentity/register', { campaignId: id, fileName: pub.fileName, contentBase64: pub.contentBase64 });
  const before = await ok(sec, 'unitIdentity/list', { campaignId: id });
  assert.deepEqual(before.map((u) => ({ ...u, registeredAt: typeof u.registeredAt })), [
    { uid: registered.uid, unitCode: 'X1', unitName: 'Phường An Hòa', name: 'UBND phường An Hòa', fingerprint: pub.fingerprint, registeredAt: 'string', lastPackageAt: null, packages: 0 },
  ]);

  // The unit receives its package, self-scores a leaf and sends its own back, twice.
  unit.services.exchange.importPackage(sec.services.units.exportUnitPackage(id, 'X1').bytes, 'X1');
  const unitCampaign = unit.services.campaigns.list()[0]!.id;
  for (const pointsMilli of [3000, 4000]) {
    await ok(unit, 'self/set', { campaignId: unitCampaign, criterionCode: '1.1', input: { kind: 'points', pointsMilli } });
    sec.services.exchange.importPackage(unit.services.units.exportSelfPackage(unitCampaign).bytes, SEC);
  }
  const after = await ok(sec, 'unitIdentity/list', { campaignId: id });
  assert.equal(after[0]!.packages, 2);
  assert.ok(after[0]!.lastPackageAt !== null && !Number.isNaN(Date.parse(after[0]!.lastPackageAt)));
  // Without a campaign: the same units, no campaign's name or packages.
  assert.deepEqual((await ok(sec, 'unitIdentity/list', { campaignId: null })).map((u) => [u.unitCode, u.unitName, u.packages]), [['X1', '', 0]]);
  const unknown = await refusal(sec, 'unitIdentity/list', { campaignId: 999 });
  assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound'], 'a campaign that does not exist is not an empty list');

  assert.equal((await refusal(sec, 'unitIdentity/list', {})).code, 'invalid_input', 'the campaign is named, or null on purpose');
}));

test('tracker/export: the tracker on screen as a workbook of two sheets; refused on a unit\'s machine and for an unknown campaign', withWorld(async (w) => {
  const { sec, id } = w;
  const unit = w.open('S1');
  sec.services.units.register(unit.services.units.initSelf({ unitCode: 'S1', name: 'Sở Nội vụ', agency: '' }), id, SEC);
  unit.services.exchange.importPackage(sec.services.units.exportUnitPackage(id, 'S1').bytes, 'S1');
  const unitCampaign = unit.services.campaigns.list()[0]!.id;
  await ok(unit, 'self/set', { campaignId: unitCampaign, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 4000 } });
  sec.services.exchange.importPackage(unit.services.units.exportSelfPackage(unitCampaign).bytes, SEC);

  const screen = await ok(sec, 'tracker/get', { campaignId: id });
  const file = await ok(sec, 'tracker/export', { campaignId: id });
  assert.equal(file.fileName, 'theo-doi-tien-do-2025.xlsx');
  const book = XLSX.read(Buffer.from(file.contentBase64, 'base64'));
  assert.deepEqual(book.SheetNames, ['Đơn vị', 'Thành viên']);
  const rows = XLSX.utils.sheet_to_json<Array<string | number>>(book.Sheets['Đơn vị']!, { header: 1, defval: '' });
  const table = rows.slice(rows.findIndex((r) => r[0] === 'Mã') + 1);
  assert.deepEqual(table.map((r) => [r[0], r[1], r[3], r[5], r[6]]), screen.units.map((u) => [u.unitCode, u.unitName, u.registered ? 'Có' : '', u.packages, `${u.selfScored}/${u.leaves}`]));
  assert.deepEqual(table.find((r) => r[0] === 'S1')!.slice(0, 7).filter((_, i) => i !== 4), ['S1', 'Sở Nội vụ', 'Sở, ban, ngành', 'Có', 1, '1/9']);

  const onUnit = await refusal(unit, 'tracker/export', { campaignId: unitCampaign });
  assert.deepEqual([onUnit.code, onUnit.key], ['forbidden', 'roles.notOnUnit']);
  const unknown = await refusal(sec, 'tracker/export', { campaignId: 999 });
  assert.deepEqual([unknown.code, unknown.key], ['not_found', 'campaign.notFound']);
}));
