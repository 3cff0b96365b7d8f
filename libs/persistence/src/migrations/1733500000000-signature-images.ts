import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The images a signature shows (Phụ lục I ô 7c, ô 8), written only by
 * libs/pdf: a signer's handwritten signature and an agency's seal, each a
 * PNG with a transparent background and its width on paper. Without one, the
 * signature shows the signer's name and time, and the seal is drawn from the
 * agency's name.
 */
export class SignatureImages1733500000000 implements MigrationInterface {
  name = 'SignatureImages1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signature_images (
        holder_kind text NOT NULL CHECK (holder_kind IN ('user', 'agency')),
        holder text NOT NULL,
        png bytea NOT NULL,
        sha256 text NOT NULL,
        width_mm real NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT signature_images_pkey PRIMARY KEY (holder_kind, holder)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signature_images;`);
  }
}
