// Generated campaigns for benchmarks and scale tests: N units × ~L leaves, deterministic.
import { DEFAULT_SET, parentCodeOf, type CampaignContent, type Criterion, type ScoreEntry, type Unit } from '../shared/domain.js';
import { DEMO_GROUPS } from '../electron/demo/demo-campaign.js';

export function generatedCampaign(unitCount: number, leavesPerArea = [13, 13, 13, 13, 12, 12, 12, 12]): CampaignContent {
  const criteria: Criterion[] = [];
  const areaMax = [10, 10, 14.5, 11, 16, 7, 16, 15.5];
  const add = (code: string, name: string, maxMilli: number) =>
    criteria.push({ setCode: DEFAULT_SET.code, code, parentCode: parentCodeOf(code), name, maxMilli, kind: code.startsWith('8.') || code === '8' ? 'survey' : 'appraised', rule: '', position: criteria.length + 1 });
  areaMax.forEach((max, ai) => {
    const areaCode = String(ai + 1);
    const areaMilli = Math.round(max * 1000);
    add(areaCode, `Lĩnh vực ${areaCode}`, areaMilli);
    const leaves = leavesPerArea[ai] ?? 12;
    const groups = 4;
    const perGroup = Math.ceil(leaves / groups);
    // Split the area's max over its leaves in whole thousandths; the remainder goes to the last leaf.
    const leafMilli = Math.floor(areaMilli / leaves);
    let made = 0;
    for (let g = 1; g <= groups && made < leaves; g++) {
      const tcCode = `${areaCode}.${g}`;
      const count = Math.min(perGroup, leaves - made);
      const tcIndex = criteria.length;
      add(tcCode, `Tiêu chí ${tcCode}`, 0);
      let tcMax = 0;
      for (let l = 1; l <= count; l++) {
        made++;
        const m = made === leaves ? areaMilli - leafMilli * (leaves - 1) : leafMilli;
        add(`${tcCode}.${l}`, `Tiêu chí thành phần ${tcCode}.${l}`, m);
        tcMax += m;
      }
      criteria[tcIndex]!.maxMilli = tcMax;
    }
  });
  const leaves = criteria.filter((c) => !criteria.some((o) => o.parentCode === c.code));
  const units: Unit[] = Array.from({ length: unitCount }, (_, i) => ({
    code: `U${String(i + 1).padStart(5, '0')}`,
    name: `${i % 3 === 0 ? 'Sở' : i % 3 === 1 ? 'Phường' : 'Xã'} Đơn vị số ${i + 1}`,
    groupCode: i % 3 === 0 ? 'SBN' : 'XP',
    position: i + 1,
  }));
  const scores: ScoreEntry[] = [];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const u of units) {
    for (const leaf of leaves) {
      const points = Math.round((leaf.maxMilli * (0.5 + rand() * 0.5)) / 250) * 250;
      scores.push({ unitCode: u.code, criterionCode: leaf.code, selfMilli: Math.min(leaf.maxMilli, points + 250), pointsMilli: Math.min(leaf.maxMilli, points), notApplicable: false, note: '' });
    }
  }
  return { name: `Đợt sinh tự động ${unitCount} đơn vị`, year: 2025, issuer: 'UBND tỉnh', decisionNo: '', decisionDate: '', sets: [{ ...DEFAULT_SET }], criteria, groups: DEMO_GROUPS, units, scores };
}

/**
 * The same campaign under two criteria sets, as provinces run it since 2025: departments (SBN) under set
 * SO, communes and wards (XP) under set XA, whose tree has the same area codes but another split of
 * leaves (codes overlap, meanings and maxima differ). Each unit is scored on its own set's leaves.
 */
export function generatedTwoSetCampaign(unitCount: number): CampaignContent {
  const so = generatedCampaign(unitCount);
  const xa = generatedCampaign(unitCount, [12, 12, 12, 12, 13, 13, 13, 13]);
  const groups = DEMO_GROUPS.map((g) => ({ ...g, setCode: g.code === 'SBN' ? 'SO' : 'XA' }));
  const department = new Set(so.units.filter((u) => u.groupCode === 'SBN').map((u) => u.code));
  return {
    ...so,
    name: `Đợt sinh tự động ${unitCount} đơn vị, hai bộ tiêu chí`,
    sets: [{ code: 'SO', name: 'Bộ tiêu chí cấp sở', position: 1 }, { code: 'XA', name: 'Bộ tiêu chí cấp xã', position: 2 }],
    criteria: [...so.criteria.map((c) => ({ ...c, setCode: 'SO' })), ...xa.criteria.map((c, i) => ({ ...c, setCode: 'XA', position: so.criteria.length + i + 1 }))],
    groups,
    scores: [...so.scores.filter((s) => department.has(s.unitCode)), ...xa.scores.filter((s) => !department.has(s.unitCode))],
  };
}
