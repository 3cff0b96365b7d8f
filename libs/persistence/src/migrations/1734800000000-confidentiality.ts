import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Độ mật (SPEC §9, Nghị định 30 Điều 15.2): a document's `confidentiality`;
 * the number series it was numbered in (`number_series`: '' or 'mật'), one
 * counter per agency, year and series, and numbers unique within a series.
 */
export class Confidentiality1734800000000 implements MigrationInterface {
  name = 'Confidentiality1734800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN confidentiality text NOT NULL DEFAULT 'normal'
        CONSTRAINT documents_confidentiality_check CHECK (confidentiality IN ('normal', 'confidential', 'secret', 'top_secret'));
      ALTER TABLE documents ADD COLUMN number_series text NOT NULL DEFAULT ''
        CONSTRAINT documents_number_series_check CHECK (number_series IN ('', 'mật'));
      DROP INDEX documents_number_uq;
      CREATE UNIQUE INDEX documents_number_uq ON documents (agency_code, number_year, number_series, number_seq);
      ALTER TABLE number_counters ADD COLUMN series text NOT NULL DEFAULT '';
      ALTER TABLE number_counters DROP CONSTRAINT number_counters_pkey;
      ALTER TABLE number_counters ADD CONSTRAINT number_counters_pkey PRIMARY KEY (agency_code, year, series);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM number_counters WHERE series <> '';
      ALTER TABLE number_counters DROP CONSTRAINT number_counters_pkey;
      ALTER TABLE number_counters ADD CONSTRAINT number_counters_pkey PRIMARY KEY (agency_code, year);
      ALTER TABLE number_counters DROP COLUMN series;
      DROP INDEX documents_number_uq;
      CREATE UNIQUE INDEX documents_number_uq ON documents (agency_code, number_year, number_seq);
      ALTER TABLE documents DROP COLUMN number_series;
      ALTER TABLE documents DROP COLUMN confidentiality;
    `);
  }
}
