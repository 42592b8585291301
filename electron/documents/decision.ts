// The draft decision publishing the year's PAR Index (dự thảo Quyết định công bố kết quả Chỉ số CCHC):
// ND30 layout, the annexes listed in Điều 1 under the titles their own headings print. The secretariat
// edits it in Word or LibreOffice; every name and number in it comes from the campaign.

import type { Ranking } from '../../shared/calc.js';
import type { Campaign } from '../../shared/domain.js';
import { DRAFT_LINE, TITLES, missingLines, type DecisionInfo } from '../annex/build.js';
import { DRAFT_MARK, type AnnexNumber } from '../annex/model.js';
import { BLANK, groupPhrase, issuerOf, joinVi, placeDate } from './issuer.js';
import { head, lead, line, packDocument, para, signing, SIZE, title, upper, type Head } from './nd30.js';

export interface DecisionDocument {
  year: number;
  decision: DecisionInfo;
  groups: Array<{ name: string; units: number }>;
  annexes: Array<{ label: string; title: string }>;
  /** Set while the results are provisional: the annexes' DỰ THẢO line and what is still missing. */
  provisional: { line: string; missing: string[] } | null;
  /** With several criteria sets, the Bộ Chỉ số each level was appraised under (each is cited); empty with one. */
  sets: Array<{ name: string; groups: string[] }>;
}

const ANNEXES: AnnexNumber[] = ['I', 'II', 'III'];

/** "KẾT QUẢ XẾP HẠNG …" → "Kết quả xếp hạng …": the heading's words, in a sentence. */
const sentence = (text: string): string => {
  const lower = text.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
};

export function decisionDocument(campaign: Campaign, ranking: Ranking, decision: DecisionInfo, setNames: ReadonlyMap<string, string> = new Map()): DecisionDocument {
  const published = ranking.groups.filter((g) => g.rows.length > 0);
  const bySet = new Map<string, string[]>();
  for (const g of published) bySet.set(g.setCode, [...(bySet.get(g.setCode) ?? []), g.name]);
  return {
    sets: bySet.size > 1 ? [...bySet].map(([code, groups]) => ({ name: setNames.get(code) ?? code, groups })) : [],
    year: campaign.year,
    decision,
    // A group without units publishes nothing: it is not named in the summary or Điều 1.
    groups: ranking.groups.filter((g) => g.rows.length > 0).map((g) => ({ name: g.name, units: g.rows.length })),
    annexes: ANNEXES.map((n) => ({ label: `Phụ lục ${n}`, title: sentence(TITLES[n](campaign.year)) })),
    provisional: ranking.provisional ? { line: DRAFT_LINE, missing: missingLines(ranking) } : null,
  };
}

/** The Local Government Law in force on the decision's date (the 2025 law from 1 July 2025). */
function localGovernmentLaw(d: DecisionDocument): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.decision.decisionDate);
  const newLaw = m ? `${m[1]}-${m[2]}-${m[3]}` >= '2025-07-01' : d.year >= 2025;
  return newLaw
    ? ['Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;']
    : [
        'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
        'Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;',
      ];
}

export async function writeDecision(d: DecisionDocument): Promise<Buffer> {
  const who = issuerOf(d.decision.issuer);
  const locality = who.locality || `tỉnh ${BLANK}`;
  const committee = `Ủy ban nhân dân ${locality}`;
  const scope = /^thành phố/iu.test(locality) ? 'thành phố' : 'tỉnh';
  const n = d.year;
  const total = d.groups.reduce((sum, g) => sum + g.units, 0);

  const h: Head = {
    organ: [
      { text: 'ỦY BAN NHÂN DÂN', bold: true },
      { text: upper(locality), bold: true },
    ],
    number: `Số: ${d.decision.decisionNo.trim() || `${BLANK}/QĐ-UBND`}`,
    placeDate: placeDate(who.place, d.decision.decisionDate),
  };

  const provisional = d.provisional
    ? [
        line(d.provisional.line, { bold: true, size: SIZE.recipientsLabel, before: 12 }),
        ...d.provisional.missing.map((m) => line(`Kết quả tạm tính: ${m}`, { italics: true, size: SIZE.recipientsLabel })),
      ]
    : [];

  const summary = `Về việc công bố Chỉ số cải cách hành chính năm ${n} của ${joinVi(d.groups.map((g) => groupPhrase(g.name)))} trên địa bàn ${locality}`;
  const authority = who.authority === 'chairman' ? `CHỦ TỊCH ỦY BAN NHÂN DÂN ${upper(locality)}` : `ỦY BAN NHÂN DÂN ${upper(locality)}`;
  const counts = d.groups.map((g) => `${g.name}: ${g.units} đơn vị`).join('; ');

  const body = [
    head(h),
    ...provisional,
    ...title('QUYẾT ĐỊNH', [summary]),
    line(authority, { bold: true, size: SIZE.body, before: 12, after: 6 }),
    ...[
      ...localGovernmentLaw(d),
      'Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;',
      // Since 2025 each level (sở, xã/phường) is appraised under its own Bộ Chỉ số, usually issued by its own decision: each is cited.
      ...(d.sets.length === 0
        ? [`Căn cứ Quyết định số ${BLANK}/QĐ-UBND ngày ${BLANK} của ${committee} ban hành Bộ Chỉ số cải cách hành chính và phương pháp đánh giá, xếp hạng Chỉ số cải cách hành chính năm ${n};`]
        : d.sets.map((x) => `Căn cứ Quyết định số ${BLANK}/QĐ-UBND ngày ${BLANK} của ${committee} ban hành Bộ Chỉ số cải cách hành chính (${x.name}) và phương pháp đánh giá, xếp hạng Chỉ số cải cách hành chính năm ${n} của ${joinVi(x.groups.map(groupPhrase))};`)),
      `Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ${BLANK}/TTr-SNV ngày ${BLANK} và kết quả thẩm định của Hội đồng thẩm định Chỉ số cải cách hành chính năm ${n}.`,
    ].map((t) => para([t], { italics: true })),
    line('QUYẾT ĐỊNH:', { bold: true, size: SIZE.body, before: 12, after: 6, keepNext: true }),
    lead('Điều 1.', `Công bố Chỉ số cải cách hành chính năm ${n} của ${total} cơ quan, đơn vị trên địa bàn ${locality} (${counts}), gồm:`, { keepNext: true }),
    ...d.annexes.map((a, i) => para([`${i + 1}. ${a.label}: ${a.title}.`])),
    para(['Các Phụ lục là bộ phận không tách rời của Quyết định này.']),
    lead(
      'Điều 2.',
      `Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan thông báo kết quả Chỉ số cải cách hành chính năm ${n}; hướng dẫn các cơ quan, đơn vị phân tích kết quả, xác định những tồn tại, hạn chế, nhất là ở các lĩnh vực có chỉ số thành phần đạt thấp, và đề ra giải pháp khắc phục trong năm tiếp theo.`,
    ),
    lead(
      'Điều 3.',
      `Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng ${committee}, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có tên tại Điều 1 và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.`,
      // The signature never stands alone on a page: the last article goes with it.
      { keepNext: true },
    ),
    signing({
      recipients: [
        '- Như Điều 3;',
        '- Bộ Nội vụ (để báo cáo);',
        `- TT ${scope === 'tỉnh' ? 'Tỉnh ủy' : 'Thành ủy'}, TT HĐND ${scope} (để báo cáo);`,
        `- CT, các PCT UBND ${scope};`,
        `- Cổng thông tin điện tử ${scope};`,
        '- Lưu: VT, SNV.',
      ],
      titles: who.authority === 'chairman' ? ['CHỦ TỊCH'] : ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'],
      name: '',
    }),
  ];

  return packDocument({
    title: `Dự thảo Quyết định công bố Chỉ số cải cách hành chính năm ${n}`,
    description: d.provisional ? DRAFT_LINE : `Dự thảo Quyết định công bố Chỉ số cải cách hành chính năm ${n}`,
    mark: DRAFT_MARK,
    body,
  });
}
