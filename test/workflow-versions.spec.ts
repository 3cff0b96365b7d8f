import { createDocumentMachine, WorkflowRegistry, type WorkflowDefinition } from '../workflows';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/** A document keeps the workflow version it started on, even after a newer one is deployed. */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

it('a v1 document in flight finishes on v1 after v2 is registered', async () => {
  const inFlight = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Bắt đầu trên v1' })).body;
  const stillDraft = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nháp trên v1' })).body;
  expectOk(await c.as('an.nv').event(inFlight.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));

  // v2 of the Kế hoạch workflow lets a plan go to signature without consultation.
  const v2: WorkflowDefinition = {
    id: 'ke-hoach',
    version: 2,
    documentType: 'KH',
    name: 'Kế hoạch (v2)',
    machine: createDocumentMachine({ id: 'ke-hoach', consultationOptional: true }),
  };
  h.app.get(WorkflowRegistry).register(v2);

  const fresh = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Bắt đầu trên v2' })).body;
  expect(fresh.workflow).toEqual({ id: 'ke-hoach', version: 2 });
  expect(fresh.availableEvents).toContain('SUBMIT_FOR_SIGNATURE');
  expectOk(await c.as('an.nv').event(fresh.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null }));

  // The v1 draft still may not skip consultation.
  const draft = (await c.as('an.nv').get(`/api/documents/${stillDraft.id}`)).body;
  expect(draft.workflow).toEqual({ id: 'ke-hoach', version: 1 });
  expect(draft.availableEvents).not.toContain('SUBMIT_FOR_SIGNATURE');
  expect((await c.as('an.nv').event(stillDraft.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).status).toBe(409);

  // The v1 document in flight goes all the way on v1.
  expectOk(await c.as('hai.nt').event(inFlight.id, { type: 'GIVE_OPINION', agree: true }));
  expectOk(await c.as('an.nv').event(inFlight.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null }));
  expectOk(await c.as('son.nk').event(inFlight.id, { type: 'SIGN' }));
  expectOk(await c.as('khanh.vt').event(inFlight.id, { type: 'DISSEMINATE', recipients: [{ unitCode: 'VP', purpose: 'archive' }] }));
  const done = await c.as('an.nv').event(inFlight.id, { type: 'CLOSE', summary: 'Xong' });
  expect(done.body).toMatchObject({ state: 'reported', workflow: { id: 'ke-hoach', version: 1 } });
  const [row] = await h.sql(`SELECT workflow_version FROM documents WHERE id = $1`, [inFlight.id]);
  expect(row.workflow_version).toBe(1);

  const listed = (await c.as('an.nv').get('/api/workflows')).body.filter((w: any) => w.id === 'ke-hoach');
  expect(listed.map((w: any) => w.version)).toEqual([1, 2]);
});
