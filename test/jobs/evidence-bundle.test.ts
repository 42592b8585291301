// Evidence bundles run in the job worker: export and import report files n/N by bytes, a cancel at
// any point leaves no bundle file (final, .job or .part), no row and no blob behind, the integrity
// check stays clean, and a finished job gives what the service gives on the main thread.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import type { EvidenceBundleExported, EvidenceBundleImported, IntegrityReport, Progress } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { heldTransaction } from '../../electron/db/database.js';
import { BUNDLES_FOLDER, openEvidenceBundle } from '../../electron/exchange/evidence-bundle.js';
import { tempDir } from '../helpers.js';
import { hashRows } from './support.js';

const ACTOR = 'Kiểm thử';
const FILES = 20;
const folders: Array<() => void> = [];
after(() => folders.forEach((cleanup) => cleanup()));

async function call<T>(app: AppCore, method: string, input: unknown, ctx: Partial<{ progress: (p: Progress) => void; jobId: string }> = {}): Promise<T> {
  const r = await app.dispatch(method, input, { actor: ACTOR, ...ctx });
  if (!r.ok) throw AppError.fromShape(r.error);
  return r.value as T;
}

/** A secretariat with FILES evidence files on area-1 cells, and a member's machine with the campaign package. */
async function world(): Promise<{ sec: AppCore; member: () => Promise<{ app: AppCore; dataDir: string; campaignId: number }>; campaignId: number; scratch: string }> {
  const t = tempDir('par-jobs-evd-');
  folders.push(t.cleanup);
  const scratch = join(t.dir, 'scratch');
  mkdirSync(scratch);
  const sec = openApp({ dataDir: join(t.dir, 'sec'), host: 'browser' });
  const campaignId = sec.services.campaigns.list()[0]!.id;
  const leaves = ['1.1.1', '1.1.2', '1.2.1'];
  for (let i = 0; i < FILES; i++) {
    const path = join(scratch, `tai-lieu-${i}.pdf`);
    writeFileSync(path, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000), Buffer.from('\n%%EOF\n')]));
    await sec.services.evidence.attachPath(campaignId, 'SBN01', leaves[i % leaves.length]!, path, ACTOR);
  }
  let members = 0;
  const member = async () => {
    const dataDir = join(t.dir, `mem-${members++}`);
    const app = openApp({ dataDir, host: 'browser' });
    await call(app, 'member/saveSelf', { name: `Thành viên ${members}`, agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
    const identity = await call<{ contentBase64: string }>(app, 'identity/export', {});
    const { uid } = await call<{ uid: string }>(sec, 'identity/register', { campaignId, fileName: `m${members}.pub`, contentBase64: identity.contentBase64 });
    sec.services.workspace.assign({ campaignId, memberUid: uid, areas: ['1'], units: [] }, ACTOR);
    const summary = app.services.exchange.importPackage(sec.services.exchange.exportCampaignPackage(campaignId, uid).bytes, ACTOR);
    return { app, dataDir, campaignId: summary.campaignId };
  };
  return { sec, member, campaignId, scratch };
}

/** Every file of the store (blobs; temp files left behind would show too) with its hash. */
function storeFiles(dataDir: string): string[] {
  const root = join(dataDir, 'evidence');
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(`${relative(root, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

const bundlesOf = (app: AppCore): string[] => {
  const folder = join(app.info.dataDir, BUNDLES_FOLDER);
  return existsSync(folder) ? readdirSync(folder).sort() : [];
};

async function entriesOf(path: string): Promise<string[]> {
  const bundle = await openEvidenceBundle(path, 'b.parevd');
  try {
    return bundle.manifest.entries.map((e) => `${e.path} ${e.size} ${e.sha256}`).sort();
  } finally {
    await bundle.close();
  }
}

/** Uploads a file through the chunked upload, as the browser does. */
async function upload(app: AppCore, path: string): Promise<string> {
  const bytes = readFileSync(path);
  const { uploadId } = await call<{ uploadId: string }>(app, 'evidenceBundle/uploadBegin', { fileName: 'b.parevd', size: bytes.length });
  const step = 512 * 1024;
  for (let offset = 0; offset < bytes.length; offset += step) {
    await call(app, 'evidence/uploadChunk', { uploadId, offset, chunkBase64: bytes.subarray(offset, offset + step).toString('base64') });
  }
  return uploadId;
}

test('a bundle export runs in the worker, counts files by bytes, and holds what the main thread writes', async () => {
  const { sec, campaignId, scratch } = await world();
  try {
    const seen: Progress[] = [];
    const made = await call<EvidenceBundleExported & { downloadName: string }>(sec, 'evidenceBundle/export', { campaignId }, { progress: (p) => seen.push(p), jobId: 'x1' });
    const files = seen.filter((p) => /^Đang ghi gói tài liệu kiểm chứng: tệp \d+\/20…$/.test(p.phase));
    assert.equal(files.length, FILES, seen.map((p) => p.phase).join('\n'));
    assert.equal(files.at(-1)!.phase, 'Đang ghi gói tài liệu kiểm chứng: tệp 20/20…');
    assert.equal(files.at(-1)!.done, files.at(-1)!.total);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.done >= seen[i - 1]!.done, 'progress never goes back');
    assert.deepEqual(bundlesOf(sec), [made.downloadName], 'only the finished bundle, under its own name');
    assert.equal(made.path, join(sec.info.dataDir, BUNDLES_FOLDER, made.downloadName));
    assert.equal(made.files, FILES);

    const direct = join(scratch, 'direct.parevd');
    const mainThread = await sec.services.evidenceBundle.exportBundle(campaignId, null, direct);
    assert.deepEqual(await entriesOf(made.path), await entriesOf(direct));
    assert.deepEqual({ ...made, path: '', size: 0, downloadName: '' }, { ...mainThread, path: '', size: 0, downloadName: '' });
  } finally {
    sec.close();
  }
});

test('a cancelled bundle export leaves the bundles folder and the database as they were', async () => {
  const { sec, campaignId } = await world();
  try {
    await call(sec, 'evidenceBundle/export', { campaignId });
    const before = { bundles: bundlesOf(sec), rows: hashRows(sec.info.dbPath) };
    let cancelReply: Promise<unknown> | null = null;
    const reply = await sec.dispatch('evidenceBundle/export', { campaignId }, {
      actor: ACTOR, jobId: 'x2',
      progress: (p) => {
        if (p.done > 0) cancelReply ??= sec.dispatch('job/cancel', { jobId: 'x2' }, { actor: ACTOR });
      },
    });
    assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
    assert.equal(!reply.ok && reply.error.code, 'cancelled', JSON.stringify(reply));
    assert.deepEqual({ bundles: bundlesOf(sec), rows: hashRows(sec.info.dbPath) }, before);
    assert.deepEqual(await call(sec, 'evidenceBundle/status', {}), { busy: null, progress: null });
  } finally {
    sec.close();
  }
});

test('a bundle import runs in the worker and gives what the main thread gives; the integrity check is clean', async () => {
  const { sec, member, campaignId, scratch } = await world();
  const a = await member();
  const b = await member();
  try {
    const bundle = join(scratch, 'all.parevd');
    await sec.services.evidenceBundle.exportBundle(campaignId, null, bundle);
    const seen: Progress[] = [];
    const imported = await call<EvidenceBundleImported>(a.app, 'evidenceBundle/import', { source: { kind: 'upload', uploadId: await upload(a.app, bundle) } }, { progress: (p) => seen.push(p), jobId: 'i1' });
    const files = seen.filter((p) => /^Đang kiểm tra và chép tài liệu kiểm chứng: tệp \d+\/20…$/.test(p.phase));
    assert.equal(files.length, FILES);
    assert.equal(files.at(-1)!.done, files.at(-1)!.total);
    const mainThread = await b.app.services.evidenceBundle.importBundle(bundle, 'b.parevd', ACTOR);
    assert.deepEqual({ ...imported, campaignId: 0 }, { ...mainThread, campaignId: 0 });
    assert.equal(imported.newFiles, FILES);
    assert.equal(imported.stillMissing, 0);
    const integrity = await call<IntegrityReport>(a.app, 'evidence/verify', { campaignId: a.campaignId });
    assert.equal(integrity.checkedFiles, FILES);
    assert.deepEqual([integrity.missing, integrity.altered], [[], []]);
    assert.deepEqual(storeFiles(a.dataDir).filter((f) => !f.startsWith('tmp')), storeFiles(b.dataDir).filter((f) => !f.startsWith('tmp')));
  } finally {
    a.app.close();
    b.app.close();
    sec.close();
  }
});

test('a bundle import cancelled mid-way leaves no row and no blob; importing again then works', async () => {
  const { sec, member, campaignId, scratch } = await world();
  const m = await member();
  try {
    const bundle = join(scratch, 'all.parevd');
    await sec.services.evidenceBundle.exportBundle(campaignId, null, bundle);
    const before = { rows: hashRows(m.app.info.dbPath), store: storeFiles(m.dataDir) };
    let cancelReply: Promise<unknown> | null = null;
    const reply = await m.app.dispatch('evidenceBundle/import', { source: { kind: 'upload', uploadId: await upload(m.app, bundle) } }, {
      actor: ACTOR, jobId: 'i2',
      progress: (p) => {
        if (p.done > 0) cancelReply ??= m.app.dispatch('job/cancel', { jobId: 'i2' }, { actor: ACTOR });
      },
    });
    assert.deepEqual(await cancelReply, { ok: true, value: { cancelled: true } });
    assert.equal(!reply.ok && reply.error.code, 'cancelled', JSON.stringify(reply));
    assert.equal(hashRows(m.app.info.dbPath), before.rows);
    assert.deepEqual(storeFiles(m.dataDir), before.store, 'no blob, no temp file, no upload left');
    const integrity = await call<IntegrityReport>(m.app, 'evidence/verify', { campaignId: m.campaignId });
    assert.deepEqual([integrity.checkedFiles, integrity.missing, integrity.altered], [0, [], []]);

    const again = await call<EvidenceBundleImported>(m.app, 'evidenceBundle/import', { source: { kind: 'upload', uploadId: await upload(m.app, bundle) } });
    assert.equal(again.newFiles, FILES);
  } finally {
    m.app.close();
    sec.close();
  }
});

// A cancel that lands after the files were placed but before the job's COMMIT cannot be timed from
// outside; this is what the worker does then: roll back, and run the undo the import handed over.
test('blobs placed inside a transaction that rolls back are taken out again by the import\'s undo', async () => {
  const { sec, member, campaignId, scratch } = await world();
  const m = await member();
  try {
    const bundle = join(scratch, 'all.parevd');
    await sec.services.evidenceBundle.exportBundle(campaignId, null, bundle);
    const before = { rows: hashRows(m.app.info.dbPath), store: storeFiles(m.dataDir) };
    const undos: Array<() => void> = [];
    heldTransaction.begin(m.app.db);
    const r = await m.app.services.evidenceBundle.importBundle(bundle, 'b.parevd', ACTOR, { onRollback: (undo) => undos.push(undo) });
    assert.equal(r.newFiles, FILES);
    assert.equal(storeFiles(m.dataDir).length, before.store.length + FILES, 'the files were placed');
    heldTransaction.rollback(m.app.db);
    for (const undo of undos) undo();
    assert.equal(hashRows(m.app.info.dbPath), before.rows);
    assert.deepEqual(storeFiles(m.dataDir), before.store);
  } finally {
    m.app.close();
    sec.close();
  }
});
