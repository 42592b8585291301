// Who issues the decision, read from the campaign's issuer text (the same text the annexes quote after
// "của"), and the decree's way of writing a place and a date.

export interface Issuer {
  /**
   * 'chairman': "Chủ tịch Ủy ban nhân dân …" decides in his own name (signs "CHỦ TỊCH");
   * 'committee': "Ủy ban nhân dân …" decides as a body (signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH").
   */
  authority: 'chairman' | 'committee';
  /** "thành phố Cần Thơ", "tỉnh Điện Biên"; '' when the issuer names no place. */
  locality: string;
  /** The place of the date line: "Cần Thơ"; '……' when unknown. */
  place: string;
}

export const BLANK = '……';

export function issuerOf(text: string): Issuer {
  const t = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  const m = /^(chủ tịch\s+)?(?:ủy|uỷ) ban nhân dân\s*(.*)$/iu.exec(t) ?? /^(chủ tịch\s+)?ubnd\s*(.*)$/iu.exec(t);
  const authority = m?.[1] ? 'chairman' : 'committee';
  const locality = (m?.[2] ?? '').trim();
  const place = locality.replace(/^(tỉnh|thành phố|tp\.?)\s+/iu, '').trim();
  return { authority, locality, place: place || BLANK };
}

/**
 * "Cần Thơ, ngày 05 tháng 02 năm 2022": ND30 writes a day below 10 and the months 1 and 2 with a
 * leading zero, the other months without.
 */
export function placeDate(place: string, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return `${place}, ngày ${BLANK} tháng ${BLANK} năm ${BLANK}`;
  const month = Number(m[2]);
  return `${place}, ngày ${m[3]} tháng ${month <= 2 ? m[2] : String(month)} năm ${m[1]}`;
}

/** "Sở, ban, ngành" → "các sở, ban, ngành"; an acronym ("UBND xã, phường") stays as written. */
export function groupPhrase(name: string): string {
  const n = name.trim();
  const [first, second] = [...n];
  if (first && second && first !== first.toLocaleLowerCase('vi') && second === second.toLocaleLowerCase('vi')) {
    return `các ${first.toLocaleLowerCase('vi')}${n.slice(first.length)}`;
  }
  return n;
}

/** "a", "a và b", "a; b và c" (group names hold commas of their own). */
export function joinVi(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')} và ${items[items.length - 1]}`;
}
