// Draws the app icon (a white check on a blue rounded square) as PNGs for electron-builder:
// build/icon.png (1024², from which it derives .icns and .ico) and build/icons/<n>x<n>.png
// for Linux. Pure Node (zlib), so it runs anywhere: `node scripts/make-icons.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to segment ab, in unit coordinates. */
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function icon(x, y, size) {
  // Supersample 4×4 for smooth edges.
  let inBox = 0,
    inCheck = 0;
  for (let sy = 0; sy < 4; sy++)
    for (let sx = 0; sx < 4; sx++) {
      const u = (x + (sx + 0.5) / 4) / size,
        v = (y + (sy + 0.5) / 4) / size;
      const m = 0.06,
        r = 0.2; // margin, corner radius
      const cx = Math.min(Math.max(u, m + r), 1 - m - r),
        cy = Math.min(Math.max(v, m + r), 1 - m - r);
      if (Math.hypot(u - cx, v - cy) <= r) inBox++;
      if (segDist(u, v, 0.28, 0.52, 0.44, 0.68) < 0.06 || segDist(u, v, 0.44, 0.68, 0.74, 0.34) < 0.06) inCheck++;
    }
  const a = inBox / 16,
    c = Math.min(inCheck, inBox) / 16;
  const blue = [1, 118, 211];
  const rgb = blue.map((b) => Math.round(b + (255 - b) * (a ? c / a : 0)));
  return [...rgb, Math.round(a * 255)];
}

fs.mkdirSync(path.join(root, 'build', 'icons'), { recursive: true });
fs.writeFileSync(path.join(root, 'build', 'icon.png'), png(1024, icon));
for (const n of [16, 32, 48, 64, 128, 256, 512]) fs.writeFileSync(path.join(root, 'build', 'icons', `${n}x${n}.png`), png(n, icon));
console.log('Wrote build/icon.png and build/icons/*.png');
