// Reads a campaign workbook (v2, or v1: one criteria set) into validated campaign content, or refuses it with every problem
// named by sheet, row and column. Nothing here touches the database.

import * as XLSX from 'xlsx';
import { orderCriteria, validateContent, type ContentRows } from '../../shared/content-rules.js';
import { CRITERION_CODE_PATTERN, DEFAULT_INDEX_RULES, DEFAULT_SET, parentCodeOf, type CampaignContent, type CriteriaSet, type IndexRules, type Criterion, type CriterionKind, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import { formatPoints, pointsToMilli, toFixedUnits } from '../../shared/numbers.js';
import {
  CAMPAIGN_PROPERTIES,
  COLUMNS,
  INDEX_RULE_ROWS,
  KIND_WORDS,
  NOT_APPLICABLE_MARK,
  SHEETS,
  YES_NO_WORDS,
  normalizeLabel,
} from '../../shared/workbook-format.js';
import { IssueList, cellNumber, cellText, columnLabel, findSheet, readTable, type Table } from './sheet-reader.js';
import { readWorkbookFile } from './workbook-file.js';

const MAX_TEXT = 2000;
const NOT_APPLICABLE_LABEL = normalizeLabel(NOT_APPLICABLE_MARK);
/** Longer than any spelling of the mark with the spaces a person may type around it. */
const MARK_MAX_LENGTH = 32;

export function parseCampaignWorkbook(buffer: Uint8Array): CampaignContent {
  const wb = readWorkbookFile(buffer);
  const issues = new IssueList();
  const rows: ContentRows = { criteria: [], bands: [], groups: [], units: [], scores: [], letters: {} };

  const sheetOf = (key: keyof typeof SHEETS, required: boolean): XLSX.WorkSheet | undefined => {
    const s = SHEETS[key];
    const ws = findSheet(wb, [s.name, ...s.aliases]);
    if (!ws && required) issues.add({ sheet: s.name, row: null, column: null, message: `không tìm thấy trang "${s.name}" trong sổ tính.` });
    return ws;
  };

  const meta = readCampaignSheet(sheetOf('campaign', true), issues);
  const named = readSetNames(sheetOf('sets', false), issues, rows);
  const criteria = readCriteria(sheetOf('criteria', true), issues, rows);
  const sets = setsOf(named, criteria);
  const groups = readGroups(sheetOf('groups', true), issues, rows, sets);
  const units = readUnits(sheetOf('units', true), issues, rows);
  const scores = readScores(sheetOf('scores', false), issues, rows);

  const content: CampaignContent = { ...meta, sets, criteria, groups, units, scores };
  if (issues.count === 0) for (const i of validateContent(content, rows)) issues.add(i);
  if (issues.count > 0) {
    const list: ImportIssue[] = [...issues.items];
    if (issues.overflow > 0) list.push({ sheet: '—', row: null, column: null, message: `… và ${issues.overflow} lỗi khác.` });
    throw new AppError('import_invalid', 'workbook.campaignInvalid', { count: issues.count }, list);
  }
  return { ...content, criteria: orderCriteria(criteria, sets.map((x) => x.code)) };
}

/** The optional `Bộ tiêu chí` sheet: each set's code and name, in order. */
function readSetNames(ws: XLSX.WorkSheet | undefined, issues: IssueList, rows: ContentRows): CriteriaSet[] {
  const sheet = SHEETS.sets.name;
  const spec = COLUMNS.sets;
  if (!ws) return [];
  const t = readTable(ws, sheet, spec, issues);
  if (!t) return [];
  rows.letters[sheet] = t.letters;
  rows.sets = [];
  const sets: CriteriaSet[] = [];
  for (const r of t.rows) {
    const code = cellText(ws, r, t.columns.code);
    const name = cellText(ws, r, t.columns.name).slice(0, MAX_TEXT);
    if (code === '') {
      issues.add({ sheet, row: r + 1, column: columnLabel(t, 'code', spec), message: 'thiếu mã bộ tiêu chí.' });
      continue;
    }
    sets.push({ code, name: name || code, position: sets.length + 1 });
    rows.sets.push(r + 1);
  }
  return sets;
}

/**
 * The campaign's sets: those the `Bộ tiêu chí` sheet names, then any other set a criterion names (its code
 * as its name), in the order they first appear; a v1 workbook (no set column) has the one default set.
 */
function setsOf(named: readonly CriteriaSet[], criteria: readonly Criterion[]): CriteriaSet[] {
  const sets = [...named];
  for (const c of criteria) {
    if (!sets.some((s) => s.code === c.setCode)) sets.push({ code: c.setCode, name: c.setCode === DEFAULT_SET.code ? DEFAULT_SET.name : c.setCode, position: sets.length + 1 });
  }
  return sets.length > 0 ? sets : [{ ...DEFAULT_SET }];
}

function readCampaignSheet(ws: XLSX.WorkSheet | undefined, issues: IssueList) {
  const meta = { name: '', year: 0, issuer: '', decisionNo: '', decisionDate: '', indexRules: { ...DEFAULT_INDEX_RULES } as IndexRules };
  const sheet = SHEETS.campaign.name;
  if (!ws) return meta;
  const table = readTable(ws, sheet, COLUMNS.campaign, issues);
  if (!table) return meta;
  const found: Partial<Record<keyof typeof CAMPAIGN_PROPERTIES, number>> = {};
  for (const r of table.rows) {
    const property = normalizeLabel(cellText(ws, r, table.columns.property));
    const key = (Object.keys(CAMPAIGN_PROPERTIES) as Array<keyof typeof CAMPAIGN_PROPERTIES>).find((k) =>
      CAMPAIGN_PROPERTIES[k].some((label) => normalizeLabel(label) === property),
    );
    if (!key) {
      readIndexRule(ws, table, r, property, meta.indexRules, issues);
      continue;
    }
    found[key] = r;
    const valueColumn = columnLabel(table, 'value', COLUMNS.campaign);
    if (key === 'year') {
      const n = cellNumber(ws, r, table.columns.value);
      if (!n.ok || n.value === null || !Number.isInteger(n.value) || n.value < 2000 || n.value > 2100) {
        issues.add({ sheet, row: r + 1, column: valueColumn, message: `năm đánh giá phải là số nguyên từ 2000 đến 2100 (đang là "${n.text}").` });
      } else meta.year = n.value;
    } else if (key === 'decisionDate') {
      const text = cellDate(ws, r, table.columns.value);
      if (text === null) issues.add({ sheet, row: r + 1, column: valueColumn, message: 'ngày quyết định phải có dạng dd/mm/yyyy hoặc yyyy-mm-dd.' });
      else meta.decisionDate = text;
    } else {
      meta[key] = cellText(ws, r, table.columns.value).slice(0, MAX_TEXT);
    }
  }
  if (found.name === undefined || meta.name === '') issues.add({ sheet, row: null, column: null, message: 'thiếu dòng "Tên" (tên đợt đánh giá).' });
  if (found.year === undefined) issues.add({ sheet, row: null, column: null, message: 'thiếu dòng "Năm" (năm đánh giá).' });
  return meta;
}

/** One of the optional index-rule rows, if row r is one: its value must be one of the row's words. */
function readIndexRule(ws: XLSX.WorkSheet, table: Table<keyof typeof COLUMNS.campaign>, r: number, property: string, rules: IndexRules, issues: IssueList): void {
  const rule = (Object.keys(INDEX_RULE_ROWS) as Array<keyof typeof INDEX_RULE_ROWS>).find((k) =>
    INDEX_RULE_ROWS[k].labels.some((label) => normalizeLabel(label) === property),
  );
  if (!rule) return;
  const spec = INDEX_RULE_ROWS[rule];
  const text = cellText(ws, r, table.columns.value);
  const word = normalizeLabel(text).replace(/\s*-\s*/g, '-');
  const match = spec.words.find(([w]) => w === word);
  if (!match) {
    issues.add({
      sheet: SHEETS.campaign.name, row: r + 1, column: columnLabel(table, 'value', COLUMNS.campaign),
      message: `"${spec.labels[0]}" phải là ${spec.words.map(([w]) => `"${w}"`).join(' hoặc ')} (đang là "${text}").`,
    });
    return;
  }
  if (rule === 'capIndex') rules.capIndex = match[1] === true;
  else rules.tieRanking = match[1] === 'dense' ? 'dense' : 'competition';
}

function cellDate(ws: XLSX.WorkSheet, r: number, c: number): string | null {
  const n = cellNumber(ws, r, c);
  if (n.ok && n.value !== null) {
    const d = XLSX.SSF.parse_date_code(n.value);
    if (!d || !d.y) return null;
    return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  }
  const text = cellText(ws, r, c);
  if (text === '') return '';
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return null;
}

function readCriteria(ws: XLSX.WorkSheet | undefined, issues: IssueList, rows: ContentRows): Criterion[] {
  const sheet = SHEETS.criteria.name;
  const spec = COLUMNS.criteria;
  if (!ws) return [];
  const t = readTable(ws, sheet, spec, issues);
  if (!t) return [];
  rows.letters[sheet] = t.letters;
  const out: Criterion[] = [];
  const explicitKind = new Map<string, CriterionKind | null>();
  const v2 = t.columns.set >= 0;
  for (const r of t.rows) {
    const setCode = v2 ? cellText(ws, r, t.columns.set) : DEFAULT_SET.code;
    const code = cellText(ws, r, t.columns.code);
    const name = cellText(ws, r, t.columns.name).slice(0, MAX_TEXT);
    const row = r + 1;
    let ok = true;
    if (setCode === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'set', spec), message: 'thiếu mã bộ tiêu chí.' });
      ok = false;
    }
    if (!CRITERION_CODE_PATTERN.test(code)) {
      issues.add({ sheet, row, column: columnLabel(t, 'code', spec), message: `mã tiêu chí "${code}" không hợp lệ (dạng 1, 1.1, 1.1.1).` });
      ok = false;
    }
    if (name === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'name', spec), message: 'thiếu tên tiêu chí.' });
      ok = false;
    }
    const max = cellNumber(ws, r, t.columns.max);
    const maxMilli = max.ok && max.value !== null ? pointsToMilli(max.value) : null;
    if (!max.ok || max.value === null || maxMilli === null || maxMilli < 0) {
      issues.add({
        sheet,
        row,
        column: columnLabel(t, 'max', spec),
        message: !max.ok
          ? `"${max.text}" không phải là số (điểm tối đa).`
          : max.value === null
            ? 'thiếu điểm tối đa.'
            : `điểm tối đa "${max.text}" phải là số không âm, tối đa 3 chữ số thập phân.`,
      });
      ok = false;
    }
    const kindText = cellText(ws, r, t.columns.kind);
    let kind: CriterionKind | null = null;
    if (kindText !== '') {
      kind = KIND_WORDS[normalizeLabel(kindText)] ?? null;
      if (kind === null) {
        issues.add({ sheet, row, column: columnLabel(t, 'kind', spec), message: `loại "${kindText}" không hợp lệ (thẩm định, điều tra, thưởng, trừ).` });
        ok = false;
      }
    }
    const naText = cellText(ws, r, t.columns.naAllowed);
    const naWord = normalizeLabel(naText);
    const naAllowed = naWord === '' || (YES_NO_WORDS.yes as readonly string[]).includes(naWord) ? true : (YES_NO_WORDS.no as readonly string[]).includes(naWord) ? false : null;
    if (naAllowed === null) {
      issues.add({ sheet, row, column: columnLabel(t, 'naAllowed', spec), message: `"${spec.naAllowed.header}" phải là "có" hoặc "không" (để trống là "có"), đang là "${naText}".` });
      ok = false;
    }
    if (!ok) continue;
    explicitKind.set(`${setCode}\u0000${code}`, kind);
    rows.criteria.push(row);
    out.push({
      setCode,
      code,
      parentCode: parentCodeOf(code),
      name,
      maxMilli: maxMilli ?? 0,
      kind: kind ?? 'appraised',
      rule: cellText(ws, r, t.columns.rule).slice(0, MAX_TEXT),
      position: out.length + 1,
      ...(naAllowed === false ? { naAllowed: false } : {}),
    });
  }
  // A blank kind inherits the parent's (resolved top-down); a root without one is appraised.
  // Kinds resolve within the criterion's own set.
  const resolved = new Map<string, CriterionKind>();
  const resolve = (setCode: string, code: string, depth = 0): CriterionKind => {
    const key = `${setCode}\u0000${code}`;
    const known = resolved.get(key);
    if (known) return known;
    const own = explicitKind.get(key);
    const parent = parentCodeOf(code);
    const kind = own ?? (parent !== null && explicitKind.has(`${setCode}\u0000${parent}`) && depth < 50 ? resolve(setCode, parent, depth + 1) : 'appraised');
    resolved.set(key, kind);
    return kind;
  };
  return out.map((c) => ({ ...c, kind: resolve(c.setCode, c.code) }));
}

function readGroups(ws: XLSX.WorkSheet | undefined, issues: IssueList, rows: ContentRows, sets: readonly CriteriaSet[]): UnitGroup[] {
  const sheet = SHEETS.groups.name;
  const spec = COLUMNS.groups;
  if (!ws) return [];
  const t = readTable(ws, sheet, spec, issues);
  if (!t) return [];
  rows.letters[sheet] = t.letters;
  const groups: UnitGroup[] = [];
  const index = new Map<string, number>();
  // Without the column (v1) every group is scored under the campaign's only set; with several sets the
  // column is needed, since nothing else says which set a group's units are scored under.
  const v2 = t.columns.set >= 0;
  if (!v2 && sets.length > 1) {
    issues.add({ sheet, row: null, column: spec.set.header, message: `đợt có ${sets.length} bộ tiêu chí: thêm cột "${spec.set.header}" ghi bộ tiêu chí của từng nhóm.` });
  }
  for (const r of t.rows) {
    const row = r + 1;
    const code = cellText(ws, r, t.columns.group);
    const name = cellText(ws, r, t.columns.groupName).slice(0, MAX_TEXT);
    const setCode = v2 ? cellText(ws, r, t.columns.set) : (sets[0]?.code ?? DEFAULT_SET.code);
    if (code === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'group', spec), message: 'thiếu mã nhóm.' });
      continue;
    }
    let gi = index.get(code);
    if (gi === undefined) {
      if (name === '') issues.add({ sheet, row, column: columnLabel(t, 'groupName', spec), message: `thiếu tên nhóm "${code}".` });
      if (setCode === '') issues.add({ sheet, row, column: columnLabel(t, 'set', spec), message: `thiếu bộ tiêu chí của nhóm "${code}".` });
      const rankedText = normalizeLabel(cellText(ws, r, t.columns.ranked));
      gi = groups.length;
      index.set(code, gi);
      groups.push({ code, name: name || code, setCode, ranked: !['không', 'no', 'false', '0'].includes(rankedText), position: gi + 1, bands: [] });
      rows.groups.push(row);
      rows.bands.push([]);
    } else if (name !== '' && name !== groups[gi]!.name) {
      issues.add({ sheet, row, column: columnLabel(t, 'groupName', spec), message: `nhóm "${code}" đã có tên "${groups[gi]!.name}" ở dòng ${rows.groups[gi]}.` });
    } else if (v2 && setCode !== '' && setCode !== groups[gi]!.setCode) {
      issues.add({ sheet, row, column: columnLabel(t, 'set', spec), message: `nhóm "${code}" đã được chấm theo bộ tiêu chí "${groups[gi]!.setCode}" ở dòng ${rows.groups[gi]}.` });
    }
    const label = cellText(ws, r, t.columns.band).slice(0, 200);
    const from = cellNumber(ws, r, t.columns.from, true);
    if (label === '' && from.ok && from.value === null) continue;
    if (label === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'band', spec), message: 'thiếu tên xếp loại.' });
      continue;
    }
    const hundredths = from.ok && from.value !== null ? toFixedUnits(from.value, 2) : null;
    if (!from.ok || hundredths === null || hundredths < 0 || hundredths > 10000) {
      issues.add({
        sheet,
        row,
        column: columnLabel(t, 'from', spec),
        message: !from.ok ? `"${from.text}" không phải là số (ngưỡng %).` : from.value === null ? 'thiếu ngưỡng "Từ (%)".' : `ngưỡng "${from.text}" phải từ 0 đến 100, tối đa 2 chữ số thập phân.`,
      });
      continue;
    }
    groups[gi]!.bands.push({ label, fromHundredths: hundredths });
    rows.bands[gi]!.push(row);
  }
  return groups;
}

function readUnits(ws: XLSX.WorkSheet | undefined, issues: IssueList, rows: ContentRows): Unit[] {
  const sheet = SHEETS.units.name;
  const spec = COLUMNS.units;
  if (!ws) return [];
  const t = readTable(ws, sheet, spec, issues);
  if (!t) return [];
  rows.letters[sheet] = t.letters;
  const units: Unit[] = [];
  for (const r of t.rows) {
    const row = r + 1;
    const code = cellText(ws, r, t.columns.code).slice(0, 64);
    const name = cellText(ws, r, t.columns.name).slice(0, MAX_TEXT);
    const groupCode = cellText(ws, r, t.columns.group);
    let ok = true;
    for (const [value, key] of [[code, 'code'], [name, 'name'], [groupCode, 'group']] as const) {
      if (value === '') {
        issues.add({ sheet, row, column: columnLabel(t, key, spec), message: `thiếu ${key === 'code' ? 'mã đơn vị' : key === 'name' ? 'tên đơn vị' : 'mã nhóm'}.` });
        ok = false;
      }
    }
    if (!ok) continue;
    units.push({ code, name, groupCode, position: units.length + 1 });
    rows.units.push(row);
  }
  return units;
}

function readScores(
  ws: XLSX.WorkSheet | undefined,
  issues: IssueList,
  rows: ContentRows,
): ScoreEntry[] {
  const sheet = SHEETS.scores.name;
  const spec = COLUMNS.scores;
  if (!ws) return [];
  const t: Table<keyof typeof spec> | null = readTable(ws, sheet, spec, issues);
  if (!t) return [];
  rows.letters[sheet] = t.letters;
  const scores: ScoreEntry[] = [];
  for (const r of t.rows) {
    const row = r + 1;
    const unitCode = cellText(ws, r, t.columns.unit);
    const criterionCode = cellText(ws, r, t.columns.criterion);
    let ok = true;
    if (unitCode === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'unit', spec), message: 'thiếu mã đơn vị.' });
      ok = false;
    }
    if (criterionCode === '') {
      issues.add({ sheet, row, column: columnLabel(t, 'criterion', spec), message: 'thiếu mã tiêu chí.' });
      ok = false;
    }
    const points = readPoints(ws, r, t.columns.final, true);
    const self = readPoints(ws, r, t.columns.self, false);
    for (const [p, key] of [[points, 'final'], [self, 'self']] as const) {
      if (p.error) {
        issues.add({ sheet, row, column: columnLabel(t, key, spec), message: p.error });
        ok = false;
      }
    }
    if (!ok) continue;
    // Bonus and penalty maxima are caps: an excess is kept as entered and capped when totals are computed.
    scores.push({
      unitCode,
      criterionCode,
      selfMilli: self.milli,
      pointsMilli: points.milli,
      notApplicable: points.notApplicable,
      note: cellText(ws, r, t.columns.note).slice(0, MAX_TEXT),
      ...(t.columns.explanation >= 0 && cellText(ws, r, t.columns.explanation) !== ''
        ? { explanation: cellText(ws, r, t.columns.explanation).slice(0, MAX_TEXT) }
        : {}),
    });
    rows.scores.push(row);
  }
  return scores;
}

function readPoints(
  ws: XLSX.WorkSheet,
  r: number,
  c: number,
  allowNotApplicable: boolean,
): { milli: number | null; notApplicable: boolean; error?: string } {
  const text = cellText(ws, r, c);
  // Only a short text can be the mark: the numbers of a 300,000-cell sheet skip the Unicode normalisation.
  if (allowNotApplicable && text.length <= MARK_MAX_LENGTH && normalizeLabel(text) === NOT_APPLICABLE_LABEL) return { milli: null, notApplicable: true };
  const n = cellNumber(ws, r, c);
  if (!n.ok) {
    return { milli: null, notApplicable: false, error: `"${n.text}" không phải là số${allowNotApplicable ? ' (ghi số điểm, hoặc KAD nếu không áp dụng)' : ''}.` };
  }
  if (n.value === null) return { milli: null, notApplicable: false };
  const milli = pointsToMilli(n.value);
  if (milli === null) return { milli: null, notApplicable: false, error: `điểm "${n.text}" có quá 3 chữ số thập phân.` };
  if (milli < 0) return { milli: null, notApplicable: false, error: `điểm không được âm (${formatPoints(milli)}).` };
  return { milli, notApplicable: false };
}
