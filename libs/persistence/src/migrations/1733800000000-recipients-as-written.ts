import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients as they are written (SPEC §7): a delivery is to an agency, a
 * unit, a person (`username`, with their agency) or an external body
 * (`external_code`, no agency); one that came through a group names it
 * (`group_code`, printed once by its name); `note` is printed after the
 * name, `main` marks the addressees of Kính gửi; and the purpose `info`
 * (để biết). An external body with an e-mail gets the issued PDF by mail:
 * `mail_to` is its address then, `mail_claimed_at` a sender's lease,
 * `mailed_at` once sent.
 */
export class RecipientsAsWritten1733800000000 implements MigrationInterface {
  name = 'RecipientsAsWritten1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE recipients
        ALTER COLUMN agency_code DROP NOT NULL,
        ADD COLUMN external_code text CONSTRAINT recipients_external_code_fkey REFERENCES external_bodies (code),
        ADD COLUMN username text CONSTRAINT recipients_username_fkey REFERENCES users (username),
        ADD COLUMN group_code text CONSTRAINT recipients_group_code_fkey REFERENCES recipient_groups (code),
        ADD COLUMN note text,
        ADD COLUMN main boolean NOT NULL DEFAULT false,
        ADD COLUMN mail_to text,
        ADD COLUMN mail_claimed_at timestamptz,
        ADD COLUMN mailed_at timestamptz,
        DROP CONSTRAINT recipients_purpose_check,
        ADD CONSTRAINT recipients_purpose_check CHECK (purpose IN ('report_to', 'coordinate', 'implement', 'direct', 'archive', 'info')),
        ADD CONSTRAINT recipients_kind_check CHECK (
          (agency_code IS NULL) = (external_code IS NOT NULL)
          AND (external_code IS NULL OR (unit_code IS NULL AND username IS NULL))
          AND (username IS NULL OR unit_code IS NULL));
      CREATE INDEX recipients_username_idx ON recipients (username) WHERE username IS NOT NULL;
      CREATE INDEX recipients_mail_pending_idx ON recipients (document_id) WHERE mail_to IS NOT NULL AND mailed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX recipients_mail_pending_idx;
      DROP INDEX recipients_username_idx;
      DELETE FROM recipients WHERE agency_code IS NULL OR purpose = 'info';
      ALTER TABLE recipients
        DROP CONSTRAINT recipients_kind_check,
        DROP CONSTRAINT recipients_purpose_check,
        ADD CONSTRAINT recipients_purpose_check CHECK (purpose IN ('report_to', 'coordinate', 'implement', 'direct', 'archive')),
        DROP COLUMN mailed_at, DROP COLUMN mail_claimed_at, DROP COLUMN mail_to,
        DROP COLUMN main, DROP COLUMN note, DROP COLUMN group_code, DROP COLUMN username, DROP COLUMN external_code,
        ALTER COLUMN agency_code SET NOT NULL;
    `);
  }
}
