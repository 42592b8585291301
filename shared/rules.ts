// Scoring rules of a sub-criterion ("Cách tính"), parsed from Vietnamese text, and applied to what the
// member enters: yes/no, tiers, graded fraction, a ratio (typed as a percentage or as declared figures),
// or free points in steps. Decimal commas throughout.

import { isMeasured, type Criterion } from './domain.js';
import { translate, type Language } from './i18n/index.js';
import { formatPoints } from './numbers.js';
import { parseDecimal, pointsToMilli, toFixedUnits } from './numbers.js';

export interface RuleOption {
  label: string;
  pointsMilli: number;
}

/** A percentage band; bounds in hundredths of a percent. First matching band wins; ranges include both ends. */
export interface RatioBand {
  label: string;
  min: { hundredths: number; inclusive: boolean } | null;
  max: { hundredths: number; inclusive: boolean } | null;
  pointsMilli: number;
}

export type Rule =
  | { kind: 'free'; stepMilli: number | null; text: string }
  | { kind: 'yesno'; options: RuleOption[]; text: string }
  | { kind: 'tiers'; options: RuleOption[]; text: string }
  | { kind: 'fraction'; options: RuleOption[]; text: string }
  | { kind: 'ratio'; bands: RatioBand[]; figures: { numerator: string; denominator: string } | null; text: string };

/** What the member enters for one leaf. */
export type RuleInput =
  | { kind: 'points'; pointsMilli: number }
  | { kind: 'option'; index: number }
  | { kind: 'percent'; hundredths: number }
  | { kind: 'figures'; numerator: number; denominator: number };

export type RuleResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): RuleResult<T> => ({ ok: true, value });
const fail = <T>(message: string): RuleResult<T> => ({ ok: false, message });

function fold(text: string): string {
  return text.normalize('NFC').trim().toLocaleLowerCase('vi');
}

function parsePoints(text: string, maxMilli: number, what: string): RuleResult<number> {
  const v = parseDecimal(text.trim());
  const milli = v === null ? null : pointsToMilli(v);
  if (milli === null || milli < 0) return fail(`${what}: "${text.trim()}" không phải là số điểm hợp lệ.`);
  if (milli > maxMilli) return fail(`${what}: ${formatPoints(milli)} điểm vượt quá điểm tối đa ${formatPoints(maxMilli)}.`);
  return ok(milli);
}

function parsePercent(text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim();
  const v = parseDecimal(t);
  const h = v === null ? null : toFixedUnits(v, 2);
  return h === null || h < 0 || h > 10000 ? null : h;
}

function splitItems(body: string): string[] {
  return body.split(';').map((s) => s.trim()).filter((s) => s !== '');
}

function splitPair(item: string): [string, string] | null {
  const at = item.lastIndexOf('=');
  if (at <= 0) return null;
  return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
}

function parseBand(condition: string, pointsMilli: number): RatioBand | null {
  const c = condition.replace(/\s+/g, '').replace('≥', '>=').replace('≤', '<=');
  const m = /^(>=|>|<=|<|=)?(.+)$/.exec(c);
  if (!m) return null;
  const op = m[1] ?? '';
  const rest = m[2]!;
  const range = /^([\d.,]+)%?-([\d.,]+)%$/.exec(rest) ?? /^([\d.,]+)%?(?:đến|-)([\d.,]+)%?$/.exec(rest);
  if (op === '' && range) {
    const lo = parsePercent(range[1]!);
    const hi = parsePercent(range[2]!);
    if (lo === null || hi === null || lo > hi) return null;
    return { label: condition.trim(), min: { hundredths: lo, inclusive: true }, max: { hundredths: hi, inclusive: true }, pointsMilli };
  }
  if (!rest.endsWith('%')) return null;
  const value = parsePercent(rest);
  if (value === null) return null;
  const bound = { hundredths: value, inclusive: op === '>=' || op === '<=' || op === '=' || op === '' };
  if (op === '>' || op === '>=') return { label: condition.trim(), min: bound, max: null, pointsMilli };
  if (op === '<' || op === '<=') return { label: condition.trim(), min: null, max: bound, pointsMilli };
  return { label: condition.trim(), min: { hundredths: value, inclusive: true }, max: { hundredths: value, inclusive: true }, pointsMilli };
}

/** Parses a rule; '' is free points with no step. Messages are Vietnamese and say what is wrong. */
export function parseRule(text: string, maxMilli: number): RuleResult<Rule> {
  const raw = text.normalize('NFC').trim();
  if (raw === '') return ok({ kind: 'free', stepMilli: null, text: raw });
  const f = fold(raw);
  if (['có/không', 'co/khong', 'yes/no', 'có / không'].includes(f)) {
    return ok({ kind: 'yesno', options: [{ label: 'Có', pointsMilli: maxMilli }, { label: 'Không', pointsMilli: 0 }], text: raw });
  }
  const colon = raw.indexOf(':');
  if (colon < 0) return fail(`cách tính "${raw}" không rõ loại (có/không; mức: …; tỷ lệ: …; phần: …; tự do: bước …).`);
  const head = fold(raw.slice(0, colon));
  const body = raw.slice(colon + 1);
  if (head === 'tự do' || head === 'tu do' || head === 'free') {
    const step = /^\s*(?:bước|buoc|step)\s*([\d.,]+)\s*$/i.exec(body);
    if (body.trim() === '') return ok({ kind: 'free', stepMilli: null, text: raw });
    const stepMilli = step ? pointsToMilli(parseDecimal(step[1]!) ?? Number.NaN) : null;
    if (!stepMilli || stepMilli <= 0) return fail(`cách tính "${raw}": bước điểm phải là số dương, ví dụ "tự do: bước 0,25".`);
    return ok({ kind: 'free', stepMilli, text: raw });
  }
  if (head === 'mức' || head === 'muc' || head === 'tiers') {
    const options: RuleOption[] = [];
    for (const item of splitItems(body)) {
      const pair = splitPair(item);
      if (!pair || pair[0] === '') return fail(`cách tính "${raw}": mục "${item}" phải có dạng Tên mức=điểm.`);
      const points = parsePoints(pair[1], maxMilli, `mức "${pair[0]}"`);
      if (!points.ok) return points;
      options.push({ label: pair[0], pointsMilli: points.value });
    }
    if (options.length < 2) return fail(`cách tính "${raw}": cần ít nhất hai mức.`);
    if (options.length > 9) return fail(`cách tính "${raw}": tối đa 9 mức (phím 1–9).`);
    return ok({ kind: 'tiers', options, text: raw });
  }
  if (head === 'phần' || head === 'phan' || head === 'fraction') {
    const options: RuleOption[] = [];
    for (const item of splitItems(body)) {
      const pair = splitPair(item);
      const [label, pct] = pair ?? [item, item];
      const h = parsePercent(pct);
      if (h === null || !pct.trim().endsWith('%')) return fail(`cách tính "${raw}": "${item}" phải là tỷ lệ điểm, ví dụ 75%.`);
      options.push({ label: pair ? label : `${pct.trim()} điểm`, pointsMilli: Math.round((maxMilli * h) / 10000) });
    }
    if (options.length < 2 || options.length > 9) return fail(`cách tính "${raw}": cần từ 2 đến 9 mức.`);
    return ok({ kind: 'fraction', options, text: raw });
  }
  const ratioHead = /^(tỷ lệ|tỉ lệ|ty le|ratio)\s*(?:\((.+)\))?$/.exec(head);
  if (ratioHead) {
    let figures: { numerator: string; denominator: string } | null = null;
    const declared = /\((.+)\)/.exec(raw.slice(0, colon));
    if (declared) {
      const parts = declared[1]!.split('/').map((p) => p.trim());
      if (parts.length !== 2 || !parts[0] || !parts[1]) return fail(`cách tính "${raw}": số liệu kê khai phải có dạng (tử số / mẫu số).`);
      figures = { numerator: parts[0], denominator: parts[1] };
    }
    const bands: RatioBand[] = [];
    for (const item of splitItems(body)) {
      const pair = splitPair(item);
      if (!pair) return fail(`cách tính "${raw}": mục "${item}" phải có dạng điều kiện=điểm, ví dụ >90%=2.`);
      const points = parsePoints(pair[1], maxMilli, `mức "${pair[0]}"`);
      if (!points.ok) return points;
      const band = parseBand(pair[0], points.value);
      if (!band) return fail(`cách tính "${raw}": điều kiện "${pair[0]}" không hiểu được (ví dụ >90%, 70-90%, <70%).`);
      bands.push(band);
    }
    if (bands.length < 2) return fail(`cách tính "${raw}": cần ít nhất hai mức tỷ lệ.`);
    return ok({ kind: 'ratio', bands, figures, text: raw });
  }
  return fail(`cách tính "${raw}" không rõ loại (có/không; mức: …; tỷ lệ: …; phần: …; tự do: bước …).`);
}

export function bandMatches(band: RatioBand, hundredths: number): boolean {
  if (band.min && (band.min.inclusive ? hundredths < band.min.hundredths : hundredths <= band.min.hundredths)) return false;
  if (band.max && (band.max.inclusive ? hundredths > band.max.hundredths : hundredths >= band.max.hundredths)) return false;
  return true;
}

/** Points the rule gives for an input, or why the input does not fit the rule. */
export function applyRule(rule: Rule, input: RuleInput, maxMilli: number): RuleResult<number> {
  switch (input.kind) {
    case 'points': {
      const p = input.pointsMilli;
      const message = pointsProblem(rule, p, maxMilli, 'vi');
      return message === null ? ok(p) : fail(message);
    }
    case 'option': {
      if (rule.kind !== 'yesno' && rule.kind !== 'tiers' && rule.kind !== 'fraction') return fail('tiêu chí này không chấm theo mức.');
      const o = rule.options[input.index];
      return o ? ok(o.pointsMilli) : fail(`không có mức số ${input.index + 1}.`);
    }
    case 'percent': {
      if (rule.kind !== 'ratio') return fail('tiêu chí này không chấm theo tỷ lệ.');
      if (input.hundredths < 0 || input.hundredths > 10000) return fail('tỷ lệ phải từ 0% đến 100%.');
      const band = rule.bands.find((b) => bandMatches(b, input.hundredths));
      return band ? ok(band.pointsMilli) : fail('tỷ lệ không thuộc mức nào của cách tính.');
    }
    case 'figures': {
      if (rule.kind !== 'ratio') return fail('tiêu chí này không chấm theo số liệu kê khai.');
      const { numerator: n, denominator: d } = input;
      if (!(Number.isFinite(n) && Number.isFinite(d)) || n < 0 || d <= 0) return fail('số liệu kê khai phải là số không âm, mẫu số lớn hơn 0.');
      if (n > d) return fail('tử số không được lớn hơn mẫu số.');
      // Percentage rounded half-up to hundredths, the same way indices are.
      const hundredths = Math.floor((n * 20000 + d) / (2 * d));
      return applyRule(rule, { kind: 'percent', hundredths }, maxMilli);
    }
  }
}

/**
 * Why points do not fit a rule (without the criterion), or null: the one wording members, the
 * secretariat's grid, decisions, the CLI and every import show.
 */
function pointsProblem(rule: Rule, p: number, maxMilli: number, language: Language, capped = false): string | null {
  if (!Number.isInteger(p) || p < 0) return translate(language, 'rule.negative');
  if (!capped && p > maxMilli) return translate(language, 'rule.overMax', { points: formatPoints(p), max: formatPoints(maxMilli) });
  if (rule.kind === 'free') {
    return rule.stepMilli && p % rule.stepMilli !== 0 ? translate(language, 'rule.step', { step: formatPoints(rule.stepMilli) }) : null;
  }
  const allowed = rule.kind === 'ratio' ? rule.bands.map((b) => b.pointsMilli) : rule.options.map((o) => o.pointsMilli);
  if (allowed.includes(p)) return null;
  return translate(language, 'rule.notAnOption', { points: formatPoints(p), options: [...new Set(allowed)].map(formatPoints).join('; ') });
}

/** What `checkScore` needs of a criterion. */
export type ScoredCriterion = Pick<Criterion, 'code' | 'kind' | 'maxMilli' | 'rule'>;

const parsedRules = new Map<string, Rule>();

/** A criterion's rule, parsed once per (text, max); a rule that does not parse scores as free points. */
export function ruleOfCriterion(c: Pick<Criterion, 'maxMilli' | 'rule'>): Rule {
  const key = `${c.maxMilli}\u0000${c.rule}`;
  let rule = parsedRules.get(key);
  if (!rule) {
    const parsed = parseRule(c.rule, c.maxMilli);
    rule = parsed.ok ? parsed.value : { kind: 'free', stepMilli: null, text: c.rule };
    if (parsedRules.size > 5000) parsedRules.clear();
    parsedRules.set(key, rule);
  }
  return rule;
}

/**
 * The check every path that writes a score runs (members' proposals, the secretariat's grid, decisions,
 * `par decide`, survey and package imports): null when the points fit the leaf's rule, else the message
 * 'Tiêu chí "1.1.1": điểm 0,5 không thuộc các mức của cách tính (1; 0).' A cleared score (null) always fits.
 * Bonus and penalty leaves with free points may exceed their maximum: it is a cap the roll-up applies.
 */
export function checkScore(criterion: ScoredCriterion, pointsMilli: number | null, language: Language = 'vi'): string | null {
  if (pointsMilli === null) return null;
  const rule = ruleOfCriterion(criterion);
  const capped = !isMeasured(criterion.kind) && rule.kind === 'free';
  const problem = pointsProblem(rule, pointsMilli, criterion.maxMilli, language, capped);
  return problem === null ? null : translate(language, 'rule.cell', { code: criterion.code, message: problem });
}

/** A cell's value for comparison: points, not applicable (KAD), or nothing yet. */
export type CellValue = { pointsMilli: number | null; notApplicable: boolean };

const sameValue = (a: CellValue, b: CellValue) => a.notApplicable === b.notApplicable && (a.notApplicable || a.pointsMilli === b.pointsMilli);

/**
 * Whether a score still needs a reason: it differs from the unit's self-score, or (for the secretariat's
 * own edits) from any member's proposal for the cell, and no reason is written. A cleared value needs none.
 * One rule for the member's grid, the secretariat's grid and the services behind them.
 */
export function needsReason(value: CellValue, reason: string, against: { selfMilli: number | null; proposals?: readonly CellValue[] }): boolean {
  return reason.trim() === '' && wantsReason(value, against);
}

/** The first half of `needsReason`: whether the value differs from what it is held against (a reason is then owed). */
export function wantsReason(value: CellValue, against: { selfMilli: number | null; proposals?: readonly CellValue[] }): boolean {
  if (value.pointsMilli === null && !value.notApplicable) return false;
  const differsFromMembers = (against.proposals ?? []).some((p) => (p.pointsMilli !== null || p.notApplicable) && !sameValue(p, value));
  return differsFromSelf(value.pointsMilli, value.notApplicable, against.selfMilli) || differsFromMembers;
}

/** The self-score half of `wantsReason`, on bare values (a sheet asks it of every leaf). */
export function differsFromSelf(pointsMilli: number | null, notApplicable: boolean, selfMilli: number | null): boolean {
  return selfMilli !== null && !notApplicable && pointsMilli !== null && pointsMilli !== selfMilli;
}
