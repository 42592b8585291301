// A corrupted .xlsx (found by fuzz.test.ts, seed 20250611, workbook case 239: a few bytes of a valid
// small workbook flipped) on which XLSX.read (SheetJS 0.20.3), called by readWorkbookFile in
// electron/workbook/read-campaign.ts, never returns: the import hangs the process instead of refusing
// the file. The parse runs in a child process here so that the hang fails the test instead of hanging it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(import.meta.dirname, 'fixtures', 'sheetjs-hang.xlsx');

// Found by the fuzzer: SheetJS never returned on this file. readWorkbookFile now checks the zip with fflate first.
test('a corrupted workbook is refused with import_invalid within seconds (not a hang)', () => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { parseCampaignWorkbook } from './electron/workbook/read-campaign.ts';
    import { AppError } from './shared/errors.ts';
    try { parseCampaignWorkbook(readFileSync(${JSON.stringify(FILE)})); console.log('parsed'); }
    catch (e) { console.log(e instanceof AppError ? 'AppError ' + e.code : 'other ' + String(e)); }
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' });
  assert.notEqual(r.signal, 'SIGKILL', 'parseCampaignWorkbook did not return within 15 s on a corrupted file (hang)');
  assert.equal(r.stdout.trim(), 'AppError import_invalid', r.stderr);
});
