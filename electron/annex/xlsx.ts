// Writes the decision annexes as .xlsx with real cell styles. SheetJS CE writes no styles and exceljs has
// been unmaintained since 2023 (and is heavy); an annex needs only a small, fixed subset of SpreadsheetML
// (fonts, borders, merges, number formats, print setup), so it is written here as strings and zipped.

import { AppError } from '../../shared/errors.js';
import { DRAFT_MARK, type AnnexSet } from './model.js';
import { APP_NAME, documentTitle, layoutAnnexSet, type AnnexTable, type CellValue, type Column, type HeaderCell, type TableRow } from './xlsx/layout.js';
import { colName, NS_MAIN, NS_REL, packageWorkbook, quotedSheet, SharedStrings, SheetNames, XML_HEAD, type SheetPart } from './xlsx/ooxml.js';
import { lineCount, type FontStyle } from './xlsx/metrics.js';
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

function sheetXml(t: AnnexTable, name: string, strings: SharedStrings, selected: boolean): SheetPart {
  const lastCol = t.columns.length - 1;
  const b = new SheetBuilder(strings, t.columns);
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
  const headerFirst = b.rowCount + 1;
  b.headerRows(t);
  const headerLast = b.rowCount;
  const indentCol = t.columns.findIndex((c) => c.kind === 'text' && c.align === 'left');
  for (const row of t.rows) b.bodyRow(row, indentCol);

  const last = `${colName(lastCol)}${Math.max(1, b.rowCount)}`;
  const cols = t.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${(c.width + 0.71).toFixed(2)}" customWidth="1"/>`).join('');
  const m = MARGINS;
  const xml =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<dimension ref="A1:${last}"/>` +
    `<sheetViews><sheetView showGridLines="0"${selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
    `<pane ySplit="${headerLast}" topLeftCell="A${headerLast + 1}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A${headerLast + 1}" sqref="A${headerLast + 1}"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15.75"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData>${b.rows.join('')}</sheetData>` +
    (b.merges.length > 0 ? `<mergeCells count="${b.merges.length}">${b.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '') +
    '<printOptions horizontalCentered="1"/>' +
    `<pageMargins left="${m.left.toFixed(6)}" right="${m.right.toFixed(6)}" top="${m.top.toFixed(6)}" bottom="${m.bottom.toFixed(6)}" header="${m.header.toFixed(4)}" footer="${m.footer.toFixed(4)}"/>` +
    `<pageSetup paperSize="9" orientation="${t.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
    '<headerFooter>' +
    // A draft says so on every printed page, in the footer beside the page number: a page header of its own
    // made LibreOffice drop the last rows of a long table when printing.
    `<oddFooter>&amp;C&amp;"Times New Roman,Regular"&amp;12${t.heading.draftLine ? `${DRAFT_MARK} — ` : ''}Trang &amp;P/&amp;N</oddFooter></headerFooter>` +
    '</worksheet>';
  // Rows to repeat at the top of every printed page: the table header.
  const printTitles = `${quotedSheet(name)}!$${headerFirst}:$${headerLast}`;
  return { name, xml, definedNames: [{ name: '_xlnm.Print_Titles', formula: printTitles }] };
}

/** One workbook for the set: Phụ lục I and II one sheet each, Phụ lục III one sheet per unit. */
export function writeAnnexXlsx(set: AnnexSet): Buffer {
  const strings = new SharedStrings();
  const names = new SheetNames();
  const sheets: SheetPart[] = [];
  for (const tables of layoutAnnexSet(set)) {
    for (const t of tables) sheets.push(sheetXml(t, names.make(t.sheetName), strings, sheets.length === 0));
  }
  if (sheets.length === 0) throw new AppError('invalid_input', 'annex.nothing');
  const title = documentTitle(set);
  return packageWorkbook({ sheets, stylesXml: STYLES_XML, strings, title, subject: set.campaignName, creator: APP_NAME, created: new Date() });
}
