// Phụ lục III is written unit by unit: building the annex reads no unit's sheet, the PDF writer reads each
// unit as its pages come (never more than one ahead of the page being written), all inside one read snapshot
// (a score saved meanwhile on another connection does not reach the file), and the file says exactly what
// the annex read all at once says. Checked on a real SQLite file, a real PDF read back by pdftotext.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generatedTwoSetCampaign } from '../../bench/generate.js';
import { buildAnnexes } from '../../electron/annex/build.js';
import { withUnitsRead, type UnitSheetsAnnex } from '../../electron/annex/model.js';
import { writeAnnexPdfFile } from '../../electron/annex/pdf.js';
import { writeAnnexXlsxFile } from '../../electron/annex/xlsx.js';
import { createServices, openApp } from '../../electron/core/app.js';
import { openDatabase } from '../../electron/db/database.js';
import { DECISION, pdfPages, squeeze, tempDir } from './support.js';

const UNITS = 40;
const dir = tempDir();
const app = openApp({ dataDir: tempDir(), host: 'cli', seedDemo: false });
const campaignId = app.services.campaigns.insertContent(generatedTwoSetCampaign(UNITS), 'kiểm thử', 'test');
const { scoring } = app.services;

/** What happened, in order: a unit's sheet read, or the writer's progress (pages drawn). */
type Event = { read: string } | { progress: number };
const events: Event[] = [];
const readSheet = scoring.sheet.bind(scoring);
scoring.sheet = (id, unitCode) => {
  events.push({ read: unitCode });
  return readSheet(id, unitCode);
};

test.after(() => app.close());

const heading = (unitName: string) => squeeze(`Đơn vị: ${unitName} — Nhóm:`);

test('the PDF writer reads each unit as its pages come, never more than one ahead of the page written', async () => {
  events.length = 0;
  const set = buildAnnexes(app.services, campaignId, ['III'], DECISION);
  assert.equal(events.length, 0, 'building Phụ lục III reads no unit');
  const units = (set.annexes[0] as UnitSheetsAnnex).units;
  const codes = units.entries.map((u) => u.unitCode);
  assert.equal(codes.length, UNITS);

  const out = join(dir, 'phu-luc-III.pdf');
  const { pages } = await writeAnnexPdfFile(set, out, { onProgress: (done) => events.push({ progress: done }) });

  const text = pdfPages(out);
  assert.equal(text.length, pages);
  text.forEach((p, i) => assert.ok(p.includes(`Trang ${i + 1}/${pages}`), `page ${i + 1} is numbered`));
  // The page each unit starts on, from the file: every unit in print order, each on a page of its own.
  const firstPage = units.entries.map((u) => text.findIndex((p) => squeeze(p).includes(heading(u.unitName))) + 1);
  firstPage.forEach((p, i) => assert.ok(p > 0 && (i === 0 || p > firstPage[i - 1]!), `${units.entries[i]!.unitName} starts page ${p}`));

  // Counting the pages reads every unit once, then drawing reads them again, one at a time.
  const start = events.findIndex((e) => 'progress' in e && e.progress === 0);
  assert.ok(start > 0, 'the page count comes before the first page');
  const counted = events.slice(0, start).map((e) => ('read' in e ? e.read : null));
  assert.deepEqual(counted, codes, 'the page count reads each unit once, in order');
  const drawing = events.slice(start);
  assert.deepEqual(drawing.flatMap((e) => ('read' in e ? [e.read] : [])), codes, 'drawing reads each unit once, in order');
  let read = 0;
  let checked = 0;
  for (const e of drawing) {
    if ('read' in e) {
      read++;
      continue;
    }
    if (e.progress === 0 || e.progress === pages) continue;
    const begun = firstPage.filter((p) => p <= e.progress).length;
    assert.ok(read >= begun && read <= begun + 1, `after page ${e.progress}: ${read} units read, ${begun} begun`);
    checked++;
  }
  assert.ok(checked >= 5, `${checked} progress points checked`);
});

test('the lazily written PDF says what the annex read all at once says, page for page', async () => {
  const lazy = join(dir, 'lazy.pdf');
  const eager = join(dir, 'eager.pdf');
  await writeAnnexPdfFile(buildAnnexes(app.services, campaignId, ['I', 'III'], DECISION), lazy);
  await writeAnnexPdfFile(withUnitsRead(buildAnnexes(app.services, campaignId, ['I', 'III'], DECISION)), eager);
  const a = pdfPages(lazy);
  assert.deepEqual(a, pdfPages(eager));
  assert.ok(a.some((p) => p.includes('Bộ tiêu chí cấp xã')) && a.some((p) => p.includes('Bộ tiêu chí cấp sở')), 'each unit under its own set');
});

test('the xlsx writer reads the units as it reaches their sheets too', async () => {
  events.length = 0;
  const set = buildAnnexes(app.services, campaignId, ['III'], DECISION);
  assert.equal(events.length, 0, 'building Phụ lục III reads no unit');
  let firstProgressAfter = -1;
  await writeAnnexXlsxFile(set, join(dir, 'phu-luc-III.xlsx'), {
    onProgress: () => {
      if (firstProgressAfter < 0) firstProgressAfter = events.length;
    },
  });
  assert.equal(events.length, UNITS, 'each unit read once');
  assert.ok(firstProgressAfter < UNITS, `${firstProgressAfter} units read before the first rows were written`);
});

test('a score saved on another connection while the job writes does not reach the file: one snapshot throughout', async () => {
  const other = openDatabase(app.services.repos.db.name);
  const elsewhere = createServices(other);
  try {
    const before = withUnitsRead(buildAnnexes(app.services, campaignId, ['III'], DECISION));
    const lastUnit = [...(before.annexes[0] as UnitSheetsAnnex).units].at(-1)!;
    const leaf = lastUnit.rows.find((r) => r.isLeaf && r.kind === 'appraised' && r.appraisedMilli !== null && r.appraisedMilli > 0)!;
    const beforePdf = join(dir, 'before.pdf');
    await writeAnnexPdfFile(before, beforePdf);
    const out = join(dir, 'snapshot.pdf');
    let changed = false;
    await app.services.annexes.writeFile(campaignId, 'III', 'pdf', DECISION, out, {
      onProgress: (done) => {
        if (done > 0 && !changed) {
          // The last unit is not drawn yet: one of its leaves drops to 0, committed on the other connection.
          elsewhere.repos.scores.setPoints(campaignId, lastUnit.unitCode, leaf.code, 0, '');
          changed = true;
        }
      },
    });
    assert.ok(changed);
    assert.equal(app.services.repos.db.inTransaction, false, 'the snapshot is released');
    assert.equal(elsewhere.scoring.sheet(campaignId, lastUnit.unitCode).totalMilli, lastUnit.totalMilli - leaf.appraisedMilli!, 'the change is committed');
    assert.deepEqual(pdfPages(out), pdfPages(beforePdf), 'the file shows the data as the export began');
    const afterPdf = join(dir, 'after.pdf');
    await app.services.annexes.writeFile(campaignId, 'III', 'pdf', DECISION, afterPdf);
    assert.notDeepEqual(pdfPages(afterPdf), pdfPages(beforePdf), 'the next export shows the change');
  } finally {
    other.close();
  }
});
