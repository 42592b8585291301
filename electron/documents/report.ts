// The appraisal council's report (Báo cáo kết quả thẩm định Chỉ số CCHC): per group the number of units,
// counts per band, highest and lowest, average, the change from the previous year and the areas where most
// points were lost, with a small table of each. Figures come from the ranking (`figures.ts`).

import { formatIndex, formatPoints } from '../../shared/numbers.js';
import { DRAFT_LINE } from '../annex/build.js';
import { DRAFT_MARK } from '../annex/model.js';
import type { BandCount, GroupFigures, ReportFigures, UnitIndex } from './figures.js';
import { BLANK, issuerOf, placeDate } from './issuer.js';
import { caption, dataTable, head, lead, line, packDocument, para, run, signing, SIZE, title, upper } from './nd30.js';
import type { Paragraph, Table } from 'docx';

export interface ReportDocument {
  year: number;
  issuer: string;
  figures: ReportFigures;
  /** The annexes' missing lines, printed as they are under "Kết quả tạm tính". */
  missing: string[];
}

const pct = (hundredths: number): string => `${formatIndex(hundredths)}%`;
const share = (part: number, whole: number): string => (whole > 0 ? formatIndex(Math.round((part * 10000) / whole)) : '');
const units = (list: UnitIndex[]): string => list.map((u) => `${u.unitName} (${pct(u.indexHundredths)})`).join(', ');
const change = (hundredths: number): string =>
  hundredths === 0 ? 'không đổi' : `${hundredths > 0 ? 'tăng' : 'giảm'} ${formatIndex(Math.abs(hundredths))} điểm phần trăm`;

function bandRange(b: BandCount): string {
  if (b.toHundredths === null) return `từ ${pct(b.fromHundredths)} trở lên`;
  if (b.fromHundredths === 0) return `dưới ${pct(b.toHundredths)}`;
  return `từ ${pct(b.fromHundredths)} đến dưới ${pct(b.toHundredths)}`;
}

function groupSection(g: GroupFigures, i: number, tables: { next: number }): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  out.push(para([run(`${i + 1}. Nhóm ${g.name} (${g.units} đơn vị)`, { bold: true })], { keepNext: true }));
  const waiting = g.unappraised.length > 0 ? `; chưa thẩm định: ${g.unappraised.length} (${g.unappraised.join(', ')}) — kết quả tạm tính` : '';
  out.push(lead('a)', `Số đơn vị: ${g.units}; đã thẩm định: ${g.appraised}${waiting}.`));
  if (g.averageHundredths === null) {
    out.push(lead('b)', 'Chưa có đơn vị nào được thẩm định: chưa có chỉ số trung bình, cao nhất, thấp nhất.'));
  } else {
    const notRanked = g.ranked ? '' : ' Nhóm được chấm điểm nhưng không xếp hạng.';
    out.push(lead('b)', `Chỉ số trung bình: ${pct(g.averageHundredths)}. Cao nhất: ${units(g.highest)}; thấp nhất: ${units(g.lowest)}.${notRanked}`));
  }

  const bandText = g.bands.map((b) => `${b.label}: ${b.count}`).join('; ') + (g.belowBands > 0 ? `; dưới mọi ngưỡng xếp loại: ${g.belowBands}` : '');
  const bandTable = tables.next++;
  out.push(lead('c)', `Xếp loại (số đơn vị): ${bandText} (Bảng ${bandTable}).`, { keepNext: true }));
  out.push(caption(`Bảng ${bandTable}. Số đơn vị theo xếp loại — nhóm ${g.name}`));
  out.push(
    dataTable(
      [
        { header: 'Xếp loại', width: 22 },
        { header: 'Chỉ số', width: 40 },
        { header: 'Số đơn vị', width: 17, align: 'right' },
        { header: 'Tỷ lệ (%)', width: 21, align: 'right' },
      ],
      [
        ...g.bands.map((b) => [b.label, bandRange(b), String(b.count), share(b.count, g.appraised)]),
        ...(g.belowBands > 0 ? [['Chưa đạt ngưỡng', `dưới ${pct(g.bands[g.bands.length - 1]?.fromHundredths ?? 0)}`, String(g.belowBands), share(g.belowBands, g.appraised)]] : []),
        [{ text: 'Cộng', bold: true }, { text: 'đã thẩm định', bold: false }, { text: String(g.appraised), bold: true }, { text: g.appraised > 0 ? '100,00' : '', bold: true }],
      ],
    ),
  );

  const y = g.yearOverYear;
  if (y === null) {
    out.push(lead('d)', 'So với năm trước: chưa có kết quả năm trước của các đơn vị trong nhóm để so sánh.'));
  } else {
    const parts = [
      `So với năm ${y.previousYear} (${y.units} đơn vị có kết quả năm trước): chỉ số trung bình của các đơn vị này ${change(y.changeHundredths)} (năm ${y.previousYear}: ${pct(y.previousAverageHundredths)}; năm nay: ${pct(y.averageHundredths)});`,
      `${y.up} đơn vị tăng, ${y.down} đơn vị giảm${y.same > 0 ? `, ${y.same} đơn vị không đổi` : ''}.`,
      y.biggestRise ? `Tăng nhiều nhất: ${y.biggestRise.unitName} (${change(y.biggestRise.changeHundredths)}).` : '',
      y.biggestFall ? `Giảm nhiều nhất: ${y.biggestFall.unitName} (${change(y.biggestFall.changeHundredths)}).` : '',
    ];
    out.push(lead('d)', parts.filter(Boolean).join(' ')));
  }

  if (g.lostAreas.length === 0) {
    out.push(lead('đ)', 'Lĩnh vực bị mất nhiều điểm nhất: không có lĩnh vực nào bị mất điểm.'));
  } else {
    const areaTable = tables.next++;
    out.push(
      lead('đ)', `Các lĩnh vực bị mất nhiều điểm nhất (tổng điểm tối đa trừ điểm đạt được, cộng trên các đơn vị đã thẩm định): ${g.lostAreas.map((a) => `${a.code}. ${a.name}`).join('; ')} (Bảng ${areaTable}).`, {
        keepNext: true,
      }),
    );
    out.push(caption(`Bảng ${areaTable}. Lĩnh vực bị mất nhiều điểm nhất — nhóm ${g.name}`));
    out.push(
      dataTable(
        [
          { header: 'STT', width: 7, align: 'center' },
          { header: 'Lĩnh vực', width: 41 },
          { header: 'Tổng điểm tối đa', width: 14, align: 'right' },
          { header: 'Tổng điểm bị mất', width: 14, align: 'right' },
          { header: 'Tỷ lệ mất (%)', width: 11, align: 'right' },
          { header: 'Bình quân mỗi đơn vị', width: 13, align: 'right' },
        ],
        g.lostAreas.map((a, k) => [
          String(k + 1),
          `${a.code}. ${a.name}`,
          formatPoints(a.maxMilli),
          formatPoints(a.lostMilli),
          share(a.lostMilli, a.maxMilli),
          formatPoints(Math.round(a.lostMilli / a.units)),
        ]),
      ),
    );
  }
  return out;
}

export async function writeReport(d: ReportDocument): Promise<Buffer> {
  const who = issuerOf(d.issuer);
  const locality = who.locality || `tỉnh ${BLANK}`;
  const scope = /^thành phố/iu.test(locality) ? 'thành phố' : 'tỉnh';
  // A group without units has nothing to report.
  const f = { ...d.figures, groups: d.figures.groups.filter((g) => g.units > 0) };
  const n = d.year;

  const provisional = f.provisional
    ? [
        line(DRAFT_LINE, { bold: true, size: SIZE.recipientsLabel, before: 12 }),
        ...d.missing.map((m) => line(`Kết quả tạm tính: ${m}`, { italics: true, size: SIZE.recipientsLabel })),
      ]
    : [];

  const overview = `Hội đồng đã thẩm định kết quả tự đánh giá, chấm điểm của ${f.units} cơ quan, đơn vị thuộc ${f.groups.length} nhóm (${f.groups
    .map((g) => `${g.name}: ${g.units} đơn vị`)
    .join('; ')}); đã có kết quả thẩm định: ${f.appraised} đơn vị.`;
  const pending = f.provisional
    ? [
        para(
          [
            `Kết quả tạm tính: đợt đánh giá chưa chốt kết quả; còn ${f.unappraised.length} đơn vị chưa thẩm định` +
              (f.unappraised.length > 0 ? ` (${f.unappraised.map((u) => `${u.unitName} — ${u.groupName}`).join(', ')})` : '') +
              `; ${f.missingCells} tiêu chí thành phần chưa có điểm chính thức. Các số liệu dưới đây chỉ tính các đơn vị đã thẩm định và sẽ thay đổi khi có đủ kết quả.`,
          ],
          { italics: true },
        ),
      ]
    : [];

  const tables = { next: 1 };
  const body = [
    head({
      organ: [
        { text: 'ỦY BAN NHÂN DÂN', bold: false },
        { text: upper(locality), bold: false },
        { text: 'HỘI ĐỒNG THẨM ĐỊNH', bold: true },
        { text: `CHỈ SỐ CCHC NĂM ${n}`, bold: true },
      ],
      number: `Số: ${BLANK}/BC-HĐTĐ`,
      placeDate: placeDate(who.place, ''),
    }),
    ...provisional,
    ...title('BÁO CÁO', [`Kết quả thẩm định Chỉ số cải cách hành chính năm ${n}`]),
    para([`Thực hiện nhiệm vụ được giao, Hội đồng thẩm định Chỉ số cải cách hành chính năm ${n} báo cáo kết quả thẩm định như sau:`]),
    para([run('I. KHÁI QUÁT CHUNG', { bold: true })], { keepNext: true }),
    para([overview]),
    ...pending,
    para([run('II. KẾT QUẢ THEO TỪNG NHÓM', { bold: true })], { keepNext: true }),
    ...f.groups.flatMap((g, i) => groupSection(g, i, tables)),
    para([run('III. ĐỀ XUẤT, KIẾN NGHỊ', { bold: true })], { keepNext: true }),
    para([
      `Hội đồng thẩm định kính trình ${who.authority === 'chairman' ? 'Chủ tịch ' : ''}Ủy ban nhân dân ${locality} xem xét, công bố Chỉ số cải cách hành chính năm ${n} của các cơ quan, đơn vị theo kết quả nêu trên (kèm theo dự thảo Quyết định và các Phụ lục I, II, III)./.`,
    ]),
    signing({
      recipients: [`- Chủ tịch UBND ${scope} (để báo cáo);`, '- Thành viên Hội đồng thẩm định;', '- Sở Nội vụ;', '- Lưu: VT.'],
      titles: ['TM. HỘI ĐỒNG THẨM ĐỊNH', 'CHỦ TỊCH'],
      name: '',
    }),
  ];

  return packDocument({
    title: `Báo cáo kết quả thẩm định Chỉ số cải cách hành chính năm ${n}`,
    description: f.provisional ? DRAFT_LINE : `Báo cáo kết quả thẩm định Chỉ số cải cách hành chính năm ${n}`,
    mark: f.provisional ? DRAFT_MARK : null,
    body,
  });
}
