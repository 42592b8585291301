// What an annex says, independent of its file format: the xlsx and PDF writers render this model,
// so the two formats always carry the same numbers.

export type AnnexNumber = 'I' | 'II' | 'III';

export interface AnnexHeading {
  /** "PHỤ LỤC I" */
  label: string;
  /** "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" */
  title: string;
  /** "(Kèm theo Quyết định số 679/QĐ-UBND ngày 16 tháng 02 năm 2022 của Chủ tịch Ủy ban nhân dân thành phố Cần Thơ)" */
  decisionLine: string;
  /** "DỰ THẢO — …" above the label while the campaign is not finalised; null on the final annex. */
  draftLine: string | null;
}

export interface RankingAnnex {
  kind: 'ranking';
  number: 'I';
  heading: AnnexHeading;
  groups: Array<{
    /** "I. SỞ, BAN, NGÀNH" */
    title: string;
    ranked: boolean;
    rows: Array<{
      stt: number;
      unitName: string;
      totalMilli: number;
      maxMilli: number;
      indexHundredths: number;
      rank: number | null;
      band: string | null;
      /** false: no final appraisal score yet; printed as "Chưa thẩm định", never as 0. */
      appraised: boolean;
    }>;
  }>;
}

export interface ComponentAnnex {
  kind: 'components';
  number: 'II';
  heading: AnnexHeading;
  groups: Array<{
    title: string;
    /** "Sở, ban, ngành": named above the group's own table when the campaign has several sets. */
    groupName: string;
    /** The criteria set the group is scored under; consecutive groups of one set share a table. */
    setCode: string;
    /** The set's name, printed above its table; null when the campaign has one set (nothing to tell apart). */
    setName: string | null;
    /** The set's areas: the group's columns (two sets may give one code different meanings). */
    areas: Array<{ code: string; name: string; maxMilli: number }>;
    rows: Array<{
      stt: number;
      unitName: string;
      /** Area code → component index (hundredths of a percent); null where the area does not apply. */
      components: Record<string, number | null>;
      indexHundredths: number;
      appraised: boolean;
    }>;
  }>;
}

export interface UnitSheetRow {
  /** Criterion code; '' for the total row. */
  code: string;
  name: string;
  depth: number;
  isLeaf: boolean;
  kind: 'appraised' | 'survey' | 'bonus' | 'penalty';
  applicable: boolean;
  /** The unit's applicable maximum of the node (not-applicable children removed), so points ÷ max = index. */
  maxMilli: number;
  selfMilli: number | null;
  /** Points from appraisal (appraised kind), null otherwise or when not scored. */
  appraisedMilli: number | null;
  /** Points from the survey (survey kind), null otherwise. */
  surveyMilli: number | null;
  /** Points obtained (roll-up for parents; capped for bonus/penalty). */
  pointsMilli: number;
  /** Index inside this node (areas only), null elsewhere or when not applicable. */
  indexHundredths: number | null;
  note: string;
}

/** One unit's sheet in Phụ lục III. */
export interface AnnexUnit {
  unitCode: string;
  unitName: string;
  groupName: string;
  /** The name of the unit's criteria set (its rows are that set's); null when the campaign has one set. */
  setName: string | null;
  rows: UnitSheetRow[];
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  rank: number | null;
  band: string | null;
  appraised: boolean;
}

/** What is known of a unit before its sheet is read: enough to name its worksheet and count its rows. */
export interface AnnexUnitEntry {
  unitCode: string;
  unitName: string;
  /** The sheet's criterion rows (its set's tree), the total row not counted. */
  rowCount: number;
}

/**
 * Phụ lục III's units in print order, each sheet read only when asked for (one unit's rows at a time), so
 * a writer going through 3,000 units holds one of them, not all. Iterating again reads them again: the
 * reader must see data that does not change meanwhile (a snapshot, or sheets already read).
 */
export interface AnnexUnits extends Iterable<AnnexUnit> {
  readonly entries: readonly AnnexUnitEntry[];
  /** The i-th unit's sheet, read now. */
  read(i: number): AnnexUnit;
}

/** Sheets read one at a time by `read`, in the order of `entries`. */
export function lazyAnnexUnits(entries: readonly AnnexUnitEntry[], read: (entry: AnnexUnitEntry, i: number) => AnnexUnit): AnnexUnits {
  return {
    entries,
    read: (i) => read(entries[i]!, i),
    *[Symbol.iterator]() {
      for (let i = 0; i < entries.length; i++) yield read(entries[i]!, i);
    },
  };
}

/** Sheets already in memory (a set that is handed out whole, or changed by a test). */
export function annexUnits(sheets: readonly AnnexUnit[]): AnnexUnits {
  return {
    entries: sheets.map((u) => ({ unitCode: u.unitCode, unitName: u.unitName, rowCount: u.rows.length })),
    read: (i) => sheets[i]!,
    [Symbol.iterator]: () => sheets[Symbol.iterator](),
  };
}

export interface UnitSheetsAnnex {
  kind: 'units';
  number: 'III';
  heading: AnnexHeading;
  units: AnnexUnits;
}

export type Annex = RankingAnnex | ComponentAnnex | UnitSheetsAnnex;

export interface AnnexSet {
  /** Used in file names and document properties. */
  campaignName: string;
  year: number;
  annexes: Annex[];
  /** Set while the campaign is not finalised: every page is marked DỰ THẢO and this lists what is missing. */
  draft: { missing: string[] } | null;
}

export const DRAFT_MARK = 'DỰ THẢO';
export const NOT_APPRAISED = 'Chưa thẩm định';

export const UNIT_SHEET_COLUMNS = [
  'STT',
  'Lĩnh vực/Tiêu chí/Tiêu chí thành phần',
  'Điểm tối đa',
  'Tự đánh giá',
  'Thẩm định',
  'Điều tra XHH',
  'Điểm đạt được',
  'Chỉ số (%)',
  'Ghi chú',
] as const;

export const RANKING_ANNEX_COLUMNS = ['STT', 'Đơn vị', 'Điểm đạt được', 'Điểm tối đa', 'Chỉ số (%)', 'Xếp hạng', 'Xếp loại'] as const;

/**
 * The set with every unit's sheet read now, in one synchronous go: for a writer that runs over several turns
 * on a connection the app keeps writing to, where reading a unit later could see other scores (the in-memory
 * PDF that gets signed holds the whole file anyway).
 */
export function withUnitsRead(set: AnnexSet): AnnexSet {
  return { ...set, annexes: set.annexes.map((a) => (a.kind === 'units' ? { ...a, units: annexUnits([...a.units]) } : a)) };
}
