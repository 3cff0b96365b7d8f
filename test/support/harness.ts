import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createHttpApp, type HttpAppOptions } from '../../apps/api/src/app';
import { Clock, loadConfig, type AppConfig } from '../../libs/config/src';
import { QUEUES } from '../../libs/queue/src';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';

/**
 * End-to-end harness: each test file gets its own PostgreSQL database and its
 * own queue prefix on the real servers, and the real app listening on a free
 * port. Set TEST_DATABASE_URL / TEST_REDIS_URL to point elsewhere.
 */
export const ADMIN_PASSWORD = 'Admin#Test2026';

/** Deadlines seconds away: reminded 2 s before, escalated 2 s after, a sweep every second. */
export const QUICK_DEADLINES = { REMINDER_BEFORE: '2s', ESCALATION_AFTER: '2s', SWEEP_INTERVAL: '1s', SWEEP_GRACE: '3s' };
const ADMIN_DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Harness {
  base: string;
  app: INestApplication;
  config: AppConfig;
  databaseUrl: string;
  /** A direct connection to the test database, for checks and tampering. */
  sql(text: string, params?: unknown[]): Promise<any[]>;
  close(): Promise<void>;
}

export async function adminQuery(text: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_DB_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A fresh database on the test server: its URL and how to drop it. */
export async function createDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `examflow_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DB_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The environment of a test app on a fresh database (its own queue prefix, a fixed JWT secret). */
export function testEnv(db: { name: string; url: string }, env: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL,
    ADMIN_PASSWORD,
    QUEUE_PREFIX: `{t-${db.name}}`,
    JWT_SECRET: `test-secret-${db.name}`,
    SIGNING_KEY: 'test-signing-key-0123456789-abcdefghij',
    DB_POOL_SIZE: '20',
    // The lowest cost the setting takes (2^14, ~70 ms) instead of production's 2^17 (~0.5 s): the suites log in
    // and import thousands of times. test/security.spec.ts runs the default and the rehash from one to the other.
    PASSWORD_HASH_COST: '14',
    // SPEC Part one's suites run the deployment before review before signature (workflows version 1:
    // an officer's submission goes straight to the signer); test/review.spec.ts and the built-process
    // rollout test run version 2 (WORKFLOW_ROLLOUT 0, the product's default).
    WORKFLOW_ROLLOUT: '1',
    ...env,
  };
}

export async function startApp(env: Record<string, string> = {}, options: HttpAppOptions = {}): Promise<Harness> {
  const db = await createDatabase();
  const databaseUrl = db.url;
  const config = loadConfig(testEnv(db, env));
  const app = await createHttpApp(config, { logger: ['error'], ...options });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const direct = new Client({ connectionString: databaseUrl });
  await direct.connect();
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    config,
    databaseUrl,
    sql: async (text, params) => (await direct.query(text, params as unknown[])).rows,
    close: async () => {
      await direct.end();
      // Leave nothing of this file's queue in the shared Redis.
      await app
        .get<Queue>(getQueueToken(QUEUES.deadlines))
        .obliterate({ force: true })
        .catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  token?: string | null,
  body?: unknown,
  rawBody?: string,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed as T };
}

/** A client bound to one server: `c.as('alice').post(path, body)`. */
export class ApiClient {
  readonly tokens = new Map<string, string>();
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<string> {
    const r = await call(this.base, 'POST', '/api/auth/login', null, { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    this.tokens.set(username, r.body.accessToken);
    return r.body.accessToken;
  }

  token(username: string): string {
    const t = this.tokens.get(username);
    if (!t) throw new Error(`${username} has not logged in`);
    return t;
  }

  as(username: string | null) {
    const token = username === null ? null : this.token(username);
    return {
      get: <T = any>(path: string) => call<T>(this.base, 'GET', path, token),
      post: <T = any>(path: string, body?: unknown) => call<T>(this.base, 'POST', path, token, body),
      put: <T = any>(path: string, body?: unknown) => call<T>(this.base, 'PUT', path, token, body),
      patch: <T = any>(path: string, body?: unknown) => call<T>(this.base, 'PATCH', path, token, body),
      delete: <T = any>(path: string) => call<T>(this.base, 'DELETE', path, token),
      event: <T = any>(id: string, body: Record<string, unknown>) =>
        call<T>(this.base, 'POST', `/api/documents/${id}/events`, token, body),
    };
  }
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A clock that stands still where the test puts it: `createHttpApp(config, { clock })`. */
export class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at.getTime());
  }
}
