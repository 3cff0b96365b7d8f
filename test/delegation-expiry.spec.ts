import { WorkerModule } from '../apps/worker/src/worker.module';
import { QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * A delegation whose window has ended gives nothing, anywhere its window is
 * read: not the right to sign or return, not a place in the signing queue,
 * the tasks, the list or the document, not the assignment nor the reminders.
 * The API refuses to create a delegation in the past, so the test ends two
 * windows in the database. One delegation stays in force beside them: the
 * same questions asked of it answer yes, so that a "no" is not an accident.
 *
 * dung.lt holds a delegation in force from thuong.pn and an ended one from
 * phuc.hm; giang.tt holds only an ended one from phuc.hm.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp(QUICK_DEADLINES, { extra: [WorkerModule] });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const ids = (r: { body: any[] }) => r.body.map((x) => x.id ?? x.documentId);

async function notes(user: string, documentId: string): Promise<any[]> {
  return ((await c.as(user).get('/api/notifications')).body as any[]).filter((n) => n.documentId === documentId);
}

it('an ended delegation signs nothing, lists nothing, is told nothing; the one in force beside it does', async () => {
  const window = { from: new Date(Date.now() - 1000).toISOString(), until: inSeconds(86_400) };
  expectOk(await c.as('thuong.pn').post('/api/delegations', { to: 'dung.lt', ...window }));
  const ended = [
    (await c.as('phuc.hm').post('/api/delegations', { to: 'dung.lt', ...window })).body.id,
    (await c.as('phuc.hm').post('/api/delegations', { to: 'giang.tt', ...window })).body.id,
  ];
  const moved = await h.sql(
    `UPDATE delegations SET valid_from = now() - interval '2 days', valid_until = now() - interval '1 second'
      WHERE id = ANY($1) RETURNING id`,
    [ended],
  );
  expect(moved).toHaveLength(2);
  const listed = (await c.as('phuc.hm').get('/api/delegations')).body as any[];
  expect(listed.map((d) => [d.to, d.active]).sort()).toEqual([['dung.lt', false], ['giang.tt', false]]);
  expect((await c.as('thuong.pn').get('/api/delegations')).body.map((d: any) => [d.to, d.active])).toEqual([['dung.lt', true]]);

  // Sent for signature after the window ended: deadlines seconds away, so that the reminders come.
  const sent = async (title: string, signer: string) => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title })).body;
    const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer, signingAuthority: 'KT', deadline: inSeconds(5) });
    expectOk(r);
    return r.body.id as string;
  };
  const inForce = await sent('Giấy mời, ủy quyền còn hiệu lực', 'thuong.pn');
  const lapsed = await sent('Giấy mời, ủy quyền đã hết hạn', 'phuc.hm');

  // The document: neither seen nor offered, and SIGN and RETURN are refused without a change.
  for (const user of ['dung.lt', 'giang.tt']) {
    expect({ user, status: (await c.as(user).get(`/api/documents/${lapsed}`)).status }).toEqual({ user, status: 403 });
    expect({ user, status: (await c.as(user).event(lapsed, { type: 'SIGN' })).status }).toEqual({ user, status: 403 });
    const back = await c.as(user).event(lapsed, { type: 'RETURN', reason: 'Trả lại' });
    expect({ user, status: back.status }).toEqual({ user, status: 403 });
  }
  expect((await c.as('phuc.hm').get(`/api/documents/${lapsed}`)).body).toMatchObject({ state: 'awaiting_signature', version: 2 });
  expect((await c.as('dung.lt').get(`/api/documents/${inForce}`)).body.availableEvents).toEqual(['SIGN', 'RETURN']);

  // The signing queue: dung.lt's holds only what the delegation in force gives; giang.tt has no queue at all.
  const queue = await c.as('dung.lt').get('/api/signing-queue');
  expect(queue.status).toBe(200);
  expect(ids(queue)).toEqual([inForce]);
  expect((await c.as('giang.tt').get('/api/signing-queue')).status).toBe(403);
  expect((await c.as('giang.tt').post('/api/signing-queue/sign', { ids: [lapsed] })).status).toBe(403);

  // Tasks and the list.
  expect(ids(await c.as('dung.lt').get('/api/tasks'))).toEqual([inForce]);
  expect(ids(await c.as('giang.tt').get('/api/tasks'))).toEqual([]);
  expect(ids(await c.as('dung.lt').get('/api/documents?state=awaiting_signature'))).toEqual([inForce]);
  expect(ids(await c.as('giang.tt').get('/api/documents?state=awaiting_signature'))).toEqual([]);

  // Told on arrival, reminded before and at the deadline: the signers and the delegate in force only.
  await waitFor(async () => (await notes('phuc.hm', lapsed)).filter((n) => n.kind === 'reminder').length === 2, 12_000, 'phuc.hm reminded twice');
  await waitFor(async () => (await notes('dung.lt', inForce)).filter((n) => n.kind === 'reminder').length === 2, 5000, 'dung.lt reminded twice');
  await sleep(500);
  const kinds = async (user: string, id: string) => (await notes(user, id)).map((n) => n.kind).sort();
  expect(await kinds('phuc.hm', lapsed)).toEqual(['assignment', 'reminder', 'reminder']);
  expect(await kinds('dung.lt', inForce)).toEqual(['assignment', 'reminder', 'reminder']);
  expect(await kinds('dung.lt', lapsed)).toEqual([]);
  expect(await kinds('giang.tt', lapsed)).toEqual([]);
});
