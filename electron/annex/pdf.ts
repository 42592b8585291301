// Writes the decision annexes as PDF/A-2b (PDF 1.7) with pdfkit: A4 with the decree's margins, Liberation
// Serif embedded (never pdfkit's built-in Helvetica), the table header repeated on every page, "Trang X/Y"
// per annex. Pages stream out as they are drawn: the page count of each annex is planned first, one table
// at a time, then each table is planned again and drawn page by page, so memory does not grow with the
// number of units (Phụ lục III for 1,000 units is ~7,000 pages).

import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../shared/errors.js';
import type { Annex, AnnexSet } from './model.js';
import { resolveFontDir } from './pdf/fonts.js';
import { fontPaths, PdfTableRenderer } from './pdf/table.js';
import { annexTables, APP_NAME, documentTitle, unitTable, type AnnexTable } from './xlsx/layout.js';

export interface AnnexPdfOptions {
  /** Folder holding the four LiberationSerif-*.ttf files; found automatically when omitted. */
  fontDir?: string;
  /** Pages drawn so far of all pages; called at least every PROGRESS_EVERY pages and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the export: nothing is left on disk and AppError('cancelled') is thrown. */
  signal?: AbortSignal;
}

const PROGRESS_EVERY = 25;

/**
 * Every letter a Vietnamese name or title can hold, digits and punctuation: kept in the regular face's
 * embedded subset so the visible signature block (electron/signing/pdf.ts) can be written in that font
 * whatever the signer's name, without embedding a second copy of it.
 */
export const SIGNATURE_BLOCK_GLYPHS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~–—…‘’“”' +
  'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ';

/** Info key carrying the decision number, read back when the annex is signed (the block shows it). */
export const DECISION_NO_KEY = 'DecisionNo';

const cancelled = () => new AppError('cancelled', 'annex.pdfCancelled');

/** The tables of one annex, made one at a time (Phụ lục III: one per unit) so they need not all be held. */
function* tablesOf(annex: Annex): Generator<{ table: AnnexTable; continuation: string | null }> {
  if (annex.kind !== 'units') {
    for (const table of annexTables(annex)) yield { table, continuation: null };
    return;
  }
  // Each unit's sheet is read here, as its table is reached: the previous one is garbage by then.
  for (const unit of annex.units) yield { table: unitTable(annex, unit), continuation: `${unit.unitName} (tiếp theo)` };
}

/** "(Kèm theo Quyết định số 679/QĐ-UBND ngày …)" → "679/QĐ-UBND"; null while the number is not known. */
export function decisionNumber(set: AnnexSet): string | null {
  const line = set.annexes[0]?.heading.decisionLine ?? '';
  const m = /Quyết định số\s+(\S+)/.exec(line);
  return m && !m[1]!.startsWith('…') ? m[1]! : null;
}

/** Where the bytes go: `write` takes each chunk, `settle` waits until it is safe to draw more. */
interface Sink {
  write(chunk: Buffer): void;
  settle(): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function renderAnnexPdf(set: AnnexSet, options: AnnexPdfOptions, sink: Sink): Promise<number> {
  const empty = set.annexes.every((a) => (a.kind === 'units' ? a.units.entries.length === 0 : annexTables(a).length === 0));
  if (empty) throw new AppError('invalid_input', 'annex.nothing');
  const fonts = fontPaths(resolveFontDir(options.fontDir));
  const { signal, onProgress } = options;
  if (signal?.aborted) throw cancelled();
  const title = documentTitle(set);
  const decisionNo = decisionNumber(set);
  const doc = new PDFDocument({
    autoFirstPage: false,
    // Drawn pages are written out at the next addPage and never kept (pdfkit's bufferPages is off).
    bufferPages: false,
    // pdfkit keeps every word it ever laid out ("1234/7000" of each footer, every unit's name and figures):
    // memory grew with the page count. The renderer keeps its own widths and glyph runs, in caches that reset.
    fontLayoutCache: false,
    pdfVersion: '1.7',
    // XMP metadata declaring PDF/A-2B, the sRGB output intent; fonts are embedded anyway (see below).
    subset: 'PDF/A-2b',
    // The default font is the embedded serif, so the standard Helvetica is never even referenced.
    font: fonts.regular,
    size: 'A4',
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: title,
      Author: APP_NAME,
      Creator: APP_NAME,
      Producer: APP_NAME,
      Subject: set.campaignName,
      Keywords: 'CCHC, phụ lục, xếp hạng',
      ...(decisionNo ? { [DECISION_NO_KEY]: decisionNo } : {}),
    },
  });
  escapeXmpInfo(doc);
  releaseWrittenPages(doc);
  doc.on('data', (chunk: Buffer) => sink.write(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const renderer = new PdfTableRenderer(doc, fonts);
  renderer.includeGlyphs(SIGNATURE_BLOCK_GLYPHS);

  // Pages are numbered per annex ("Trang 3/12" of Phụ lục III): count them first, keeping only the counts.
  const counts: number[] = [];
  let planned = 0;
  for (const annex of set.annexes) {
    let n = 0;
    for (const { table, continuation } of tablesOf(annex)) {
      n += renderer.plan(table, continuation).pages.length;
      if (++planned % 50 === 0) {
        await nextTurn();
        if (signal?.aborted) throw cancelled();
      }
    }
    counts.push(n);
  }
  const total = counts.reduce((a, b) => a + b, 0);
  onProgress?.(0, total);

  let done = 0;
  for (let a = 0; a < set.annexes.length; a++) {
    let number = 1;
    for (const { table, continuation } of tablesOf(set.annexes[a]!)) {
      const plan = renderer.plan(table, continuation);
      for (let i = 0; i < plan.pages.length; i++) {
        renderer.drawPage(plan, i, number++, counts[a]!);
        if (++done % PROGRESS_EVERY === 0) {
          await sink.settle();
          if (signal?.aborted) throw cancelled();
          onProgress?.(done, total);
        }
      }
    }
  }
  doc.end();
  await ended;
  onProgress?.(total, total);
  return total;
}

/**
 * pdfkit writes a page out when the next one is added (bufferPages is off) but keeps the page's dictionary,
 * and through it the page's resources and content objects, in the page tree until the end: ~1.7 KB a page,
 * 35 MB for the 21,000 pages of 3,000 units. From then on the tree needs only the object's number.
 */
function releaseWrittenPages(doc: PDFKit.PDFDocument): void {
  type PageInternals = { dictionary?: { data: Record<string, unknown> } };
  let previous: PageInternals | null = null;
  doc.on('pageAdded', () => {
    if (previous?.dictionary) previous.dictionary.data = { Type: 'Page' };
    previous = (doc as unknown as { page: PageInternals }).page;
  });
}

/**
 * pdfkit copies Title, Author, Subject and Keywords into the XMP packet unescaped: a campaign named
 * "Sở A & B" would make the metadata ill-formed XML, which PDF/A forbids. The values are escaped for the
 * packet only; the Info dictionary keeps the text as it is.
 */
export function escapeXmpInfo(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const addInfo = internals._addInfo;
  if (typeof addInfo !== 'function') return;
  const xml = (v: unknown) => (typeof v === 'string' ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : v);
  internals._addInfo = function (this: typeof internals) {
    const original = this.info;
    this.info = Object.fromEntries(Object.entries(original).map(([k, v]) => [k, xml(v)]));
    try {
      addInfo.call(this);
    } finally {
      this.info = original;
    }
  };
}

/** The whole PDF in memory, for callers that need the bytes (signing, the contract's base64 payload). */
export async function writeAnnexPdf(set: AnnexSet, options: AnnexPdfOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await renderAnnexPdf(set, options, { write: (c) => chunks.push(c), settle: nextTurn });
  return Buffer.concat(chunks);
}

/**
 * Streams the PDF to `<outPath>.part` and renames it to `outPath` when complete. On abort the part file is
 * removed and AppError('cancelled') thrown; on any other failure the part file is removed and the error
 * rethrown, so `outPath` is either the whole PDF or untouched.
 */
export async function writeAnnexPdfFile(
  set: AnnexSet,
  outPath: string,
  options: AnnexPdfOptions = {},
): Promise<{ pages: number; bytes: number }> {
  const part = `${outPath}.part`;
  const out = createWriteStream(part, { highWaterMark: 1 << 20 });
  let failure: Error | null = null;
  out.on('error', (e) => (failure ??= e));
  let bytes = 0;
  let full = false;
  const sink: Sink = {
    write(chunk) {
      bytes += chunk.length;
      if (!out.write(chunk)) full = true;
    },
    async settle() {
      if (failure) throw failure;
      if (full) {
        full = false;
        await drainedOrClosed(out);
        if (failure) throw failure;
      } else {
        await nextTurn();
      }
    },
  };
  try {
    const pages = await renderAnnexPdf(set, options, sink);
    out.end();
    await drainedOrClosed(out, true);
    if (failure) throw failure;
    renameSync(part, outPath);
    return { pages, bytes };
  } catch (error) {
    out.destroy();
    await drainedOrClosed(out, true);
    rmSync(part, { force: true });
    throw error;
  }
}

/** Resolves on 'drain' (unless `closeOnly`) or once the stream is closed; never rejects. */
function drainedOrClosed(out: WriteStream, closeOnly = false): Promise<void> {
  if (out.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    if (!closeOnly) out.on('drain', done);
    out.on('close', done);
  });
}
