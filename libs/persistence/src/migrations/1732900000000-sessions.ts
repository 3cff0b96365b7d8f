import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can end: a token carries the user's `token_version` and is
 * refused once it moved on (password changed, moved to another post,
 * disabled, logged out); a disabled user cannot log in.
 */
export class Sessions1732900000000 implements MigrationInterface {
  name = 'Sessions1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0,
                        ADD COLUMN disabled boolean NOT NULL DEFAULT false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version, DROP COLUMN disabled;`);
  }
}
