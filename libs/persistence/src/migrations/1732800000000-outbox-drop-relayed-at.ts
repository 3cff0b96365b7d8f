import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox.relayed_at` was never set: the relay deletes a row once BullMQ has
 * its job, so every row is pending and the partial index on it was the whole
 * table over again.
 */
export class OutboxDropRelayedAt1732800000000 implements MigrationInterface {
  name = 'OutboxDropRelayedAt1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX outbox_pending_idx;
      ALTER TABLE outbox DROP COLUMN relayed_at;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox ADD COLUMN relayed_at timestamptz;
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;
    `);
  }
}
