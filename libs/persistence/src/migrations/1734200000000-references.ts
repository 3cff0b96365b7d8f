import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document's references (SPEC §9: căn cứ, the letter it answers), resolved
 * when given: an examflow document's id with its number, date and title, or
 * one from outside by number, date and title. The follow-up register reads
 * them to show the answer to an incoming item.
 */
export class References1734200000000 implements MigrationInterface {
  name = 'References1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN refs jsonb NOT NULL DEFAULT '[]';
      CREATE INDEX documents_refs_idx ON documents USING gin (refs jsonb_path_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX documents_refs_idx; ALTER TABLE documents DROP COLUMN refs`);
  }
}
