// Unit packages run in the job worker: the secretariat's package for one unit (--for-unit) and the unit's
// signed self-assessment are made there with progress and carry what the services make on the main
// thread; the command line's pinning import runs there too, and a refused package (here: replayed)
// changes nothing.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CallContext, Input, Method, Output, FilePayload, Progress } from '../../shared/contract.js';
import { ok } from '../dispatch.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { readPackage } from '../../electron/exchange/container.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';
import { hashRows } from './support.js';

const ACTOR = 'Kiểm thử';
const folders: Array<() => void> = [];
const apps: AppCore[] = [];
after(() => {
  apps.forEach((a) => a.close());
  folders.forEach((cleanup) => cleanup());
});

/** Every call as this test's caller, with a job's progress and id where given. */
const call = <M extends Method>(app: AppCore, method: M, input: Input<M>, ctx: Partial<Pick<CallContext, 'progress' | 'jobId'>> = {}): Promise<Output<M>> =>
  ok(app, method, input, { actor: ACTOR, ...ctx });

/** The payload as JSON, and the manifest without what differs between two exports (sequence, time). */
function contentOf(file: FilePayload) {
  const pkg = readPackage(Buffer.from(file.contentBase64, 'base64'));
  const { sequence: _s, createdAt: _c, payloadSha256: _h, ...manifest } = pkg.manifest;
  return { manifest, payload: JSON.parse(Buffer.from(pkg.payloadBytes).toString('utf8')) as unknown };
}

async function machines(): Promise<{ sec: AppCore; unit: AppCore; campaignId: number; unitCampaignId: number }> {
  const t = tempDir('par-jobs-unit-');
  folders.push(t.cleanup);
  // The command line's core: `package/importPinning` is the command line's import.
  const sec = openApp({ dataDir: join(t.dir, 'sec'), host: 'cli', seedDemo: false });
  const unit = openApp({ dataDir: join(t.dir, 'x1'), host: 'cli', seedDemo: false });
  apps.push(sec, unit);
  const { campaignId } = await call(sec, 'workbook/import', { fileName: 'dot.xlsx', contentBase64: workbookBuffer(twoSetWorkbook()).toString('base64') });
  await call(unit, 'unitIdentity/create', { unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
  const pub = await call(unit, 'unitIdentity/export', {});
  await call(sec, 'unitIdentity/register', { campaignId, fileName: pub.fileName, contentBase64: pub.contentBase64 });
  const pkg = await call(sec, 'package/export', { campaignId, forUnit: 'X1' });
  const seen: Progress[] = [];
  const atUnit = await call(unit, 'package/importPinning', { fileName: pkg.fileName, contentBase64: pkg.contentBase64 }, { progress: (p) => seen.push(p) });
  assert.equal(seen[0]?.phase, 'Đang kiểm tra chữ ký và nhập gói…', 'the pinning import ran as a job');
  return { sec, unit, campaignId, unitCampaignId: atUnit.campaignId };
}

test('the package for one unit and the unit\'s self-assessment are made in the worker, and carry what the services make', async () => {
  const { sec, unit, campaignId, unitCampaignId } = await machines();
  await call(unit, 'self/set', { campaignId: unitCampaignId, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3500 } });
  await call(unit, 'self/setExplanation', { campaignId: unitCampaignId, criterionCode: '1.1', explanation: 'Đã ban hành kế hoạch đúng hạn.' });

  const forUnitSeen: Progress[] = [];
  const forUnit = await call(sec, 'package/export', { campaignId, forUnit: 'X1' }, { progress: (p) => forUnitSeen.push(p) });
  assert.equal(forUnitSeen[0]?.phase, 'Đang tạo gói…');
  const forUnitOnMain = sec.services.units.exportUnitPackage(campaignId, 'X1');
  assert.deepEqual(contentOf(forUnit), contentOf({ fileName: forUnitOnMain.fileName, contentBase64: forUnitOnMain.bytes.toString('base64') }));

  const selfSeen: Progress[] = [];
  const self = await call(unit, 'package/export', { campaignId: unitCampaignId }, { progress: (p) => selfSeen.push(p) });
  assert.equal(selfSeen[0]?.phase, 'Đang tạo gói…');
  assert.match(self.fileName, /^tu-danh-gia-x1-2025-\d{3}\.parpkg$/);
  const selfOnMain = unit.services.units.exportSelfPackage(unitCampaignId);
  assert.deepEqual(contentOf(self), contentOf({ fileName: selfOnMain.fileName, contentBase64: selfOnMain.bytes.toString('base64') }));

  // The secretariat imports the worker's package in its own worker; the same file again is a replay, refused, nothing changed.
  const importSeen: Progress[] = [];
  const summary = await call(sec, 'package/import', { fileName: self.fileName, contentBase64: self.contentBase64 }, { progress: (p) => importSeen.push(p) });
  assert.equal(importSeen[0]?.phase, 'Đang kiểm tra chữ ký và nhập gói…');
  assert.notEqual(summary.kind, 'confirm');
  const before = hashRows(sec.info.dbPath);
  const replay = await sec.dispatch('package/import', { fileName: self.fileName, contentBase64: self.contentBase64 }, { actor: ACTOR });
  assert.equal(replay.ok, false, JSON.stringify(replay));
  assert.equal(hashRows(sec.info.dbPath), before);
});
