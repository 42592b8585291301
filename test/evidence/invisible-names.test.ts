// Invisible format characters in file names (U+202E and the other bidi controls, zero-width characters)
// are taken out wherever a name enters: an upload, a file chosen in the dialog, a bundle entry, a link
// in a campaign package. "hoa-don\u202Efdp.exe" would otherwise read "hoa-donexe.pdf".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { cleanFileName, displayName } from '../../electron/evidence/names.js';
import type { BundleImportResult, EvidenceItem, UploadStarted } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { ACTOR, pdfBytes, UNIT, withWorld } from './fixture.js';

const RLO = '\u202E';
const INVISIBLES = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u200D', '\uFEFF', '\u00AD'];

async function value<T>(reply: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await reply;
  if (!r.ok) assert.fail(r.error.message);
  return r.value as T;
}

test('the cleaned name is what the reader sees; messages show the characters that were there', () => {
  assert.equal(cleanFileName(`hoa-don${RLO}fdp.exe`), 'hoa-donfdp.exe');
  for (const c of INVISIBLES) assert.equal(cleanFileName(`Kế${c} hoạch.pdf`), 'Kế hoạch.pdf', `U+${c.codePointAt(0)!.toString(16)}`);
  assert.equal(cleanFileName('Ke\u0302\u0301 hoa\u0323ch.pdf'), 'Kế hoạch.pdf', 'NFC');
  assert.equal(displayName(`a${RLO}b`), 'a<U+202E>b');
});

test('an upload, a chosen file and a bundle entry keep their names without invisible characters', withWorld(async (w) => {
  const data = pdfBytes('hóa đơn');
  const begun = await value<UploadStarted>(w.call('evidence/uploadBegin', { fileName: `hoa-don${RLO}fdp.pdf`, size: data.length }));
  await value(w.call('evidence/uploadChunk', { uploadId: begun.uploadId, offset: 0, chunkBase64: data.toString('base64') }));
  const [uploaded] = await value<EvidenceItem[]>(w.call('evidence/uploadFinish', { uploadId: begun.uploadId, campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.1' }));
  assert.equal(uploaded?.fileName, 'hoa-donfdp.pdf');

  mkdirSync(w.scratch, { recursive: true });
  const chosen = join(w.scratch, `\u2067Biên bản\u2069${RLO}.pdf`);
  writeFileSync(chosen, pdfBytes('biên bản'));
  const [attached] = await value<EvidenceItem[]>(w.call('evidence/attachFile', { campaignId: w.campaignId, unitCode: UNIT, criterionCode: '1.1.2', fileToken: w.choose(chosen) }));
  assert.equal(attached?.fileName, 'Biên bản.pdf');

  const bundle = join(w.scratch, 'ho-so');
  mkdirSync(join(bundle, '1.2.1'), { recursive: true });
  writeFileSync(join(bundle, '1.2.1', `quyet-dinh${RLO}fdp.pdf`), pdfBytes('quyết định'));
  writeFileSync(join(bundle, '1.2.1', `\u200B\u200B${RLO}`), pdfBytes('vô hình'));
  const refused = await w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode: UNIT, fileToken: w.choose(bundle, 'evidenceFolder') });
  assert.ok(!refused.ok);
  assert.match(refused.error.message, /<U\+200B><U\+200B><U\+202E>.*ký tự vô hình/);
  rmSync(join(bundle, '1.2.1', `\u200B\u200B${RLO}`));
  const imported = await value<BundleImportResult>(w.call('evidence/importBundle', { campaignId: w.campaignId, unitCode: UNIT, fileToken: w.choose(bundle, 'evidenceFolder') }));
  assert.deepEqual(imported.criteria.find((c) => c.criterionCode === '1.2.1')?.items.map((i) => i.fileName), ['quyet-dinhfdp.pdf']);
}));

test('a link in a campaign package loses its invisible characters on the member’s side', async () => {
  const t = tempDir('par-invisible-');
  const sec = openApp({ dataDir: join(t.dir, 'sec'), host: 'cli', seedDemo: true });
  const mem = openApp({ dataDir: join(t.dir, 'mem'), host: 'cli' });
  try {
    const campaignId = sec.services.campaigns.list()[0]!.id;
    mem.services.workspace.saveSelf({ name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
    const id = mem.services.exchange.initSelf({ name: 'Trần Thị Bích', agency: 'Sở Y tế', role: 'Thành viên', kind: 'member' });
    const member = sec.services.exchange.registerMember(JSON.parse(JSON.stringify(id)), campaignId, ACTOR);
    sec.services.workspace.assign({ campaignId, memberUid: member.uid, areas: ['1'], units: [] }, ACTOR);
    mkdirSync(join(t.dir, 'in'));
    const path = join(t.dir, 'in', 'hoa-don.pdf');
    writeFileSync(path, pdfBytes('hóa đơn'));
    await sec.services.evidence.attachPath(campaignId, UNIT, '1.1.1', path, ACTOR);
    // A secretariat on an older version kept the name as it came.
    sec.db.prepare('UPDATE evidence SET original_name = ?').run(`hoa-don${RLO}fdp.exe`);
    const pkg = sec.services.exchange.exportCampaignPackage(campaignId, member.uid);
    const summary = mem.services.exchange.importPackage(pkg.bytes, ACTOR);
    const links = mem.services.evidence.list(summary.campaignId, UNIT).criteria.flatMap((c) => c.items.map((i) => i.fileName));
    assert.deepEqual(links, ['hoa-donfdp.exe']);
  } finally {
    sec.close();
    mem.close();
    t.cleanup();
  }
});
