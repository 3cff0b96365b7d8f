import { crc32, deflateSync } from 'node:zlib';

/**
 * A PNG encoder for the tests (the product only reads PNGs): any colour type,
 * bit depth 8 or 16, each scanline with the filter asked for, so that the
 * decoder's every path is met by a real file.
 */
export interface PngSpec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  depth?: 8 | 16;
  /** Samples as the colour type has them, row by row (16-bit: values up to 65535). */
  samples: number[];
  palette?: number[];
  trns?: number[];
  /** 0–4, or 'each' to cycle through all five, line by line. */
  filter?: number | 'each';
  interlace?: boolean;
  dpi?: number;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function encodePng(spec: PngSpec): Buffer {
  const depth = spec.depth ?? 8;
  const channels = CHANNELS[spec.colorType];
  const bpp = (channels * depth) / 8;
  const stride = spec.width * bpp;
  const raw = Buffer.alloc(stride * spec.height);
  spec.samples.forEach((v, i) => (depth === 16 ? raw.writeUInt16BE(v, i * 2) : (raw[i] = v)));
  const lines: Buffer[] = [];
  for (let y = 0; y < spec.height; y++) {
    const filter = spec.filter === 'each' ? y % 5 : (spec.filter ?? 0);
    const line = Buffer.alloc(stride + 1);
    line[0] = filter;
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x;
      const left = x >= bpp ? raw[at - bpp] : 0;
      const up = y > 0 ? raw[at - stride] : 0;
      const upLeft = y > 0 && x >= bpp ? raw[at - stride - bpp] : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter];
      line[x + 1] = (raw[at] - predictor) & 0xff;
    }
    lines.push(line);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = depth;
  ihdr[9] = spec.colorType;
  ihdr[12] = spec.interlace ? 1 : 0;
  const chunks = [chunk('IHDR', ihdr)];
  if (spec.dpi) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(spec.dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    chunks.push(chunk('pHYs', phys));
  }
  if (spec.palette) chunks.push(chunk('PLTE', Buffer.from(spec.palette)));
  if (spec.trns) chunks.push(chunk('tRNS', Buffer.from(spec.trns)));
  const data = deflateSync(Buffer.concat(lines));
  // Two IDAT chunks: a decoder must join them.
  const half = Math.floor(data.length / 2);
  chunks.push(chunk('IDAT', data.subarray(0, half)), chunk('IDAT', data.subarray(half)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A round red seal on a transparent background, `size` pixels across. */
export function redSealPng(size: number, dpi?: number): Buffer {
  const samples: number[] = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c);
      const ink = (r < c && r > c * 0.85) || r < c * 0.3;
      samples.push(220, 20, 30, ink ? 255 : 0);
    }
  }
  return encodePng({ width: size, height: size, colorType: 6, samples, filter: 'each', dpi });
}
