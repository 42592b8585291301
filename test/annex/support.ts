// Shared by the annex tests: the demo annex set, the external tools (LibreOffice, poppler) that render
// and read the files as a person would, and small readers for their output.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAnnexes } from '../../electron/annex/build.js';
import { annexUnits, withUnitsRead, type AnnexNumber, type AnnexSet } from '../../electron/annex/model.js';
import { openApp, type AppCore } from '../../electron/core/app.js';
import { DEMO_UNSCORED_UNIT } from '../../electron/demo/demo-campaign.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FONT_DIR = join(ROOT, 'assets', 'fonts');
/** Rendered pages kept for people to look at (ignored by git). */
export const ARTEFACTS = join(ROOT, 'test-results', 'annex');

export const DECISION = { decisionNo: '679/QĐ-UBND', decisionDate: '2022-02-16', issuer: 'Chủ tịch Ủy ban nhân dân thành phố Cần Thơ' };

/** Every Vietnamese vowel with every tone, and đ: a unit named with these proves no diacritic is lost. */
export const DIACRITIC_WORDS = [
  'aàáảãạ',
  'ăằắẳẵặ',
  'âầấẩẫậ',
  'eèéẻẽẹ',
  'êềếểễệ',
  'iìíỉĩị',
  'oòóỏõọ',
  'ôồốổỗộ',
  'ơờớởỡợ',
  'uùúủũụ',
  'ưừứửữự',
  'yỳýỷỹỵ',
  'đĐ',
];
export const DIACRITIC_UNIT = `Xã ${DIACRITIC_WORDS.slice(0, 6).join(' ')}`;
export const DIACRITIC_UNIT_UPPER = `Phường ${DIACRITIC_WORDS.slice(6).map((w) => w.toLocaleUpperCase('vi')).join(' ')}`;

export function tempDir(prefix = 'par-annex-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openDemo(): { app: AppCore; campaignId: number; dir: string } {
  const dir = tempDir();
  const app = openApp({ dataDir: dir, host: 'cli', seedDemo: true });
  const campaign = app.services.campaigns.list()[0];
  if (!campaign) throw new Error('the demo campaign was not seeded');
  return { app, campaignId: campaign.id, dir };
}

/**
 * The demo's annexes as published: its one unappraised unit given its self-scores as finals and the
 * campaign finalised (an open campaign gives a draft: see draft.test.ts).
 */
export function demoSet(which: AnnexNumber[] = ['I', 'II', 'III']): AnnexSet {
  const { app, campaignId } = openDemo();
  try {
    publishDemo(app, campaignId);
    return withUnitsRead(buildAnnexes(app.services, campaignId, which, DECISION));
  } finally {
    app.close();
  }
}

export function publishDemo(app: AppCore, campaignId: number): void {
  const r = app.services.repos;
  for (const s of r.scores.listByUnit(campaignId, DEMO_UNSCORED_UNIT)) {
    if (s.pointsMilli === null && s.selfMilli !== null) r.scores.setPoints(campaignId, DEMO_UNSCORED_UNIT, s.criterionCode, s.selfMilli, '');
  }
  app.services.consolidation.finalize(campaignId, 'Tổ thư ký');
}

export function draftDemoSet(which: AnnexNumber[] = ['I', 'II', 'III']): AnnexSet {
  const { app, campaignId } = openDemo();
  try {
    return withUnitsRead(buildAnnexes(app.services, campaignId, which, DECISION));
  } finally {
    app.close();
  }
}

/** Renames two units throughout the set so that their names carry every vowel with every tone. */
export function withDiacriticUnits(set: AnnexSet): AnnexSet {
  const rename = new Map<string, string>();
  for (const a of set.annexes) {
    if (a.kind !== 'ranking') continue;
    const [first, second] = a.groups.flatMap((g) => g.rows.map((r) => r.unitName)).slice(-2);
    if (first) rename.set(first, DIACRITIC_UNIT);
    if (second) rename.set(second, DIACRITIC_UNIT_UPPER);
  }
  const name = (n: string) => rename.get(n) ?? n;
  return {
    ...set,
    annexes: set.annexes.map((a) => {
      if (a.kind === 'ranking') return { ...a, groups: a.groups.map((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, unitName: name(r.unitName) })) })) };
      if (a.kind === 'components') return { ...a, groups: a.groups.map((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, unitName: name(r.unitName) })) })) };
      return { ...a, units: annexUnits([...a.units].map((u) => ({ ...u, unitName: name(u.unitName) }))) };
    }),
  };
}

/** Phụ lục II with area `code` not applying to the first unit of each group (the demo has no such unit). */
export function withAreaNotApplying(set: AnnexSet, code: string): AnnexSet {
  return {
    ...set,
    annexes: set.annexes.map((a) =>
      a.kind !== 'components'
        ? a
        : { ...a, groups: a.groups.map((g) => ({ ...g, rows: g.rows.map((r, i) => (i === 0 ? { ...r, components: { ...r.components, [code]: null } } : r)) })) },
    ),
  };
}

/** The tool, or a failure that says how to install it (CI installs them; tests never skip). */
export function requireTool(command: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.trim()) {
    throw new Error(`"${command}" is missing: the annex tests render and read files with it. Install it: apt-get install ${pkg}`);
  }
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv, timeout = 120_000): string {
  const r = spawnSync(command, args, { encoding: 'utf8', env: env ?? process.env, timeout, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/*
 * LibreOffice draws "Times New Roman" with whatever fontconfig offers for it. Debian's fonts-liberation
 * is Liberation 1.07, which has no Vietnamese letters (ơ, ư, ạ… fall back to DejaVu); the fonts shipped in
 * assets/fonts (Liberation 2, metric-compatible with Times New Roman, full Vietnamese) are added here, as
 * a reader with Times New Roman would see the file. A private profile lets tests run side by side.
 */
/** Spreadsheets (Calc) or documents (Writer) printed to PDF by LibreOffice, with the annexes' fonts. */
export function libreOfficeToPdf(files: string[], outDir: string, debianPackage = 'libreoffice-calc-nogui'): string[] {
  requireTool('soffice', debianPackage);
  const profile = tempDir('par-lo-profile-');
  const fontsConf = join(profile, 'fonts.conf');
  writeFileSync(
    fontsConf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${FONT_DIR}</dir>\n</fontconfig>\n`,
  );
  run(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(join(profile, 'user')).href}`, '--convert-to', 'pdf', '--outdir', outDir, ...files],
    { ...process.env, FONTCONFIG_FILE: fontsConf },
    180_000,
  );
  return files.map((f) => {
    const pdf = join(outDir, basename(f).replace(/\.(xlsx|docx)$/, '.pdf'));
    if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${f}`);
    return pdf;
  });
}

/** The text of each page (pdftotext separates pages with form feeds). */
export function pdfPages(pdf: string): string[] {
  requireTool('pdftotext', 'poppler-utils');
  const pages = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).split('\f');
  if (pages.length > 0 && pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages.map((p) => p.normalize('NFC'));
}

export function pdfInfo(pdf: string): Record<string, string> {
  requireTool('pdfinfo', 'poppler-utils');
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', pdf]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(pdf: string): PdfFont[] {
  requireTool('pdffonts', 'poppler-utils');
  return run('pdffonts', [pdf])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((line) => {
      const cols = line.trim().split(/\s{2,}|\s(?=yes|no)/);
      const emb = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      return { name: cols[0]!, type: cols[1] ?? '', embedded: emb?.[1] === 'yes' };
    });
}

/** Renders page `page` of a PDF to a PNG (for people to look at). */
export function renderPage(pdf: string, page: number, outPng: string, dpi = 60): void {
  requireTool('pdftoppm', 'poppler-utils');
  mkdirSync(dirname(outPng), { recursive: true });
  run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page), pdf, outPng.replace(/\.png$/, '')]);
}

/** Words of a page's text, for checks that must not depend on where a cell wrapped. */
export const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));
/** Text with all white space removed, for checks of phrases that may wrap. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
