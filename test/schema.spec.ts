import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/persistence/src';
import { createDatabase } from './support/harness';

/**
 * The entities describe the migrated schema truthfully. The app never
 * synchronizes (migrations only); the entities are there to be read, so they
 * must not lie. What an entity cannot express (an expression index, an index
 * column's sort order) is marked `synchronize: false` there, with the real
 * definition in a comment.
 */
let migrated: Awaited<ReturnType<typeof createDatabase>>;
let synced: Awaited<ReturnType<typeof createDatabase>>;
let ds: DataSource;
let fromEntities: DataSource;

beforeAll(async () => {
  [migrated, synced] = await Promise.all([createDatabase(), createDatabase()]);
  ds = new DataSource({ ...dataSourceOptions(migrated.url, 1), migrationsRun: false });
  await ds.initialize();
  await ds.runMigrations();
  // A throwaway database built from the entities alone.
  fromEntities = new DataSource({ ...dataSourceOptions(synced.url, 1), migrationsRun: false });
  await fromEntities.initialize();
  await fromEntities.synchronize();
});
afterAll(async () => {
  await ds?.destroy();
  await fromEntities?.destroy();
  await migrated?.drop();
  await synced?.drop();
});

it('TypeORM’s schema builder finds nothing to change in the migrated schema', async () => {
  const sql = await ds.driver.createSchemaBuilder().log();
  expect(sql.upQueries.map((q) => q.query)).toEqual([]);
});

/**
 * The builder compares constraints and indexes by name and columns only (not a
 * check's expression, not an index's WHERE or column order). So also compare
 * what PostgreSQL itself says about the migrated database and about one the
 * entities built.
 */
async function catalog(d: DataSource) {
  const columns = await d.query(`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS "notNull", pg_get_expr(ad.adbin, ad.adrelid) AS "default"
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'migrations'
     ORDER BY 1, 2`);
  const constraints = await d.query(`
    SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     WHERE c.relname <> 'migrations'
     ORDER BY 1, 2`);
  const indexes = await d.query(`
    SELECT tablename AS "table", indexname AS name, indexdef AS definition
      FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations'
     ORDER BY 1, 2`);
  return { columns, constraints, indexes };
}

it('PostgreSQL describes the migrated database and one built from the entities alike', async () => {
  const [real, described] = await Promise.all([catalog(ds), catalog(fromEntities)]);
  expect(described.columns).toEqual(real.columns);
  expect(described.constraints).toEqual(real.constraints);
  // Indexes marked `synchronize: false` exist only in the migrated database, and they do exist there.
  const unsynced = new Set(ds.entityMetadatas.flatMap((m) => m.indices.filter((i) => !i.synchronize).map((i) => i.name)));
  expect(unsynced.size).toBeGreaterThan(0);
  expect(real.indexes.filter((i: { name: string }) => unsynced.has(i.name)).map((i: { name: string }) => i.name).sort()).toEqual(
    [...unsynced].sort(),
  );
  expect(described.indexes).toEqual(real.indexes.filter((i: { name: string }) => !unsynced.has(i.name)));
});
