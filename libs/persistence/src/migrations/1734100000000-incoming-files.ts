import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The files of an incoming item (SPEC §7): the scan of what came on paper,
 * the working files of the unit that handles it. Written by libs/incoming;
 * the bytes are in file_blobs like a document's.
 */
export class IncomingFiles1734100000000 implements MigrationInterface {
  name = 'IncomingFiles1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incoming_files (
        id uuid CONSTRAINT incoming_files_pkey PRIMARY KEY,
        incoming_id uuid NOT NULL CONSTRAINT incoming_files_incoming_id_fkey REFERENCES incoming_items (id),
        blob_sha256 text NOT NULL CONSTRAINT incoming_files_blob_sha256_fkey REFERENCES file_blobs (sha256),
        name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL
      );
      CREATE INDEX incoming_files_incoming_idx ON incoming_files (incoming_id, uploaded_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incoming_files`);
  }
}
