// What a member typed into a cell, read against the sub-criterion's rule before anything is sent:
// free points (in steps), a percentage, or declared figures. Messages come from the catalogue.

import type { MessageKey, MessageParams } from '../../../shared/i18n/index.js';
import { formatIndex, formatPoints, parseDecimal, parsePointsText, toFixedUnits } from '../../../shared/numbers.js';
import { applyRule, type Rule, type RuleInput } from '../../../shared/rules.js';

export type OptionRule = Extract<Rule, { kind: 'yesno' | 'tiers' | 'fraction' }>;
export type RatioRule = Extract<Rule, { kind: 'ratio' }>;

export type EntryCheck =
  | { ok: true; input: RuleInput | null; pointsMilli: number | null }
  | { ok: false; error: MessageKey; params?: MessageParams };

export function isOptionRule(rule: Rule): rule is OptionRule {
  return rule.kind === 'yesno' || rule.kind === 'tiers' || rule.kind === 'fraction';
}

const cleared: EntryCheck = { ok: true, input: null, pointsMilli: null };

function applied(rule: Rule, input: RuleInput, maxMilli: number): EntryCheck {
  const result = applyRule(rule, input, maxMilli);
  return result.ok ? { ok: true, input, pointsMilli: result.value } : { ok: false, error: 'entry.noBand' };
}

/** Free points: a decimal (comma or point) within 0..max, on the rule's step when it has one. */
export function checkPoints(rule: Rule, text: string, maxMilli: number): EntryCheck {
  const trimmed = text.trim();
  if (trimmed === '') return cleared;
  const milli = parsePointsText(trimmed);
  if (milli === null) return { ok: false, error: 'scoring.invalidNumber' };
  if (milli < 0) return { ok: false, error: 'scoring.negative' };
  if (milli > maxMilli) return { ok: false, error: 'scoring.overMax', params: { max: formatPoints(maxMilli) } };
  if (rule.kind === 'free' && rule.stepMilli && milli % rule.stepMilli !== 0) {
    return { ok: false, error: 'entry.step', params: { step: formatPoints(rule.stepMilli) } };
  }
  const input: RuleInput = { kind: 'points', pointsMilli: milli };
  if (rule.kind !== 'free') {
    const result = applyRule(rule, input, maxMilli);
    if (!result.ok) return { ok: false, error: 'entry.notAnOption' };
  }
  return { ok: true, input, pointsMilli: milli };
}

/** "95", "95,5", "95 %" → hundredths of a percent, then the rule's band. */
export function checkPercent(rule: RatioRule, text: string, maxMilli: number): EntryCheck {
  const trimmed = text.trim().replace(/%$/, '').trim();
  if (trimmed === '') return cleared;
  const value = parseDecimal(trimmed);
  if (value === null) return { ok: false, error: 'entry.invalidPercent' };
  const hundredths = toFixedUnits(value, 2);
  if (hundredths === null) return { ok: false, error: 'entry.invalidPercent' };
  if (hundredths < 0 || hundredths > 10000) return { ok: false, error: 'entry.percentRange' };
  return applied(rule, { kind: 'percent', hundredths }, maxMilli);
}

/** Declared figures: numerator / denominator, both non-negative, denominator above zero. */
export function checkFigures(rule: RatioRule, numeratorText: string, denominatorText: string, maxMilli: number): EntryCheck {
  const a = numeratorText.trim();
  const b = denominatorText.trim();
  if (a === '' && b === '') return cleared;
  if (a === '' || b === '') return { ok: false, error: 'entry.figuresIncomplete' };
  const numerator = parseDecimal(a);
  const denominator = parseDecimal(b);
  if (numerator === null || denominator === null || numerator < 0 || denominator < 0) return { ok: false, error: 'scoring.invalidNumber' };
  if (denominator === 0) return { ok: false, error: 'entry.denominatorZero' };
  if (numerator > denominator) return { ok: false, error: 'entry.numeratorOver' };
  return applied(rule, { kind: 'figures', numerator, denominator }, maxMilli);
}

/** 9550 → "95,5"; 9000 → "90". */
export function percentText(hundredths: number): string {
  // formatIndex always writes two decimals: drop the zeros after the comma, then a bare comma.
  return formatIndex(hundredths).replace(/0+$/, '').replace(/,$/, '');
}

/** A figure as typed the Vietnamese way (decimal comma). */
export function figureText(value: number): string {
  return String(value).replace('.', ',');
}

/** The percentage declared figures give, half-up to hundredths (as the rule computes it). */
export function figuresPercent(numerator: number, denominator: number): number {
  return Math.floor((numerator * 20000 + denominator) / (2 * denominator));
}
