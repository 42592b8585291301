// Writes the decision annexes as PDF with pdfkit: A4 with the decree's margins, Liberation Serif embedded
// (never pdfkit's built-in Helvetica), the table header repeated on every page, "Trang X/Y" per annex.

import PDFDocument from 'pdfkit';
import { AppError } from '../../shared/errors.js';
import type { AnnexSet } from './model.js';
import { resolveFontDir } from './pdf/fonts.js';
import { fontPaths, PdfTableRenderer } from './pdf/table.js';
import { APP_NAME, documentTitle, layoutAnnexSet } from './xlsx/layout.js';

export interface AnnexPdfOptions {
  /** Folder holding the four LiberationSerif-*.ttf files; found automatically when omitted. */
  fontDir?: string;
}

export async function writeAnnexPdf(set: AnnexSet, options: AnnexPdfOptions = {}): Promise<Buffer> {
  const annexes = layoutAnnexSet(set);
  if (annexes.every((tables) => tables.length === 0)) throw new AppError('invalid_input', 'annex.nothing');
  const fonts = fontPaths(resolveFontDir(options.fontDir));
  const title = documentTitle(set);
  const doc = new PDFDocument({
    autoFirstPage: false,
    // The default font is the embedded serif, so the standard Helvetica is never even referenced.
    font: fonts.regular,
    size: 'A4',
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: APP_NAME, Creator: APP_NAME, Producer: APP_NAME, Subject: set.campaignName, Keywords: 'CCHC, phụ lục, xếp hạng' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const renderer = new PdfTableRenderer(doc, fonts);
  // Pages are numbered per annex ("Trang 3/12" of Phụ lục III), so each annex is paginated before drawing.
  for (const tables of annexes) {
    const plans = tables.map((t) => renderer.plan(t));
    const count = plans.reduce((n, p) => n + p.pages.length, 0);
    let next = 1;
    for (const p of plans) {
      renderer.draw(p, next, count);
      next += p.pages.length;
    }
  }
  doc.end();
  return done;
}
