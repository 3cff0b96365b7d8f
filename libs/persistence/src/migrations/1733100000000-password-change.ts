import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password set by an administrator (the organisation import) is an initial
 * one: the user is asked to choose their own at the next login. Users who
 * exist already keep theirs, unasked.
 */
export class PasswordChange1733100000000 implements MigrationInterface {
  name = 'PasswordChange1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
