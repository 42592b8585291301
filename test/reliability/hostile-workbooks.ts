// Crafted workbooks that real-looking files can be: a stale <dimension> tag hiding rows, a formula
// without a stored value, and shared strings that inflate to hundreds of MB (told truthfully or
// lied about). Used by the workbook tests and added to the seeded fuzzers' corpus.
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { craftZip, type CraftEntry } from '../evidence/zip-craft.js';
import type { Aoa } from '../helpers.js';

const MB = 1024 * 1024;

/** Writes the sheets (in order: sheet1.xml, sheet2.xml, …), shared strings on, then edits sheet XML. */
export function craftWorkbook(sheets: Record<string, Aoa>, edit: (xml: string, sheetName: string) => string = (x) => x): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const files = unzipSync(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
  Object.keys(sheets).forEach((name, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    files[path] = strToU8(edit(strFromU8(files[path]!), name));
  });
  return craftZip(Object.entries(files).map(([name, data]) => ({ name, data })));
}

/** The sheet's <dimension> says `ref` whatever its cells say (Excel trusts the cells; SheetJS trusted the tag). */
export function staleDimension(sheets: Record<string, Aoa>, sheet: string, ref: string): Buffer {
  return craftWorkbook(sheets, (xml, name) => (name === sheet ? xml.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${ref}"/>`) : xml));
}

/** Cell `address` of `sheet` holds a formula and no <v>: what a generator writes when nothing recalculated it. */
export function uncachedFormula(sheets: Record<string, Aoa>, sheet: string, address: string, formula = 'SUM(C2:C11)'): Buffer {
  return craftWorkbook(sheets, (xml, name) => {
    if (name !== sheet) return xml;
    const cell = new RegExp(`<c r="${address}"[^>]*?(/>|>.*?</c>)`);
    if (!cell.test(xml)) throw new Error(`no cell ${address} in ${sheet}: give it a value first`);
    return xml.replace(cell, `<c r="${address}"><f>${formula}</f></c>`);
  });
}

/**
 * A real small workbook whose first shared string is `inflated` bytes of "A": the deflate stream is
 * built from one deflated megabyte repeated (each piece ends on a full flush, so the pieces chain),
 * so the file stays about a thousandth of that size and nothing that large is ever held here.
 * `declaredSize` lies about the inflated size when given.
 */
export function sharedStringsBomb(sheets: Record<string, Aoa>, inflated: number, declaredSize?: number): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const files = unzipSync(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
  const sst = Buffer.from(files['xl/sharedStrings.xml']!);
  const at = sst.indexOf('<t>') + 3;
  const head = sst.subarray(0, at);
  const tail = sst.subarray(at);
  const fill = inflated - head.length - tail.length;
  const chunk = Buffer.alloc(MB, 'A');
  const piece = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });
  const chunkBody = piece(chunk);
  const bodies: Buffer[] = [piece(head)];
  let crc = crc32(head);
  let left = fill;
  while (left >= MB) {
    bodies.push(chunkBody);
    crc = crc32(chunk, crc);
    left -= MB;
  }
  const rest = chunk.subarray(0, left);
  bodies.push(piece(rest));
  crc = crc32(rest, crc);
  bodies.push(deflateRawSync(tail));
  crc = crc32(tail, crc);
  const entries: CraftEntry[] = Object.entries(files).map(([name, data]) =>
    name === 'xl/sharedStrings.xml' ? { name, method: 8, body: Buffer.concat(bodies), crc, declaredSize: declaredSize ?? inflated } : { name, data },
  );
  return craftZip(entries);
}
