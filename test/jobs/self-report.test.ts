// The unit's báo cáo tự đánh giá is written in the job worker: progress by the report's blocks, the file
// lands in the exports folder whole (through a .part renamed at the end), a cancel leaves no file, and
// the report is the one the main thread writes from the same sheet.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CallContext, Input, Method, Output, Progress } from '../../shared/contract.js';
import { ok } from '../dispatch.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { writeSelfReport } from '../../electron/documents/self-report.js';
import { exportsFolder } from '../../electron/jobs/exports.js';
import { pdfPages } from '../annex/support.js';
import { docxPart } from '../documents/support.js';
import { tempDir, twoSetWorkbook, workbookBuffer } from '../helpers.js';

const ACTOR = 'UBND phường An Hòa';
const folders: Array<() => void> = [];
const apps: AppCore[] = [];
after(() => {
  apps.forEach((a) => a.close());
  folders.forEach((cleanup) => cleanup());
});

/** Every call as this test's caller, with a job's progress and id where given. */
const call = <M extends Method>(app: AppCore, method: M, input: Input<M>, ctx: Partial<Pick<CallContext, 'progress' | 'jobId'>> = {}): Promise<Output<M>> =>
  ok(app, method, input, { actor: ACTOR, ...ctx });

/** A ward's machine with its campaign package, some self-scores and explanations. */
async function ward(): Promise<{ unit: AppCore; campaignId: number }> {
  const t = tempDir('par-jobs-self-');
  folders.push(t.cleanup);
  const sec = openApp({ dataDir: join(t.dir, 'sec'), host: 'cli', seedDemo: false });
  const unit = openApp({ dataDir: join(t.dir, 'x1'), host: 'cli', seedDemo: false });
  apps.push(unit);
  try {
    const { campaignId } = await call(sec, 'workbook/import', { fileName: 'dot.xlsx', contentBase64: workbookBuffer(twoSetWorkbook()).toString('base64') });
    await call(unit, 'unitIdentity/create', { unitCode: 'X1', name: 'UBND phường An Hòa', agency: 'UBND thành phố Thử' });
    const pub = await call(unit, 'unitIdentity/export', {});
    await call(sec, 'unitIdentity/register', { campaignId, fileName: pub.fileName, contentBase64: pub.contentBase64 });
    const pkg = await call(sec, 'package/export', { campaignId, forUnit: 'X1' });
    const atUnit = await call(unit, 'package/importPinning', { fileName: pkg.fileName, contentBase64: pkg.contentBase64 });
    await call(unit, 'self/set', { campaignId: atUnit.campaignId, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3500 } });
    await call(unit, 'self/setExplanation', { campaignId: atUnit.campaignId, criterionCode: '1.1', explanation: 'Đã ban hành kế hoạch cải cách hành chính năm 2025 đúng hạn.' });
    return { unit, campaignId: atUnit.campaignId };
  } finally {
    sec.close();
  }
}

const exported = (app: AppCore): string[] => (existsSync(exportsFolder(app.info.dataDir)) ? readdirSync(exportsFolder(app.info.dataDir)) : []);

test('the report is written in the worker with progress, and is the report the main thread writes', async () => {
  const { unit, campaignId } = await ward();
  const sheet = await call(unit, 'self/sheet', { campaignId });
  const context = { issuer: 'UBND tỉnh Thử', agency: 'UBND thành phố Thử' };
  for (const format of ['pdf', 'docx'] as const) {
    const seen: Progress[] = [];
    const file = await call(unit, 'self/report', { campaignId, format }, { jobId: `r-${format}`, progress: (p) => seen.push(p) });
    assert.equal(file.downloadName, `Bao-cao-tu-danh-gia-X1-2025.${format}`);
    assert.ok(file.fileName.endsWith(`--${file.downloadName}`));
    assert.equal(seen[0]!.phase, `Đang ghi báo cáo tự đánh giá ${file.downloadName}…`);
    assert.ok(seen.length > 5, 'a step per block of the report');
    assert.equal(seen.at(-1)!.done, seen.at(-1)!.total);
    for (let i = 2; i < seen.length; i++) assert.ok(seen[i]!.done >= seen[i - 1]!.done, 'progress never goes back');

    const inWorker = readFileSync(join(exportsFolder(unit.info.dataDir), file.fileName));
    const onMain = await writeSelfReport(sheet, format, context);
    if (format === 'docx') {
      assert.equal(docxPart(inWorker, 'word/document.xml'), docxPart(onMain, 'word/document.xml'));
    } else {
      const dir = tempDir('par-jobs-self-pdf-');
      folders.push(dir.cleanup);
      writeFileSync(join(dir.dir, 'a.pdf'), inWorker);
      writeFileSync(join(dir.dir, 'b.pdf'), onMain);
      assert.deepEqual(pdfPages(join(dir.dir, 'a.pdf')), pdfPages(join(dir.dir, 'b.pdf')));
    }
  }
  assert.ok(exported(unit).every((name) => !name.endsWith('.part')));
});

test('a report cancelled mid-way leaves no file in the exports folder', async () => {
  const { unit, campaignId } = await ward();
  for (const format of ['pdf', 'docx'] as const) {
    const before = exported(unit);
    let cancelReply = null as Promise<unknown> | null;
    const reply = await unit.dispatch('self/report', { campaignId, format }, {
      actor: ACTOR, jobId: `c-${format}`,
      progress: (p) => {
        if (p.done > 0) cancelReply ??= unit.dispatch('job/cancel', { jobId: `c-${format}` }, { actor: ACTOR });
      },
    });
    assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
    assert.equal(!reply.ok && reply.error.code, 'cancelled', JSON.stringify(reply));
    assert.deepEqual(exported(unit), before);
  }
  // The next report goes through.
  const file = await call(unit, 'self/report', { campaignId, format: 'pdf' });
  assert.deepEqual(exported(unit), [file.fileName]);
});
