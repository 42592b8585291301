// Databases made by every earlier schema version open and migrate (fixtures in test/fixtures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { loadMigrations, openDatabase } from '../../electron/db/database.js';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { computeRanking } from '../../shared/calc.js';
import { tempDir } from '../helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const latest = loadMigrations().length;

test('every earlier schema has a fixture', () => {
  for (let v = 1; v < latest; v++) assert.ok(existsSync(join(fixtures, `schema-${v}.sqlite`)), `test/fixtures/schema-${v}.sqlite is missing`);
});

for (let version = 1; version < latest; version++) {
  test(`a schema-${version} database migrates to ${latest}, backed up first, its data intact`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'par.sqlite');
      copyFileSync(join(fixtures, `schema-${version}.sqlite`), file);
      const db = openDatabase(file);
      assert.equal(db.pragma('user_version', { simple: true }), latest);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      const s = createServices(db);
      const id = s.campaigns.list()[0]!.id;
      const demo = demoCampaign(2024);
      assert.deepEqual(s.scoring.ranking(id), computeRanking(demo.criteria, demo.groups, demo.units, demo.scores));
      db.close();
      assert.equal(readdirSync(join(dir, 'backups')).length, 1);
    } finally {
      cleanup();
    }
  });
}
