// Evidence travelling with the campaign: links in the signed campaign package, files in the .parevd
// bundle. Real data folders for a secretariat and a member, real files, real tar bytes tampered with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { tarHeader, padding, BLOCK } from '../../electron/backup/container.js';
import { readPackage, writePackage } from '../../electron/exchange/container.js';
import { loadPrivateKey } from '../../electron/exchange/keys.js';
import { AppError } from '../../shared/errors.js';
import type { EvidenceUnitList } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';

const ACTOR = 'Kiểm thử';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n`), randomBytes(3000), Buffer.from('\n%%EOF\n')]);

interface World {
  sec: AppCore;
  mem: AppCore;
  secDir: string;
  memDir: string;
  scratch: string;
  campaignId: number;
  memberCampaignId: number;
  memberUid: string;
  /** unit/criterion → content, as attached on the secretariat's side. */
  files: Array<{ unit: string; criterion: string; name: string; bytes: Buffer }>;
}

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, { actor: ACTOR });
  if (!r.ok) throw AppError.fromShape(r.error);
  return r.value as T;
}

/** A secretariat with evidence attached to area-1 and area-2 cells, a member assigned area 1 (recused from SBN02). */
function withWorld(fn: (w: World) => Promise<void>): () => Promise<void> {
  return async () => {
    const t = tempDir('par-evd-');
    const secDir = join(t.dir, 'sec');
    const memDir = join(t.dir, 'mem');
    const scratch = join(t.dir, 'scratch');
    mkdirSync(scratch);
    const sec = openApp({ dataDir: secDir, host: 'browser' });
    const mem = openApp({ dataDir: memDir, host: 'cli' });
    try {
      const campaignId = sec.services.campaigns.list()[0]!.id;
      await call(mem, 'member/saveSelf', { name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
      const identity = await call<{ contentBase64: string }>(mem, 'identity/export', {});
      const registered = await call<{ uid: string }>(sec, 'identity/register', { campaignId, fileName: 'b.pub', contentBase64: identity.contentBase64 });
      sec.services.workspace.assign({ campaignId, memberUid: registered.uid, areas: ['1'], units: [] }, ACTOR);
      sec.services.workspace.recuse({ campaignId, memberUid: registered.uid, unitCode: 'SBN02', recused: true, reason: 'Cơ quan của thành viên' }, ACTOR);
      const shared = pdf('dùng chung');
      const files = [
        { unit: 'SBN01', criterion: '1.1.1', name: 'Kế hoạch CCHC.pdf', bytes: pdf('kế hoạch') },
        { unit: 'SBN01', criterion: '1.1.2', name: 'Báo cáo.pdf', bytes: shared },
        { unit: 'SBN03', criterion: '1.2.1', name: 'Quyết định.pdf', bytes: shared },
        { unit: 'SBN02', criterion: '1.1.1', name: 'Bị tránh.pdf', bytes: pdf('recused') },
        { unit: 'SBN01', criterion: '2.1.1', name: 'Lĩnh vực 2.pdf', bytes: pdf('area two') },
      ];
      for (const [i, f] of files.entries()) {
        mkdirSync(join(scratch, String(i)));
        const path = join(scratch, String(i), f.name);
        writeFileSync(path, f.bytes);
        await sec.services.evidence.attachPath(campaignId, f.unit, f.criterion, path, ACTOR);
      }
      const pkg = sec.services.exchange.exportCampaignPackage(campaignId, registered.uid);
      const summary = mem.services.exchange.importPackage(pkg.bytes, ACTOR);
      await fn({ sec, mem, secDir, memDir, scratch, campaignId, memberCampaignId: summary.campaignId, memberUid: registered.uid, files });
    } finally {
      sec.close();
      mem.close();
      t.cleanup();
    }
  };
}

/** The store's blob files and the database bytes: equal snapshots mean nothing was written. */
function snapshot(app: AppCore, dataDir: string): { store: string[]; rows: string } {
  const root = join(dataDir, 'evidence');
  const store: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else store.push(`${relative(root, full)} ${sha(readFileSync(full))}`);
    }
  };
  if (existsSync(root)) walk(root);
  const rows = ['evidence', 'evidence_blob', 'history', 'package_import']
    .map((t) => JSON.stringify(app.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()))
    .join('\n');
  return { store, rows };
}

async function exportBundle(w: World, forMember: string | null, name = 'b.parevd'): Promise<string> {
  const out = join(w.scratch, name);
  await w.sec.services.evidenceBundle.exportBundle(w.campaignId, forMember, out);
  return out;
}

/** A tar with these entries, written with the backup container's header (the format the app reads). */
function tar(entries: Array<{ path: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e.path, e.data.length, 0), e.data, Buffer.alloc(padding(e.data.length)));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function bundleOf(campaignUid: string, blobs: Array<{ sha256: string; data: Buffer; path?: string }>, manifestEntries?: unknown[]): Buffer {
  const entries = blobs.map((b) => ({ path: b.path ?? `evidence/${b.sha256.slice(0, 2)}/${b.sha256}`, data: b.data }));
  const manifest = {
    format: 'par-evidence-bundle', formatVersion: 1, campaignUid, campaignName: 'Đợt', forMember: null, createdAt: '2026-01-01T00:00:00Z',
    entries: manifestEntries ?? entries.map((e, i) => ({ path: e.path, size: e.data.length, sha256: blobs[i]!.sha256 })),
  };
  return tar([...entries, { path: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }]);
}

const listOf = (w: World, unit: string) => w.mem.services.evidence.list(w.memberCampaignId, unit);
const items = (l: EvidenceUnitList) => l.criteria.flatMap((g) => g.items.map((i) => ({ criterion: g.criterionCode, ...i })));

test('the campaign package carries the evidence links: the member lists every file, none available yet', withWorld(async (w) => {
  const list = items(listOf(w, 'SBN01'));
  assert.deepEqual(
    list.map((i) => [i.criterion, i.fileName, i.size, i.sha256, i.available]).sort(),
    w.files.filter((f) => f.unit === 'SBN01').map((f) => [f.criterion, f.name, f.bytes.length, sha(f.bytes), false]).sort(),
  );
  assert.equal(list[0]!.mediaType, 'application/pdf');
  // Preview refuses with the instruction to import the bundle, not a store error.
  assert.throws(() => w.mem.services.evidence.openEvidenceStream(list[0]!.id), (e: unknown) => e instanceof AppError && /chưa có trên máy này.*\.parevd/.test(e.message));
  // Nothing in the member's store yet.
  assert.equal(snapshot(w.mem, w.memDir).store.filter((p) => !p.startsWith('tmp')).length, 0);
}));

test('a per-member bundle carries exactly the blobs of the member\'s cells (assigned area, minus recused units)', withWorld(async (w) => {
  const plan = w.sec.services.evidenceBundle.plan(w.campaignId, w.memberUid);
  const mine = w.files.filter((f) => f.criterion.startsWith('1.') && f.unit !== 'SBN02');
  const expected = [...new Set(mine.map((f) => sha(f.bytes)))].sort();
  assert.equal(plan.files, expected.length);
  assert.equal(plan.bytes, [...new Map(mine.map((f) => [sha(f.bytes), f.bytes.length])).values()].reduce((a, b) => a + b, 0));
  const out = await exportBundle(w, w.memberUid);
  // Read the tar by hand: the entry names are the blobs' hashes.
  const bytes = readFileSync(out);
  const names: string[] = [];
  for (let pos = 0; pos + BLOCK <= bytes.length; ) {
    const h = bytes.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    const name = h.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, ''), 8);
    names.push(name);
    if (name !== 'manifest.json') assert.equal(sha(bytes.subarray(pos + BLOCK, pos + BLOCK + size)), name.split('/')[2]);
    pos += BLOCK + size + padding(size);
  }
  assert.deepEqual(names.filter((n) => n !== 'manifest.json').map((n) => n.split('/')[2]).sort(), expected);
  assert.equal(names[names.length - 1], 'manifest.json');

  const all = w.sec.services.evidenceBundle.plan(w.campaignId, null);
  assert.equal(all.files, new Set(w.files.map((f) => sha(f.bytes))).size, 'the bundle for everybody has every distinct file');
}));

test('importing the bundle fills exactly the referenced blobs; previews then work; re-importing changes nothing', withWorld(async (w) => {
  const out = await exportBundle(w, w.memberUid);
  const r = await w.mem.services.evidenceBundle.importBundle(out, 'b.parevd', ACTOR);
  const mine = new Set(w.files.filter((f) => f.criterion.startsWith('1.') && f.unit !== 'SBN02').map((f) => sha(f.bytes)));
  assert.equal(r.newFiles, mine.size);
  assert.equal(r.alreadyHere, 0);
  // The recused unit's and area 2's files did not come: still waiting.
  assert.equal(r.stillMissing, 2);
  for (const f of w.files) {
    const item = items(listOf(w, f.unit)).find((i) => i.criterion === f.criterion && i.fileName === f.name)!;
    assert.equal(item.available, mine.has(sha(f.bytes)), `${f.unit} ${f.criterion} ${f.name}`);
    if (item.available) {
      const stream = w.mem.services.evidence.openEvidenceStream(item.id);
      const chunks: Buffer[] = [];
      for await (const c of stream.stream) chunks.push(c as Buffer);
      assert.equal(sha(Buffer.concat(chunks)), sha(f.bytes), 'the previewed bytes are the secretariat\'s file');
    }
  }
  const before = snapshot(w.mem, w.memDir);
  const again = await w.mem.services.evidenceBundle.importBundle(out, 'b.parevd', ACTOR);
  assert.equal(again.newFiles, 0);
  assert.equal(again.alreadyHere, mine.size);
  assert.deepEqual(snapshot(w.mem, w.memDir).store, before.store, 'the store is unchanged by a re-import');
  // The full bundle then brings the rest.
  const full = await w.mem.services.evidenceBundle.importBundle(await exportBundle(w, null, 'all.parevd'), 'all.parevd', ACTOR);
  assert.equal(full.stillMissing, 0);
  assert.equal(full.newFiles, new Set(w.files.map((f) => sha(f.bytes))).size - mine.size);
}));

test('bad bundles are refused with a Vietnamese reason, leaving the member\'s database and store as they were', withWorld(async (w) => {
  const campaignUid = w.sec.services.campaigns.require(w.campaignId).uid;
  const good = w.files[0]!.bytes;
  const goodSha = sha(good);
  const stranger = pdf('not referenced');
  const cases: Array<[string, Buffer, RegExp]> = [
    ['unreferenced', bundleOf(campaignUid, [{ sha256: goodSha, data: good }, { sha256: sha(stranger), data: stranger }]), /không thuộc tài liệu kiểm chứng nào/],
    ['wrong hash', bundleOf(campaignUid, [{ sha256: goodSha, data: Buffer.from(good).fill(0x41, 100, 110) }]), /không khớp với mã băm/],
    ['traversal', bundleOf(campaignUid, [{ sha256: goodSha, data: good, path: '../../evil/x' }]), /nằm ngoài bố cục/],
    ['foreign campaign', bundleOf('another-campaign-uid', [{ sha256: goodSha, data: good }]), /chưa có trên máy này.*\.parpkg/],
    ['manifest lists more', bundleOf(campaignUid, [{ sha256: goodSha, data: good }], [
      { path: `evidence/${goodSha.slice(0, 2)}/${goodSha}`, size: good.length, sha256: goodSha },
      { path: `evidence/ab/${'ab'.repeat(32)}`, size: 10, sha256: 'ab'.repeat(32) },
    ]), /không có trong gói/],
    ['not a tar', Buffer.from('hello, this is not a bundle at all'.repeat(40)), /bị hỏng|không phải/],
  ];
  // A real bundle cut short, and one whose size field was grown past the file (a "bomb" that claims GBs).
  const real = readFileSync(await exportBundle(w, w.memberUid));
  cases.push(['truncated', real.subarray(0, real.length - 3000), /cắt cụt|thiếu phần/]);
  const bomb = Buffer.from(real);
  const header = tarHeader(`evidence/${goodSha.slice(0, 2)}/${goodSha}`, 50 * 1024 ** 3, 0);
  header.copy(bomb, 0);
  cases.push(['bomb size', bomb, /cắt cụt|không khớp/]);
  const before = snapshot(w.mem, w.memDir);
  for (const [label, bytes, pattern] of cases) {
    const path = join(w.scratch, `${label}.parevd`);
    writeFileSync(path, bytes);
    await assert.rejects(w.mem.services.evidenceBundle.importBundle(path, `${label}.parevd`, ACTOR), (e: unknown) => {
      assert.ok(e instanceof AppError, label);
      assert.match(e.message, pattern, `${label}: ${e.message}`);
      assert.match(e.message, /Không có gì (được ghi|bị thay đổi)/, label);
      return true;
    });
    const after = snapshot(w.mem, w.memDir);
    assert.deepEqual(after.store, before.store, `${label}: store unchanged`);
    assert.equal(after.rows, before.rows, `${label}: database unchanged`);
  }
}));

test('an old campaign package without links still imports (no evidence listed, nothing waiting)', withWorld(async (w) => {
  const pkg = readPackage(w.sec.services.exchange.exportCampaignPackage(w.campaignId, null).bytes);
  const payload = JSON.parse(Buffer.from(pkg.payloadBytes).toString('utf8')) as Record<string, unknown>;
  assert.ok(Array.isArray(payload.evidence) && payload.evidence.length === w.files.length, 'a new package carries one link per attached file');
  delete payload.evidence;
  const { format: _f, payloadSha256: _h, payloadSize: _s, ...manifest } = pkg.manifest;
  const old = writePackage({ ...manifest, sequence: manifest.sequence + 1 }, payload, loadPrivateKey(w.secDir, pkg.signer));
  const t = tempDir('par-evd-old-');
  const fresh = openApp({ dataDir: t.dir, host: 'cli' });
  try {
    const r = fresh.services.exchange.importPackage(old, ACTOR);
    assert.equal(r.alreadyImported, false);
    assert.equal(fresh.services.evidence.list(r.campaignId, 'SBN01').fileCount, 0);
    assert.doesNotMatch(r.notes.join(' '), /parevd/);
  } finally {
    fresh.close();
    t.cleanup();
  }
}));

test('the integrity check on a member\'s machine counts only the files that have arrived', withWorld(async (w) => {
  const waiting = await w.mem.services.evidence.verify(w.memberCampaignId);
  assert.deepEqual([waiting.checkedFiles, waiting.missing.length, waiting.altered.length], [0, 0, 0], 'files still to come are not "missing from the store"');
  await w.mem.services.evidenceBundle.importBundle(await exportBundle(w, w.memberUid), 'b.parevd', ACTOR);
  const after = await w.mem.services.evidence.verify(w.memberCampaignId);
  assert.equal(after.checkedFiles, 2);
  assert.deepEqual([after.missing.length, after.altered.length], [0, 0]);
}));

test('a newer package withdraws a link the secretariat removed; files the member attached stay', withWorld(async (w) => {
  // The member attaches a file of their own to a cell.
  writeFileSync(join(w.scratch, 'Ghi chú của tôi.pdf'), pdf('mine'));
  await w.mem.services.evidence.attachPath(w.memberCampaignId, 'SBN01', '1.1.1', join(w.scratch, 'Ghi chú của tôi.pdf'), 'Thành viên');
  // The secretariat removes one of its files and sends a new package.
  const removed = items(w.sec.services.evidence.list(w.campaignId, 'SBN01')).find((i) => i.fileName === 'Kế hoạch CCHC.pdf')!;
  w.sec.services.evidence.remove(removed.id, ACTOR);
  const r = w.mem.services.exchange.importPackage(w.sec.services.exchange.exportCampaignPackage(w.campaignId, null).bytes, ACTOR);
  assert.match(r.notes.join(' '), /1 tài liệu kiểm chứng đã được Tổ thư ký gỡ/);
  const names = items(listOf(w, 'SBN01')).map((i) => `${i.criterion} ${i.fileName}`).sort();
  assert.deepEqual(names, ['1.1.1 Ghi chú của tôi.pdf', '1.1.2 Báo cáo.pdf', '2.1.1 Lĩnh vực 2.pdf']);
  const history = w.mem.db.prepare("SELECT action, unit_code AS unit, criterion_code AS criterion FROM history WHERE action = 'evidence.remove'").all();
  assert.deepEqual(history, [{ action: 'evidence.remove', unit: 'SBN01', criterion: '1.1.1' }]);
}));
