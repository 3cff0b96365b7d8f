import 'reflect-metadata';
import { AuditModule } from '../../../libs/audit/src';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, ConfigModule, loadConfig, startLocalServices } from '../../../libs/config/src';
import { MetricsModule } from '../../../libs/metrics/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: the worker alone, no HTTP. */
async function main() {
  const log = new Logger('examflow-worker');
  const local = await startLocalServices(loadConfig(), (m) => log.log(m));
  const config = local.config;
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      PersistenceModule.forRoot({ url: config.databaseUrl!, poolSize: config.dbPoolSize, prepare: config.dbPrepare }),
      MetricsModule,
      AuditModule,
      WorkerModule,
    ],
  })
  class WorkerAppModule {}
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { logger: ['log', 'error', 'warn'] });
  app.enableShutdownHooks();
  const shutdown = async () => {
    await app.close().catch((e) => log.error(e));
    await local.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  log.log('examflow worker started');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `configuration error: ${e.message}` : e);
  process.exit(1);
});
