// Temp files left by a crash: upload parts and restore staging go once nothing writes to them any
// more, at the next start and while the app runs; a live upload's part is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import type { EvidenceItem, UploadStarted } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { pdfBytes, UNIT } from './fixture.js';

const ctx = { actor: 'Thử' };
const minutesAgo = (path: string, minutes: number) => {
  const t = new Date(Date.now() - minutes * 60_000);
  utimesSync(path, t, t);
};

test('upload parts and restore staging left by a crash are removed; a live upload is not', async () => {
  const { dir, cleanup } = tempDir('par-stale-');
  const dataDir = join(dir, 'data');
  const a = openApp({ dataDir, host: 'browser' });
  let b: ReturnType<typeof openApp> | null = null;
  try {
    // A live upload in the running app: half of a PDF received.
    const data = pdfBytes('đang tải', 20_000);
    const begun = await a.dispatch('evidence/uploadBegin', { fileName: 'Báo cáo.pdf', size: data.length }, ctx);
    assert.ok(begun.ok);
    const { uploadId } = begun.value as UploadStarted;
    assert.ok((await a.dispatch('evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: data.subarray(0, 10_000).toString('base64') }, ctx)).ok);
    const tmp = join(dataDir, 'evidence', 'tmp');
    const [livePart] = readdirSync(tmp).map((n) => join(tmp, n));
    assert.ok(livePart);

    // What a crash left behind: a part written two minutes ago, an old one, a restore's staging from two hours ago.
    const youngPart = join(tmp, 'upload-0a0a0a0a0a0a0a0a0a0a0a0a.part');
    const oldPart = join(tmp, 'put-0b0b0b0b0b0b0b0b0b0b0b0b.part');
    const stagedDb = join(dataDir, '.restore-0123456789abcdef.sqlite');
    const stagedBlobs = join(tmp, 'restore-0123456789abcdef');
    writeFileSync(youngPart, 'x'.repeat(100));
    writeFileSync(oldPart, 'x'.repeat(100));
    writeFileSync(stagedDb, 'SQLite format 3');
    writeFileSync(`${stagedDb}-wal`, '');
    mkdirSync(stagedBlobs);
    writeFileSync(join(stagedBlobs, 'ab'.repeat(32)), 'blob');
    minutesAgo(youngPart, 2);
    minutesAgo(oldPart, 20);
    for (const p of [stagedDb, `${stagedDb}-wal`, join(stagedBlobs, 'ab'.repeat(32)), stagedBlobs]) minutesAgo(p, 120);

    // The next start (here a second process on the same folder, as the CLI would be).
    b = openApp({ dataDir, host: 'cli' });
    assert.equal(existsSync(oldPart), false, 'an old part goes at start');
    assert.equal(existsSync(stagedDb), false, 'restore staging two hours old goes at start');
    assert.equal(existsSync(`${stagedDb}-wal`), false);
    assert.equal(existsSync(stagedBlobs), false);
    assert.equal(existsSync(youngPart), true, 'a part written two minutes ago may be another process’s upload');
    assert.equal(existsSync(livePart), true, 'the live upload is untouched');
    b.close();
    b = null;

    // While the app runs, the young part grows stale and goes; the live upload's part stays whatever its age.
    minutesAgo(youngPart, 20);
    minutesAgo(livePart, 20);
    a.services.evidence.uploads.sweep();
    assert.equal(existsSync(youngPart), false, 'an orphaned part goes once stale, without a restart');
    assert.equal(existsSync(livePart), true, 'the live upload is untouched');

    assert.ok((await a.dispatch('evidence/uploadChunk', { uploadId, offset: 10_000, chunkBase64: data.subarray(10_000).toString('base64') }, ctx)).ok);
    const campaignId = a.services.campaigns.list()[0]!.id;
    const done = await a.dispatch('evidence/uploadFinish', { uploadId, campaignId, unitCode: UNIT, criterionCode: '1.1.1' }, ctx);
    assert.ok(done.ok, done.ok ? '' : done.error.message);
    assert.equal((done.value as EvidenceItem[])[0]?.size, data.length);
  } finally {
    b?.close();
    a.close();
    cleanup();
  }
});
