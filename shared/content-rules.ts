// The rules every campaign's content must satisfy, wherever it comes from (a workbook, the bundled
// demo, a package). Each problem is located so the user can find it in the spreadsheet.

import { compareCodes, isMeasured, parentCodeOf, type CampaignContent, type Criterion } from './domain.js';
import type { ImportIssue } from './errors.js';
import { formatIndex, formatPoints } from './numbers.js';
import { checkScore, parseRule } from './rules.js';
import { COLUMNS, SHEETS } from './workbook-format.js';

/** Spreadsheet rows of each entity, parallel to the content's arrays; absent for content not read from a file. */
export interface ContentRows {
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

  // Criteria: unique codes, parents present, measured parents' max = sum of measured children.
  const cSheet = SHEETS.criteria.name;
  const C = COLUMNS.criteria;
  const byCode = new Map<string, number>();
  content.criteria.forEach((c, i) => {
    if (byCode.has(c.code)) at(cSheet, rows?.criteria, i, C.code.header, `mã tiêu chí "${c.code}" bị trùng (đã có ở dòng ${rows?.criteria[byCode.get(c.code) ?? 0] ?? '?'}).`);
    else byCode.set(c.code, i);
  });
  const childrenMax = new Map<string, number>();
  const hasChildren = new Set<string>();
  content.criteria.forEach((c, i) => {
    const parent = parentCodeOf(c.code);
    if (parent === null) return;
    const pi = byCode.get(parent);
    if (pi === undefined) {
      at(cSheet, rows?.criteria, i, C.code.header, `tiêu chí "${c.code}" không có tiêu chí cha "${parent}".`);
      return;
    }
    hasChildren.add(parent);
    if (isMeasured(c.kind)) childrenMax.set(parent, (childrenMax.get(parent) ?? 0) + c.maxMilli);
  });
  content.criteria.forEach((c, i) => {
    if (byCode.get(c.code) !== i || !hasChildren.has(c.code) || !isMeasured(c.kind)) return;
    const sum = childrenMax.get(c.code) ?? 0;
    if (sum !== c.maxMilli) {
      at(cSheet, rows?.criteria, i, C.max.header,
        `điểm tối đa của "${c.code}" là ${formatPoints(c.maxMilli)} nhưng tổng điểm tối đa các tiêu chí con là ${formatPoints(sum)}.`);
    }
  });
  content.criteria.forEach((c, i) => {
    if (c.rule === '' || hasChildren.has(c.code)) return;
    const parsed = parseRule(c.rule, c.maxMilli);
    if (!parsed.ok) at(cSheet, rows?.criteria, i, C.rule.header, parsed.message);
  });
  if (content.criteria.length === 0) at(cSheet, undefined, 0, null, 'chưa có tiêu chí nào.');

  // Groups and bands: unique group codes; within a group, no two bands with the same lower bound or label.
  const gSheet = SHEETS.groups.name;
  const G = COLUMNS.groups;
  const groupCodes = new Set<string>();
  content.groups.forEach((g, gi) => {
    if (groupCodes.has(g.code)) at(gSheet, rows?.groups, gi, G.group.header, `mã nhóm "${g.code}" bị trùng.`);
    groupCodes.add(g.code);
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
  content.units.forEach((u, i) => {
    if (unitCodes.has(u.code)) at(uSheet, rows?.units, i, U.code.header, `mã đơn vị "${u.code}" bị trùng.`);
    unitCodes.add(u.code);
    if (!groupCodes.has(u.groupCode)) at(uSheet, rows?.units, i, U.group.header, `nhóm "${u.groupCode}" không có trong trang "${gSheet}".`);
  });

  // Scores: known unit and criterion, once per pair, numbers only on leaves and within 0..max.
  const sSheet = SHEETS.scores.name;
  const S = COLUMNS.scores;
  // Duplicates are marked per unit in a byte per criterion: a string key per score (300,000 of them for
  // 3,000 units) made this check a large share of a workbook import.
  const seen = new Map<string, Uint8Array>();
  const isLeaf = content.criteria.map((c) => !hasChildren.has(c.code));
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
    if (!unitCodes.has(s.unitCode)) at(sSheet, rows?.scores, i, S.unit.header, `đơn vị "${s.unitCode}" không có trong trang "${uSheet}".`);
    const ci = byCode.get(s.criterionCode);
    if (ci === undefined) {
      at(sSheet, rows?.scores, i, S.criterion.header, `tiêu chí "${s.criterionCode}" không có trong trang "${cSheet}".`);
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

/** Criteria in display order (numeric code order), positions renumbered. */
export function orderCriteria<T extends { code: string; position: number }>(criteria: readonly T[]): T[] {
  return [...criteria].sort((a, b) => compareCodes(a.code, b.code)).map((c, i) => ({ ...c, position: i + 1 }));
}
