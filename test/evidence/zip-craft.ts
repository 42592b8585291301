// Writes zip files byte by byte, for the hostile shapes no well-behaved zip library will produce:
// escaping names, lying sizes, symlinks, encryption flags, overlapping entries, wrong CRCs.
import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  /** Written as is (a string is UTF-8 and flagged as such). */
  name: string | Buffer;
  /** The uncompressed content. */
  data?: Uint8Array;
  /** 0 stored, 8 deflated (default 8 when there is data). */
  method?: number;
  /** Added to the general-purpose flags (0x1: encrypted). */
  flags?: number;
  /** Declared uncompressed size (default: the real one). */
  declaredSize?: number;
  /** Declared CRC-32 (default: the real one). */
  crc?: number;
  /** Unix mode for the upper half of the external attributes (e.g. 0o120777 for a symlink). */
  unixMode?: number;
  /** The bytes written as the entry's data, instead of `data` compressed (e.g. a broken deflate stream). */
  body?: Uint8Array;
  /** Point this central-directory entry at an earlier entry's local header and data. */
  sameDataAs?: number;
}

export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  const sizes: Array<{ compressed: number }> = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const shared = e.sameDataAs !== undefined ? entries[e.sameDataAs]! : undefined;
    const data = Buffer.from(e.data ?? shared?.data ?? new Uint8Array(0));
    const method = e.method ?? shared?.method ?? (data.length > 0 ? 8 : 0);
    const body = e.body ? Buffer.from(e.body) : method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const flags = (typeof e.name === 'string' ? 0x800 : 0) | (e.flags ?? 0);
    const crc = e.crc ?? crc32(data);
    const usize = e.declaredSize ?? data.length;
    let localOffset = offset;
    let compressed = body.length;
    if (e.sameDataAs !== undefined) {
      localOffset = offsets[e.sameDataAs]!;
      compressed = sizes[e.sameDataAs]!.compressed;
    } else {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(0x21, 12);
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(usize, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      locals.push(local, name, body);
      offset += 30 + name.length + body.length;
    }
    offsets[i] = localOffset;
    sizes[i] = { compressed };
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(usize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(((e.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(localOffset, 42);
    centrals.push(central, name);
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
