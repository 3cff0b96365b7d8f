import { Client } from 'pg';
import { ADMIN_PASSWORD, ApiClient, createDatabase, QUICK_DEADLINES, testEnv } from './harness';
import { ORG, PASSWORD, expectOk } from './org';
import { freePort, startProcess, startRedis, type AppProcess, type OwnRedis } from './processes';

/**
 * A world of built processes for the fault tests: a database and a Redis
 * server of its own, an API (or an all-in-one) process started on them with
 * deadlines seconds away, the example organisation loaded and its main
 * actors signed in; workers are started by the test.
 */
export interface World {
  env: Record<string, string>;
  redis: OwnRedis;
  db: Client;
  base: string;
  c: ApiClient;
  processes: AppProcess[];
  close(): Promise<void>;
}

export async function world(apiKind: 'api' | 'all' = 'api', extraEnv: Record<string, string> = {}): Promise<World> {
  const database = await createDatabase();
  const redis = await startRedis();
  const port = await freePort();
  const env = testEnv(database, {
    REDIS_URL: redis.url,
    PORT: String(port),
    ...QUICK_DEADLINES,
    EXAMFLOW_DATA_DIR: '/tmp',
    ...extraEnv,
  });
  const api = startProcess(apiKind, env);
  await api.waitFor('listening on');
  const base = `http://127.0.0.1:${port}`;
  const c = new ApiClient(base);
  await c.login('admin', ADMIN_PASSWORD);
  expectOk(await c.as('admin').put('/api/org', ORG));
  await Promise.all(['an.nv', 'thuong.pn', 'son.nk'].map((u) => c.login(u, PASSWORD)));
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const processes = [api];
  return {
    env,
    redis,
    db,
    base,
    c,
    processes,
    close: async () => {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
      await db.end();
      await redis.stop();
      await database.drop();
    },
  };
}

