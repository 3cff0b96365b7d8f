import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Văn bản đến (SPEC §7, Nghị định 30 Điều 21–24), written only by
 * libs/incoming: an incoming item per receiving agency (from an examflow
 * dissemination, or registered by hand from outside), its hash-chained
 * history, and the số đến sequence of each agency and year.
 */
export class Incoming1733900000000 implements MigrationInterface {
  name = 'Incoming1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incoming_items (
        id uuid CONSTRAINT incoming_items_pkey PRIMARY KEY,
        agency_code text NOT NULL CONSTRAINT incoming_items_agency_code_fkey REFERENCES agencies (code),
        source_document_id uuid CONSTRAINT incoming_items_source_document_id_fkey REFERENCES documents (id),
        sender text NOT NULL,
        number text,
        issued_at timestamptz,
        type text NOT NULL,
        title text NOT NULL,
        urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        state text NOT NULL CHECK (state IN ('received', 'registered', 'assigned', 'in_progress', 'done', 'returned')),
        version integer NOT NULL,
        workflow_id text NOT NULL,
        workflow_version integer NOT NULL,
        last_hash text NOT NULL,
        received_at timestamptz NOT NULL,
        incoming_year integer,
        incoming_number integer,
        registered_at timestamptz,
        registered_by text,
        lead_unit text,
        cooperating text[] NOT NULL DEFAULT '{}',
        info_units text[] NOT NULL DEFAULT '{}',
        deadline timestamptz,
        instruction text,
        assigned_by text,
        assigned_at timestamptz,
        summary text,
        completed_at timestamptz,
        completed_by text,
        return_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT incoming_items_number_key UNIQUE (agency_code, incoming_year, incoming_number),
        CONSTRAINT incoming_items_source_key UNIQUE (agency_code, source_document_id)
      );
      CREATE INDEX incoming_items_agency_idx ON incoming_items (agency_code, state, received_at);
      CREATE TABLE incoming_history (
        incoming_id uuid NOT NULL CONSTRAINT incoming_history_incoming_id_fkey REFERENCES incoming_items (id),
        seq integer NOT NULL,
        event text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT incoming_history_pkey PRIMARY KEY (incoming_id, seq)
      );
      CREATE TABLE incoming_numbers (
        agency_code text NOT NULL CONSTRAINT incoming_numbers_agency_code_fkey REFERENCES agencies (code),
        year integer NOT NULL,
        last integer NOT NULL,
        CONSTRAINT incoming_numbers_pkey PRIMARY KEY (agency_code, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incoming_numbers; DROP TABLE incoming_history; DROP TABLE incoming_items;`);
  }
}
