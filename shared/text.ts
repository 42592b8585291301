// Vietnamese text helpers: collation and diacritic-insensitive search.

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

/** "Phường Tân An" and "phuong tan an" fold to the same key; đ folds to d. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

export function matchesSearch(haystack: string, query: string): boolean {
  const q = foldDiacritics(query);
  return q === '' || foldDiacritics(haystack).includes(q);
}

/** A file name from a title: no control or reserved characters, dashes for spaces, at most 120 characters. */
export const safeFileName = (text: string): string =>
  [...text.normalize('NFC')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);

/**
 * The characters `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), as code points:
 * SQLite's trim(text, these) blanks a text exactly when JavaScript's trim does, so a query can tell a written
 * reason from a blank one without sending the text.
 */
export const TRIMMED_CODE_POINTS: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];
