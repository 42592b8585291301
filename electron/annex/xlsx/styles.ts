// The annexes' cell styles, written once into styles.xml: Times New Roman in black, thin borders, the
// header fill, and the two number formats. Each style is looked up by name, never built per cell.

import { NS_MAIN, XML_HEAD } from './ooxml.js';

/*
 * Decimal comma. Cells keep their numbers (81.96 is numeric, sums and sorts work), and the format code
 * carries the Vietnamese locale: "[$-42A]" is LCID 0x042A (vi-VN). LibreOffice binds a number format
 * to the language in its [$-xxxx] prefix and so writes "81,96" even on an en-US machine (checked by
 * test/annex: pdftotext of the LibreOffice rendering finds "81,96"). Excel shows the separator of the
 * Windows region instead, which is the comma on a Vietnamese-region PC. Alternatives were worse: a
 * literal comma cannot be placed inside a number format, and text cells would stop being numbers.
 */
export const INDEX_FORMAT = '[$-42A]0.00';
/** Points: two decimals, a third only when present (0,125), like the PDF's text. */
export const POINTS_FORMAT = '[$-42A]0.00#';

const FONT = 'Times New Roman';

/** fonts: [size, bold, italic] */
const FONTS: FontSpec[] = [
  [12, false, false], // 0 body
  [12, true, false], // 1 body bold
  [14, true, false], // 2 heading
  [13, false, true], // 3 decision line
  [13, true, false], // 4 unit line
  [11, false, false], // 5 footer size reference (unused by cells)
];

type Horizontal = 'left' | 'center';

export type FontSpec = [size: number, bold: boolean, italic: boolean];

export interface Xf {
  font: number;
  border: 0 | 1;
  /** 2: the header's grey; 3: the pale yellow of cells to fill (working workbooks only). */
  fill: 0 | 2 | 3;
  numFmt: number;
  h?: Horizontal;
  /** Vertical alignment; centre unless said. */
  v?: 'top';
  wrap?: boolean;
  indent?: number;
  /** false: a cell the recipient fills in a protected sheet. */
  locked?: false;
}

const NUM_POINTS = 164;
const NUM_INDEX = 165;
/** General with the vi-VN locale, so a plain number prints with a decimal comma too (see INDEX_FORMAT). */
export const NUM_GENERAL_VI = 166;
const GENERAL_VI_FORMAT = '[$-42A]General';

const xfs: Xf[] = [{ font: 0, border: 0, fill: 0, numFmt: 0 }];
const add = (xf: Xf): number => xfs.push(xf) - 1;

export const STYLE = {
  label: add({ font: 2, border: 0, fill: 0, numFmt: 0, h: 'center', wrap: true }),
  title: add({ font: 2, border: 0, fill: 0, numFmt: 0, h: 'center', wrap: true }),
  decision: add({ font: 3, border: 0, fill: 0, numFmt: 0, h: 'center', wrap: true }),
  unitLine: add({ font: 4, border: 0, fill: 0, numFmt: 0, h: 'center', wrap: true }),
  header: add({ font: 1, border: 1, fill: 2, numFmt: 0, h: 'center', wrap: true }),
  group: add({ font: 1, border: 1, fill: 0, numFmt: 0, h: 'left', wrap: true }),
  /** [bold][indent] text cells, left-aligned and wrapped. */
  text: [0, 1].map((bold) => [0, 1, 2, 3].map((indent) => add({ font: bold, border: 1, fill: 0, numFmt: 0, h: 'left', wrap: true, indent }))),
  /** [bold] centred text and integers (STT, codes, ranks, bands, "—"). */
  center: [0, 1].map((bold) => add({ font: bold, border: 1, fill: 0, numFmt: 0, h: 'center', wrap: true })),
  points: [0, 1].map((bold) => add({ font: bold, border: 1, fill: 0, numFmt: NUM_POINTS, h: 'center' })),
  index: [0, 1].map((bold) => add({ font: bold, border: 1, fill: 0, numFmt: NUM_INDEX, h: 'center' })),
};

function fontXml([size, bold, italic]: FontSpec): string {
  return `<font>${bold ? '<b/>' : ''}${italic ? '<i/>' : ''}<sz val="${size}"/><color rgb="FF000000"/><name val="${FONT}"/><family val="1"/></font>`;
}

function xfXml(x: Xf): string {
  const attrs = [
    `numFmtId="${x.numFmt}"`,
    `fontId="${x.font}"`,
    `fillId="${x.fill}"`,
    `borderId="${x.border}"`,
    'xfId="0"',
    x.numFmt ? 'applyNumberFormat="1"' : '',
    x.font ? 'applyFont="1"' : '',
    x.fill ? 'applyFill="1"' : '',
    x.border ? 'applyBorder="1"' : '',
    x.h ? 'applyAlignment="1"' : '',
    x.locked === false ? 'applyProtection="1"' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const protection = x.locked === false ? '<protection locked="0"/>' : '';
  if (!x.h) return protection ? `<xf ${attrs}>${protection}</xf>` : `<xf ${attrs}/>`;
  const indent = x.indent ? ` indent="${x.indent}"` : '';
  return `<xf ${attrs}><alignment horizontal="${x.h}" vertical="${x.v ?? 'center'}"${x.wrap ? ' wrapText="1"' : ''}${indent}/>${protection}</xf>`;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const thin = '<left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right><top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/>';

const INPUT_FILL = '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF8DC"/><bgColor indexed="64"/></patternFill></fill>';

/** styles.xml for the given fonts and cell formats (xfs[0] is the default). */
export function stylesXml(fonts: readonly FontSpec[], cellXfs: readonly Xf[]): string {
  const inputFill = cellXfs.some((x) => x.fill === 3);
  const generalVi = cellXfs.some((x) => x.numFmt === NUM_GENERAL_VI);
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    `<numFmts count="${generalVi ? 3 : 2}"><numFmt numFmtId="${NUM_POINTS}" formatCode="${escapeAttr(POINTS_FORMAT)}"/><numFmt numFmtId="${NUM_INDEX}" formatCode="${escapeAttr(INDEX_FORMAT)}"/>` +
    `${generalVi ? `<numFmt numFmtId="${NUM_GENERAL_VI}" formatCode="${escapeAttr(GENERAL_VI_FORMAT)}"/>` : ''}</numFmts>` +
    `<fonts count="${fonts.length}">${fonts.map(fontXml).join('')}</fonts>` +
    `<fills count="${inputFill ? 4 : 3}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
    `<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill>${inputFill ? INPUT_FILL : ''}</fills>` +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${cellXfs.length}">${cellXfs.map(xfXml).join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0"/>' +
    '</styleSheet>'
  );
}

export const STYLES_XML = stylesXml(FONTS, xfs);
