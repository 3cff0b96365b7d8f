import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nơi nhận is part of what the leader signs (SPEC §7): the drafting unit
 * proposes the recipients and the report deadline before signature; the
 * signed PDF prints them and DISSEMINATE sends to them.
 */
export class ProposedRecipients1733400000000 implements MigrationInterface {
  name = 'ProposedRecipients1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents ADD COLUMN proposed_recipients jsonb, ADD COLUMN proposed_report_deadline timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents DROP COLUMN proposed_recipients, DROP COLUMN proposed_report_deadline`);
  }
}
