import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients examflow does not hold (SPEC §7), written only by libs/org's
 * import: external bodies (Bộ Công an, UBND tỉnh, Đài PT-TH tỉnh, a
 * newspaper), with an e-mail where they take the issued PDF by mail; and
 * groups of recipients (Các sở GDĐT, Các Thứ trưởng), printed by their name
 * and delivered to each member (an agency, a unit, an external body or a
 * person; not another group).
 */
export class ExternalsAndGroups1733700000000 implements MigrationInterface {
  name = 'ExternalsAndGroups1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE external_bodies (
        code text CONSTRAINT external_bodies_pkey PRIMARY KEY,
        name text NOT NULL,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE recipient_groups (
        code text CONSTRAINT recipient_groups_pkey PRIMARY KEY,
        name text NOT NULL,
        members jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recipient_groups; DROP TABLE external_bodies;`);
  }
}
