import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { InvalidInput } from '../../domain/src';
import { decodePng } from './png';
import { SEAL_DIAMETER_MM, type StampImage } from './stamps';

export type ImageHolder = { kind: 'user'; username: string } | { kind: 'agency'; code: string };

export interface SignatureImageFacts {
  sha256: string;
  width: number;
  height: number;
  widthMm: number;
  uploadedBy: string;
  uploadedAt: string;
}

/** A handwritten signature's usual width; it is fitted into the room between the title and the name anyway. */
const SIGNATURE_WIDTH_MM = 40;
const WIDTH_MM = { min: 10, max: 60 };

/**
 * The images a signature shows (Phụ lục I ô 7c and ô 8), table
 * signature_images: a signer's own handwritten signature, an agency's seal
 * (an administrator's upload). Each a PNG with a transparent background,
 * with its width on paper: as given, else from the file's resolution, else
 * the usual size (a seal 36 mm, a signature 40 mm).
 */
@Injectable()
export class SignatureImages {
  /** Decoded images by SHA-256: a seal is drawn on every document its agency disseminates. */
  private readonly decoded = new Map<string, StampImage>();

  constructor(private readonly db: DataSource) {}

  async put(holder: ImageHolder, png: Buffer, widthMm: string | undefined, by: string): Promise<SignatureImageFacts> {
    const { image, dpi } = decodePng(png);
    let width: number;
    if (widthMm !== undefined && widthMm !== '') {
      width = Number(widthMm);
      if (!Number.isFinite(width) || width < WIDTH_MM.min || width > WIDTH_MM.max) {
        throw new InvalidInput([`widthMm: chiều rộng trên giấy, từ ${WIDTH_MM.min} đến ${WIDTH_MM.max} mm`]);
      }
    } else if (dpi) {
      width = Math.min(WIDTH_MM.max, Math.max(WIDTH_MM.min, (image.width / dpi) * 25.4));
    } else {
      width = holder.kind === 'agency' ? SEAL_DIAMETER_MM : SIGNATURE_WIDTH_MM;
    }
    const sha256 = createHash('sha256').update(png).digest('hex');
    const [row] = await this.db.query(
      `INSERT INTO signature_images (holder_kind, holder, png, sha256, width_mm, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (holder_kind, holder) DO UPDATE
         SET png = EXCLUDED.png, sha256 = EXCLUDED.sha256, width_mm = EXCLUDED.width_mm,
             uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at
       RETURNING uploaded_at AS "uploadedAt"`,
      [holder.kind, key(holder), png, sha256, width, by],
    );
    return { sha256, width: image.width, height: image.height, widthMm: round(width), uploadedBy: by, uploadedAt: new Date(row.uploadedAt).toISOString() };
  }

  async facts(holder: ImageHolder): Promise<(SignatureImageFacts & { png: Buffer }) | null> {
    const [row] = await this.db.query(
      `SELECT png, sha256, width_mm AS "widthMm", uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
         FROM signature_images WHERE holder_kind = $1 AND holder = $2`,
      [holder.kind, key(holder)],
    );
    if (!row) return null;
    const png = row.png as Buffer;
    return {
      png,
      sha256: row.sha256,
      width: png.readUInt32BE(16),
      height: png.readUInt32BE(20),
      widthMm: round(row.widthMm),
      uploadedBy: row.uploadedBy,
      uploadedAt: new Date(row.uploadedAt).toISOString(),
    };
  }

  /** Whether there was one to remove: without it the signature shows the name, the seal is drawn. */
  async remove(holder: ImageHolder): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM signature_images WHERE holder_kind = $1 AND holder = $2 RETURNING holder`, [holder.kind, key(holder)]);
    return rows.length > 0;
  }

  /** The image ready to draw, read in the signing transaction `tx`; null when none was uploaded. */
  async stamp(tx: EntityManager, holder: ImageHolder): Promise<StampImage | null> {
    // The image's bytes only when this process has not decoded it yet (a seal is on every document sent).
    const [row] = await tx.query(
      `SELECT sha256, width_mm AS "widthMm", CASE WHEN sha256 = ANY($3::text[]) THEN NULL ELSE png END AS png
         FROM signature_images WHERE holder_kind = $1 AND holder = $2`,
      [holder.kind, key(holder), [...this.decoded.keys()]],
    );
    if (!row) return null;
    let found = this.decoded.get(row.sha256);
    if (!found) {
      found = { image: decodePng(row.png).image, widthMm: row.widthMm };
      if (this.decoded.size >= 64) this.decoded.delete(this.decoded.keys().next().value!);
      this.decoded.set(row.sha256, found);
    }
    return { ...found, widthMm: row.widthMm };
  }
}

function key(holder: ImageHolder): string {
  return holder.kind === 'user' ? holder.username : holder.code;
}

function round(mm: number): number {
  return Math.round(mm * 10) / 10;
}
