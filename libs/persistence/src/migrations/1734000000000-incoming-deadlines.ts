import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incoming items get deadlines through the documents' own machinery (SPEC
 * §7): a deadline belongs to a document or to an incoming item, never both;
 * the registration deadline of what was received, the processing deadline
 * of what was assigned. Notifications of an incoming item point at it.
 */
export class IncomingDeadlines1734000000000 implements MigrationInterface {
  name = 'IncomingDeadlines1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deadlines ALTER COLUMN document_id DROP NOT NULL;
      ALTER TABLE deadlines ADD COLUMN incoming_id uuid CONSTRAINT deadlines_incoming_id_fkey REFERENCES incoming_items (id);
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_subject_check CHECK ((document_id IS NULL) <> (incoming_id IS NULL));
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_stage_check;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_stage_check
        CHECK (stage IN ('consulting', 'awaiting_signature', 'signed', 'disseminated', 'received', 'assigned'));
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_kind_check;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_kind_check
        CHECK (kind IN ('consultation', 'signature', 'dissemination', 'report', 'registration', 'processing'));
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_incoming_id_stage_entry_kind_key UNIQUE (incoming_id, stage_entry, kind);
      CREATE INDEX deadlines_incoming_open_idx ON deadlines (incoming_id) WHERE resolved_at IS NULL;
      ALTER TABLE notifications ADD COLUMN incoming_id uuid CONSTRAINT notifications_incoming_id_fkey REFERENCES incoming_items (id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications DROP COLUMN incoming_id;
      DELETE FROM deadline_steps WHERE deadline_id IN (SELECT id FROM deadlines WHERE incoming_id IS NOT NULL);
      DELETE FROM deadlines WHERE incoming_id IS NOT NULL;
      DROP INDEX deadlines_incoming_open_idx;
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_incoming_id_stage_entry_kind_key;
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_kind_check;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_kind_check CHECK (kind IN ('consultation', 'signature', 'dissemination', 'report'));
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_stage_check;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_stage_check CHECK (stage IN ('consulting', 'awaiting_signature', 'signed', 'disseminated'));
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_subject_check;
      ALTER TABLE deadlines DROP COLUMN incoming_id;
      ALTER TABLE deadlines ALTER COLUMN document_id SET NOT NULL;
    `);
  }
}
