import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, rmSync, writeSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { BundleImportResult, IntegrityReport } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { pdfBytes, pngBytes, UNIT, withWorld, type EvidenceWorld } from './fixture.js';

const value = <T>(r: Reply<unknown>): T => {
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

async function importZip(w: EvidenceWorld, unitCode: string, files: Record<string, Record<string, Uint8Array>>): Promise<BundleImportResult> {
  mkdirSync(w.scratch, { recursive: true });
  const path = join(w.scratch, `${unitCode}.zip`);
  writeFileSync(path, zipSync(files));
  return value<BundleImportResult>(await w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode, fileToken: w.choose(path, 'evidenceFolder') }));
}

const blob = (w: EvidenceWorld, sha: string) => join(w.dataDir, 'evidence', sha.slice(0, 2), sha);

test('the integrity check names a deleted blob and a blob with one byte changed, by unit and criterion', withWorld(async (w) => {
  const a = await importZip(w, UNIT, { '1.1.1': { 'Kế hoạch.pdf': pdfBytes('a', 3000) }, '1.2.1': { 'Báo cáo.pdf': pdfBytes('b', 3000) } });
  await importZip(w, 'SBN02', { '7.1.1': { 'ảnh.png': pngBytes() } });
  const clean = value<IntegrityReport>(await w.call('evidence/verify', { campaignId: w.campaignId }));
  assert.deepEqual([clean.checkedFiles, clean.checkedLinks, clean.missing, clean.altered], [3, 3, [], []]);

  const deleted = a.criteria[0]!.items[0]!;
  const altered = a.criteria[1]!.items[0]!;
  rmSync(blob(w, deleted.sha256));
  const fd = openSync(blob(w, altered.sha256), 'r+');
  const original = readFileSync(blob(w, altered.sha256))[1000]!;
  writeSync(fd, Buffer.from([original ^ 0x01]), 0, 1, 1000);
  closeSync(fd);

  const report = value<IntegrityReport>(await w.call('evidence/verify', { campaignId: w.campaignId }));
  assert.equal(report.checkedFiles, 3);
  assert.deepEqual(report.missing.map((p) => [p.unitCode, p.unitName, p.criterionCode, p.fileName]), [[UNIT, 'Sở Nội vụ', '1.1.1', 'Kế hoạch.pdf']]);
  assert.deepEqual(report.altered.map((p) => [p.unitCode, p.unitName, p.criterionCode, p.fileName]), [[UNIT, 'Sở Nội vụ', '1.2.1', 'Báo cáo.pdf']]);

  // Serving refuses both rather than hand out a wrong file.
  const missingMeta = value<{ size: number }>(await w.call('evidence/meta', { evidenceId: deleted.id }));
  assert.equal(missingMeta.size, deleted.size);
  assert.throws(() => w.s.evidence.openEvidenceStream(deleted.id), /không còn trong kho/);
}));

test('a blob truncated or grown is reported altered without re-hashing', withWorld(async (w) => {
  const a = await importZip(w, UNIT, { '1.1.1': { 'x.pdf': pdfBytes('x', 3000) } });
  const item = a.criteria[0]!.items[0]!;
  writeFileSync(blob(w, item.sha256), Buffer.concat([readFileSync(blob(w, item.sha256)), Buffer.from('tail')]));
  const report = value<IntegrityReport>(await w.call('evidence/verify', { campaignId: w.campaignId }));
  assert.deepEqual(report.altered.map((p) => p.evidenceId), [item.id]);
  assert.equal(report.checkedBytes, 0);
  assert.throws(() => w.s.evidence.openEvidenceStream(item.id), /đã bị thay đổi/);
}));

test('a re-attached original repairs a damaged blob of another size', withWorld(async (w) => {
  const data = pdfBytes('repair', 3000);
  const a = await importZip(w, UNIT, { '1.1.1': { 'x.pdf': data } });
  const item = a.criteria[0]!.items[0]!;
  writeFileSync(blob(w, item.sha256), 'damaged');
  await importZip(w, 'SBN02', { '1.1.1': { 'x.pdf': data } });
  const report = value<IntegrityReport>(await w.call('evidence/verify', { campaignId: w.campaignId }));
  assert.deepEqual([report.missing, report.altered], [[], []]);
}));
