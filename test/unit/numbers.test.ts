import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIndex, formatPoints, parseDecimal, parsePointsText, pointsToMilli } from '../../shared/numbers.js';
import { foldDiacritics, matchesSearch } from '../../shared/text.js';
import { compareCodes } from '../../shared/domain.js';

test('Vietnamese decimal commas parse; garbage does not', () => {
  assert.equal(parseDecimal('0,5'), 0.5);
  assert.equal(parseDecimal(' 1.25 '), 1.25);
  assert.equal(parseDecimal('12'), 12);
  assert.equal(parseDecimal(',75'), 0.75);
  for (const bad of ['', 'abc', '1,2,3', '1e3', 'NaN', '--1', '1 000,5x']) assert.equal(parseDecimal(bad), null, bad);
  assert.equal(parsePointsText('0,25'), 250);
  assert.equal(parsePointsText('0,1234'), null, 'more than thousandths is refused');
});

test('points convert to exact thousandths', () => {
  assert.equal(pointsToMilli(0.1 + 0.2), 300);
  assert.equal(pointsToMilli(14.5), 14500);
  assert.equal(pointsToMilli(1 / 3), null);
  assert.equal(pointsToMilli(Number.NaN), null);
  assert.equal(pointsToMilli(Number.POSITIVE_INFINITY), null);
});

test('numbers format with a decimal comma', () => {
  assert.equal(formatIndex(8196), '81,96');
  assert.equal(formatIndex(10000), '100,00');
  assert.equal(formatIndex(10300), '103,00', 'an uncapped index past 100 %');
  assert.equal(formatIndex(12_500), '125,00');
  assert.equal(formatIndex(5), '0,05');
  assert.equal(formatPoints(14500), '14,5');
  assert.equal(formatPoints(250), '0,25');
  assert.equal(formatPoints(1000), '1');
  assert.equal(formatPoints(1234500), '1.234,5');
  assert.equal(formatPoints(-500), '-0,5');
});

test('search folds Vietnamese diacritics and đ', () => {
  assert.equal(foldDiacritics('Phường Đông Xuyên'), 'phuong dong xuyen');
  assert.ok(matchesSearch('Xã Cờ Đỏ', 'co do'));
  assert.ok(matchesSearch('Xã Cờ Đỏ', 'Cờ Đỏ'));
  assert.ok(!matchesSearch('Xã Cờ Đỏ', 'ninh'));
});

test('criterion codes order numerically', () => {
  const codes = ['10', '1.10', '2', '1.2', '1', '1.1.1'];
  assert.deepEqual([...codes].sort(compareCodes), ['1', '1.1.1', '1.2', '1.10', '2', '10']);
});
