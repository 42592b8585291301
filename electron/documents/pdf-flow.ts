// A small flowing-document composer on pdfkit for the ND30 documents printed as PDF: A4 with the decree's
// margins, the bundled Liberation Serif (Times-metric, full Vietnamese) embedded as PDF/A-2b, paragraphs
// wrapped and justified here, bordered tables whose header row starts every page and whose over-tall rows
// continue on the next page, and ND30 page numbers (top centre, from the second page). Text is placed line
// by line with `lineBreak: false`, so pdfkit never breaks a page on its own.

import PDFDocument from 'pdfkit';
import { escapeXmpInfo, SIGNATURE_BLOCK_GLYPHS } from '../annex/pdf.js';
import { resolveFontDir, type FontFace } from '../annex/pdf/fonts.js';
import { fontPaths, type FontPaths } from '../annex/pdf/table.js';

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
/** Nghị định 30/2020/NĐ-CP: top and bottom 20 mm, left 30 mm, right 15 mm. */
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } as const;
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const BOTTOM = A4.height - MARGIN.bottom;
/** Line height as a multiple of the font size (Liberation Serif's own spacing, a little opened). */
const LINE = 1.2;
const PAD_X = 4;
const PAD_Y = 3;
const RULE = 0.5;
const HEADER_FILL = '#F2F2F2';
const BLACK = '#000000';
const APP_NAME = 'PAR Appraisal';

export interface Span {
  text: string;
  face?: FontFace;
}

export interface ParagraphOptions {
  size: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** First-line indent, points. */
  indent?: number;
  /** Left edge and width of the paragraph; the text column by default. */
  x?: number;
  width?: number;
  before?: number;
  after?: number;
  /** Room (points) to keep below the paragraph on its page: a heading stays with what follows. */
  keepWithNext?: number;
}

export interface FlowColumn {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface FlowCell {
  text: string;
  bold?: boolean;
  /** Points; the table's size when omitted. */
  size?: number;
}

interface Word {
  text: string;
  face: FontFace;
  width: number;
  /** A space stands before it on its line. */
  spaced: boolean;
}

interface Line {
  words: Word[];
  width: number;
  spaces: number;
  /** The paragraph's last line (or one ended by "\n"): never stretched. */
  last: boolean;
}

interface CellLayout {
  lines: string[];
  widths: number[];
  size: number;
  face: FontFace;
}

export interface DocumentInfo {
  title: string;
  subject: string;
  keywords: string;
}

export class PdfFlow {
  readonly doc: PDFKit.PDFDocument;
  private readonly fonts: FontPaths;
  private readonly widths = new Map<string, number>();
  /** Top of the next thing drawn. */
  y = MARGIN.top;

  constructor(info: DocumentInfo, fontDir?: string) {
    this.fonts = fontPaths(resolveFontDir(fontDir));
    this.doc = new PDFDocument({
      autoFirstPage: false,
      // Pages are kept until the end so each can be numbered.
      bufferPages: true,
      pdfVersion: '1.7',
      subset: 'PDF/A-2b',
      font: this.fonts.regular,
      size: 'A4',
      lang: 'vi-VN',
      displayTitle: true,
      info: { Title: info.title, Author: APP_NAME, Creator: APP_NAME, Producer: APP_NAME, Subject: info.subject, Keywords: info.keywords },
    });
    escapeXmpInfo(this.doc);
    this.newPage();
    // The annexes keep these glyphs in the regular face's subset for a visible signature block; so does this report.
    this.use('regular', 12);
    (this.doc as unknown as { _font?: { encode?: (t: string) => unknown } })._font?.encode?.(SIGNATURE_BLOCK_GLYPHS);
  }

  private use(face: FontFace, size: number): PDFKit.PDFDocument {
    return this.doc.font(this.fonts[face]).fontSize(size);
  }

  measure(text: string, face: FontFace, size: number): number {
    const key = `${face}/${size}/${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = this.use(face, size).widthOfString(text);
      this.widths.set(key, w);
    }
    return w;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM && this.y > MARGIN.top) this.newPage();
  }

  lineHeight(size: number): number {
    return size * LINE;
  }

  /** Breaks a word wider than `width` at the last character that fits (a hash, a long file name). */
  private split(text: string, face: FontFace, size: number, width: number): string[] {
    const out: string[] = [];
    let rest = [...text];
    while (rest.length > 1 && this.measure(rest.join(''), face, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && this.measure(rest.slice(0, cut).join(''), face, size) > width) cut--;
      out.push(rest.slice(0, cut).join(''));
      rest = rest.slice(cut);
    }
    out.push(rest.join(''));
    return out;
  }

  /** Greedy word wrap of styled spans; "\n" ends a line. */
  wrap(spans: Span[], size: number, width: number, indent = 0): Line[] {
    const lines: Line[] = [];
    let current: Line = { words: [], width: 0, spaces: 0, last: false };
    let limit = width - indent;
    const space = this.measure(' ', 'regular', size);
    const push = (last: boolean) => {
      current.last = last;
      lines.push(current);
      current = { words: [], width: 0, spaces: 0, last: false };
      limit = width;
    };
    let spaced = false;
    for (const span of spans) {
      const face = span.face ?? 'regular';
      for (const piece of span.text.normalize('NFC').split(/(\n| +)/)) {
        if (piece === '') continue;
        if (piece === '\n') {
          push(true);
          spaced = false;
          continue;
        }
        if (piece.trim() === '') {
          spaced = current.words.length > 0;
          continue;
        }
        for (const part of this.split(piece, face, size, limit)) {
          const w = this.measure(part, face, size);
          const gap = spaced && current.words.length > 0 ? space : 0;
          if (current.words.length > 0 && current.width + gap + w > limit) {
            push(false);
            current.words.push({ text: part, face, width: w, spaced: false });
            current.width = w;
          } else {
            current.words.push({ text: part, face, width: w, spaced: gap > 0 });
            current.width += gap + w;
            if (gap > 0) current.spaces++;
          }
          spaced = true;
        }
        spaced = false;
      }
    }
    push(true);
    return lines;
  }

  private drawLine(line: Line, x: number, y: number, width: number, size: number, align: NonNullable<ParagraphOptions['align']>): void {
    const space = this.measure(' ', 'regular', size);
    let extra = 0;
    let cx = x;
    if (align === 'center') cx += Math.max(0, (width - line.width) / 2);
    else if (align === 'right') cx += Math.max(0, width - line.width);
    else if (align === 'justify' && !line.last && line.spaces > 0) extra = (width - line.width) / line.spaces;
    for (const w of line.words) {
      if (w.spaced) cx += space + extra;
      this.use(w.face, size).text(w.text, cx, y, { lineBreak: false });
      cx += w.width;
    }
  }

  paragraph(spans: Span[], o: ParagraphOptions): void {
    const x = o.x ?? MARGIN.left;
    const width = o.width ?? CONTENT_WIDTH;
    const indent = o.indent ?? 0;
    const lh = this.lineHeight(o.size);
    const lines = this.wrap(spans, o.size, width, indent);
    this.y += o.before ?? 0;
    this.ensure(Math.min(lines.length, 2) * lh + (o.keepWithNext ?? 0));
    lines.forEach((line, i) => {
      if (this.y + lh > BOTTOM) this.newPage();
      this.drawLine(line, x + (i === 0 ? indent : 0), this.y, width - (i === 0 ? indent : 0), o.size, o.align ?? 'left');
      this.y += lh;
    });
    this.y += o.after ?? 0;
  }

  /** A horizontal rule of `width` points centred in the column [x, x + within], at the current y. */
  rule(width: number, x = MARGIN.left, within = CONTENT_WIDTH, y = this.y): void {
    const left = x + (within - width) / 2;
    this.doc.lineWidth(RULE).strokeColor(BLACK).moveTo(left, y).lineTo(left + width, y).stroke();
  }

  /**
   * A bordered table: header row (bold, shaded) on every page it spans, cells wrapped, rows kept whole when
   * they fit a page and continued on the next (header repeated) when they do not.
   */
  table(columns: FlowColumn[], rows: FlowCell[][], size: number): void {
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const xs: number[] = [];
    let x = MARGIN.left;
    for (const w of widths) {
      xs.push(x);
      x += w;
    }
    const layout = (cell: FlowCell, c: number, bold: boolean): CellLayout => {
      const face: FontFace = bold ? 'bold' : 'regular';
      const s = cell.size ?? size;
      const lines = this.wrap([{ text: cell.text, face }], s, widths[c]! - 2 * PAD_X);
      return { lines: lines.map((l) => l.words.map((w) => w.text).join(' ')), widths: lines.map((l) => l.width), size: s, face };
    };
    const heightOf = (cells: CellLayout[], from: number[]): number =>
      Math.max(...cells.map((cl, c) => (cl.lines.length - from[c]!) * this.lineHeight(cl.size))) + 2 * PAD_Y;

    const header = columns.map((col, c) => layout({ text: col.header }, c, true));
    const headerHeight = heightOf(header, header.map(() => 0));
    const drawRow = (cells: CellLayout[], from: number[], height: number, fill: boolean, aligns: Array<FlowColumn['align']>): number[] => {
      const to = cells.map((cl, c) => {
        const room = Math.floor((height - 2 * PAD_Y + 0.01) / this.lineHeight(cl.size));
        return Math.min(cl.lines.length, from[c]! + room);
      });
      this.doc.lineWidth(RULE);
      for (let c = 0; c < cells.length; c++) this.doc.rect(xs[c]!, this.y, widths[c]!, height);
      if (fill) this.doc.fillAndStroke(HEADER_FILL, BLACK);
      else this.doc.stroke();
      this.doc.fillColor(BLACK);
      cells.forEach((cl, c) => {
        const lh = this.lineHeight(cl.size);
        const shown = to[c]! - from[c]!;
        // Header cells are centred both ways; body cells start at the top so continued rows read on.
        let ty = this.y + PAD_Y + (fill ? (height - 2 * PAD_Y - shown * lh) / 2 : 0);
        const inner = widths[c]! - 2 * PAD_X;
        for (let i = from[c]!; i < to[c]!; i++) {
          const align = aligns[c] ?? 'left';
          const w = cl.widths[i]!;
          const dx = align === 'center' ? (inner - w) / 2 : align === 'right' ? inner - w : 0;
          if (cl.lines[i]) this.use(cl.face, cl.size).text(cl.lines[i]!, xs[c]! + PAD_X + Math.max(0, dx), ty, { lineBreak: false });
          ty += lh;
        }
      });
      this.y += height;
      return to;
    };
    const drawHeader = () => drawRow(header, header.map(() => 0), headerHeight, true, columns.map(() => 'center'));

    const aligns = columns.map((c) => c.align);
    const bodies = rows.map((r) => r.map((cell, c) => layout(cell, c, cell.bold ?? false)));
    // The header never stands alone at the foot of a page.
    this.ensure(headerHeight + (bodies[0] ? Math.min(heightOf(bodies[0], bodies[0].map(() => 0)), 3 * this.lineHeight(size) + 2 * PAD_Y) : 0));
    drawHeader();
    for (const cells of bodies) {
      let from = cells.map(() => 0);
      for (;;) {
        const needed = heightOf(cells, from);
        const fresh = BOTTOM - MARGIN.top - headerHeight;
        if (this.y + needed <= BOTTOM) {
          drawRow(cells, from, needed, false, aligns);
          break;
        }
        // A row that would fit a fresh page moves there whole; a taller one fills this page and continues.
        const room = BOTTOM - this.y;
        if (needed <= fresh || room < 2 * this.lineHeight(size) + 2 * PAD_Y) {
          this.newPage();
          drawHeader();
          if (needed <= fresh) continue;
        }
        const part = Math.min(BOTTOM - this.y, heightOf(cells, from));
        from = drawRow(cells, from, part, false, aligns);
        if (cells.every((cl, c) => from[c]! >= cl.lines.length)) break;
        this.newPage();
        drawHeader();
      }
    }
  }

  /** ND30 page numbers, top centre from page 2, then the whole file. */
  async finish(numberSize: number): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const text = String(i - range.start + 1);
      const w = this.measure(text, 'regular', numberSize);
      this.use('regular', numberSize).text(text, MARGIN.left + (CONTENT_WIDTH - w) / 2, 10 * MM, { lineBreak: false });
    }
    const chunks: Buffer[] = [];
    this.doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.doc.flushPages();
    this.doc.end();
    await ended;
    return Buffer.concat(chunks);
  }
}
