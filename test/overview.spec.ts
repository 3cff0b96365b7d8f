import { startApp, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/** GET /api/stats/overview: documents per state and who is late, for leaders. */
let h: Harness;
let c: ApiClient;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const past = (column: string, id: string) => h.sql(`UPDATE documents SET ${column} = now() - interval '1 hour' WHERE id = $1`, [id]);
const overview = async (user: string) => {
  const r = await c.as(user).get('/api/stats/overview');
  expect({ user, status: r.status }).toEqual({ user, status: 200 });
  return r.body;
};

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);

  // The Ministry (BGDĐT), drafted by an.nv of QLCL.
  expectOk(await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nháp' }));

  const withdrawn = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Rút lại' })).body;
  expectOk(await c.as('an.nv').event(withdrawn.id, { type: 'WITHDRAW', reason: 'Không cần nữa' }));

  // Consulting, overdue: TTr has answered; GDTrH and SGDĐT-HN/QLCL still owe an opinion.
  const late = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Lấy ý kiến quá hạn' })).body;
  expectOk(await c.as('an.nv').event(late.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'GDTrH', 'SGDĐT-HN/QLCL'], workingDays: 3 }));
  expectOk(await c.as('hai.nt').event(late.id, { type: 'GIVE_OPINION', agree: true }));
  await past('consultation_deadline', late.id);

  // Consulting, not yet due: nobody is late.
  const onTime = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Lấy ý kiến còn hạn' })).body;
  expectOk(await c.as('an.nv').event(onTime.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['CNTT'], workingDays: 3 }));

  // Awaiting signature, overdue: the Ministry's leadership owes it.
  const unsigned = await documentAwaitingSignature(c, 'Trình ký quá hạn');
  await past('signature_deadline', unsigned.id);

  // Signed, dissemination overdue: the leadership again.
  const signed = await documentAwaitingSignature(c, 'Chưa phát hành', 'GM');
  expectOk(await c.as('thuong.pn').event(signed.id, { type: 'SIGN' }));
  await past('dissemination_deadline', signed.id);

  // Disseminated, report overdue: SGDĐT-HN/QLCL reported; SGDĐT-DL (whole agency) and BGDĐT/CNTT did not;
  // VP only archives and owes nothing.
  const sent = await documentAwaitingSignature(c, 'Triển khai', 'GM');
  expectOk(await c.as('thuong.pn').event(sent.id, { type: 'SIGN' }));
  expectOk(
    await c.as('khanh.vt').event(sent.id, {
      type: 'DISSEMINATE',
      recipients: [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
        { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' },
        { unitCode: 'CNTT', purpose: 'implement' },
        { unitCode: 'VP', purpose: 'archive' },
      ],
      reportDeadline: inDays(7),
    }),
  );
  expectOk(await c.as('cv.hn').event(sent.id, { type: 'SUBMIT_REPORT', content: 'Đã thực hiện.' }));
  await past('report_deadline', sent.id);

  // A Sở (SGDĐT-DL) document awaiting its own head's signature, overdue.
  const so = (await c.as('kt.dl').post('/api/documents', { type: 'GM', title: 'Giấy mời của Sở' })).body;
  expectOk(await c.as('kt.dl').event(so.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'gd.dl', signingAuthority: null }));
  await past('signature_deadline', so.id);
}, 60_000);
afterAll(() => h?.close());

describe('GET /api/stats/overview', () => {
  it('is for head, deputy_head, unit_head and admin only', async () => {
    for (const user of ['an.nv', 'kt.dl', 'khanh.vt', 'vt.dl', 'cv.hn']) {
      const r = await c.as(user).get('/api/stats/overview');
      expect({ user, status: r.status, code: r.body.code }).toEqual({ user, status: 403, code: 'NOT_PERMITTED' });
    }
    expect((await c.as(null).get('/api/stats/overview')).status).toBe(401);
    for (const user of ['son.nk', 'thuong.pn', 'chinh.hv', 'gd.dl', 'admin']) await overview(user);
  });

  it("counts the agency's documents in every state, zeros included", async () => {
    const o = await overview('son.nk');
    expect(Math.abs(new Date(o.generatedAt).getTime() - Date.now())).toBeLessThan(10_000);
    expect(o.byState).toEqual({
      draft: 1,
      consulting: 2,
      consulted: 0,
      awaiting_review: 0,
      awaiting_signature: 1,
      signed: 1,
      disseminated: 1,
      reported: 0,
      withdrawn: 1,
      recalled: 0,
    });
    // A unit head sees the whole agency, like the head.
    expect((await overview('chinh.hv')).byState).toEqual(o.byState);
  });

  it('counts who is late: pending consultees, the leadership (unit null), pending report recipients', async () => {
    const o = await overview('son.nk');
    expect(o.overdue.byUnit).toEqual([
      // the overdue signature and the overdue dissemination
      { agencyCode: 'BGDĐT', unitCode: null, unitName: null, count: 2 },
      // the pending report of a Ministry unit
      { agencyCode: 'BGDĐT', unitCode: 'CNTT', unitName: 'Cục Công nghệ thông tin', count: 1 },
      // the consultee that has not answered (TTr answered and is absent)
      { agencyCode: 'BGDĐT', unitCode: 'GDTrH', unitName: 'Vụ Giáo dục Trung học', count: 1 },
      // the pending report of a whole agency
      { agencyCode: 'SGDĐT-DL', unitCode: null, unitName: null, count: 1 },
      // the other consultee that has not answered
      { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', unitName: 'Phòng Quản lý chất lượng', count: 1 },
    ]);
    expect(o.overdue.byUnit.find((u: any) => u.unitCode === 'TTr')).toBeUndefined();
    expect(o.overdue.byAgency).toEqual([
      { agencyCode: 'BGDĐT', agencyName: 'Bộ Giáo dục và Đào tạo', count: 4 },
      { agencyCode: 'SGDĐT-DL', agencyName: 'Sở Giáo dục và Đào tạo Đắk Lắk', count: 1 },
      { agencyCode: 'SGDĐT-HN', agencyName: 'Sở Giáo dục và Đào tạo Hà Nội', count: 1 },
    ]);
    expect(o.overdue.total).toBe(6);
  });

  it("answering removes the debt; a Sở leader sees the Sở's documents and what the Sở owes on others'; admin sees all", async () => {
    const sgd = await overview('gd.dl');
    expect(sgd.byState).toEqual({
      draft: 0,
      consulting: 0,
      consulted: 0,
      awaiting_review: 0,
      awaiting_signature: 1,
      signed: 0,
      disseminated: 0,
      reported: 0,
      withdrawn: 0,
      recalled: 0,
    });
    // Its own late signature, and the report the Sở owes on the Ministry's document: the Giám đốc chases both.
    // The Ministry's own debts on that document are not the Sở's business.
    expect(sgd.overdue).toEqual({
      total: 2,
      byUnit: [{ agencyCode: 'SGDĐT-DL', unitCode: null, unitName: null, count: 2 }],
      byAgency: [{ agencyCode: 'SGDĐT-DL', agencyName: 'Sở Giáo dục và Đào tạo Đắk Lắk', count: 2 }],
    });

    const all = await overview('admin');
    expect(all.byState).toEqual({
      draft: 1,
      consulting: 2,
      consulted: 0,
      awaiting_review: 0,
      awaiting_signature: 2,
      signed: 1,
      disseminated: 1,
      reported: 0,
      withdrawn: 1,
      recalled: 0,
    });
    expect(all.overdue.total).toBe(7);
    expect(all.overdue.byUnit.slice(0, 2)).toEqual([
      { agencyCode: 'BGDĐT', unitCode: null, unitName: null, count: 2 },
      { agencyCode: 'SGDĐT-DL', unitCode: null, unitName: null, count: 2 },
    ]);
    expect(all.overdue.byAgency).toEqual([
      { agencyCode: 'BGDĐT', agencyName: 'Bộ Giáo dục và Đào tạo', count: 4 },
      { agencyCode: 'SGDĐT-DL', agencyName: 'Sở Giáo dục và Đào tạo Đắk Lắk', count: 2 },
      { agencyCode: 'SGDĐT-HN', agencyName: 'Sở Giáo dục và Đào tạo Hà Nội', count: 1 },
    ]);

    // Once GDTrH answers, it owes nothing; SGDĐT-HN/QLCL still does.
    const [late] = await h.sql(`SELECT id FROM documents WHERE title = 'Lấy ý kiến quá hạn'`);
    expectOk(await c.as('em.pv').event(late.id, { type: 'GIVE_OPINION', agree: true }));
    const after = await overview('son.nk');
    expect(after.overdue.total).toBe(5);
    expect(after.overdue.byUnit.find((u: any) => u.unitCode === 'GDTrH')).toBeUndefined();
    expect(after.overdue.byUnit).toContainEqual({ agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', unitName: 'Phòng Quản lý chất lượng', count: 1 });
  });
});
