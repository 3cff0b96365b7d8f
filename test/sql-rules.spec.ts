import { Client } from 'pg';
import { delegationInForce } from '../libs/persistence/src/sql';
import { createDatabase } from './support/harness';

/** The SQL rules of libs/persistence/src/sql, each asked of real rows on the real PostgreSQL. */
let db: Awaited<ReturnType<typeof createDatabase>>;
let c: Client;

beforeAll(async () => {
  db = await createDatabase();
  c = new Client({ connectionString: db.url });
  await c.connect();
});
afterAll(async () => {
  await c.end();
  await db.drop();
});

it('a delegation is in force from valid_from (included) to valid_until (excluded), unless revoked', async () => {
  // now() is fixed for a transaction: the edges can be set exactly on it.
  await c.query('BEGIN');
  try {
    await c.query(`CREATE TEMP TABLE delegations (name text, valid_from timestamptz, valid_until timestamptz, revoked_at timestamptz)`);
    await c.query(`INSERT INTO delegations VALUES
      ('in force',        now() - interval '1 hour', now() + interval '1 hour', NULL),
      ('starts now',      now(),                     now() + interval '1 hour', NULL),
      ('ends now',        now() - interval '1 hour', now(),                     NULL),
      ('ended',           now() - interval '2 days', now() - interval '1 day', NULL),
      ('not yet',         now() + interval '1 day',  now() + interval '2 days', NULL),
      ('revoked',         now() - interval '1 hour', now() + interval '1 hour', now() - interval '1 minute')`);
    const rows = (await c.query(`SELECT name, ${delegationInForce('g')} AS active FROM delegations g ORDER BY name`)).rows;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.active]))).toEqual({
      'in force': true,
      'starts now': true,
      'ends now': false,
      ended: false,
      'not yet': false,
      revoked: false,
    });
  } finally {
    await c.query('ROLLBACK');
  }
});
