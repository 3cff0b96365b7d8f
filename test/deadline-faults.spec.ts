import { sleep, waitFor } from './support/harness';
import { expectOk } from './support/org';
import { startProcess, type AppProcess } from './support/processes';
import { world, type World } from './support/world';

/**
 * Exactly once, whatever happens: real API and worker processes (the built
 * code) on a PostgreSQL database and a Redis server of this file's own.
 * Deadlines are seconds away; REMINDER_BEFORE and ESCALATION_AFTER are 2 s,
 * so each signature deadline owes three notifications: two reminders to the
 * signer (thuong.pn) and one escalation to the Bộ trưởng (son.nk).
 */
jest.setTimeout(90_000);

/**
 * `n` documents awaiting thuong.pn's signature, due `seconds` from now. The
 * drafts are written first and submitted together, so that the before-reminder
 * (due − REMINDER_BEFORE) is still ahead for every one of them: a reminder
 * whose time has passed when the deadline is set is not planned at all, and
 * the burst would owe fewer than three notifications each. `seconds` leaves
 * the submissions several seconds: the file shares the machine with the
 * browser tests, and forty concurrent submissions once took more than two.
 */
async function burst(w: World, n: number, seconds: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await w.c.as('an.nv').post('/api/documents', { type: 'GM', title: `Giấy mời số ${i}` })).body.id);
  }
  const due = new Date(Date.now() + seconds * 1000).toISOString();
  const answers = await Promise.all(
    ids.map((id) => w.c.as('an.nv').event(id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: due })),
  );
  answers.forEach(expectOk);
  const planned = (await w.db.query(`SELECT count(*)::int AS n FROM deadline_steps`)).rows[0].n;
  if (planned !== n * 3) throw new Error(`the burst took too long: ${planned} of ${n * 3} steps planned (a before-reminder already past is not planned)`);
  return ids;
}

/** Reminders and escalations written so far (the assignments come with the transitions themselves). */
async function count(w: World): Promise<number> {
  return (await w.db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind <> 'assignment'`)).rows[0].n;
}

/** Every document got exactly its notifications (the signer's assignment, two reminders, one escalation), and every step is done once. */
async function expectExactlyOnce(w: World, ids: string[]) {
  const rows = (
    await w.db.query(
      `SELECT document_id, username, kind, count(*)::int AS n FROM notifications
        GROUP BY document_id, username, kind ORDER BY document_id, username, kind`,
    )
  ).rows;
  const expected = ids
    .flatMap((id) => [
      { document_id: id, username: 'son.nk', kind: 'escalation', n: 1 },
      { document_id: id, username: 'thuong.pn', kind: 'assignment', n: 1 },
      { document_id: id, username: 'thuong.pn', kind: 'reminder', n: 2 },
    ])
    .sort((a, b) => a.document_id.localeCompare(b.document_id));
  expect(rows).toEqual(expected);
  const steps = (await w.db.query(`SELECT outcome, count(*)::int AS n FROM deadline_steps GROUP BY outcome`)).rows;
  expect(steps).toEqual([{ outcome: 'fired', n: ids.length * 3 }]);
}

function worker(w: World): AppProcess {
  const p = startProcess('worker', w.env);
  w.processes.push(p);
  return p;
}

it('two worker processes deliver each notification once', async () => {
  const w = await world();
  try {
    await Promise.all([worker(w).waitFor('worker started'), worker(w).waitFor('worker started')]);
    const ids = await burst(w, 20, 8);
    await waitFor(async () => (await count(w)) >= 60, 30_000, '60 notifications');
    await sleep(3000);
    await expectExactlyOnce(w, ids);
  } finally {
    await w.close();
  }
});

it('a worker killed with SIGKILL mid-burst, restarted after 2 s: every notification once', async () => {
  const w = await world();
  try {
    const first = worker(w);
    await first.waitFor('worker started');
    const ids = await burst(w, 40, 8);
    await waitFor(async () => (await count(w)) > 0, 20_000, 'the burst to start');
    await first.kill('SIGKILL');
    const atKill = await count(w);
    expect(atKill).toBeLessThan(120);
    await sleep(2000);
    const second = worker(w);
    await second.waitFor('worker started');
    try {
      await waitFor(async () => (await count(w)) >= 120, 40_000, '120 notifications');
    } catch (e) {
      // What is still owed, and what the new worker said: the failure must explain itself.
      const steps = (await w.db.query(`SELECT step, outcome, count(*)::int AS n FROM deadline_steps GROUP BY step, outcome`)).rows;
      const locks = (await w.db.query(`SELECT state, wait_event_type, left(query, 80) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows;
      throw new Error(`${(e as Error).message}; ${await count(w)} notifications; steps ${JSON.stringify(steps)}; sessions ${JSON.stringify(locks)}\nworker:\n${second.output().slice(-3000)}`);
    }
    await sleep(3000);
    await expectExactlyOnce(w, ids);
  } finally {
    await w.close();
  }
});

it('Redis loses everything (FLUSHALL) before the jobs are due: the sweep restores and delivers once', async () => {
  const w = await world();
  try {
    await worker(w).waitFor('worker started');
    const ids = await burst(w, 30, 8);
    await waitFor(async () => (await w.db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n === 0, 10_000, 'relay');
    const { Redis } = await import('ioredis');
    const r = new Redis(w.redis.url);
    expect(await r.flushall()).toBe('OK');
    expect(await r.dbsize()).toBeLessThan(10);
    // The sweep puts the lost jobs back as delayed jobs (not only fires them late, past SWEEP_GRACE).
    const delayed = `${w.env.QUEUE_PREFIX}:deadlines:delayed`;
    await waitFor(async () => (await r.zcard(delayed)) > 0, 5_000, 'jobs restored to Redis');
    r.disconnect();
    await waitFor(async () => (await count(w)) >= 90, 40_000, '90 notifications');
    await sleep(3000);
    await expectExactlyOnce(w, ids);
  } finally {
    await w.close();
  }
});

it('a deadline pending across a restart of the whole app still fires, once', async () => {
  const w = await world('all');
  try {
    const ids = await burst(w, 3, 8);
    await w.processes[0].kill('SIGTERM');
    expect(await count(w)).toBe(0);
    await sleep(11_000); // every step (the last at +10 s) came due while nothing ran
    const again = startProcess('all', w.env);
    w.processes.push(again);
    await again.waitFor('listening on');
    await waitFor(async () => (await count(w)) >= 9, 20_000, '9 notifications');
    await sleep(2000);
    await expectExactlyOnce(w, ids);
  } finally {
    await w.close();
  }
});
