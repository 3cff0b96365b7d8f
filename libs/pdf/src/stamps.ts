import type * as fontkit from 'fontkit';
import type { PdfImage, SignatureAppearance } from '../../pki/src/signature-field';
import { vietnamParts } from '../../domain/src/messages';
import { provinceOf } from './layout';
import { MM, fontFaces } from './render';

/**
 * What the signatures look like on the page (Phụ lục I ô 7c and ô 8), as the
 * content of a signature field's appearance: the signer's signature image
 * (blue) centred between the title and the name, and the agency's seal (red,
 * its real size) over the left third of it. Text is drawn as the outlines
 * of Tinos's glyphs, so an appearance needs no font of its own and adds no
 * words to the page's text.
 */

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
  // As large as the band between the rings allows, smaller when the name is long; then spaced out.
  let size = diameter * 0.1;
  if (textWidth(bold, size, ringText) * 1.04 > room) size *= room / (textWidth(bold, size, ringText) * 1.04);
  const run = shape(bold, ringText);
  const scale = size / bold.unitsPerEm;
  const natural = run.width * scale;
  const spacing = Math.min(0.35, Math.max(0.04, room / natural - 1));
  let along = (-natural * (1 + spacing)) / 2;
  for (const g of run.glyphs) {
    const advance = g.advance * scale * (1 + spacing);
    const mid = along + advance / 2;
    along += advance;
    if (!g.path) continue;
    const theta = Math.PI / 2 - mid / radius;
    const [cos, sin] = [Math.cos(theta - Math.PI / 2), Math.sin(theta - Math.PI / 2)];
    const px = c + radius * Math.cos(theta);
    const py = c + radius * Math.sin(theta);
    // Standing on the circle, turned along it; its centre at the point (half its advance back along its baseline).
    parts.push(`q ${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)} ${n(px)} ${n(py)} cm ${fine(scale)} 0 0 ${fine(scale)} ${n((g.dx - g.advance / 2) * scale)} ${n(g.dy * scale)} cm ${g.path} f Q`);
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

/** Text shaped by fontkit, in font units: each glyph's advance, offset and outline. */
interface Run {
  glyphs: Array<{ advance: number; dx: number; dy: number; path: string }>;
  width: number;
}

/**
 * Shaped runs and glyph outlines, kept: a signer's name and an agency's seal recur on every document
 * they sign or send, and shaping is most of the cost of an appearance.
 */
const runs = new Map<string, Run>();
const outlines = new WeakMap<fontkit.Font, Map<number, string>>();

function shape(font: fontkit.Font, text: string): Run {
  const key = `${font.postscriptName}\u0000${text}`;
  let run = runs.get(key);
  if (run) return run;
  const shaped = font.layout(text.normalize('NFC'));
  let paths = outlines.get(font);
  if (!paths) outlines.set(font, (paths = new Map()));
  const cache = paths;
  run = {
    width: shaped.advanceWidth,
    glyphs: shaped.glyphs.map((glyph, i) => {
      let path = cache.get(glyph.id);
      if (path === undefined) cache.set(glyph.id, (path = pathOps(glyph.path.commands)));
      const p = shaped.positions[i];
      return { advance: p.xAdvance, dx: p.xOffset, dy: p.yOffset, path };
    }),
  };
  if (runs.size >= 512) runs.delete(runs.keys().next().value!);
  runs.set(key, run);
  return run;
}

function textWidth(font: fontkit.Font, size: number, text: string): number {
  return (shape(font, text).width * size) / font.unitsPerEm;
}

/** A line of text at (x, y) (its baseline), as filled outlines. */
function textPath(font: fontkit.Font, size: number, text: string, x: number, y: number): string {
  const s = size / font.unitsPerEm;
  let at = 0;
  const ops: string[] = [];
  for (const g of shape(font, text).glyphs) {
    if (g.path) ops.push(`q ${fine(s)} 0 0 ${fine(s)} ${n(x + (at + g.dx) * s)} ${n(y + g.dy * s)} cm ${g.path} f Q`);
    at += g.advance;
  }
  return ops.join('\n');
}

/** fontkit's outline commands as PDF path operators in font units (quadratic curves raised to cubic). */
function pathOps(commands: Array<{ command: string; args: number[] }>): string {
  const out: string[] = [];
  let [cx, cy] = [0, 0];
  const v = (x: number) => n(x);
  for (const { command, args } of commands) {
    if (command === 'moveTo') {
      out.push(`${v(args[0])} ${v(args[1])} m`);
      [cx, cy] = args;
    } else if (command === 'lineTo') {
      out.push(`${v(args[0])} ${v(args[1])} l`);
      [cx, cy] = args;
    } else if (command === 'quadraticCurveTo') {
      const [qx, qy, x, y] = args;
      out.push(`${v(cx + (2 / 3) * (qx - cx))} ${v(cy + (2 / 3) * (qy - cy))} ${v(x + (2 / 3) * (qx - x))} ${v(y + (2 / 3) * (qy - y))} ${v(x)} ${v(y)} c`);
      [cx, cy] = [x, y];
    } else if (command === 'bezierCurveTo') {
      out.push(`${v(args[0])} ${v(args[1])} ${v(args[2])} ${v(args[3])} ${v(args[4])} ${v(args[5])} c`);
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
  const t = vietnamParts(at);
  return `${t.day}/${t.month}/${t.year} ${t.hour}:${t.minute}:${t.second} +07:00`;
}

function n(v: number): string {
  return Number(v.toFixed(3)).toString();
}

/** A glyph's scale (points per font unit, ~0.006): six significant digits, or the letters shrink against their advances. */
function fine(v: number): string {
  return Number(v.toPrecision(6)).toString();
}
