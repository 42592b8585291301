// The visible signature block of a signed annex, as Nghị định 30/2020/NĐ-CP (Phụ lục I) sets it for a
// document attached to a decision in its own file: top right of its first page, the document's number and
// the signing time (ISO 8601, Vietnam's offset), Times New Roman (Liberation Serif, metric-compatible),
// upright, size 10. It is the appearance of the signature's own widget, written in the same incremental
// update as the signature dictionary, so the signature covers it and the whole file. The text uses the
// regular Liberation Serif already embedded in the annex (its subset holds every Vietnamese letter, see
// SIGNATURE_BLOCK_GLYPHS), so nothing is added that PDF/A would refuse. A PDF without that font gets no
// block (prepareVisibleSignature returns null) and is signed as before.

import { isArray, isDict, isName, isRef, isString, PdfDocument, type PdfDict, type PdfRef, type PdfValue } from './pdf-reader.js';

export const BLOCK_FONT_SIZE = 10;
/** Black: the decree's colour for the information of an attachment's signature (not the blue of a person's). */
export const BLOCK_COLOUR: [number, number, number] = [0, 0, 0];
const LINE = 1.15;
const PAD = 2;
const MM = 72 / 25.4;
/** From the page's top and right edges: inside the decree's 20 mm top and 15 mm right margins. */
const TOP = 5 * MM;
const RIGHT = 15 * MM;
const MAX_WIDTH = 90 * MM;

export interface SignatureFields {
  subFilter: string;
  reason: string;
  name: string;
  location: string;
  signingTime: Date;
  signatureLength: number;
  appName: string;
}

/** "2026-12-03T20:03:32+07:00": ISO 8601 in Vietnam's time zone (UTC+7, no daylight saving). */
export function vietnamIso(time: Date): string {
  return `${new Date(time.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * The block's lines: who signed (the agency of a personal certificate in brackets), the document's number
 * when known, the time. Three lines fit inside the top margin, above the annex's heading.
 */
export function signatureBlockLines(signer: { commonName: string; organization: string | null }, documentNo: string | null, time: Date): string[] {
  const agency = signer.organization && signer.organization !== signer.commonName ? ` (${signer.organization})` : '';
  const lines = [`Ký bởi: ${signer.commonName}${agency}`];
  if (documentNo) lines.push(`Số: ${documentNo}`);
  lines.push(`Thời gian ký: ${vietnamIso(time)}`);
  return lines;
}

/** Text of an Info string: UTF-16BE with its byte-order mark, or PDFDocEncoding (read as Latin-1). */
function textOf(v: PdfValue): string | null {
  if (!isString(v)) return null;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) return b.subarray(2).swap16().toString('utf16le');
  return b.toString('latin1');
}

/** The number recorded by the annex writer in the Info dictionary (/DecisionNo), when there is one. */
export function documentNumberOf(doc: PdfDocument): string | null {
  const info = doc.resolve(doc.trailer.entries.get('Info') ?? null);
  if (!isDict(info)) return null;
  return textOf(doc.get(info, 'DecisionNo'))?.trim() || null;
}

// ---- writing PDF values ------------------------------------------------------------------------

const NAME_SAFE = /^[!-~]$/;
const DELIMITERS = new Set([...'()<>[]{}/%#']);
const name = (n: string) => `/${[...n].map((c) => (NAME_SAFE.test(c) && !DELIMITERS.has(c) ? c : `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('')}`;
const real = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, '').replace(/\.$/, ''));
/** A text string: ASCII as a literal string, anything else as UTF-16BE with a byte-order mark. */
const pdfText = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})` : `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return real(v);
  switch (v.kind) {
    case 'name':
      return name(v.name);
    case 'string':
      return `<${v.bytes.toString('hex')}>`;
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'array':
      return `[${v.items.map(serialize).join(' ')}]`;
    case 'dict':
      return `<<${[...v.entries].map(([k, x]) => `${name(k)} ${serialize(x)}`).join(' ')}>>`;
  }
}

/** "D:20261203200332+07'00'" */
function pdfDate(time: Date): string {
  return `D:${vietnamIso(time).slice(0, 19).replace(/[-T:]/g, '')}+07'00'`;
}

// ---- the embedded font -------------------------------------------------------------------------

interface BlockFont {
  /** The Type0 font object on the first page. */
  ref: PdfRef;
  cidOf: Map<string, number>;
  widthOf: (cid: number) => number;
}

const hexToText = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

/** Character → CID from a ToUnicode CMap (bfchar and bfrange, both forms of the latter). */
function readToUnicode(cmap: string): Map<string, number> {
  const out = new Map<string, number>();
  const set = (cid: number, text: string) => {
    if (!out.has(text)) out.set(text, cid);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) set(parseInt(m[1]!, 16), hexToText(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const dst = m[3]!;
      if (dst.startsWith('[')) {
        [...dst.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => {
          if (lo + i <= hi) set(lo + i, hexToText(d[1]!));
        });
      } else {
        const first = Buffer.from(dst.slice(1, -1), 'hex');
        for (let cid = lo; cid <= hi && hi - lo < 65_536; cid++) {
          const code = Buffer.from(first);
          code.writeUInt16BE((code.readUInt16BE(code.length - 2) + cid - lo) & 0xffff, code.length - 2);
          set(cid, code.swap16().toString('utf16le'));
        }
      }
    }
  }
  return out;
}

/** Glyph widths (thousandths of the size) from a CIDFont's /W and /DW. */
function readWidths(doc: PdfDocument, cidFont: PdfDict): (cid: number) => number {
  const widths = new Map<number, number>();
  const w = doc.get(cidFont, 'W');
  const dw = doc.get(cidFont, 'DW');
  const fallback = typeof dw === 'number' ? dw : 1000;
  if (isArray(w)) {
    const items = w.items.map((x) => doc.resolve(x));
    for (let i = 0; i < items.length; ) {
      const first = items[i];
      const next = items[i + 1];
      if (typeof first !== 'number') break;
      if (isArray(next)) {
        next.items.forEach((x, k) => typeof x === 'number' && widths.set(first + k, x));
        i += 2;
      } else if (typeof next === 'number' && typeof items[i + 2] === 'number') {
        for (let c = first; c <= next && next - first < 65_536; c++) widths.set(c, items[i + 2] as number);
        i += 3;
      } else break;
    }
  }
  return (cid) => widths.get(cid) ?? fallback;
}

/** The regular Liberation Serif the annex writer embeds, as listed in the page's resources. */
function findBlockFont(doc: PdfDocument, page: PdfDict): BlockFont | null {
  const resources = doc.get(page, 'Resources');
  const fonts = isDict(resources) ? doc.get(resources, 'Font') : null;
  if (!isDict(fonts)) return null;
  for (const ref of fonts.entries.values()) {
    if (!isRef(ref)) continue;
    const font = doc.resolve(ref);
    if (!isDict(font)) continue;
    const base = doc.get(font, 'BaseFont');
    const subtype = doc.get(font, 'Subtype');
    const encoding = doc.get(font, 'Encoding');
    if (!isName(base) || !/^[A-Z]{6}\+LiberationSerif$/.test(base.name)) continue;
    if (!isName(subtype) || subtype.name !== 'Type0' || !isName(encoding) || encoding.name !== 'Identity-H') continue;
    const toUnicode = font.entries.get('ToUnicode');
    const descendants = doc.get(font, 'DescendantFonts');
    const cidFont = isArray(descendants) ? doc.resolve(descendants.items[0] ?? null) : null;
    if (!isRef(toUnicode) || !isDict(cidFont)) continue;
    const cmap = doc.stream(toUnicode.num);
    if (!cmap) continue;
    return { ref, cidOf: readToUnicode(cmap.toString('latin1')), widthOf: readWidths(doc, cidFont) };
  }
  return null;
}

// ---- the update --------------------------------------------------------------------------------

function firstPage(doc: PdfDocument): { ref: PdfRef; dict: PdfDict } | null {
  const root = doc.resolve(doc.trailer.entries.get('Root') ?? null);
  if (!isDict(root)) return null;
  let node: PdfValue = root.entries.get('Pages') ?? null;
  for (let depth = 0; depth < 32 && isRef(node); depth++) {
    const dict = doc.resolve(node);
    if (!isDict(dict)) return null;
    const type = dict.entries.get('Type');
    if (isName(type) && type.name === 'Page') return { ref: node, dict };
    const kids = doc.get(dict, 'Kids');
    node = isArray(kids) ? (kids.items[0] ?? null) : null;
  }
  return null;
}

function mediaBox(doc: PdfDocument, page: PdfDict): [number, number, number, number] | null {
  let node: PdfValue = page;
  for (let depth = 0; depth < 32 && isDict(node); depth++) {
    const box = doc.get(node, 'MediaBox');
    if (isArray(box) && box.items.length === 4 && box.items.every((x) => typeof x === 'number')) return box.items as [number, number, number, number];
    node = doc.get(node, 'Parent');
  }
  return null;
}

/** Greedy word wrap of one line to `max` points; the continuation is indented by two spaces. */
function wrapLine(words: string[], width: (s: string) => number, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && width(next) > max) {
      out.push(line);
      line = `  ${w}`;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The PDF with one incremental update holding the signature dictionary (its /ByteRange and /Contents
 * placeholders as @signpdf fills them), the widget whose appearance is the block, the form listing it,
 * and the first page listing the widget; null when the block cannot be drawn in this PDF.
 */
export function prepareVisibleSignature(pdf: Buffer, lines: string[], sig: SignatureFields): Buffer | null {
  let doc: PdfDocument;
  try {
    doc = new PdfDocument(pdf);
  } catch {
    return null;
  }
  // The update is a classic xref table: only on top of one (an xref stream would need one of its own).
  const newest = doc.sections[0];
  if (!newest || pdf.toString('latin1', newest.offset, newest.offset + 4) !== 'xref') return null;
  const page = firstPage(doc);
  const root = doc.resolve(doc.trailer.entries.get('Root') ?? null);
  const rootRef = doc.trailer.entries.get('Root');
  const size = doc.trailer.entries.get('Size');
  if (!page || !isDict(root) || !isRef(rootRef) || typeof size !== 'number') return null;
  const box = mediaBox(doc, page.dict);
  const font = box ? findBlockFont(doc, page.dict) : null;
  if (!box || !font) return null;

  const text = lines.map((l) => l.normalize('NFC'));
  const cids = (s: string): number[] | null => {
    const out: number[] = [];
    for (const ch of s) {
      const cid = font.cidOf.get(ch);
      if (cid === undefined) return null;
      out.push(cid);
    }
    return out;
  };
  const width = (s: string) => (cids(s) ?? []).reduce((w, c) => w + font.widthOf(c), 0) * (BLOCK_FONT_SIZE / 1000);
  const wrapped = text.flatMap((l) => wrapLine(l.split(' '), width, MAX_WIDTH));
  const encoded = wrapped.map(cids);
  if (encoded.some((e) => e === null)) return null;

  const lineHeight = BLOCK_FONT_SIZE * LINE;
  const w = Math.max(...wrapped.map(width)) + 2 * PAD;
  const h = wrapped.length * lineHeight + 2 * PAD;
  // A later signature's block goes to the left of the earlier ones, never over them.
  const annots = doc.get(page.dict, 'Annots');
  const taken: Array<[number, number]> = [];
  for (const a of isArray(annots) ? annots.items : []) {
    const annot = doc.resolve(a);
    if (!isDict(annot)) continue;
    const ft = doc.get(annot, 'FT');
    const r = doc.get(annot, 'Rect');
    if (!isName(ft) || ft.name !== 'Sig' || !isArray(r) || r.items.length !== 4 || !r.items.every((v) => typeof v === 'number')) continue;
    const [left, , right] = r.items as number[];
    if (right! > left!) taken.push([left!, right!]);
  }
  taken.sort((p, q) => q[0] - p[0]);
  let x1 = box[2] - RIGHT;
  for (const [left, right] of taken) if (left < x1 && right > x1 - w) x1 = left - 2 * MM;
  const y1 = box[3] - TOP;
  const rect = [x1 - w, y1 - h, x1, y1];
  // Baselines: Liberation Serif's ascent is 0.891 em.
  const ops = [`q ${BLOCK_COLOUR.map(real).join(' ')} rg BT /F1 ${BLOCK_FONT_SIZE} Tf`];
  encoded.forEach((e, i) => {
    const baseline = h - PAD - i * lineHeight - 0.891 * BLOCK_FONT_SIZE;
    ops.push(`1 0 0 1 ${real(PAD)} ${real(baseline)} Tm <${e!.map((c) => c.toString(16).padStart(4, '0')).join('')}> Tj`);
  });
  ops.push('ET Q');
  const stream = Buffer.from(ops.join('\n'), 'latin1');

  let next = size;
  const appearance = next++;
  const signature = next++;
  const widget = next++;
  const form = next++;
  const objects = new Map<number, Buffer>();
  objects.set(
    appearance,
    Buffer.concat([
      Buffer.from(`<</Type /XObject /Subtype /Form /BBox [0 0 ${real(w)} ${real(h)}] /Resources <</Font <</F1 ${font.ref.num} ${font.ref.gen} R>>>> /Length ${stream.length}>>\nstream\n`, 'latin1'),
      stream,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  objects.set(
    signature,
    Buffer.from(
      `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter ${name(sig.subFilter)} /ByteRange [0 /********** /********** /**********] ` +
        `/Contents <${'0'.repeat(sig.signatureLength * 2)}> /Reason ${pdfText(sig.reason)} /M (${pdfDate(sig.signingTime)}) ` +
        `/ContactInfo () /Name ${pdfText(sig.name)} /Location ${pdfText(sig.location)} ` +
        `/Prop_Build <</Filter <</Name /Adobe.PPKLite>> /App <</Name ${name(sig.appName)}>>>>>>`,
      'latin1',
    ),
  );

  // Existing fields (an earlier signature) stay in the form; this one is named after them.
  const acroForm = doc.get(root, 'AcroForm');
  const fields = isDict(acroForm) ? doc.get(acroForm, 'Fields') : null;
  const fieldRefs = isArray(fields) ? fields.items : [];
  objects.set(
    widget,
    Buffer.from(
      `<</Type /Annot /Subtype /Widget /FT /Sig /Rect [${rect.map(real).join(' ')}] /V ${signature} 0 R /T ${pdfText(`Signature${fieldRefs.length + 1}`)} ` +
        `/F 4 /P ${page.ref.num} ${page.ref.gen} R /AP <</N ${appearance} 0 R>>>>`,
      'latin1',
    ),
  );
  const formEntries = new Map(isDict(acroForm) ? acroForm.entries : []);
  formEntries.set('Fields', { kind: 'array', items: [...fieldRefs, { kind: 'ref', num: widget, gen: 0 }] });
  formEntries.set('SigFlags', 3);
  objects.set(form, Buffer.from(serialize({ kind: 'dict', entries: formEntries }), 'latin1'));

  const rootEntries = new Map(root.entries);
  rootEntries.set('AcroForm', { kind: 'ref', num: form, gen: 0 });
  objects.set(rootRef.num, Buffer.from(serialize({ kind: 'dict', entries: rootEntries }), 'latin1'));

  const pageEntries = new Map(page.dict.entries);
  pageEntries.set('Annots', { kind: 'array', items: [...(isArray(annots) ? annots.items : []), { kind: 'ref', num: widget, gen: 0 }] });
  objects.set(page.ref.num, Buffer.from(serialize({ kind: 'dict', entries: pageEntries }), 'latin1'));

  // Written after the file's "%%EOF": objects, then their xref section and a trailer that keeps /ID
  // (PDF/A wants it in the last trailer) and points back at the previous section.
  const parts: Buffer[] = [pdf, Buffer.from('\n')];
  let offset = pdf.length + 1;
  const offsets = new Map<number, number>();
  for (const [num, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    const gen = num === rootRef.num ? rootRef.gen : num === page.ref.num ? page.ref.gen : 0;
    const chunk = Buffer.concat([Buffer.from(`${num} ${gen} obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.set(num, offset);
    parts.push(chunk);
    offset += chunk.length;
  }
  const xrefAt = offset;
  let xref = 'xref\n';
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    xref += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const num = nums[k]!;
      const gen = num === rootRef.num ? rootRef.gen : num === page.ref.num ? page.ref.gen : 0;
      xref += `${String(offsets.get(num)).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  const trailer = new Map<string, PdfValue>([
    ['Size', next],
    ['Root', rootRef],
    ['Prev', newest.offset],
  ]);
  const info = doc.trailer.entries.get('Info');
  if (info !== undefined) trailer.set('Info', info);
  const id = doc.trailer.entries.get('ID');
  if (id !== undefined) trailer.set('ID', id);
  parts.push(Buffer.from(`${xref}trailer\n${serialize({ kind: 'dict', entries: trailer })}\nstartxref\n${xrefAt}\n%%EOF`, 'latin1'));
  return Buffer.concat(parts);
}
