// Lays out and draws an annex table with pdfkit: the heading block, a bordered table whose header row(s)
// start every page, wrapped cells, group rows, and "Trang X/Y". Each table is paginated first, so page
// numbers are known while drawing and pages stream out instead of being buffered. Continuation pages of a
// table can repeat a line above the header (Phụ lục III: the unit's name). Text is wrapped here
// (each word measured once) and drawn line by line: far cheaper than pdfkit's own wrapping.

import { join } from 'node:path';
import { formatIndex, formatPoints } from '../../../shared/numbers.js';
import { DRAFT_MARK } from '../model.js';
import type { AnnexTable, CellValue, Column, HeaderCell, TableRow } from '../xlsx/layout.js';
import { FONT_FILES, type FontFace } from './fonts.js';

export type FontPaths = Record<FontFace, string>;

export function fontPaths(dir: string): FontPaths {
  return {
    regular: join(dir, FONT_FILES.regular),
    bold: join(dir, FONT_FILES.bold),
    italic: join(dir, FONT_FILES.italic),
    boldItalic: join(dir, FONT_FILES.boldItalic),
  };
}

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
/** Nghị định 30/2020/NĐ-CP: top/bottom 20 mm, left 30 mm, right 15 mm (as in the xlsx). */
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BODY_PT = 12;
const FOOTER_PT = 12;
/** Liberation Serif's line spacing: (ascent + descent + gap) / em. */
const LINE = 1.15;
const PAD_X = 3;
const PAD_Y = 3;
const INDENT_PT = 10;
const RULE = 0.5;
const HEADER_FILL = '#F2F2F2';
const BLACK = '#000000';
const WATERMARK_PT = 110;
const WATERMARK_GREY = '#B4B4B4';

/*
 * Fast text. pdfkit's text() costs a save/transform/restore and three layouts of the string per call,
 * and Phụ lục III for 130 units draws ~100,000 strings. The few internals used below (the current
 * font's encode(), id and ref(), the page's font resources, addContent) have been stable since pdfkit
 * 0.8; each string is encoded once per font and size, then written as a TJ operator in one text object
 * per row. Anything unexpected (missing internals, glyph offsets) falls back to text().
 */
interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
interface FontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
}
interface DocInternals {
  _font?: FontInternals;
  page?: { fonts?: Record<string, unknown>; height: number };
  addContent?: (data: string) => unknown;
}

const fx = (n: number) => (Math.round(n * 100) / 100).toString();

/** The TJ operand for `text` (glyph ids with kerning adjustments), or null when text() must draw it. */
function encodeTj(font: FontInternals, text: string): string | null {
  const [glyphs, positions] = font.encode(text);
  const parts: string[] = [];
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.xOffset || p.yOffset) return null;
    const kern = p.xAdvance - p.advanceWidth;
    if (kern !== 0 || i === positions.length - 1) {
      parts.push(`<${glyphs.slice(last, i + 1).join('')}>`);
      if (kern !== 0) parts.push(fx(-kern));
      last = i + 1;
    }
  }
  return `[${parts.join(' ')}]`;
}

/** Points with two decimals, a third only when there is one: 14,50; 0,125 (as the xlsx format 0.00#). */
export function pointsText(milli: number): string {
  return milli % 10 === 0 ? formatIndex(milli / 10) : formatPoints(milli);
}

function cellText(v: CellValue, col: Column): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (col.kind === 'points') return pointsText(v);
  if (col.kind === 'index') return formatIndex(v);
  return String(v);
}

/** Wrapped text: its lines and each line's width. */
interface Block {
  lines: string[];
  widths: number[];
}

interface RowLayout {
  row: TableRow;
  height: number;
  /** One block per column (a group row has one block). */
  blocks: Block[];
}

interface HeaderLayout {
  rows: number[];
  height: number;
  blocks: Map<HeaderCell, Block>;
}

interface HeadingLine {
  block: Block;
  face: FontFace;
  size: number;
  /** Space above, in points. */
  gap: number;
}

export interface TablePlan {
  table: AnnexTable;
  landscape: boolean;
  xs: number[];
  widths: number[];
  heading: HeadingLine[];
  /** Above the repeated header on every page after the first ("Sở Tư pháp (tiếp theo)"), or null. */
  continuation: HeadingLine | null;
  header: HeaderLayout;
  /** Rows of each page, in order. */
  pages: RowLayout[][];
}

const pageSize = (landscape: boolean) => (landscape ? { width: A4.height, height: A4.width } : A4);
/** Past this many strings a measuring or encoding cache starts afresh, so memory stays bounded. */
const CACHE_LIMIT = 4_000;
const sum = (values: readonly number[], from = 0, to = values.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
};

export class PdfTableRenderer {
  private readonly widthCache = new Map<string, Map<string, number>>();
  private face: FontFace | null = null;
  private size = 0;
  private readonly tjCache = new Map<string, Map<string, string | null>>();
  /** Text operators waiting to be written in one text object. */
  private pending = '';

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontPaths,
  ) {}

  /*
   * Fonts are selected by file path, not by registerFont names: pdfkit caches a font under the key it is
   * asked for, except when the font's PostScript name is already known under another key, in which
   * case it re-reads and re-parses the file on every call (1 ms each: 20 s for Phụ lục III of 20 units).
   */
  private use(face: FontFace, size: number): PDFKit.PDFDocument {
    if (face !== this.face) {
      this.doc.font(this.fonts[face]);
      this.face = face;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
    return this.doc;
  }

  private cacheFor(face: FontFace, size: number): Map<string, number> {
    const key = `${face}/${size}`;
    let c = this.widthCache.get(key);
    if (c && c.size > CACHE_LIMIT) c.clear();
    if (!c) {
      c = new Map();
      this.widthCache.set(key, c);
    }
    return c;
  }

  private measure(text: string, face: FontFace, size: number, cache = this.cacheFor(face, size)): number {
    let w = cache.get(text);
    if (w === undefined) {
      w = this.use(face, size).widthOfString(text);
      cache.set(text, w);
    }
    return w;
  }

  /** Greedy word wrap into lines no wider than `width`; a word wider than that is broken inside. */
  wrap(text: string, width: number, face: FontFace, size: number): Block {
    const cache = this.cacheFor(face, size);
    const space = this.measure(' ', face, size, cache);
    const lines: string[] = [];
    const widths: number[] = [];
    for (const paragraph of text.normalize('NFC').split('\n')) {
      let line = '';
      let used = 0;
      for (const word of paragraph.split(' ')) {
        if (word === '') continue;
        let w = this.measure(word, face, size, cache);
        if (line && used + space + w <= width) {
          line += ' ' + word;
          used += space + w;
          continue;
        }
        if (line) {
          lines.push(line);
          widths.push(used);
        }
        line = word;
        used = w;
        while (w > width && [...line].length > 1) {
          // Break an over-long word at the last character that fits.
          const chars = [...line];
          let cut = chars.length - 1;
          while (cut > 1 && this.measure(chars.slice(0, cut).join(''), face, size, cache) > width) cut--;
          const head = chars.slice(0, cut).join('');
          lines.push(head);
          widths.push(this.measure(head, face, size, cache));
          line = chars.slice(cut).join('');
          w = this.measure(line, face, size, cache);
          used = w;
        }
      }
      lines.push(line);
      widths.push(used);
    }
    return { lines, widths };
  }

  // ---- planning -------------------------------------------------------------------------------

  /**
   * Puts `text`'s glyphs into the regular face's embedded subset without drawing them, so a signature
   * block added later (electron/signing) can be written in the same embedded font.
   */
  includeGlyphs(text: string): void {
    const font = (this.use('regular', BODY_PT) as unknown as DocInternals)._font;
    if (font && typeof font.encode === 'function') font.encode(text);
  }

  /** `continuation` is printed above the header on every page after the first. */
  plan(t: AnnexTable, continuation: string | null = null): TablePlan {
    const { width, height } = pageSize(t.landscape);
    const contentWidth = width - MARGIN.left - MARGIN.right;
    const bottom = height - MARGIN.bottom;
    // Proportional to the spreadsheet's widths, padding included, so both formats wrap alike.
    const units = t.columns.map((c) => c.width + 0.71);
    const total = sum(units);
    const widths = units.map((u) => (u / total) * contentWidth);
    const xs: number[] = [];
    let x = MARGIN.left;
    for (const w of widths) {
      xs.push(x);
      x += w;
    }

    const heading: HeadingLine[] = [
      ...(t.heading.draftLine ? [{ block: this.wrap(t.heading.draftLine, contentWidth, 'bold', 14), face: 'bold' as const, size: 14, gap: 0 }] : []),
      { block: this.wrap(t.heading.label, contentWidth, 'bold', 14), face: 'bold', size: 14, gap: t.heading.draftLine ? 4 : 0 },
      { block: this.wrap(t.heading.title, contentWidth, 'bold', 14), face: 'bold', size: 14, gap: 2 },
      { block: this.wrap(t.heading.decisionLine, contentWidth, 'italic', 13), face: 'italic', size: 13, gap: 2 },
    ];
    if (t.subheading) heading.push({ block: this.wrap(t.subheading, contentWidth, 'bold', 13), face: 'bold', size: 13, gap: 8 });
    const headingHeight = heading.reduce((s, h) => s + h.gap + h.block.lines.length * h.size * LINE, 0) + 10;

    const header = this.headerLayout(t, widths);
    const indentCol = t.columns.findIndex((c) => c.kind === 'text' && c.align === 'left');
    const rows = t.rows.map((row) => this.rowLayout(row, t.columns, widths, indentCol));

    const cont: HeadingLine | null = continuation ? { block: this.wrap(continuation, contentWidth, 'bold', 13), face: 'bold', size: 13, gap: 0 } : null;
    const contHeight = cont ? cont.block.lines.length * cont.size * LINE + 6 : 0;
    const pages: RowLayout[][] = [[]];
    let y = MARGIN.top + headingHeight + header.height;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      // A group title is never left alone at the foot of a page.
      const needed = r.height + (r.row.kind === 'group' && rows[i + 1] ? rows[i + 1]!.height : 0);
      const page = pages[pages.length - 1]!;
      if (y + needed > bottom && page.length > 0) {
        pages.push([]);
        y = MARGIN.top + contHeight + header.height;
      }
      pages[pages.length - 1]!.push(r);
      y += r.height;
    }
    return { table: t, landscape: t.landscape, xs, widths, heading, continuation: cont, header, pages };
  }

  private headerLayout(t: AnnexTable, widths: number[]): HeaderLayout {
    const blocks = new Map<HeaderCell, Block>();
    const rows = new Array<number>(t.headerRowCount).fill(BODY_PT * LINE + 2 * PAD_Y);
    for (const h of t.header) blocks.set(h, this.wrap(h.text, sum(widths, h.c0, h.c1 + 1) - 2 * PAD_X, 'bold', BODY_PT));
    const needed = (h: HeaderCell) => blocks.get(h)!.lines.length * BODY_PT * LINE + 2 * PAD_Y;
    for (const h of t.header) if (h.r0 === h.r1) rows[h.r0] = Math.max(rows[h.r0]!, needed(h));
    // A cell spanning rows gets what it lacks on its last row.
    for (const h of t.header) {
      if (h.r0 === h.r1) continue;
      const have = sum(rows, h.r0, h.r1 + 1);
      if (needed(h) > have) rows[h.r1] = rows[h.r1]! + needed(h) - have;
    }
    return { rows, height: sum(rows), blocks };
  }

  private rowLayout(row: TableRow, columns: readonly Column[], widths: number[], indentCol: number): RowLayout {
    const face: FontFace = row.bold ? 'bold' : 'regular';
    if (row.kind === 'group') {
      const block = this.wrap(String(row.cells[0] ?? ''), sum(widths) - 2 * PAD_X, face, BODY_PT);
      return { row, height: block.lines.length * BODY_PT * LINE + 2 * PAD_Y, blocks: [block] };
    }
    let most = 1;
    const blocks = columns.map((col, c): Block => {
      const v = row.cells[c] ?? null;
      const text = cellText(v, col);
      if (!text) return { lines: [], widths: [] };
      const indent = c === indentCol ? row.indent * INDENT_PT : 0;
      const block = typeof v === 'number' ? { lines: [text], widths: [this.measure(text, face, BODY_PT)] } : this.wrap(text, widths[c]! - 2 * PAD_X - indent, face, BODY_PT);
      if (block.lines.length > most) most = block.lines.length;
      return block;
    });
    return { row, height: most * BODY_PT * LINE + 2 * PAD_Y, blocks };
  }

  // ---- drawing --------------------------------------------------------------------------------

  /** Draws page `i` of a planned table on a new page numbered `number` of `of`. */
  drawPage(p: TablePlan, i: number, number: number, of: number): void {
    const rows = p.pages[i]!;
    this.doc.addPage({ size: 'A4', layout: p.landscape ? 'landscape' : 'portrait', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    const { width, height } = pageSize(p.landscape);
    const contentWidth = width - MARGIN.left - MARGIN.right;
    if (p.table.heading.draftLine) this.watermark(width, height);
    this.doc.lineWidth(RULE).strokeColor(BLACK);
    let y = MARGIN.top;
    if (i === 0) {
      for (const h of p.heading) {
        y += h.gap;
        this.drawBlock(h.block, MARGIN.left, y, contentWidth, 'center', h.face, h.size);
        y += h.block.lines.length * h.size * LINE;
      }
      y += 10;
    } else if (p.continuation) {
      const c = p.continuation;
      this.drawBlock(c.block, MARGIN.left, y, contentWidth, 'center', c.face, c.size);
      y += c.block.lines.length * c.size * LINE + 6;
    }
    y = this.drawHeader(p, y);
    const indentCol = p.table.columns.findIndex((c) => c.kind === 'text' && c.align === 'left');
    for (const r of rows) {
      this.drawRow(p, r, y, indentCol);
      y += r.height;
    }
    this.footer(`Trang ${number}/${of}`, width, height);
    this.flushText();
  }

  /** "DỰ THẢO" across the page's diagonal in light grey, drawn first so the table stays readable over it. */
  private watermark(width: number, height: number): void {
    const doc = this.use('bold', WATERMARK_PT);
    const textWidth = doc.widthOfString(DRAFT_MARK);
    const angle = (-Math.atan2(height, width) * 180) / Math.PI;
    doc.save();
    doc.rotate(angle, { origin: [width / 2, height / 2] });
    doc.fillColor(WATERMARK_GREY).fillOpacity(0.5);
    doc.text(DRAFT_MARK, width / 2 - textWidth / 2, height / 2 - WATERMARK_PT * 0.6, { lineBreak: false });
    doc.restore();
    doc.fillColor(BLACK).fillOpacity(1);
  }

  private drawBlock(block: Block, x: number, y: number, width: number, align: 'left' | 'center', face: FontFace, size: number): void {
    for (let i = 0; i < block.lines.length; i++) {
      const line = block.lines[i]!;
      if (!line) continue;
      const dx = align === 'center' ? Math.max(0, (width - block.widths[i]!) / 2) : 0;
      this.drawLine(line, x + dx, y + i * size * LINE, face, size);
    }
  }

  /** One line of text with its top-left corner at (x, y) in pdfkit's top-down coordinates. */
  private drawLine(text: string, x: number, y: number, face: FontFace, size: number): void {
    const doc = this.use(face, size);
    const internals = doc as unknown as DocInternals;
    const font = internals._font;
    const page = internals.page;
    if (font && typeof font.encode === 'function' && page?.fonts && typeof internals.addContent === 'function') {
      const key = `${face}/${size}`;
      let cache = this.tjCache.get(key);
      if (!cache) this.tjCache.set(key, (cache = new Map()));
      else if (cache.size > CACHE_LIMIT) cache.clear();
      let tj = cache.get(text);
      if (tj === undefined) {
        tj = encodeTj(font, text);
        cache.set(text, tj);
      }
      if (tj !== null) {
        if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
        // pdfkit's page space is flipped (y down); a text object needs it upright again, as in text().
        const baseline = page.height - y - (font.ascender / 1000) * size;
        this.pending += `1 0 0 1 ${fx(x)} ${fx(baseline)} Tm /${font.id} ${fx(size)} Tf ${tj} TJ\n`;
        return;
      }
    }
    this.flushText();
    doc.text(text, x, y, { lineBreak: false });
  }

  /** Writes the pending text operators as one text object. */
  private flushText(): void {
    if (!this.pending) return;
    const internals = this.doc as unknown as DocInternals;
    const height = internals.page?.height ?? 0;
    internals.addContent!.call(this.doc, `q 1 0 0 -1 0 ${fx(height)} cm BT\n${this.pending}ET Q`);
    this.pending = '';
  }

  private drawHeader(p: TablePlan, top: number): number {
    const doc = this.doc;
    const { rows, blocks } = p.header;
    doc.lineWidth(RULE);
    for (const h of p.table.header) {
      const y = top + sum(rows, 0, h.r0);
      doc.rect(p.xs[h.c0]!, y, sum(p.widths, h.c0, h.c1 + 1), sum(rows, h.r0, h.r1 + 1));
    }
    doc.fillAndStroke(HEADER_FILL, BLACK);
    doc.fillColor(BLACK);
    for (const h of p.table.header) {
      const block = blocks.get(h)!;
      const y = top + sum(rows, 0, h.r0);
      const hgt = sum(rows, h.r0, h.r1 + 1);
      const textH = block.lines.length * BODY_PT * LINE;
      this.drawBlock(block, p.xs[h.c0]! + PAD_X, y + (hgt - textH) / 2, sum(p.widths, h.c0, h.c1 + 1) - 2 * PAD_X, 'center', 'bold', BODY_PT);
    }
    return top + p.header.height;
  }

  private drawRow(p: TablePlan, r: RowLayout, y: number, indentCol: number): void {
    const face: FontFace = r.row.bold ? 'bold' : 'regular';
    const { xs, widths } = p;
    if (r.row.kind === 'group') {
      const full = sum(widths);
      this.strokeRects([[xs[0]!, y, full, r.height]]);
      this.drawBlock(r.blocks[0]!, xs[0]! + PAD_X, y + PAD_Y, full - 2 * PAD_X, 'left', face, BODY_PT);
      return;
    }
    this.strokeRects(widths.map((w, c) => [xs[c]!, y, w, r.height]));
    const columns = p.table.columns;
    for (let c = 0; c < columns.length; c++) {
      const block = r.blocks[c]!;
      if (block.lines.length === 0) continue;
      const indent = c === indentCol ? r.row.indent * INDENT_PT : 0;
      const textH = block.lines.length * BODY_PT * LINE;
      this.drawBlock(block, xs[c]! + PAD_X + indent, y + (r.height - textH) / 2, widths[c]! - 2 * PAD_X - indent, columns[c]!.align, face, BODY_PT);
    }
  }

  /** Cell borders: one path per row (pdfkit's rect() writes one content chunk per call). */
  private strokeRects(rects: Array<[number, number, number, number]>): void {
    const add = (this.doc as unknown as DocInternals).addContent;
    if (typeof add !== 'function') {
      for (const [x, y, w, h] of rects) this.doc.rect(x, y, w, h);
      this.doc.stroke();
      return;
    }
    let ops = '';
    for (const [x, y, w, h] of rects) ops += `${fx(x)} ${fx(y)} ${fx(w)} ${fx(h)} re\n`;
    add.call(this.doc, ops + 'S');
  }

  private footer(text: string, width: number, height: number): void {
    const w = this.measure(text, 'regular', FOOTER_PT);
    this.drawLine(text, MARGIN.left + (width - MARGIN.left - MARGIN.right - w) / 2, height - 13 * MM, 'regular', FOOTER_PT);
  }
}
