import { deflateSync, inflateSync } from 'node:zlib';
import { InvalidInput } from '../../domain/src';
import type { PdfImage } from '../../pki/src/signature-field';

/**
 * A signature or seal image (Phụ lục I: PNG, transparent background) read
 * into what a PDF draws: its RGB samples and alpha, each compressed. Every
 * PNG an upload can hold is read or refused with the reason: 8- and 16-bit
 * greyscale, RGB, palette and their alpha forms, non-interlaced; a refusal
 * never throws anything but InvalidInput.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Larger than any seal scanned at 600 dpi (36 mm ≈ 850 px): bounds the memory a decode takes. */
const MAX_SIDE = 3000;

export interface DecodedPng {
  image: PdfImage;
  /** Pixels per inch from the pHYs chunk, when the file says. */
  dpi: number | null;
}

export function decodePng(bytes: Buffer): DecodedPng {
  const bad = (why: string) => new InvalidInput([`file: ${why}`]);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) throw bad('không phải tệp PNG');
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let interlace = 0;
  let palette: Buffer | null = null;
  let transparency: Buffer | null = null;
  let dpi: number | null = null;
  const data: Buffer[] = [];
  for (let at = 8; ; ) {
    if (at + 12 > bytes.length) throw bad('tệp PNG bị cắt cụt');
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) throw bad('tệp PNG bị cắt cụt');
    at += 12 + length;
    if (type === 'IHDR') {
      if (length < 13) throw bad('tệp PNG hỏng (IHDR)');
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      [depth, colorType, interlace] = [body[8], body[9], body[12]];
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'pHYs' && length >= 9 && body[8] === 1) dpi = Math.round(body.readUInt32BE(0) * 0.0254);
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels || !(depth === 8 || depth === 16) || (colorType === 3 && depth !== 8)) {
    throw bad('chỉ nhận PNG 8 hoặc 16 bit (xám, màu, bảng màu), hãy lưu lại ảnh ở dạng PNG thông thường');
  }
  if (interlace !== 0) throw bad('ảnh PNG xen kẽ (interlaced) chưa được hỗ trợ: hãy lưu lại không xen kẽ');
  if (!width || !height || width > MAX_SIDE || height > MAX_SIDE) throw bad(`ảnh phải từ 1 đến ${MAX_SIDE} điểm ảnh mỗi chiều`);
  if (colorType === 3 && !palette) throw bad('ảnh PNG bảng màu thiếu bảng màu (PLTE)');
  if (![4, 6].includes(colorType) && !transparency) {
    throw bad('ảnh phải có nền trong suốt (PNG có kênh alpha), như Nghị định 30 Phụ lục I quy định cho hình ảnh chữ ký và dấu');
  }

  let raw: Buffer;
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  try {
    raw = inflateSync(Buffer.concat(data), { maxOutputLength: (stride + 1) * height + 1 });
  } catch {
    throw bad('dữ liệu ảnh PNG hỏng');
  }
  if (raw.length < (stride + 1) * height) throw bad('dữ liệu ảnh PNG thiếu');
  const pixels = unfilter(raw, stride, height, bpp, bad);

  const rgb = Buffer.alloc(width * height * 3);
  const alpha = Buffer.alloc(width * height);
  const sample = (offset: number) => pixels[offset]; // a 16-bit sample is big-endian: its high byte first
  const step = depth / 8;
  const keyed = transparency && colorType === 0 ? transparency.readUInt16BE(0) : null;
  const keyedRgb = transparency && colorType === 2 && transparency.length >= 6 ? [0, 2, 4].map((o) => transparency!.readUInt16BE(o)) : null;
  for (let i = 0; i < width * height; i++) {
    const p = i * bpp;
    let r: number;
    let g: number;
    let b: number;
    let a = 255;
    if (colorType === 3) {
      const index = pixels[p];
      if (index * 3 + 2 >= palette!.length) throw bad('ảnh PNG dùng màu ngoài bảng màu');
      [r, g, b] = [palette![index * 3], palette![index * 3 + 1], palette![index * 3 + 2]];
      a = transparency && index < transparency.length ? transparency[index] : 255;
    } else if (colorType === 0 || colorType === 4) {
      r = g = b = sample(p);
      if (colorType === 4) a = sample(p + step);
      else if (keyed !== null && (depth === 16 ? pixels.readUInt16BE(p) : pixels[p]) === keyed) a = 0;
    } else {
      [r, g, b] = [sample(p), sample(p + step), sample(p + 2 * step)];
      if (colorType === 6) a = sample(p + 3 * step);
      else if (keyedRgb) {
        const v = depth === 16 ? [0, 2, 4].map((o) => pixels.readUInt16BE(p + o)) : [pixels[p], pixels[p + 1], pixels[p + 2]];
        if (v.every((x, k) => x === keyedRgb[k])) a = 0;
      }
    }
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
    alpha[i] = a;
  }
  return { image: { width, height, rgb: deflateSync(rgb), alpha: deflateSync(alpha) }, dpi };
}

/** PNG's five scanline filters undone. */
function unfilter(raw: Buffer, stride: number, height: number, bpp: number, bad: (why: string) => Error): Buffer {
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[row + x - bpp] : 0;
      const up = y > 0 ? out[row - stride + x] : 0;
      const upLeft = y > 0 && x >= bpp ? out[row - stride + x - bpp] : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = line[x];
          break;
        case 1:
          v = line[x] + left;
          break;
        case 2:
          v = line[x] + up;
          break;
        case 3:
          v = line[x] + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
          v = line[x] + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw bad('dữ liệu ảnh PNG hỏng (bộ lọc dòng không hợp lệ)');
      }
      out[row + x] = v & 0xff;
    }
  }
  return out;
}
