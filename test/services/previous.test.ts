import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from '../../electron/core/app.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import type { PreviousSummary } from '../../shared/contract.js';
import type { Ranking } from '../../shared/calc.js';
import { tempDir, workbookBuffer } from '../helpers.js';

const ctx = { actor: 'Thư ký' };
const b64 = (b: Buffer) => b.toString('base64');

async function ok<T>(p: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

test('previous results match by code, can be mapped by hand, and show in the ranking', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const sheet = workbookBuffer({
      'Kết quả': [
        ['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)', 'Xếp hạng'],
        ['SBN01', 'Sở Nội vụ', 80.5, 2],
        ['SBN02', 'Sở Tư pháp', '75,25', 4],
        ['QNK', 'Quận Ninh Kiều', 88, 1],
        ['HPD', 'Huyện Phong Điền', 70, 5],
      ],
    });
    let s = await ok<PreviousSummary>(app.dispatch('previous/import', { campaignId: id, fileName: 'kq-2024.xlsx', contentBase64: b64(sheet) }, ctx));
    assert.equal(s.year, 2024, 'default year is the campaign year − 1');
    assert.equal(s.units.find((u) => u.unitCode === 'SBN02')?.prevCode, 'SBN02');
    assert.deepEqual(s.unmatchedPrevious.map((p) => p.code).sort(), ['HPD', 'QNK']);

    // The 2025 reorganisation: Phường Ninh Kiều continues Quận Ninh Kiều.
    s = await ok<PreviousSummary>(app.dispatch('previous/map', { campaignId: id, unitCode: 'XP01', choice: { kind: 'unit', prevCode: 'QNK' } }, ctx));
    assert.equal(s.units.find((u) => u.unitCode === 'XP01')?.prevCode, 'QNK');
    assert.equal(s.units.find((u) => u.unitCode === 'XP01')?.explicit, true);
    s = await ok<PreviousSummary>(app.dispatch('previous/map', { campaignId: id, unitCode: 'SBN01', choice: { kind: 'none' } }, ctx));
    assert.equal(s.units.find((u) => u.unitCode === 'SBN01')?.prevCode, null);
    const missing = await app.dispatch('previous/map', { campaignId: id, unitCode: 'XP02', choice: { kind: 'unit', prevCode: 'NOPE' } }, ctx);
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'not_found');

    const ranking = await ok<Ranking>(app.dispatch('ranking/get', { campaignId: id }, ctx));
    const rows = ranking.groups.flatMap((g) => g.rows);
    assert.deepEqual(rows.find((r) => r.unitCode === 'XP01')?.previous, { year: 2024, prevCode: 'QNK', prevName: 'Quận Ninh Kiều', indexHundredths: 8800, rank: 1 });
    assert.equal(rows.find((r) => r.unitCode === 'SBN02')?.previous?.indexHundredths, 7525);
    assert.equal(rows.find((r) => r.unitCode === 'SBN01')?.previous, null);

    s = await ok<PreviousSummary>(app.dispatch('previous/map', { campaignId: id, unitCode: 'SBN01', choice: { kind: 'auto' } }, ctx));
    assert.equal(s.units.find((u) => u.unitCode === 'SBN01')?.prevCode, 'SBN01');
  } finally {
    app.close();
    cleanup();
  }
});

test('a previous campaign workbook is ranked and its year taken from the file', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const content = { ...app.services.campaigns.content(id), year: 2023 };
    const s = await ok<PreviousSummary>(app.dispatch('previous/import', { campaignId: id, fileName: 'dot-2023.xlsx', contentBase64: b64(writeCampaignWorkbook(content)) }, ctx));
    assert.equal(s.year, 2023);
    assert.equal(s.previous.length, 20);
    const ranking = app.services.previous.attach(id, app.services.scoring.ranking(id));
    for (const row of ranking.groups.flatMap((g) => g.rows)) {
      assert.equal(row.previous?.indexHundredths, row.indexHundredths, 'same data, same index');
      assert.equal(row.previous?.rank, row.rank);
    }
  } finally {
    app.close();
    cleanup();
  }
});

test('a bad previous-results sheet is refused, named, and changes nothing', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const bad = workbookBuffer({ 'Kết quả': [['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)'], ['A', 'Đơn vị A', 101], ['A', 'Đơn vị A lặp', 50]] });
    const r = await app.dispatch('previous/import', { campaignId: id, fileName: 'x.xlsx', contentBase64: b64(bad) }, ctx);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'import_invalid');
      assert.ok(r.error.issues?.some((i) => i.row === 2 && i.column === 'C (Chỉ số (%))' && /từ 0 đến 100/.test(i.message)));
      assert.ok(r.error.issues?.some((i) => i.row === 3 && /bị trùng/.test(i.message)));
    }
    const s = await ok<PreviousSummary>(app.dispatch('previous/get', { campaignId: id }, ctx));
    assert.equal(s.year, null);
    assert.equal(s.previous.length, 0);
  } finally {
    app.close();
    cleanup();
  }
});

test('previous/clear removes the results and the hand-made matches of that campaign only; a member\'s machine may not', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser' });
  try {
    const id = app.services.campaigns.list()[0]!.id;
    const other = app.services.campaigns.importWorkbookContent({ ...app.services.campaigns.content(id), name: 'Đợt khác' }, 'Thư ký', 'khac.xlsx', false).campaignId;
    const sheet = b64(workbookBuffer({ 'Kết quả': [['Mã đơn vị', 'Tên đơn vị', 'Chỉ số (%)'], ['SBN01', 'Sở Nội vụ', 80], ['QNK', 'Quận Ninh Kiều', 88]] }));
    for (const c of [id, other]) await ok(app.dispatch('previous/import', { campaignId: c, fileName: 'kq-2024.xlsx', contentBase64: sheet }, ctx));
    await ok(app.dispatch('previous/map', { campaignId: id, unitCode: 'XP01', choice: { kind: 'unit', prevCode: 'QNK' } }, ctx));

    const cleared = await ok<PreviousSummary>(app.dispatch('previous/clear', { campaignId: id }, ctx));
    assert.deepEqual([cleared.year, cleared.previous, cleared.unmatchedPrevious], [null, [], []]);
    assert.ok(cleared.units.every((u) => u.prevCode === null && !u.explicit), 'no match is left');
    const ranking = await ok<Ranking>(app.dispatch('ranking/get', { campaignId: id }, ctx));
    assert.ok(ranking.groups.flatMap((g) => g.rows).every((r) => !r.previous), 'the ranking shows no previous results');
    const kept = await ok<PreviousSummary>(app.dispatch('previous/get', { campaignId: other }, ctx));
    assert.deepEqual([kept.year, kept.previous.length], [2024, 2], 'the other campaign keeps its own');
    // Nothing leaves silently: the clear is in the campaign's history with what was there.
    const logged = app.services.repos.db.prepare("SELECT old_value AS o, new_value AS n FROM history WHERE campaign_id = ? AND action = 'previous.clear'").all(id);
    assert.deepEqual(logged, [{ o: JSON.stringify({ year: 2024, file: 'kq-2024.xlsx', rows: 2 }), n: null }], 'the clear is logged');

    const unknown = await app.dispatch('previous/clear', { campaignId: 999 }, ctx);
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'not_found');
    // A member's machine works on what the secretariat sends; it keeps the previous results it has.
    app.services.exchange.initSelf({ name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
    const refused = await app.dispatch('previous/clear', { campaignId: other }, ctx);
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'forbidden');
    assert.equal((await ok<PreviousSummary>(app.dispatch('previous/get', { campaignId: other }, ctx))).previous.length, 2);
  } finally {
    app.close();
    cleanup();
  }
});
