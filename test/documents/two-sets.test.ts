// The draft decision and the council's report for a campaign with two criteria sets: Điều 1 lists the
// three annexes once each (each holds both groups), and each group's lost-points figures name its own
// set's areas (area 2 is "Cải cách thủ tục hành chính" for departments, "Cải cách tổ chức bộ máy" for communes).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openApp } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { twoSetWorkbook, workbookBuffer } from '../helpers.js';
import { tempDir } from '../annex/support.js';
import { ctx, docxParagraphs } from './support.js';

test('two criteria sets: Điều 1 lists Phụ lục I, II, III once for both groups; each group loses points in its own set\'s areas', async () => {
  const dir = tempDir('par-docs-');
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: false });
  try {
    const { campaignId } = app.services.campaigns.importWorkbookContent(parseCampaignWorkbook(workbookBuffer(twoSetWorkbook())), ctx.actor, 'hai-bo.xlsx', false);
    const get = async (method: 'document/decision' | 'document/report') => {
      const r = await app.dispatch(method, { campaignId }, ctx);
      if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
      return docxParagraphs(Buffer.from((r.value as { contentBase64: string }).contentBase64, 'base64'));
    };
    const decision = await get('document/decision');
    const article = decision.find((p) => p.startsWith('Điều 1.'));
    assert.ok(article?.includes('(Sở, ban, ngành: 3 đơn vị; UBND xã, phường: 3 đơn vị)'), `Điều 1 counts both groups: ${article}`);
    for (const n of ['I', 'II', 'III']) {
      assert.equal(decision.filter((p) => p.includes(`Phụ lục ${n}:`)).length, 1, `Phụ lục ${n} listed once`);
    }
    // Each level was appraised under its own Bộ Chỉ số: both are cited, each naming its set and the units it applies to.
    const basis = decision.filter((p) => p.includes('ban hành Bộ Chỉ số cải cách hành chính'));
    assert.equal(basis.length, 2, basis.join('\n'));
    assert.match(basis[0]!, /\(Bộ tiêu chí cấp sở\) và phương pháp đánh giá, xếp hạng Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành;$/);
    assert.match(basis[1]!, /\(Bộ tiêu chí cấp xã\) và phương pháp đánh giá, xếp hạng Chỉ số cải cách hành chính năm 2025 của UBND xã, phường;$/);

    const report = await get('document/report');
    const lost = report.filter((p) => p.startsWith('đ) Các lĩnh vực bị mất nhiều điểm nhất'));
    assert.equal(lost.length, 2, 'one lost-points line per group');
    // By hand: Sở Y tế loses 3, 2, 2 in areas 1, 2, 3; the communes lose 5, 6, 8 (Xã Mỹ Khánh's 2.2 does not apply).
    assert.ok(lost[0]!.endsWith(': 1. Công tác chỉ đạo, điều hành; 2. Cải cách thủ tục hành chính; 3. Khảo sát sự hài lòng (Bảng 2).'), lost[0]);
    assert.ok(lost[1]!.endsWith(': 3. Khảo sát sự hài lòng; 2. Cải cách tổ chức bộ máy; 1. Công tác chỉ đạo, điều hành (Bảng 4).'), lost[1]);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
