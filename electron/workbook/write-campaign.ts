// Writes a campaign workbook v2 (criteria sets): the same sheets and headers the reader accepts, so export → import
// gives the same campaign and the same ranking.

import * as XLSX from 'xlsx';
import type { CampaignContent } from '../../shared/domain.js';
import { milliToNumber } from '../../shared/numbers.js';
import { DEFAULT_INDEX_RULES } from '../../shared/domain.js';
import { COLUMNS, INDEX_RULE_ROWS, KIND_LABELS, NOT_APPLICABLE_MARK, SHEETS, YES_NO_WORDS } from '../../shared/workbook-format.js';

type Cell = string | number | null;

function sheet(rows: Cell[][], widths: number[]): XLSX.WorkSheet {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

export function writeCampaignWorkbook(content: CampaignContent): Buffer {
  const wb = XLSX.utils.book_new();
  const rules = content.indexRules ?? DEFAULT_INDEX_RULES;
  const wordOf = <V>(words: ReadonlyArray<readonly [string, V]>, value: V): string => words.find(([, v]) => v === value)![0];
  const P = COLUMNS.campaign;
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        [P.property.header, P.value.header],
        ['Tên', content.name],
        ['Năm', content.year],
        ['Cơ quan', content.issuer],
        ['Số quyết định', content.decisionNo],
        ['Ngày quyết định', content.decisionDate],
        [INDEX_RULE_ROWS.capIndex.labels[0], wordOf(INDEX_RULE_ROWS.capIndex.words, rules.capIndex)],
        [INDEX_RULE_ROWS.tieRanking.labels[0], wordOf(INDEX_RULE_ROWS.tieRanking.words, rules.tieRanking)],
      ],
      [24, 70],
    ),
    SHEETS.campaign.name,
  );

  const C = COLUMNS.criteria;
  // `Cho phép KAD` only when some node refuses it: every other workbook keeps the columns it always had.
  const naColumn = content.criteria.some((c) => c.naAllowed === false);
  const naCell = (allowed: boolean | undefined): Cell[] => (naColumn ? [allowed === false ? YES_NO_WORDS.no[0] : YES_NO_WORDS.yes[0]] : []);
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        [C.set.header, C.code.header, C.name.header, C.max.header, C.kind.header, C.rule.header, ...(naColumn ? [C.naAllowed.header] : [])],
        ...content.criteria.map((c): Cell[] => [c.setCode, c.code, c.name, milliToNumber(c.maxMilli), KIND_LABELS[c.kind], c.rule, ...naCell(c.naAllowed)]),
      ],
      [12, 10, 80, 12, 12, 40, ...(naColumn ? [14] : [])],
    ),
    SHEETS.criteria.name,
  );

  const G = COLUMNS.groups;
  const groupRows: Cell[][] = [[G.group.header, G.groupName.header, G.set.header, G.band.header, G.from.header, G.ranked.header]];
  for (const g of content.groups) {
    const ranked = g.ranked ? 'có' : 'không';
    if (g.bands.length === 0) groupRows.push([g.code, g.name, g.setCode, null, null, ranked]);
    const bands = [...g.bands].sort((a, b) => b.fromHundredths - a.fromHundredths);
    for (const b of bands) groupRows.push([g.code, g.name, g.setCode, b.label, b.fromHundredths / 100, ranked]);
  }
  XLSX.utils.book_append_sheet(wb, sheet(groupRows, [12, 40, 12, 20, 10, 10]), SHEETS.groups.name);

  const B = COLUMNS.sets;
  XLSX.utils.book_append_sheet(
    wb,
    sheet([[B.code.header, B.name.header], ...[...content.sets].sort((a, b) => a.position - b.position).map((x): Cell[] => [x.code, x.name])], [12, 60]),
    SHEETS.sets.name,
  );

  const U = COLUMNS.units;
  XLSX.utils.book_append_sheet(
    wb,
    sheet([[U.code.header, U.name.header, U.group.header], ...content.units.map((u): Cell[] => [u.code, u.name, u.groupCode])], [12, 50, 12]),
    SHEETS.units.name,
  );

  const S = COLUMNS.scores;
  const scoreRows: Cell[][] = [[S.unit.header, S.criterion.header, S.self.header, S.final.header, S.note.header, S.explanation.header]];
  for (const s of content.scores) {
    if (s.selfMilli === null && s.pointsMilli === null && !s.notApplicable && s.note === '' && !s.explanation) continue;
    scoreRows.push([
      s.unitCode,
      s.criterionCode,
      s.selfMilli === null ? null : milliToNumber(s.selfMilli),
      s.notApplicable ? NOT_APPLICABLE_MARK : s.pointsMilli === null ? null : milliToNumber(s.pointsMilli),
      s.note === '' ? null : s.note,
      s.explanation ? s.explanation : null,
    ]);
  }
  XLSX.utils.book_append_sheet(wb, sheet(scoreRows, [14, 14, 12, 12, 40, 40]), SHEETS.scores.name);

  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
