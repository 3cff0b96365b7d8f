import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../libs/config/src';

/** Shared pieces of the benchmarks: a fresh database, timing, percentiles, output. */
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function freshDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `examflow_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      // And its queue (QUEUE_PREFIX {name}): a run leaves nothing in the shared Redis.
      const queue = new Queue('deadlines', { connection: { url: REDIS_URL }, prefix: `{${name}}` });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const ADMIN_PASSWORD = 'Bench#Admin-2026';

/** The environment of examflow on a benchmark database. */
export function benchEnv(db: { name: string; url: string }): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL,
    ADMIN_PASSWORD,
    QUEUE_PREFIX: `{${db.name}}`,
    JWT_SECRET: `bench-secret-${db.name}`,
    SIGNING_KEY: 'bench-signing-key-of-at-least-32-characters',
    EXAMFLOW_DATA_DIR: '/tmp',
    PASSWORD_HASH_COST: '14', // the benchmarks measure transitions, not password hashing
    WORKFLOW_ROLLOUT: '1', // the lifecycle the ceilings were measured on (no review before signature)
  };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Peak resident set (VmHWM) of a process, in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 0);
}

export interface Server {
  base: string;
  child: ChildProcess;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The built API (`api`), worker, or both (`all`) as a process of its own, so that the load generator does not share its event loop. */
export async function startServer(
  kind: 'api' | 'worker' | 'all',
  db: { name: string; url: string },
  extraEnv: Record<string, string>,
): Promise<Server> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    PORT: String(port),
    ...benchEnv(db),
    ...extraEnv,
  };
  const root = resolve(__dirname, '../..');
  const script = kind === 'worker' ? 'dist/apps/worker/src/main.js' : 'dist/apps/api/src/main.js';
  const child = spawn(process.execPath, kind === 'api' ? [script, '--api-only'] : [script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = kind === 'worker' ? 'worker started' : 'listening on';
  const until = Date.now() + 30_000;
  while (!out.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${kind} exited: ${out}`);
    if (Date.now() > until) throw new Error(`${kind} did not start: ${out}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    env,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
