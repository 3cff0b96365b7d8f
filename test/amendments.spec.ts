import { startApp, type ApiClient, type Harness } from './support/harness';
import { PDF, uploadFile } from './support/files';
import { PASSWORD, documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/**
 * Once a document is out (SPEC §9, Nghị định 30 Điều 18.3–4): RECALL
 * freezes it, tells every recipient and closes their incoming items as
 * recalled; CORRECT and REPLACE start a linked draft whose dissemination marks
 * the original, and a replaced original's open reports end. All of it in the
 * history, the registers and the answers.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
  for (const u of ['gd.hn', 'vt.hn']) await c.login(u, PASSWORD);
});
afterAll(() => h.close());

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const incomingOf = async (user: string, documentId: string) => ((await c.as(user).get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === documentId);

/** A plan of the Ministry, signed and sent to both Sở to carry out and report. */
async function sentPlan(title: string) {
  const d = await documentAwaitingSignature(c, title);
  expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
  return expectOk(
    await c.as('khanh.vt').event(d.id, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { agencyCode: 'SGDĐT-HN', purpose: 'implement' }, { unitCode: 'VP', purpose: 'archive' }],
      reportDeadline: inDays(10),
    }),
  ).body;
}

describe('REPLACE (content wrong): a linked draft of the same kind; once it is out, the original’s reports end', () => {
  let original: any;
  let replacement: any;

  it('starts a draft of the drafting unit that replaces and cites the original; one at a time', async () => {
    original = await sentPlan('Kế hoạch tổ chức thi thử');
    expect((await c.as('khanh.vt').event(original.id, { type: 'REPLACE' })).status).toBe(403);
    const r = expectOk(await c.as('an.nv').event(original.id, { type: 'REPLACE' })).body;
    expect(r.state).toBe('disseminated');
    expect(r.amendments).toEqual([{ documentId: expect.any(String), kind: 'replacement', state: 'draft', number: null }]);
    replacement = expectOk(await c.as('an.nv').get(`/api/documents/${r.amendments[0].documentId}`)).body;
    expect(replacement).toMatchObject({ type: 'KH', state: 'draft', title: 'Kế hoạch tổ chức thi thử', replaces: original.id, corrects: null, drafter: 'an.nv' });
    expect(replacement.references).toEqual([{ documentId: original.id, number: original.number, issuedAt: original.issuedAt, title: original.title }]);
    expect((await c.as('an.nv').event(original.id, { type: 'REPLACE' })).status).toBe(409);
    const history = expectOk(await c.as('an.nv').get(`/api/documents/${original.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ event: 'REPLACE', actor: 'an.nv', from: 'disseminated', to: 'disseminated', payload: { draftId: replacement.id } });
  });

  it('disseminated, the original shows replacedBy, its pending reports close, their deadline ends; the registers say so', async () => {
    expectOk(await c.as('kt.dl').event(original.id, { type: 'SUBMIT_REPORT', content: 'Đắk Lắk đã triển khai' }));
    expectOk(await c.as('an.nv').patch(`/api/documents/${replacement.id}`, { body: 'Nội dung đã sửa.' }));
    expectOk(await c.as('an.nv').event(replacement.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(replacement.id, { type: 'GIVE_OPINION', agree: true }));
    expectOk(await c.as('an.nv').event(replacement.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    const signed = expectOk(await c.as('thuong.pn').event(replacement.id, { type: 'SIGN' })).body;
    expectOk(await c.as('khanh.vt').event(replacement.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }], reportDeadline: inDays(10) }));
    const after = expectOk(await c.as('an.nv').get(`/api/documents/${original.id}`)).body;
    expect(after).toMatchObject({ state: 'disseminated', replacedBy: { documentId: replacement.id, number: signed.number } });
    expect(after.recipients.map((r: any) => [r.agencyCode, r.report?.status])).toEqual([
      ['SGDĐT-DL', 'submitted'],
      ['SGDĐT-HN', 'closed'],
      ['BGDĐT', undefined],
    ]);
    // Hà Nội owes nothing more on it: no task, and its report deadline is over.
    expect(((await c.as('gd.hn').get('/api/tasks')).body as any[]).some((t) => t.documentId === original.id)).toBe(false);
    expect(await h.sql(`SELECT count(*)::int AS n FROM deadlines WHERE document_id = $1 AND kind = 'report' AND resolved_at IS NULL`, [original.id])).toEqual([{ n: 0 }]);
    expect((await c.as('gd.hn').event(original.id, { type: 'SUBMIT_REPORT', content: 'muộn' })).status).toBe(403);
    const last = expectOk(await c.as('an.nv').get(`/api/documents/${original.id}/history`)).body.at(-1);
    expect(last).toMatchObject({ event: 'REPLACED', actor: 'system', payload: { by: replacement.id, number: signed.number } });
    expect(expectOk(await c.as('an.nv').get(`/api/documents/${original.id}/history/verify`)).body.valid).toBe(true);
    const register = expectOk(await c.as('khanh.vt').get('/api/registers/outgoing')).body as any[];
    expect(register.find((r) => r.number === original.number).notes).toContain(`Bị thay thế bởi văn bản số ${signed.number}.`);
    expect(register.find((r) => r.number === signed.number).notes).toContain(`Thay thế văn bản số ${original.number}.`);
  });
});

describe('CORRECT (form wrong): a công văn đính chính', () => {
  it('starts a CV citing the original; once out, the original lists it in correctedBy, its reports untouched', async () => {
    const original = await sentPlan('Kế hoạch tập huấn');
    const r = expectOk(await c.as('an.nv').event(original.id, { type: 'CORRECT' })).body;
    const draftId = r.amendments[0].documentId;
    const draft = expectOk(await c.as('an.nv').get(`/api/documents/${draftId}`)).body;
    expect(draft).toMatchObject({ type: 'CV', corrects: original.id, replaces: null, title: `V/v đính chính Kế hoạch số ${original.number}` });
    expect(draft.body).toContain(`Kế hoạch số ${original.number}`);
    // A second correction may follow the first.
    expectOk(await c.as('an.nv').event(original.id, { type: 'CORRECT', title: 'V/v đính chính lần 2' }));
    expectOk(await c.as('an.nv').event(draftId, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    const signed = expectOk(await c.as('thuong.pn').event(draftId, { type: 'SIGN' })).body;
    expect(signed.number).toMatch(/\/BGDĐT-QLCL$/);
    expectOk(await c.as('khanh.vt').event(draftId, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'info' }, { agencyCode: 'SGDĐT-HN', purpose: 'info' }] }));
    const after = expectOk(await c.as('an.nv').get(`/api/documents/${original.id}`)).body;
    expect(after.correctedBy).toEqual([{ documentId: draftId, number: signed.number }]);
    expect(after.replacedBy).toBeNull();
    expect(after.recipients.filter((x: any) => x.report).map((x: any) => x.report.status)).toEqual(['pending', 'pending']);
    expect(after.amendments.map((a: any) => [a.kind, a.state])).toEqual([['correction', 'disseminated'], ['correction', 'draft']]);
    const register = expectOk(await c.as('khanh.vt').get('/api/registers/outgoing')).body as any[];
    expect(register.find((x) => x.number === original.number).notes).toContain(`Được đính chính bởi văn bản số ${signed.number}.`);
  });
});

describe('RECALL: the head or the signer recalls what is out', () => {
  it('freezes it, closes its reports, tells every recipient, and closes their incoming items as recalled', async () => {
    const d = await sentPlan('Kế hoạch ban hành nhầm');
    const dl = await incomingOf('vt.dl', d.id);
    expectOk(await c.as('vt.dl').post(`/api/incoming/${dl.id}/events`, { type: 'REGISTER' }));
    for (const who of ['an.nv', 'chinh.hv', 'khanh.vt', 'phuc.hm']) expect([who, (await c.as(who).event(d.id, { type: 'RECALL', reason: 'x' })).status]).toEqual([who, 403]);
    expect((await c.as('son.nk').event(d.id, { type: 'RECALL' })).status).toBe(400);
    const recalled = expectOk(await c.as('thuong.pn').event(d.id, { type: 'RECALL', reason: 'Ban hành sai thẩm quyền' })).body;
    expect(recalled).toMatchObject({ state: 'recalled', recall: { reason: 'Ban hành sai thẩm quyền' }, availableEvents: [] });
    expect(recalled.recipients.filter((r: any) => r.report).map((r: any) => r.report.status)).toEqual(['closed', 'closed']);
    // Every recipient's desk is told why.
    const told = ((await c.as('vt.dl').get('/api/notifications')).body as any[]).find((n) => n.documentId === d.id && /Thu hồi/.test(n.message));
    expect(told).toMatchObject({ kind: 'info' });
    expect(told.message).toContain('Ban hành sai thẩm quyền');
    expect(((await c.as('vt.hn').get('/api/notifications')).body as any[]).some((n) => n.documentId === d.id && /Thu hồi/.test(n.message))).toBe(true);
    // Their incoming items close, registered or not, in their own chained history.
    for (const [user, agency] of [['vt.dl', 'SGDĐT-DL'], ['vt.hn', 'SGDĐT-HN']]) {
      const item = await incomingOf(user, d.id);
      expect([agency, item.state, item.availableEvents]).toEqual([agency, 'recalled', []]);
      const history = (await c.as(user).get(`/api/incoming/${item.id}/history`)).body as any[];
      expect(history.at(-1)).toMatchObject({ event: 'RECALLED', actor: 'system', payload: { reason: 'Ban hành sai thẩm quyền' } });
      expect((await c.as(user).get(`/api/incoming/${item.id}/history/verify`)).body.valid).toBe(true);
    }
    expect(await h.sql(`SELECT count(*)::int AS n FROM deadlines d JOIN incoming_items i ON i.id = d.incoming_id WHERE i.source_document_id = $1 AND d.resolved_at IS NULL`, [d.id])).toEqual([{ n: 0 }]);
    // Frozen, still readable: no report, no file, no correction; the document, its PDF and its history answer.
    expect((await c.as('kt.dl').event(d.id, { type: 'SUBMIT_REPORT', content: 'x' })).status).toBe(409);
    expect((await c.as('an.nv').event(d.id, { type: 'REPLACE' })).status).toBe(409);
    const file = await uploadFile(h.base, c.token('kt.dl'), d.id, { name: 'Báo cáo.pdf', bytes: PDF, kind: 'report' });
    expect(file.status).toBe(403); // no report is owed on it any more
    expect((await c.as('gd.dl').get(`/api/documents/${d.id}`)).status).toBe(200);
    expect((await fetch(`${h.base}/api/documents/${d.id}/pdf`, { headers: { authorization: `Bearer ${c.token('gd.dl')}` } })).status).toBe(200);
    const history = expectOk(await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ event: 'RECALL', actor: 'thuong.pn', from: 'disseminated', to: 'recalled', payload: { reason: 'Ban hành sai thẩm quyền' } });
    const register = expectOk(await c.as('khanh.vt').get('/api/registers/outgoing')).body as any[];
    expect(register.find((x) => x.number === d.number).notes).toMatch(/Đã thu hồi ngày \d\d\/\d\d\/\d{4}\./);
  });

  it('the head recalls too; a draft, or one already recalled, cannot be', async () => {
    const d = await sentPlan('Kế hoạch thứ hai');
    expect(expectOk(await c.as('son.nk').event(d.id, { type: 'RECALL', reason: 'Thay đổi chủ trương' })).body.state).toBe('recalled');
    expect((await c.as('son.nk').event(d.id, { type: 'RECALL', reason: 'lần nữa' })).status).toBe(409);
    const draft = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Nháp' })).body;
    expect((await c.as('son.nk').event(draft.id, { type: 'RECALL', reason: 'x' })).status).toBe(409);
  });
});
