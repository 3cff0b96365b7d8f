import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: organisation, documents and their lifecycle, jobs. */
export class Init1732400000000 implements MigrationInterface {
  name = 'Init1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        code text PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('ministry', 'department')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE units (
        agency_code text NOT NULL REFERENCES agencies(code),
        code text NOT NULL,
        name text NOT NULL,
        supervisor text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency_code, code)
      );
      CREATE TABLE users (
        username text PRIMARY KEY,
        password_hash text NOT NULL,
        full_name text NOT NULL,
        agency_code text REFERENCES agencies(code),
        unit_code text,
        position text NOT NULL CHECK (position IN ('officer', 'unit_head', 'deputy_head', 'head', 'clerk', 'admin')),
        title text NOT NULL,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (agency_code, unit_code) REFERENCES units(agency_code, code),
        CHECK (agency_code IS NOT NULL OR position = 'admin'),
        CHECK (unit_code IS NULL OR agency_code IS NOT NULL)
      );
      CREATE INDEX users_agency_idx ON users (agency_code, position);

      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('KH', 'QĐ', 'TB', 'BC', 'HD', 'CT', 'TTr', 'GM', 'CV')),
        title varchar(1000) NOT NULL,
        body text NOT NULL DEFAULT '',
        urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        state text NOT NULL CHECK (state IN ('draft', 'consulting', 'consulted', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn')),
        version integer NOT NULL CHECK (version >= 1),
        agency_code text NOT NULL REFERENCES agencies(code),
        unit_code text NOT NULL,
        drafter text NOT NULL REFERENCES users(username),
        signer text REFERENCES users(username),
        signing_authority text CHECK (signing_authority IN ('KT', 'TL', 'TUQ', 'TM')),
        signature_block text,
        number text,
        number_year integer,
        number_seq integer,
        issued_at timestamptz,
        consultation_deadline timestamptz,
        signature_deadline timestamptz,
        dissemination_deadline timestamptz,
        report_deadline timestamptz,
        closing_summary text,
        workflow_id text NOT NULL,
        workflow_version integer NOT NULL,
        snapshot jsonb NOT NULL,
        last_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (agency_code, unit_code) REFERENCES units(agency_code, code),
        CHECK ((number IS NULL) = (number_seq IS NULL) AND (number_seq IS NULL) = (number_year IS NULL))
      );
      CREATE UNIQUE INDEX documents_number_uq ON documents (agency_code, number_year, number_seq);
      CREATE INDEX documents_agency_state_idx ON documents (agency_code, state, updated_at DESC);
      CREATE INDEX documents_unit_idx ON documents (agency_code, unit_code, updated_at DESC);
      CREATE INDEX documents_drafter_idx ON documents (drafter);
      CREATE INDEX documents_signing_queue_idx ON documents (signer, signature_deadline) WHERE state = 'awaiting_signature';

      CREATE TABLE consultations (
        document_id uuid NOT NULL REFERENCES documents(id),
        agency_code text NOT NULL,
        unit_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'agreed', 'disagreed', 'silent')),
        comment text,
        answered_at timestamptz,
        answered_by text,
        PRIMARY KEY (document_id, agency_code, unit_code),
        FOREIGN KEY (agency_code, unit_code) REFERENCES units(agency_code, code)
      );
      CREATE INDEX consultations_unit_idx ON consultations (agency_code, unit_code, status);

      CREATE TABLE recipients (
        document_id uuid NOT NULL REFERENCES documents(id),
        idx integer NOT NULL,
        agency_code text NOT NULL REFERENCES agencies(code),
        unit_code text,
        purpose text NOT NULL CHECK (purpose IN ('report_to', 'coordinate', 'implement', 'direct', 'archive')),
        acknowledged_at timestamptz,
        acknowledged_by text,
        report_status text CHECK (report_status IN ('pending', 'submitted', 'closed')),
        report_content text,
        report_submitted_at timestamptz,
        report_submitted_by text,
        PRIMARY KEY (document_id, idx),
        CHECK ((purpose = 'implement') = (report_status IS NOT NULL))
      );
      CREATE INDEX recipients_agency_idx ON recipients (agency_code, unit_code);

      CREATE TABLE document_history (
        document_id uuid NOT NULL REFERENCES documents(id),
        seq integer NOT NULL,
        event text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor text NOT NULL,
        on_behalf_of text,
        at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (document_id, seq)
      );

      CREATE TABLE number_counters (
        agency_code text NOT NULL REFERENCES agencies(code),
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (agency_code, year)
      );

      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        username text NOT NULL REFERENCES users(username),
        kind text NOT NULL CHECK (kind IN ('reminder', 'escalation', 'assignment', 'info')),
        document_id uuid REFERENCES documents(id),
        stage text,
        due_at timestamptz,
        message text NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      );
      CREATE INDEX notifications_user_idx ON notifications (username, created_at DESC);

      CREATE TABLE delegations (
        id uuid PRIMARY KEY,
        delegator text NOT NULL REFERENCES users(username),
        delegate text NOT NULL REFERENCES users(username),
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK (valid_until > valid_from),
        CHECK (delegator <> delegate)
      );
      CREATE INDEX delegations_delegate_idx ON delegations (delegate, valid_until);

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        run_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      );
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;

      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE settings, outbox, delegations, notifications, number_counters,
        document_history, recipients, consultations, documents, users, units, agencies;
    `);
  }
}
