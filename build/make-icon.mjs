// Draws the app icon (build/icon.png, 1024×1024 RGBA) with no dependencies: a rounded teal square with
// two overlapping circles (two people in a conversation). electron-builder turns this one PNG into the
// macOS .icns, the Windows .ico and the Linux icon set. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage of a pixel by a shape given its signed distance (negative inside), for smooth edges. */
const cover = (d) => Math.max(0, Math.min(1, 0.5 - d));
const mix = (a, b, t) => a + (b - a) * t;

function pixel(x, y) {
  const cx = x + 0.5, cy = y + 0.5;
  // Rounded square, margin 64, corner radius 200.
  const m = 64, r = 200, half = (SIZE - 2 * m) / 2, c = SIZE / 2;
  const qx = Math.abs(cx - c) - (half - r), qy = Math.abs(cy - c) - (half - r);
  const dSquare = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  const bg = cover(dSquare);
  if (bg === 0) return [0, 0, 0, 0];
  // Teal gradient from top-left to bottom-right.
  const t = (cx + cy) / (2 * SIZE);
  let rgb = [mix(22, 10, t), mix(160, 98, t), mix(150, 120, t)];
  // Two circles, white and warm, overlapping in the middle.
  const a = cover(Math.hypot(cx - 420, cy - 500) - 210);
  const b = cover(Math.hypot(cx - 604, cy - 524) - 210);
  rgb = rgb.map((v, i) => mix(v, [250, 250, 245][i], a * 0.95));
  rgb = rgb.map((v, i) => mix(v, [255, 183, 120][i], b * 0.85));
  return [...rgb.map((v) => Math.round(v)), Math.round(bg * 255)];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
