import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines anchored to an exam campaign (SPEC §8): a document keeps how
 * each anchored deadline was given (`anchors`), a deadline step counts how
 * often it was moved (its job id follows), and a campaign remembers the
 * version its documents were last moved to (the sweep finishes a move an
 * interrupted process left half done).
 */
export class AnchoredDeadlines1734500000000 implements MigrationInterface {
  name = 'AnchoredDeadlines1734500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN anchors jsonb NOT NULL DEFAULT '{}';
      CREATE INDEX documents_campaign_idx ON documents (campaign_id) WHERE campaign_id IS NOT NULL;
      ALTER TABLE deadline_steps ADD COLUMN moves integer NOT NULL DEFAULT 0;
      ALTER TABLE campaigns ADD COLUMN moved_version integer NOT NULL DEFAULT 1;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns DROP COLUMN moved_version;
      ALTER TABLE deadline_steps DROP COLUMN moves;
      DROP INDEX documents_campaign_idx;
      ALTER TABLE documents DROP COLUMN anchors;
    `);
  }
}
