// Glyph advance widths of Times New Roman (taken from Liberation Serif, which is metric-compatible), so the
// xlsx writer can set row heights for wrapped text: LibreOffice keeps a row's stored height on import
// and never fits it, and no application fits merged cells.

/** Advance widths in 1/1000 em of U+0020..U+007E. */
const ASCII: Record<'regular' | 'bold' | 'italic', number[]> = {
  regular: [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278,
    564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944,
    722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
    278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
  ],
  bold: [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333,
    570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000,
    722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389,
    333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
  ],
  italic: [
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333,
    675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833,
    611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389,
    278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541,
  ],
};

/** Letters whose width differs from their base letter (horn, stroke) and common punctuation beyond ASCII. */
const EXTRA: Record<'regular' | 'bold' | 'italic', Record<string, number>> = {
  regular: { ơ: 529, ư: 542, Ơ: 722, Ư: 776, đ: 500, Đ: 722, '—': 1000, '–': 500, '…': 1000, '“': 444, '”': 444, '‘': 333, '’': 333 },
  bold: { ơ: 554, ư: 600, Ơ: 778, Ư: 796, đ: 556, Đ: 722, '—': 1000, '–': 500, '…': 1000, '“': 500, '”': 500, '‘': 333, '’': 333 },
  italic: { ơ: 534, ư: 545, Ơ: 722, Ư: 754, đ: 500, Đ: 722, '—': 889, '–': 500, '…': 889, '“': 556, '”': 556, '‘': 333, '’': 333 },
};

export type FontStyle = 'regular' | 'bold' | 'italic';

const cache: Record<FontStyle, Map<string, number>> = { regular: new Map(), bold: new Map(), italic: new Map() };

function charWidth(ch: string, style: FontStyle): number {
  const extra = EXTRA[style][ch];
  if (extra !== undefined) return extra;
  const code = ch.charCodeAt(0);
  if (code >= 32 && code < 127) return ASCII[style][code - 32]!;
  // A precomposed Vietnamese letter is as wide as its base letter (ơ, ư keep their horn).
  const nfd = ch.normalize('NFD');
  if (nfd.length > 1) {
    const horn = nfd.includes('\u031B');
    const base = nfd[0]!;
    if (horn) return EXTRA[style][base === 'o' ? 'ơ' : base === 'u' ? 'ư' : base === 'O' ? 'Ơ' : 'Ư'] ?? 600;
    return charWidth(base, style);
  }
  if (code >= 0x300 && code <= 0x36f) return 0;
  return code > 0x2e80 ? 1000 : 600;
}

/** Width of a word in 1/1000 em. */
export function wordWidth(word: string, style: FontStyle): number {
  const c = cache[style];
  let w = c.get(word);
  if (w === undefined) {
    w = 0;
    for (const ch of word) w += charWidth(ch, style);
    if (c.size < 50_000) c.set(word, w);
  }
  return w;
}

/** How many lines greedy word wrapping gives for `text` in `widthPt` at `sizePt`. */
export function lineCount(text: string, widthPt: number, sizePt: number, style: FontStyle): number {
  const limit = (Math.max(1, widthPt) * 1000) / sizePt;
  const space = ASCII[style][0]!;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const w = wordWidth(word, style);
      if (used === 0) used = w;
      else if (used + space + w <= limit) used += space + w;
      else {
        lines++;
        used = w;
      }
      // A word wider than the column breaks inside itself.
      while (used > limit) {
        lines++;
        used -= limit;
      }
    }
  }
  return Math.max(1, lines);
}
