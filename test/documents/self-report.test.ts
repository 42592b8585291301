// The báo cáo tự đánh giá printed on a unit's machine, PDF and .docx. A real chain in three data folders
// builds the unit's database: the secretariat imports the campaign, a member asks the ward for an
// explanation, round 2 opens, the ward's unit package arrives; the ward self-scores, claims "không áp dụng"
// with a reason, explains, attaches two files and answers the request. Both formats are read back as a
// reader would (pdftotext; the .docx printed by LibreOffice Writer): every area row, the totals, the
// reasons, the full SHA-256 of each file, Vietnamese diacritics, page numbers and repeated table headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Input, Method, Output, SelfSheet } from '../../shared/contract.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { writeSelfReport } from '../../electron/documents/self-report.js';
import { exportsFolder } from '../../electron/jobs/exports.js';
import { DIACRITIC_WORDS, libreOfficeToPdf, pdfFonts, pdfInfo, pdfPages, renderPage, squeeze, tempDir, words } from '../annex/support.js';
import { par, twoSetWorkbook, workbookBuffer } from '../helpers.js';
import { artefactDir, docxParagraphs, docxPart, fontsOf } from './support.js';

async function call<M extends Method>(app: AppCore, method: M, input: Input<M>, actor = 'Tổ thư ký'): Promise<Output<M>> {
  const r = await app.dispatch(method, input, { actor });
  if (!r.ok) assert.fail(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as Output<M>;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const NA_REASON = 'Phường không có đơn vị sự nghiệp công lập trực thuộc sau sắp xếp';
const EXPLANATION = 'Đề án sắp xếp tổ chức đang chờ Ủy ban nhân dân tỉnh phê duyệt; hồ sơ sẽ bổ sung trước ngày 30/6';
const DIACRITICS = `Kiểm tra dấu: ${DIACRITIC_WORDS.join(' ')}`;
const REQUEST = 'Đề nghị bổ sung kế hoạch tuyên truyền CCHC năm 2025';
const ANSWER = 'Đã bổ sung Kế hoạch số 12/KH-UBND ngày 15/01/2025 về tuyên truyền CCHC';
const FILES = [
  { name: 'Kế hoạch CCHC năm 2025.pdf', criterion: '1.1', bytes: Buffer.from('%PDF-1.4\n% kế hoạch\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') },
  { name: 'Báo cáo tuyên truyền.pdf', criterion: '1.2', bytes: Buffer.from('%PDF-1.4\n% tuyên truyền\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') },
];

interface UnitMachine {
  unit: AppCore;
  campaignId: number;
  db: string;
  cleanup: () => void;
}

/** The ward X1's machine after the chain above (the secretariat's and the member's apps are closed). */
async function wardMachine(): Promise<UnitMachine> {
  const root = tempDir('par-self-report-');
  const book = twoSetWorkbook();
  book['Đợt'] = book['Đợt'].map((r) => (r[0] === 'Cơ quan' ? ['Cơ quan', 'Ủy ban nhân dân tỉnh Điện Biên'] : r));
  const sec = openApp({ dataDir: join(root, 'sec'), host: 'cli', seedDemo: false });
  const mem = openApp({ dataDir: join(root, 'mem'), host: 'cli', seedDemo: false });
  const unit = openApp({ dataDir: join(root, 'x1'), host: 'cli', seedDemo: false });
  try {
    const { campaignId } = await call(sec, 'workbook/import', { fileName: 'dot.xlsx', contentBase64: b64(workbookBuffer(book)) });

    // A member assigned to the ward's areas asks it for an explanation; round 2 opens.
    await call(mem, 'identity/create', { name: 'Nguyễn Văn An', agency: 'Sở Nội vụ', role: 'Thành viên Hội đồng', kind: 'member' });
    const card = await call(mem, 'identity/export', {});
    const member = await call(sec, 'identity/register', { campaignId, fileName: card.fileName, contentBase64: card.contentBase64 });
    await call(sec, 'member/assign', { campaignId, memberUid: member.uid, areas: ['XA:1', 'XA:2'], units: [] });
    const campaignPkg = await call(sec, 'package/export', { campaignId });
    const atMember = await call(mem, 'package/importPinning', { fileName: campaignPkg.fileName, contentBase64: campaignPkg.contentBase64 });
    await call(mem, 'explanation/request', { campaignId: atMember.campaignId, unitCode: 'X1', criterionCode: '1.2', text: REQUEST }, 'Nguyễn Văn An');
    const memberPkg = await call(mem, 'package/export', { campaignId: atMember.campaignId }, 'Nguyễn Văn An');
    await call(sec, 'package/importPinning', { fileName: memberPkg.fileName, contentBase64: memberPkg.contentBase64 });
    await call(sec, 'round/open', { campaignId, reason: 'Chuyển sang vòng 2 để đơn vị giải trình' });

    // The ward's machine: its identity, registered; its unit package.
    await call(unit, 'unitIdentity/create', { unitCode: 'X1', name: 'UBND phường An Hòa', agency: '' });
    const pub = await call(unit, 'unitIdentity/export', {});
    await call(sec, 'unitIdentity/register', { campaignId, fileName: pub.fileName, contentBase64: pub.contentBase64 });
    const unitPkg = await call(sec, 'package/export', { campaignId, forUnit: 'X1' });
    const atUnit = await call(unit, 'package/importPinning', { fileName: unitPkg.fileName, contentBase64: unitPkg.contentBase64 });
    const id = atUnit.campaignId;

    const actor = 'UBND phường An Hòa';
    await call(unit, 'self/set', { campaignId: id, criterionCode: '1.1', input: { kind: 'points', pointsMilli: 3500 } }, actor);
    await call(unit, 'self/set', { campaignId: id, criterionCode: '1.2', input: { kind: 'points', pointsMilli: 3000 } }, actor);
    await call(unit, 'self/set', { campaignId: id, criterionCode: '2.1', input: { kind: 'points', pointsMilli: 4000 } }, actor);
    await call(unit, 'self/setNotApplicable', { campaignId: id, criterionCode: '2.2', notApplicable: true, reason: NA_REASON }, actor);
    await call(unit, 'self/setExplanation', { campaignId: id, criterionCode: '2.1', explanation: EXPLANATION }, actor);
    await call(unit, 'self/setExplanation', { campaignId: id, criterionCode: '1.1', explanation: DIACRITICS }, actor);
    for (const f of FILES) {
      const { uploadId } = await call(unit, 'evidence/uploadBegin', { fileName: f.name, size: f.bytes.length });
      await call(unit, 'evidence/uploadChunk', { uploadId, offset: 0, chunkBase64: b64(f.bytes) });
      await call(unit, 'evidence/uploadFinish', { uploadId, campaignId: id, unitCode: 'X1', criterionCode: f.criterion });
    }
    const sheet = await call(unit, 'self/sheet', { campaignId: id });
    const request = sheet.rows.flatMap((r) => r.requests)[0];
    assert.ok(request, 'the council\'s request reached the ward');
    await call(unit, 'self/answer', { campaignId: id, requestId: request.requestId, answer: ANSWER }, actor);
    return { unit, campaignId: id, db: join(root, 'x1', 'par.sqlite'), cleanup: () => { unit.close(); } };
  } catch (e) {
    unit.close();
    throw e;
  } finally {
    sec.close();
    mem.close();
  }
}

/** The PDF's text with each table row on one line (pdftotext -layout). */
function layoutText(pdf: string): string {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.normalize('NFC');
}

/**
 * Words printed outside the text area of an A4 page (ND30 margins: left 30 mm, right 15 mm, bottom 20 mm;
 * the page number sits in the top margin), or on a page that is not A4 portrait: what a printer would cut.
 */
function outside(pdf: string): string[] {
  const r = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const mm = 72 / 25.4;
  const bad: string[] = [];
  r.stdout.split('<page ').slice(1).forEach((page, i) => {
    const size = /^width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
    if (Math.abs(Number(size[1]) - 595.28) > 1 || Math.abs(Number(size[2]) - 841.89) > 1) bad.push(`page ${i + 1}: ${size[1]} × ${size[2]}`);
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      if (x0 < 30 * mm - 1 || x1 > 595.28 - 15 * mm + 1 || y0 < 5 * mm || y1 > 841.89 - 20 * mm + 2) bad.push(`page ${i + 1}: "${m[5]}" at ${x0.toFixed(0)},${y0.toFixed(0)}–${x1.toFixed(0)},${y1.toFixed(0)}`);
    }
  });
  return bad;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What both formats must print: phrases read from the text, table rows from the laid-out text. */
function checkContent(pdf: string, sheet: SelfSheet, what: string): void {
  const text = pdfPages(pdf).join('\n');
  const layout = layoutText(pdf);
  const flat = squeeze(text);
  const has = (s: string, label = s) => assert.ok(flat.includes(squeeze(s)), `${what}: ${label}`);
  // Text in a narrow table cell: pdftotext may interleave it with the next column's lines, so each word is looked for.
  const all = words(text);
  const inCell = (s: string, label = s) => {
    // pdftotext drops the hyphen where a line breaks after one ("12/KH-" / "UBND"): the parts are looked for.
    const missing = s.split(/[\s-]+/).filter((w) => w && !all.has(w) && !flat.includes(w));
    assert.deepEqual(missing, [], `${what}: ${label}`);
  };
  const row = (cells: string[], label: string) =>
    assert.match(layout, new RegExp(`^\\s*${cells.map(escapeRe).join('\\s+')}\\s*$`, 'm'), `${what}: ${label}`);
  // The ND30 head for a ward: its people's committee as issuing body; dated at the ward.
  for (const s of ['ỦY BAN NHÂN DÂN', 'PHƯỜNG AN HÒA', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'An Hòa, ngày', 'BÁO CÁO']) has(s);
  has('Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025');
  has('Kính gửi:');
  has('Hội đồng thẩm định Chỉ số cải cách hành chính năm 2025 tỉnh Điện Biên');
  has('Sở Nội vụ tỉnh Điện Biên');
  // Every area row: code, name, maximum, applicable maximum, self-score.
  row(['1', 'Công tác chỉ đạo, điều hành', '8,00', '8,00', '6,50'], 'area 1 (3,5 + 3 of 8)');
  row(['2', 'Cải cách tổ chức bộ máy', '12,00', '6,00', '4,00'], 'area 2 (2.2 claimed not applicable: 6 of 12 apply)');
  row(['3', 'Khảo sát sự hài lòng', '20,00', '20,00', '(*)'], 'area 3 (survey, not self-scored)');
  row(['4', 'Điểm thưởng', '1,00', '0,00'], 'bonus');
  row(['5', 'Điểm trừ', '2,00', '0,00'], 'penalty');
  // The total over the applicable maximum (8 + 6 + 20 = 34) and the self-assessed index, labelled as such.
  assert.equal(sheet.totalMilli, 10500);
  assert.equal(sheet.maxMilli, 34000);
  row(['Tổng điểm tự đánh giá', '40,00', '34,00', '10,50'], 'the total row');
  row(['Chỉ số CCHC tự đánh giá (%)', '30,88'], 'the index row');
  has('chưa phải kết quả thẩm định của Hội đồng');
  // Completeness: 4 self-scorable leaves (2.2 claimed N/A counts as claimed), 4 claimed, all documented.
  has(`đã tự chấm ${sheet.scored}/${sheet.leaves} tiêu chí thành phần`);
  has(`có tài liệu kiểm chứng hoặc giải trình ${sheet.documented}/${sheet.scored}`);
  // The N/A claim and its reason; the explanations; the request and its answer.
  has('2.2');
  has('Đơn vị sự nghiệp công lập');
  inCell(NA_REASON, 'the N/A reason');
  inCell(EXPLANATION, 'the explanation');
  inCell(DIACRITICS, 'every vowel with every tone');
  inCell(REQUEST, 'the council\'s request');
  inCell(ANSWER, 'the ward\'s answer');
  // The evidence list: file names and the full SHA-256 of each file, in two lines of 32 hex digits.
  for (const f of FILES) {
    inCell(f.name, `file ${f.name}`);
    const hash = sha256(f.bytes);
    inCell(`${hash.slice(0, 32)} ${hash.slice(32)}`, `SHA-256 of ${f.name}`);
  }
  has('THỦ TRƯỞNG ĐƠN VỊ');
  has('(Ký, ghi rõ họ tên, đóng dấu)');
}

test('báo cáo tự đánh giá from a ward\'s machine: ND30 head, areas, totals, N/A reasons, explanations, answers, evidence with SHA-256 (PDF and .docx)', async () => {
  const m = await wardMachine();
  const out = artefactDir('self-report');
  try {
    const sheet = await call(m.unit, 'self/sheet', { campaignId: m.campaignId });
    assert.equal(sheet.round, 2);
    assert.equal(sheet.rows.flatMap((r) => r.evidence).length, 2);

    // Written by the job worker into the exports folder, downloaded under its own name.
    const pdf = await call(m.unit, 'self/report', { campaignId: m.campaignId, format: 'pdf' });
    assert.equal(pdf.downloadName, 'Bao-cao-tu-danh-gia-X1-2025.pdf');
    const pdfFile = join(out, pdf.downloadName);
    writeFileSync(pdfFile, readFileSync(join(exportsFolder(m.unit.info.dataDir), pdf.fileName)));
    const pages = pdfPages(pdfFile);
    checkContent(pdfFile, sheet, 'PDF');
    assert.deepEqual(outside(pdfFile), [], 'A4, nothing outside the margins');
    const info = pdfInfo(pdfFile);
    assert.match(info['Page size'] ?? '', /^595\.2\d? x 841\.8\d? pts \(A4\)/);
    assert.match(info['Title'] ?? '', /Báo cáo kết quả tự đánh giá/);
    assert.ok(pdfFonts(pdfFile).every((font) => font.embedded && /LiberationSerif/.test(font.name)), 'only the bundled serif, embedded');
    for (let i = 1; i <= pages.length; i++) renderPage(pdfFile, i, join(out, `pdf-page-${i}.png`));

    const docx = await call(m.unit, 'self/report', { campaignId: m.campaignId, format: 'docx' });
    assert.equal(docx.downloadName, 'Bao-cao-tu-danh-gia-X1-2025.docx');
    const docxFile = join(out, docx.downloadName);
    const docxBytes = readFileSync(join(exportsFolder(m.unit.info.dataDir), docx.fileName));
    writeFileSync(docxFile, docxBytes);
    const paragraphs = docxParagraphs(docxBytes);
    assert.ok(paragraphs.includes('THỦ TRƯỞNG ĐƠN VỊ'));
    const xml = docxPart(docxBytes, 'word/document.xml');
    assert.match(xml, /<w:tblHeader\/>/, 'table headers repeat on each page');
    assert.deepEqual([...fontsOf(xml)], ['Times New Roman'], 'every run names Times New Roman');
    // A4, top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (twentieths of a point); numbers from page 2 (titlePg).
    const section = xml.slice(xml.lastIndexOf('<w:sectPr'));
    assert.match(section, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(section, /<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    assert.match(section, /<w:titlePg\/>/);
    const printedDir = artefactDir('self-report/docx-printed');
    const [printed] = libreOfficeToPdf([docxFile], printedDir, 'libreoffice-writer-nogui');
    const docxPages = pdfPages(printed!);
    checkContent(printed!, sheet, '.docx');
    assert.deepEqual(outside(printed!), [], '.docx: A4, nothing outside the margins');
    for (let i = 1; i <= docxPages.length; i++) renderPage(printed!, i, join(printedDir, `page-${i}.png`));
  } finally {
    m.cleanup();
  }
});

/** The text of the pages the long explanation runs over, each from below its table's repeated header (page number and header left out). */
function explanationColumn(pages: string[]): string {
  const header = 'Nội dung giải trình';
  return pages
    .filter((p) => p.includes('Giải trình dài'))
    .map((p) => p.slice(p.indexOf(header) + header.length))
    .join('\n');
}

test('long tables: the header starts every page, pages are numbered from the second, a 4,000-character explanation continues over a page', async () => {
  const m = await wardMachine();
  const out = artefactDir('self-report-long');
  try {
    const sheet = await call(m.unit, 'self/sheet', { campaignId: m.campaignId });
    const e = sheet.rows.flatMap((r) => r.evidence)[0]!;
    const long = `${'Giải trình dài về việc chưa có tài liệu kiểm chứng của tiêu chí này, '.repeat(57)}HẾT.`;
    assert.ok(long.length > 3900 && long.length <= 4000);
    const many = 90;
    const files = Array.from({ length: many }, (_, i) => ({ ...e, id: 1000 + i, fileName: `Tài liệu số ${i + 1}.pdf`, sha256: createHash('sha256').update(String(i)).digest('hex') }));
    const big: SelfSheet = { ...sheet, rows: sheet.rows.map((r) => (r.code === '1.2' ? { ...r, evidence: files, explanation: long } : r)) };
    const context = { issuer: 'Ủy ban nhân dân tỉnh Điện Biên', agency: '' };
    const file = join(out, 'long.pdf');
    writeFileSync(file, await writeSelfReport(big, 'pdf', context));
    const pages = pdfPages(file);
    assert.ok(pages.length >= 4, `${pages.length} pages`);
    // ND30: no number on page 1, then 2, 3, … at the top of each page.
    assert.ok(!/^\s*1\s*$/m.test(pages[0]!.split('\n').slice(0, 2).join('\n')));
    pages.slice(1).forEach((p, i) => assert.equal(p.trimStart().split('\n')[0]!.trim(), String(i + 2), `page ${i + 2} is numbered`));
    assert.ok(squeeze(explanationColumn(pages)).includes(squeeze(long)), 'the long explanation is printed whole');
    assert.deepEqual(outside(file), [], 'A4, nothing outside the margins');
    const all = words(pages.join('\n'));
    for (const f of files) assert.ok(all.has(f.sha256.slice(0, 32)) && all.has(f.sha256.slice(32)), `SHA-256 of ${f.fileName} whole`);
    // Every page the evidence table runs over starts with its header.
    const listed = pages.map((p, i) => ({ p, i })).filter(({ p }) => /Tài liệu số \d+\.pdf/.test(p));
    assert.ok(listed.length >= 2, 'the evidence list runs over several pages');
    for (const { p, i } of listed) assert.ok(squeeze(p).includes('STTTiêuchíTêntệpDunglượngMãSHA-256'), `page ${i + 1} repeats the header`);
    const explained = pages.map((p, i) => ({ p, i })).filter(({ p }) => squeeze(p).includes(squeeze('Giải trình dài về việc')));
    assert.ok(explained.length >= 2, 'the long explanation continues on the next page');
    for (const { p, i } of explained) assert.ok(squeeze(p).includes('STTTiêuchíNộidunggiảitrình'), `page ${i + 1} repeats the explanations' header`);
    for (let i = 1; i <= pages.length; i++) renderPage(file, i, join(out, `page-${i}.png`));

    // The .docx too: the long row breaks across pages instead of being cut at the foot of one.
    const docxFile = join(out, 'long.docx');
    writeFileSync(docxFile, await writeSelfReport(big, 'docx', context));
    const printedDir = artefactDir('self-report-long/docx-printed');
    const [printed] = libreOfficeToPdf([docxFile], printedDir, 'libreoffice-writer-nogui');
    const printedPages = pdfPages(printed!);
    assert.ok(squeeze(explanationColumn(printedPages)).includes(squeeze(long)), 'the .docx prints the long explanation whole');
    assert.deepEqual(outside(printed!), [], '.docx: A4, nothing outside the margins');
    const printedWords = words(printedPages.join('\n'));
    for (const f of files) assert.ok(printedWords.has(f.sha256.slice(0, 32)) && printedWords.has(f.sha256.slice(32)), `.docx: SHA-256 of ${f.fileName} whole`);
    for (let i = 1; i <= printedPages.length; i++) renderPage(printed!, i, join(printedDir, `page-${i}.png`));

    // A department with its parent body: the parent above, the department in bold; dated in the province.
    const docx = await writeSelfReport({ ...sheet, unitName: 'Sở Nội vụ', unitCode: 'S1' }, 'docx', { issuer: 'Ủy ban nhân dân tỉnh Điện Biên', agency: 'UBND tỉnh Điện Biên' });
    const p = docxParagraphs(docx);
    for (const line of ['UBND TỈNH ĐIỆN BIÊN', 'SỞ NỘI VỤ', 'Điện Biên, ngày …… tháng …… năm ……']) assert.ok(p.includes(line), line);
  } finally {
    m.cleanup();
  }
});

test('par self report writes the PDF and the .docx on the unit\'s machine', async () => {
  const m = await wardMachine();
  m.cleanup();
  const out = artefactDir('self-report-cli');
  for (const name of ['bao-cao.pdf', 'bao-cao.docx']) {
    const target = join(out, name);
    const r = par('self', 'report', '--db', m.db, '--out', target);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Đã xuất báo cáo tự đánh giá/);
    assert.ok(existsSync(target));
    const bytes = readFileSync(target);
    if (name.endsWith('.pdf')) {
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      assert.ok(squeeze(pdfPages(target).join('\n')).includes(squeeze('THỦ TRƯỞNG ĐƠN VỊ')));
    } else {
      assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      assert.ok(docxParagraphs(bytes).some((x) => x.includes(sha256(FILES[0]!.bytes).slice(0, 32))));
    }
  }
});
