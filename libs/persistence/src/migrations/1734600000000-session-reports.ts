import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-session reports (SPEC §8, báo cáo nhanh mỗi buổi thi): a document
 * disseminated with `sessionReports` keeps how they are due, each
 * implementing recipient owes one report per session of the campaign, and
 * each session has a deadline of its own (`deadlines.session_code`, '' for
 * a deadline of no one session). An incoming item keeps how its anchored
 * processing deadline was given (`anchors`), as a document does.
 */
export class SessionReports1734600000000 implements MigrationInterface {
  name = 'SessionReports1734600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN session_reports jsonb;
      ALTER TABLE incoming_items ADD COLUMN anchors jsonb NOT NULL DEFAULT '{}';
      ALTER TABLE deadlines ADD COLUMN session_code text NOT NULL DEFAULT '';
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_document_id_stage_entry_kind_key;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_document_id_stage_entry_kind_session_code_key UNIQUE (document_id, stage_entry, kind, session_code);
      CREATE TABLE session_reports (
        document_id uuid NOT NULL,
        recipient_idx integer NOT NULL,
        session_code text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CONSTRAINT session_reports_status_check CHECK (status IN ('pending', 'submitted', 'closed')),
        content text,
        submitted_at timestamptz,
        submitted_by text,
        CONSTRAINT session_reports_pkey PRIMARY KEY (document_id, recipient_idx, session_code),
        CONSTRAINT session_reports_document_id_recipient_idx_fkey FOREIGN KEY (document_id, recipient_idx) REFERENCES recipients (document_id, idx)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE session_reports;
      ALTER TABLE deadlines DROP CONSTRAINT deadlines_document_id_stage_entry_kind_session_code_key;
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_document_id_stage_entry_kind_key UNIQUE (document_id, stage_entry, kind);
      ALTER TABLE deadlines DROP COLUMN session_code;
      ALTER TABLE incoming_items DROP COLUMN anchors;
      ALTER TABLE documents DROP COLUMN session_reports;
    `);
  }
}
