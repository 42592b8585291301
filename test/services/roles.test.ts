// Roles and trust between the two machines, through the real dispatcher of two data folders: a member's
// machine refuses the secretariat's tools; the identity file is named after the person; evidence a member
// attaches reaches the secretariat (listed in the signed member package, files in the member's .parevd);
// a refused input and a duplicate workbook speak Vietnamese; the audit log words its values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { readPackage } from '../../electron/exchange/container.js';
import { reasonText } from '../../electron/services/audit.js';
import type { AuditPage, EvidenceUnitList, PackageImportSummary } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'Kiểm thử' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n`), randomBytes(4000), Buffer.from('\n%%EOF\n')]);

async function call<T>(app: AppCore, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

async function refused(app: AppCore, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r: Reply<unknown> = await app.dispatch(method, input, ctx);
  assert.equal(r.ok, false, `${method} should be refused`);
  return r.ok ? { code: '', message: '' } : r.error;
}

interface Pair {
  sec: AppCore;
  mem: AppCore;
  dir: string;
  campaignId: number;
  memberCampaignId: number;
  memberUid: string;
  pubName: string;
}

/** A secretariat (demo campaign) and a member (Nguyễn Văn An, area 1) who imported the campaign package. */
async function withPair(fn: (p: Pair) => Promise<void>): Promise<void> {
  const t = tempDir('par-roles-');
  const sec = openApp({ dataDir: join(t.dir, 'sec'), host: 'browser' });
  const mem = openApp({ dataDir: join(t.dir, 'mem'), host: 'cli' });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    await call(mem, 'member/saveSelf', { name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
    const identity = await call<{ fileName: string; contentBase64: string }>(mem, 'identity/export', {});
    const registered = await call<{ uid: string }>(sec, 'identity/register', { campaignId, fileName: identity.fileName, contentBase64: identity.contentBase64 });
    await call(sec, 'member/assign', { campaignId, memberUid: registered.uid, areas: ['1'], units: [] });
    const pkg = await call<{ contentBase64: string }>(sec, 'package/export', { campaignId });
    // The first campaign package asks for the secretariat's fingerprint, checked by phone.
    const asked = await call<{ kind?: string; fingerprint?: string }>(mem, 'package/import', { fileName: 'dot.parpkg', contentBase64: pkg.contentBase64 });
    const imported = await call<PackageImportSummary>(mem, 'package/import', { fileName: 'dot.parpkg', contentBase64: pkg.contentBase64, confirmFingerprint: asked.fingerprint });
    await fn({ sec, mem, dir: t.dir, campaignId, memberCampaignId: imported.campaignId, memberUid: registered.uid, pubName: identity.fileName });
  } finally {
    sec.close();
    mem.close();
    t.cleanup();
  }
}

test("a member's machine refuses the secretariat's tools in Vietnamese; the secretariat's still serves them", () =>
  withPair(async ({ sec, mem, memberCampaignId, memberUid, campaignId }) => {
    const workbook = workbookBuffer(smallWorkbook()).toString('base64');
    const calls: Array<[string, unknown]> = [
      ['campaign/create', { name: 'Đợt mới', year: 2026, issuer: 'UBND', template: { kind: 'bundled' } }],
      ['campaign/delete', { campaignId: memberCampaignId }],
      ['workbook/import', { fileName: 'dot.xlsx', contentBase64: workbook }],
      ['member/assign', { campaignId: memberCampaignId, memberUid, areas: ['1', '2'], units: [] }],
      ['annex/export', { campaignId: memberCampaignId, annex: 'I', format: 'xlsx' }],
      ['campaign/finalize', { campaignId: memberCampaignId }],
      ['score/set', { campaignId: memberCampaignId, unitCode: 'SBN01', criterionCode: '1.1.1', pointsMilli: 500 }],
    ];
    const before = mem.services.campaigns.list().length;
    for (const [method, input] of calls) {
      const error = await refused(mem, method, input);
      assert.equal(error.code, 'forbidden', method);
      assert.match(error.message, /máy của thành viên Hội đồng "Nguyễn Văn An": chức năng này chỉ dành cho Tổ thư ký/, method);
    }
    assert.equal(mem.services.campaigns.list().length, before, 'nothing was created or deleted');
    assert.equal(mem.services.campaigns.require(memberCampaignId).status, 'open');
    // The member's own work still runs.
    await call(mem, 'proposal/set', { campaignId: memberCampaignId, unitCode: 'SBN01', criterionCode: '1.1.1', input: { kind: 'points', pointsMilli: 500 } });
    // The secretariat's machine serves the same methods.
    const annex = await call<{ fileName: string }>(sec, 'annex/export', { campaignId, annex: 'I', format: 'xlsx' });
    assert.match(annex.fileName, /\.xlsx$/);
  }));

test('the identity file is named after the person', () =>
  withPair(async ({ pubName }) => {
    assert.equal(pubName, 'nguyen-van-an.pub');
  }));

test("evidence a member attaches reaches the secretariat: listed in the signed member package, files in the member's bundle", () =>
  withPair(async ({ sec, mem, dir, campaignId, memberCampaignId }) => {
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    const plan = pdf('biên bản kiểm tra');
    writeFileSync(join(scratch, 'Biên bản kiểm tra.pdf'), plan);
    await mem.services.evidence.attachPath(memberCampaignId, 'SBN01', '1.1.1', join(scratch, 'Biên bản kiểm tra.pdf'), 'Nguyễn Văn An');

    // The member package names the file (inside the signed payload).
    const pkg = await call<{ fileName: string; contentBase64: string }>(mem, 'package/export', { campaignId: memberCampaignId });
    const bytes = Buffer.from(pkg.contentBase64, 'base64');
    const read = readPackage(bytes);
    const payload = JSON.parse(Buffer.from(read.payloadBytes).toString('utf8')) as { evidence?: Array<{ sha256: string; fileName: string; size: number }> };
    assert.deepEqual(payload.evidence?.map((e) => [e.fileName, e.sha256, e.size]), [['Biên bản kiểm tra.pdf', sha(plan), plan.length]]);

    // The member's bundle: exported on the member's machine, it holds the member's own files.
    const out = join(scratch, 'an.parevd');
    const exported = await mem.services.evidenceBundle.exportBundle(memberCampaignId, null, out);
    assert.equal(exported.files, 1);
    assert.equal(exported.memberName, 'Nguyễn Văn An');
    assert.match(exported.fileName, /nguyen-van-an\.parevd$/i);

    // Before the member package, the secretariat refuses the bundle: no verified package named the file.
    const early = await sec.services.evidenceBundle.importBundle(out, 'an.parevd', 'Tổ thư ký').then(
      () => null,
      (e: Error) => e.message,
    );
    assert.match(early ?? '', /không gói đợt đánh giá hay gói thành viên nào đã nhập nhắc đến tệp này/);

    const summary = await call<PackageImportSummary>(sec, 'package/import', { fileName: pkg.fileName, contentBase64: pkg.contentBase64 });
    assert.ok(summary.notes.some((n) => /1 tài liệu kiểm chứng mới của thành viên/.test(n)), summary.notes.join(' | '));
    let list = await call<EvidenceUnitList>(sec, 'evidence/list', { campaignId, unitCode: 'SBN01' });
    let item = list.criteria.find((c) => c.criterionCode === '1.1.1')!.items.find((i) => i.fileName === 'Biên bản kiểm tra.pdf')!;
    assert.equal(item.available, false);
    assert.equal(item.addedBy, 'Nguyễn Văn An');

    const done = await sec.services.evidenceBundle.importBundle(out, 'an.parevd', 'Tổ thư ký');
    assert.equal(done.newFiles, 1);
    list = await call<EvidenceUnitList>(sec, 'evidence/list', { campaignId, unitCode: 'SBN01' });
    item = list.criteria.find((c) => c.criterionCode === '1.1.1')!.items.find((i) => i.fileName === 'Biên bản kiểm tra.pdf')!;
    assert.equal(item.available, true);
    assert.equal(sha(readFileSync(sec.services.evidence.store.blobPath(item.sha256))), sha(plan));

    // A file the member attaches later, bundled before its package reaches the secretariat: refused whole.
    const later = pdf('tệp sau');
    writeFileSync(join(scratch, 'Sau.pdf'), later);
    await mem.services.evidence.attachPath(memberCampaignId, 'SBN01', '1.1.2', join(scratch, 'Sau.pdf'), 'Nguyễn Văn An');
    const out2 = join(scratch, 'an-2.parevd');
    await mem.services.evidenceBundle.exportBundle(memberCampaignId, null, out2);
    await assert.rejects(sec.services.evidenceBundle.importBundle(out2, 'an-2.parevd', 'Tổ thư ký'), /Không có gì được ghi/);
    list = await call<EvidenceUnitList>(sec, 'evidence/list', { campaignId, unitCode: 'SBN01' });
    assert.equal(list.criteria.find((c) => c.criterionCode === '1.1.2')?.items.some((i) => i.fileName === 'Sau.pdf') ?? false, false);
  }));

test('a refused input names the field in Vietnamese words, never the validator text', async () => {
  const t = tempDir('par-zod-');
  const app = openApp({ dataDir: t.dir, host: 'browser', seedDemo: false });
  try {
    const big = await refused(app, 'identity/register', { campaignId: 1, fileName: 'to.pub', contentBase64: 'A'.repeat(100_004) });
    assert.equal(big.code, 'invalid_input');
    assert.equal(big.message, 'Tệp quá lớn (tối đa 73 KB).');
    const empty = await refused(app, 'member/saveSelf', { name: '', agency: '', role: '', kind: 'member' });
    assert.doesNotMatch(empty.message, /Too|expected|characters|name:/);
    assert.match(empty.message, /tên/);
  } finally {
    app.close();
    t.cleanup();
  }
});

test('importing the same workbook twice asks first; asked for a copy, it gets a name of its own', async () => {
  const t = tempDir('par-dup-');
  const app = openApp({ dataDir: t.dir, host: 'browser', seedDemo: false });
  try {
    const input = { fileName: 'dot.xlsx', contentBase64: workbookBuffer(smallWorkbook()).toString('base64') };
    await call(app, 'workbook/import', input);
    const again = await refused(app, 'workbook/import', input);
    assert.equal(again.code, 'conflict');
    assert.match(again.message, /Đã có đợt đánh giá ".+" năm \d{4}/);
    assert.equal(app.services.campaigns.list().length, 1);
    await call(app, 'workbook/import', { ...input, asCopy: true });
    const names = app.services.campaigns.list().map((c) => c.name);
    assert.equal(names.length, 2);
    assert.equal(new Set(names).size, 2, names.join(' | '));
    assert.ok(names.some((n) => / \(2\)$/.test(n)));
  } finally {
    app.close();
    t.cleanup();
  }
});

test('the audit log words its values: the policy and the package kind in Vietnamese', () =>
  withPair(async ({ sec, mem, campaignId, memberCampaignId }) => {
    await call(mem, 'proposal/set', { campaignId: memberCampaignId, unitCode: 'SBN01', criterionCode: '1.1.1', input: { kind: 'points', pointsMilli: 500 } });
    const pkg = await call<{ contentBase64: string }>(mem, 'package/export', { campaignId: memberCampaignId });
    await call(sec, 'package/import', { fileName: 'an.parpkg', contentBase64: pkg.contentBase64 });
    const page = await call<AuditPage>(sec, 'audit/list', { campaignId, offset: 0, limit: 500 });
    const texts = page.items.flatMap((i) => [i.oldText, i.newText, i.reason]).join('\n');
    assert.doesNotMatch(texts, /chính sách: assigned|loại: member|loại: campaign/);
    assert.match(texts, /loại: gói của thành viên/);
    // The consolidation's own reason, stored in code, reads as a sentence.
    assert.equal(reasonText('chính sách: assigned'), 'Cách tổng hợp: theo thành viên được phân công');
    assert.equal(reasonText('chính sách: median (vòng 2)'), 'Cách tổng hợp: trung vị các thành viên (vòng 2)');
    assert.equal(reasonText('Sai số liệu'), 'Sai số liệu');
  }));
