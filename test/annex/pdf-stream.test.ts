// The streamed PDF writer: the file appears only when complete (written to "<out>.part", then renamed),
// progress comes at least every ~50 pages and ends at total/total, and cancelling or a failed write
// leaves nothing on disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AnnexSet } from '../../electron/annex/model.js';
import { writeAnnexPdfFile } from '../../electron/annex/pdf.js';
import { AppError } from '../../shared/errors.js';
import { demoSet, pdfInfo, pdfPages, tempDir } from './support.js';

const set: AnnexSet = demoSet(['I', 'III']);
const dir = tempDir();

test('the PDF is streamed to a part file, renamed when complete, with progress at least every 50 pages', async () => {
  const out = join(dir, 'phu-luc.pdf');
  const seen: Array<[number, number]> = [];
  const result = await writeAnnexPdfFile(set, out, { onProgress: (done, total) => seen.push([done, total]) });
  assert.ok(existsSync(out));
  assert.ok(!existsSync(`${out}.part`), 'no part file left');
  assert.equal(Number(pdfInfo(out)['Pages']), result.pages);
  assert.equal(pdfPages(out).length, result.pages);
  assert.ok(result.pages > 100, `the demo's Phụ lục I and III take ${result.pages} pages`);
  assert.ok(result.bytes > 0);
  const total = result.pages;
  assert.ok(seen.every(([, t]) => t === total), 'the total is known from the first call');
  assert.deepEqual(seen.at(-1), [total, total]);
  let last = 0;
  for (const [done] of seen) {
    assert.ok(done >= last, 'progress never goes back');
    assert.ok(done - last <= 50, `a gap of ${done - last} pages without progress`);
    last = done;
  }
});

test('cancelling mid-way throws "cancelled" and leaves neither the file nor the part file', async () => {
  const out = join(dir, 'huy.pdf');
  const controller = new AbortController();
  await assert.rejects(
    () =>
      writeAnnexPdfFile(set, out, {
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 0) controller.abort();
        },
      }),
    (e: unknown) => e instanceof AppError && e.code === 'cancelled' && /hủy/.test(e.message),
  );
  assert.ok(!existsSync(out));
  assert.ok(!existsSync(`${out}.part`));
});

test('an export cancelled before it starts writes nothing', async () => {
  const out = join(dir, 'huy-truoc.pdf');
  await assert.rejects(() => writeAnnexPdfFile(set, out, { signal: AbortSignal.abort() }), (e: unknown) => e instanceof AppError && e.code === 'cancelled');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('huy-truoc')), []);
});

test('a write that fails (no such folder) rethrows and leaves no part file', async () => {
  const out = join(dir, 'khong-co', 'phu-luc.pdf');
  await assert.rejects(() => writeAnnexPdfFile(set, out), (e: unknown) => e instanceof Error && /ENOENT/.test(e.message));
  assert.ok(!existsSync(`${out}.part`));
});
