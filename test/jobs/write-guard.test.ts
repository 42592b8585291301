// While a writing job holds the write lock, the core refuses other writes at once and lets reads go on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeRefusal } from '../../electron/jobs/write-guard.js';

test("reads and exports go on during a writing job (the unit's own report among them); writes are refused with the job named", () => {
  for (const method of ['proposal/sheet', 'ranking/get', 'annex/export', 'self/report', 'audit/export']) {
    assert.equal(writeRefusal(method, 'workbook/import'), null, method);
  }
  for (const method of ['proposal/set', 'score/set', 'self/set', 'campaign/delete']) {
    const refusal = writeRefusal(method, 'workbook/import');
    assert.ok(refusal, method);
    assert.match(refusal.message, /vui lòng chờ/, method);
  }
  assert.equal(writeRefusal('proposal/set', null), null);
});
