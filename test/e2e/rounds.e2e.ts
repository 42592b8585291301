// The two appraisal rounds in the browser: a member (own host and data folder) scores round 1 and asks
// a unit to explain; the secretariat exports the explanation list, a broken answers file is refused with
// its sheet, row and column, the filled one is imported; round 2 is opened with a reason after a
// confirmation; the member re-scores and sees round 1's values beside the input; the secretariat's queue
// and round table show round 1 beside round 2.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import type { FilePayload } from '../../shared/contract.js';
import { withSession } from './harness.js';
import { api } from './member-support.js';
import { AppShell, ConsolidationPage, RoundsPage, WorkspacePage } from './pages.js';

const SHEET = 'XP09 Xã Vĩnh Thạnh';

test('explanations go to units and come back; round 2 opens with round 1 kept beside it', async () => {
  const work = mkdtempSync(join(tmpdir(), 'par-e2e-rounds-'));
  try {
    await withSession(async (sec) => {
      await withSession(async (mem) => {
        const page = sec.page;
        const app = new AppShell(page);
        const cons = new ConsolidationPage(page);
        const rounds = new RoundsPage(page);

        // The member's machine: profile and identity; the secretariat registers and assigns area 2.
        await api(mem, 'member/saveSelf', { name: 'Nguyễn Văn An', agency: 'Sở Tư pháp', role: 'Thành viên Hội đồng', kind: 'member' });
        const identity = await api<FilePayload>(mem, 'identity/export', {});
        const { uid } = JSON.parse(Buffer.from(identity.contentBase64, 'base64').toString('utf8')) as { uid: string };
        await api(sec, 'identity/register', { campaignId: 1, fileName: 'an.pub', contentBase64: identity.contentBase64 });
        await api(sec, 'member/assign', { campaignId: 1, memberUid: uid, areas: ['2'], units: [] });
        const handOut = async (): Promise<number> => {
          const pkg = await api<FilePayload>(sec, 'package/export', { campaignId: 1 });
          // The first campaign package asks for the secretariat's fingerprint (checked by phone); later ones do not.
          const answer = await api<{ kind: string; campaignId: number; fingerprint: string }>(mem, 'package/import', pkg);
          if (answer.kind !== 'confirm') return answer.campaignId;
          return (await api<{ campaignId: number }>(mem, 'package/import', { ...pkg, confirmFingerprint: answer.fingerprint })).campaignId;
        };
        const mc = await handOut();
        const score = (criterionCode: string, pointsMilli: number, reason: string) =>
          api(mem, 'proposal/set', { campaignId: mc, unitCode: 'XP09', criterionCode, input: { kind: 'points', pointsMilli }, reason });
        const sendBack = async () => {
          const pkg = await api<FilePayload>(mem, 'package/export', { campaignId: mc });
          await api(sec, 'package/import', pkg);
        };

        // Round 1: the member scores XP09 and asks the unit to explain 2.1.2.
        await score('2.1.1', 1000, 'Thiếu báo cáo');
        await score('2.1.2', 0, 'Chưa có biên bản lấy ý kiến');
        await api(mem, 'explanation/request', { campaignId: mc, unitCode: 'XP09', criterionCode: '2.1.2', text: 'Đề nghị gửi biên bản lấy ý kiến' });
        await sendBack();

        // The secretariat: round 1 in the toolbar; the explanation list exported from the rounds tab.
        await app.goto('consolidate');
        await cons.waitReady();
        await rounds.waitRound(1);
        await rounds.open();
        await rounds.waitCounts('Đang chờ trả lời: 1');
        const { path: listPath } = await app.download(() => page.getByTestId('explanations-export').click(), work);
        assert.match(listPath, /Yeu-cau-giai-trinh-\d{4}\.xlsx$/);
        const wb = XLSX.read(readFileSync(listPath));
        assert.deepEqual(wb.SheetNames, [SHEET]);
        const rows = XLSX.utils.sheet_to_json<Array<string | number>>(wb.Sheets[SHEET]!, { header: 1, defval: '' });
        assert.deepEqual(rows[7]!.slice(2, 8), [0, 0, 'Đề nghị gửi biên bản lấy ý kiến', 'Nguyễn Văn An', '', ''], 'self 0, round-1 final 0 (the one assigned member\'s), answer columns empty');

        // The unit fills it in; a copy with the criterion changed is refused, naming sheet, row and column.
        XLSX.utils.sheet_add_aoa(wb.Sheets[SHEET]!, [['Biên bản lấy ý kiến ngày 12/3 gửi kèm.', 'bien-ban.pdf']], { origin: 'G8' });
        const good = join(work, 'tra-loi.xlsx');
        writeFileSync(good, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
        XLSX.utils.sheet_add_aoa(wb.Sheets[SHEET]!, [['2.2.1 – Tiêu chí khác']], { origin: 'B8' });
        const broken = join(work, 'tra-loi-sai.xlsx');
        writeFileSync(broken, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
        const refused = await rounds.importAnswers(broken);
        assert.ok(!refused.ok);
        assert.match(refused.issues[0] ?? '', /XP09 Xã Vĩnh Thạnh.*8.*B \(Tiêu chí\).*tiêu chí đã bị sửa/);
        await rounds.waitCounts('Đang chờ trả lời: 1');
        await cons.screenshot('rounds-answers-refused');
        await rounds.closeIssues();
        const imported = await rounds.importAnswers(good);
        assert.ok(imported.ok && imported.text.includes('1 yêu cầu được trả lời'), JSON.stringify(imported));
        await rounds.waitCounts('Đã trả lời: 1');
        await cons.screenshot('rounds-panel-round1');

        // Round 2 opens after a confirmation with a reason; there is no way back, and the dialog says so.
        const asked = await rounds.askOpenRound2('Xã Vĩnh Thạnh đã giải trình và gửi biên bản');
        assert.equal(asked.disabledWithoutReason, true, 'no round 2 without a reason');
        await app.screenshot('rounds-open-dialog');
        await rounds.confirmOpenRound2();
        assert.equal(await page.getByTestId('round-open').count(), 0, 'round 2 cannot be opened twice');
        await page.getByTestId('round-state').filter({ hasText: 'Xã Vĩnh Thạnh đã giải trình và gửi biên bản' }).waitFor();

        // Round 2 reaches the member, who re-scores 2.1.2 only and sees round 1 beside the input.
        assert.equal(await handOut(), mc);
        await score('2.1.2', 2000, 'Đã có biên bản');
        const memApp = new AppShell(mem.page);
        const ws = new WorkspacePage(mem.page);
        await mem.page.reload();
        await mem.page.waitForSelector('body[data-ready="true"]');
        await mem.page.getByTestId('campaign-select').selectOption(String(mc));
        await memApp.goto('scoring');
        await ws.waitReady();
        await ws.openUnitByTyping('Vĩnh Thạnh', 'Xã Vĩnh Thạnh');
        await mem.page.locator('[data-testid="member-round"][data-round="2"]').waitFor();
        await mem.page.getByTestId('round2-banner').waitFor();
        assert.equal(((await mem.page.getByTestId('round1-2.1.2').textContent()) ?? '').trim(), 'Vòng 1: bạn 0 · kết quả 0');
        assert.equal(((await mem.page.getByTestId('round1-2.1.1').textContent()) ?? '').trim(), 'Vòng 1: bạn 1 · kết quả 1');
        assert.equal((await ws.rowInfo('2.1.2')).proposal, 2000);
        await ws.row('2.1.2').scrollIntoViewIfNeeded();
        await memApp.screenshot('rounds-member-workspace');
        await sendBack();

        // The secretariat's queue shows round 1 beside round 2; the round table follows.
        await page.getByTestId('consolidate-reload').click();
        await page.getByTestId('ctab-queue').click();
        const item = cons.item('XP09', '2.1.2');
        await item.waitFor();
        assert.equal(((await item.getByTestId('queue-round1').textContent()) ?? '').trim(), '0');
        await item.click();
        await page.getByTestId('detail-round1').filter({ hasText: /^0$/ }).waitFor();
        await page.getByTestId('detail-final').filter({ hasText: /^2$/ }).waitFor();
        await cons.screenshot('rounds-queue-round2');
        await rounds.open();
        const row = rounds.row('XP09');
        await row.getByTestId('round2-total').filter({ hasText: /^3,00$/ }).waitFor();
        assert.equal(((await row.getByTestId('round1-total').textContent()) ?? '').trim(), '1,00');
        await cons.screenshot('rounds-panel-round2');

        assert.deepEqual(sec.problems, []);
        assert.deepEqual(mem.problems, []);
      });
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
