// Builds the annex model from the services: ranking (I), component indices (II), per-unit sheets (III).

import type { Ranking } from '../../shared/calc.js';
import type { Campaign } from '../../shared/domain.js';
import type { Services } from '../core/app.js';
import type { Annex, AnnexHeading, AnnexNumber, AnnexSet, UnitSheetRow } from './model.js';

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

const TITLES: Record<AnnexNumber, (year: number) => string> = {
  I: (y) => `KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y}`,
  II: (y) => `CHỈ SỐ THÀNH PHẦN THEO LĨNH VỰC CỦA CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y}`,
  III: (y) => `KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${y} CỦA TỪNG ĐƠN VỊ`,
};

function heading(n: AnnexNumber, year: number, d: DecisionInfo): AnnexHeading {
  return { label: `PHỤ LỤC ${n}`, title: TITLES[n](year), decisionLine: decisionLine(d) };
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
  const annexes: Annex[] = [];
  for (const n of which) {
    if (n === 'I') {
      annexes.push({
        kind: 'ranking',
        number: 'I',
        heading: heading('I', c.year, d),
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
          })),
        })),
      });
    } else if (n === 'II') {
      const detail = s.campaigns.detail(campaignId);
      annexes.push({
        kind: 'components',
        number: 'II',
        heading: heading('II', c.year, d),
        areas: detail.areas,
        groups: ranking.groups.map((g, gi) => ({
          title: groupTitle(gi, g.name),
          rows: g.rows.map((r, i) => ({ stt: i + 1, unitName: r.unitName, components: r.components, indexHundredths: r.indexHundredths })),
        })),
      });
    } else {
      const rankOf = new Map(ranking.groups.flatMap((g) => g.rows.map((r) => [r.unitCode, r] as const)));
      annexes.push({
        kind: 'units',
        number: 'III',
        heading: heading('III', c.year, d),
        units: ranking.groups.flatMap((g) =>
          g.rows.map((r) => {
            const sheet = s.scoring.sheet(campaignId, r.unitCode);
            const rows: UnitSheetRow[] = sheet.rows.map((row) => ({
              code: row.code,
              name: row.name,
              depth: row.depth,
              isLeaf: row.isLeaf,
              kind: row.kind,
              applicable: row.applicable,
              maxMilli: row.maxMilli,
              selfMilli: row.selfMilli,
              appraisedMilli: row.isLeaf && row.kind === 'appraised' ? row.pointsMilli : null,
              surveyMilli: row.isLeaf && row.kind === 'survey' ? row.pointsMilli : null,
              pointsMilli: row.subtotalMilli,
              indexHundredths: row.depth === 0 ? (sheet.components[row.code] ?? null) : null,
              note: row.applicable ? row.note : ['Không áp dụng', row.note].filter(Boolean).join('; '),
            }));
            const ranked = rankOf.get(r.unitCode);
            return {
              unitCode: r.unitCode,
              unitName: r.unitName,
              groupName: g.name,
              rows,
              totalMilli: sheet.totalMilli,
              maxMilli: sheet.maxMilli,
              indexHundredths: sheet.indexHundredths,
              rank: ranked?.rank ?? null,
              band: ranked?.band ?? null,
            };
          }),
        ),
      });
    }
  }
  return { campaignName: c.name, year: c.year, annexes };
}
