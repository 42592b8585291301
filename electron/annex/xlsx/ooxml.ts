// The SpreadsheetML package: XML escaping, the shared-string table, sheet names, and the parts every
// workbook needs (content types, relationships, workbook, document properties), zipped with fflate.

import { zipToBuffer, zipToFile, type ZipEntry } from './zip-stream.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/**
 * Text made safe for an XML text node or attribute: NFC (so "ệ" is one code point, as Office expects),
 * & < > " escaped, and the control characters XML 1.0 forbids written as OOXML `_xHHHH_` escapes. A
 * literal "_x0041_" in the text is itself escaped (`_x005F_`), or Excel would decode it.
 */
export function xmlText(text: string): string {
  let s = text.normalize('NFC');
  if (/_x[0-9A-Fa-f]{4}_/.test(s)) s = s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)) {
    // eslint-disable-next-line no-control-regex
    s = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  }
  // A lone surrogate cannot be encoded in UTF-8.
  if (/[\uD800-\uDFFF]/.test(s)) s = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

/** One string table for the workbook: repeated names (criteria, bands) are stored once. */
export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly parts: string[] = [];
  private refs = 0;

  id(text: string): number {
    this.refs++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.parts.length;
      this.index.set(text, i);
      const escaped = xmlText(text);
      const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
      this.parts.push(`<si><t${space}>${escaped}</t></si>`);
    }
    return i;
  }

  xml(): string {
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.refs}" uniqueCount="${this.parts.length}">${this.parts.join('')}</sst>`;
  }
}

/** A1-style column letters: 0 → A, 26 → AA. */
export function colName(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/**
 * Valid, unique sheet names: Excel forbids []:*?/\, a leading or trailing apostrophe, names over 31
 * characters, "History", and names that differ only in case.
 */
export class SheetNames {
  private readonly taken = new Set<string>();

  make(wanted: string): string {
    let base = wanted
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001F]/g, ' ')
      .replace(FORBIDDEN_IN_SHEET_NAME, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim();
    if (!base || base.toLowerCase() === 'history') base = `Trang ${this.taken.size + 1}`;
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = [...base].slice(0, 31 - suffix.length).join('').trimEnd() + suffix;
      const key = name.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return name;
      }
    }
  }
}

/** 'Sở Nội vụ'!$6:$6 — a sheet reference for a defined name. */
export const quotedSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;

export interface SheetPart {
  name: string;
  /** The worksheet XML in pieces (a few hundred rows each), produced while the part is zipped. */
  pieces: () => Iterable<string>;
  /** Defined names local to this sheet, e.g. _xlnm.Print_Titles. */
  definedNames: Array<{ name: string; formula: string }>;
}

export interface PackageInput {
  sheets: SheetPart[];
  stylesXml: string;
  strings: SharedStrings;
  title: string;
  subject: string;
  creator: string;
  created: Date;
}

function workbookXml(sheets: SheetPart[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const names = sheets.flatMap((s, i) => s.definedNames.map((d) => `<definedName name="${d.name}" localSheetId="${i}">${xmlText(d.formula)}</definedName>`));
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<workbookPr/>' +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list}</sheets>` +
    (names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : '') +
    '<calcPr calcId="191029"/>' +
    '</workbook>'
  );
}

function workbookRels(sheetCount: number): string {
  const rels: string[] = [];
  for (let i = 0; i < sheetCount; i++) {
    rels.push(`<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  }
  rels.push(`<Relationship Id="rId${sheetCount + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>`);
  rels.push(`<Relationship Id="rId${sheetCount + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels.join('')}</Relationships>`;
}

function contentTypes(sheetCount: number): string {
  const ct = 'application/vnd.openxmlformats-officedocument';
  const sheets: string[] = [];
  for (let i = 0; i < sheetCount; i++) sheets.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`);
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>` +
    sheets.join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>` +
    '</Types>'
  );
}

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

function coreXml(p: PackageInput): string {
  const when = p.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(p.title)}</dc:title>` +
    `<dc:subject>${xmlText(p.subject)}</dc:subject>` +
    `<dc:creator>${xmlText(p.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${xmlText(p.creator)}</cp:lastModifiedBy>` +
    '<dc:language>vi-VN</dc:language>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function appXml(p: PackageInput): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    `<Application>${xmlText(p.creator)}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${p.sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${p.sheets.length}" baseType="lpstr">${p.sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '</Properties>'
  );
}

/** The package's entries in the order they are zipped; sharedStrings.xml last, once every sheet has used it. */
function workbookEntries(p: PackageInput): ZipEntry[] {
  const whole = (path: string, xml: () => string): ZipEntry => ({ path, pieces: () => [xml()] });
  return [
    whole('[Content_Types].xml', () => contentTypes(p.sheets.length)),
    whole('_rels/.rels', () => ROOT_RELS),
    whole('docProps/core.xml', () => coreXml(p)),
    whole('docProps/app.xml', () => appXml(p)),
    whole('xl/workbook.xml', () => workbookXml(p.sheets)),
    whole('xl/_rels/workbook.xml.rels', () => workbookRels(p.sheets.length)),
    whole('xl/styles.xml', () => p.stylesXml),
    ...p.sheets.map((s, i): ZipEntry => ({ path: `xl/worksheets/sheet${i + 1}.xml`, pieces: s.pieces })),
    whole('xl/sharedStrings.xml', () => p.strings.xml()),
  ];
}

/** Zips the parts into an .xlsx file in memory. */
export function packageWorkbook(p: PackageInput): Buffer {
  return zipToBuffer(workbookEntries(p), p.created);
}

/** Zips the parts into an .xlsx file on disk (through `<outPath>.part`), a piece at a time. */
export function packageWorkbookFile(p: PackageInput, outPath: string, signal?: AbortSignal): Promise<{ bytes: number }> {
  return zipToFile(workbookEntries(p), outPath, p.created, signal);
}

export { XML_HEAD, NS_MAIN, NS_REL };
