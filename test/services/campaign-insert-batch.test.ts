// A campaign's scores (300,000 rows for 3,000 units) are written a few hundred per statement, in their
// order, each row as given, in the import's one transaction. Real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { generatedCampaign } from '../../bench/generate.js';
import { tempDir } from '../helpers.js';
import { countingPrepare } from './statement-counter.js';

const counting = countingPrepare({ transactions: false });

test('a 40-unit campaign (4,000 scores) is inserted without one statement per score, every score as given', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'par.sqlite'));
    const s = createServices(db);
    const content = generatedCampaign(40);
    // A note and an explanation travel too; one score has no final points.
    content.scores[17] = { ...content.scores[17]!, note: 'ghi chú', explanation: 'giải trình' };
    content.scores[3999] = { ...content.scores[3999]!, pointsMilli: null };
    assert.ok(content.scores.length >= 4000);
    const { value: id, statements } = counting.measureSync(() => s.campaigns.insertContent(content, 'test', 'test'));
    // One statement per score before: 4,194 in all. The criteria and units (150 rows) still go one by one.
    assert.ok(statements < 300, `statements: ${statements}`);
    const stored = s.repos.scores.listByCampaign(id).map((x) => ({ ...x, explanation: x.explanation ?? '' }));
    const given = content.scores.map((x) => ({ ...x, explanation: x.explanation ?? '' }));
    const order = (a: { unitCode: string; criterionCode: string }, b: { unitCode: string; criterionCode: string }) => a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode);
    assert.deepEqual(stored.sort(order), given.sort(order));
    db.close();
  } finally {
    cleanup();
  }
});
