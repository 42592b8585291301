// Writes the decision annexes as .xlsx with real cell styles. SheetJS CE writes no styles and exceljs has
// been unmaintained since 2023 (and is heavy); an annex needs only a small, fixed subset of SpreadsheetML
// (fonts, borders, merges, number formats, print setup), so it is written here as strings and zipped.

import { AppError } from '../../shared/errors.js';
import { DRAFT_MARK, type AnnexSet } from './model.js';
import { APP_NAME, documentTitle, lazyAnnexTables, type AnnexTable, type CellValue, type Column, type HeaderCell, type TableRow } from './xlsx/layout.js';
import { colName, NS_MAIN, NS_REL, packageWorkbook, packageWorkbookFile, quotedSheet, SharedStrings, SheetNames, XML_HEAD, type PackageInput, type SheetPart } from './xlsx/ooxml.js';
import { lineCount, type FontStyle } from './xlsx/metrics.js';
import { cancelledMessage } from './xlsx/zip-stream.js';
import { STYLE, STYLES_XML } from './xlsx/styles.js';

/** Nghị định 30/2020/NĐ-CP margins, in inches: top/bottom 20 mm, left 30 mm, right 15 mm. */
const MM = 1 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM, header: 8 * MM, footer: 8 * MM };

/** Points per spreadsheet width unit: the 12 pt body font's digit is 8 px (6 pt) wide. */
const PT_PER_WIDTH_UNIT = 6;
/** Cell text padding, in points (generous: a spare line beats a clipped one). */
const CELL_PADDING_PT = 4;
/** SpreadsheetML: one indent level is three spaces (3 pt each in 12 pt Times); rounded up. */
const INDENT_PT = 10;
const BODY_PT = 12;

const columnPt = (c: Column) => (c.width + 0.71) * PT_PER_WIDTH_UNIT;
const columnsPt = (cols: readonly Column[]) => cols.reduce((sum, c) => sum + columnPt(c), 0);

/** Row height for `lines` lines of a `sizePt` font: Times' line spacing (1.15 em) plus a little air. */
const rowHeight = (lines: number, sizePt: number) => Math.ceil((lines * sizePt * 1.17 + 4) * 4) / 4;

function wrappedHeight(text: string, widthPt: number, sizePt: number, style: FontStyle): number {
  return rowHeight(lineCount(text, widthPt - CELL_PADDING_PT, sizePt, style), sizePt);
}

const num = (n: number) => String(n);

/*
 * Row heights are always written. LibreOffice does not fit rows on import, and no application fits merged
 * cells, so the heights come from Times New Roman's metrics (./xlsx/metrics.ts). customHeight is left
 * off for table rows, marking the height as automatic rather than set by hand, so Excel may refit it.
 */
class SheetBuilder {
  /** Row XML not yet handed to the zip: at most ROWS_PER_PIECE (plus a header block) at a time. */
  readonly rows: string[] = [];
  readonly merges: string[] = [];
  private r = 0;
  private readonly widthPt: number;

  constructor(
    private readonly strings: SharedStrings,
    private readonly columns: readonly Column[],
  ) {
    this.widthPt = columnsPt(columns);
  }

  get rowCount(): number {
    return this.r;
  }

  private get lastCol(): number {
    return this.columns.length - 1;
  }

  /** A row of one text spanning the table (headings, group titles). */
  spanRow(text: string, style: number, sizePt: number, font: FontStyle, custom: boolean): void {
    const r = ++this.r;
    const height = wrappedHeight(text, this.widthPt, sizePt, font);
    let out = `<row r="${r}" ht="${height}"${custom ? ' customHeight="1"' : ''}><c r="A${r}" s="${style}" t="s"><v>${this.strings.id(text)}</v></c>`;
    for (let c = 1; c <= this.lastCol; c++) out += `<c r="${colName(c)}${r}" s="${style}"/>`;
    this.rows.push(out + '</row>');
    if (this.lastCol > 0) this.merges.push(`A${r}:${colName(this.lastCol)}${r}`);
  }

  blankRow(height: number): void {
    const r = ++this.r;
    this.rows.push(`<row r="${r}" ht="${height}" customHeight="1"/>`);
  }

  headerRows(t: AnnexTable): void {
    const first = this.r + 1;
    const heights = new Array<number>(t.headerRowCount).fill(rowHeight(1, BODY_PT));
    const spanPt = (h: HeaderCell) => this.columns.slice(h.c0, h.c1 + 1).reduce((sum, c) => sum + columnPt(c), 0);
    const needed = (h: HeaderCell) => wrappedHeight(h.text, spanPt(h), BODY_PT, 'bold');
    for (const h of t.header) if (h.r0 === h.r1) heights[h.r0] = Math.max(heights[h.r0]!, needed(h));
    // A cell spanning rows gets what it lacks on its last row.
    for (const h of t.header) {
      if (h.r0 === h.r1) continue;
      let have = 0;
      for (let r = h.r0; r <= h.r1; r++) have += heights[r]!;
      const lack = needed(h) - have;
      if (lack > 0) heights[h.r1] = heights[h.r1]! + lack;
    }
    for (let hr = 0; hr < t.headerRowCount; hr++) {
      const r = ++this.r;
      let out = `<row r="${r}" ht="${heights[hr]}" customHeight="1">`;
      for (let c = 0; c <= this.lastCol; c++) {
        const cell = t.header.find((h) => h.r0 === hr && h.c0 === c);
        const ref = `${colName(c)}${r}`;
        out += cell ? `<c r="${ref}" s="${STYLE.header}" t="s"><v>${this.strings.id(cell.text)}</v></c>` : `<c r="${ref}" s="${STYLE.header}"/>`;
      }
      this.rows.push(out + '</row>');
    }
    for (const h of t.header) {
      if (h.r1 > h.r0 || h.c1 > h.c0) this.merges.push(`${colName(h.c0)}${first + h.r0}:${colName(h.c1)}${first + h.r1}`);
    }
  }

  bodyRow(row: TableRow, indentCol: number): void {
    if (row.kind === 'group') {
      this.spanRow(String(row.cells[0] ?? ''), STYLE.group, BODY_PT, 'bold', false);
      return;
    }
    const r = ++this.r;
    const b = row.bold ? 1 : 0;
    const font: FontStyle = row.bold ? 'bold' : 'regular';
    let lines = 1;
    let out = '';
    for (let c = 0; c < this.columns.length; c++) {
      const col = this.columns[c]!;
      const v: CellValue = row.cells[c] ?? null;
      const ref = `${colName(c)}${r}`;
      if (typeof v === 'number') {
        if (col.kind === 'points') out += `<c r="${ref}" s="${STYLE.points[b]}"><v>${num(v / 1000)}</v></c>`;
        else if (col.kind === 'index') out += `<c r="${ref}" s="${STYLE.index[b]}"><v>${num(v / 100)}</v></c>`;
        else out += `<c r="${ref}" s="${STYLE.center[b]}"><v>${num(v)}</v></c>`;
        continue;
      }
      const indent = c === indentCol ? row.indent : 0;
      const style = col.align === 'center' ? STYLE.center[b]! : STYLE.text[b]![indent]!;
      if (v) {
        out += `<c r="${ref}" s="${style}" t="s"><v>${this.strings.id(v)}</v></c>`;
        const n = lineCount(v, columnPt(col) - CELL_PADDING_PT - indent * INDENT_PT, BODY_PT, font);
        if (n > lines) lines = n;
      } else {
        out += `<c r="${ref}" s="${col.kind === 'points' ? STYLE.points[b] : col.kind === 'index' ? STYLE.index[b] : style}"/>`;
      }
    }
    this.rows.push(`<row r="${r}" ht="${rowHeight(lines, BODY_PT)}">${out}</row>`);
  }
}

/** Rows of XML handed to the zip at a time: memory holds this many rows, whatever the number of units. */
export const ROWS_PER_PIECE = 200;

/** What the writer held at most, for the test that memory stays bounded. */
export interface AnnexWriteStats {
  /** Most rows of XML held at once. */
  peakRows: number;
  /** Longest piece of sheet XML handed to the zip, in characters. */
  peakPieceChars: number;
}

interface Watch {
  stats?: AnnexWriteStats;
  /** Called with the number of body rows just written. */
  rowsDone?: (n: number) => void;
}

/** The first row of the table's header: after the heading rows, a blank row. */
const headerRowOf = (draft: boolean, subheading: boolean) => (draft ? 1 : 0) + 3 + (subheading ? 2 : 0) + 2;

/** Rows above and in the table, known before it is written so <dimension> can come first. */
const rowCountOf = (t: AnnexTable) => headerRowOf(Boolean(t.heading.draftLine), Boolean(t.subheading)) - 1 + t.headerRowCount + t.rows.length;

function* sheetPieces(t: AnnexTable, name: string, strings: SharedStrings, selected: boolean, watch: Watch): Generator<string> {
  const lastCol = t.columns.length - 1;
  const b = new SheetBuilder(strings, t.columns);
  const headerFirst = headerRowOf(Boolean(t.heading.draftLine), Boolean(t.subheading));
  const headerLast = headerFirst + t.headerRowCount - 1;
  const last = `${colName(lastCol)}${Math.max(1, rowCountOf(t))}`;
  const cols = t.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${(c.width + 0.71).toFixed(2)}" customWidth="1"/>`).join('');
  const stats = watch.stats;
  const piece = (text: string): string => {
    if (stats) {
      stats.peakRows = Math.max(stats.peakRows, b.rows.length);
      stats.peakPieceChars = Math.max(stats.peakPieceChars, text.length);
    }
    b.rows.length = 0;
    return text;
  };
  yield piece(
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
      `<dimension ref="A1:${last}"/>` +
      `<sheetViews><sheetView showGridLines="0"${selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
      `<pane ySplit="${headerLast}" topLeftCell="A${headerLast + 1}" activePane="bottomLeft" state="frozen"/>` +
      `<selection pane="bottomLeft" activeCell="A${headerLast + 1}" sqref="A${headerLast + 1}"/></sheetView></sheetViews>` +
      '<sheetFormatPr defaultRowHeight="15.75"/>' +
      `<cols>${cols}</cols>` +
      '<sheetData>',
  );
  // A draft says so above everything, and in the page header of every printed page.
  if (t.heading.draftLine) b.spanRow(t.heading.draftLine, STYLE.label, 14, 'bold', true);
  b.spanRow(t.heading.label, STYLE.label, 14, 'bold', true);
  b.spanRow(t.heading.title, STYLE.title, 14, 'bold', true);
  b.spanRow(t.heading.decisionLine, STYLE.decision, 13, 'italic', true);
  if (t.subheading) {
    b.blankRow(6);
    b.spanRow(t.subheading, STYLE.unitLine, 13, 'bold', true);
  }
  b.blankRow(12);
  if (b.rowCount + 1 !== headerFirst) throw new Error(`annex sheet ${name}: header expected at row ${headerFirst}, not ${b.rowCount + 1}`);
  b.headerRows(t);
  const indentCol = t.columns.findIndex((c) => c.kind === 'text' && c.align === 'left');
  let pending = 0;
  for (const row of t.rows) {
    b.bodyRow(row, indentCol);
    pending++;
    if (b.rows.length >= ROWS_PER_PIECE) {
      yield piece(b.rows.join(''));
      watch.rowsDone?.(pending);
      pending = 0;
    }
  }
  if (b.rowCount !== rowCountOf(t)) throw new Error(`annex sheet ${name}: ${b.rowCount} rows written, ${rowCountOf(t)} announced`);
  const m = MARGINS;
  yield piece(
    b.rows.join('') +
      '</sheetData>' +
      (b.merges.length > 0 ? `<mergeCells count="${b.merges.length}">${b.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '') +
      '<printOptions horizontalCentered="1"/>' +
      `<pageMargins left="${m.left.toFixed(6)}" right="${m.right.toFixed(6)}" top="${m.top.toFixed(6)}" bottom="${m.bottom.toFixed(6)}" header="${m.header.toFixed(4)}" footer="${m.footer.toFixed(4)}"/>` +
      `<pageSetup paperSize="9" orientation="${t.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
      '<headerFooter>' +
      // A draft says so on every printed page, in the footer beside the page number: a page header of its own
      // made LibreOffice drop the last rows of a long table when printing.
      `<oddFooter>&amp;C&amp;"Times New Roman,Regular"&amp;12${t.heading.draftLine ? `${DRAFT_MARK} — ` : ''}Trang &amp;P/&amp;N</oddFooter></headerFooter>` +
      '</worksheet>',
  );
  watch.rowsDone?.(pending);
}

/**
 * The package of the set, every sheet laid out and written only when the zip reaches it: Phụ lục I and II
 * one sheet each, Phụ lục III one sheet per unit.
 */
function annexPackage(set: AnnexSet, created: Date, watch: Watch): PackageInput {
  const strings = new SharedStrings();
  const names = new SheetNames();
  const lazy = lazyAnnexTables(set);
  if (lazy.length === 0) throw new AppError('invalid_input', 'annex.nothing');
  const sheets: SheetPart[] = lazy.map((l, i) => {
    const name = names.make(l.sheetName);
    // Rows to repeat at the top of every printed page: the table header. workbook.xml, which names them,
    // is zipped before any sheet, so they come from the table's shape, checked when it is laid out.
    const first = headerRowOf(l.draft, l.subheading);
    const last = first + l.headerRowCount - 1;
    const pieces = () => {
      const t = l.table();
      if (Boolean(t.heading.draftLine) !== l.draft || Boolean(t.subheading) !== l.subheading || t.headerRowCount !== l.headerRowCount || t.rows.length !== l.bodyRows) {
        throw new Error(`annex sheet ${name}: laid out unlike its announced shape`);
      }
      return sheetPieces(t, name, strings, i === 0, watch);
    };
    return { name, definedNames: [{ name: '_xlnm.Print_Titles', formula: `${quotedSheet(name)}!$${first}:$${last}` }], pieces };
  });
  return { sheets, stylesXml: STYLES_XML, strings, title: documentTitle(set), subject: set.campaignName, creator: APP_NAME, created };
}

/** One workbook for the set, in memory (signing needs the bytes). `created` fixes the document's time. */
export function writeAnnexXlsx(set: AnnexSet, options: { created?: Date; stats?: AnnexWriteStats } = {}): Buffer {
  return packageWorkbook(annexPackage(set, options.created ?? new Date(), { stats: options.stats }));
}

export interface AnnexFileOptions {
  /** Body rows written so far, of all of them. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  created?: Date;
  stats?: AnnexWriteStats;
}

/**
 * The same workbook streamed to disk: written to `<outPath>.part` a few hundred rows at a time and renamed
 * when complete, so memory stays bounded whatever the number of units. On cancel (`cancelled`) or any error,
 * the part file is removed and outPath is left as it was.
 */
export async function writeAnnexXlsxFile(set: AnnexSet, outPath: string, options: AnnexFileOptions = {}): Promise<{ bytes: number }> {
  const total = lazyAnnexTables(set).reduce((n, l) => n + l.bodyRows, 0);
  let done = 0;
  const onProgress = options.onProgress;
  const watch: Watch = {
    stats: options.stats,
    rowsDone: onProgress
      ? (n) => {
          if (n === 0) return;
          done += n;
          onProgress(done, total);
        }
      : undefined,
  };
  if (options.signal?.aborted) throw new AppError('cancelled', cancelledMessage);
  return packageWorkbookFile(annexPackage(set, options.created ?? new Date(), watch), outPath, options.signal);
}
