import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, startLocalServices } from '../../../libs/config/src';
import { WorkerModule } from '../../worker/src/worker.module';
import { createHttpApp } from './app';
import { webDir } from './http/web';

/**
 * `npm start`: the API and the worker in one process. `--api-only` (used by
 * `npm run start:api`) leaves the worker to `npm run start:worker`.
 */
async function main() {
  const log = new Logger('examflow');
  const apiOnly = process.argv.includes('--api-only');
  const local = await startLocalServices(loadConfig(), (m) => log.log(m));
  const app = await createHttpApp(local.config, { extra: apiOnly ? [] : [WorkerModule] });
  const shutdown = async (signal: string) => {
    log.log(`${signal}: shutting down`);
    await app.close().catch((e) => log.error(e));
    await local.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen(local.config.port, local.config.host);
  log.log(`examflow ${apiOnly ? 'API' : 'API + worker'} listening on http://${local.config.host}:${local.config.port}`);
  if (webDir(local.config.webDir)) log.log(`web app: open http://127.0.0.1:${local.config.port}/ in a browser`);
  else log.warn('the web app is not built (npm run build:web): only the API is served');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `configuration error: ${e.message}` : e);
  process.exit(1);
});
