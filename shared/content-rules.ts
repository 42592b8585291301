// The rules every campaign's content must satisfy, wherever it comes from (a workbook, the bundled
// demo, a package). Each problem is located so the user can find it in the spreadsheet.

import { compareCodes, isMeasured, parentCodeOf, SET_CODE_PATTERN, type CampaignContent, type Criterion } from './domain.js';
import type { ImportIssue } from './errors.js';
import { formatIndex, formatPoints } from './numbers.js';
import { checkScore, parseRule } from './rules.js';
import { COLUMNS, SHEETS } from './workbook-format.js';

/** Spreadsheet rows of each entity, parallel to the content's arrays; absent for content not read from a file. */
export interface ContentRows {
  /** Rows of the optional `Bộ tiêu chí` sheet, parallel to `sets` (absent when the sets came from the other sheets). */
  sets?: number[];
  criteria: number[];
  bands: number[][];
  groups: number[];
  units: number[];
  scores: number[];
  /** Column letters by header, per sheet. */
  letters: Record<string, Record<string, string>>;
}

export function validateContent(content: CampaignContent, rows?: ContentRows): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const at = (sheet: string, rowList: number[] | undefined, i: number, header: string | null, message: string) => {
    const letter = header === null ? undefined : rows?.letters[sheet]?.[header];
    issues.push({
      sheet,
      row: rowList?.[i] ?? null,
      column: header === null ? null : letter ? `${letter} (${header})` : header,
      message,
    });
  };

  // Sets: unique codes of a safe form, each with criteria.
  const setSheet = SHEETS.sets.name;
  const setCodes = new Set<string>();
  content.sets.forEach((set, i) => {
    if (!SET_CODE_PATTERN.test(set.code)) at(setSheet, rows?.sets, i, COLUMNS.sets.code.header, `mã bộ tiêu chí "${set.code}" không hợp lệ (chữ, số, "-" hoặc "_", tối đa 20 ký tự).`);
    if (setCodes.has(set.code)) at(setSheet, rows?.sets, i, COLUMNS.sets.code.header, `mã bộ tiêu chí "${set.code}" bị trùng.`);
    setCodes.add(set.code);
  });
  if (content.sets.length === 0) at(setSheet, undefined, 0, null, 'chưa có bộ tiêu chí nào.');

  // Criteria, set by set: unique codes, parents present, measured parents' max = sum of measured children.
  // A code is unique within its set; the same code may mean another criterion in another set.
  const cSheet = SHEETS.criteria.name;
  const C = COLUMNS.criteria;
  const key = (setCode: string, code: string) => `${setCode}\u0000${code}`;
  const byCode = new Map<string, number>();
  const setsOfCode = new Map<string, string[]>();
  content.criteria.forEach((c, i) => {
    if (!setCodes.has(c.setCode)) {
      at(cSheet, rows?.criteria, i, C.set.header, `bộ tiêu chí "${c.setCode}" không có trong danh sách bộ tiêu chí của đợt.`);
    }
    const k = key(c.setCode, c.code);
    if (byCode.has(k)) {
      at(cSheet, rows?.criteria, i, C.code.header, `mã tiêu chí "${c.code}" bị trùng trong bộ "${c.setCode}" (đã có ở dòng ${rows?.criteria[byCode.get(k) ?? 0] ?? '?'}).`);
      return;
    }
    byCode.set(k, i);
    setsOfCode.set(c.code, [...(setsOfCode.get(c.code) ?? []), c.setCode]);
  });
  const childrenMax = new Map<string, number>();
  const hasChildren = new Set<string>();
  content.criteria.forEach((c, i) => {
    const parent = parentCodeOf(c.code);
    if (parent === null) return;
    const pi = byCode.get(key(c.setCode, parent));
    if (pi === undefined) {
      at(cSheet, rows?.criteria, i, C.code.header, `tiêu chí "${c.code}" không có tiêu chí cha "${parent}" trong bộ "${c.setCode}".`);
      return;
    }
    hasChildren.add(key(c.setCode, parent));
    if (isMeasured(c.kind)) childrenMax.set(key(c.setCode, parent), (childrenMax.get(key(c.setCode, parent)) ?? 0) + c.maxMilli);
  });
  content.criteria.forEach((c, i) => {
    const k = key(c.setCode, c.code);
    if (byCode.get(k) !== i || !hasChildren.has(k) || !isMeasured(c.kind)) return;
    const sum = childrenMax.get(k) ?? 0;
    if (sum !== c.maxMilli) {
      at(cSheet, rows?.criteria, i, C.max.header,
        `điểm tối đa của "${c.code}" là ${formatPoints(c.maxMilli)} nhưng tổng điểm tối đa các tiêu chí con là ${formatPoints(sum)}.`);
    }
  });
  content.criteria.forEach((c, i) => {
    if (c.rule === '' || hasChildren.has(key(c.setCode, c.code))) return;
    const parsed = parseRule(c.rule, c.maxMilli);
    if (!parsed.ok) at(cSheet, rows?.criteria, i, C.rule.header, parsed.message);
  });
  if (content.criteria.length === 0) at(cSheet, undefined, 0, null, 'chưa có tiêu chí nào.');
  for (const set of content.sets) {
    if (content.criteria.length > 0 && !content.criteria.some((c) => c.setCode === set.code)) {
      at(cSheet, undefined, 0, null, `bộ tiêu chí "${set.code}" chưa có tiêu chí nào.`);
    }
  }

  // Groups and bands: unique group codes; within a group, no two bands with the same lower bound or label.
  const gSheet = SHEETS.groups.name;
  const G = COLUMNS.groups;
  const groupCodes = new Set<string>();
  content.groups.forEach((g, gi) => {
    if (groupCodes.has(g.code)) at(gSheet, rows?.groups, gi, G.group.header, `mã nhóm "${g.code}" bị trùng.`);
    groupCodes.add(g.code);
    if (!setCodes.has(g.setCode)) at(gSheet, rows?.groups, gi, G.set.header, `bộ tiêu chí "${g.setCode}" của nhóm "${g.code}" không có trong danh sách bộ tiêu chí của đợt.`);
    const froms = new Map<number, string>();
    const labels = new Set<string>();
    g.bands.forEach((b, bi) => {
      const bandRows = rows?.bands[gi];
      if (b.fromHundredths < 0 || b.fromHundredths > 10000) {
        at(gSheet, bandRows, bi, G.from.header, `ngưỡng ${formatIndex(b.fromHundredths)}% nằm ngoài khoảng 0–100%.`);
      }
      const clash = froms.get(b.fromHundredths);
      if (clash !== undefined) {
        at(gSheet, bandRows, bi, G.from.header,
          `xếp loại "${b.label}" và "${clash}" của nhóm "${g.code}" chồng lấn nhau: cùng ngưỡng từ ${formatIndex(b.fromHundredths)}%.`);
      }
      froms.set(b.fromHundredths, b.label);
      if (labels.has(b.label)) at(gSheet, bandRows, bi, G.band.header, `xếp loại "${b.label}" lặp lại trong nhóm "${g.code}".`);
      labels.add(b.label);
    });
  });
  if (content.groups.length === 0) at(gSheet, undefined, 0, null, 'chưa có nhóm đơn vị nào.');

  // Units: unique codes in a known group.
  const uSheet = SHEETS.units.name;
  const U = COLUMNS.units;
  const unitCodes = new Set<string>();
  const setOfGroup = new Map(content.groups.map((g) => [g.code, g.setCode]));
  const setOfUnit = new Map<string, string | undefined>();
  content.units.forEach((u, i) => {
    if (unitCodes.has(u.code)) at(uSheet, rows?.units, i, U.code.header, `mã đơn vị "${u.code}" bị trùng.`);
    unitCodes.add(u.code);
    if (!setOfUnit.has(u.code)) setOfUnit.set(u.code, setOfGroup.get(u.groupCode));
    if (!groupCodes.has(u.groupCode)) at(uSheet, rows?.units, i, U.group.header, `nhóm "${u.groupCode}" không có trong trang "${gSheet}".`);
  });

  // Scores: known unit and criterion, once per pair, numbers only on leaves and within 0..max.
  const sSheet = SHEETS.scores.name;
  const S = COLUMNS.scores;
  // Duplicates are marked per unit in a byte per criterion: a string key per score (300,000 of them for
  // 3,000 units) made this check a large share of a workbook import.
  const seen = new Map<string, Uint8Array>();
  const isLeaf = content.criteria.map((c) => !hasChildren.has(key(c.setCode, c.code)));
  const check = (i: number, c: Criterion, leaf: boolean, value: number | null, header: string) => {
    if (value === null) return;
    if (!leaf) {
      at(sSheet, rows?.scores, i, header, `"${c.code}" có tiêu chí con: chỉ nhập điểm ở tiêu chí thành phần (hoặc ghi KAD nếu không áp dụng).`);
    } else if (value < 0) {
      at(sSheet, rows?.scores, i, header, `điểm không được âm (${formatPoints(value)}).`);
    } else if (isMeasured(c.kind) && value > c.maxMilli) {
      at(sSheet, rows?.scores, i, header,
        `điểm ${formatPoints(value)} vượt quá điểm tối đa ${formatPoints(c.maxMilli)} của tiêu chí "${c.code}".`);
    } else if (header === S.final.header) {
      // A final score obeys the leaf's rule on every path; a unit's own self-score is kept as the unit wrote it.
      const problem = checkScore(c, value);
      if (problem !== null) at(sSheet, rows?.scores, i, header, problem);
    }
  };
  content.scores.forEach((s, i) => {
    if (!unitCodes.has(s.unitCode)) {
      at(sSheet, rows?.scores, i, S.unit.header, `đơn vị "${s.unitCode}" không có trong trang "${uSheet}".`);
      return;
    }
    // The code is read in the unit's own set: a code of another set only is refused, naming both.
    const unitSet = setOfUnit.get(s.unitCode);
    const ci = unitSet === undefined ? undefined : byCode.get(key(unitSet, s.criterionCode));
    if (ci === undefined) {
      const elsewhere = setsOfCode.get(s.criterionCode);
      if (unitSet !== undefined && elsewhere) {
        at(sSheet, rows?.scores, i, S.criterion.header,
          `tiêu chí "${s.criterionCode}" không có trong bộ tiêu chí "${unitSet}" mà đơn vị "${s.unitCode}" được chấm (chỉ có trong bộ ${elsewhere.map((x) => `"${x}"`).join(', ')}).`);
      } else if (unitSet !== undefined) {
        at(sSheet, rows?.scores, i, S.criterion.header, `tiêu chí "${s.criterionCode}" không có trong trang "${cSheet}".`);
      }
      return;
    }
    let marks = seen.get(s.unitCode);
    if (!marks) seen.set(s.unitCode, (marks = new Uint8Array(content.criteria.length)));
    if (marks[ci] === 1) at(sSheet, rows?.scores, i, null, `điểm của đơn vị "${s.unitCode}" ở tiêu chí "${s.criterionCode}" đã có ở một dòng khác.`);
    marks[ci] = 1;
    const c = content.criteria[ci];
    if (!c) return;
    check(i, c, isLeaf[ci]!, s.pointsMilli, S.final.header);
    check(i, c, isLeaf[ci]!, s.selfMilli, S.self.header);
  });
  return issues;
}

/** Criteria in display order (set by set in the order given, numeric code order within), positions renumbered. */
export function orderCriteria<T extends { setCode: string; code: string; position: number }>(criteria: readonly T[], setOrder: readonly string[] = []): T[] {
  const rank = (set: string) => {
    const i = setOrder.indexOf(set);
    return i < 0 ? setOrder.length : i;
  };
  return [...criteria].sort((a, b) => rank(a.setCode) - rank(b.setCode) || compareCodes(a.code, b.code)).map((c, i) => ({ ...c, position: i + 1 }));
}
