// The layout Nghị định 30/2020/NĐ-CP (Phụ lục I) prescribes for administrative documents, as docx
// building blocks: A4 and its margins, Times New Roman at the decree's sizes, the two-column head
// (issuing body and number; national title, motto and place-date line), body paragraphs, the
// recipients and signing block, and bordered tables. The decision and the report are written with these.

import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';

export const FONT = 'Times New Roman';
/** docx sizes are half-points. */
const pt = (points: number): number => points * 2;

/** A4 portrait; ND30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const PAGE = { width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 15 } as const;
/** Millimetres to twips, rounded (docx's own conversion truncates: A4 would be 11905 × 16837, not Word's 11906 × 16838). */
const mm = (v: number): number => Math.round((v * 1440) / 25.4);
export const TEXT_WIDTH = mm(PAGE.width - PAGE.left - PAGE.right);

/** ND30's sizes (points) for each part of the document. */
export const SIZE = {
  body: 14,
  organ: 13,
  nationalTitle: 12,
  motto: 13,
  number: 13,
  placeDate: 13,
  docType: 14,
  summary: 14,
  signer: 14,
  recipientsLabel: 12,
  recipients: 11,
  table: 12,
  header: 13,
} as const;

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

export function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: pt(style.size ?? SIZE.body),
    ...(style.bold ? { bold: true } : {}),
    ...(style.italics ? { italics: true } : {}),
    ...(style.underline ? { underline: {} } : {}),
  });
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface LineOptions extends RunStyle {
  align?: Align;
  /** Space before, in points. */
  before?: number;
  after?: number;
  keepNext?: boolean;
}

/**
 * One centred (by default) line of the head, title or signing block, no indent. 1,15 lines: at single
 * spacing a capital's stacked marks (Ủ, Ố) touch the line above.
 */
export function line(text: string, o: LineOptions = {}): Paragraph {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.CENTER,
    spacing: { before: (o.before ?? 0) * 20, after: (o.after ?? 0) * 20, line: 276 },
    ...(o.keepNext ? { keepNext: true } : {}),
    children: [run(text, o)],
  });
}

/**
 * A body paragraph: justified, first line indented 1,27 cm, 6 pt before, spacing a little over single
 * (ND30: single line to 1,5 lines; paragraphs at least 6 pt apart).
 */
export function para(children: Array<string | TextRun>, o: { italics?: boolean; bold?: boolean; keepNext?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(12.7) },
    spacing: { before: 120, after: 0, line: 276 },
    ...(o.keepNext ? { keepNext: true } : {}),
    children: children.map((c) => (typeof c === 'string' ? run(c, { ...(o.italics ? { italics: true } : {}), ...(o.bold ? { bold: true } : {}), ...(o.size ? { size: o.size } : {}) }) : c)),
  });
}

/** A paragraph opening with a bold lead ("Điều 1.", "a)") followed by plain text. */
export function lead(label: string, text: string, o: { keepNext?: boolean } = {}): Paragraph {
  return para([run(label, { bold: true }), run(` ${text}`)], o);
}

const SOLID: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/**
 * The short solid rule ND30 puts under the issuing body's name and under the summary line: a paragraph
 * of a tiny font whose bottom border spans only what its indents leave, `width` twips, centred in `within`.
 */
export function rule(width: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 240 },
    border: { bottom: SOLID },
    children: [new TextRun({ text: '', font: FONT, size: 2 })],
  });
}

/** Vietnamese uppercase of a place or body name ("thành phố Cần Thơ" → "THÀNH PHỐ CẦN THƠ"). */
export const upper = (text: string): string => text.toLocaleUpperCase('vi');

export interface Head {
  /** Lines of the issuing body, top first; `bold` on the body's own name, plain for the body above it. */
  organ: Array<{ text: string; bold: boolean }>;
  /** "Số: 679/QĐ-UBND" */
  number: string;
  /** "Cần Thơ, ngày 16 tháng 02 năm 2022" */
  placeDate: string;
}

const LEFT = Math.round(TEXT_WIDTH * 0.4);
const RIGHT = TEXT_WIDTH - LEFT;

function cell(children: Paragraph[], width: number, borders = true): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
    ...(borders ? {} : { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } }),
    children,
  });
}

/** The two-column head: issuing body over the number (left), national title and motto over the place-date line (right). */
export function head(h: Head): Table {
  const organ = h.organ.map((o) => line(o.text, { bold: o.bold, size: SIZE.organ }));
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT, RIGHT],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([...organ, rule(mm(22), LEFT)], LEFT, false),
          cell(
            [line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SIZE.nationalTitle }), line(motto, { bold: true, underline: true, size: SIZE.motto })],
            RIGHT,
            false,
          ),
        ],
      }),
      new TableRow({
        children: [
          cell([line(h.number, { size: SIZE.number, before: 6 })], LEFT, false),
          cell([line(h.placeDate, { italics: true, size: SIZE.placeDate, before: 6 })], RIGHT, false),
        ],
      }),
    ],
  });
}

/** Document type ("QUYẾT ĐỊNH", "BÁO CÁO") and its summary line, with the short rule under the summary. */
export function title(docType: string, summary: string[]): Paragraph[] {
  return [
    line(docType, { bold: true, size: SIZE.docType, before: 24, keepNext: true }),
    ...summary.map((s) => line(s, { bold: true, size: SIZE.summary, keepNext: true })),
    rule(mm(35), TEXT_WIDTH),
  ];
}

export interface Signing {
  recipients: string[];
  /** "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH": each its own bold line. */
  titles: string[];
  /** An italic line under the titles ("(Ký, ghi rõ họ tên, đóng dấu)"). */
  note?: string;
  /** The signer's name, '' for a blank the secretariat fills in. */
  name: string;
}

/** "Nơi nhận:" and its list (left), the signer's titles, room for the signature and the name (right). */
export function signing(s: Signing): Table {
  const left = Math.round(TEXT_WIDTH * 0.5);
  const right = TEXT_WIDTH - left;
  const recipients = [
    new Paragraph({ spacing: { before: 240, after: 0 }, children: [run('Nơi nhận:', { bold: true, italics: true, size: SIZE.recipientsLabel })] }),
    ...s.recipients.map((r) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(r, { size: SIZE.recipients })] })),
  ];
  const signer = [
    ...s.titles.map((t, i) => line(t, { bold: true, size: SIZE.signer, before: i === 0 ? 12 : 0 })),
    ...(s.note ? [line(s.note, { italics: true, size: SIZE.signer })] : []),
    ...[0, 1, 2, 3].map(() => line('', { size: SIZE.signer })),
    line(s.name, { bold: true, size: SIZE.signer }),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(recipients, left, false), cell(signer, right, false)] })],
  });
}

export interface DataColumn {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** A cell's text: plain, or bold and/or smaller (`size` in points); "\n" starts a new line within the cell. */
export type DataCell = string | { text: string; bold: boolean; size?: number };

/**
 * Past this many characters a row may be taller than a page: Word and LibreOffice cut an unsplittable row
 * at the foot of the page, so such a row is let to break instead.
 */
const SPLIT_ROW_CHARS = 1000;

/** A bordered table of figures: bold centred header repeated on each page, rows kept whole (unless very long). */
export function dataTable(columns: DataColumn[], rows: DataCell[][]): Table {
  const total = columns.reduce((n, c) => n + c.width, 0);
  const widths = columns.map((c) => Math.round((TEXT_WIDTH * c.width) / total));
  const borders = { top: SOLID, bottom: SOLID, left: SOLID, right: SOLID };
  const cellOf = (text: string, i: number, o: { bold: boolean; align: Align; size?: number }) => {
    const size = o.size ?? SIZE.table;
    const lines = text.split('\n').map((t, k) =>
      k === 0 ? run(t, { bold: o.bold, size }) : new TextRun({ text: t, font: FONT, size: pt(size), break: 1, ...(o.bold ? { bold: true } : {}) }),
    );
    return new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      borders,
      margins: { left: 80, right: 80, top: 30, bottom: 30 },
      children: [new Paragraph({ alignment: o.align, spacing: { before: 0, after: 0, line: 264 }, children: lines })],
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cellOf(c.header, i, { bold: true, align: AlignmentType.CENTER })) }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: r.reduce((n, v) => n + (typeof v === 'string' ? v : v.text).length, 0) <= SPLIT_ROW_CHARS,
            children: r.map((v, i) => {
              const value = typeof v === 'string' ? { text: v, bold: false } : v;
              return cellOf(value.text, i, { bold: value.bold, align: ALIGN[columns[i]!.align ?? 'left'], ...(value.size ? { size: value.size } : {}) });
            }),
          }),
      ),
    ],
  });
}

/** A caption above a table ("Bảng 1. …"): italic, centred, kept with the table. */
export const caption = (text: string): Paragraph => line(text, { italics: true, size: SIZE.table, before: 6, after: 3, keepNext: true });

/**
 * ND30: page numbers centred in the top margin from the second page on. `mark` ("DỰ THẢO") is printed at
 * the right of every page's header, the first page's included.
 */
function headers(mark: string | null): { default: Header; first: Header } {
  const tabs = [
    { type: TabStopType.CENTER, position: Math.round(TEXT_WIDTH / 2) },
    { type: TabStopType.RIGHT, position: TEXT_WIDTH },
  ];
  const markRuns: ParagraphChild[] = mark ? [new TextRun({ text: '\t', font: FONT }), run(mark, { bold: true, size: SIZE.recipients })] : [];
  return {
    first: new Header({ children: [new Paragraph({ tabStops: tabs, children: [new TextRun({ text: '\t', font: FONT }), ...markRuns] })] }),
    default: new Header({
      children: [
        new Paragraph({
          tabStops: tabs,
          children: [new TextRun({ children: ['\t', PageNumber.CURRENT], font: FONT, size: pt(SIZE.header) }), ...markRuns],
        }),
      ],
    }),
  };
}

export interface DocumentParts {
  title: string;
  description: string;
  /** Printed in every page header while set ("DỰ THẢO"). */
  mark: string | null;
  body: Array<Paragraph | Table>;
}

export async function packDocument(parts: DocumentParts): Promise<Buffer> {
  const doc = new Document({
    creator: 'PAR Appraisal',
    title: parts.title,
    description: parts.description,
    styles: { default: { document: { run: { font: FONT, size: pt(SIZE.body) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mm(PAGE.width), height: mm(PAGE.height) },
            margin: { top: mm(PAGE.top), bottom: mm(PAGE.bottom), left: mm(PAGE.left), right: mm(PAGE.right), header: mm(10), footer: mm(10) },
          },
        },
        headers: headers(parts.mark),
        children: parts.body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
