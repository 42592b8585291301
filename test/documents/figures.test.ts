// The report's figures over a hand-made ranking (ties, a group nobody has appraised yet, an area that
// does not apply to a unit), and the decree's way of writing the issuer, place and date.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ranking, RankRow } from '../../shared/calc.js';
import { reportFigures } from '../../electron/documents/figures.js';
import { groupPhrase, issuerOf, joinVi, placeDate } from '../../electron/documents/issuer.js';

function row(unitCode: string, indexHundredths: number, o: Partial<RankRow> = {}): RankRow {
  return {
    groupCode: 'S', unitCode, unitName: `Đơn vị ${unitCode}`, totalMilli: indexHundredths * 10, maxMilli: 100_000, indexHundredths,
    rank: null, band: null, appraised: true, missingLeaves: 0, components: {}, areaPoints: {}, previous: null, ...o,
  };
}

const AREAS = [{ code: '1', name: 'Chỉ đạo' }, { code: '2', name: 'Thủ tục' }, { code: '3', name: 'Tài chính' }, { code: '4', name: 'Hiện đại hóa' }];

test('ties are shown as ties, only appraised units count, a not-applicable area adds nothing, a group without appraisal has no average', () => {
  const ranking: Ranking = {
    provisional: true,
    groups: [
      {
        code: 'S', name: 'Sở, ban, ngành', setCode: 'SO', areas: AREAS, ranked: true,
        bands: [{ label: 'Khá', fromHundredths: 7000 }, { label: 'Tốt', fromHundredths: 8500 }],
        rows: [
          row('A', 9000, { band: 'Tốt', areaPoints: { '1': { pointsMilli: 50_000, maxMilli: 60_000 }, '2': { pointsMilli: 40_000, maxMilli: 40_000 } }, previous: { year: 2024, prevCode: 'A', prevName: 'A', indexHundredths: 8000, rank: 1 } }),
          row('B', 9000, { band: 'Tốt', areaPoints: { '1': { pointsMilli: 55_000, maxMilli: 60_000 }, '3': { pointsMilli: 39_000, maxMilli: 40_000 } }, previous: { year: 2024, prevCode: 'B', prevName: 'B', indexHundredths: 9000, rank: 1 } }),
          row('C', 6000, { areaPoints: { '1': { pointsMilli: 60_000, maxMilli: 60_000 }, '2': { pointsMilli: 0, maxMilli: 40_000 } } }),
          row('D', 6000),
          // Not appraised: listed, never counted (its zero points would otherwise top every "lost" area).
          row('E', 0, { appraised: false, missingLeaves: 4, areaPoints: { '4': { pointsMilli: 0, maxMilli: 100_000 } } }),
        ],
      },
      { code: 'X', name: 'UBND xã, phường', setCode: 'XA', areas: AREAS, ranked: false, bands: [], rows: [row('F', 0, { appraised: false, missingLeaves: 2 })] },
    ],
  };
  const f = reportFigures(ranking);
  assert.equal(f.units, 6);
  assert.equal(f.appraised, 4);
  assert.deepEqual(f.unappraised.map((u) => u.unitName), ['Đơn vị E', 'Đơn vị F']);
  assert.equal(f.missingCells, 6);

  const [s, x] = f.groups;
  assert.equal(s!.averageHundredths, 7500);
  assert.deepEqual(s!.highest.map((u) => u.unitName), ['Đơn vị A', 'Đơn vị B']);
  assert.deepEqual(s!.lowest.map((u) => u.unitName), ['Đơn vị C', 'Đơn vị D']);
  assert.deepEqual(s!.bands.map((b) => [b.label, b.fromHundredths, b.toHundredths, b.count]), [['Tốt', 8500, null, 2], ['Khá', 7000, 8500, 0]]);
  assert.equal(s!.belowBands, 2);
  assert.deepEqual(s!.yearOverYear, {
    previousYear: 2024, units: 2, averageHundredths: 9000, previousAverageHundredths: 8500, changeHundredths: 500,
    up: 1, down: 0, same: 1, biggestRise: { unitName: 'Đơn vị A', changeHundredths: 1000 }, biggestFall: null,
  });
  assert.deepEqual(s!.lostAreas, [
    { code: '2', name: 'Thủ tục', maxMilli: 80_000, lostMilli: 40_000, units: 2 },
    { code: '1', name: 'Chỉ đạo', maxMilli: 180_000, lostMilli: 15_000, units: 3 },
    { code: '3', name: 'Tài chính', maxMilli: 40_000, lostMilli: 1_000, units: 1 },
  ]);

  assert.equal(x!.averageHundredths, null);
  assert.deepEqual([x!.highest, x!.lowest, x!.lostAreas, x!.yearOverYear], [[], [], [], null]);
  assert.deepEqual(x!.unappraised, ['Đơn vị F']);
});

test('the issuer says who decides and where; dates as ND30 writes them', () => {
  assert.deepEqual(issuerOf('Chủ tịch Ủy ban nhân dân thành phố Cần Thơ'), { authority: 'chairman', locality: 'thành phố Cần Thơ', place: 'Cần Thơ' });
  assert.deepEqual(issuerOf('Ủy ban nhân dân tỉnh Điện Biên'), { authority: 'committee', locality: 'tỉnh Điện Biên', place: 'Điện Biên' });
  assert.deepEqual(issuerOf('UBND tỉnh Thừa Thiên Huế'), { authority: 'committee', locality: 'tỉnh Thừa Thiên Huế', place: 'Thừa Thiên Huế' });
  assert.deepEqual(issuerOf(''), { authority: 'committee', locality: '', place: '……' });
  assert.equal(placeDate('Huế', '2025-10-14'), 'Huế, ngày 14 tháng 10 năm 2025');
  assert.equal(placeDate('Huế', '2026-01-05'), 'Huế, ngày 05 tháng 01 năm 2026');
  assert.equal(placeDate('Huế', '2026-03-09'), 'Huế, ngày 09 tháng 3 năm 2026');
  assert.equal(placeDate('Huế', ''), 'Huế, ngày …… tháng …… năm ……');
  assert.equal(groupPhrase('Sở, ban, ngành'), 'các sở, ban, ngành');
  assert.equal(groupPhrase('UBND xã, phường'), 'UBND xã, phường');
  assert.equal(joinVi(['a', 'b', 'c']), 'a; b và c');
});
