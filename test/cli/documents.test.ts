// `par export-decision` and `par export-report`: the draft decision and the council's report as .docx from the
// command line, with the numbers of the database they are given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCampaign } from '../../electron/demo/demo-campaign.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';
import { par, parOk as ok, tempDir } from '../helpers.js';
import { docxParagraphs } from '../documents/support.js';

test('par export-decision and export-report write the .docx documents; a member machine is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = (name: string) => join(dir, name);
    writeFileSync(f('dot.xlsx'), writeCampaignWorkbook(demoCampaign(2025)));
    const sec = f('sec/par.sqlite');
    ok('import', f('dot.xlsx'), '--db', sec);
    const units = (JSON.parse(ok('rank', '--db', sec, '--json')) as unknown[]).length;

    assert.match(ok('export-decision', '--db', sec, '--out', f('quyet-dinh.docx'), '--decision', '123/QĐ-UBND', '--date', '2026-03-05'), /quyet-dinh\.docx/);
    const decision = docxParagraphs(readFileSync(f('quyet-dinh.docx'))).join('\n');
    assert.match(decision, /QUYẾT ĐỊNH/);
    assert.match(decision, /123\/QĐ-UBND/);
    assert.match(decision, /Điều 1\./);
    assert.match(decision, /Phụ lục I/);
    assert.ok(decision.includes(String(units)), `the decision counts the ${units} units`);

    assert.match(ok('export-report', '--db', sec, '--out', f('bao-cao.docx')), /bao-cao\.docx/);
    const report = docxParagraphs(readFileSync(f('bao-cao.docx'))).join('\n');
    assert.match(report, /BÁO CÁO/);

    const bad = par('export-decision', '--db', sec, '--out', f('x.docx'), '--date', '05/03/2026');
    assert.equal(bad.code, 2, bad.err);

    ok('member', 'init', '--db', f('an/par.sqlite'), '--name', 'Nguyễn Văn An', '--out', f('an.pub'));
    const refused = par('export-report', '--db', f('an/par.sqlite'), '--out', f('y.docx'));
    assert.notEqual(refused.code, 0);
  } finally {
    cleanup();
  }
});
