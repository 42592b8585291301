// The xlsx annexes streamed to disk: the file holds the same bytes as the in-memory workbook, the writer never
// holds more than a piece of rows whatever the number of units, progress reaches the total, and a cancelled
// or failed write leaves no file behind (nor touches one already there).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { generatedCampaign } from '../../bench/generate.js';
import { buildAnnexes } from '../../electron/annex/build.js';
import type { AnnexSet } from '../../electron/annex/model.js';
import { ROWS_PER_PIECE, writeAnnexXlsx, writeAnnexXlsxFile, type AnnexWriteStats } from '../../electron/annex/xlsx.js';
import { openApp } from '../../electron/core/app.js';
import { AppError } from '../../shared/errors.js';
import { DECISION, demoSet, tempDir } from './support.js';

const created = new Date('2026-03-02T08:00:00Z');
const dir = tempDir();

/** A generated campaign's Phụ lục I and III, its units read from the open app as the writer reaches them. */
async function withGenerated<T>(units: number, use: (set: AnnexSet) => Promise<T>): Promise<T> {
  const data = tempDir();
  const app = openApp({ dataDir: data, host: 'cli', seedDemo: false });
  try {
    const id = app.services.campaigns.insertContent(generatedCampaign(units), 'kiểm thử', 'test');
    return await use(buildAnnexes(app.services, id, ['I', 'III'], DECISION));
  } finally {
    app.close();
  }
}

const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.part'));

test('the streamed file holds the very bytes of the in-memory workbook, and SheetJS reads every sheet', async () => {
  const set = demoSet();
  const file = join(dir, 'demo.xlsx');
  const { bytes } = await writeAnnexXlsxFile(set, file, { created });
  const onDisk = readFileSync(file);
  assert.equal(bytes, onDisk.byteLength);
  assert.ok(onDisk.equals(writeAnnexXlsx(set, { created })), 'same bytes on disk and in memory');
  const wb = XLSX.read(onDisk, { type: 'buffer' });
  const unitSheets = set.annexes.find((a) => a.kind === 'units')!;
  assert.equal(wb.SheetNames.length, 2 + (unitSheets.kind === 'units' ? unitSheets.units.entries.length : 0));
  assert.deepEqual(leftovers(), []);
});

test('memory stays bounded: at most one piece of rows is held, for 1,000 units as for 3,000', async () => {
  const peaks: AnnexWriteStats[] = [];
  for (const units of [1000, 3000]) {
    const stats: AnnexWriteStats = { peakRows: 0, peakPieceChars: 0 };
    const progress: Array<[number, number]> = [];
    const file = join(dir, `generated-${units}.xlsx`);
    await withGenerated(units, (set) => writeAnnexXlsxFile(set, file, { stats, onProgress: (done, total) => progress.push([done, total]) }));
    peaks.push(stats);
    // Phụ lục I has one row per unit and a sheet per unit in Phụ lục III: the counters do not follow them.
    assert.ok(stats.peakRows <= ROWS_PER_PIECE + 10, `${units} units: ${stats.peakRows} rows held at once`);
    const [done, total] = progress.at(-1)!;
    assert.equal(done, total, 'progress reaches the total');
    assert.ok(total > units * 10, `${total} rows for ${units} units`);
    assert.ok(progress.every(([d], i) => i === 0 || d >= progress[i - 1]![0]), 'progress never goes back');
    const wb = XLSX.read(readFileSync(file), { type: 'buffer', sheets: 0 });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
    assert.equal(rows.filter((r) => typeof r[0] === 'number').length, units, 'every unit in Phụ lục I');
    assert.equal(wb.SheetNames.length, 1 + units);
  }
  const [small, large] = peaks as [AnnexWriteStats, AnnexWriteStats];
  // A piece is ROWS_PER_PIECE rows of one table, so its length depends on the row, not on how many there are.
  assert.ok(large.peakPieceChars <= small.peakPieceChars * 1.5, `largest piece ${small.peakPieceChars} → ${large.peakPieceChars} characters`);
  assert.deepEqual(leftovers(), []);
});

test('cancelling stops the write, removes the part file and leaves an existing file as it was', () => withGenerated(300, async (set) => {
  const file = join(dir, 'cancelled.xlsx');
  writeFileSync(file, 'the previous export');
  const controller = new AbortController();
  let calls = 0;
  const writing = writeAnnexXlsxFile(set, file, {
    signal: controller.signal,
    onProgress: () => {
      calls++;
      if (calls === 2) controller.abort();
    },
  });
  await assert.rejects(writing, (e: unknown) => e instanceof AppError && e.code === 'cancelled' && /hủy/i.test(e.message));
  assert.equal(calls, 2, 'nothing more is written after the cancel');
  assert.equal(readFileSync(file, 'utf8'), 'the previous export');
  assert.deepEqual(leftovers(), []);

  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(writeAnnexXlsxFile(set, join(dir, 'never.xlsx'), { signal: aborted.signal }), (e: unknown) => e instanceof AppError && e.code === 'cancelled');
  assert.equal(existsSync(join(dir, 'never.xlsx')), false);
}));

test('an error while writing is thrown as it is, and no part file is left', async () => {
  const set = demoSet(['I', 'III']);
  const file = join(dir, 'failed.xlsx');
  await assert.rejects(
    writeAnnexXlsxFile(set, file, {
      onProgress: () => {
        throw new Error('disk full (simulated by the progress callback)');
      },
    }),
    /disk full/,
  );
  assert.equal(existsSync(file), false);
  assert.deepEqual(leftovers(), []);
  await assert.rejects(writeAnnexXlsxFile(set, join(dir, 'no-such-folder', 'x.xlsx')), /ENOENT/);
});
