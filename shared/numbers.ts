// Fixed-point conversions and Vietnamese number formats (decimal comma).

export const MILLI = 1000;

/** Accepts 12, "12", "0,5", "0.5", " 1,25 ". Returns null when the text is not a plain decimal number. */
export function parseDecimal(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  const text = input.trim().replace(/\s+/g, '');
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** A decimal number to integer units of 10^-digits; null when it has more precision than that. */
export function toFixedUnits(value: number, digits: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  const scaled = value * scale;
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) return null;
  if (!Number.isSafeInteger(rounded)) return null;
  return rounded === 0 ? 0 : rounded;
}

export function pointsToMilli(value: number): number | null {
  return toFixedUnits(value, 3);
}

export function milliToNumber(milli: number): number {
  return milli / MILLI;
}

function formatFixed(units: number, digits: number, minDigits: number): string {
  const negative = units < 0;
  const abs = Math.abs(units);
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  let frac = String(abs % scale).padStart(digits, '0');
  while (frac.length > minDigits && frac.endsWith('0')) frac = frac.slice(0, -1);
  const wholeText = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (negative ? '-' : '') + wholeText + (frac.length > 0 ? ',' + frac : '');
}

/** 14500 → "14,5"; 250 → "0,25"; 1000 → "1". */
export function formatPoints(milli: number): string {
  return formatFixed(milli, 3, 0);
}

/** 8196 → "81,96" (always two decimals, as published). */
export function formatIndex(hundredths: number): string {
  return formatFixed(hundredths, 2, 2);
}

/** Parses the user's typed points ("0,5", "1.25") into milli, or null when not a number at thousandth precision. */
export function parsePointsText(text: string): number | null {
  const value = parseDecimal(text);
  return value === null ? null : pointsToMilli(value);
}
