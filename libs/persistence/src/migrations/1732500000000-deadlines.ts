import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deadlines of document stages, their scheduled steps, e-mail delivery, and the admin's calendar days. */
export class Deadlines1732500000000 implements MigrationInterface {
  name = 'Deadlines1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        stage text NOT NULL CHECK (stage IN ('consulting', 'awaiting_signature', 'signed', 'disseminated')),
        stage_entry integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('consultation', 'signature', 'dissemination', 'report')),
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        UNIQUE (document_id, stage_entry, kind)
      );
      CREATE INDEX deadlines_open_idx ON deadlines (document_id) WHERE resolved_at IS NULL;

      CREATE TABLE deadline_steps (
        id text PRIMARY KEY,
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        step text NOT NULL CHECK (step IN ('remind_before', 'remind_due', 'escalate', 'expire')),
        run_at timestamptz NOT NULL,
        done_at timestamptz,
        outcome text CHECK (outcome IN ('fired', 'skipped'))
      );
      CREATE INDEX deadline_steps_pending_idx ON deadline_steps (run_at) WHERE done_at IS NULL;

      ALTER TABLE notifications
        ADD COLUMN email_to text,
        ADD COLUMN emailed_at timestamptz,
        ADD COLUMN fired_late_ms integer;
      CREATE INDEX notifications_email_pending_idx ON notifications (created_at) WHERE email_to IS NOT NULL AND emailed_at IS NULL;

      CREATE TABLE calendar_days (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday', 'working')),
        name text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE calendar_days, deadline_steps, deadlines;
      ALTER TABLE notifications DROP COLUMN email_to, DROP COLUMN emailed_at, DROP COLUMN fired_late_ms;
    `);
  }
}
