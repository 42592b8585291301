// The campaign workbook (v2; v1 files, without the `Bộ tiêu chí` columns, still read as one set): sheet and column names (Vietnamese, with English aliases), shared by
// the reader, the writer and the validator so messages name exactly what the user sees.

export const SHEETS = {
  campaign: { name: 'Đợt', aliases: ['Campaign'] },
  criteria: { name: 'Tiêu chí', aliases: ['Criteria'] },
  groups: { name: 'Nhóm', aliases: ['Groups'] },
  units: { name: 'Đơn vị', aliases: ['Units'] },
  scores: { name: 'Điểm', aliases: ['Scores'] },
  /** Optional: the name of each criteria set (`Mã | Tên`). */
  sets: { name: 'Bộ tiêu chí', aliases: ['Criteria sets', 'Sets'] },
} as const;

export interface ColumnSpec {
  header: string;
  aliases: readonly string[];
  required: boolean;
}

const col = (header: string, aliases: string[], required = true): ColumnSpec => ({ header, aliases, required });

export const COLUMNS = {
  campaign: { property: col('Thuộc tính', ['Property']), value: col('Giá trị', ['Value']) },
  criteria: {
    /** v2: the set's code on every row; absent (v1): every row is in the one default set. */
    set: col('Bộ tiêu chí', ['Set'], false),
    code: col('Mã', ['Code']),
    name: col('Tên', ['Name']),
    max: col('Điểm tối đa', ['Max']),
    kind: col('Loại', ['Kind'], false),
    rule: col('Cách tính', ['Rule'], false),
    /** Whether a unit may claim "không áp dụng" on the node: `có` (blank) or `không`; absent column: every node may. */
    naAllowed: col('Cho phép KAD', ['NA allowed'], false),
  },
  groups: {
    group: col('Mã nhóm', ['Group']),
    groupName: col('Tên nhóm', ['GroupName']),
    /** v2: the set the group is scored under; absent (v1): the one default set. */
    set: col('Bộ tiêu chí', ['Set'], false),
    band: col('Xếp loại', ['Band']),
    from: col('Từ (%)', ['From']),
    ranked: col('Xếp hạng', ['Ranked'], false),
  },
  sets: { code: col('Mã', ['Code']), name: col('Tên', ['Name']) },
  units: { code: col('Mã', ['Code']), name: col('Tên', ['Name']), group: col('Mã nhóm', ['Group']) },
  scores: {
    unit: col('Mã đơn vị', ['Unit']),
    criterion: col('Mã tiêu chí', ['Criterion']),
    self: col('Tự đánh giá', ['Self'], false),
    final: col('Thẩm định', ['Final']),
    note: col('Ghi chú', ['Note'], false),
    explanation: col('Giải trình', ['Explanation'], false),
  },
} as const;

export const CAMPAIGN_PROPERTIES = {
  name: ['Tên', 'Name'],
  year: ['Năm', 'Year'],
  issuer: ['Cơ quan', 'Issuer'],
  decisionNo: ['Số quyết định', 'Decision'],
  decisionDate: ['Ngày quyết định', 'DecisionDate'],
} as const;

/**
 * The two optional rows of `Đợt` that set the campaign's index rules (absent: the defaults), with the
 * words each accepts; the first word of each is what export writes.
 */
export const INDEX_RULE_ROWS = {
  capIndex: { labels: ['Giới hạn chỉ số 100%', 'Index capped at 100%'], words: [['có', true], ['không', false]] },
  tieRanking: { labels: ['Xếp hạng khi bằng nhau', 'Tie ranking'], words: [['1-2-2-4', 'competition'], ['1-1-2', 'dense']] },
} as const;

export const KIND_WORDS: Record<string, 'appraised' | 'survey' | 'bonus' | 'penalty'> = {
  'thẩm định': 'appraised',
  appraised: 'appraised',
  'điều tra': 'survey',
  'điều tra xhh': 'survey',
  'điều tra xã hội học': 'survey',
  survey: 'survey',
  'thưởng': 'bonus',
  'điểm thưởng': 'bonus',
  bonus: 'bonus',
  'trừ': 'penalty',
  'điểm trừ': 'penalty',
  penalty: 'penalty',
};

export const KIND_LABELS = { appraised: 'thẩm định', survey: 'điều tra', bonus: 'thưởng', penalty: 'trừ' } as const;

/** The words of a yes/no column (`Cho phép KAD`); the first of each is what export writes. */
export const YES_NO_WORDS = { yes: ['có', 'yes'], no: ['không', 'no'] } as const;

/** The mark for "không áp dụng" in the score column. */
export const NOT_APPLICABLE_MARK = 'KAD';

/** Case-, space- and Unicode-form-insensitive key for matching headers, sheet names and words. */
export function normalizeLabel(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}
