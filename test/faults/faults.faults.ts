import { Redis } from 'ioredis';
import { call, sleep } from '../support/harness';
import { checkInvariants, Fuzzer } from './fuzz';
import { query, startCluster, type Cluster } from './cluster';

/**
 * The fault suite (`npm run test:faults`): two API and two worker processes
 * of the built code on a PostgreSQL and a Redis of its own, random traffic,
 * and a fault; then the invariants: every acknowledged transition has its
 * history row, every history verifies and its length is the version, numbers
 * run 1..N without gap or duplicate, every due deadline step fired once —
 * for the documents and for the incoming items their disseminations gave.
 */
jest.setTimeout(240_000);

let cluster: Cluster;
afterEach(async () => cluster?.close());

async function seeded(): Promise<Fuzzer> {
  cluster = await startCluster();
  const fuzz = new Fuzzer(cluster);
  for (let i = 0; i < 200; i++) await fuzz.create();
  // A few letters of the Ministry already sent to both Sở, so that the items they gave are worked on from the
  // first second (random users alone take their time to sign and send one).
  const c = cluster.clients[0];
  for (let i = 0; i < 6; i++) {
    const d = await c.as('BO.U1.o1').post('/api/documents', { type: 'CV', title: `Công văn gửi các Sở ${i}`, urgency: i % 2 ? 'urgent' : 'normal' });
    const steps = [
      await c.as('BO.U1.o1').event(d.body.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'BO.dep', signingAuthority: 'KT' }),
      await c.as('BO.dep').event(d.body.id, { type: 'SIGN' }),
      await c.as('BO.clerk').event(d.body.id, {
        type: 'DISSEMINATE',
        recipients: [{ agencyCode: 'SO1', purpose: 'implement' }, { agencyCode: 'SO2', purpose: 'implement' }],
        reportDeadline: new Date(Date.now() + 600_000).toISOString(),
      }),
    ];
    expect(steps.map((r) => r.status)).toEqual([200, 200, 200]);
    fuzz.docs.push(d.body.id);
  }
  return fuzz;
}

/** Waits until every step due by now has been fired (or the time runs out). */
async function settle(seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const [{ n }] = await query(cluster, `SELECT count(*)::int AS n FROM deadline_steps WHERE done_at IS NULL AND run_at < now() - interval '4 seconds'`);
    if (n === 0) return;
    await sleep(500);
  }
}

function summary(fuzz: Fuzzer) {
  return `acks ${fuzz.acks.length}, incoming ${fuzz.incomingAcks.length}, statuses ${JSON.stringify(Object.fromEntries(fuzz.statuses))}`;
}

it('fuzz: 60 s of random events, valid and invalid, from random users on both APIs', async () => {
  const fuzz = await seeded();
  await fuzz.run(Number(process.env.FAULTS_FUZZ_SECONDS ?? 60), 8);
  await settle();
  process.stdout.write(`fuzz: ${summary(fuzz)}\n`);
  expect(fuzz.unexpected).toEqual([]);
  expect(fuzz.acks.length).toBeGreaterThan(300);
  // What arrived was worked on too: registered, assigned, completed.
  expect(fuzz.incomingAcks.length).toBeGreaterThan(20);
  const [{ n: notes }] = await query(cluster, `SELECT count(*)::int AS n FROM notifications`);
  expect(notes).toBeGreaterThan(0);
  expect(await checkInvariants(cluster, fuzz.acks, fuzz.incomingAcks)).toEqual([]);
});

it('a worker killed with SIGKILL mid-burst and restarted after 2 s: every step fires once', async () => {
  const fuzz = await seeded();
  const load = fuzz.run(25, 6);
  await sleep(8000);
  await cluster.workers[0].kill('SIGKILL');
  await sleep(2000);
  await cluster.startWorker();
  await load;
  await settle();
  expect(fuzz.unexpected).toEqual([]);
  expect(await checkInvariants(cluster, fuzz.acks, fuzz.incomingAcks)).toEqual([]);
});

it('a session moved while two workers fire its reminders, one killed with SIGKILL mid-move: every step fires once, at its new time', async () => {
  cluster = await startCluster();
  const client = cluster.clients[0];
  // The exam starts an hour and 25 s from now; 60 letters are due an hour before it, each reminded 2 s before.
  const start = Date.now() + 3_600_000 + 25_000;
  const camp = await client.as('admin').post('/api/campaigns', {
    code: 'FAULT-2027',
    name: 'Kỳ thi của bộ thử lỗi',
    year: 2027,
    sessions: [{ code: 'S1', name: 'Buổi 1', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 7_200_000).toISOString() }],
  });
  expect(camp.status).toBe(201);
  const docs: string[] = [];
  for (let i = 0; i < 60; i++) {
    const d = await cluster.clients[i % 2].as('BO.U1.o1').post('/api/documents', { type: 'GM', title: `Giấy mời ${i}`, campaignId: camp.body.id });
    const r = await cluster.clients[i % 2].as('BO.U1.o1').event(d.body.id, {
      type: 'SUBMIT_FOR_SIGNATURE', signer: 'BO.dep', signingAuthority: 'KT', deadline: { anchor: 'firstSession', hours: -1 },
    });
    expect(r.status).toBe(200);
    docs.push(d.body.id);
  }
  const oldDue = start - 3_600_000;
  const newDue = oldDue + 8_000;
  // As the reminders before the old deadline fire: the exam moves 8 s later, and a worker dies during the move.
  await sleep(Math.max(0, oldDue - 2_300 - Date.now()));
  const move = client.as('admin').patch(`/api/campaigns/${camp.body.id}`, {
    sessions: [{ code: 'S1', startsAt: new Date(start + 8_000).toISOString(), endsAt: new Date(start + 8_000 + 7_200_000).toISOString() }],
  });
  await sleep(150);
  await cluster.workers[0].kill('SIGKILL');
  const moved = await move;
  expect(moved.status).toBe(200);
  // The PATCH moved them (a slow one may leave the last to the sweep): each exactly once, below.
  expect(moved.body.moved.length).toBeGreaterThan(0);
  await sleep(2_000);
  await cluster.startWorker();
  await sleep(Math.max(0, newDue + 2_000 + 3_000 - Date.now()));
  await settle();
  const notes = await query(
    cluster,
    `SELECT document_id AS "documentId", username, kind, message, due_at AS "dueAt", created_at AS "createdAt" FROM notifications
      WHERE document_id = ANY($1) AND kind IN ('reminder', 'escalation') ORDER BY created_at`,
    [docs],
  );
  for (const id of docs) {
    const mine = notes.filter((n) => n.documentId === id);
    const due = mine.filter((n) => n.kind === 'reminder' && n.message.startsWith('Đến hạn'));
    const early = mine.filter((n) => n.kind === 'reminder' && n.message.startsWith('Nhắc việc'));
    const up = mine.filter((n) => n.kind === 'escalation');
    // Each once: the reminder before (at the old time or the new), the one at the deadline and the escalation after it, at the new times.
    expect([id, early.length, due.length, up.length]).toEqual([id, 1, 1, 1]);
    expect(new Date(due[0].createdAt).getTime()).toBeGreaterThanOrEqual(newDue);
    expect(new Date(due[0].dueAt).getTime()).toBe(newDue);
    expect(new Date(up[0].createdAt).getTime()).toBeGreaterThanOrEqual(newDue + 2_000);
    expect(up[0].username).toBe('BO.head');
  }
  const histories = await query(
    cluster,
    `SELECT count(*)::int AS n FROM document_history WHERE document_id = ANY($1) AND event = 'DEADLINE_MOVED' GROUP BY document_id`,
    [docs],
  );
  expect(histories.map((h) => h.n)).toEqual(Array(60).fill(1));
  process.stdout.write(`session move: 60 letters moved (${moved.body.moved.length} by the PATCH itself) with a worker killed; ${notes.length} reminders and escalations, each once\n`);
  expect(await checkInvariants(cluster, [])).toEqual([]);
});

it('Redis loses its data (FLUSHALL) and then restarts empty during the burst: nothing lost, nothing twice', async () => {
  const fuzz = await seeded();
  const load = fuzz.run(25, 6);
  await sleep(6000);
  const r = new Redis(cluster.redis.url);
  await r.flushall();
  r.disconnect();
  await sleep(4000);
  // A restart without persistence: stop it and start an empty one on the same port.
  await cluster.redis.restart();
  await load;
  await settle(40);
  expect(fuzz.unexpected).toEqual([]);
  expect(await checkInvariants(cluster, fuzz.acks, fuzz.incomingAcks)).toEqual([]);
});

it('PostgreSQL restarts under load: the API answers 503 while it is down, recovers by itself, loses no acknowledged transition', async () => {
  const fuzz = await seeded();
  fuzz.allowed.add(503);
  const load = fuzz.run(25, 6);
  await sleep(6000);
  cluster.pg.stop('immediate');
  await sleep(1000);
  const health = await call(cluster.bases[0], 'GET', '/api/health');
  expect(health.status).toBe(503);
  const during = await cluster.clients[1].as('BO.U1.o1').post('/api/documents', { type: 'GM', title: 'Khi cơ sở dữ liệu ngừng' });
  expect(during.status).toBe(503);
  expect(during.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  await sleep(2000);
  cluster.pg.start();
  await load;
  // Recovered by itself: both APIs answer again.
  for (const base of cluster.bases) expect((await call(base, 'GET', '/api/health')).status).toBe(200);
  const after = await cluster.clients[1].as('BO.U1.o1').post('/api/documents', { type: 'GM', title: 'Sau khi khởi động lại' });
  expect(after.status).toBe(201);
  await settle();
  process.stdout.write(`postgres restart: ${summary(fuzz)}\n`);
  expect(fuzz.unexpected.filter((u) => u.status !== -1)).toEqual([]);
  expect(fuzz.statuses.get(503) ?? 0).toBeGreaterThan(0);
  expect(await checkInvariants(cluster, fuzz.acks, fuzz.incomingAcks)).toEqual([]);
});

it('a storm of bad input: every answer a clear 4xx, the servers stay up, memory stays flat', async () => {
  cluster = await startCluster();
  const c = cluster.clients[0];
  const doc = (await c.as('BO.U1.o1').post('/api/documents', { type: 'KH', title: 'Mục tiêu' })).body;
  const token = c.token('BO.U1.o1');
  const base = cluster.bases[0];
  const big = JSON.stringify({ type: 'KH', title: 'x', body: 'y'.repeat(1_100_000) });
  const expired = token.split('.').slice(0, 2).join('.') + '.forged';
  const storm: Array<() => Promise<{ status: number }>> = [
    () => call(base, 'POST', '/api/documents', token, undefined, '{"type": "KH", '),
    () => call(base, 'POST', '/api/documents', token, undefined, big),
    () => call(base, 'POST', '/api/documents', token, { type: 7, title: ['x'], urgency: {} }),
    () => call(base, 'POST', `/api/documents/${doc.id}/events`, token, { type: 'EXPLODE' }),
    () => call(base, 'POST', `/api/documents/${doc.id}/events`, token, { type: 'SIGN' }),
    () => call(base, 'GET', '/api/documents/not-a-uuid', token),
    () => call(base, 'GET', `/api/documents/${doc.id}`, expired),
    () => call(base, 'GET', `/api/documents/${doc.id}`, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'),
    () => call(base, 'GET', `/api/documents/${doc.id}`, c.token('SO2.P1.o1')),
    () => call(base, 'PUT', '/api/org', token, { agencies: 'all' }),
    () => call(base, 'GET', '/api/documents?limit=-5&state=nowhere', token),
    () => call(base, 'POST', '/api/signing-queue/sign', token, { ids: ['x'] }),
  ];
  const before = cluster.rssMb(cluster.apis[0]);
  const statuses = new Map<number, number>();
  for (let round = 0; round < 150; round++) {
    const answers = await Promise.all(storm.map((f) => f()));
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  }
  const after = cluster.rssMb(cluster.apis[0]);
  process.stdout.write(`bad input storm: ${JSON.stringify(Object.fromEntries(statuses))}, RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB\n`);
  expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  expect(cluster.apis[0].child.exitCode).toBeNull();
  expect((await call(base, 'GET', '/api/health')).status).toBe(200);
  expect(after - before).toBeLessThan(80);
  expect((await c.as('BO.U1.o1').get(`/api/documents/${doc.id}`)).body.version).toBe(1);
});
