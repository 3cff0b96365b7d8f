import { WorkerModule } from '../apps/worker/src/worker.module';
import { readEventNames } from '../apps/web/src/sse';
import { NotificationBus } from '../libs/queue/src';
import { call, QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * GET /api/notifications/stream: server-sent events telling a signed-in user
 * to look again, on the real PostgreSQL and Redis (the message goes through a
 * Redis channel), with the worker in the same process for the reminders.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp(
    QUICK_DEADLINES,
    { extra: [WorkerModule] },
  );
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

/** An open stream: the events received so far, each with the moment it arrived. */
interface Stream {
  status: number;
  contentType: string | null;
  events: Array<{ event: string; at: number }>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

async function open(base: string, token: string | null): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/notifications/stream`, {
    headers: token ? { authorization: `Bearer ${token}`, accept: 'text/event-stream' } : { accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: Stream['events'] = [];
  const stream: Stream = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    ended: Promise.resolve(),
    close: () => controller.abort(),
  };
  if (res.status !== 200 || !res.body) return stream;
  // The web app's own reader of the stream.
  stream.ended = readEventNames(res.body, (event) => events.push({ event, at: Date.now() })).catch(() => {
    /* aborted by the test */
  });
  await waitFor(async () => events.some((e) => e.event === 'ready'), 5_000, 'the ready event');
  return stream;
}

const told = (s: Stream) => s.events.filter((e) => e.event === 'notification').length;

it('refuses a caller without a valid token, in JSON like every other call', async () => {
  const none = await call(h.base, 'GET', '/api/notifications/stream');
  expect(none.status).toBe(401);
  expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED' });
  const forged = await call(h.base, 'GET', '/api/notifications/stream', 'not-a-token');
  expect(forged.status).toBe(401);
});

it('tells the signer, and only the signer, when a document is sent for signature', async () => {
  const signer = await open(h.base, c.token('thuong.pn'));
  const drafter = await open(h.base, c.token('an.nv'));
  try {
    expect(signer.status).toBe(200);
    expect(signer.contentType).toMatch(/^text\/event-stream/);
    const doc = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp giao ban' })).body;
    expect(told(signer)).toBe(0);
    const sent = Date.now();
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: new Date(Date.now() + 86_400_000).toISOString() }));
    await waitFor(async () => told(signer) === 1, 10_000, 'the signer to be told');
    // Pushed, not found by a poll: the web app's fallback poll is every two minutes, a push takes milliseconds.
    // The bound is well inside the wait above, so a slow path fails here and says how slow.
    expect(signer.events.at(-1)!.at - sent).toBeLessThan(3_000);
    // By then the notification is there to read.
    const unread = (await c.as('thuong.pn').get('/api/notifications?unread=true')).body as Array<{ documentId: string; kind: string }>;
    expect(unread).toContainEqual(expect.objectContaining({ documentId: doc.id, kind: 'assignment' }));
    await sleep(500);
    expect(told(drafter)).toBe(0); // the same message named only the signer
  } finally {
    signer.close();
    drafter.close();
  }
});

it('reminders and escalations written by the worker are pushed too', async () => {
  const boss = await open(h.base, c.token('son.nk'));
  try {
    const doc = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp Ban chỉ đạo thi' })).body;
    const due = Date.now() + 3_000;
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: new Date(due).toISOString() }));
    // The Bộ trưởng is told of nothing until the escalation, ESCALATION_AFTER past the deadline.
    await waitFor(async () => told(boss) >= 1, 12_000, 'the escalation to be pushed');
    expect(boss.events.find((e) => e.event === 'notification')!.at).toBeGreaterThanOrEqual(due + 2_000);
    const mine = (await c.as('son.nk').get('/api/notifications')).body as Array<{ documentId: string; kind: string }>;
    expect(mine.filter((n) => n.documentId === doc.id).map((n) => n.kind)).toEqual(['escalation']);
  } finally {
    boss.close();
  }
});

it('a stream closed by the browser is forgotten; one still open is ended when the app stops', async () => {
  const bus = h.app.get(NotificationBus);
  // The earlier tests' streams were all closed by their clients.
  await waitFor(async () => bus.openStreams === 0, 3_000, 'the earlier streams to be forgotten');
  const s = await open(h.base, c.token('an.nv'));
  expect(bus.openStreams).toBe(1);
  s.close();
  await waitFor(async () => bus.openStreams === 0, 3_000, 'the closed stream to be forgotten');

  // A second app of its own: stopping it must not wait for the stream, which it ends.
  const other = await startApp();
  const c2 = await seedOrg(other.base);
  const left = await open(other.base, c2.token('an.nv'));
  const closing = Date.now();
  await other.close();
  expect(Date.now() - closing).toBeLessThan(10_000);
  await left.ended; // the server ended it
});
