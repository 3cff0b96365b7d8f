import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing with certificates (SPEC §6), written only by libs/pki and libs/pdf:
 * the current certificate of each signer and agency (issued by the
 * deployment's CA, or brought as a PKCS#12; the key sealed under SIGNING_KEY)
 * and the issued PDFs of each document (the blob SIGN produced, then the one
 * DISSEMINATE countersigned).
 */
export class Pki1733300000000 implements MigrationInterface {
  name = 'Pki1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificates (
        holder_kind text NOT NULL CHECK (holder_kind IN ('user', 'agency')),
        holder text NOT NULL,
        certificate_pem text NOT NULL,
        chain_pem text NOT NULL,
        key_sealed text NOT NULL,
        source text NOT NULL CHECK (source IN ('issued', 'imported')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certificates_pkey PRIMARY KEY (holder_kind, holder)
      );
      CREATE TABLE document_pdfs (
        document_id uuid NOT NULL REFERENCES documents (id),
        stage text NOT NULL CHECK (stage IN ('signed', 'disseminated')),
        blob_sha256 text NOT NULL REFERENCES file_blobs (sha256),
        created_at timestamptz NOT NULL,
        CONSTRAINT document_pdfs_pkey PRIMARY KEY (document_id, stage)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_pdfs; DROP TABLE certificates;`);
  }
}
