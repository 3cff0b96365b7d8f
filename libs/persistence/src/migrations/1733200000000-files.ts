import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files (SPEC §6), written only by libs/files. The bytes are stored once per
 * content: a file is a list of content-addressed chunks (`file_chunks`, keyed
 * by each chunk's SHA-256), gathered as a blob (`file_blobs`, keyed by the
 * whole file's SHA-256). `document_files` says which document holds which
 * blob, under what name and kind; it is never updated but to mark a removal
 * (the bytes stay for the history).
 */
export class Files1733200000000 implements MigrationInterface {
  name = 'Files1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_chunks (
        sha256 text PRIMARY KEY,
        data bytea NOT NULL
      );
      CREATE TABLE file_blobs (
        sha256 text PRIMARY KEY,
        size bigint NOT NULL,
        chunks text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE document_files (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        blob_sha256 text NOT NULL REFERENCES file_blobs (sha256),
        name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('draft', 'annex', 'report')),
        revision integer,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        removed_at timestamptz,
        removed_by text,
        CONSTRAINT document_files_revision_check CHECK ((kind = 'draft') = (revision IS NOT NULL))
      );
      CREATE INDEX document_files_document_idx ON document_files (document_id, uploaded_at);
      CREATE UNIQUE INDEX document_files_revision_key ON document_files (document_id, revision);
      ALTER TABLE consultations ADD COLUMN on_revision integer;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consultations DROP COLUMN on_revision;
      DROP TABLE document_files;
      DROP TABLE file_blobs;
      DROP TABLE file_chunks;
    `);
  }
}
