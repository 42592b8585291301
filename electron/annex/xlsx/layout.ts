// The printed table of each annex (columns, header cells, body rows), shared by the xlsx and PDF
// writers so both formats lay out the same cells from the model. Numbers stay integers here (points in
// thousandths, indices in hundredths); each writer converts them for its own format.

import type { Annex, AnnexHeading, AnnexNumber, AnnexSet, AnnexUnit, ComponentAnnex, RankingAnnex, UnitSheetsAnnex } from '../model.js';
import { NOT_APPRAISED, RANKING_ANNEX_COLUMNS, UNIT_SHEET_COLUMNS } from '../model.js';

/** How a column's numbers are written: points (milli), index (hundredths), a plain integer, or text only. */
export type ColumnKind = 'points' | 'index' | 'integer' | 'text';

export interface Column {
  /** Width in spreadsheet character units (digit widths of the 12 pt body font). */
  width: number;
  kind: ColumnKind;
  align: 'left' | 'center';
}

/** A header cell spanning rows r0..r1 and columns c0..c1 of the header block (inclusive). */
export interface HeaderCell {
  text: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A number cell holds the column's integer unit (milli or hundredths); a string is shown as is. */
export type CellValue = string | number | null;

export type RowKind = 'group' | 'body' | 'total';

export interface TableRow {
  kind: RowKind;
  bold: boolean;
  /** Indent level of the first text column (the tree depth in Phụ lục III). */
  indent: number;
  /** For a group row, cells[0] is its title and it spans the table. */
  cells: CellValue[];
}

export interface AnnexTable {
  annex: AnnexNumber;
  /** Preferred sheet name; the xlsx writer makes it valid and unique. */
  sheetName: string;
  heading: AnnexHeading;
  /** Phụ lục III: the line naming the unit and its group. */
  subheading: string | null;
  landscape: boolean;
  columns: Column[];
  headerRowCount: number;
  header: HeaderCell[];
  rows: TableRow[];
}

export const NOT_RANKED = 'Không xếp hạng';
export const NOT_APPLICABLE = '—';
export const TOTAL_LABEL = 'Tổng cộng';

/** Printable width in character units at 100 % (A4 less the decree's 30 mm + 15 mm side margins). */
const PORTRAIT_BUDGET = 74;
const LANDSCAPE_BUDGET = 112;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const longest = (texts: Iterable<string>) => {
  let max = 0;
  for (const t of texts) if (t.length > max) max = t.length;
  return max;
};

const singleRowHeader = (texts: readonly string[]): HeaderCell[] => texts.map((text, c) => ({ text, r0: 0, c0: c, r1: 0, c1: c }));

function rankingTable(a: RankingAnnex): AnnexTable {
  const names = a.groups.flatMap((g) => g.rows.map((r) => r.unitName));
  const bands = a.groups.flatMap((g) => g.rows.map((r) => r.band ?? ''));
  const anyUnranked = a.groups.some((g) => !g.ranked || g.rows.some((r) => r.rank === null));
  const anyUnappraised = a.groups.some((g) => g.rows.some((r) => !r.appraised));
  const rankWidth = anyUnappraised ? 10 : anyUnranked ? 9 : 8;
  const bandWidth = clamp(longest(bands), 9, 12);
  const fixed = 5 + 8 + 8 + 8 + rankWidth + bandWidth;
  const nameWidth = clamp(longest(names) + 2, 22, Math.max(22, PORTRAIT_BUDGET - fixed));
  const rows: TableRow[] = [];
  for (const g of a.groups) {
    rows.push({ kind: 'group', bold: true, indent: 0, cells: [g.title] });
    for (const r of g.rows) {
      rows.push({
        kind: 'body',
        bold: false,
        indent: 0,
        cells: r.appraised
          ? [r.stt, r.unitName, r.totalMilli, r.maxMilli, r.indexHundredths, g.ranked && r.rank !== null ? r.rank : NOT_RANKED, r.band ?? '']
          : [r.stt, r.unitName, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPRAISED, ''],
      });
    }
  }
  return {
    annex: 'I',
    sheetName: a.heading.label.replace('PHỤ LỤC', 'Phụ lục'),
    heading: a.heading,
    subheading: null,
    landscape: false,
    columns: [
      { width: 5, kind: 'integer', align: 'center' },
      { width: nameWidth, kind: 'text', align: 'left' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'index', align: 'center' },
      { width: rankWidth, kind: 'integer', align: 'center' },
      { width: bandWidth, kind: 'text', align: 'center' },
    ],
    headerRowCount: 1,
    header: singleRowHeader(RANKING_ANNEX_COLUMNS),
    rows,
  };
}

/**
 * The abbreviations every PAR decision uses (CCHC, QPPL, CBCCVC, KT-XH), for the narrow area columns of
 * Phụ lục II only; Phụ lục III keeps the full names.
 */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/cải cách hành chính/giu, 'CCHC'],
  [/văn bản quy phạm pháp luật/giu, 'văn bản QPPL'],
  [/cán bộ, công chức, viên chức/giu, 'CBCCVC'],
  [/kinh tế\s*-\s*xã hội/giu, 'KT-XH'],
];

export function abbreviate(areaName: string): string {
  return ABBREVIATIONS.reduce((text, [pattern, short]) => text.replace(pattern, short), areaName);
}

/** Groups printed in one table of Phụ lục II: consecutive groups scored under the same set (same columns). */
export interface ComponentPart {
  groups: ComponentAnnex['groups'];
  areas: ComponentAnnex['groups'][number]['areas'];
  /** Sheet name and the line above the table; both plain when the annex has one table. */
  sheetName: string;
  subheading: string | null;
}

/**
 * Phụ lục II as tables: one when every group shares a set (as before sets existed), otherwise one per run of
 * groups under the same set, each with that set's areas as columns, so no group is shown another set's areas.
 */
export function componentParts(a: ComponentAnnex): ComponentPart[] {
  const runs: Array<ComponentAnnex['groups']> = [];
  for (const g of a.groups) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.setCode === g.setCode) last.push(g);
    else runs.push([g]);
  }
  const label = a.heading.label.replace('PHỤ LỤC', 'Phụ lục');
  if (runs.length <= 1) return [{ groups: a.groups, areas: a.groups[0]?.areas ?? [], sheetName: label, subheading: null }];
  return runs.map((groups) => {
    const names = groups.map((g) => g.groupName).join(', ');
    const setName = groups[0]!.setName;
    return {
      groups,
      areas: groups[0]!.areas,
      sheetName: `${label} - ${names}`,
      subheading: `Nhóm: ${names}${setName ? ` — Bộ tiêu chí: ${setName}` : ''}`,
    };
  });
}

function componentTable(a: ComponentAnnex, part: ComponentPart): AnnexTable {
  const areas = part.areas;
  const n = areas.length;
  const names = part.groups.flatMap((g) => g.rows.map((r) => r.unitName));
  const indexWidth = 9;
  // Area columns first (9.5 fits "CBCCVC" in bold on one line), the unit name takes the rest.
  const areaWidth = clamp((LANDSCAPE_BUDGET - 5 - 20 - indexWidth) / Math.max(1, n), 9.5, 14);
  const nameWidth = clamp(Math.min(longest(names) + 2, LANDSCAPE_BUDGET - 5 - indexWidth - n * areaWidth), 18, 30);
  const header: HeaderCell[] = [
    { text: 'STT', r0: 0, c0: 0, r1: 1, c1: 0 },
    { text: 'Đơn vị', r0: 0, c0: 1, r1: 1, c1: 1 },
    ...(n > 0 ? [{ text: 'Chỉ số thành phần theo lĩnh vực (%)', r0: 0, c0: 2, r1: 0, c1: 1 + n }] : []),
    ...areas.map((area, i) => ({ text: `${area.code}. ${abbreviate(area.name)}`, r0: 1, c0: 2 + i, r1: 1, c1: 2 + i })),
    { text: 'Chỉ số CCHC (%)', r0: 0, c0: 2 + n, r1: 1, c1: 2 + n },
  ];
  const rows: TableRow[] = [];
  for (const g of part.groups) {
    rows.push({ kind: 'group', bold: true, indent: 0, cells: [g.title] });
    for (const r of g.rows) {
      const cells: CellValue[] = [r.stt, r.unitName];
      for (const area of areas) cells.push(r.appraised ? (r.components[area.code] ?? NOT_APPLICABLE) : NOT_APPLICABLE);
      cells.push(r.appraised ? r.indexHundredths : NOT_APPRAISED);
      rows.push({ kind: 'body', bold: false, indent: 0, cells });
    }
  }
  return {
    annex: 'II',
    sheetName: part.sheetName,
    heading: a.heading,
    subheading: part.subheading,
    landscape: true,
    columns: [
      { width: 5, kind: 'integer', align: 'center' },
      { width: nameWidth, kind: 'text', align: 'left' },
      ...areas.map((): Column => ({ width: areaWidth, kind: 'index', align: 'center' })),
      { width: indexWidth, kind: 'index', align: 'center' },
    ],
    headerRowCount: 2,
    header,
    rows,
  };
}

function rankAndBand(rank: number | null, band: string | null, appraised: boolean): string {
  if (!appraised) return NOT_APPRAISED;
  const parts = [rank === null ? NOT_RANKED : `Xếp hạng: ${rank}`];
  if (band) parts.push(`Xếp loại: ${band}`);
  return parts.join('; ');
}

export function unitTable(a: UnitSheetsAnnex, u: AnnexUnit): AnnexTable {
  const rows: TableRow[] = u.rows.map((r) => ({
    kind: 'body',
    bold: r.depth === 0,
    indent: Math.min(r.depth, 3),
    cells: [
      r.code,
      r.name,
      r.applicable ? r.maxMilli : NOT_APPLICABLE,
      r.applicable ? r.selfMilli : null,
      r.applicable ? r.appraisedMilli : null,
      r.applicable ? r.surveyMilli : null,
      r.applicable ? r.pointsMilli : NOT_APPLICABLE,
      r.applicable ? r.indexHundredths : null,
      r.note,
    ],
  }));
  rows.push({
    kind: 'total',
    bold: true,
    indent: 0,
    cells: u.appraised
      ? ['', TOTAL_LABEL, u.maxMilli, null, null, null, u.totalMilli, u.indexHundredths, rankAndBand(u.rank, u.band, true)]
      : ['', TOTAL_LABEL, u.maxMilli, null, null, null, NOT_APPLICABLE, NOT_APPLICABLE, rankAndBand(u.rank, u.band, false)],
  });
  const notes = u.rows.map((r) => r.note);
  const noteWidth = clamp(longest(notes) + 1, 14, 22);
  const nameWidth = clamp(longest(u.rows.map((r) => r.name)) + 4, 30, LANDSCAPE_BUDGET - 7 - 6 * 8 - noteWidth);
  return {
    annex: 'III' as const,
    sheetName: u.unitName,
    heading: a.heading,
    subheading: `Đơn vị: ${u.unitName} — Nhóm: ${u.groupName}${u.setName ? ` — Bộ tiêu chí: ${u.setName}` : ''}`,
    landscape: true,
    columns: [
      { width: 7, kind: 'text', align: 'center' },
      { width: nameWidth, kind: 'text', align: 'left' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'points', align: 'center' },
      { width: 8, kind: 'index', align: 'center' },
      { width: noteWidth, kind: 'text', align: 'left' },
    ],
    headerRowCount: 1,
    header: singleRowHeader(UNIT_SHEET_COLUMNS),
    rows,
  };
}

/** Every unit's table at once: for small sets and tests; the writers go through the units one at a time. */
function unitTables(a: UnitSheetsAnnex): AnnexTable[] {
  return [...a.units].map((u) => unitTable(a, u));
}

export function annexTables(annex: Annex): AnnexTable[] {
  switch (annex.kind) {
    case 'ranking':
      return [rankingTable(annex)];
    case 'components':
      return componentParts(annex).map((part) => componentTable(annex, part));
    case 'units':
      return unitTables(annex);
  }
}

/** The tables of a set, one list per annex, in the set's order. */
export function layoutAnnexSet(set: AnnexSet): AnnexTable[][] {
  return set.annexes.map(annexTables);
}

/** A sheet to come: its name and body-row count now, its table only when it is written. */
export interface LazyTable {
  sheetName: string;
  bodyRows: number;
  /** What places the header block (the rows printed on every page) before the table is laid out. */
  draft: boolean;
  subheading: boolean;
  headerRowCount: number;
  table: () => AnnexTable;
}

/**
 * The set's tables, one per sheet, laid out only when asked for: Phụ lục III has a table per unit, and
 * building them all at once would hold every unit's rows twice while the workbook is streamed.
 */
export function lazyAnnexTables(set: AnnexSet): LazyTable[] {
  return set.annexes.flatMap((annex): LazyTable[] => {
    switch (annex.kind) {
      case 'ranking': {
        const bodyRows = annex.groups.reduce((n, g) => n + 1 + g.rows.length, 0);
        const sheetName = annex.heading.label.replace('PHỤ LỤC', 'Phụ lục');
        return [{ sheetName, bodyRows, draft: Boolean(annex.heading.draftLine), subheading: false, headerRowCount: 1, table: () => rankingTable(annex) }];
      }
      case 'components':
        return componentParts(annex).map((part) => ({
          sheetName: part.sheetName,
          bodyRows: part.groups.reduce((n, g) => n + 1 + g.rows.length, 0),
          draft: Boolean(annex.heading.draftLine),
          subheading: part.subheading !== null,
          headerRowCount: 2,
          table: () => componentTable(annex, part),
        }));
      case 'units':
        return annex.units.entries.map((u, i) => ({
          sheetName: u.unitName,
          bodyRows: u.rowCount + 1,
          draft: Boolean(annex.heading.draftLine),
          subheading: true,
          headerRowCount: 1,
          table: () => unitTable(annex, annex.units.read(i)),
        }));
    }
  });
}

/** "Phụ lục I, II — <campaign>": the document title for both formats. */
export function documentTitle(set: AnnexSet): string {
  const labels = set.annexes.map((a) => a.number).join(', ');
  const first = set.annexes[0];
  const what = set.annexes.length === 1 && first ? first.heading.title : set.campaignName;
  return `Phụ lục ${labels} — ${what}`;
}

export const APP_NAME = 'Thẩm định chỉ số CCHC';
