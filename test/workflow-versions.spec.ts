import { createDocumentMachine, WorkflowRegistry, type WorkflowDefinition } from '../workflows';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * A document keeps the workflow version it started on, even after a newer one is registered (in process;
 * test/workflow-rollout.spec.ts does it across a restart of the built processes).
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp({ WORKFLOW_ROLLOUT: '0' }); // the newest: version 2, review before signature
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

it('a v2 document in flight finishes on v2 after v3 is registered', async () => {
  const inFlight = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Bắt đầu trên v2' })).body;
  const stillDraft = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nháp trên v2' })).body;
  expect(inFlight.workflow).toEqual({ id: 'ke-hoach', version: 2 });
  expectOk(await c.as('an.nv').event(inFlight.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));

  // v3 of the Kế hoạch workflow lets a plan go to signature without consultation, and without review.
  const v3: WorkflowDefinition = {
    id: 'ke-hoach',
    version: 3,
    documentType: 'KH',
    name: 'Kế hoạch (v3)',
    machine: createDocumentMachine({ id: 'ke-hoach', consultationOptional: true }),
  };
  h.app.get(WorkflowRegistry).register(v3);

  const fresh = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Bắt đầu trên v3' })).body;
  expect(fresh.workflow).toEqual({ id: 'ke-hoach', version: 3 });
  expect(fresh.availableEvents).toContain('SUBMIT_FOR_SIGNATURE');
  expect(expectOk(await c.as('an.nv').event(fresh.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).body.state).toBe('awaiting_signature');

  // The v2 draft still may not skip consultation.
  const draft = (await c.as('an.nv').get(`/api/documents/${stillDraft.id}`)).body;
  expect(draft.workflow).toEqual({ id: 'ke-hoach', version: 2 });
  expect(draft.availableEvents).not.toContain('SUBMIT_FOR_SIGNATURE');
  expect((await c.as('an.nv').event(stillDraft.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).status).toBe(409);

  // The v2 document in flight goes all the way on v2, through the Cục trưởng's review.
  expectOk(await c.as('hai.nt').event(inFlight.id, { type: 'GIVE_OPINION', agree: true }));
  expect(expectOk(await c.as('an.nv').event(inFlight.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).body.state).toBe('awaiting_review');
  expectOk(await c.as('chinh.hv').event(inFlight.id, { type: 'APPROVE_REVIEW' }));
  expectOk(await c.as('son.nk').event(inFlight.id, { type: 'SIGN' }));
  expectOk(await c.as('khanh.vt').event(inFlight.id, { type: 'DISSEMINATE', recipients: [{ unitCode: 'VP', purpose: 'archive' }] }));
  const done = await c.as('an.nv').event(inFlight.id, { type: 'CLOSE', summary: 'Xong' });
  expect(done.body).toMatchObject({ state: 'reported', workflow: { id: 'ke-hoach', version: 2 } });
  const [row] = await h.sql(`SELECT workflow_version FROM documents WHERE id = $1`, [inFlight.id]);
  expect(row.workflow_version).toBe(2);

  const listed = (await c.as('an.nv').get('/api/workflows')).body.filter((w: any) => w.id === 'ke-hoach');
  expect(listed.map((w: any) => w.version)).toEqual([1, 2, 3]);
});
