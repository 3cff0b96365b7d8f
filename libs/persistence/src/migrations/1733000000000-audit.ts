import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: who did what, from where, to what — append-only (a
 * trigger refuses UPDATE and DELETE, whoever asks).
 */
export class Audit1733000000000 implements MigrationInterface {
  name = 'Audit1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        address text,
        action text NOT NULL,
        target text,
        detail jsonb
      );
      CREATE INDEX audit_log_at_idx ON audit_log (at);
      CREATE INDEX audit_log_action_idx ON audit_log (action, at);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor, at);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_append_only();
    `);
  }
}
