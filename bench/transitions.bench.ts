import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AppModule } from '../apps/api/src/app.module';
import { loadConfig } from '../libs/config/src';
import { DocumentService } from '../libs/documents/src';
import { chainHash, type Actor } from '../libs/domain/src';
import { ADMIN_PASSWORD, benchEnv, log, login, peakRssMb, percentile, round, startServer, type Server } from './support';

/**
 * Full lifecycles (create, submit for consultation, opinion, submit for
 * signature, sign with numbering, disseminate, report) by N concurrent
 * clients, each in an agency of its own so that numbering does not serialise
 * them; through the document service in this process, and through HTTP to
 * the API process. The ceiling is the same transaction shape issued with bare
 * `pg` at the same concurrency: lock-read, version-checked update, history
 * insert, outbox insert.
 */
export interface Figure {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  ceilingTps: number;
  ratio: number;
}

const AGENCIES = 32;
const SECONDS = Number(process.env.BENCH_TRANSITION_SECONDS ?? 8);

export function benchOrg() {
  const agencies = Array.from({ length: AGENCIES }, (_, i) => ({ code: `S${i}`, name: `Sở ${i}`, level: 'department' }));
  const units = agencies.flatMap((a) => [
    { code: 'D', agencyCode: a.code, name: 'Phòng soạn thảo' },
    { code: 'C', agencyCode: a.code, name: 'Phòng phối hợp' },
    { code: 'VP', agencyCode: a.code, name: 'Văn phòng' },
  ]);
  const users = agencies.flatMap((a, i) => [
    { username: `o${i}`, fullName: `Chuyên viên ${i}`, agencyCode: a.code, unitCode: 'D', position: 'officer', title: 'Chuyên viên' },
    { username: `c${i}`, fullName: `Trưởng phòng ${i}`, agencyCode: a.code, unitCode: 'C', position: 'unit_head', title: 'Trưởng phòng' },
    { username: `h${i}`, fullName: `Giám đốc ${i}`, agencyCode: a.code, position: 'head', title: 'Giám đốc' },
    { username: `k${i}`, fullName: `Văn thư ${i}`, agencyCode: a.code, unitCode: 'VP', position: 'clerk', title: 'Văn thư' },
  ]);
  return { agencies, units, users: users.map((u) => ({ ...u, password: 'Bench#2026' })) };
}

type Step = (client: number, id: string | null) => Promise<string>;

/** The lifecycle as a list of steps; each returns the document id. */
function lifecycle(send: (user: string, id: string | null, body: Record<string, unknown>) => Promise<string>): Step[] {
  const reportDeadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
  return [
    (i) => send(`o${i}`, null, { type: 'KH', title: `Kế hoạch ${randomUUID().slice(0, 8)}` }),
    (i, id) => send(`o${i}`, id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['C'], workingDays: 3 }),
    (i, id) => send(`c${i}`, id, { type: 'GIVE_OPINION', agree: true }),
    (i, id) => send(`o${i}`, id, { type: 'SUBMIT_FOR_SIGNATURE', signer: `h${i}`, signingAuthority: null }),
    (i, id) => send(`h${i}`, id, { type: 'SIGN' }),
    (i, id) => send(`k${i}`, id, { type: 'DISSEMINATE', recipients: [{ unitCode: 'C', purpose: 'implement' }], reportDeadline }),
    (i, id) => send(`c${i}`, id, { type: 'SUBMIT_REPORT', content: 'Đã thực hiện' }),
  ];
}

/** Runs `clients` loops for SECONDS; returns transitions/s and latency percentiles. */
async function drive(clients: number, steps: Step[]): Promise<{ tps: number; p50Ms: number; p99Ms: number }> {
  const latencies: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < until) {
        let id: string | null = null;
        for (const step of steps) {
          const t = performance.now();
          id = await step(c, id);
          latencies.push(performance.now() - t);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { tps: round(latencies.length / SECONDS, 0), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}

/** Bare pg, same shape: BEGIN; SELECT … FOR UPDATE; UPDATE … WHERE version; INSERT history; INSERT outbox; COMMIT. */
async function ceiling(pool: Pool, clients: number, docIds: string[]): Promise<number> {
  let n = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const id = docIds[c];
      while (Date.now() < until) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query(
            'SELECT version, last_hash, state FROM documents WHERE id = $1 FOR UPDATE',
            [id],
          );
          const v = rows[0].version as number;
          const at = new Date();
          const hash = chainHash(rows[0].last_hash, { seq: v + 1, event: 'BENCH', from: 'draft', to: 'draft', actor: 'o0', onBehalfOf: null, at: at.toISOString(), payload: {} });
          const u = await client.query(
            `UPDATE documents SET version = version + 1, last_hash = $3, updated_at = $4 WHERE id = $1 AND version = $2`,
            [id, v, hash, at],
          );
          if (u.rowCount !== 1) throw new Error('lost update');
          await client.query(
            `INSERT INTO document_history (document_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
             VALUES ($1, $2, 'BENCH', 'draft', 'draft', 'o0', $3, '{}', $4, $5)`,
            [id, v + 1, at, rows[0].last_hash, hash],
          );
          await client.query(
            `INSERT INTO outbox (queue, job_name, job_id, payload, run_at) VALUES ('bench', 'bench', $1, '{}', $2)`,
            [`${id}.${v + 1}`, at],
          );
          await client.query('COMMIT');
          n++;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      }
    }),
  );
  // No queue is named 'bench': leave no rows the relay could not send.
  await pool.query(`DELETE FROM outbox WHERE queue = 'bench'`);
  return round(n / SECONDS, 0);
}

export async function transitionsBench(db: { name: string; url: string }) {
  const config = loadConfig({ ...benchEnv(db), DB_POOL_SIZE: '40' });
  let ctx: INestApplicationContext | undefined;
  let server: Server | undefined;
  const pool = new Pool({ connectionString: db.url, max: 40 });
  try {
    ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    const documents = ctx.get(DocumentService);
    const org = benchOrg();
    // The organisation through the HTTP API of a server process (also used for the HTTP run below).
    server = await startServer('api', db, { DB_POOL_SIZE: '40' });
    const admin = await login(server.base, 'admin', ADMIN_PASSWORD);
    const put = await fetch(`${server.base}/api/org`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(org),
    });
    if (put.status !== 200) throw new Error(`PUT /api/org ${put.status} ${await put.text()}`);
    const actors = new Map<string, Actor>(
      org.users.map((u) => [u.username, { username: u.username, position: u.position as Actor['position'], agencyCode: u.agencyCode, unitCode: u.unitCode ?? null, fullName: u.fullName, title: u.title }]),
    );
    const viaService = lifecycle(async (user, id, body) => {
      const actor = actors.get(user)!;
      if (id === null) return (await documents.create(actor, body as never)).id;
      await documents.sendEvent(actor, id, body);
      return id;
    });
    // Documents for the ceiling's loops.
    const docIds: string[] = [];
    for (let i = 0; i < AGENCIES; i++) docIds.push((await documents.create(actors.get(`o${i}`)!, { type: 'KH', title: 'Trần tốc độ' } as never)).id);

    const service: Record<string, Figure> = {};
    for (const clients of (process.env.BENCH_TRANSITION_CLIENTS ?? '1,8,32').split(',').map(Number)) {
      log(`transitions: service, ${clients} client(s)…`);
      const run = await drive(clients, viaService);
      log(`transitions: bare pg ceiling, ${clients} client(s)…`);
      const ceil = await ceiling(pool, clients, docIds);
      service[String(clients)] = { ...run, ceilingTps: ceil, ratio: round(run.tps / ceil) };
    }

    const tokens = new Map<string, string>();
    for (const u of org.users) tokens.set(u.username, await login(server.base, u.username, 'Bench#2026'));
    const viaHttp = lifecycle(async (user, id, body) => {
      const url = id === null ? `${server!.base}/api/documents` : `${server!.base}/api/documents/${id}/events`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(user)}` },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { id: string };
      if (res.status >= 300) throw new Error(`${url}: ${res.status} ${JSON.stringify(answer)}`);
      return answer.id;
    });
    log('transitions: HTTP, 32 clients…');
    const http = await drive(32, viaHttp);
    const ceil32 = await ceiling(pool, 32, docIds);
    const rssMb = await peakRssMb(server.child.pid!);
    return {
      service,
      http: { '32': { ...http, ceilingTps: ceil32, ratio: round(http.tps / ceil32) } },
      apiRssMb: rssMb,
    };
  } finally {
    await pool.end();
    await ctx?.close();
    await server?.stop();
  }
}
