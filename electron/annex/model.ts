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

export interface UnitSheetsAnnex {
  kind: 'units';
  number: 'III';
  heading: AnnexHeading;
  units: Array<{
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
  }>;
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
