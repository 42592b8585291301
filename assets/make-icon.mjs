#!/usr/bin/env node
// Draws the app icon (a rising bar chart with a check mark, gold on dark red) and writes it as PNG
// with nothing but zlib: assets/icon.png (512×512) and assets/icon-256.png (256×256).
// Usage: node assets/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// Colours as [r, g, b] in 0..255.
const RED_TOP = [150, 28, 32];
const RED_BOTTOM = [92, 12, 20];
const GOLD = [234, 184, 64];
const GOLD_LIGHT = [247, 214, 120];
const CREAM = [255, 246, 220];

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// Shapes are drawn in a 512-unit design space; `inside` tests one point.
function roundedRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
  };
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function polyline(points, halfWidth) {
  return (x, y) => {
    for (let i = 0; i + 1 < points.length; i++) if (segmentDistance(x, y, points[i], points[i + 1]) <= halfWidth) return true;
    return false;
  };
}

const background = roundedRect(24, 24, 488, 488, 104);
const baseline = roundedRect(96, 400, 416, 414, 7);
const bars = [roundedRect(112, 300, 176, 392, 10), roundedRect(204, 236, 268, 392, 10), roundedRect(296, 172, 360, 392, 10)];
const tick = [
  [150, 196],
  [214, 256],
  [404, 96],
];
/** Moves the mark down so it sits at the optical centre of the tile. */
const MARK_OFFSET = 14;
const tickHalo = polyline(tick, 38);
const tickStroke = polyline(tick, 22);

/** The colour at a design-space point, or null outside the icon. Later layers sit on top. */
function colourAt(x, y) {
  if (!background(x, y)) return null;
  const red = mix(RED_TOP, RED_BOTTOM, (y - 24) / 464);
  const my = y - MARK_OFFSET;
  if (tickStroke(x, my)) return CREAM;
  if (tickHalo(x, my)) return red;
  for (const bar of bars) if (bar(x, my)) return mix(GOLD_LIGHT, GOLD, (my - 172) / 220);
  if (baseline(x, my)) return GOLD;
  return red;
}

/** Renders at `size` pixels with 4×4 supersampling, as straight (non-premultiplied) RGBA rows. */
function render(size) {
  const scale = 512 / size;
  const n = 4;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const rowStart = py * (size * 4 + 1);
    rows[rowStart] = 0; // PNG filter: none
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale);
          if (c === null) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered += 1;
        }
      }
      const o = rowStart + 1 + px * 4;
      if (covered > 0) {
        rows[o] = Math.round(r / covered);
        rows[o + 1] = Math.round(g / covered);
        rows[o + 2] = Math.round(b / covered);
      }
      rows[o + 3] = Math.round((covered / (n * n)) * 255);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(render(size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [size, name] of [
  [512, 'icon.png'],
  [256, 'icon-256.png'],
]) {
  writeFileSync(join(here, name), png(size));
  console.log(`assets/${name} (${size}×${size})`);
}
