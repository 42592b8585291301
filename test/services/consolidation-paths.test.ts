// Consolidation reads a few cells by their keys and many in one packed read of the round: on random
// campaigns (seeded), both give the same final scores and the same history, in both rounds and under
// every policy, with decisions, survey cells, not-applicable proposals and members who disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../electron/core/app.js';
import { openDatabase, type Db } from '../../electron/db/database.js';
import type { Policy } from '../../shared/contract.js';
import { DEFAULT_SET, type Unit, type UnitGroup } from '../../shared/domain.js';
import { criteria, tempDir } from '../helpers.js';

const set = criteria([
  ['1', 30], ['1.1', 12], ['1.1.1', 4], ['1.1.2', 4], ['1.1.3', 4], ['1.2', 18], ['1.2.1', 6], ['1.2.2', 6], ['1.2.3', 6],
  ['2', 30], ['2.1', 10], ['2.2', 10], ['2.3', 10],
  ['3', 20], ['3.1', 5], ['3.2', 5], ['3.3', 5], ['3.4', 5],
  ['4', 20, 'survey'], ['4.1', 10, 'survey'], ['4.2', 10, 'survey'],
  ['5', 2, 'bonus'], ['5.1', 2, 'bonus'],
]);
const leaves = set.filter((c) => !set.some((o) => o.parentCode === c.code));
const groups: UnitGroup[] = [{ code: 'G', name: 'Nhóm', setCode: DEFAULT_SET.code, ranked: true, position: 1, bands: [] }];
const units: Unit[] = Array.from({ length: 120 }, (_, i) => ({ code: `U${String(i).padStart(2, '0')}`, name: `Đơn vị ${i}`, groupCode: 'G', position: i + 1 }));
const MEMBERS = ['m-a', 'm-b', 'm-c', 'm-d', 'm-e'];

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Proposals of `round` for random cells: agreeing, disagreeing, empty or not applicable. */
function propose(s: Services, id: number, round: number, rand: () => number, share: number): void {
  for (const u of units) {
    for (const leaf of leaves) {
      if (rand() > share) continue;
      const count = 1 + Math.floor(rand() * 4);
      const base = Math.floor(rand() * (leaf.maxMilli / 500 + 1)) * 500;
      for (const uid of MEMBERS.slice(0, count)) {
        const r = rand();
        const na = r < 0.06 ? 1 : 0;
        const points = na ? null : r < 0.12 ? null : r < 0.45 ? Math.min(leaf.maxMilli, base + 500) : base;
        s.repos.exchange.putImportedProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.code, memberUid: uid, round, pointsMilli: points, na, reason: '', inputs: '', revision: 1, updatedAt: 't' });
      }
    }
  }
}

function setUp(file: string): { id: number; rand: () => number } {
  const db = openDatabase(file);
  const s = createServices(db);
  const rand = seeded(4242);
  const id = db.transaction(() => {
    const campaignId = s.repos.campaigns.insert({ uid: 'c', name: 'Đợt thử', year: 2025, issuer: '', decisionNo: '', decisionDate: '', createdAt: '' });
    s.repos.criteria.insertAll(campaignId, [DEFAULT_SET], set);
    s.repos.groups.insertAll(campaignId, groups);
    s.repos.units.insertAll(campaignId, units);
    MEMBERS.forEach((uid, i) => {
      s.repos.members.insert({ uid, name: `Thành viên ${i}`, agency: '', role: 'Thành viên', kind: 'member', isSelf: false, publicKey: null, createdAt: '' });
      // Two areas each; one member only for some units; one recused from a unit.
      s.repos.members.setAssignment(campaignId, uid, [`CHUNG:${(i % 3) + 1}`, `CHUNG:${((i + 1) % 3) + 1}`], i === 4 ? units.slice(0, 40).map((u) => u.code) : []);
    });
    s.repos.members.recuse(campaignId, 'm-b', 'U03', 'cùng cơ quan', '');
    // Finals already there: some equal to what the policy will give, some not, some survey points.
    const finals = [];
    for (const u of units) {
      for (const leaf of leaves) {
        if (rand() < 0.3) finals.push({ unitCode: u.code, criterionCode: leaf.code, selfMilli: leaf.maxMilli, pointsMilli: rand() < 0.2 ? null : Math.floor(rand() * (leaf.maxMilli / 500 + 1)) * 500, notApplicable: rand() < 0.03, note: '' });
      }
    }
    s.repos.scores.insertAll(campaignId, finals, '');
    propose(s, campaignId, 1, rand, 0.7);
    // Decisions of the secretariat, one on a survey cell.
    for (const [unitCode, criterionCode, pointsMilli, notApplicable] of [['U01', '1.1.1', 2000, false], ['U02', '2.1', null, true], ['U05', '4.1', 7000, false], ['U07', '3.2', 0, false]] as const) {
      s.repos.exchange.decide(campaignId, { unitCode, criterionCode, pointsMilli, notApplicable, reason: 'quyết định', decidedBy: 'thư ký', decidedAt: 't' });
    }
    return campaignId;
  })();
  db.close();
  return { id, rand };
}

/** Every cell with a proposal of the round or a decision, in the order recompute(null) takes them. */
function cellsOf(s: Services, id: number, round: number): Array<{ unitCode: string; criterionCode: string }> {
  const keys = new Set<string>();
  for (const p of s.repos.exchange.proposals(id, round)) keys.add(`${p.unit_code} ${p.criterion_code}`);
  for (const d of s.repos.exchange.decisionsOf(id)) keys.add(`${d.unitCode} ${d.criterionCode}`);
  return [...keys].map((k) => {
    const [unitCode, criterionCode] = k.split(' ') as [string, string];
    return { unitCode, criterionCode };
  });
}

function outcome(db: Db, id: number) {
  return {
    finals: db.prepare('SELECT unit_code, criterion_code, points_milli, not_applicable FROM score WHERE campaign_id = ? ORDER BY unit_code, criterion_code').all(id),
    history: db.prepare(`SELECT action, unit_code, criterion_code, old_value, new_value, reason FROM history WHERE campaign_id = ? AND action LIKE 'final.%' ORDER BY id`).all(id),
  };
}

for (const policy of ['assigned', 'mean', 'median', 'manual'] as Policy[]) {
  test(`recompute by keys and by one packed read agree (policy ${policy}, rounds 1 and 2)`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const base = join(dir, 'base.sqlite');
      const { id, rand } = setUp(base);
      const ways = ['all', 'list', 'chunks'] as const;
      const results = ways.map((way) => {
        const file = join(dir, `${way}.sqlite`);
        copyFileSync(base, file);
        const db = openDatabase(file);
        const s = createServices(db);
        s.repos.exchange.setSettings(id, { policy, divergenceMilli: 500, selfGapMilli: 1000 });
        const run = (round: number) => {
          const cells = cellsOf(s, id, round);
          assert.ok(cells.length > 1000, `enough cells for the packed path: ${cells.length}`);
          db.transaction(() => {
            if (way === 'all') s.consolidation.recompute(id, null, 'test', 'test');
            else if (way === 'list') s.consolidation.recompute(id, cells, 'test', 'test');
            else for (let i = 0; i < cells.length; i += 7) s.consolidation.recompute(id, cells.slice(i, i + 7), 'test', 'test');
          })();
        };
        run(1);
        const round1 = outcome(db, id);
        // Round 2: round 1's finals are kept where round 2 settles nothing.
        s.rounds.open(id, 'vòng 2', 'test');
        propose(s, id, 2, seeded(99), 0.55);
        run(2);
        const result = { round1, round2: outcome(db, id) };
        db.close();
        return result;
      });
      void rand;
      assert.ok(results[0]!.round1.history.length > 100, 'recompute changed many cells');
      if (policy !== 'manual') assert.ok(results[0]!.round2.history.length > results[0]!.round1.history.length, 'round 2 changed cells too');
      assert.deepEqual(results[1], results[0], 'one list of every cell = the whole campaign');
      assert.deepEqual(results[2], results[0], 'cells a few at a time = the whole campaign');
    } finally {
      cleanup();
    }
  });
}
