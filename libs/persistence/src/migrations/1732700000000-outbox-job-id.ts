import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay deletes what it handed to the queue by job id, after every
 * transition that scheduled a job: without this index each of those deletes
 * read the whole outbox, and the outbox is longest exactly when it matters
 * (Redis was away and the rows piled up).
 */
export class OutboxJobId1732700000000 implements MigrationInterface {
  name = 'OutboxJobId1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_job_id_idx ON outbox (job_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_job_id_idx`);
  }
}
