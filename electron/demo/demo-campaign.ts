// The demo campaign opened on first start: the bundled criteria set, two groups with their bands,
// 20 units (departments; communes and wards) and deterministic scores, so the ranking is not empty.

import { buildTree } from '../../shared/calc.js';
import { DEFAULT_SET, isMeasured, type CampaignContent, type Criterion, type ScoreEntry, type Unit, type UnitGroup } from '../../shared/domain.js';
import { parseRule } from '../../shared/rules.js';
import { bundledCriteria } from './bundled-criteria.js';

export const DEMO_GROUPS: UnitGroup[] = [
  {
    code: 'SBN',
    name: 'Sở, ban, ngành',
    setCode: DEFAULT_SET.code,
    ranked: true,
    position: 1,
    bands: [
      { label: 'Xuất sắc', fromHundredths: 9000 },
      { label: 'Tốt', fromHundredths: 8000 },
      { label: 'Khá', fromHundredths: 7000 },
      { label: 'Trung bình', fromHundredths: 5000 },
      { label: 'Yếu', fromHundredths: 0 },
    ],
  },
  {
    code: 'XP',
    name: 'UBND xã, phường',
    setCode: DEFAULT_SET.code,
    ranked: true,
    position: 2,
    bands: [
      { label: 'Xuất sắc', fromHundredths: 9500 },
      { label: 'Tốt', fromHundredths: 8500 },
      { label: 'Khá', fromHundredths: 7500 },
      { label: 'Trung bình', fromHundredths: 5000 },
      { label: 'Yếu', fromHundredths: 0 },
    ],
  },
];

const DEPARTMENTS = [
  'Sở Nội vụ',
  'Sở Tư pháp',
  'Sở Tài chính',
  'Sở Khoa học và Công nghệ',
  'Sở Xây dựng',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Nông nghiệp và Môi trường',
  'Sở Công Thương',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Thanh tra tỉnh',
];
const COMMUNES = [
  'Phường Ninh Kiều',
  'Phường Cái Khế',
  'Phường Tân An',
  'Phường Bình Thủy',
  'Phường Cái Răng',
  'Xã Phong Điền',
  'Xã Thới Lai',
  'Xã Cờ Đỏ',
  'Xã Vĩnh Thạnh',
];

/** The demo unit left for the user to appraise: it has self-assessment only. */
export const DEMO_UNSCORED_UNIT = 'XP09';

function demoUnits(): Unit[] {
  return [
    ...DEPARTMENTS.map((name, i) => ({ code: `SBN${String(i + 1).padStart(2, '0')}`, name, groupCode: 'SBN', position: i + 1 })),
    ...COMMUNES.map((name, i) => ({ code: `XP${String(i + 1).padStart(2, '0')}`, name, groupCode: 'XP', position: DEPARTMENTS.length + i + 1 })),
  ];
}

/** mulberry32: a small deterministic generator, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEP = 250;
const toStep = (milli: number, max: number) => Math.max(0, Math.min(max, Math.round(milli / STEP) * STEP));

/** The points a rule allows, highest first (free rules: every step from max down to 0). */
function allowedPoints(leaf: Criterion): number[] {
  const parsed = parseRule(leaf.rule, leaf.maxMilli);
  const rule = parsed.ok ? parsed.value : null;
  let values: number[];
  if (!rule || rule.kind === 'free') {
    const step = rule?.stepMilli ?? STEP;
    values = [];
    for (let v = leaf.maxMilli; v >= 0; v -= step) values.push(v);
  } else if (rule.kind === 'ratio') values = rule.bands.map((b) => b.pointsMilli);
  else values = rule.options.map((o) => o.pointsMilli);
  return [...new Set(values)].sort((a, b) => b - a);
}

/** A value the rule allows, near `share` of the max. */
function pick(leaf: Criterion, share: number): number {
  const target = toStep(leaf.maxMilli * Math.max(0, Math.min(1, share)), leaf.maxMilli);
  const allowed = allowedPoints(leaf);
  return allowed.reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best), allowed[0] ?? 0);
}

/** The next allowed value above `points`, as a unit's generous self-assessment would claim. */
function above(leaf: Criterion, points: number): number {
  const higher = allowedPoints(leaf).filter((v) => v > points);
  return higher.length > 0 ? higher[higher.length - 1]! : points;
}

export function demoCampaign(year = 2025): CampaignContent {
  const criteria = bundledCriteria();
  const tree = buildTree(criteria);
  const units = demoUnits();
  const rand = random(20251122);
  const scores: ScoreEntry[] = [];
  units.forEach((unit) => {
    const quality = 0.4 + 0.5 * rand();
    for (const leaf of tree.leaves) {
      const { code, kind } = leaf.criterion;
      let points: number;
      if (isMeasured(kind)) points = pick(leaf.criterion, quality + (rand() - 0.5) * 0.6);
      else if (kind === 'bonus') points = rand() < 0.25 ? pick(leaf.criterion, 0.5 + rand()) : 0;
      else points = rand() < 0.15 ? pick(leaf.criterion, rand()) : 0;
      // Units claim a notch more than they get on about a third of the criteria; survey items are not self-scored.
      const self = kind === 'survey' ? null : isMeasured(kind) && rand() < 0.3 ? above(leaf.criterion, points) : points;
      const unscored = unit.code === DEMO_UNSCORED_UNIT;
      if (points === 0 && !isMeasured(kind) && unscored) continue;
      scores.push({
        unitCode: unit.code,
        criterionCode: code,
        selfMilli: self,
        pointsMilli: unscored ? null : points,
        notApplicable: false,
        note: '',
      });
    }
    // Communes and wards run no public service units: financial autonomy (6.2.2) does not apply to them.
    if (unit.groupCode === 'XP') {
      const na = scores.find((s) => s.unitCode === unit.code && s.criterionCode === '6.2.2');
      if (na) Object.assign(na, { notApplicable: true, pointsMilli: null, selfMilli: null });
    }
  });
  // The unit left to appraise explains where its evidence is thin, as units do in their self-assessment.
  const explanations: Record<string, string> = {
    '1.1.1': 'Kế hoạch CCHC năm ban hành ngày 20/01, chậm 5 ngày do chờ ý kiến của Đảng ủy xã.',
    '3.3.3': 'Đã số hóa 85% hồ sơ; phần còn lại đang chờ cấp tài khoản trên hệ thống của tỉnh.',
    '5.3.2': 'Hai công chức chưa tham gia lớp bồi dưỡng vì nghỉ thai sản; có xác nhận kèm theo.',
  };
  for (const s of scores) if (s.unitCode === DEMO_UNSCORED_UNIT && explanations[s.criterionCode]) s.explanation = explanations[s.criterionCode];
  // Two communes get the same appraised points, so the demo shows how a tie shares a rank.
  const twin = new Map(scores.filter((s) => s.unitCode === 'XP06').map((s) => [s.criterionCode, s.pointsMilli]));
  for (const s of scores) if (s.unitCode === 'XP07' && twin.has(s.criterionCode)) s.pointsMilli = twin.get(s.criterionCode) ?? null;
  return {
    name: `Thẩm định chỉ số CCHC năm ${year} (dữ liệu mẫu)`,
    year,
    issuer: 'Chủ tịch Ủy ban nhân dân thành phố Cần Thơ',
    decisionNo: '',
    decisionDate: '',
    sets: [{ ...DEFAULT_SET }],
    criteria,
    groups: DEMO_GROUPS,
    units,
    scores,
  };
}
