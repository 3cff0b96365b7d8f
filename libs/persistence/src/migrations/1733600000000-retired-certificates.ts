import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The certificates a holder signed with before their current one (libs/pki):
 * an issued one renewed (expired, the holder's name, title or agency
 * changed, another CA), or one replaced by a PKCS#12 the signer brought. The
 * documents they signed stay vouched for. A few rows a holder over years:
 * read without an index.
 */
export class RetiredCertificates1733600000000 implements MigrationInterface {
  name = 'RetiredCertificates1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retired_certificates (
        id bigserial CONSTRAINT retired_certificates_pkey PRIMARY KEY,
        holder_kind text NOT NULL CHECK (holder_kind IN ('user', 'agency')),
        holder text NOT NULL,
        certificate_pem text NOT NULL,
        source text NOT NULL CHECK (source IN ('issued', 'imported')),
        retired_at timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retired_certificates;`);
  }
}
