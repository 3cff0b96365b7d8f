import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Serialises migrations when several processes start at once. */
const MIGRATION_LOCK = 7_341_001;

/** Runs pending migrations under an advisory lock; safe to call from every process. */
export async function migrate(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'all' });
    if (done.length) new Logger('Migrations').log(`applied ${done.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

@Module({})
export class PersistenceModule {
  static forRoot(options: { url: string; poolSize: number; prepare?: boolean }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(options.url, options.poolSize, options.prepare ?? true),
          dataSourceFactory: async (opts) => {
            const ds = await new DataSource(opts!).initialize();
            await migrate(ds);
            return ds;
          },
        }),
      ],
    };
  }
}
