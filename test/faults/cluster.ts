import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_PASSWORD, ApiClient, call, QUICK_DEADLINES, sleep, type Answer } from '../support/harness';
import { freePort, startProcess, startRedis, type AppProcess, type OwnRedis } from '../support/processes';

/**
 * A cluster for the fault suite: a PostgreSQL server and a Redis server of
 * its own (so that they can be stopped and flushed), two API processes and
 * two worker processes of the built code, and a generated organisation.
 */
export const PASSWORD = 'Faults#2026';

export interface OwnPostgres {
  url: string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return `/usr/lib/postgresql/${versions[versions.length - 1]}/bin/${name}`;
}

/** The machine's PostgreSQL binaries on a data directory of our own (as the postgres user when run as root). */
export async function startPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'examflow-faults-pg-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString()) : undefined;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString()) : undefined;
  if (asRoot) chownSync(dir, uid!, gid!);
  const data = join(dir, 'data');
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? ['runuser', ['-u', 'postgres', '--', pgBin(bin), ...args]] as const : [pgBin(bin), args] as const;
    const r = spawnSync(cmd[0], cmd[1] as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () =>
    run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  start();
  const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await c.connect();
  await c.query('CREATE DATABASE examflow');
  await c.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/examflow`,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start,
    destroy: () => {
      if (existsSync(join(data, 'postmaster.pid'))) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          /* already down */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Cluster {
  pg: OwnPostgres;
  redis: OwnRedis;
  env: Record<string, string>;
  apis: AppProcess[];
  workers: AppProcess[];
  bases: string[];
  sql: Client;
  clients: ApiClient[];
  org: ReturnType<typeof generatedOrg>;
  startWorker(): Promise<AppProcess>;
  rssMb(p: AppProcess): number;
  close(): Promise<void>;
}

/** A ministry with four units and two departments with two units each; every unit has a head and officers. */
export function generatedOrg() {
  const agencies = [
    { code: 'BO', name: 'Bộ thử', level: 'ministry' },
    { code: 'SO1', name: 'Sở thử 1', level: 'department' },
    { code: 'SO2', name: 'Sở thử 2', level: 'department' },
  ];
  const unitCodes: Record<string, string[]> = { BO: ['U1', 'U2', 'U3', 'VP'], SO1: ['P1', 'VP'], SO2: ['P1', 'VP'] };
  const users: Array<{ username: string; fullName: string; agencyCode: string; unitCode?: string; position: string; title: string; password: string }> = [];
  const u = (username: string, agencyCode: string, position: string, unitCode?: string) =>
    users.push({ username, fullName: username, agencyCode, unitCode, position, title: position, password: PASSWORD });
  const units: Array<{ code: string; agencyCode: string; name: string; supervisor?: string }> = [];
  for (const a of agencies) {
    u(`${a.code}.head`, a.code, 'head');
    u(`${a.code}.dep`, a.code, 'deputy_head');
    for (const code of unitCodes[a.code]) {
      units.push({ code, agencyCode: a.code, name: `${a.name} ${code}`, supervisor: a.level === 'ministry' && code !== 'VP' ? `${a.code}.dep` : undefined });
      if (code === 'VP') {
        u(`${a.code}.clerk`, a.code, 'clerk', 'VP');
        u(`${a.code}.vp`, a.code, 'unit_head', 'VP');
      } else {
        u(`${a.code}.${code}.head`, a.code, 'unit_head', code);
        u(`${a.code}.${code}.o1`, a.code, 'officer', code);
        u(`${a.code}.${code}.o2`, a.code, 'officer', code);
      }
    }
  }
  return { agencies, units, users };
}

export async function startCluster(extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const pg = await startPostgres();
  const redis = await startRedis();
  const [p1, p2] = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    ADMIN_PASSWORD,
    JWT_SECRET: 'faults-secret-of-enough-length-0123456789',
    SIGNING_KEY: 'faults-signing-key-of-at-least-32-characters',
    QUEUE_PREFIX: '{faults}',
    PASSWORD_HASH_COST: '14', // the fault suite measures recovery, not hashing
    WORKFLOW_ROLLOUT: '1', // the fuzz drives SPEC Part one's lifecycle (no review before signature)
    ...QUICK_DEADLINES,
    EXAMFLOW_DATA_DIR: '/tmp',
    ...extraEnv,
  };
  const apis = [startProcess('api', { ...env, PORT: String(p1) })];
  await apis[0].waitFor('listening on');
  apis.push(startProcess('api', { ...env, PORT: String(p2) }));
  const workers = [startProcess('worker', env), startProcess('worker', env)];
  await Promise.all([apis[1].waitFor('listening on'), ...workers.map((w) => w.waitFor('worker started'))]);
  const bases = [`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`];
  const org = generatedOrg();
  const admin = new ApiClient(bases[0]);
  await admin.login('admin', ADMIN_PASSWORD);
  const put = await admin.as('admin').put('/api/org', org);
  if (put.status !== 200) throw new Error(`PUT /api/org: ${put.status} ${JSON.stringify(put.body)}`);
  // Both APIs accept the same tokens (one JWT secret): log in once, use either.
  const clients = bases.map((b) => new ApiClient(b));
  for (const user of org.users) {
    const token = await clients[0].login(user.username, PASSWORD);
    clients[1].tokens.set(user.username, token);
  }
  clients[0].tokens.set('admin', admin.token('admin'));
  clients[1].tokens.set('admin', admin.token('admin'));
  const sql = new Client({ connectionString: pg.url });
  sql.on('error', () => undefined);
  await sql.connect();
  const cluster: Cluster = {
    pg,
    redis,
    env,
    apis,
    workers,
    bases,
    sql,
    clients,
    org,
    startWorker: async () => {
      const w = startProcess('worker', env);
      workers.push(w);
      await w.waitFor('worker started');
      return w;
    },
    rssMb: (p) => {
      const status = readFileSync(`/proc/${p.child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    close: async () => {
      await Promise.all([...apis, ...workers].map((p) => p.kill('SIGTERM')));
      await sql.end().catch(() => undefined);
      await redis.stop();
      pg.destroy();
    },
  };
  return cluster;
}

/** A fresh connection for checks (the cluster's may have died with a PostgreSQL restart). */
export async function query(cluster: Cluster, text: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: cluster.pg.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

export { call, sleep, type Answer };
