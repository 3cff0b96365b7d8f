import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * Exam campaigns (SPEC §8, issue 15's first part): the 2027 graduation exam
 * of examples/ created by the Ministry's leaders, read by everyone, its
 * sessions moved and added; documents belong to one. Refusals in words.
 */
let h: Harness;
let c: ApiClient;
const EXAM = JSON.parse(readFileSync(resolve(__dirname, '../examples/campaign-thpt-2027.json'), 'utf8'));

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

describe('campaigns', () => {
  let id = '';

  it('the Ministry’s leaders and the administrator create one; a Sở’s Giám đốc and an officer may not', async () => {
    expect((await c.as('gd.dl').post('/api/campaigns', EXAM)).status).toBe(403);
    expect((await c.as('an.nv').post('/api/campaigns', EXAM)).status).toBe(403);
    const r = await c.as('son.nk').post('/api/campaigns', EXAM);
    expect(r.status).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({ code: 'THPT-2027', year: 2027, version: 1, createdBy: 'son.nk' });
    // Sessions earliest first, as instants.
    expect(r.body.sessions.map((s: any) => [s.code, s.startsAt])).toEqual([
      ['NGU-VAN', '2027-06-11T00:35:00.000Z'],
      ['TOAN', '2027-06-11T07:20:00.000Z'],
      ['TO-HOP-SANG', '2027-06-12T00:35:00.000Z'],
      ['TO-HOP-CHIEU', '2027-06-12T07:20:00.000Z'],
    ]);
    expect((await c.as('admin').post('/api/campaigns', EXAM)).status).toBe(409); // the code is taken
    // Everyone signed in reads them.
    expect((await c.as('kt.dl').get('/api/campaigns')).body.map((x: any) => x.code)).toEqual(['THPT-2027']);
    expect((await c.as('kt.dl').get(`/api/campaigns/${id}`)).body.sessions).toHaveLength(4);
    expect((await c.as('kt.dl').get('/api/campaigns/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const audit = (await c.as('admin').get('/api/audit?action=campaign.create')).body;
    expect((audit.items ?? audit).map((a: any) => [a.actor, a.target])).toEqual([['son.nk', 'THPT-2027']]);
  });

  it('refuses, in words, sessions that end before they start, codes twice, bad codes, no sessions', async () => {
    const bad = await c.as('admin').post('/api/campaigns', {
      code: 'THPT-2028',
      name: 'x',
      year: 2028,
      sessions: [
        { code: 'A', name: 'a', startsAt: '2028-06-11T09:00:00+07:00', endsAt: '2028-06-11T08:00:00+07:00' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['sessions.0: endsAt phải sau startsAt']);
    const twice = await c.as('admin').post('/api/campaigns', { ...EXAM, code: 'THPT-2028', sessions: [EXAM.sessions[0], EXAM.sessions[0]] });
    expect(twice.body.message).toEqual(['sessions: mã buổi thi lặp lại: NGU-VAN']);
    expect((await c.as('admin').post('/api/campaigns', { ...EXAM, code: 'thpt 2028' })).status).toBe(400);
    expect((await c.as('admin').post('/api/campaigns', { ...EXAM, code: 'THPT-2028', sessions: [] })).status).toBe(400);
    expect((await c.as('admin').get('/api/campaigns')).body).toHaveLength(1); // nothing half-written
  });

  it('PATCH moves a session by two days and adds one; a stale version is 409; a Sở may not', async () => {
    expect((await c.as('gd.dl').patch(`/api/campaigns/${id}`, { name: 'x' })).status).toBe(403);
    const moved = await c.as('thuong.pn').patch(`/api/campaigns/${id}`, {
      expectedVersion: 1,
      sessions: [
        { code: 'TOAN', startsAt: '2027-06-13T14:20:00+07:00', endsAt: '2027-06-13T15:50:00+07:00' },
        { code: 'NGOAI-NGU', name: 'Ngoại ngữ', startsAt: '2027-06-13T07:35:00+07:00', endsAt: '2027-06-13T08:35:00+07:00' },
      ],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    expect(moved.body.sessions.map((s: any) => s.code)).toEqual(['NGU-VAN', 'TO-HOP-SANG', 'TO-HOP-CHIEU', 'NGOAI-NGU', 'TOAN']);
    expect(moved.body.sessions.find((s: any) => s.code === 'TOAN')).toMatchObject({ name: 'Toán', startsAt: '2027-06-13T07:20:00.000Z' });
    expect((await c.as('thuong.pn').patch(`/api/campaigns/${id}`, { expectedVersion: 1, name: 'y' })).status).toBe(409);
    const incomplete = await c.as('thuong.pn').patch(`/api/campaigns/${id}`, { sessions: [{ code: 'SU', name: 'Lịch sử' }] });
    expect(incomplete.body.message).toEqual(['sessions.0: buổi thi mới "SU" cần name, startsAt và endsAt']);
    const backwards = await c.as('thuong.pn').patch(`/api/campaigns/${id}`, { sessions: [{ code: 'TOAN', endsAt: '2027-06-13T14:00:00+07:00' }] });
    expect(backwards.body.message).toEqual(['sessions.0: endsAt phải sau startsAt']);
    expect((await c.as('admin').get(`/api/campaigns/${id}`)).body.version).toBe(2);
  });

  it('a document belongs to a campaign (campaignId), set at creation or in draft, checked', async () => {
    const d = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027', campaignId: id });
    expect(d.status).toBe(201);
    expect(d.body.campaignId).toBe(id);
    const unknown = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'x', campaignId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.message).toEqual(['campaignId: không có kỳ thi 00000000-0000-4000-8000-000000000000']);
    const other = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn' })).body;
    expect(other.campaignId).toBeNull();
    const set = await c.as('an.nv').patch(`/api/documents/${other.id}`, { campaignId: id });
    expect(set.body.campaignId).toBe(id);
    const history = (await c.as('an.nv').get(`/api/documents/${other.id}/history`)).body as any[];
    expect(history.at(-1)).toMatchObject({ event: 'EDIT', payload: { campaignId: id } });
    expectOk(await c.as('an.nv').patch(`/api/documents/${other.id}`, { campaignId: null }));
    expect((await c.as('an.nv').get(`/api/documents/${other.id}`)).body.campaignId).toBeNull();
  });
});
