import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { log, PG_ADMIN_URL } from './support';
import { signingQueueBench } from './signing-queue.bench';

/**
 * `npm run bench`: prints each figure beside its ceiling and writes
 * bench/results/latest.json. Benchmarks measure; they never fail on speed.
 */
async function main() {
  const pg = new Client({ connectionString: PG_ADMIN_URL });
  await pg.connect();
  const postgres = (await pg.query('SHOW server_version')).rows[0].server_version;
  await pg.end();
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, postgres },
  };

  log('signing queue: seeding…');
  const queue = await signingQueueBench();
  results.signingQueue = { documents: queue.documents, p50Ms: queue.p50Ms, p95Ms: queue.p95Ms };
  console.log('\nSigning queue (GET /api/signing-queue, 500 requests, 200 of the rows await the caller)');
  console.table([{ documents: queue.documents, 'p50 ms': queue.p50Ms, 'p95 ms': queue.p95Ms, 'target p95 ms': 10 }]);
  console.log(queue.plan.join('\n'));

  const out = resolve(__dirname, '../../bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten ${resolve(out, 'latest.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
