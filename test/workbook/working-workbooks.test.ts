// The working workbooks sent outside (survey template, explanation list, audit log) print like the annexes:
// Times New Roman ≥ 11 pt, wrapped, bordered, frozen header repeated on every A4 page, columns that fit the
// page at full size; the cells to fill are unlocked and validated, the rest protected without a password.
// Each is filled with SheetJS as a recipient would and read back by the app's own import, and rendered by
// LibreOffice to PDF (pages written as PNG to test-results/workbook for people to look at).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { PRINTABLE_WIDTH } from '../../electron/annex/xlsx/working.js';
import { openApp } from '../../electron/core/app.js';
import { readExplanationAnswers, writeExplanationList, type ExplanationListUnit } from '../../electron/workbook/explanations.js';
import { writeAuditXlsx } from '../../electron/workbook/write-audit.js';
import type { AuditItem, SurveyImportSummary } from '../../shared/contract.js';
import { ROOT, libreOfficeToPdf, pdfInfo, pdfPages, renderPage, squeeze, words } from '../annex/support.js';
import { smallWorkbook, tempDir, workbookBuffer } from '../helpers.js';

const ARTEFACTS = join(ROOT, 'test-results', 'workbook');
const ctx = { actor: 'Tổ thư ký' };

/** The package as parts: styles resolved so a cell's font, alignment and protection can be asked for. */
function inspect(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const text = (name: string) => strFromU8(files[name]!);
  const styles = text('xl/styles.xml');
  const fonts = [...styles.matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]!);
  const cellXfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(styles)![1]!;
  const xfs = [...cellXfs.matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g)].map((m) => m[0]);
  const sheet = (i: number) => {
    const xml = text(`xl/worksheets/sheet${i}.xml`);
    const xfOf = (ref: string) => {
      const m = new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(xml);
      assert.ok(m, `cell ${ref} is written`);
      return xfs[Number(m[1])]!;
    };
    return {
      xml,
      xfOf,
      fontOf: (ref: string) => fonts[Number(/fontId="(\d+)"/.exec(xfOf(ref))![1])]!,
      locked: (ref: string) => !xfOf(ref).includes('<protection locked="0"/>'),
      widths: [...xml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1])),
      validations: [...xml.matchAll(/<dataValidation ([^>]*)>(.*?)<\/dataValidation>/g)].map((m) => ({ attrs: m[1]!, formula: m[2]! })),
    };
  };
  return { files, text, fonts, sheet };
}

/** What every working sheet shares: fonts ≥ 11 pt, protection without password, frozen header, A4 with it repeated. */
function checkPrintable(pkg: ReturnType<typeof inspect>, index: number, headerRow: number, landscape: boolean) {
  for (const f of pkg.fonts) {
    assert.match(f, /<name val="Times New Roman"\/>/);
    assert.ok(Number(/<sz val="([\d.]+)"/.exec(f)![1]) >= 11, f);
  }
  const s = pkg.sheet(index);
  const header = s.xfOf(`A${headerRow}`);
  assert.match(header, /borderId="1"/);
  assert.match(header, /wrapText="1"/);
  assert.match(s.fontOf(`A${headerRow}`), /<b\/>/);
  assert.match(s.xfOf(`A${headerRow + 1}`), /borderId="1".*wrapText="1"/s);
  assert.match(s.xml, new RegExp(`<pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/>`));
  assert.match(s.xml, /<sheetProtection sheet="1" [^>]*\/>/);
  assert.doesNotMatch(s.xml, /<sheetProtection[^>]*(password|hashValue)/, 'no password: nothing can be locked away');
  assert.match(s.xml, new RegExp(`<pageSetup paperSize="9" orientation="${landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`));
  assert.match(s.xml, /<pageSetUpPr fitToPage="1"\/>/);
  assert.match(s.xml, /<oddFooter>.*Trang &amp;P\/&amp;N<\/oddFooter>/);
  const workbook = pkg.text('xl/workbook.xml');
  assert.match(workbook, new RegExp(`<definedName name="_xlnm.Print_Titles" localSheetId="${index - 1}">[^<]*!\\$${headerRow}:\\$${headerRow}</definedName>`));
  return s;
}

/** Columns that fit the printable width are not shrunk by fit-to-width: the text prints at 12 pt. */
function fitsAtFullSize(widths: number[], landscape: boolean): void {
  const total = widths.reduce((n, w) => n + w, 0);
  assert.ok(total <= PRINTABLE_WIDTH[landscape ? 'landscape' : 'portrait'] + 1, `columns ${total} wide, page ${PRINTABLE_WIDTH[landscape ? 'landscape' : 'portrait']}`);
}

function lookAt(xlsx: Buffer, name: string): { pages: string[]; pdf: string } {
  mkdirSync(ARTEFACTS, { recursive: true });
  const dir = tempDir('par-working-').dir;
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, xlsx);
  const [pdf] = libreOfficeToPdf([file], dir) as [string];
  const pages = pdfPages(pdf);
  for (const p of new Set([1, 2, pages.length])) if (p <= pages.length) renderPage(pdf, p, join(ARTEFACTS, `${name}-page${p}.png`), 80);
  return { pages, pdf };
}

test('the survey template: score cells unlocked and validated, the rest protected; filled with SheetJS it imports; LibreOffice prints it on A4', async () => {
  const { dir, cleanup } = tempDir();
  const app = openApp({ dataDir: dir, host: 'browser', seedDemo: false });
  try {
    const wb = smallWorkbook();
    wb['Điểm'] = wb['Điểm'].filter((r) => !(r[0] === 'S3' && r[1] === '3'));
    // Enough units for more than one printed page.
    for (let i = 1; i <= 70; i++) wb['Đơn vị'].push([`XA${i}`, `Ủy ban nhân dân xã Thạnh Phú Đông số ${i}, huyện Giồng Trôm`, 'X']);
    const r = await app.dispatch('workbook/import', { fileName: 'đợt.xlsx', contentBase64: workbookBuffer(wb).toString('base64') }, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    const id = (r.value as { campaignId: number }).campaignId;
    const { fileName, bytes } = app.services.survey.template(id);

    const pkg = inspect(bytes);
    const s = checkPrintable(pkg, 1, 1, true);
    const units = 74;
    // D, E, F: 2.1 (survey, max 4), 3 (bonus, max 1), 4 (penalty, max 2); the clear mark "-" stays accepted.
    assert.deepEqual(s.validations.map((v) => /sqref="([^"]+)"/.exec(v.attrs)![1]), [`D2:D${units + 1}`, `E2:E${units + 1}`, `F2:F${units + 1}`]);
    assert.equal(s.validations[0]!.formula, '<formula1>OR(D2=&quot;-&quot;,AND(ISNUMBER(D2),D2&gt;=0,D2&lt;=4,ROUND(D2*1000,0)=D2*1000))</formula1>');
    assert.match(s.validations[2]!.formula, /F2&lt;=2,/);
    assert.ok(s.validations.every((v) => /type="custom" allowBlank="1" showInputMessage="1" showErrorMessage="1"/.test(v.attrs) && /prompt="Từ 0 đến/.test(v.attrs)));
    for (const ref of ['D2', 'E2', `F${units + 1}`]) assert.equal(s.locked(ref), false, `${ref} is to fill`);
    for (const ref of ['A1', 'D1', 'A2', 'B2', 'C2']) assert.equal(s.locked(ref), true, `${ref} is locked`);
    assert.match(s.xml, /<autoFilter ref="A1:F75"\/>/);
    fitsAtFullSize(s.widths, true);
    const help = checkPrintable(pkg, 2, 1, false);
    fitsAtFullSize(help.widths, false);

    // The recipient fills it in (SheetJS writes it again, as another spreadsheet program would) and it imports.
    const filled = XLSX.read(bytes, { type: 'buffer' });
    const ws = filled.Sheets['Điều tra XHH']!;
    XLSX.utils.sheet_add_aoa(ws, [[3.75, 0.5, null]], { origin: 'D2' });
    XLSX.utils.sheet_add_aoa(ws, [['-']], { origin: 'D3' });
    const xa2 = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 }).findIndex((row) => row[0] === 'XA2');
    XLSX.utils.sheet_add_aoa(ws, [[2.125]], { origin: `D${xa2 + 1}` });
    const summary = (await app.dispatch('survey/import', { campaignId: id, fileName, contentBase64: (XLSX.write(filled, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64') }, ctx));
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal((summary.value as SurveyImportSummary).changed, 4);
    const values = Object.fromEntries(app.services.survey.table(id).rows.map((row) => [row.unitCode, row.values]));
    assert.deepEqual(values['S1'], [3750, 500, null]);
    assert.deepEqual(values['S2'], [null, null, null]);
    assert.deepEqual(values['XA2'], [2125, null, null]);

    const { pages, pdf } = lookAt(bytes, 'survey-template');
    assert.match(pdfInfo(pdf)['Page size']!, /^841\.\d+ x 595\.\d+ pts/);
    const survey = pages.filter((p) => p.includes('Tên đơn vị'));
    assert.ok(squeeze(pages.at(-1)!).includes('Hướngdẫnnhậpđiểm'), 'the instructions print last');
    assert.ok(survey.length >= 2, `${survey.length} pages of scores`);
    // pdftotext interleaves the lines of cells side by side, so wrapped texts are checked word by word.
    survey.forEach((p, i) => assert.ok(squeeze(p).includes('2.1Mứcđộ') && squeeze(p).includes('4Điểmtrừ'), `header repeated on page ${i + 1}`));
    const printed = words(pages.join(' '));
    assert.ok(printed.has('XA70') && printed.has('3,5'), 'the last unit, numbers with a decimal comma');
    for (const w of 'Ủy ban nhân dân xã Thạnh Phú Đông huyện Giồng Trôm'.split(' ')) assert.ok(printed.has(w), w);
  } finally {
    app.close();
    cleanup();
  }
});

const longAnswer = 'Đơn vị đã ban hành kế hoạch rà soát thủ tục hành chính năm 2024 và gửi kèm biên bản họp ngày 12/3; số liệu trong báo cáo quý IV được điều chỉnh theo hồ sơ lưu trữ.';

function explanationUnits(): ExplanationListUnit[] {
  return ['SNV Sở Nội vụ', 'XVT Xã Vĩnh Thạnh'].map((label, u) => {
    const [code, ...name] = label.split(' ');
    return {
      unitCode: code!,
      unitName: name.join(' '),
      requests: Array.from({ length: 30 }, (_, i) => ({
        id: 100 * (u + 1) + i,
        criterionCode: `2.${i + 1}.1`,
        criterionName: 'Tỷ lệ văn bản quy phạm pháp luật được rà soát, kiểm tra và xử lý đúng thời hạn',
        selfMilli: 1500,
        round1Milli: i % 3 === 0 ? null : 1000,
        round1NotApplicable: i % 3 === 0,
        text: 'Đề nghị đơn vị giải trình và gửi minh chứng bổ sung cho tiêu chí này.',
        requester: 'Nguyễn Văn An',
        answer: '',
      })),
    };
  });
}

test('the explanation list: answer and file cells unlocked with length limits, filled with SheetJS it reads back; printed at full size', () => {
  const meta = { campaignUid: 'c-2024-ct', campaignName: 'Đánh giá chỉ số CCHC năm 2024', year: 2024 };
  const bytes = writeExplanationList(meta, explanationUnits());
  const pkg = inspect(bytes);
  const s = checkPrintable(pkg, 1, 7, true);
  assert.deepEqual(
    s.validations.map((v) => [/type="(\w+)"/.exec(v.attrs)![1], /sqref="([^"]+)"/.exec(v.attrs)![1], v.formula]),
    [['textLength', 'G8:G37', '<formula1>4000</formula1>'], ['textLength', 'H8:H37', '<formula1>1000</formula1>']],
  );
  for (const ref of ['G8', 'H37']) assert.equal(s.locked(ref), false, `${ref} is to fill`);
  for (const ref of ['A1', 'C3', 'C5', 'B8', 'I8', 'G7']) assert.equal(s.locked(ref), true, `${ref} is locked`);
  fitsAtFullSize(s.widths, true);

  const wb = XLSX.read(bytes, { type: 'buffer' });
  XLSX.utils.sheet_add_aoa(wb.Sheets['XVT Xã Vĩnh Thạnh']!, [[longAnswer, 'bien-ban.pdf']], { origin: 'G9' });
  const answers = readExplanationAnswers(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  assert.equal(answers.length, 60);
  const answered = answers.filter((a) => a.answer !== '');
  assert.deepEqual(answered.map((a) => [a.sheet, a.row, a.sheetUnitCode, a.campaignUid, a.id, a.answer, a.files]), [['XVT Xã Vĩnh Thạnh', 9, 'XVT', 'c-2024-ct', 201, longAnswer, 'bien-ban.pdf']]);

  const { pages, pdf } = lookAt(bytes, 'explanation-list');
  assert.match(pdfInfo(pdf)['Page size']!, /^841\.\d+ x 595\.\d+ pts/);
  assert.ok(pages.length >= 2);
  pages.forEach((p, i) => assert.ok(squeeze(p).includes(squeeze('Nội dung giải trình của đơn vị')), `header on page ${i + 1}`));
  const all = squeeze(pages.join(''));
  assert.ok(all.includes(squeeze('Mã đợt đánh giá (không sửa):')) && all.includes('c-2024-ct'));
  assert.ok(all.includes(squeeze('Tỷ lệ văn bản quy phạm pháp luật được rà soát, kiểm tra và xử lý đúng thời hạn')), 'a long criterion name wraps whole');
});

test('the audit log: protected as a record, filter buttons kept, columns at full size on A4 landscape; LibreOffice prints every row', () => {
  const items: AuditItem[] = Array.from({ length: 120 }, (_, i) => ({
    id: i + 1,
    at: new Date(Date.UTC(2024, 2, 1, 8, i)).toISOString(),
    actor: 'Trần Thị Bích Ngọc',
    action: i % 2 ? 'decide' : 'survey.import',
    unitCode: `X${i}`,
    unitName: 'Ủy ban nhân dân phường Ninh Kiều',
    criterionCode: '2.1.1',
    oldText: '1,25',
    newText: '1,5',
    reason: i === 7 ? longAnswer : 'Bổ sung minh chứng',
    source: 'survey:sipas-2024.xlsx#' + 'ab'.repeat(32),
    sourceSha256: 'ab'.repeat(32),
  }));
  const bytes = writeAuditXlsx(items, { campaignName: 'Đánh giá chỉ số CCHC năm 2024', filters: 'đơn vị X1', exportedAt: '2024-03-02T08:00:00Z' });
  const pkg = inspect(bytes);
  const s = checkPrintable(pkg, 1, 4, true);
  assert.deepEqual(s.validations, [], 'nothing to fill');
  assert.ok(!s.xml.includes('locked="0"'), 'every cell locked');
  assert.match(s.xml, /autoFilter="0"/, 'the filter stays usable');
  assert.match(s.xml, /<autoFilter ref="A4:I124"\/>/);
  fitsAtFullSize(s.widths, true);

  const { pages } = lookAt(bytes, 'audit-log');
  assert.ok(pages.length >= 2);
  pages.forEach((p, i) => assert.ok(squeeze(p).includes('Thờigian') && squeeze(p).includes('Hànhđộng'), `header on page ${i + 1}`));
  const text = squeeze(pages.join(''));
  for (const i of [0, 60, 119]) assert.ok(text.includes(`X${i}—`), `row ${i}`);
  // pdftotext interleaves the lines of cells side by side: every word of the wrapped reason is there.
  const printed = words(pages.join(' '));
  for (const w of longAnswer.split(' ')) assert.ok(printed.has(w), `"${w}" of the long reason`);
});
