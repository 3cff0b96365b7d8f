import type * as fontkit from 'fontkit';
import type { PdfImage, SignatureAppearance } from '../../pki/src/signature-field';
import { provinceOf } from './layout';
import { fontFaces } from './render';

/**
 * What the signatures look like on the page (Phụ lục I ô 7c and ô 8), as the
 * content of a signature field's appearance: the signer's signature image
 * (blue) centred between the title and the name, and the agency's seal (red,
 * its real size) over the left third of it. Text is drawn as the outlines
 * of Tinos's glyphs, so an appearance needs no font of its own and adds no
 * words to the page's text.
 */

const MM = 72 / 25.4;
/** The drawn seal's diameter: 36 mm, the size of an agency's round seal. */
export const SEAL_DIAMETER_MM = 36;
const SEAL_RED = '0.86 0.07 0.12';
const SIGNATURE_BLUE = '0.05 0.2 0.62';

type Rect = [number, number, number, number];

/** A stored image (a PNG the user or an administrator uploaded) and its width on paper. */
export interface StampImage {
  image: PdfImage;
  widthMm: number;
}

/** Ô 7c: the signer's image fitted in the box, or (none uploaded) the signer's name and time, in blue. */
export function signerAppearance(box: { page: number; rect: Rect }, signer: { name: string; at: Date }, image: StampImage | null): SignatureAppearance {
  const [x1, y1, x2, y2] = box.rect;
  const w = x2 - x1;
  const h = y2 - y1;
  if (image) {
    const scale = Math.min((image.widthMm * MM) / image.image.width, w / image.image.width, h / image.image.height);
    const iw = image.image.width * scale;
    const ih = image.image.height * scale;
    return { ...box, content: `q ${n(iw)} 0 0 ${n(ih)} ${n((w - iw) / 2)} ${n((h - ih) / 2)} cm /Im0 Do Q`, images: { Im0: image.image } };
  }
  const { italic, regular } = fontFaces();
  const lines: Array<[fontkit.Font, number, string]> = [
    [regular, 9, 'Đã ký số'],
    [italic, 13, signer.name],
    [regular, 8, vietnamTime(signer.at)],
  ];
  const total = lines.reduce((sum, [, size]) => sum + size * 1.25, 0);
  let baseline = (h + total) / 2;
  const parts = [`q ${SIGNATURE_BLUE} rg`];
  for (const [font, size, text] of lines) {
    baseline -= size * 1.25;
    const fitted = Math.min(size, (size * (w - 4)) / Math.max(1, textWidth(font, size, text)));
    parts.push(textPath(font, fitted, text, (w - textWidth(font, fitted, text)) / 2, baseline + size * 0.25));
  }
  parts.push('Q');
  return { ...box, content: parts.join('\n') };
}

/**
 * Ô 8: the seal over the left third of the signer's signature (its field's rectangle `over`), vertically
 * centred on it: the uploaded image at its size, else one drawn from the agency's name.
 */
export function sealAppearance(
  over: { page: number; rect: Rect },
  agency: { name: string; governingBody: string | null },
  image: StampImage | null,
): SignatureAppearance {
  const [sx1, sy1, sx2, sy2] = over.rect;
  const width = (image?.widthMm ?? SEAL_DIAMETER_MM) * MM;
  const height = image ? (width * image.image.height) / image.image.width : width;
  const right = sx1 + (sx2 - sx1) / 3;
  const middle = (sy1 + sy2) / 2;
  const rect: Rect = [right - width, middle - height / 2, right, middle + height / 2];
  if (image) return { page: over.page, rect, content: `q ${n(width)} 0 0 ${n(height)} 0 0 cm /Im0 Do Q`, images: { Im0: image.image } };
  return { page: over.page, rect, content: drawnSeal(width, agency) };
}

/**
 * A round seal as Vietnamese agencies' are cut: a thick outer ring and a thin inner one, the name around
 * between them (the governing body's, for an agency under one), and in the middle a star, with the
 * agency's own name under it when the ring carries its governing body's.
 */
export function drawnSeal(diameter: number, agency: { name: string; governingBody: string | null }): string {
  const { bold } = fontFaces();
  const c = diameter / 2;
  const outer = c - 1.6;
  const inner = c - diameter * 0.2;
  const parts = [`q ${SEAL_RED} rg ${SEAL_RED} RG`];
  parts.push(`2.4 w ${circle(c, c, outer)} S`, `0.9 w ${circle(c, c, inner)} S`);

  // The ring: upper-case, centred at the top, reading clockwise, the letters standing on a circle between
  // the rings and spaced out to fill about two thirds of it; a small star closes it at the bottom.
  const ringText = (agency.governingBody ?? agency.name).toLocaleUpperCase('vi-VN');
  const radius = (outer + inner) / 2 - diameter * 0.032;
  const room = radius * ((250 * Math.PI) / 180);
  let size = diameter * 0.092;
  if (textWidth(bold, size, ringText) * 1.04 > room) size *= room / (textWidth(bold, size, ringText) * 1.04);
  const glyphs = layout(bold, size, ringText);
  const natural = glyphs.reduce((sum, g) => sum + g.advance, 0);
  const spacing = Math.min(0.6, Math.max(0.04, room / natural - 1));
  const length = natural * (1 + spacing);
  let along = -length / 2;
  for (const g of glyphs) {
    const mid = along + (g.advance * (1 + spacing)) / 2;
    along += g.advance * (1 + spacing);
    if (!g.path) continue;
    const theta = Math.PI / 2 - mid / radius;
    const phi = theta - Math.PI / 2;
    const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
    const px = c + radius * Math.cos(theta);
    const py = c + radius * Math.sin(theta);
    // The glyph's centre on the circle: move it half its advance back along its own baseline.
    parts.push(`q ${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)} ${n(px)} ${n(py)} cm 1 0 0 1 ${n(-g.advance / 2)} 0 cm ${g.path} f Q`);
  }
  parts.push(star(c, c - (outer + inner) / 2, size * 0.45));

  // The middle: a star, and the agency's name in up to three lines when the ring names its governing body.
  if (agency.governingBody) {
    parts.push(star(c, c + inner * 0.52, inner * 0.2));
    // The province is on the ring already: "SỞ GIÁO DỤC VÀ ĐÀO TẠO", not "… NGHỆ AN" again.
    const own = provinceOf(agency.name) ? agency.name.trim().replace(/^(Sở\s+Giáo\s+dục\s+và\s+Đào\s+tạo)\s.*$/iu, '$1') : agency.name;
    const lines = splitLines(own.toLocaleUpperCase('vi-VN'), 3);
    const lineSize = Math.min(diameter * 0.075, ...lines.map((l) => (diameter * 0.075 * inner * 1.6) / Math.max(1, textWidth(bold, diameter * 0.075, l))));
    let y = c + inner * 0.12;
    for (const line of lines) {
      parts.push(textPath(bold, lineSize, line, c - textWidth(bold, lineSize, line) / 2, y));
      y -= lineSize * 1.2;
    }
  } else {
    parts.push(star(c, c, inner * 0.55));
  }
  parts.push('Q');
  return parts.join('\n');
}

interface PlacedGlyph {
  advance: number;
  path: string;
}

function layout(font: fontkit.Font, size: number, text: string): PlacedGlyph[] {
  const run = font.layout(text.normalize('NFC'));
  const scale = size / font.unitsPerEm;
  return run.glyphs.map((glyph, i) => {
    const p = run.positions[i];
    return { advance: p.xAdvance * scale, path: pathOps(glyph.path.commands, scale, p.xOffset * scale, p.yOffset * scale) };
  });
}

function textWidth(font: fontkit.Font, size: number, text: string): number {
  return (font.layout(text.normalize('NFC')).advanceWidth * size) / font.unitsPerEm;
}

/** A line of text at (x, y) (its baseline), as filled outlines. */
function textPath(font: fontkit.Font, size: number, text: string, x: number, y: number): string {
  let at = x;
  const ops: string[] = [];
  for (const g of layout(font, size, text)) {
    if (g.path) ops.push(`q 1 0 0 1 ${n(at)} ${n(y)} cm ${g.path} f Q`);
    at += g.advance;
  }
  return ops.join('\n');
}

/** fontkit's outline commands as PDF path operators (quadratic curves raised to cubic). */
function pathOps(commands: Array<{ command: string; args: number[] }>, scale: number, dx: number, dy: number): string {
  const out: string[] = [];
  let [cx, cy] = [0, 0];
  const X = (v: number) => n(v * scale + dx);
  const Y = (v: number) => n(v * scale + dy);
  for (const { command, args } of commands) {
    if (command === 'moveTo') {
      out.push(`${X(args[0])} ${Y(args[1])} m`);
      [cx, cy] = args;
    } else if (command === 'lineTo') {
      out.push(`${X(args[0])} ${Y(args[1])} l`);
      [cx, cy] = args;
    } else if (command === 'quadraticCurveTo') {
      const [qx, qy, x, y] = args;
      const c1 = [cx + (2 / 3) * (qx - cx), cy + (2 / 3) * (qy - cy)];
      const c2 = [x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y)];
      out.push(`${X(c1[0])} ${Y(c1[1])} ${X(c2[0])} ${Y(c2[1])} ${X(x)} ${Y(y)} c`);
      [cx, cy] = [x, y];
    } else if (command === 'bezierCurveTo') {
      out.push(`${X(args[0])} ${Y(args[1])} ${X(args[2])} ${Y(args[3])} ${X(args[4])} ${Y(args[5])} c`);
      [cx, cy] = [args[4], args[5]];
    } else if (command === 'closePath') {
      out.push('h');
    }
  }
  return out.join(' ');
}

function circle(x: number, y: number, r: number): string {
  const k = 0.5523 * r;
  return [
    `${n(x + r)} ${n(y)} m`,
    `${n(x + r)} ${n(y + k)} ${n(x + k)} ${n(y + r)} ${n(x)} ${n(y + r)} c`,
    `${n(x - k)} ${n(y + r)} ${n(x - r)} ${n(y + k)} ${n(x - r)} ${n(y)} c`,
    `${n(x - r)} ${n(y - k)} ${n(x - k)} ${n(y - r)} ${n(x)} ${n(y - r)} c`,
    `${n(x + k)} ${n(y - r)} ${n(x + r)} ${n(y - k)} ${n(x + r)} ${n(y)} c h`,
  ].join(' ');
}

/** A five-pointed star, point up. */
function star(x: number, y: number, r: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.382;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${n(x + radius * Math.cos(a))} ${n(y + radius * Math.sin(a))} ${i === 0 ? 'm' : 'l'}`);
  }
  return `${points.join(' ')} h f`;
}

/** Words into at most `max` lines of about equal length. */
function splitLines(text: string, max: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const count = Math.min(max, Math.max(1, Math.ceil(text.length / 14)));
  const target = text.length / count;
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > target * 1.15 && lines.length < count - 1) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** "01/12/2026 10:30:00 +07:00": the time of signing in Vietnam's zone (Phụ lục I). */
export function vietnamTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const p = (v: number) => String(v).padStart(2, '0');
  return `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} +07:00`;
}

function n(v: number): string {
  return Number(v.toFixed(3)).toString();
}
