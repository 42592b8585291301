// The draft decision and the council's report as .docx: read back from the package's own XML (fonts, page,
// head, title, Điều 1's annex list, figures) and rendered by LibreOffice Writer as a reader would open them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ranking } from '../../shared/calc.js';
import { formatIndex } from '../../shared/numbers.js';
import { DRAFT_LINE, TITLES } from '../../electron/annex/build.js';
import { SECRETARIAT_ONLY } from '../../electron/services/roles.js';
import { libreOfficeToPdf, openDemo, pdfFonts, pdfPages, publishDemo, renderPage, squeeze } from '../annex/support.js';
import { artefactDir, ctx, docxParagraphs, docxPart, fontsOf, openTwoGroups } from './support.js';

const has = (paragraphs: string[], text: string) => paragraphs.some((p) => p.includes(text));
/** The w:rPr of the run whose whole text is `text`. */
function runProperties(xml: string, text: string): string {
  const run = xml.split('<w:r>').find((r) => r.includes(`<w:t xml:space="preserve">${text}</w:t>`));
  assert.ok(run !== undefined, `a run reads "${text}"`);
  return run.slice(run.indexOf('<w:rPr>'), run.indexOf('</w:rPr>'));
}
const find = (paragraphs: string[], start: string): string => {
  const p = paragraphs.find((x) => x.startsWith(start));
  assert.ok(p !== undefined, `a paragraph starts with "${start}"`);
  return p;
};

async function file(app: Awaited<ReturnType<typeof openTwoGroups>>['app'], method: 'document/decision' | 'document/report', input: Record<string, unknown>) {
  const r = await app.dispatch(method, input, ctx);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  const value = r.value as { fileName: string; contentBase64: string };
  return { fileName: value.fileName, buffer: Buffer.from(value.contentBase64, 'base64') };
}

test('the draft decision of the demo: ND30 page and head in Times New Roman, Điều 1 lists the annexes by their titles, counts from the ranking', async () => {
  const { app, campaignId, dir } = openDemo();
  try {
    const ranking = app.services.scoring.ranking(campaignId);
    const year = app.services.campaigns.require(campaignId).year;
    const { fileName, buffer } = await file(app, 'document/decision', { campaignId, decisionNo: '679/QĐ-UBND', decisionDate: '2026-02-16' });
    assert.equal(fileName, `Du-thao-Quyet-dinh-CCHC-${year}.docx`);

    const xml = docxPart(buffer, 'word/document.xml');
    const styles = docxPart(buffer, 'word/styles.xml');
    assert.deepEqual([...fontsOf(xml)], ['Times New Roman'], 'every run names Times New Roman');
    assert.deepEqual([...fontsOf(styles)], ['Times New Roman'], 'and so does the default');
    // A4, top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (in twentieths of a point).
    const section = xml.slice(xml.lastIndexOf('<w:sectPr'));
    assert.match(section, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(section, /<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);

    const p = docxParagraphs(buffer);
    for (const line of ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ CẦN THƠ', 'Số: 679/QĐ-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Cần Thơ, ngày 16 tháng 02 năm 2026', 'QUYẾT ĐỊNH', 'QUYẾT ĐỊNH:']) {
      assert.ok(p.includes(line), `the line "${line}"`);
    }
    // Document type bold 14 pt; the motto bold and underlined; the place-date line in italics.
    const quyetDinh = runProperties(xml, 'QUYẾT ĐỊNH');
    assert.ok(quyetDinh.includes('<w:b/>') && quyetDinh.includes('<w:sz w:val="28"/>'), quyetDinh);
    const motto = runProperties(xml, 'Độc lập - Tự do - Hạnh phúc');
    assert.ok(motto.includes('<w:b/>') && motto.includes('<w:u w:val="single"/>'), motto);
    assert.ok(runProperties(xml, 'Cần Thơ, ngày 16 tháng 02 năm 2026').includes('<w:i/>'));

    const summary = find(p, `Về việc công bố Chỉ số cải cách hành chính năm ${year} của các sở, ban, ngành và UBND xã, phường`);
    assert.match(summary, /trên địa bàn thành phố Cần Thơ$/);
    // The chairman decides in his own name, as the annexes' "của Chủ tịch Ủy ban nhân dân …" says.
    assert.ok(p.includes('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ'));
    assert.ok(p.includes('CHỦ TỊCH') && !has(p, 'TM. ỦY BAN NHÂN DÂN'));
    assert.ok(has(p, 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;'));

    const total = ranking.groups.reduce((n, g) => n + g.rows.length, 0);
    const article1 = find(p, 'Điều 1.');
    assert.ok(article1.includes(`của ${total} cơ quan, đơn vị`), article1);
    for (const g of ranking.groups) assert.ok(article1.includes(`${g.name}: ${g.rows.length} đơn vị`), `${g.name} counted in Điều 1`);
    const at = p.indexOf(article1);
    (['I', 'II', 'III'] as const).forEach((n, i) => {
      const item = p[at + 1 + i]!;
      const prefix = `${i + 1}. Phụ lục ${n}: `;
      assert.ok(item.startsWith(prefix), item);
      assert.equal(item.slice(prefix.length).replace(/\.$/, '').toLocaleUpperCase('vi'), TITLES[n](year), `Phụ lục ${n} under the title its heading prints`);
    });
    assert.ok(has(p, 'Điều 2.') && has(p, 'Điều 3.') && p.includes('Nơi nhận:'));

    // The demo is not finalised (one unit unappraised): marked as the annexes are.
    assert.ok(p.includes(DRAFT_LINE));
    assert.ok(has(p, 'Kết quả tạm tính: 1 đơn vị chưa thẩm định'));
    assert.ok(docxPart(buffer, 'word/header1.xml').includes('DỰ THẢO') || docxPart(buffer, 'word/header2.xml').includes('DỰ THẢO'));
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Per group, what the report must say, worked out here from the ranking the annexes print. */
function expectedFromRanking(ranking: Ranking) {
  return ranking.groups.map((g) => {
    const done = g.rows.filter((r) => r.appraised);
    const avg = Math.round(done.reduce((n, r) => n + r.indexHundredths, 0) / done.length);
    const top = Math.max(...done.map((r) => r.indexHundredths));
    return {
      name: g.name,
      units: g.rows.length,
      appraised: done.length,
      average: `${formatIndex(avg)}%`,
      highest: done.filter((r) => r.indexHundredths === top).map((r) => `${r.unitName} (${formatIndex(top)}%)`),
      bands: g.bands.map((b) => `${b.label}: ${done.filter((r) => r.band === b.label).length}`),
    };
  });
}

test('the council report of the demo: per group the ranking\'s counts, average, highest, bands; provisional until finalised, then not', async () => {
  const { app, campaignId, dir } = openDemo();
  try {
    const year = app.services.campaigns.require(campaignId).year;
    const draft = await file(app, 'document/report', { campaignId });
    assert.equal(draft.fileName, `Bao-cao-tham-dinh-CCHC-${year}.docx`);
    let p = docxParagraphs(draft.buffer);
    assert.ok(p.includes('BÁO CÁO') && p.includes(`Kết quả thẩm định Chỉ số cải cách hành chính năm ${year}`));
    assert.ok(p.includes(DRAFT_LINE));
    assert.ok(has(p, 'Kết quả tạm tính: đợt đánh giá chưa chốt kết quả; còn 1 đơn vị chưa thẩm định'));

    publishDemo(app, campaignId);
    const ranking = app.services.scoring.ranking(campaignId);
    const final = await app.services.documents.report(campaignId);
    p = docxParagraphs(final);
    assert.ok(!has(p, 'DỰ THẢO') && !has(p, 'tạm tính'), 'a finalised campaign gives a final report');
    assert.ok(!docxPart(final, 'word/header1.xml').includes('DỰ THẢO') && !docxPart(final, 'word/header2.xml').includes('DỰ THẢO'));

    expectedFromRanking(ranking).forEach((g, i) => {
      const at = p.indexOf(`${i + 1}. Nhóm ${g.name} (${g.units} đơn vị)`);
      assert.ok(at >= 0, `the section of ${g.name}`);
      const section = p.slice(at, at + 12).join('\n');
      assert.ok(section.includes(`a) Số đơn vị: ${g.units}; đã thẩm định: ${g.appraised}.`), section);
      assert.ok(section.includes(`Chỉ số trung bình: ${g.average}.`), section);
      assert.ok(section.includes(`Cao nhất: ${g.highest.join(', ')};`), section);
      for (const b of g.bands) assert.ok(section.includes(b), `${b} in ${g.name}`);
    });
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two groups with previous-year results: the figures worked out by hand, the committee signs, a unit not appraised is named', async () => {
  const { app, campaignId, dir } = await openTwoGroups();
  try {
    const decision = docxParagraphs((await file(app, 'document/decision', { campaignId })).buffer);
    assert.ok(decision.includes('TM. ỦY BAN NHÂN DÂN') && decision.includes('CHỦ TỊCH'), 'issued by the committee: signed on its behalf');
    assert.ok(decision.includes('ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN'));
    assert.ok(decision.includes('Số: 2879/QĐ-UBND') && decision.includes('Điện Biên, ngày 05 tháng 02 năm 2026'));
    assert.ok(find(decision, 'Điều 1.').includes('của 6 cơ quan, đơn vị trên địa bàn tỉnh Điện Biên (Sở, ban, ngành: 3 đơn vị; UBND xã, phường: 3 đơn vị)'));
    assert.ok(has(decision, 'Kết quả tạm tính: 1 đơn vị chưa thẩm định (chưa có điểm chính thức nào, không xếp hạng): Xã Mường Phăng.'));

    const p = docxParagraphs((await file(app, 'document/report', { campaignId })).buffer);
    const text = p.join('\n');
    for (const expected of [
      'Hội đồng đã thẩm định kết quả tự đánh giá, chấm điểm của 6 cơ quan, đơn vị thuộc 2 nhóm (Sở, ban, ngành: 3 đơn vị; UBND xã, phường: 3 đơn vị); đã có kết quả thẩm định: 5 đơn vị.',
      '1. Nhóm Sở, ban, ngành (3 đơn vị)',
      'a) Số đơn vị: 3; đã thẩm định: 3.',
      'b) Chỉ số trung bình: 76,67%. Cao nhất: Sở Tư pháp (90,00%); thấp nhất: Sở Tài chính (60,00%).',
      'c) Xếp loại (số đơn vị): Tốt: 1; Khá: 1; Trung bình: 1 (Bảng 1).',
      'd) So với năm 2024 (2 đơn vị có kết quả năm trước): chỉ số trung bình của các đơn vị này tăng 3,75 điểm phần trăm (năm 2024: 81,25%; năm nay: 85,00%); 1 đơn vị tăng, 1 đơn vị giảm. Tăng nhiều nhất: Sở Tư pháp (tăng 9,50 điểm phần trăm). Giảm nhiều nhất: Sở Y tế (giảm 2,00 điểm phần trăm).',
      'đ) Các lĩnh vực bị mất nhiều điểm nhất (tổng điểm tối đa trừ điểm đạt được, cộng trên các đơn vị đã thẩm định): 1. Công tác chỉ đạo, điều hành CCHC; 2. Cải cách thủ tục hành chính; 4. Cải cách tài chính công (Bảng 2).',
      '2. Nhóm UBND xã, phường (3 đơn vị)',
      'a) Số đơn vị: 3; đã thẩm định: 2; chưa thẩm định: 1 (Xã Mường Phăng) — kết quả tạm tính.',
      'b) Chỉ số trung bình: 70,00%. Cao nhất: Phường Mường Thanh (95,00%); thấp nhất: Xã Thanh Nưa (45,00%).',
      'c) Xếp loại (số đơn vị): Xuất sắc: 1; Đạt: 0; dưới mọi ngưỡng xếp loại: 1 (Bảng 3).',
      'd) So với năm 2024 (1 đơn vị có kết quả năm trước): chỉ số trung bình của các đơn vị này tăng 7,00 điểm phần trăm (năm 2024: 88,00%; năm nay: 95,00%); 1 đơn vị tăng, 0 đơn vị giảm. Tăng nhiều nhất: Phường Mường Thanh (tăng 7,00 điểm phần trăm).',
      'đ) Các lĩnh vực bị mất nhiều điểm nhất (tổng điểm tối đa trừ điểm đạt được, cộng trên các đơn vị đã thẩm định): 1. Công tác chỉ đạo, điều hành CCHC; 2. Cải cách thủ tục hành chính; 3. Hiện đại hóa hành chính (Bảng 4).',
    ]) {
      assert.ok(p.includes(expected), `the report says: ${expected}\n---\n${text}`);
    }
    // Table cells follow one another as paragraphs: the band rows and the lost-points rows.
    const row = (...cells: string[]) =>
      assert.ok(p.some((_, at) => cells.every((c, i) => p[at + i] === c)), `the row ${cells.join(' | ')}`);
    row('Tốt', 'từ 85,00% trở lên', '1', '33,33');
    row('Trung bình', 'dưới 75,00%', '1', '33,33');
    row('Xuất sắc', 'từ 90,00% trở lên', '1', '50,00');
    row('Chưa đạt ngưỡng', 'dưới 50,00%', '1', '50,00');
    row('1', '1. Công tác chỉ đạo, điều hành CCHC', '120', '32', '26,67', '10,667');
    row('3', '4. Cải cách tài chính công', '30', '11', '36,67', '3,667');
    row('3', '3. Hiện đại hóa hành chính', '40', '12', '30,00', '6');
    assert.ok(p.includes('TM. HỘI ĐỒNG THẨM ĐỊNH'));
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LibreOffice Writer opens both documents of both campaigns: the text reads back, Times-metric fonts only, pages kept as PNG to look at', async () => {
  const two = await openTwoGroups();
  const demo = openDemo();
  try {
    const out = artefactDir('rendered');
    const paths = {
      decision: join(out, 'Du-thao-Quyet-dinh-CCHC-2025.docx'),
      report: join(out, 'Bao-cao-tham-dinh-CCHC-2025.docx'),
      demoDecision: join(out, 'demo-quyet-dinh.docx'),
      demoReport: join(out, 'demo-bao-cao.docx'),
    };
    writeFileSync(paths.decision, await two.app.services.documents.decision(two.campaignId));
    writeFileSync(paths.report, await two.app.services.documents.report(two.campaignId));
    writeFileSync(paths.demoDecision, await demo.app.services.documents.decision(demo.campaignId));
    writeFileSync(paths.demoReport, await demo.app.services.documents.report(demo.campaignId));
    const pdfs = libreOfficeToPdf(Object.values(paths), out, 'libreoffice-writer-nogui');
    const [decisionPdf, reportPdf, demoDecisionPdf, demoReportPdf] = pdfs as [string, string, string, string];

    const d = pdfPages(decisionPdf);
    const dAll = squeeze(d.join(''));
    for (const s of ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'QUYẾT ĐỊNH', 'Điều 1.', 'Phụ lục I: Kết quả xếp hạng chỉ số cải cách hành chính năm 2025', 'Phụ lục III', 'TM. ỦY BAN NHÂN DÂN', 'Nơi nhận:']) {
      assert.ok(dAll.includes(squeeze(s)), `the decision's PDF reads "${s}"`);
    }
    assert.ok(d[0]!.includes('DỰ THẢO'));
    const r = squeeze(pdfPages(reportPdf).join(''));
    for (const s of ['BÁO CÁO', 'Chỉ số trung bình: 76,67%', 'Chỉ số trung bình: 70,00%', 'tăng 3,75 điểm phần trăm', 'Xã Mường Phăng', 'Kết quả tạm tính']) {
      assert.ok(r.includes(squeeze(s)), `the report's PDF reads "${s}"`);
    }

    // The demo: its ranking's own figures, read off the rendered pages.
    const ranking = demo.app.services.scoring.ranking(demo.campaignId);
    const demoDecision = squeeze(pdfPages(demoDecisionPdf).join(''));
    assert.ok(demoDecision.includes(squeeze(`của ${ranking.groups.reduce((n, g) => n + g.rows.length, 0)} cơ quan, đơn vị`)));
    const demoReport = squeeze(pdfPages(demoReportPdf).join(''));
    for (const g of expectedFromRanking(ranking)) {
      assert.ok(demoReport.includes(squeeze(`Nhóm ${g.name} (${g.units} đơn vị)`)) && demoReport.includes(squeeze(`Chỉ số trung bình: ${g.average}`)), g.name);
    }

    for (const pdf of pdfs) {
      const fonts = pdfFonts(pdf).map((f) => f.name);
      assert.ok(fonts.length > 0 && fonts.every((f) => /LiberationSerif|TimesNewRoman/i.test(f)), `no fallback font in ${pdf}: ${fonts.join(', ')}`);
      pdfPages(pdf).forEach((_, i) => renderPage(pdf, i + 1, pdf.replace(/\.pdf$/, `-${i + 1}.png`), 80));
    }
  } finally {
    for (const c of [two, demo]) {
      c.app.close();
      rmSync(c.dir, { recursive: true, force: true });
    }
  }
});

test('both documents are the secretariat\'s: a member machine is refused at the core', () => {
  assert.ok(SECRETARIAT_ONLY.has('document/decision') && SECRETARIAT_ONLY.has('document/report'));
});
