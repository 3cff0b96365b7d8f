import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit leader's step of an incoming item (Nghị định 30 Phụ lục IV VII,
 * mục 2: "giao cho cá nhân; thời hạn giải quyết đối với cá nhân"): the
 * person of the lead unit who handles it, by when, and who gave it them.
 */
export class IncomingHandler1734300000000 implements MigrationInterface {
  name = 'IncomingHandler1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incoming_items
        ADD COLUMN handler text,
        ADD COLUMN handler_deadline timestamptz,
        ADD COLUMN handler_assigned_by text,
        ADD COLUMN handler_assigned_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incoming_items DROP COLUMN handler, DROP COLUMN handler_deadline, DROP COLUMN handler_assigned_by, DROP COLUMN handler_assigned_at;
    `);
  }
}
