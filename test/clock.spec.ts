import { FixedClock, startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * The moments a transition records come from the service's clock (here a
 * fixed one): the signature deadline of each urgency, the dissemination
 * deadline, and the year of a number. Each is checked against the calendar's
 * own answer for the same start (GET /api/calendar/deadline), not its format.
 */
let h: Harness;
let c: ApiClient;
const clock = new FixedClock(new Date());

beforeAll(async () => {
  h = await startApp({}, { clock });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

/** The calendar's end of the Nth working day after `from`, as the API answers it. */
async function calendarDeadline(from: Date, workingDays: number): Promise<string> {
  const r = await c.as('an.nv').get(`/api/calendar/deadline?from=${from.toISOString()}&workingDays=${workingDays}`);
  expect(r.status).toBe(200);
  return r.body.deadline;
}

/** A GM sent to thuong.pn for signature at the clock's time, with no deadline of its own. */
async function submitted(title: string, urgency = 'normal') {
  const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title, urgency })).body;
  const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' });
  expectOk(r);
  return r.body;
}

describe('deadlines by urgency and by the decree', () => {
  // Thursday 26/11/2026, 10:00 in Hà Nội: the weekend falls inside the longer deadlines.
  const start = new Date('2026-11-26T10:00:00+07:00');

  it('each urgency gives its signature deadline: flash the same working day, then 1, 2, 3 working days', async () => {
    clock.at = start;
    const days = { flash: 0, very_urgent: 1, urgent: 2, normal: 3 };
    for (const [urgency, n] of Object.entries(days)) {
      const doc = await submitted(`Giấy mời ${urgency}`, urgency);
      expect({ urgency, signatureDeadline: doc.signatureDeadline }).toEqual({ urgency, signatureDeadline: await calendarDeadline(start, n) });
    }
    // Written out once, so that the calendar and the service cannot be wrong together.
    const flash = await submitted('Hỏa tốc', 'flash');
    expect(flash.signatureDeadline).toBe('2026-11-26T16:59:59.999Z'); // 23:59:59.999 on 26/11 in Hà Nội
    const normal = await submitted('Thường', 'normal');
    expect(normal.signatureDeadline).toBe('2026-12-01T16:59:59.999Z'); // Friday, Monday, Tuesday 1/12
  });

  it('flash on a Saturday is due at the end of the next working day', async () => {
    clock.at = new Date('2026-11-28T09:00:00+07:00');
    expect((await submitted('Hỏa tốc thứ Bảy', 'flash')).signatureDeadline).toBe('2026-11-30T16:59:59.999Z');
  });

  it('what is signed is to be sent the same day, at the latest the next working day (Nghị định 30)', async () => {
    clock.at = start;
    const doc = await submitted('Giấy mời phát hành');
    const signedAt = new Date('2026-11-27T15:00:00+07:00'); // a Friday: the next working day is Monday
    clock.at = signedAt;
    const signed = await c.as('thuong.pn').event(doc.id, { type: 'SIGN' });
    expectOk(signed);
    expect(signed.body.issuedAt).toBe(signedAt.toISOString());
    expect(signed.body.disseminationDeadline).toBe(await calendarDeadline(signedAt, 1));
    expect(signed.body.disseminationDeadline).toBe('2026-11-30T16:59:59.999Z');
  });
});

describe('the number’s year is the year in Việt Nam at signing', () => {
  it('23:00 on 31/12 numbers in 2026; 00:30 on 1/1 (17:30 UTC on 31/12) starts 2027 at 01', async () => {
    clock.at = new Date('2026-12-31T09:00:00+07:00');
    const late = await submitted('Ký đêm giao thừa');
    const first = await submitted('Ký sau giao thừa');
    clock.at = new Date('2026-12-31T16:00:00Z'); // 23:00 on 31/12 in Hà Nội
    const in2026 = await c.as('thuong.pn').event(late.id, { type: 'SIGN' });
    expectOk(in2026);
    const before = (await c.as('khanh.vt').get('/api/registers/outgoing?year=2026')).body as any[];
    expect(before.at(-1)).toMatchObject({ number: in2026.body.number });
    expect(in2026.body.number).toBe(`${String(before.length).padStart(2, '0')}/GM-BGDĐT`);

    clock.at = new Date('2026-12-31T17:30:00Z'); // 00:30 on 1/1/2027 in Hà Nội
    const in2027 = await c.as('thuong.pn').event(first.id, { type: 'SIGN' });
    expectOk(in2027);
    expect(in2027.body.number).toBe('01/GM-BGDĐT');
    expect(in2027.body.issuedAt).toBe('2026-12-31T17:30:00.000Z');
    const register = (await c.as('khanh.vt').get('/api/registers/outgoing?year=2027')).body as any[];
    expect(register.map((r) => r.number)).toEqual(['01/GM-BGDĐT']);
    expect(((await c.as('khanh.vt').get('/api/registers/outgoing?year=2026')).body as any[]).map((r) => r.number)).toEqual(
      before.map((r) => r.number),
    );
  });
});
