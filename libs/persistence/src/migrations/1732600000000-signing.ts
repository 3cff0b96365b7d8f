import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing: the queue's index in SPEC order, Ed25519 keys of signers, the signature of each signed document. */
export class Signing1732600000000 implements MigrationInterface {
  name = 'Signing1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX documents_signing_queue_idx;
      -- Serves GET /api/signing-queue: one signer's waiting documents, already in SPEC order.
      CREATE INDEX documents_signing_queue_idx ON documents (
        signer,
        (CASE urgency WHEN 'flash' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END),
        signature_deadline, id)
        WHERE state = 'awaiting_signature';

      CREATE TABLE signing_keys (
        username text PRIMARY KEY REFERENCES users(username),
        public_key text NOT NULL,
        private_key_enc text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE documents
        ADD COLUMN signed_by text REFERENCES users(username),
        ADD COLUMN signature text,
        ADD COLUMN signature_public_key text,
        ADD COLUMN disseminated_at timestamptz;
      CREATE INDEX documents_register_idx ON documents (agency_code, number_year, number_seq) WHERE number IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX documents_register_idx;
      ALTER TABLE documents DROP COLUMN signed_by, DROP COLUMN signature, DROP COLUMN signature_public_key,
        DROP COLUMN disseminated_at;
      DROP TABLE signing_keys;
      DROP INDEX documents_signing_queue_idx;
      CREATE INDEX documents_signing_queue_idx ON documents (signer, signature_deadline) WHERE state = 'awaiting_signature';
    `);
  }
}
