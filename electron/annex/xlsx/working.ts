// The working workbooks sent outside (survey template, explanation list, audit log), written with the
// annexes' building blocks so they print as well as the annexes do: Times New Roman 12 pt, wrapped text,
// borders, a frozen header row repeated on every A4 page, fit to the page width. The cells the recipient
// fills are unlocked, pale yellow and validated; the rest of the sheet is protected without a password
// (Review › Unprotect Sheet lifts it), so nothing can be lost but a slip of the hand is caught.

import { lineCount, type FontStyle } from './metrics.js';
import { colName, NS_MAIN, NS_REL, packageWorkbook, quotedSheet, SharedStrings, SheetNames, xmlText, XML_HEAD, type SheetPart } from './ooxml.js';
import { NUM_GENERAL_VI, stylesXml, type FontSpec, type Xf } from './styles.js';

export type WorkValue = string | number | null;

/** What Excel and LibreOffice accept in a cell to fill; the prompt shows when the cell is selected. */
export type InputRule =
  /** A number from min to max with at most `decimals` decimals; `orText` (such as "-") is accepted too. */
  | { kind: 'number'; min: number; max: number; decimals: number; orText?: string; title: string; prompt: string; error: string }
  | { kind: 'textLength'; max: number; title: string; prompt: string; error: string }
  | { kind: 'list'; values: readonly string[]; title: string; prompt: string; error: string };

export interface WorkColumn {
  header: string;
  /** Width in character units of the 12 pt body font. */
  width: number;
  align: 'left' | 'center';
  /** Present on the columns the recipient fills. */
  input?: InputRule;
}

/** A row above the table: a title (bold, centred across the table), a label/value line, or a wrapped note. */
export interface TopRow {
  kind: 'title' | 'line' | 'note';
  cells: WorkValue[];
  /** A note spans from its first non-blank cell to the last column. */
}

export interface WorkSheetSpec {
  name: string;
  top: TopRow[];
  columns: WorkColumn[];
  rows: WorkValue[][];
  landscape: boolean;
  /** Offer the filter buttons on the header row (they stay usable in the protected sheet). */
  autoFilter?: boolean;
  /** Left part of the page footer (the page number is on the right). */
  footer: string;
}

const FONT_NAME = 'Times New Roman';
const BODY_PT = 12;
const TITLE_PT = 14;
const FONTS: FontSpec[] = [
  [BODY_PT, false, false], // 0 body
  [BODY_PT, true, false], // 1 bold
  [TITLE_PT, true, false], // 2 title
  [BODY_PT, false, true], // 3 note
];

const xfs: Xf[] = [{ font: 0, border: 0, fill: 0, numFmt: 0 }];
const add = (xf: Xf): number => xfs.push(xf) - 1;
const S = {
  title: add({ font: 2, border: 0, fill: 0, numFmt: 0, h: 'center', wrap: true }),
  line: add({ font: 0, border: 0, fill: 0, numFmt: 0, h: 'left', v: 'top' }),
  label: add({ font: 0, border: 0, fill: 0, numFmt: 0, h: 'left', v: 'top', wrap: true }),
  note: add({ font: 3, border: 0, fill: 0, numFmt: 0, h: 'left', v: 'top', wrap: true }),
  header: add({ font: 1, border: 1, fill: 2, numFmt: 0, h: 'center', wrap: true }),
  cell: {
    left: add({ font: 0, border: 1, fill: 0, numFmt: NUM_GENERAL_VI, h: 'left', v: 'top', wrap: true }),
    center: add({ font: 0, border: 1, fill: 0, numFmt: NUM_GENERAL_VI, h: 'center', v: 'top', wrap: true }),
  },
  input: {
    left: add({ font: 0, border: 1, fill: 3, numFmt: NUM_GENERAL_VI, h: 'left', v: 'top', wrap: true, locked: false }),
    center: add({ font: 0, border: 1, fill: 3, numFmt: NUM_GENERAL_VI, h: 'center', v: 'top', wrap: true, locked: false }),
  },
};
const STYLES = stylesXml(FONTS, xfs);

const MARGINS_IN = { left: 0.5, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 };
/**
 * Width units that print at 100 % across A4 between those margins (portrait, landscape). A sheet whose
 * columns fit is not shrunk by fit-to-width, so its text prints at 12 pt; wider ones are shrunk to fit.
 */
export const PRINTABLE_WIDTH = { portrait: Math.floor(((210 / 25.4 - 0.9) * 72) / 6), landscape: Math.floor(((297 / 25.4 - 0.9) * 72) / 6) };
/** As in the annexes: points per width unit, padding, Times' line spacing. */
const PT_PER_WIDTH_UNIT = 6;
const CELL_PADDING_PT = 4;
const widthPt = (w: number) => (w + 0.71) * PT_PER_WIDTH_UNIT;
const rowHeight = (lines: number, sizePt: number) => Math.ceil((lines * sizePt * 1.17 + 4) * 4) / 4;

/** Lines a text takes in a column, counting its own line breaks. */
function linesOf(text: string, width: number, sizePt: number, font: FontStyle): number {
  return text.split('\n').reduce((n, part) => n + lineCount(part, widthPt(width) - CELL_PADDING_PT, sizePt, font), 0);
}

function cellXml(ref: string, v: WorkValue, style: number, strings: SharedStrings): string {
  if (v === null || v === '') return `<c r="${ref}" s="${style}"/>`;
  if (typeof v === 'number') return `<c r="${ref}" s="${style}"><v>${String(v)}</v></c>`;
  return `<c r="${ref}" s="${style}" t="s"><v>${strings.id(v)}</v></c>`;
}

function validationXml(rule: InputRule, col: number, first: number, last: number): string {
  const a = `${colName(col)}${first}`;
  const sqref = `${a}:${colName(col)}${last}`;
  const texts = `showInputMessage="1" showErrorMessage="1" errorTitle="${xmlText(rule.title)}" error="${xmlText(rule.error)}" promptTitle="${xmlText(rule.title)}" prompt="${xmlText(rule.prompt)}"`;
  switch (rule.kind) {
    case 'number': {
      // A custom rule, not "decimal": the survey's clear mark "-" must stay accepted, and the decimals counted.
      const scale = 10 ** rule.decimals;
      const number = `AND(ISNUMBER(${a}),${a}>=${rule.min},${a}<=${rule.max},ROUND(${a}*${scale},0)=${a}*${scale})`;
      const formula = rule.orText === undefined ? number : `OR(${a}="${rule.orText.replace(/"/g, '""')}",${number})`;
      return `<dataValidation type="custom" allowBlank="1" ${texts} sqref="${sqref}"><formula1>${xmlText(formula)}</formula1></dataValidation>`;
    }
    case 'textLength':
      return `<dataValidation type="textLength" operator="lessThanOrEqual" allowBlank="1" ${texts} sqref="${sqref}"><formula1>${rule.max}</formula1></dataValidation>`;
    case 'list':
      return `<dataValidation type="list" allowBlank="1" ${texts} sqref="${sqref}"><formula1>${xmlText(`"${rule.values.join(',')}"`)}</formula1></dataValidation>`;
  }
}

function sheetXml(spec: WorkSheetSpec, strings: SharedStrings, selected: boolean): { xml: string; headerRow: number } {
  const cols = spec.columns;
  const lastCol = cols.length - 1;
  const totalWidth = cols.reduce((n, c) => n + c.width, 0) + 0.71 * lastCol;
  const rows: string[] = [];
  const merges: string[] = [];
  let r = 0;
  for (const top of spec.top) {
    r++;
    if (top.kind === 'title') {
      const text = String(top.cells[0] ?? '');
      let out = `<row r="${r}" ht="${rowHeight(linesOf(text, totalWidth, TITLE_PT, 'bold'), TITLE_PT)}" customHeight="1">${cellXml(`A${r}`, text, S.title, strings)}`;
      for (let c = 1; c <= lastCol; c++) out += `<c r="${colName(c)}${r}" s="${S.title}"/>`;
      rows.push(out + '</row>');
      if (lastCol > 0) merges.push(`A${r}:${colName(lastCol)}${r}`);
      continue;
    }
    if (top.kind === 'note') {
      const from = Math.max(0, top.cells.findIndex((v) => v !== null && v !== ''));
      const text = String(top.cells[from] ?? '');
      const width = cols.slice(from).reduce((n, c) => n + c.width, 0) + 0.71 * (lastCol - from);
      let out = `<row r="${r}" ht="${rowHeight(linesOf(text, width, BODY_PT, 'italic'), BODY_PT)}" customHeight="1">`;
      for (let c = from; c <= lastCol; c++) out += c === from ? cellXml(`${colName(c)}${r}`, text, S.note, strings) : `<c r="${colName(c)}${r}" s="${S.note}"/>`;
      rows.push(out + '</row>');
      if (from < lastCol) merges.push(`${colName(from)}${r}:${colName(lastCol)}${r}`);
      continue;
    }
    // A label wraps within its column; the value (the last cell) is not wrapped and runs on over the empty
    // cells to its right.
    const lastValue = top.cells.reduce<number>((at, v, c) => (v === null || v === '' ? at : c), -1);
    let lines = 1;
    const cells = top.cells
      .map((v, c) => {
        if (v === null || v === '') return '';
        if (c === lastValue) return cellXml(`${colName(c)}${r}`, v, S.line, strings);
        lines = Math.max(lines, linesOf(String(v), cols[c]?.width ?? 10, BODY_PT, 'regular'));
        return cellXml(`${colName(c)}${r}`, v, S.label, strings);
      })
      .join('');
    rows.push(`<row r="${r}" ht="${cells ? rowHeight(lines, BODY_PT) : rowHeight(1, BODY_PT) / 2}" customHeight="1">${cells}</row>`);
  }
  const headerRow = ++r;
  const headerLines = Math.max(1, ...cols.map((c) => linesOf(c.header, c.width, BODY_PT, 'bold')));
  rows.push(`<row r="${r}" ht="${rowHeight(headerLines, BODY_PT)}" customHeight="1">${cols.map((c, i) => cellXml(`${colName(i)}${r}`, c.header, S.header, strings)).join('')}</row>`);
  for (const values of spec.rows) {
    r++;
    let lines = 1;
    const cells = cols.map((c, i) => {
      const v = values[i] ?? null;
      if (typeof v === 'string' && v) lines = Math.max(lines, linesOf(v, c.width, BODY_PT, 'regular'));
      const style = c.input ? S.input[c.align] : S.cell[c.align];
      return cellXml(`${colName(i)}${r}`, v, style, strings);
    });
    rows.push(`<row r="${r}" ht="${rowHeight(lines, BODY_PT)}">${cells.join('')}</row>`);
  }
  const lastRow = Math.max(r, headerRow + 1);
  // An empty table still offers one row to fill, so its cells carry the rule too.
  if (spec.rows.length === 0 && cols.some((c) => c.input)) {
    rows.push(`<row r="${lastRow}">${cols.map((c, i) => `<c r="${colName(i)}${lastRow}" s="${c.input ? S.input[c.align] : S.cell[c.align]}"/>`).join('')}</row>`);
  }
  const validations = cols.flatMap((c, i) => (c.input ? [validationXml(c.input, i, headerRow + 1, lastRow)] : []));
  const m = MARGINS_IN;
  const xml =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<dimension ref="A1:${colName(lastCol)}${lastRow}"/>` +
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
    `<pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A${headerRow + 1}" sqref="A${headerRow + 1}"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15.75"/>' +
    `<cols>${cols.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${(c.width + 0.71).toFixed(2)}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${rows.join('')}</sheetData>` +
    // No password: the protection guards against slips, and a recipient who must change a locked cell can lift it.
    '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0"/>' +
    (spec.autoFilter ? `<autoFilter ref="A${headerRow}:${colName(lastCol)}${lastRow}"/>` : '') +
    (merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '') +
    (validations.length > 0 ? `<dataValidations count="${validations.length}">${validations.join('')}</dataValidations>` : '') +
    '<printOptions horizontalCentered="1"/>' +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup paperSize="9" orientation="${spec.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>&amp;L&amp;"${FONT_NAME},Regular"&amp;10${xmlText(spec.footer.replace(/&/g, '&&'))}&amp;R&amp;"${FONT_NAME},Regular"&amp;10Trang &amp;P/&amp;N</oddFooter></headerFooter>` +
    '</worksheet>';
  return { xml, headerRow };
}

/** A styled workbook of the given sheets, sheet names made valid and unique in order. */
export function writeWorkingWorkbook(sheets: readonly WorkSheetSpec[], meta: { title: string; subject: string; creator: string }): Buffer {
  const strings = new SharedStrings();
  const names = new SheetNames();
  const parts: SheetPart[] = sheets.map((spec, i) => {
    const name = names.make(spec.name);
    const { xml, headerRow } = sheetXml(spec, strings, i === 0);
    // The header row is printed again at the top of every page.
    const definedNames = [{ name: '_xlnm.Print_Titles', formula: `${quotedSheet(name)}!$${headerRow}:$${headerRow}` }];
    return { name, definedNames, pieces: () => [xml] };
  });
  return packageWorkbook({ sheets: parts, stylesXml: STYLES, strings, title: meta.title, subject: meta.subject, creator: meta.creator, created: new Date() });
}
