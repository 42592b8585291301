// A member's package of thousands of cells is imported a few hundred rows per SQL statement, and still
// writes exactly the rows the one-row-at-a-time import wrote: each proposal, the secretariat's record of
// it, the member's own account, each changed final with its history row, a conflict on a decided cell,
// all in one transaction, refused whole on one bad row. Real SQLite files, a real signed package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { createServices, type Services } from '../../electron/core/app.js';
import { openDatabase, type Db } from '../../electron/db/database.js';
import { readPackage, writePackage, type Manifest } from '../../electron/exchange/container.js';
import { loadPrivateKey } from '../../electron/exchange/keys.js';
import { AppError } from '../../shared/errors.js';
import { generatedCampaign } from '../../bench/generate.js';
import { tempDir } from '../helpers.js';
import { countingPrepare } from './statement-counter.js';

const counting = countingPrepare({ transactions: false });

interface Setup {
  sec: Services;
  secDb: Db;
  campaignId: number;
  memberUid: string;
  memberDir: string;
  bytes: Buffer;
  decided: { unitCode: string; criterionCode: string };
}

/** 15 units × 88 appraised leaves proposed by one member (a few twice, two not applicable); one cell decided beforehand. */
function setUp(dir: string): Setup {
  const secDb = openDatabase(join(dir, 'sec', 'par.sqlite'));
  const sec = createServices(secDb, { dataDir: join(dir, 'sec') });
  const campaignId = sec.campaigns.insertContent(generatedCampaign(15), 'test', 'test');
  const areas = sec.scoring.modelOf(campaignId).sets[0]!.tree.roots.map((r) => r.criterion.code);
  const memberDir = join(dir, 'member');
  const mdb = openDatabase(join(memberDir, 'par.sqlite'));
  const m = createServices(mdb, { dataDir: memberDir });
  const identity = m.exchange.initSelf({ name: 'Thành viên thử', agency: '', role: 'Thành viên', kind: 'member' });
  sec.exchange.registerMember(identity, campaignId, 'test');
  sec.workspace.assign({ campaignId, memberUid: identity.uid, areas, units: [] }, 'test');
  m.exchange.importPackage(sec.exchange.exportCampaignPackage(campaignId, null).bytes, 'test');
  const id = m.campaigns.list()[0]!.id;
  const leaves = m.scoring.modelOf(id).sets[0]!.tree.leaves.filter((l) => l.criterion.kind === 'appraised');
  const units = m.campaigns.unitList(id);
  mdb.transaction(() => {
    for (const u of units) {
      for (const [j, leaf] of leaves.entries()) {
        m.workspace.setProposal({ campaignId: id, unitCode: u.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: (j * 250) % (leaf.criterion.maxMilli + 1) }, reason: `lý do ${j}` });
      }
    }
    // A second edit of a few cells (so the package carries their last revision), and two marks.
    for (const leaf of leaves.slice(0, 5)) m.workspace.setProposal({ campaignId: id, unitCode: units[3]!.code, criterionCode: leaf.criterion.code, input: { kind: 'points', pointsMilli: 0 }, reason: 'sửa lại' });
    m.workspace.setNotApplicable({ campaignId: id, unitCode: units[4]!.code, criterionCode: leaves[7]!.criterion.code, notApplicable: true });
    m.workspace.setNotApplicable({ campaignId: id, unitCode: units[5]!.code, criterionCode: leaves[8]!.criterion.code, notApplicable: true });
  })();
  const bytes = m.exchange.exportMemberPackage(id).bytes;
  mdb.close();
  // The secretariat decided one cell before the package came: its proposal differs, so it is a conflict.
  const decided = { unitCode: units[2]!.code, criterionCode: leaves[1]!.criterion.code };
  sec.consolidation.decide(campaignId, decided.unitCode, decided.criterionCode, { pointsMilli: leaves[1]!.criterion.maxMilli, notApplicable: false }, 'đã xác minh', 'thư ký');
  return { sec, secDb, campaignId, memberUid: identity.uid, memberDir, bytes, decided };
}

interface Payload {
  proposals: Array<{ unitCode: string; criterionCode: string; round: number; pointsMilli: number | null; notApplicable: boolean; reason: string; inputs: string; revision: number; updatedAt: string }>;
  history: Array<{ at: string; action: string; unitCode: string | null; criterionCode: string | null; oldValue: string | null; newValue: string | null; reason: string }>;
  [key: string]: unknown;
}

const payloadOf = (bytes: Buffer) => JSON.parse(strFromU8(readPackage(bytes).payloadBytes)) as Payload;

/** The same package with its payload changed, signed again with the member's key. */
function resigned(s: Setup, change: (p: Payload) => void): Buffer {
  const pkg = readPackage(s.bytes);
  const payload = payloadOf(s.bytes);
  change(payload);
  const { format, payloadSha256, payloadSize, ...manifest } = pkg.manifest as Manifest;
  void format;
  void payloadSha256;
  void payloadSize;
  return writePackage(manifest, payload, loadPrivateKey(s.memberDir, s.memberUid));
}

function counts(db: Db, campaignId: number) {
  const n = (sql: string) => (db.prepare(sql).get(campaignId) as { n: number }).n;
  return {
    proposals: n('SELECT count(*) AS n FROM proposal WHERE campaign_id = ?'),
    history: n('SELECT count(*) AS n FROM history WHERE campaign_id = ?'),
    memberHistory: n('SELECT count(*) AS n FROM member_history WHERE campaign_id = ?'),
    conflicts: n('SELECT count(*) AS n FROM conflict WHERE campaign_id = ?'),
    revisions: n('SELECT sum(revision) AS n FROM score WHERE campaign_id = ?'),
  };
}

test('a member package of 1,300 cells is written a few hundred rows per statement, with every row the cell-by-cell import wrote', () => {
  const { dir, cleanup } = tempDir();
  try {
    const s = setUp(dir);
    const { sec, secDb, campaignId, decided } = s;
    const payload = payloadOf(s.bytes);
    assert.ok(payload.proposals.length > 1300, `enough cells for several statements and the packed consolidation: ${payload.proposals.length}`);
    const before = counts(secDb, campaignId);
    const finalsBefore = new Map(sec.repos.scores.listByCampaign(campaignId).map((f) => [`${f.unitCode} ${f.criterionCode}`, f]));

    const { value: summary, statements } = counting.measureSync(() => sec.exchange.importPackage(s.bytes, 'thư ký'));
    // One row at a time this was over 5,000 statements (a proposal, its history row and the member's
    // account per cell, then a final and its history row per changed cell).
    assert.ok(statements < 150, `statements for the whole import: ${statements}`);

    assert.equal(summary.kind, 'member');
    assert.equal(summary.applied, payload.proposals.length);
    assert.equal(summary.conflicts, 1);
    const after = counts(secDb, campaignId);
    assert.equal(after.proposals - before.proposals, payload.proposals.length);
    assert.equal(after.memberHistory - before.memberHistory, payload.history.length);
    assert.equal(after.conflicts - before.conflicts, 1);

    // Each proposal as the package carries it.
    const stored = new Map(sec.repos.exchange.proposals(campaignId, 1).map((p) => [`${p.unit_code} ${p.criterion_code}`, p]));
    for (const p of payload.proposals) {
      const row = stored.get(`${p.unitCode} ${p.criterionCode}`);
      assert.deepEqual(row && { points: row.points_milli, na: row.not_applicable === 1, reason: row.reason, revision: row.revision, at: row.updated_at }, { points: p.pointsMilli, na: p.notApplicable, reason: p.reason, revision: p.revision, at: p.updatedAt });
    }
    // The secretariat's record, in the package's order, then the package row, then the finals.
    const history = secDb.prepare('SELECT actor, action, unit_code AS unitCode, criterion_code AS criterionCode, old_value AS oldValue, new_value AS newValue, reason, source FROM history WHERE campaign_id = ? ORDER BY id').all(campaignId) as Array<Record<string, string | null>>;
    const added = history.slice(before.history);
    const source = `package:${readPackage(s.bytes).sha256}`;
    const imported = added.filter((h) => h.action === 'proposal.import');
    assert.deepEqual(imported, payload.proposals.map((p) => ({
      actor: 'thư ký', action: 'proposal.import', unitCode: p.unitCode, criterionCode: p.criterionCode, oldValue: null,
      newValue: p.notApplicable ? 'Không áp dụng' : String(p.pointsMilli), reason: `Thành viên thử (vòng 1): ${p.reason}`, source,
    })));
    assert.deepEqual(added.map((h) => h.action).filter((a, i, all) => all.indexOf(a) === i), ['proposal.import', 'package.import', 'final.consolidate']);
    // The member's own account, in the package's order.
    const account = secDb.prepare('SELECT at, action, unit_code AS unitCode, criterion_code AS criterionCode, old_value AS oldValue, new_value AS newValue, reason FROM member_history WHERE campaign_id = ? ORDER BY id').all(campaignId);
    assert.deepEqual(account, payload.history);

    // Each final the policy changes, with its history row; the decided cell keeps its decision.
    const finals = added.filter((h) => h.action === 'final.consolidate');
    let revisions = 0;
    const now = new Map(sec.repos.scores.listByCampaign(campaignId).map((f) => [`${f.unitCode} ${f.criterionCode}`, f]));
    for (const p of payload.proposals) {
      const k = `${p.unitCode} ${p.criterionCode}`;
      const final = now.get(k)!;
      if (p.unitCode === decided.unitCode && p.criterionCode === decided.criterionCode) {
        assert.notEqual(final.pointsMilli, p.pointsMilli, 'a decision is never overwritten by a package');
        continue;
      }
      // A cell marked not applicable has no points (its final's points are cleared).
      const points = p.notApplicable ? null : p.pointsMilli;
      assert.deepEqual({ points: final.pointsMilli, na: final.notApplicable }, { points, na: p.notApplicable });
      const old = finalsBefore.get(k);
      const changedPoints = (old?.pointsMilli ?? null) !== points;
      const changedMark = (old?.notApplicable ?? false) !== p.notApplicable;
      revisions += (changedPoints ? 1 : 0) + (changedMark ? 1 : 0);
      const row = finals.find((h) => h.unitCode === p.unitCode && h.criterionCode === p.criterionCode);
      if (!changedPoints && !changedMark) assert.equal(row, undefined);
      else assert.deepEqual(row, { actor: 'thư ký', action: 'final.consolidate', unitCode: p.unitCode, criterionCode: p.criterionCode, oldValue: JSON.stringify({ points: old?.pointsMilli ?? null, na: old?.notApplicable ?? false }), newValue: JSON.stringify({ points: final.pointsMilli, na: final.notApplicable }), reason: 'chính sách: assigned', source });
    }
    assert.equal(summary.finalsChanged, finals.length);
    assert.equal(after.revisions - before.revisions, revisions, 'each value written once, as one write per cell would');
  } finally {
    cleanup();
  }
});

test('one bad row among 1,300 refuses the whole package, named by its place; a row with a key the app does not know is read without it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const s = setUp(dir);
    const { sec, secDb, campaignId } = s;
    const before = counts(secDb, campaignId);
    const tooLong = resigned(s, (p) => {
      p.proposals[700]!.reason = 'x'.repeat(4001);
    });
    assert.throws(() => sec.exchange.importPackage(tooLong, 'thư ký'), (e: unknown) => e instanceof AppError && e.code === 'import_invalid' && /proposals\.700\.reason/.test(e.message));
    const badHistory = resigned(s, (p) => {
      (p.history[900] as Record<string, unknown>).unitCode = 5;
    });
    assert.throws(() => sec.exchange.importPackage(badHistory, 'thư ký'), (e: unknown) => e instanceof AppError && /history\.900\.unitCode/.test(e.message));
    const outOfRange = resigned(s, (p) => {
      p.proposals[1200]!.revision = 0;
    });
    assert.throws(() => sec.exchange.importPackage(outOfRange, 'thư ký'), (e: unknown) => e instanceof AppError && /proposals\.1200\.revision/.test(e.message));
    assert.deepEqual(counts(secDb, campaignId), before, 'nothing changed');

    const extra = resigned(s, (p) => {
      (p.proposals[5] as Record<string, unknown>).comment = 'a newer app writes this';
    });
    const summary = sec.exchange.importPackage(extra, 'thư ký');
    assert.equal(summary.applied, payloadOf(s.bytes).proposals.length);
  } finally {
    cleanup();
  }
});
