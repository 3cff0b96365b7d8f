import { PASSWORD, expectOk } from './support/org';
import { startProcess } from './support/processes';
import { world, type World } from './support/world';

/**
 * Review before signature is version 2 of every workflow (SPEC §9). On the
 * built processes: documents start on version 1 while the deployment holds
 * version 2 back (WORKFLOW_ROLLOUT=1), the server is restarted with it rolled
 * out, and the documents in flight finish on version 1 — no review, the
 * version recorded — while new ones start on version 2 and wait for the unit
 * head.
 */
let w: World;

beforeAll(async () => {
  w = await world('all', { WORKFLOW_ROLLOUT: '1' });
  await Promise.all(['hai.nt', 'chinh.hv', 'khanh.vt'].map((u) => w.c.login(u, PASSWORD)));
}, 60_000);
afterAll(() => w?.close());

it('documents started on v1 finish on v1 after v2 is deployed; new ones start on v2', async () => {
  const { c } = w;
  const consulted = async (title: string) => {
    const d = expectOk(await c.as('an.nv').post('/api/documents', { type: 'KH', title })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    return d;
  };
  const submit = (id: string) => c.as('an.nv').event(id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' });

  // Before: version 1 for new documents; an officer's submission goes straight to the signer.
  const awaiting = await consulted('Đang chờ ký trên v1');
  expect(expectOk(await submit(awaiting.id)).body).toMatchObject({ state: 'awaiting_signature', workflow: { id: 'ke-hoach', version: 1 } });
  const inConsultation = await consulted('Đã lấy ý kiến trên v1');
  const draft = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Nháp trên v1' })).body;
  expect(draft.workflow).toEqual({ id: 'giay-moi', version: 1 });

  // Deploy: the same build with version 2 rolled out, restarted on the same database.
  const [old] = w.processes.splice(0, 1);
  await old.kill('SIGTERM');
  const next = startProcess('all', { ...w.env, WORKFLOW_ROLLOUT: '0' });
  w.processes.push(next);
  await next.waitFor('listening on');

  // In flight: finished on version 1, with no review.
  expect(expectOk(await c.as('thuong.pn').event(awaiting.id, { type: 'SIGN' })).body.workflow).toEqual({ id: 'ke-hoach', version: 1 });
  expect(expectOk(await submit(inConsultation.id)).body).toMatchObject({ state: 'awaiting_signature', workflow: { version: 1 } });
  expectOk(await c.as('thuong.pn').event(inConsultation.id, { type: 'SIGN' }));
  const gm = expectOk(await c.as('an.nv').event(draft.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' })).body;
  expect(gm).toMatchObject({ state: 'awaiting_signature', workflow: { id: 'giay-moi', version: 1 } });
  expect((await c.as('chinh.hv').event(draft.id, { type: 'APPROVE_REVIEW' })).status).toBe(409);
  expectOk(await c.as('khanh.vt').event(awaiting.id, { type: 'DISSEMINATE', recipients: [{ unitCode: 'VP', purpose: 'archive' }] }));
  expect(expectOk(await c.as('an.nv').event(awaiting.id, { type: 'CLOSE', summary: 'Xong' })).body).toMatchObject({ state: 'reported', workflow: { version: 1 } });

  // New: version 2, the unit head reviews before the signer sees it.
  const fresh = await consulted('Bắt đầu trên v2');
  expect(fresh.workflow).toEqual({ id: 'ke-hoach', version: 2 });
  expect(expectOk(await submit(fresh.id)).body).toMatchObject({ state: 'awaiting_review', workflow: { version: 2 } });
  expectOk(await c.as('chinh.hv').event(fresh.id, { type: 'APPROVE_REVIEW' }));
  expect(expectOk(await c.as('thuong.pn').event(fresh.id, { type: 'SIGN' })).body).toMatchObject({ state: 'signed', workflow: { version: 2 } });
  const rows = await w.db.query(`SELECT title, workflow_version FROM documents ORDER BY created_at`);
  expect(rows.rows.map((r) => [r.title, r.workflow_version])).toEqual([
    ['Đang chờ ký trên v1', 1],
    ['Đã lấy ý kiến trên v1', 1],
    ['Nháp trên v1', 1],
    ['Bắt đầu trên v2', 2],
  ]);
}, 120_000);

it('on the built server, every read of a secret document lands in the audit trail before it is answered (issue 12, Phụ lục VI III.5a)', async () => {
  const { c } = w;
  const d = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp Ban đề thi', confidentiality: 'top_secret' })).body;
  expect((await c.as('son.nk').get(`/api/documents/${d.id}`)).status).toBe(200);
  expect((await c.as('hai.nt').get(`/api/documents/${d.id}`)).status).toBe(403);
  const trail = (await c.as('admin').get('/api/audit?action=document.read_secret')).body as any[];
  expect(trail.filter((e) => e.target === `document:${d.id}`).map((e) => [e.actor, e.detail.what, e.detail.confidentiality])).toEqual([
    ['son.nk', 'document', 'top_secret'],
  ]);
});
