import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Once out (SPEC §9, Nghị định 30 Điều 18.3–4): a document recalled
 * (`recalled`, final; when, why), and its amendments — a correction (công
 * văn đính chính) or a replacing document is a new draft that `amends` the
 * original (`amend_kind`); once it is disseminated the original lists it in
 * `corrected_by` or names it in `replaced_by`. An incoming item closes as
 * `recalled` with its source.
 */
export class RecallAndAmendments1734900000000 implements MigrationInterface {
  name = 'RecallAndAmendments1734900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents DROP CONSTRAINT documents_state_check;
      ALTER TABLE documents ADD CONSTRAINT documents_state_check
        CHECK (state IN ('draft', 'consulting', 'consulted', 'awaiting_review', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn', 'recalled'));
      ALTER TABLE documents ADD COLUMN recalled_at timestamptz, ADD COLUMN recall_reason text,
        ADD COLUMN amends uuid CONSTRAINT documents_amends_fkey REFERENCES documents (id),
        ADD COLUMN amend_kind text CONSTRAINT documents_amend_kind_check CHECK (amend_kind IN ('correction', 'replacement')),
        ADD COLUMN replaced_by uuid CONSTRAINT documents_replaced_by_fkey REFERENCES documents (id),
        ADD COLUMN corrected_by uuid[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT documents_amends_check CHECK ((amends IS NULL) = (amend_kind IS NULL));
      CREATE INDEX documents_amends_idx ON documents (amends) WHERE amends IS NOT NULL;
      ALTER TABLE incoming_items DROP CONSTRAINT incoming_items_state_check;
      ALTER TABLE incoming_items ADD CONSTRAINT incoming_items_state_check
        CHECK (state IN ('received', 'registered', 'assigned', 'in_progress', 'done', 'returned', 'recalled'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incoming_items DROP CONSTRAINT incoming_items_state_check;
      ALTER TABLE incoming_items ADD CONSTRAINT incoming_items_state_check
        CHECK (state IN ('received', 'registered', 'assigned', 'in_progress', 'done', 'returned'));
      DROP INDEX documents_amends_idx;
      ALTER TABLE documents DROP CONSTRAINT documents_amends_check, DROP COLUMN corrected_by, DROP COLUMN replaced_by,
        DROP COLUMN amend_kind, DROP COLUMN amends, DROP COLUMN recall_reason, DROP COLUMN recalled_at;
      ALTER TABLE documents DROP CONSTRAINT documents_state_check;
      ALTER TABLE documents ADD CONSTRAINT documents_state_check
        CHECK (state IN ('draft', 'consulting', 'consulted', 'awaiting_review', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn'));
    `);
  }
}
