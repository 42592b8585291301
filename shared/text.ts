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
