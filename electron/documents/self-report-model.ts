// The báo cáo tự đánh giá as one format-free model, so the PDF and the .docx carry the same words and
// figures: the ND30 head for the unit as issuing body, the summary per area rolled up from the unit's own
// sheet, the "không áp dụng" claims, the explanations, the answers to the council's requests, the evidence
// list and the completeness figures.

import { computeUnit, buildTree, type ScoreInput } from '../../shared/calc.js';
import { selfOwnLeaf, type SelfSheet, type SelfSheetRow } from '../../shared/contract.js';
import { DEFAULT_INDEX_RULES, isMeasured, parentCodeOf, type Criterion } from '../../shared/domain.js';
import { formatIndex } from '../../shared/numbers.js';
import { pointsText } from '../annex/pdf/table.js';
import { formatBytes } from '../evidence/limits.js';
import { BLANK, issuerOf, placeDate } from './issuer.js';
import { upper } from './nd30.js';

/** What the sheet does not carry: the campaign's issuer (for the locality) and the unit identity's parent body. */
export interface SelfReportContext {
  /** The campaign's issuer ("Ủy ban nhân dân tỉnh Điện Biên"); '' when unknown. */
  issuer: string;
  /** The body the unit belongs to, as its identity names it ("UBND tỉnh Điện Biên"); '' when none. */
  agency: string;
}

export interface ReportColumn {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A cell's text; "\n" starts a new line. `small`: the hash, printed smaller so 32 hex digits fit a line. */
export interface ReportCell {
  text: string;
  bold?: boolean;
  small?: boolean;
}

export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string; italics?: boolean }
  | { kind: 'table'; caption: string; columns: ReportColumn[]; rows: ReportCell[][] };

export interface SelfReportModel {
  /** Issuing body, top first: `bold` on the unit's own name. */
  organ: Array<{ text: string; bold: boolean }>;
  number: string;
  placeDate: string;
  docType: string;
  summary: string[];
  /** "Kính gửi:" recipients, one a line. */
  addressees: string[];
  body: ReportBlock[];
  recipients: string[];
  signerTitle: string;
  signerNote: string;
  /** Document properties. */
  title: string;
  subject: string;
}

const UBND = 'ỦY BAN NHÂN DÂN';
/** Units that are a commune-level people's committee: ND30 heads them "ỦY BAN NHÂN DÂN / XÃ …" and dates them at the commune. */
const COMMUNE = /^(xã|phường|thị trấn|đặc khu)\s+/iu;
const COMMUNE_COMMITTEE = /^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+((?:xã|phường|thị trấn|đặc khu)\s+.+)$/iu;

/** The hash in two lines of 32 hex digits: it fits a table column without being cut, and reads back whole. */
export const hashLines = (sha256: string): string => `${sha256.slice(0, 32)}\n${sha256.slice(32)}`;

function organOf(unitName: string, agency: string, locality: string): SelfReportModel['organ'] {
  const name = unitName.normalize('NFC').trim();
  const commune = COMMUNE_COMMITTEE.exec(name)?.[1] ?? (COMMUNE.test(name) ? name : null);
  if (commune) return [{ text: UBND, bold: true }, { text: upper(commune), bold: true }];
  const parent = agency.trim() || (locality ? `${UBND} ${locality}` : '');
  return [...(parent ? [{ text: upper(parent), bold: false }] : []), { text: upper(name), bold: true }];
}

/** Per top-level area: its maximum, the maximum that still applies after the unit's N/A claims, and its self-score. */
function areaRows(sheet: SelfSheet): { rows: ReportCell[][]; measuredMax: number; surveyUnscored: boolean } {
  const criteria: Criterion[] = sheet.rows.map((r, i) => ({
    setCode: sheet.setCode, code: r.code, parentCode: parentCodeOf(r.code), name: r.name, maxMilli: r.maxMilli, kind: r.kind, rule: '', position: i + 1,
  }));
  const tree = buildTree(criteria);
  const scores = new Map<string, ScoreInput>();
  for (const r of sheet.rows) if (r.selfMilli !== null || r.selfNotApplicable) scores.set(r.code, { pointsMilli: r.selfMilli, notApplicable: r.selfNotApplicable });
  const result = computeUnit(tree, scores, DEFAULT_INDEX_RULES);
  const byCode = new Map(sheet.rows.map((r) => [r.code, r]));
  let measuredMax = 0;
  let surveyUnscored = false;
  const rows = tree.roots.map((root): ReportCell[] => {
    const { code, name, kind, maxMilli } = root.criterion;
    const r = result.nodes.get(code)!;
    const claimedNa = byCode.get(code)?.selfNotApplicable ?? false;
    if (isMeasured(kind)) {
      measuredMax += maxMilli;
      const unscoredSurvey = kind === 'survey' && !hasSelfScore(root.criterion.code, sheet.rows);
      if (unscoredSurvey) surveyUnscored = true;
      const self = claimedNa ? 'Không áp dụng' : unscoredSurvey ? '(*)' : pointsText(r.pointsMilli);
      return [{ text: code }, { text: name }, { text: pointsText(maxMilli) }, { text: pointsText(r.maxMilli) }, { text: self }];
    }
    // Bonus and penalty points stand outside the maximum: the cap is shown, the applicable maximum is not.
    const sign = kind === 'penalty' && r.pointsMilli > 0 ? '-' : kind === 'bonus' && r.pointsMilli > 0 ? '+' : '';
    return [{ text: code }, { text: name }, { text: pointsText(maxMilli) }, { text: '' }, { text: `${sign}${pointsText(r.pointsMilli)}` }];
  });
  return { rows, measuredMax, surveyUnscored };
}

const hasSelfScore = (areaCode: string, rows: SelfSheetRow[]): boolean =>
  rows.some((r) => (r.code === areaCode || r.code.startsWith(`${areaCode}.`)) && r.selfMilli !== null);

const criterionLabel = (r: Pick<SelfSheetRow, 'code' | 'name'>): string => `${r.code}. ${r.name}`;
/** "21/03/2026" from an ISO instant, in Vietnam time (UTC+7, no DST). */
function dayOf(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function buildSelfReport(sheet: SelfSheet, context: SelfReportContext): SelfReportModel {
  const who = issuerOf(context.issuer);
  const locality = who.locality;
  const n = sheet.year;
  const unit = sheet.unitName;
  const organ = organOf(unit, context.agency, locality);
  const commune = organ[0]?.text === UBND ? organ[1]!.text : null;
  const place = commune ? unit.replace(COMMUNE_COMMITTEE, '$1').replace(COMMUNE, '').trim() || BLANK : who.place;
  const council = `Hội đồng thẩm định Chỉ số cải cách hành chính năm ${n}${locality ? ` ${locality}` : ''}`;

  const body: ReportBlock[] = [];
  let table = 0;
  const nextTable = (title: string) => `Bảng ${++table}. ${title}`;

  body.push({
    kind: 'para',
    text: `Thực hiện đợt đánh giá "${sheet.campaignName}", ${unit} đã tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm ${n} theo bộ tiêu chí "${sheet.setName}" (nhóm ${sheet.groupName}) và báo cáo kết quả như sau:`,
  });

  body.push({ kind: 'heading', text: 'I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM' });
  const areas = areaRows(sheet);
  body.push({
    kind: 'para',
    text: `Tổng điểm tự đánh giá: ${pointsText(sheet.totalMilli)}/${pointsText(sheet.maxMilli)} điểm (điểm tối đa áp dụng); Chỉ số CCHC tự đánh giá: ${formatIndex(sheet.indexHundredths)}%. Đây là kết quả đơn vị tự đánh giá, chưa phải kết quả thẩm định của Hội đồng.`,
  });
  body.push({
    kind: 'table',
    caption: nextTable('Tổng hợp điểm tự đánh giá theo lĩnh vực'),
    columns: [
      { header: 'Mã', width: 8, align: 'center' },
      { header: 'Lĩnh vực', width: 44 },
      { header: 'Điểm tối đa', width: 15, align: 'right' },
      { header: 'Điểm tối đa áp dụng', width: 16, align: 'right' },
      { header: 'Điểm tự đánh giá', width: 17, align: 'right' },
    ],
    rows: [
      ...areas.rows,
      [{ text: '' }, { text: 'Tổng điểm tự đánh giá', bold: true }, { text: pointsText(areas.measuredMax), bold: true }, { text: pointsText(sheet.maxMilli), bold: true }, { text: pointsText(sheet.totalMilli), bold: true }],
      [{ text: '' }, { text: 'Chỉ số CCHC tự đánh giá (%)', bold: true }, { text: '' }, { text: '' }, { text: formatIndex(sheet.indexHundredths), bold: true }],
    ],
  });
  if (areas.surveyUnscored) {
    body.push({ kind: 'para', italics: true, text: '(*) Điểm điều tra xã hội học do Hội đồng xác định qua kết quả điều tra, đơn vị không tự chấm; tính 0 điểm trong tổng điểm tự đánh giá.' });
  }
  const unscored = sheet.rows.filter((r) => selfOwnLeaf(r) && r.selfMilli === null && !r.selfNotApplicable).map((r) => r.code);
  const undocumented = sheet.rows.filter((r) => r.missingEvidence).map((r) => r.code);
  body.push({
    kind: 'para',
    text:
      `Mức độ hoàn thành: đã tự chấm ${sheet.scored}/${sheet.leaves} tiêu chí thành phần; có tài liệu kiểm chứng hoặc giải trình ${sheet.documented}/${sheet.scored} tiêu chí đã tự chấm.` +
      (unscored.length > 0 ? ` Chưa tự chấm: ${unscored.join(', ')}.` : '') +
      (undocumented.length > 0 ? ` Đã tự chấm nhưng chưa có tài liệu kiểm chứng hoặc giải trình: ${undocumented.join(', ')}.` : ''),
  });

  body.push({ kind: 'heading', text: 'II. CÁC TIÊU CHÍ ĐỀ NGHỊ KHÔNG ÁP DỤNG' });
  const claims = sheet.rows.filter((r) => r.selfNotApplicable && !r.inheritedNotApplicable);
  if (claims.length === 0) body.push({ kind: 'para', text: 'Đơn vị không đề nghị tiêu chí nào không áp dụng.' });
  else {
    body.push({
      kind: 'table',
      caption: nextTable('Tiêu chí đơn vị đề nghị không áp dụng'),
      columns: [{ header: 'Mã', width: 9, align: 'center' }, { header: 'Tiêu chí', width: 34 }, { header: 'Điểm tối đa', width: 16, align: 'right' }, { header: 'Lý do', width: 41 }],
      rows: claims.map((r) => [{ text: r.code }, { text: r.name }, { text: pointsText(r.maxMilli) }, { text: r.selfReason }]),
    });
  }

  body.push({ kind: 'heading', text: 'III. GIẢI TRÌNH' });
  const explained = sheet.rows.filter((r) => r.explanation.trim() !== '');
  if (explained.length === 0) body.push({ kind: 'para', text: 'Không có nội dung giải trình.' });
  else {
    body.push({
      kind: 'table',
      caption: nextTable('Giải trình của đơn vị'),
      columns: [{ header: 'STT', width: 7, align: 'center' }, { header: 'Tiêu chí', width: 33 }, { header: 'Nội dung giải trình', width: 60 }],
      rows: explained.map((r, i) => [{ text: String(i + 1) }, { text: criterionLabel(r) }, { text: r.explanation.trim() }]),
    });
  }

  body.push({ kind: 'heading', text: 'IV. TRẢ LỜI YÊU CẦU GIẢI TRÌNH CỦA HỘI ĐỒNG' });
  const requests = sheet.rows.flatMap((r) => r.requests.map((q) => ({ row: r, q })));
  if (requests.length === 0) body.push({ kind: 'para', text: 'Đơn vị không nhận được yêu cầu giải trình nào của Hội đồng.' });
  else {
    const open = requests.filter(({ q }) => q.answer.trim() === '').length;
    body.push({ kind: 'para', text: `Hội đồng yêu cầu giải trình ${requests.length} nội dung; đơn vị đã trả lời ${requests.length - open}${open > 0 ? `, còn ${open} nội dung chưa trả lời` : ''}.` });
    body.push({
      kind: 'table',
      caption: nextTable('Yêu cầu giải trình của Hội đồng và trả lời của đơn vị'),
      columns: [{ header: 'Số', width: 7, align: 'center' }, { header: 'Tiêu chí', width: 19 }, { header: 'Yêu cầu của Hội đồng', width: 34 }, { header: 'Trả lời của đơn vị', width: 40 }],
      rows: requests.map(({ row, q }) => [
        { text: String(q.requestId) },
        { text: criterionLabel(row) },
        { text: `${q.text.trim()}\n(${[q.askedBy, dayOf(q.askedAt)].filter(Boolean).join(', ')})` },
        q.answer.trim() === '' ? { text: 'Chưa trả lời' } : { text: q.answeredAt ? `${q.answer.trim()}\n(${dayOf(q.answeredAt)})` : q.answer.trim() },
      ]),
    });
  }

  body.push({ kind: 'heading', text: 'V. DANH MỤC TÀI LIỆU KIỂM CHỨNG' });
  const files = sheet.rows.flatMap((r) => r.evidence.map((e) => ({ row: r, e })));
  if (files.length === 0) body.push({ kind: 'para', text: 'Đơn vị chưa đính kèm tài liệu kiểm chứng.' });
  else {
    body.push({
      kind: 'para',
      text: `${files.length} tệp tài liệu kiểm chứng gửi kèm gói tự đánh giá; mã SHA-256 của mỗi tệp để Hội đồng đối chiếu tệp nhận được đúng là tệp đơn vị đã gửi.`,
    });
    body.push({
      kind: 'table',
      caption: nextTable('Danh mục tài liệu kiểm chứng'),
      columns: [
        { header: 'STT', width: 7, align: 'center' },
        { header: 'Tiêu chí', width: 11, align: 'center' },
        { header: 'Tên tệp', width: 29 },
        { header: 'Dung lượng', width: 13, align: 'right' },
        { header: 'Mã SHA-256', width: 40 },
      ],
      rows: files.map(({ row, e }, i) => [
        { text: String(i + 1) },
        { text: row.code },
        { text: e.available ? e.fileName : `${e.fileName}\n(tệp không còn trên máy)` },
        { text: formatBytes(e.size) },
        { text: hashLines(e.sha256), small: true },
      ]),
    });
  }

  body.push({
    kind: 'para',
    text: `Trên đây là báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm ${n} của ${unit}. Kính đề nghị Hội đồng thẩm định xem xét, thẩm định./.`,
  });

  return {
    organ,
    number: `Số: ${BLANK}/BC-${commune ? 'UBND' : BLANK}`,
    placeDate: placeDate(place, ''),
    docType: 'BÁO CÁO',
    summary: ['Kết quả tự đánh giá, chấm điểm', `Chỉ số cải cách hành chính năm ${n}`],
    addressees: [council, `Sở Nội vụ${locality ? ` ${locality}` : ''}`],
    body,
    recipients: ['- Như trên;', '- Lưu: VT.'],
    signerTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
    signerNote: '(Ký, ghi rõ họ tên, đóng dấu)',
    title: `Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm ${n}`,
    subject: `${unit} (${sheet.unitCode}) — ${sheet.campaignName}`,
  };
}
