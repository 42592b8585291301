// The ranking service reads the final scores as one packed row per unit into a flat table: on a real
// SQLite file it must give exactly the ranking the straightforward path gives from the same rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServices } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { computeRanking, scoreMapsByUnit, scoreTableOf } from '../../shared/calc.js';
import { DEFAULT_SET, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';
import { criteria, tempDir } from '../helpers.js';

const set = criteria([
  ['1', 20], ['1.1', 12], ['1.1.1', 4], ['1.1.2', 4], ['1.1.3', 4], ['1.2', 8], ['1.2.1', 5], ['1.2.2', 3],
  ['2', 15], ['2.1', 7.5], ['2.2', 7.5],
  ['3', 25], ['3.1', 10], ['3.2', 10], ['3.3', 5],
  ['4', 40, 'survey'], ['4.1', 25, 'survey'], ['4.2', 15, 'survey'],
  ['5', 2, 'bonus'], ['5.1', 1.5, 'bonus'], ['5.2', 1.5, 'bonus'],
  ['6', 3, 'penalty'], ['6.1', 2, 'penalty'], ['6.2', 2, 'penalty'],
]);
const leaves = set.filter((c) => !set.some((o) => o.parentCode === c.code));

test('the service ranking equals computeRanking over the same rows: not-applicable branches, empty points, caps, ties, units without scores', () => {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, 'par.sqlite'));
  try {
    const s = createServices(db);
    let seed = 20261122;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const groups: UnitGroup[] = [
      { code: 'XP', name: 'UBND xã, phường', setCode: DEFAULT_SET.code, ranked: true, position: 2, bands: [{ label: 'Tốt', fromHundredths: 8500 }, { label: 'Khá', fromHundredths: 7500 }] },
      { code: 'SBN', name: 'Sở, ban, ngành', setCode: DEFAULT_SET.code, ranked: true, position: 1, bands: [] },
      { code: 'DB', name: 'Đặc biệt', setCode: DEFAULT_SET.code, ranked: false, position: 3, bands: [] },
    ];
    const units: Unit[] = Array.from({ length: 60 }, (_, i) => ({
      code: `U${String(i).padStart(3, '0')}`,
      // Some names repeat, so equal indices are ordered by name, then by code.
      name: i % 7 === 0 ? 'Phường An Hòa' : `Đơn vị ${i % 23}`,
      groupCode: groups[i % 3]!.code,
      position: i + 1,
    }));
    const scores: ScoreEntry[] = [];
    units.forEach((u, i) => {
      if (i % 11 === 5) return; // no score at all
      for (const leaf of leaves) {
        const r = rand();
        if (r < 0.08) continue; // no row
        // Coarse points so that several units tie on the index.
        const points = r < 0.15 ? null : Math.round((leaf.maxMilli * rand()) / 1000) * 1000;
        scores.push({ unitCode: u.code, criterionCode: leaf.code, selfMilli: leaf.maxMilli, pointsMilli: points, notApplicable: rand() < 0.05, note: '' });
      }
      // Not applicable on a whole criterion or a whole area now and then.
      if (i % 4 === 1) scores.push({ unitCode: u.code, criterionCode: '1.2', selfMilli: null, pointsMilli: null, notApplicable: true, note: '' });
      if (i % 9 === 2) scores.push({ unitCode: u.code, criterionCode: '3', selfMilli: null, pointsMilli: null, notApplicable: true, note: '' });
    });
    const id = db.transaction(() => {
      const campaignId = s.repos.campaigns.insert({ uid: 'c', name: 'Đợt thử', year: 2025, issuer: '', decisionNo: '', decisionDate: '', createdAt: '' });
      s.repos.criteria.insertAll(campaignId, [DEFAULT_SET], set);
      s.repos.groups.insertAll(campaignId, groups);
      s.repos.units.insertAll(campaignId, units);
      s.repos.scores.insertAll(campaignId, scores, '');
      return campaignId;
    })();
    // Edits through the service too: bonus above its cap, a penalty chain, a cleared cell.
    s.scoring.setPoints(id, 'U001', '5.1', 1500, 'test');
    s.scoring.setPoints(id, 'U001', '5.2', 1500, 'test');
    s.scoring.setPoints(id, 'U002', '6.1', 2000, 'test');
    s.scoring.setPoints(id, 'U002', '6.2', 2000, 'test');
    s.scoring.setPoints(id, 'U003', '1.1.1', null, 'test');
    s.scoring.setNotApplicable(id, 'U004', '2', true, 'test');

    const rows = s.repos.scores.listByCampaign(id);
    const expected = computeRanking(set, s.repos.groups.list(id), s.repos.units.list(id), rows);
    const ranking = s.scoring.ranking(id);
    assert.deepEqual(ranking, { ...expected, provisional: true }, 'the same rows; the service adds that an open campaign is provisional');
    // The test means something: ties, unranked units, not-applicable areas and capped chains all occur.
    const all = ranking.groups.flatMap((g) => g.rows);
    assert.equal(all.length, 60);
    assert.ok(ranking.groups.some((g) => g.rows.some((r, k) => k > 0 && r.rank !== null && r.rank === g.rows[k - 1]!.rank)), 'a tie');
    assert.ok(all.some((r) => r.components['3'] === null && r.unitCode !== 'U005'), 'a not-applicable area');
    assert.equal(all.find((r) => r.unitCode === 'U001')!.totalMilli - computeRanking(set, groups, units, rows.filter((x) => x.unitCode !== 'U001' || !x.criterionCode.startsWith('5.'))).groups.flatMap((g) => g.rows).find((r) => r.unitCode === 'U001')!.totalMilli, 2000, 'bonus capped at 2');

    const compiled = s.scoring.modelOf(id).sets[0]!.compiled;
    assert.deepEqual(s.repos.scores.table(id, compiled, units), scoreTableOf(compiled, units, rows));
    // The per-unit maps other screens read come from the same packed rows: the finals that say something.
    assert.deepEqual(s.repos.scores.inputsByUnit(id), scoreMapsByUnit(rows.filter((r) => r.pointsMilli !== null || r.notApplicable)));
  } finally {
    db.close();
    cleanup();
  }
});
