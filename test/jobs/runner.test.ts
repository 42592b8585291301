// Heavy operations run in the job worker: progress arrives in order, a cancel mid-way leaves the
// database and the exports folder as they were, a crashed worker answers a clear error, and writes on
// the main thread are refused (not blocked) while a writing job holds the database.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Progress } from '../../shared/contract.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { exportsFolder } from '../../electron/jobs/exports.js';
import { tempDir } from '../helpers.js';
import { hashRows, workbookOf } from './support.js';

const folders: Array<() => void> = [];
after(() => folders.forEach((cleanup) => cleanup()));

function core(options: Partial<Parameters<typeof openApp>[0]> = {}): AppCore {
  const t = tempDir('par-jobs-');
  folders.push(t.cleanup);
  return openApp({ dataDir: t.dir, host: 'browser', seedDemo: false, ...options });
}

const importInput = (bytes: Buffer, fileName = 'dot.xlsx') => ({ fileName, contentBase64: bytes.toString('base64') });

test('a workbook import runs in the worker and reports its steps in order', async () => {
  const app = core();
  const seen: Progress[] = [];
  const reply = await app.dispatch('workbook/import', importInput(workbookOf(20)), { actor: 'tester', progress: (p) => seen.push(p), jobId: 'j1' });
  assert.equal(reply.ok, true, JSON.stringify(reply));
  assert.ok(seen.length >= 2);
  assert.match(seen[0]!.phase, /Đang đọc tệp dot\.xlsx/);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.done >= seen[i - 1]!.done, 'progress never goes back');
  const list = await app.dispatch('campaign/list', {}, { actor: 'tester' });
  assert.ok(list.ok && Array.isArray(list.value) && list.value.length === 1);
  app.close();
});

test('a cancel mid-way leaves every row as it was', async () => {
  const app = core();
  await app.dispatch('workbook/import', importInput(workbookOf(5, 'Đợt có sẵn')), { actor: 'tester' });
  const before = hashRows(app.info.dbPath);
  let cancelReply: unknown = null;
  const reply = await app.dispatch('workbook/import', importInput(workbookOf(400)), {
    actor: 'tester',
    jobId: 'cancel-me',
    progress: () => {
      cancelReply ??= app.dispatch('job/cancel', { jobId: 'cancel-me' }, { actor: 'tester' });
    },
  });
  assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
  assert.equal(reply.ok, false);
  assert.equal(!reply.ok && reply.error.code, 'cancelled');
  assert.equal(!reply.ok && reply.error.message, 'Đã hủy — không có gì bị thay đổi.');
  assert.equal(hashRows(app.info.dbPath), before);
  app.close();
});

test('a cancelled annex export leaves no file and no .part; a finished one is in the exports folder', async () => {
  const app = core();
  const imported = await app.dispatch('workbook/import', importInput(workbookOf(30)), { actor: 'tester' });
  assert.ok(imported.ok);
  const campaignId = (imported.value as { campaignId: number }).campaignId;
  const done = await app.dispatch('annex/export', { campaignId, annex: 'III', format: 'pdf' }, { actor: 'tester' });
  assert.ok(done.ok, JSON.stringify(done));
  const file = done.value as { fileName: string; downloadName: string };
  assert.equal(file.downloadName, 'Phu-luc-III-diem-tung-don-vi-CCHC-2025.pdf');
  assert.ok(readFileSync(join(exportsFolder(app.info.dataDir), file.fileName)).subarray(0, 5).equals(Buffer.from('%PDF-')));

  const before = readdirSync(exportsFolder(app.info.dataDir));
  const controller = new AbortController();
  const reply = await app.dispatch('annex/export', { campaignId, annex: 'III', format: 'pdf' }, { actor: 'tester', signal: controller.signal, progress: () => controller.abort() });
  assert.equal(!reply.ok && reply.error.code, 'cancelled');
  assert.deepEqual(readdirSync(exportsFolder(app.info.dataDir)), before);
  app.close();
});

test('the workbook, document and change-log exports and the annex signing run as jobs: progress, then the file; Hủy stops them', async () => {
  const app = core();
  const imported = await app.dispatch('workbook/import', importInput(workbookOf(12, 'Đợt xuất')), { actor: 'tester' });
  assert.ok(imported.ok, JSON.stringify(imported));
  const campaignId = (imported.value as { campaignId: number }).campaignId;
  const calls = [
    ['workbook/export', { campaignId }, /Đang ghi sổ tính đợt đánh giá/, /\.xlsx$/],
    ['document/decision', { campaignId }, /Đang soạn văn bản/, /\.docx$/],
    ['document/report', { campaignId }, /Đang soạn văn bản/, /\.docx$/],
    ['audit/export', { campaignId, format: 'csv' }, /Đang ghi nhật ký thay đổi/, /\.csv$/],
  ] as const;
  for (const [method, input, phase, name] of calls) {
    const seen: Progress[] = [];
    const reply = await app.dispatch(method, input, { actor: 'tester', progress: (p) => seen.push(p) });
    assert.ok(reply.ok, `${method}: ${JSON.stringify(reply)}`);
    assert.match((reply.value as { fileName: string }).fileName, name, method);
    assert.ok(Buffer.from((reply.value as { contentBase64: string }).contentBase64, 'base64').length > 100, `${method}: the file has content`);
    assert.ok(seen.some((p) => phase.test(p.phase)), `${method}: its step is reported (${seen.map((p) => p.phase).join(' | ')})`);
    // On the core's thread the call could not be stopped; as a job, Hủy at its first step ends it.
    const controller = new AbortController();
    const cancelled = await app.dispatch(method, input, { actor: 'tester', signal: controller.signal, progress: () => controller.abort() });
    assert.equal(!cancelled.ok && cancelled.error.code, 'cancelled', `${method}: cancelled`);
  }
  // Signing an annex builds it in the worker too (an unknown identity is refused after the build, nothing left behind).
  const listExports = () => (existsSync(exportsFolder(app.info.dataDir)) ? readdirSync(exportsFolder(app.info.dataDir)) : []);
  const before = listExports();
  const seen: Progress[] = [];
  const signed = await app.dispatch('signature/signAnnex', { campaignId, annex: 'I', format: 'xlsx', identityId: '00000000-0000-4000-8000-000000000000', secret: 'x' }, { actor: 'tester', progress: (p) => seen.push(p) });
  assert.equal(signed.ok, false);
  assert.ok(seen.some((p) => /Đang ghi tệp Phu-luc-I-xep-hang/.test(p.phase)), seen.map((p) => p.phase).join(' | '));
  assert.deepEqual(listExports(), before, 'the annex written for signing is removed');
  app.close();
});

test('writes on the main thread are refused, reads answered, while a writing job runs', async () => {
  const app = core();
  const first = await app.dispatch('workbook/import', importInput(workbookOf(3, 'Đợt nhỏ')), { actor: 'tester' });
  assert.ok(first.ok);
  const campaignId = (first.value as { campaignId: number }).campaignId;
  let during: Promise<unknown[]> | null = null;
  const reply = await app.dispatch('workbook/import', importInput(workbookOf(100)), {
    actor: 'tester',
    progress: () => {
      during ??= Promise.all([
        app.dispatch('campaign/update', { campaignId, name: 'Đổi tên' }, { actor: 'tester' }),
        app.dispatch('campaign/list', {}, { actor: 'tester' }),
        app.dispatch('workbook/import', importInput(workbookOf(2, 'Đợt khác')), { actor: 'tester' }),
      ]);
    },
  });
  assert.ok(reply.ok);
  const [update, list, second] = (await during!) as Array<{ ok: boolean; error?: { code: string; message: string } }>;
  assert.equal(update!.ok, false);
  assert.equal(update!.error!.code, 'conflict');
  assert.equal(update!.error!.message, 'Đang nhập sổ tính đợt đánh giá — vui lòng chờ cho xong rồi thử lại.');
  assert.equal(list!.ok, true);
  assert.equal(second!.error?.code, 'conflict');
  // Once the job has ended, writes go through again.
  const after = await app.dispatch('campaign/update', { campaignId, name: 'Đổi tên' }, { actor: 'tester' });
  assert.ok(after.ok);
  app.close();
});

test('a worker that dies answers a clear error and changes nothing', async () => {
  const app = core({ jobs: { maxOldGenerationSizeMb: 24 } });
  const before = hashRows(app.info.dbPath);
  const reply = await app.dispatch('workbook/import', importInput(workbookOf(300)), { actor: 'tester' });
  assert.equal(reply.ok, false);
  assert.equal(!reply.ok && reply.error.code, 'internal');
  assert.match(!reply.ok ? reply.error.message : '', /^Công việc dừng bất ngờ \(.+\)\. Không có gì bị thay đổi; hãy thử lại\.$/);
  assert.equal(hashRows(app.info.dbPath), before);
  assert.ok(!existsSync(join(app.info.dataDir, 'exports')) || readdirSync(join(app.info.dataDir, 'exports')).length === 0);
  app.close();
});
