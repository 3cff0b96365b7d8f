import { DeadlineRunner } from '../libs/documents/src';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/** SPEC §3: involved users, leaders and clerks of the agency, admin — and the list shows the same. */
let h: Harness;
let c: ApiClient;
let draft: any;
let consulting: any;
let disseminated: any;
let soDraft: any;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
  draft = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Dự thảo nội bộ Cục QLCL' })).body;
  consulting = (await c.as('binh.tt').post('/api/documents', { type: 'HD', title: 'Hướng dẫn coi thi' })).body;
  expectOk(await c.as('binh.tt').event(consulting.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['SGDĐT-HN/QLCL'], workingDays: 2 }));
  disseminated = await documentAwaitingSignature(c, 'Quyết định công bố lịch thi', 'QĐ');
  expectOk(await c.as('thuong.pn').event(disseminated.id, { type: 'SIGN' }));
  expectOk(
    await c.as('khanh.vt').event(disseminated.id, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }],
      reportDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  );
  soDraft = (await c.as('kt.dl').post('/api/documents', { type: 'KH', title: 'Kế hoạch của Sở Đắk Lắk' })).body;
});
afterAll(() => h.close());

const ids = async (user: string, query = '') =>
  ((await c.as(user).get(`/api/documents${query}`)).body as any[]).map((d) => d.id).sort();

describe('who may read a document', () => {
  const cases: Array<[string, string, number]> = [
    ['draft', 'an.nv', 200], // drafter
    ['draft', 'binh.tt', 200], // drafting unit
    ['draft', 'thuong.pn', 200], // leader of the agency
    ['draft', 'khanh.vt', 200], // clerk of the agency
    ['draft', 'admin', 200],
    ['draft', 'hai.nt', 403], // another unit, not involved
    ['draft', 'kt.dl', 403], // another agency
    ['consulting', 'cv.hn', 200], // consulted unit in another agency
    ['consulting', 'hai.nt', 403],
    ['disseminated', 'kt.dl', 200], // recipient agency: any of its users
    ['disseminated', 'vt.dl', 200],
    ['disseminated', 'hai.nt', 200], // consulted on it (TTr)
    ['disseminated', 'cv.hn', 403],
    ['soDraft', 'gd.dl', 200],
    ['soDraft', 'son.nk', 403], // the Minister does not read a Sở's drafts
  ];
  it.each(cases)('%s read by %s → %d', async (which, user, status) => {
    const doc = { draft, consulting, disseminated, soDraft }[which];
    expect((await c.as(user).get(`/api/documents/${doc.id}`)).status).toBe(status);
  });

  it('the list shows exactly the documents the caller may read', async () => {
    const everything = await ids('admin');
    expect(everything).toHaveLength(4);
    for (const user of ['an.nv', 'hai.nt', 'kt.dl', 'cv.hn', 'son.nk', 'gd.dl', 'khanh.vt']) {
      const visible: string[] = [];
      for (const id of everything) {
        if ((await c.as(user).get(`/api/documents/${id}`)).status === 200) visible.push(id);
      }
      expect({ user, ids: await ids(user) }).toEqual({ user, ids: visible.sort() });
    }
  });

  it('filters: state, type, text, overdue, paging', async () => {
    expect(await ids('admin', '?state=consulting')).toEqual([consulting.id]);
    expect(await ids('admin', '?type=QĐ'.replace('Đ', encodeURIComponent('Đ')))).toEqual([disseminated.id]);
    expect(await ids('admin', `?q=${encodeURIComponent('lịch thi')}`)).toEqual([disseminated.id]);
    expect(await ids('admin', `?q=${encodeURIComponent('01/QĐ')}`)).toEqual([disseminated.id]);
    expect(await ids('admin', `?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids('admin', '?overdue=true')).toEqual([]);
    await h.sql(`UPDATE documents SET consultation_deadline = now() - interval '1 hour' WHERE id = $1`, [consulting.id]);
    expect(await ids('admin', '?overdue=true')).toEqual([consulting.id]);
    expect(await ids('cv.hn', '?overdue=true')).toEqual([consulting.id]);
    expect(await ids('kt.dl', '?overdue=true')).toEqual([]);
    const page1 = (await c.as('admin').get('/api/documents?limit=2')).body;
    const page2 = (await c.as('admin').get('/api/documents?limit=2&offset=2')).body;
    expect(page1).toHaveLength(2);
    expect([...page1, ...page2].map((d: any) => d.id).sort()).toEqual(await ids('admin'));
    // Newest change first.
    expect(new Date(page1[0].updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(page1[1].updatedAt).getTime());
  });

  it('list items carry availableEvents for the caller', async () => {
    const list = (await c.as('kt.dl').get('/api/documents')).body as any[];
    const mine = list.find((d) => d.id === disseminated.id);
    expect(mine.availableEvents).toEqual(['ACKNOWLEDGE', 'SUBMIT_REPORT']);
  });
});

describe('who may send what they can read', () => {
  it('a clerk of another agency that was consulted reads the signed document but may not disseminate it', async () => {
    // Văn phòng Sở Đắk Lắk (whose clerk is vt.dl) is consulted; nobody there answers, so the deadline closes it.
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch phối hợp với Sở' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'SGDĐT-DL/VP'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    const [expire] = await h.sql(
      `SELECT s.id FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id WHERE dl.document_id = $1 AND s.step = 'expire'`,
      [d.id],
    );
    expect(await h.app.get(DeadlineRunner).fire(expire.id)).toBe('fired');
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));

    const seen = await c.as('vt.dl').get(`/api/documents/${d.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.consultations.map((x: any) => [x.agencyCode, x.unitCode, x.status])).toContainEqual(['SGDĐT-DL', 'VP', 'silent']);
    expect(seen.body.availableEvents).toEqual([]);
    const recipients = [{ agencyCode: 'SGDĐT-DL', purpose: 'coordinate' }];
    const refused = await c.as('vt.dl').event(d.id, { type: 'DISSEMINATE', recipients });
    expect(refused.status).toBe(403);
    expect((await c.as('khanh.vt').get(`/api/documents/${d.id}`)).body).toMatchObject({ state: 'signed', availableEvents: ['DISSEMINATE'] });
    expect(((await c.as('vt.dl').get('/api/tasks')).body as any[]).map((t) => t.documentId)).not.toContain(d.id);
    expectOk(await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', recipients }));
  });
});
