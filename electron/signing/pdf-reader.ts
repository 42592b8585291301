// Just enough of a PDF reader to find signatures the way a PDF reader does: the cross-reference sections
// (tables and streams, followed through every incremental update), indirect objects (object streams
// included), and the signature fields reachable from the catalog. Text that merely looks like a
// signature — in a comment, a stream or an object nothing refers to — is never taken for one.

import { inflateSync } from 'node:zlib';

export interface PdfName {
  kind: 'name';
  name: string;
}
export interface PdfString {
  kind: 'string';
  bytes: Buffer;
  hex: boolean;
  /** Offsets of the opening "<"/"(" and just past the closing ">"/")" in the buffer it was read from. */
  start: number;
  end: number;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
export interface PdfArray {
  kind: 'array';
  items: PdfValue[];
}
export interface PdfDict {
  kind: 'dict';
  entries: Map<string, PdfValue>;
}
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfArray | PdfDict;

export class PdfSyntaxError extends Error {}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Reads PDF values from a buffer (the file, or a decoded object stream). */
class Lexer {
  constructor(readonly buf: Buffer) {}

  skip(pos: number): number {
    const b = this.buf;
    while (pos < b.length) {
      if (WHITE.has(b[pos]!)) pos++;
      else if (b[pos] === 0x25) {
        while (pos < b.length && b[pos] !== 0x0a && b[pos] !== 0x0d) pos++;
      } else break;
    }
    return pos;
  }

  /** A bare word (number, keyword) starting at pos. */
  word(pos: number): { text: string; end: number } {
    let end = pos;
    while (end < this.buf.length && !WHITE.has(this.buf[end]!) && !DELIM.has(this.buf[end]!)) end++;
    return { text: this.buf.toString('latin1', pos, end), end };
  }

  keywordAt(pos: number, keyword: string): number | null {
    const p = this.skip(pos);
    const w = this.word(p);
    return w.text === keyword ? w.end : null;
  }

  value(pos: number, depth = 0): { value: PdfValue; end: number } {
    if (depth > 100) throw new PdfSyntaxError('nesting too deep');
    const b = this.buf;
    const p = this.skip(pos);
    if (p >= b.length) throw new PdfSyntaxError('unexpected end');
    const c = b[p]!;
    if (c === 0x3c && b[p + 1] === 0x3c) return this.dict(p + 2, depth);
    if (c === 0x3c) {
      const close = b.indexOf(0x3e, p + 1);
      if (close < 0) throw new PdfSyntaxError('unterminated hex string');
      const hex = b.toString('latin1', p + 1, close).replace(/[\0\t\n\f\r ]/g, '');
      if (!/^[0-9A-Fa-f]*$/.test(hex)) throw new PdfSyntaxError('bad hex string');
      return { value: { kind: 'string', bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), hex: true, start: p, end: close + 1 }, end: close + 1 };
    }
    if (c === 0x28) return this.literal(p);
    if (c === 0x5b) {
      const items: PdfValue[] = [];
      let q = p + 1;
      for (;;) {
        q = this.skip(q);
        if (q >= b.length) throw new PdfSyntaxError('unterminated array');
        if (b[q] === 0x5d) return { value: { kind: 'array', items }, end: q + 1 };
        const v = this.value(q, depth + 1);
        items.push(v.value);
        q = v.end;
      }
    }
    if (c === 0x2f) {
      const w = this.word(p + 1);
      return { value: { kind: 'name', name: w.text.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) }, end: w.end };
    }
    const w = this.word(p);
    if (w.text === 'true' || w.text === 'false') return { value: w.text === 'true', end: w.end };
    if (w.text === 'null') return { value: null, end: w.end };
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w.text)) {
      // "12 0 R" is a reference: two non-negative integers and the keyword.
      if (/^\d+$/.test(w.text)) {
        const p2 = this.skip(w.end);
        const w2 = this.word(p2);
        if (/^\d+$/.test(w2.text)) {
          const p3 = this.skip(w2.end);
          const w3 = this.word(p3);
          if (w3.text === 'R') return { value: { kind: 'ref', num: Number(w.text), gen: Number(w2.text) }, end: w3.end };
        }
      }
      return { value: Number(w.text), end: w.end };
    }
    throw new PdfSyntaxError(`unexpected "${w.text || String.fromCharCode(c)}"`);
  }

  private dict(pos: number, depth: number): { value: PdfDict; end: number } {
    const entries = new Map<string, PdfValue>();
    let q = pos;
    for (;;) {
      q = this.skip(q);
      if (q >= this.buf.length) throw new PdfSyntaxError('unterminated dictionary');
      if (this.buf[q] === 0x3e && this.buf[q + 1] === 0x3e) return { value: { kind: 'dict', entries }, end: q + 2 };
      const key = this.value(q, depth + 1);
      if (!isName(key.value)) throw new PdfSyntaxError('dictionary key is not a name');
      const v = this.value(key.end, depth + 1);
      // A repeated key: the first one counts, as in most readers; either way it is suspicious, so keep the first.
      if (!entries.has(key.value.name)) entries.set(key.value.name, v.value);
      q = v.end;
    }
  }

  private literal(pos: number): { value: PdfString; end: number } {
    const b = this.buf;
    const out: number[] = [];
    let depth = 1;
    let q = pos + 1;
    while (q < b.length) {
      const c = b[q]!;
      if (c === 0x5c) {
        const n = b[q + 1];
        if (n === undefined) break;
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[n] !== undefined) {
          out.push(map[n]);
          q += 2;
        } else if (n >= 0x30 && n <= 0x37) {
          let digits = '';
          let k = q + 1;
          while (digits.length < 3 && b[k]! >= 0x30 && b[k]! <= 0x37) digits += String.fromCharCode(b[k++]!);
          out.push(parseInt(digits, 8) & 0xff);
          q = k;
        } else if (n === 0x0d || n === 0x0a) {
          q += n === 0x0d && b[q + 2] === 0x0a ? 3 : 2;
        } else {
          out.push(n);
          q += 2;
        }
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) return { value: { kind: 'string', bytes: Buffer.from(out), hex: false, start: pos, end: q + 1 }, end: q + 1 };
      out.push(c);
      q++;
    }
    throw new PdfSyntaxError('unterminated string');
  }
}

export const isName = (v: PdfValue | undefined): v is PdfName => typeof v === 'object' && v !== null && v.kind === 'name';
export const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v !== null && v.kind === 'dict';
export const isArray = (v: PdfValue | undefined): v is PdfArray => typeof v === 'object' && v !== null && v.kind === 'array';
export const isString = (v: PdfValue | undefined): v is PdfString => typeof v === 'object' && v !== null && v.kind === 'string';
export const isRef = (v: PdfValue | undefined): v is PdfRef => typeof v === 'object' && v !== null && v.kind === 'ref';

type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

/** One cross-reference section: where it starts and the objects it defines (one per incremental update). */
export interface XrefSection {
  offset: number;
  objects: number[];
}

export interface IndirectObject {
  num: number;
  value: PdfValue;
  /** Where "N G obj" starts in the file; null for an object inside an object stream. */
  offset: number | null;
}

/** Signature fields as a PDF reader lists them. */
export interface SignatureField {
  /** The field's name (/T), as written. */
  name: string;
  /** The signature dictionary (/V), or null when it could not be read. */
  dict: PdfDict | null;
  /** The signature dictionary's object number when it is an indirect object. */
  objectNumber: number | null;
  /** True when the signature dictionary sits in the file itself (not in a compressed object stream). */
  inFile: boolean;
  problem: string | null;
}

const MAX_SECTIONS = 10_000;

export class PdfDocument {
  private readonly lex: Lexer;
  private readonly xref = new Map<number, XrefEntry>();
  readonly sections: XrefSection[] = [];
  readonly trailer: PdfDict;
  private readonly objStreams = new Map<number, { lex: Lexer; offsets: Map<number, number> }>();

  constructor(readonly bytes: Buffer) {
    this.lex = new Lexer(bytes);
    const tail = bytes.toString('latin1', Math.max(0, bytes.length - 2048));
    const at = tail.lastIndexOf('startxref');
    if (at < 0) throw new PdfSyntaxError('no startxref');
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) throw new PdfSyntaxError('bad startxref');
    let trailer: PdfDict | null = null;
    const seen = new Set<number>();
    const queue: number[] = [Number(m[1])];
    while (queue.length > 0) {
      const offset = queue.shift()!;
      if (seen.has(offset) || seen.size > MAX_SECTIONS) throw new PdfSyntaxError('xref loop');
      seen.add(offset);
      const section = this.readSection(offset);
      trailer ??= section.trailer;
      const xrefStm = section.trailer.entries.get('XRefStm');
      if (typeof xrefStm === 'number' && !seen.has(xrefStm)) queue.unshift(xrefStm);
      const prev = section.trailer.entries.get('Prev');
      if (typeof prev === 'number') queue.push(prev);
    }
    if (!trailer) throw new PdfSyntaxError('no trailer');
    this.trailer = trailer;
  }

  private readSection(offset: number): { trailer: PdfDict } {
    if (offset < 0 || offset >= this.bytes.length) throw new PdfSyntaxError('xref offset outside the file');
    const afterXref = this.lex.keywordAt(offset, 'xref');
    const objects: number[] = [];
    const set = (num: number, entry: XrefEntry | null) => {
      objects.push(num);
      // Newest first: an older section never overrides what a later update says.
      if (!this.xref.has(num) && entry) this.xref.set(num, entry);
      else if (!this.xref.has(num)) this.xref.set(num, { type: 1, offset: -1, gen: 0 });
    };
    if (afterXref !== null) {
      let p = afterXref;
      for (;;) {
        p = this.lex.skip(p);
        const first = this.lex.word(p);
        if (first.text === 'trailer') {
          const t = this.lex.value(first.end);
          if (!isDict(t.value)) throw new PdfSyntaxError('trailer is not a dictionary');
          this.sections.push({ offset, objects });
          return { trailer: t.value };
        }
        const countWord = this.lex.word(this.lex.skip(first.end));
        if (!/^\d+$/.test(first.text) || !/^\d+$/.test(countWord.text)) throw new PdfSyntaxError('bad xref subsection');
        const start = Number(first.text);
        const count = Number(countWord.text);
        p = countWord.end;
        for (let i = 0; i < count; i++) {
          p = this.lex.skip(p);
          const line = /^(\d{10}) (\d{5}) ([nf])/.exec(this.bytes.toString('latin1', p, p + 18));
          if (!line) throw new PdfSyntaxError('bad xref entry');
          set(start + i, line[3] === 'n' ? { type: 1, offset: Number(line[1]), gen: Number(line[2]) } : null);
          p += 18;
        }
      }
    }
    // A cross-reference stream (PDF 1.5).
    const obj = this.objectAt(offset);
    const dict = obj.value;
    if (!isDict(dict) || !isName(dict.entries.get('Type')) || (dict.entries.get('Type') as PdfName).name !== 'XRef') throw new PdfSyntaxError('xref offset points at no xref');
    const data = this.streamData(dict, obj.streamStart);
    const w = arrayOfNumbers(dict.entries.get('W'));
    if (!w || w.length !== 3) throw new PdfSyntaxError('bad /W');
    const size = dict.entries.get('Size');
    const index = arrayOfNumbers(dict.entries.get('Index')) ?? [0, typeof size === 'number' ? size : 0];
    const rowLength = w[0]! + w[1]! + w[2]!;
    let row = 0;
    const field = (at: number, len: number, fallback: number) => {
      if (len === 0) return fallback;
      let n = 0;
      for (let i = 0; i < len; i++) n = n * 256 + data[at + i]!;
      return n;
    };
    for (let k = 0; k + 1 < index.length; k += 2) {
      for (let i = 0; i < index[k + 1]!; i++, row++) {
        const at = row * rowLength;
        if (at + rowLength > data.length) throw new PdfSyntaxError('xref stream too short');
        const type = field(at, w[0]!, 1);
        const a = field(at + w[0]!, w[1]!, 0);
        const b = field(at + w[0]! + w[1]!, w[2]!, 0);
        set(index[k]! + i, type === 1 ? { type: 1, offset: a, gen: b } : type === 2 ? { type: 2, stream: a, index: b } : null);
      }
    }
    this.sections.push({ offset, objects });
    return { trailer: dict };
  }

  /** "N G obj <value> [stream …]" at an offset of the file. */
  private objectAt(offset: number): { num: number; value: PdfValue; streamStart: number | null; end: number } {
    const p = this.lex.skip(offset);
    const n = this.lex.word(p);
    const g = this.lex.word(this.lex.skip(n.end));
    const afterObj = this.lex.keywordAt(g.end, 'obj');
    if (!/^\d+$/.test(n.text) || !/^\d+$/.test(g.text) || afterObj === null) throw new PdfSyntaxError(`no object at offset ${offset}`);
    const v = this.lex.value(afterObj);
    let streamStart: number | null = null;
    const afterStream = isDict(v.value) ? this.lex.keywordAt(v.end, 'stream') : null;
    if (afterStream !== null) {
      streamStart = afterStream + (this.bytes[afterStream] === 0x0d && this.bytes[afterStream + 1] === 0x0a ? 2 : this.bytes[afterStream] === 0x0a || this.bytes[afterStream] === 0x0d ? 1 : 0);
    }
    return { num: Number(n.text), value: v.value, streamStart, end: v.end };
  }

  private streamData(dict: PdfDict, start: number | null): Buffer {
    if (start === null) throw new PdfSyntaxError('stream expected');
    const length = this.resolve(dict.entries.get('Length') ?? null);
    if (typeof length !== 'number' || length < 0 || start + length > this.bytes.length) throw new PdfSyntaxError('bad stream /Length');
    let data: Uint8Array = this.bytes.subarray(start, start + length);
    const filter = this.resolve(dict.entries.get('Filter') ?? null);
    const filters = isName(filter) ? [filter.name] : isArray(filter) ? filter.items.map((f) => (isName(f) ? f.name : '?')) : [];
    for (const f of filters) {
      if (f !== 'FlateDecode') throw new PdfSyntaxError(`filter ${f} not supported`);
      data = inflateSync(data);
    }
    const parms = this.resolve(dict.entries.get('DecodeParms') ?? null);
    if (isDict(parms)) {
      const predictor = parms.entries.get('Predictor');
      if (typeof predictor === 'number' && predictor >= 10) {
        const columns = parms.entries.get('Columns');
        data = unpredictPng(data, typeof columns === 'number' ? columns : 1);
      }
    }
    return Buffer.from(data);
  }

  private objectStream(num: number): { lex: Lexer; offsets: Map<number, number> } {
    const cached = this.objStreams.get(num);
    if (cached) return cached;
    const entry = this.xref.get(num);
    if (!entry || entry.type !== 1 || entry.offset < 0) throw new PdfSyntaxError(`object stream ${num} missing`);
    const obj = this.objectAt(entry.offset);
    if (!isDict(obj.value)) throw new PdfSyntaxError('object stream is not a stream');
    const data = this.streamData(obj.value, obj.streamStart);
    const n = obj.value.entries.get('N');
    const first = obj.value.entries.get('First');
    if (typeof n !== 'number' || typeof first !== 'number') throw new PdfSyntaxError('bad object stream');
    const lex = new Lexer(data);
    const offsets = new Map<number, number>();
    let p = 0;
    for (let i = 0; i < n; i++) {
      const a = lex.word(lex.skip(p));
      const b = lex.word(lex.skip(a.end));
      offsets.set(Number(a.text), first + Number(b.text));
      p = b.end;
    }
    const stream = { lex, offsets };
    this.objStreams.set(num, stream);
    return stream;
  }

  object(num: number): IndirectObject | null {
    const entry = this.xref.get(num);
    if (!entry) return null;
    if (entry.type === 1) {
      if (entry.offset < 0) return null;
      const obj = this.objectAt(entry.offset);
      if (obj.num !== num) throw new PdfSyntaxError(`object ${num} expected at offset ${entry.offset}`);
      return { num, value: obj.value, offset: entry.offset };
    }
    const stream = this.objectStream(entry.stream);
    const at = stream.offsets.get(num);
    if (at === undefined) throw new PdfSyntaxError(`object ${num} not in its object stream`);
    return { num, value: stream.lex.value(at).value, offset: null };
  }

  /** The decoded data of stream object `num` stored in the file itself; null when it is no such stream. */
  stream(num: number): Buffer | null {
    const entry = this.xref.get(num);
    if (!entry || entry.type !== 1 || entry.offset < 0) return null;
    const obj = this.objectAt(entry.offset);
    return isDict(obj.value) && obj.streamStart !== null ? this.streamData(obj.value, obj.streamStart) : null;
  }

  resolve(v: PdfValue, depth = 0): PdfValue {
    if (!isRef(v)) return v;
    if (depth > 32) throw new PdfSyntaxError('reference loop');
    return this.resolve(this.object(v.num)?.value ?? null, depth + 1);
  }

  get(dict: PdfDict, key: string): PdfValue {
    return this.resolve(dict.entries.get(key) ?? null);
  }

  /** The /Type of an object, for saying what a later update changed. */
  typeOf(num: number): string | null {
    try {
      const v = this.object(num)?.value;
      if (!isDict(v)) return null;
      const t = v.entries.get('Type');
      if (isName(t)) return t.name;
      const ft = v.entries.get('FT');
      return isName(ft) ? `${ft.name} (trường)` : null;
    } catch {
      return null;
    }
  }

  /**
   * Signature fields from the AcroForm (fields and their kids) and the widget annotations of every page,
   * each signature dictionary once, in the order a reader lists them.
   */
  signatureFields(): SignatureField[] {
    const out: SignatureField[] = [];
    const seenDicts = new Set<string>();
    const seenNodes = new Set<number>();
    const visitField = (ref: PdfValue, inheritedFt: string | null, parentName: string, depth: number) => {
      if (depth > 50) return;
      if (isRef(ref)) {
        if (seenNodes.has(ref.num)) return;
        seenNodes.add(ref.num);
      }
      let node: PdfValue;
      try {
        node = this.resolve(ref);
      } catch {
        return;
      }
      if (!isDict(node)) return;
      const ftValue = node.entries.get('FT');
      const ft = isName(ftValue) ? ftValue.name : inheritedFt;
      const t = node.entries.get('T');
      const name = isString(t) ? [parentName, t.bytes.toString('latin1')].filter(Boolean).join('.') : parentName;
      const kids = node.entries.get('Kids');
      if (ft === 'Sig' && node.entries.has('V')) {
        const v = node.entries.get('V')!;
        const key = isRef(v) ? `r${v.num}` : `f${isRef(ref) ? ref.num : out.length}`;
        if (!seenDicts.has(key)) {
          seenDicts.add(key);
          out.push(this.field(name, v));
        }
      }
      const kidsValue = this.safeResolve(kids ?? null);
      if (isArray(kidsValue)) for (const k of kidsValue.items) visitField(k, ft, name, depth + 1);
    };
    const root = this.safeResolve(this.trailer.entries.get('Root') ?? null);
    if (isDict(root)) {
      const form = this.safeResolve(root.entries.get('AcroForm') ?? null);
      const fields = isDict(form) ? this.safeResolve(form.entries.get('Fields') ?? null) : null;
      if (isArray(fields)) for (const f of fields.items) visitField(f, null, '', 0);
      for (const annot of this.pageAnnotations(root)) visitField(annot, null, '', 0);
    }
    return out;
  }

  private safeResolve(v: PdfValue): PdfValue {
    try {
      return this.resolve(v);
    } catch {
      return null;
    }
  }

  private pageAnnotations(root: PdfDict): PdfValue[] {
    const out: PdfValue[] = [];
    const seen = new Set<number>();
    const walk = (node: PdfValue, depth: number) => {
      if (depth > 64) return;
      if (isRef(node)) {
        if (seen.has(node.num)) return;
        seen.add(node.num);
      }
      const n = this.safeResolve(node);
      if (!isDict(n)) return;
      const kids = this.safeResolve(n.entries.get('Kids') ?? null);
      if (isArray(kids)) for (const k of kids.items) walk(k, depth + 1);
      const annots = this.safeResolve(n.entries.get('Annots') ?? null);
      if (isArray(annots)) out.push(...annots.items);
    };
    walk(root.entries.get('Pages') ?? null, 0);
    return out;
  }

  private field(name: string, v: PdfValue): SignatureField {
    try {
      if (isRef(v)) {
        const obj = this.object(v.num);
        const dict = obj?.value ?? null;
        if (!isDict(dict)) return { name, dict: null, objectNumber: v.num, inFile: false, problem: 'Trường chữ ký không trỏ tới từ điển chữ ký.' };
        return { name, dict, objectNumber: v.num, inFile: obj!.offset !== null, problem: null };
      }
      if (!isDict(v)) return { name, dict: null, objectNumber: null, inFile: false, problem: 'Trường chữ ký không trỏ tới từ điển chữ ký.' };
      // A direct dictionary inside the field: it lies in the file only if the field itself does.
      return { name, dict: v, objectNumber: null, inFile: true, problem: null };
    } catch (error) {
      return { name, dict: null, objectNumber: isRef(v) ? v.num : null, inFile: false, problem: `Không đọc được từ điển chữ ký (${error instanceof Error ? error.message : String(error)}).` };
    }
  }
}

function arrayOfNumbers(v: PdfValue | undefined): number[] | null {
  if (!isArray(v)) return null;
  const out: number[] = [];
  for (const x of v.items) {
    if (typeof x !== 'number') return null;
    out.push(x);
  }
  return out;
}

/** PNG row predictors (PDF 7.4.4.4), as cross-reference and object streams use them. */
function unpredictPng(data: Uint8Array, columns: number): Uint8Array {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength]!;
    for (let i = 0; i < columns; i++) {
      const raw = data[r * rowLength + 1 + i]!;
      const left = i > 0 ? out[r * columns + i - 1]! : 0;
      const up = r > 0 ? out[(r - 1) * columns + i]! : 0;
      const upLeft = r > 0 && i > 0 ? out[(r - 1) * columns + i - 1]! : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + Math.floor((left + up) / 2);
      else {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[r * columns + i] = v & 0xff;
    }
  }
  return out;
}
