// The PDF annexes from the demo campaign: embedded fonts only, the text a reader would extract, the
// header on every page, page numbers per annex, one unit per page in Phụ lục III (its name repeated on
// continuation pages), document metadata, PDF/A-2b.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnnexSet, ComponentAnnex, RankingAnnex, UnitSheetsAnnex } from '../../electron/annex/model.js';
import { writeAnnexPdf } from '../../electron/annex/pdf.js';
import { fontDirCandidates, resolveFontDir } from '../../electron/annex/pdf/fonts.js';
import { pointsText } from '../../electron/annex/pdf/table.js';
import { AppError } from '../../shared/errors.js';
import { formatIndex } from '../../shared/numbers.js';
import { ARTEFACTS, DIACRITIC_WORDS, FONT_DIR, demoSet, pdfFonts, pdfInfo, pdfPages, renderPage, squeeze, tempDir, withAreaNotApplying, withDiacriticUnits, words } from './support.js';

const set = withAreaNotApplying(withDiacriticUnits(demoSet()), '3');
const ranking = set.annexes.find((a): a is RankingAnnex => a.kind === 'ranking')!;
const components = set.annexes.find((a): a is ComponentAnnex => a.kind === 'components')!;
const units = set.annexes.find((a): a is UnitSheetsAnnex => a.kind === 'units')!;
const dir = tempDir();

async function pdfOf(annexSet: AnnexSet, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, await writeAnnexPdf(annexSet));
  return file;
}
const only = (a: AnnexSet['annexes'][number]): AnnexSet => ({ ...set, annexes: [a] });
const run = (command: string, args: string[]) => {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('only embedded Liberation Serif fonts, never the built-in Helvetica', async () => {
  const fonts = pdfFonts(await pdfOf(set, 'all.pdf'));
  assert.ok(fonts.length >= 3, 'regular, bold and italic are used');
  for (const f of fonts) {
    assert.ok(f.embedded, `${f.name} is embedded`);
    assert.match(f.name, /^[A-Z]{6}\+LiberationSerif/);
  }
  assert.ok(!fonts.some((f) => /Helvetica/i.test(f.name)));
});

test('Phụ lục I: A4 portrait, metadata, headings, every unit with every diacritic, decimal commas', async () => {
  const pdf = await pdfOf(only(ranking), 'I.pdf');
  const info = pdfInfo(pdf);
  assert.match(info['Page size']!, /^595\.\d+ x 841\.\d+ pts \(A4\)/);
  assert.equal(info['Author'], 'Thẩm định chỉ số CCHC');
  assert.equal(info['Creator'], 'Thẩm định chỉ số CCHC');
  assert.equal(info['Title'], `Phụ lục I — ${ranking.heading.title}`);
  const pages = pdfPages(pdf);
  const text = pages.join('\n');
  assert.ok(text.includes('PHỤ LỤC I') && text.includes(ranking.heading.title));
  assert.ok(squeeze(text).includes(squeeze(ranking.heading.decisionLine)));
  for (const g of ranking.groups) {
    assert.ok(text.includes(g.title));
    for (const u of g.rows) {
      for (const w of u.unitName.split(' ')) assert.ok(words(text).has(w), `"${w}" of ${u.unitName}`);
      for (const n of [pointsText(u.totalMilli), pointsText(u.maxMilli), formatIndex(u.indexHundredths)]) assert.ok(words(text).has(n), `${u.unitName}: ${n}`);
    }
  }
  for (const w of DIACRITIC_WORDS) assert.ok(squeeze(text).includes(w) || squeeze(text).includes(w.toLocaleUpperCase('vi')), `letters ${w}`);
  assert.doesNotMatch(text, /\b\d+\.\d\d\b/, 'no decimal point');
  pages.forEach((p, i) => {
    for (const h of ['STT', 'Đơn vị', 'Xếp loại']) assert.ok(p.includes(h), `header "${h}" on page ${i + 1}`);
    assert.ok(p.includes(`Trang ${i + 1}/${pages.length}`));
  });
  renderPage(pdf, 1, join(ARTEFACTS, 'annex-I-pdf.png'));
});

test('Phụ lục II: landscape, the two header rows on every page, "—" where an area does not apply', async () => {
  const pdf = await pdfOf(only(components), 'II.pdf');
  assert.match(pdfInfo(pdf)['Page size']!, /^841\.\d+ x 595\.\d+ pts/);
  const pages = pdfPages(pdf);
  assert.ok(pages.length >= 2, 'the demo takes two pages, so the repeat is tested');
  pages.forEach((p, i) => {
    assert.ok(squeeze(p).includes(squeeze('Chỉ số thành phần theo lĩnh vực (%)')), `page ${i + 1}`);
    assert.ok(squeeze(p).includes(squeeze('Chỉ số CCHC (%)')), `page ${i + 1}`);
    assert.ok(p.includes(`Trang ${i + 1}/${pages.length}`));
  });
  const text = pages.join('\n');
  const dashes = (text.match(/—/g) ?? []).length;
  assert.equal(dashes, components.groups.length, 'one "—" per unit whose area does not apply');
  for (const g of components.groups) {
    for (const u of g.rows) {
      for (const v of Object.values(u.components)) if (v !== null) assert.ok(words(text).has(formatIndex(v)), `${u.unitName}: ${formatIndex(v)}`);
    }
  }
  renderPage(pdf, 1, join(ARTEFACTS, 'annex-II-pdf.png'));
});

test('Phụ lục III: each unit from a new page, header and page number on every page', async () => {
  const pdf = await pdfOf(only(units), 'III.pdf');
  const pages = pdfPages(pdf);
  assert.equal(Number(pdfInfo(pdf)['Pages']), pages.length);
  const firstPageOf = [...units.units].map((u) => pages.findIndex((p) => squeeze(p).includes(squeeze(`Đơn vị: ${u.unitName} — Nhóm: ${u.groupName}`))));
  firstPageOf.forEach((p, i) => assert.ok(p >= 0, `${units.units.entries[i]!.unitName} has its page`));
  for (let i = 1; i < firstPageOf.length; i++) assert.ok(firstPageOf[i]! > firstPageOf[i - 1]!, 'units in order, each on a new page');
  pages.forEach((p, i) => {
    assert.ok((p.match(/Đơn vị: /g) ?? []).length <= 1, `one unit on page ${i + 1}`);
    assert.ok(squeeze(p).includes(squeeze('Lĩnh vực/Tiêu chí/Tiêu chí thành phần')), `header on page ${i + 1}`);
    assert.ok(p.includes(`Trang ${i + 1}/${pages.length}`), `page number on page ${i + 1}`);
  });
  // Each unit's total row sits on the last page before the next unit starts.
  [...units.units].forEach((u, i) => {
    const last = (firstPageOf[i + 1] ?? pages.length) - 1;
    const p = pages[last]!;
    assert.ok(p.includes('Tổng cộng') && words(p).has(formatIndex(u.indexHundredths)), `${u.unitName}: total on page ${last + 1}`);
  });
  assert.doesNotMatch(pages.join('\n'), /\b\d+\.\d\d\b/);
  renderPage(pdf, 1, join(ARTEFACTS, 'annex-III-pdf.png'));
});

test('one PDF with all three annexes numbers pages per annex and switches orientation', async () => {
  const pdf = await pdfOf(set, 'all.pdf');
  const pages = pdfPages(pdf);
  const startsI = pages.findIndex((p) => p.includes('PHỤ LỤC I\n'));
  const startsII = pages.findIndex((p) => p.includes('PHỤ LỤC II\n'));
  assert.equal(startsI, 0);
  assert.ok(startsII > 0);
  assert.ok(pages[startsII]!.includes(`Trang 1/`), 'Phụ lục II starts at page 1 of its own');
  assert.match(pdfInfo(pdf)['Title']!, /^Phụ lục I, II, III — /);
});

test('the font folder is found from the module and a wrong one is refused in Vietnamese', async () => {
  assert.equal(resolveFontDir(), FONT_DIR);
  assert.ok(fontDirCandidates().includes(FONT_DIR));
  assert.equal(resolveFontDir(FONT_DIR), FONT_DIR);
  await assert.rejects(
    () => writeAnnexPdf(only(ranking), { fontDir: join(dir, 'nowhere') }),
    (e: unknown) => e instanceof AppError && e.code === 'not_found' && /phông chữ/.test(e.message),
  );
});

test('PDF/A-2b: PDF 1.7, XMP declaring part 2 conformance B, sRGB output intent, file ID, no encryption', async () => {
  const file = await pdfOf(set, 'pdfa.pdf');
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  assert.equal(text.slice(0, 10), '%PDF-1.7\n%');
  assert.ok([...bytes.subarray(10, 14)].every((b) => b >= 128), 'a binary comment on the second line');
  const info = pdfInfo(file);
  assert.equal(info['PDF version'], '1.7');
  assert.equal(info['Encrypted'], 'no');
  assert.equal(info['Metadata Stream'], 'yes');
  const xmp = run('pdfinfo', ['-meta', file]);
  assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  // The XMP repeats the document information (PDF/A: both must agree).
  assert.ok(xmp.includes(`<rdf:li xml:lang="x-default">${info['Title']}</rdf:li>`));
  assert.ok(xmp.includes(`<pdf:Producer>${info['Producer']}</pdf:Producer>`));
  assert.match(text, /\/OutputIntents \[\d+ 0 R\]/);
  assert.match(text, /\/Type \/OutputIntent\s+\/S \/GTS_PDFA1/);
  assert.match(text, /\/DestOutputProfile \d+ 0 R/);
  assert.match(text, /\/Type \/Metadata\s+\/Subtype \/XML/, 'an uncompressed XMP stream');
  assert.match(text.slice(text.lastIndexOf('trailer')), /\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
  for (const f of pdfFonts(file)) assert.ok(f.embedded, `${f.name} embedded`);
});

test('a campaign name with "&" and "<" still gives well-formed XMP', async () => {
  const file = await pdfOf({ ...only(ranking), campaignName: 'Sở A & B <thử>' }, 'xmp-escape.pdf');
  const xmp = run('pdfinfo', ['-meta', file]);
  assert.ok(xmp.includes('Sở A &amp; B &lt;thử&gt;'));
  assert.equal(pdfInfo(file)['Subject'], 'Sở A & B <thử>');
});

test('Phụ lục III: a unit running over several pages repeats its name above the header on each of them', async () => {
  const pdf = await pdfOf(only(units), 'III-continued.pdf');
  const pages = pdfPages(pdf);
  let continued = 0;
  let current: string | null = null;
  for (const p of pages) {
    const starts = [...units.units].find((u) => squeeze(p).includes(squeeze(`Đơn vị: ${u.unitName} — Nhóm: ${u.groupName}`)));
    if (starts) {
      current = starts.unitName;
      assert.ok(!p.includes('(tiếp theo)'), 'no continuation line on the first page of a unit');
      continue;
    }
    assert.ok(current, 'the first page names its unit');
    assert.ok(squeeze(p).includes(squeeze(`${current} (tiếp theo)`)), `"${current} (tiếp theo)" on a continuation page`);
    assert.ok(squeeze(p).includes(squeeze('Lĩnh vực/Tiêu chí/Tiêu chí thành phần')));
    continued++;
  }
  assert.ok(continued > 0, 'the demo units run over several pages');
  renderPage(pdf, 2, join(ARTEFACTS, 'annex-III-pdf-continued.png'));
});
