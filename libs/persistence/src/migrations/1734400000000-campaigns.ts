import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exam campaigns (SPEC §8), written only by libs/campaigns: one exam of one
 * year and its sessions (buổi thi); a document may belong to one.
 */
export class Campaigns1734400000000 implements MigrationInterface {
  name = 'Campaigns1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id uuid CONSTRAINT campaigns_pkey PRIMARY KEY,
        code text NOT NULL CONSTRAINT campaigns_code_key UNIQUE,
        name text NOT NULL,
        year integer NOT NULL,
        version integer NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE campaign_sessions (
        campaign_id uuid NOT NULL CONSTRAINT campaign_sessions_campaign_id_fkey REFERENCES campaigns (id),
        code text NOT NULL,
        name text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        CONSTRAINT campaign_sessions_pkey PRIMARY KEY (campaign_id, code),
        CONSTRAINT campaign_sessions_times_check CHECK (ends_at > starts_at)
      );
      ALTER TABLE documents ADD COLUMN campaign_id uuid CONSTRAINT documents_campaign_id_fkey REFERENCES campaigns (id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents DROP COLUMN campaign_id; DROP TABLE campaign_sessions; DROP TABLE campaigns;`);
  }
}
