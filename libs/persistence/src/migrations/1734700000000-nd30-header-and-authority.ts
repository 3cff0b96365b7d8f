import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nghị định 30 in full, first part (SPEC §9):
 * - the header data: an agency's governing body (`parent_name`, cơ quan chủ quản), its place (`place`,
 *   địa danh), the abbreviation printed in numbers (`symbol`, which may differ from the code), the name a
 *   collective signs under ("TM. HỘI ĐỒNG THI", `collective_name`); a unit's `symbol`; the level `council`;
 * - every type of Phụ lục III;
 * - the posts `acting_head` (Q.) and `deputy_unit_head`, the authority `Q`;
 * - review before signature (Điều 12.1): the state `awaiting_review` (workflows version 2);
 * - written authorisations to sign TUQ. (Điều 13.3): a head authorises a unit head, for a period and a
 *   scope of document types, by a document whose number is kept (`reference`).
 * Existing agencies keep printing what they printed: symbol = code; place and governing body stay null,
 * and the layout derives them from the name as before until an import gives them.
 */
export class Nd30HeaderAndAuthority1734700000000 implements MigrationInterface {
  name = 'Nd30HeaderAndAuthority1734700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agencies ADD COLUMN parent_name text, ADD COLUMN place text, ADD COLUMN symbol text, ADD COLUMN collective_name text;
      UPDATE agencies SET symbol = code;
      ALTER TABLE agencies ALTER COLUMN symbol SET NOT NULL;
      ALTER TABLE agencies DROP CONSTRAINT agencies_level_check;
      ALTER TABLE agencies ADD CONSTRAINT agencies_level_check CHECK (level IN ('ministry', 'department', 'council'));
      ALTER TABLE units ADD COLUMN symbol text;
      UPDATE units SET symbol = code;
      ALTER TABLE units ALTER COLUMN symbol SET NOT NULL;
      ALTER TABLE users DROP CONSTRAINT users_position_check;
      ALTER TABLE users ADD CONSTRAINT users_position_check
        CHECK (position IN ('officer', 'deputy_unit_head', 'unit_head', 'deputy_head', 'acting_head', 'head', 'clerk', 'admin'));
      ALTER TABLE documents DROP CONSTRAINT documents_type_check;
      ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN (${TYPES}));
      ALTER TABLE documents DROP CONSTRAINT documents_signing_authority_check;
      ALTER TABLE documents ADD CONSTRAINT documents_signing_authority_check CHECK (signing_authority IN ('KT', 'TL', 'TUQ', 'TM', 'Q'));
      ALTER TABLE documents DROP CONSTRAINT documents_state_check;
      ALTER TABLE documents ADD CONSTRAINT documents_state_check
        CHECK (state IN ('draft', 'consulting', 'consulted', 'awaiting_review', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn'));
      CREATE TABLE signing_authorisations (
        id uuid NOT NULL,
        agency_code text NOT NULL,
        grantor text NOT NULL,
        grantee text NOT NULL,
        reference text NOT NULL,
        types text[] NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT signing_authorisations_pkey PRIMARY KEY (id),
        CONSTRAINT signing_authorisations_agency_code_fkey FOREIGN KEY (agency_code) REFERENCES agencies (code),
        CONSTRAINT signing_authorisations_grantor_fkey FOREIGN KEY (grantor) REFERENCES users (username),
        CONSTRAINT signing_authorisations_grantee_fkey FOREIGN KEY (grantee) REFERENCES users (username),
        CONSTRAINT signing_authorisations_check CHECK (valid_until > valid_from),
        CONSTRAINT signing_authorisations_check1 CHECK (cardinality(types) > 0)
      );
      CREATE INDEX signing_authorisations_grantee_idx ON signing_authorisations (grantee, valid_until);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE signing_authorisations;
      ALTER TABLE documents DROP CONSTRAINT documents_state_check;
      ALTER TABLE documents ADD CONSTRAINT documents_state_check
        CHECK (state IN ('draft', 'consulting', 'consulted', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn'));
      ALTER TABLE documents DROP CONSTRAINT documents_signing_authority_check;
      ALTER TABLE documents ADD CONSTRAINT documents_signing_authority_check CHECK (signing_authority IN ('KT', 'TL', 'TUQ', 'TM'));
      ALTER TABLE documents DROP CONSTRAINT documents_type_check;
      ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN ('KH', 'QĐ', 'TB', 'BC', 'HD', 'CT', 'TTr', 'GM', 'CV'));
      ALTER TABLE users DROP CONSTRAINT users_position_check;
      ALTER TABLE users ADD CONSTRAINT users_position_check CHECK (position IN ('officer', 'unit_head', 'deputy_head', 'head', 'clerk', 'admin'));
      ALTER TABLE units DROP COLUMN symbol;
      ALTER TABLE agencies DROP CONSTRAINT agencies_level_check;
      ALTER TABLE agencies ADD CONSTRAINT agencies_level_check CHECK (level IN ('ministry', 'department'));
      ALTER TABLE agencies DROP COLUMN parent_name, DROP COLUMN place, DROP COLUMN symbol, DROP COLUMN collective_name;
    `);
  }
}

/** Phụ lục III, as the check lists them (a migration keeps its own copy: the catalogue may grow later). */
const TYPES = [
  'NQ', 'QĐ', 'CT', 'QC', 'QyĐ', 'HD', 'KH', 'CTr', 'PA', 'ĐA', 'DA', 'TB', 'TC', 'BC', 'TTr', 'BB',
  'CV', 'CĐ', 'HĐ', 'BGN', 'BTT', 'GM', 'GGT', 'GUQ', 'GNP', 'PG', 'PC', 'PB',
].map((t) => `'${t}'`).join(', ');
