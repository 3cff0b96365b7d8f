import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/persistence/src';
import { statementName } from '../libs/persistence/src/preparing-client';
import { createDatabase } from './support/harness';

/**
 * The pool's connections prepare each parameterised statement once (a named
 * statement per text), on a real PostgreSQL: what is prepared, that answers
 * stay right, and that a failed statement or transaction leaves the
 * connection usable.
 */
let db: Awaited<ReturnType<typeof createDatabase>>;
let ds: DataSource;

beforeAll(async () => {
  db = await createDatabase();
  ds = new DataSource({ ...dataSourceOptions(db.url, 1), migrationsRun: false });
  await ds.initialize();
  await ds.runMigrations();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const prepared = async (): Promise<Array<{ name: string; statement: string }>> =>
  ds.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`);

it('prepares a parameterised statement once on the connection, under a name that is the text’s own', async () => {
  const text = `SELECT $1::int + $2::int AS sum`;
  // One connection in the pool: every query below runs on it.
  expect((await ds.query(text, [1, 2]))[0].sum).toBe(3);
  expect((await ds.query(text, [40, 2]))[0].sum).toBe(42);
  const mine = (await prepared()).filter((p) => p.statement === text);
  expect(mine).toEqual([{ name: statementName(text), statement: text }]);
  expect(statementName(text)).toMatch(/^ef_[0-9a-f]{20}$/);
  expect(statementName(`${text} `)).not.toBe(statementName(text));
  // Statements without parameters stay unnamed.
  await ds.query(`SELECT 1 AS one`);
  expect((await prepared()).some((p) => p.statement === 'SELECT 1 AS one')).toBe(false);
});

it('a statement that fails inside a transaction leaves it prepared and the connection usable', async () => {
  const insert = `INSERT INTO settings (key, value) VALUES ($1, $2)`;
  await ds.query(insert, ['prepared-test', '"a"']);
  await expect(
    ds.transaction(async (tx) => {
      await tx.query(`SELECT $1::text AS x`, ['before']);
      await tx.query(insert, ['prepared-test', '"b"']); // duplicate key: the transaction fails
    }),
  ).rejects.toThrow(/duplicate key/);
  // The same texts work again, in and out of a transaction, with the right answers.
  await ds.transaction(async (tx) => {
    expect((await tx.query(`SELECT $1::text AS x`, ['after']))[0].x).toBe('after');
    await tx.query(insert, ['prepared-test-2', '"c"']);
  });
  const rows = await ds.query(`SELECT key, value FROM settings WHERE key = ANY($1) ORDER BY key`, [['prepared-test', 'prepared-test-2']]);
  expect(rows).toEqual([
    { key: 'prepared-test', value: '"a"' },
    { key: 'prepared-test-2', value: '"c"' },
  ]);
});

it('a statement first sent inside a failed transaction is not taken for prepared: it runs after the rollback', async () => {
  const fresh = `SELECT $1::text || ' (first sent in a failed transaction)' AS x`;
  await expect(
    ds.transaction(async (tx) => {
      await tx.query(`SELECT 1 / $1::int`, [0]).catch(() => undefined); // division by zero: the transaction is aborted
      await tx.query(fresh, ['a']); // refused (25P02) before PostgreSQL parses it
    }),
  ).rejects.toThrow(/current transaction is aborted/);
  expect((await prepared()).some((p) => p.statement === fresh)).toBe(false);
  expect((await ds.query(fresh, ['b']))[0].x).toBe('b (first sent in a failed transaction)');
  expect((await prepared()).some((p) => p.statement === fresh)).toBe(true);
});

describe('a prepared statement gone stale (a migration by a newer process changed its row type)', () => {
  it('outside a transaction: sent again unnamed, the caller sees only the answer', async () => {
    await ds.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, a int)`);
    await ds.query(`INSERT INTO prepared_probe VALUES (1, 10)`);
    const text = `SELECT * FROM prepared_probe WHERE id = $1`;
    expect(await ds.query(text, [1])).toEqual([{ id: 1, a: 10 }]);
    await ds.query(`ALTER TABLE prepared_probe ADD COLUMN b int DEFAULT 7`);
    expect(await ds.query(text, [1])).toEqual([{ id: 1, a: 10, b: 7 }]);
    expect(statementName(text)).toBeNull(); // unnamed from now on
  });

  it('inside a transaction: that transaction fails, and the next one runs it unnamed', async () => {
    const text = `SELECT * FROM prepared_probe WHERE id = $1 AND a > $2`;
    expect(await ds.query(text, [1, 0])).toEqual([{ id: 1, a: 10, b: 7 }]);
    await ds.query(`ALTER TABLE prepared_probe ADD COLUMN c int DEFAULT 8`);
    await expect(ds.transaction((tx) => tx.query(text, [1, 0]))).rejects.toThrow(/cached plan must not change result type/);
    expect(await ds.transaction((tx) => tx.query(text, [1, 0]))).toEqual([{ id: 1, a: 10, b: 7, c: 8 }]);
  });
});

it('a statement that fails to parse is not taken for prepared: the next, corrected one runs', async () => {
  await expect(ds.query(`SELECT $1::int FROM no_such_table`, [1])).rejects.toThrow(/no_such_table/);
  await expect(ds.query(`SELECT $1::int FROM no_such_table`, [1])).rejects.toThrow(/no_such_table/);
  expect((await ds.query(`SELECT $1::int AS n`, [7]))[0].n).toBe(7);
});
