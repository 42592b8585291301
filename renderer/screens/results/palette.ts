// Colours the charts draw with (canvas cannot read CSS classes). styles.css mirrors BAND_COLORS in
// .band-tone-0 … .band-tone-4; keep the two in step. Best band first: greens, blue, amber, red — each
// a different lightness, and the band's label is always written beside its colour.

export const BAND_COLORS = ['#17694a', '#3f9a6b', '#4a86c5', '#d39a2c', '#c0472f'] as const;
export const NO_BAND_COLOR = '#9aa5b4';
export const UNIT_COLOR = '#1d5fa7';
export const AVERAGE_COLOR = '#a3adbb';
export const LOW_LINE_COLOR = '#b5541c';

export function bandColor(tone: number | null): string {
  return tone === null ? NO_BAND_COLOR : (BAND_COLORS[tone] ?? NO_BAND_COLOR);
}
