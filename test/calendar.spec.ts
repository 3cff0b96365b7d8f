import { call, startApp, type ApiClient, type Harness } from './support/harness';
import { seedOrg } from './support/org';

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const deadline = (from: string, n: number) =>
  c.as('an.nv').get(`/api/calendar/deadline?from=${encodeURIComponent(from)}&workingDays=${n}`);

describe('calendar API', () => {
  it('GET /api/calendar/deadline: the end of the Nth working day after `from`', async () => {
    expect((await deadline('2026-11-23T09:00:00+07:00', 3)).body).toEqual({ deadline: '2026-11-26T16:59:59.999Z' });
    // Across Tết 2026 (16–20/2 off).
    expect((await deadline('2026-02-13T09:00:00+07:00', 1)).body).toEqual({ deadline: '2026-02-23T16:59:59.999Z' });
    // Saturday 22/8/2026 is worked (swapped for Monday 31/8).
    expect((await deadline('2026-08-21T09:00:00+07:00', 1)).body).toEqual({ deadline: '2026-08-22T16:59:59.999Z' });
    expect((await c.as('an.nv').get('/api/calendar/deadline?workingDays=1')).status).toBe(200);
  });

  it('rejects bad queries, naming them; needs a token', async () => {
    let r = await c.as('an.nv').get('/api/calendar/deadline?from=yesterday&workingDays=-1');
    expect(r.status).toBe(400);
    expect(r.body.message.join()).toMatch(/from/);
    expect(r.body.message.join()).toMatch(/workingDays/);
    r = await c.as('an.nv').get('/api/calendar/deadline?from=2026-11-23T09:00:00Z');
    expect(r.status).toBe(400);
    expect((await call(h.base, 'GET', '/api/calendar/deadline?workingDays=1')).status).toBe(401);
  });

  it('GET /api/calendar/days lists the announced days of a year, and the rules for a year not announced', async () => {
    const y = (await c.as('an.nv').get('/api/calendar/days?year=2026')).body;
    expect(y.year).toBe(2026);
    const dates = y.holidays.map((d: any) => d.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-20', '2026-04-27', '2026-09-02']));
    expect(y.workingDays).toEqual([
      expect.objectContaining({ date: '2026-01-10', source: 'announced' }),
      expect.objectContaining({ date: '2026-08-22', source: 'announced' }),
    ]);
    const later = (await c.as('an.nv').get('/api/calendar/days?year=2031')).body;
    expect(later.holidays.every((d: any) => d.source === 'statutory')).toBe(true);
    expect(later.holidays.length).toBeGreaterThanOrEqual(10);
  });

  it('an admin adds a day off and a worked Saturday; deadlines follow at once; others may not', async () => {
    const body = {
      year: 2026,
      days: [
        { date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' },
        { date: '2026-11-28', kind: 'working', name: 'Làm bù' },
      ],
    };
    expect((await c.as('an.nv').put('/api/calendar/days', body)).status).toBe(403);
    const r = await c.as('admin').put('/api/calendar/days', body);
    expect(r.status).toBe(200);
    expect(r.body.overrides).toEqual([
      { date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' },
      { date: '2026-11-28', kind: 'working', name: 'Làm bù' },
    ]);
    expect(r.body.holidays).toEqual(expect.arrayContaining([{ date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', source: 'admin' }]));
    // Monday 23/11 + 1 skips Tuesday 24/11; Friday 27/11 + 1 is the worked Saturday.
    expect((await deadline('2026-11-23T09:00:00+07:00', 1)).body).toEqual({ deadline: '2026-11-25T16:59:59.999Z' });
    expect((await deadline('2026-11-27T09:00:00+07:00', 1)).body).toEqual({ deadline: '2026-11-28T16:59:59.999Z' });
    // PUT replaces: an empty list restores the built-in calendar.
    expect((await c.as('admin').put('/api/calendar/days', { year: 2026, days: [] })).body.overrides).toEqual([]);
    expect((await deadline('2026-11-23T09:00:00+07:00', 1)).body).toEqual({ deadline: '2026-11-24T16:59:59.999Z' });
  });

  it('refuses bad days, naming them, and changes nothing', async () => {
    const bad: Array<[object, RegExp]> = [
      [{ year: 2026, days: [{ date: '2027-01-04', kind: 'holiday' }] }, /days\.0\.date/],
      [{ year: 2026, days: [{ date: '2026-02-30', kind: 'holiday' }] }, /days\.0\.date/],
      [{ year: 2026, days: [{ date: '2026-03-02', kind: 'vacation' }] }, /days\.0\.kind/],
      [{ year: 2026, days: [{ date: '2026-03-02', kind: 'holiday' }, { date: '2026-03-02', kind: 'working' }] }, /days\.1\.date/],
      [{ days: [] }, /year/],
    ];
    for (const [body, field] of bad) {
      const r = await c.as('admin').put('/api/calendar/days', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    expect((await c.as('an.nv').get('/api/calendar/days?year=2026')).body.overrides).toEqual([]);
  });
});

describe('Bull Board', () => {
  it('is for admins only', async () => {
    expect((await fetch(`${h.base}/admin/queues`)).status).toBe(401);
    const officer = await fetch(`${h.base}/admin/queues`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } });
    expect(officer.status).toBe(403);
    // A token in the URL is not taken any more: it would end up in histories and logs.
    expect((await fetch(`${h.base}/admin/queues?token=${c.token('admin')}`)).status).toBe(401);
    expect((await c.as('an.nv').post('/api/admin/board-code')).status).toBe(403);
    const { code, url } = (await c.as('admin').post('/api/admin/board-code')).body;
    expect(url).toBe(`/admin/queues?code=${code}`);
    const entry = await fetch(`${h.base}${url}`, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/admin/queues');
    const setCookie = entry.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict$/);
    // Used once: the same code again is refused.
    expect((await fetch(`${h.base}${url}`, { redirect: 'manual' })).status).toBe(401);
    const cookie = setCookie.split(';')[0];
    const page = await fetch(`${h.base}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${h.base}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('deadlines');
  });

  it('behind TLS the cookie is Secure; a malformed cookie is a 401, not a 500', async () => {
    const { url } = (await c.as('admin').post('/api/admin/board-code')).body;
    const entry = await fetch(`${h.base}${url}`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(entry.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect((await fetch(`${h.base}/admin/queues`, { headers: { cookie: 'examflow_board=%E0%A4%A' } })).status).toBe(401);
  });
});
