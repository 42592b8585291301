// Builds the annex model from the services: ranking (I), component indices (II), per-unit sheets (III).
// Phụ lục III is lazy: a unit's sheet is read from the services when a writer reaches it (see AnnexUnits).

import { completenessOf, type Ranking } from '../../shared/calc.js';
import type { Campaign } from '../../shared/domain.js';
import type { Services } from '../core/app.js';
import { DRAFT_MARK, lazyAnnexUnits, type Annex, type AnnexHeading, type AnnexNumber, type AnnexSet, type AnnexUnit, type AnnexUnitEntry, type UnitSheetRow } from './model.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export interface DecisionInfo {
  decisionNo: string;
  /** yyyy-mm-dd or '' */
  decisionDate: string;
  issuer: string;
}

export function decisionLine(d: DecisionInfo): string {
  const no = d.decisionNo.trim() || '……/QĐ-UBND';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.decisionDate);
  const date = m ? `ngày ${m[3]} tháng ${m[2]} năm ${m[1]}` : 'ngày …… tháng …… năm ……';
  const issuer = d.issuer.trim();
  return `(Kèm theo Quyết định số ${no} ${date}${issuer ? ` của ${issuer}` : ''})`;
}

/** Each annex's title as its heading prints it; the draft decision lists them in Điều 1. */
export const TITLES: Record<AnnexNumber, (year: number) => string> = {
  I: (y) => `KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y}`,
  II: (y) => `CHỈ SỐ THÀNH PHẦN THEO LĨNH VỰC CỦA CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y}`,
  III: (y) => `KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y} CỦA TỪNG ĐƠN VỊ`,
};

function heading(n: AnnexNumber, year: number, d: DecisionInfo, draft: boolean): AnnexHeading {
  return { label: `PHỤ LỤC ${n}`, title: TITLES[n](year), decisionLine: decisionLine(d), draftLine: draft ? DRAFT_LINE : null };
}

export const DRAFT_LINE = `${DRAFT_MARK} — KẾT QUẢ TẠM TÍNH (đợt đánh giá chưa chốt kết quả)`;

/** What keeps the results provisional, one line each, in Vietnamese: for the export's warning. */
export function missingLines(ranking: Ranking): string[] {
  const c = completenessOf(ranking);
  const lines: string[] = [];
  if (c.unappraised.length > 0) {
    lines.push(`${c.unappraised.length} đơn vị chưa thẩm định (chưa có điểm chính thức nào, không xếp hạng): ${c.unappraised.map((u) => u.unitName).join(', ')}.`);
  }
  if (c.missingCells > 0) {
    const some = c.unitsWithMissing.slice(0, 10).map((u) => `${u.unitName}: ${u.missingLeaves}`).join('; ');
    const more = c.unitsWithMissing.length > 10 ? `; và ${c.unitsWithMissing.length - 10} đơn vị khác` : '';
    lines.push(`${c.missingCells} tiêu chí thành phần chưa có điểm chính thức (${some}${more}).`);
  }
  return lines;
}

const groupTitle = (i: number, name: string) => `${ROMAN[i] ?? i + 1}. ${name.toLocaleUpperCase('vi')}`;

export function buildAnnexes(
  s: Services,
  campaignId: number,
  which: AnnexNumber[],
  override: Partial<DecisionInfo> = {},
): AnnexSet {
  const c: Campaign = s.campaigns.require(campaignId);
  const d: DecisionInfo = {
    decisionNo: override.decisionNo ?? c.decisionNo,
    decisionDate: override.decisionDate ?? c.decisionDate,
    issuer: override.issuer ?? c.issuer,
  };
  const ranking: Ranking = s.scoring.ranking(campaignId);
  const draft = ranking.provisional;
  const sets = s.campaigns.detail(campaignId).sets;
  const setsByCode = new Map(sets.map((x) => [x.code, x]));
  // With one set there is nothing to tell apart: its name would only add a line to every table.
  const setName = (code: string): string | null => (setsByCode.size > 1 ? (setsByCode.get(code)?.name ?? code) : null);
  const annexes: Annex[] = [];
  for (const n of which) {
    if (n === 'I') {
      annexes.push({
        kind: 'ranking',
        number: 'I',
        heading: heading('I', c.year, d, draft),
        groups: ranking.groups.map((g, gi) => ({
          title: groupTitle(gi, g.name),
          ranked: g.ranked,
          rows: g.rows.map((r, i) => ({
            stt: i + 1,
            unitName: r.unitName,
            totalMilli: r.totalMilli,
            maxMilli: r.maxMilli,
            indexHundredths: r.indexHundredths,
            rank: r.rank,
            band: r.band,
            appraised: r.appraised,
          })),
        })),
      });
    } else if (n === 'II') {
      annexes.push({
        kind: 'components',
        number: 'II',
        heading: heading('II', c.year, d, draft),
        groups: ranking.groups.map((g, gi) => ({
          title: groupTitle(gi, g.name),
          groupName: g.name,
          setCode: g.setCode,
          setName: setName(g.setCode),
          areas: setsByCode.get(g.setCode)?.areas ?? [],
          rows: g.rows.map((r, i) => ({ stt: i + 1, unitName: r.unitName, components: r.components, indexHundredths: r.indexHundredths, appraised: r.appraised })),
        })),
      });
    } else {
      // What a sheet needs of the ranking, copied small: the ranking itself (every unit's components) is not kept.
      const rankOf = new Map(ranking.groups.flatMap((g) => g.rows.map((r) => [r.unitCode, { groupName: g.name, rank: r.rank, band: r.band, appraised: r.appraised }] as const)));
      const setOf = s.scoring.setsByUnit(campaignId);
      // Only the names and row counts now; each unit's sheet is read when a writer reaches it.
      const entries: AnnexUnitEntry[] = ranking.groups.flatMap((g) =>
        g.rows.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, rowCount: setOf(r.unitCode)?.tree.ordered.length ?? 0 })),
      );
      const read = (e: AnnexUnitEntry): AnnexUnit => {
        const sheet = s.scoring.sheet(campaignId, e.unitCode);
        const rows: UnitSheetRow[] = sheet.rows.map((row) => ({
          code: row.code,
          name: row.name,
          depth: row.depth,
          isLeaf: row.isLeaf,
          kind: row.kind,
          applicable: row.applicable,
          // The unit's own maximum: a not-applicable child's points are removed from its parent's.
          maxMilli: row.applicable ? row.subMaxMilli : row.maxMilli,
          selfMilli: row.selfMilli,
          appraisedMilli: row.isLeaf && row.kind === 'appraised' ? row.pointsMilli : null,
          surveyMilli: row.isLeaf && row.kind === 'survey' ? row.pointsMilli : null,
          pointsMilli: row.subtotalMilli,
          indexHundredths: row.depth === 0 ? (sheet.components[row.code] ?? null) : null,
          note: row.applicable ? row.note : ['Không áp dụng', row.note].filter(Boolean).join('; '),
        }));
        const ranked = rankOf.get(e.unitCode)!;
        return {
          unitCode: e.unitCode,
          unitName: e.unitName,
          groupName: ranked.groupName,
          setName: setName(sheet.set.code),
          rows,
          totalMilli: sheet.totalMilli,
          maxMilli: sheet.maxMilli,
          indexHundredths: sheet.indexHundredths,
          rank: ranked.rank,
          band: ranked.band,
          appraised: ranked.appraised,
        };
      };
      annexes.push({ kind: 'units', number: 'III', heading: heading('III', c.year, d, draft), units: lazyAnnexUnits(entries, read) });
    }
  }
  return { campaignName: c.name, year: c.year, annexes, draft: draft ? { missing: missingLines(ranking) } : null };
}
