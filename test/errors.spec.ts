import { createHmac } from 'node:crypto';
import { call, startApp, type ApiClient, type Harness } from './support/harness';
import { CLIENT_EVENTS } from '../libs/domain/src';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/** SPEC §3: every error, end to end, and none of them changes anything. */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

/** The stored state of a document: its row and its history length, to prove an error changed nothing. */
async function stored(id: string) {
  const [doc] = await h.sql(`SELECT state, version, snapshot, last_hash, number FROM documents WHERE id = $1`, [id]);
  const [{ n }] = await h.sql(`SELECT count(*)::int AS n FROM document_history WHERE document_id = $1`, [id]);
  const [{ k }] = await h.sql(`SELECT coalesce(max(last_value), 0) AS k FROM number_counters`);
  return { doc, n, k };
}

function sign(payload: object, secret: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('400: validation names the fields', () => {
  it('unknown fields, wrong types, a title over 1,000 characters, a missing title', async () => {
    let r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'x', colour: 'red' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(r.body.message).toEqual(expect.arrayContaining([expect.stringContaining('colour')]));

    r = await c.as('an.nv').post('/api/documents', { type: 'XX', title: 42, urgency: 'soon' });
    expect(r.status).toBe(400);
    const text = r.body.message.join(' | ');
    expect(text).toContain('type');
    expect(text).toContain('title');
    expect(text).toContain('urgency');

    r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'a'.repeat(1001) });
    expect(r.status).toBe(400);
    expect(r.body.message.join()).toMatch(/title/);
    expect((await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'a'.repeat(1000) })).status).toBe(201);

    r = await c.as('an.nv').post('/api/documents', { type: 'KH' });
    expect(r.status).toBe(400);
    expect(r.body.message.join()).toMatch(/title/);
  });

  it('bad query parameters of the list', async () => {
    const r = await c.as('an.nv').get('/api/documents?state=lost&limit=0&overdue=maybe');
    expect(r.status).toBe(400);
    const text = r.body.message.join(' | ');
    expect(text).toMatch(/state/);
    expect(text).toMatch(/limit/);
    expect(text).toMatch(/overdue/);
  });

  it('malformed JSON, and a body that is not an object', async () => {
    const token = c.token('an.nv');
    let r = await call(h.base, 'POST', '/api/documents', token, undefined, '{"type": "KH", "title": ');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(r.body.message).toMatch(/JSON/);
    r = await call(h.base, 'POST', '/api/documents', token, undefined, '"just a string"');
    expect(r.status).toBe(400);
  });

  it('event payloads: unknown event, missing required fields, unknown fields, wrong pairings — nothing applied', async () => {
    const d = await documentAwaitingSignature(c, 'Lỗi tải trọng');
    const before = await stored(d.id);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['thuong.pn', { type: 'PUBLISH' }, /type/],
      ['thuong.pn', { type: 'RETURN' }, /reason/],
      ['thuong.pn', { type: 'RETURN', reason: '' }, /reason/],
      ['thuong.pn', { type: 'SIGN', note: 'x' }, /note/],
      ['thuong.pn', { type: 'SIGN', expectedVersion: 'four' }, /expectedVersion/],
      ['thuong.pn', { type: 'RETURN', reason: 'ok', extra: true }, /extra/],
    ];
    for (const [user, body, field] of cases) {
      const r = await c.as(user).event(d.id, body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    expect(await stored(d.id)).toEqual(before);
  });

  it('every event type refuses an unknown field, naming it, where its valid payload is taken', async () => {
    // One walk through every event: each is sent first with an unknown field (400, nothing applied), then as it
    // should be, which moves the document on to where the next event is accepted.
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    const kh = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Đi qua mọi sự kiện' })).body.id;
    const gm = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Rút lại' })).body.id;
    // A Biên bản has only version 2 (SPEC §9): the unit head reviews it before signature.
    const bb = (await c.as('an.nv').post('/api/documents', { type: 'BB', title: 'Biên bản họp' })).body.id;
    const walk: Array<[string, string, string, Record<string, unknown>]> = [
      [kh, 'an.nv', 'SUBMIT_FOR_CONSULTATION', { consultees: ['TTr'], workingDays: 2 }],
      [kh, 'hai.nt', 'GIVE_OPINION', { agree: true }],
      [kh, 'an.nv', 'REVISE', { note: 'Sửa lại' }],
      [kh, 'an.nv', 'SUBMIT_FOR_CONSULTATION', { consultees: ['TTr'], workingDays: 2 }],
      [kh, 'hai.nt', 'GIVE_OPINION', { agree: true }],
      [kh, 'an.nv', 'SUBMIT_FOR_SIGNATURE', { signer: 'thuong.pn', signingAuthority: 'KT' }],
      [kh, 'thuong.pn', 'RETURN', { reason: 'Bổ sung' }],
      [kh, 'an.nv', 'SUBMIT_FOR_CONSULTATION', { consultees: ['TTr'], workingDays: 2 }],
      [kh, 'hai.nt', 'GIVE_OPINION', { agree: true }],
      [kh, 'an.nv', 'SUBMIT_FOR_SIGNATURE', { signer: 'thuong.pn', signingAuthority: 'KT' }],
      [kh, 'thuong.pn', 'SIGN', {}],
      [kh, 'khanh.vt', 'DISSEMINATE', { recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { agencyCode: 'SGDĐT-HN', purpose: 'implement' }], reportDeadline: inADay }],
      [kh, 'kt.dl', 'ACKNOWLEDGE', {}],
      [kh, 'kt.dl', 'SUBMIT_REPORT', { content: 'Đã triển khai' }],
      [kh, 'an.nv', 'CORRECT', { title: 'V/v đính chính' }],
      [kh, 'an.nv', 'REPLACE', {}],
      [kh, 'an.nv', 'CLOSE', { summary: 'Hoàn thành' }],
      [gm, 'an.nv', 'WITHDRAW', { reason: 'Không cần nữa' }],
      [bb, 'an.nv', 'SUBMIT_FOR_SIGNATURE', { signer: 'thuong.pn', signingAuthority: 'KT' }],
      [bb, 'chinh.hv', 'APPROVE_REVIEW', { note: 'Đã kiểm tra' }],
      [bb, 'thuong.pn', 'SIGN', {}],
      [bb, 'khanh.vt', 'DISSEMINATE', { recipients: [{ unitCode: 'VP', purpose: 'archive' }] }],
      [bb, 'thuong.pn', 'RECALL', { reason: 'Ban hành nhầm' }],
    ];
    expect(new Set(walk.map(([, , type]) => type))).toEqual(new Set(CLIENT_EVENTS));
    for (const [id, user, type, payload] of walk) {
      const before = await stored(id);
      const r = await c.as(user).event(id, { type, ...payload, unknownField: 1 });
      expect({ type, status: r.status, refusal: r.status === 400 ? null : r.body }).toEqual({ type, status: 400, refusal: null });
      expect({ type, message: JSON.stringify(r.body.message) }).toEqual({ type, message: expect.stringContaining('unknownField') });
      expect(await stored(id)).toEqual(before);
      expectOk(await c.as(user).event(id, { type, ...payload }));
    }
    expect((await c.as('an.nv').get(`/api/documents/${kh}`)).body.state).toBe('reported');
  });

  it('GIVE_OPINION disagreeing without a comment; consultation without deadline; both deadline kinds', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Thiếu trường' })).body;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'] }, /deadline/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: [], workingDays: 2 }, /consultees/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 0 }, /workingDays/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2, deadline: '2099-01-01T00:00:00Z' }, /not both/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], deadline: '2020-01-01T00:00:00Z' }, /deadline/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['NOPE'], workingDays: 2 }, /consultees\.0/],
      [{ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['QLCL'], workingDays: 2 }, /consultees\.0/],
    ];
    for (const [body, field] of bad) {
      const r = await c.as('an.nv').event(d.id, body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    // QLCL exists in BGDĐT and SGDĐT-HN: the plain code is the drafting agency's own unit (refused above);
    // the other one must be named in full.
    expect((await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 })).status).toBe(200);
    const before = await stored(d.id);
    const r = await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: false });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.message)).toMatch(/comment/);
    expect((await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: 'yes' })).status).toBe(400);
    expect(await stored(d.id)).toEqual(before);
  });

  it('SUBMIT_FOR_SIGNATURE: a signer/authority pairing the decree does not allow is 400', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Thẩm quyền ký' })).body;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ signer: 'thuong.pn', signingAuthority: null }, /signingAuthority/],
      [{ signer: 'son.nk', signingAuthority: 'KT' }, /signingAuthority/],
      [{ signer: 'long.vp', signingAuthority: 'KT' }, /signingAuthority/],
      [{ signer: 'thuong.pn', signingAuthority: 'TL' }, /signingAuthority/],
      [{ signer: 'son.nk', signingAuthority: 'XX' }, /signingAuthority/],
      [{ signer: 'an.nv', signingAuthority: null }, /signer/],
      [{ signer: 'gd.dl', signingAuthority: null }, /signer/],
      [{ signer: 'nobody', signingAuthority: null }, /signer/],
      [{ signingAuthority: null }, /signer/],
    ];
    for (const [payload, field] of bad) {
      const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', ...payload });
      expect({ payload, status: r.status }).toEqual({ payload, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    expect((await stored(d.id)).n).toBe(1);
  });

  it('DISSEMINATE: implement without reportDeadline, bad purpose, unknown recipient', async () => {
    const d = await documentAwaitingSignature(c, 'Phát hành lỗi', 'GM', 'son.nk');
    await c.as('son.nk').event(d.id, { type: 'SIGN' });
    const before = await stored(d.id);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }] }, /reportDeadline/],
      [{ recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'enjoy' }] }, /recipients\.0\.purpose/],
      [{ recipients: [{ purpose: 'archive' }] }, /recipients\.0\.agencyCode/],
      [{ recipients: [{ agencyCode: 'NOWHERE', purpose: 'archive' }] }, /recipients\.0\.agencyCode/],
      [{ recipients: [{ unitCode: 'VP', purpose: 'archive' }, { unitCode: 'VP', purpose: 'archive' }] }, /recipients\.1/],
      [{ recipients: [] }, /recipients/],
    ];
    for (const [payload, field] of bad) {
      const r = await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', ...payload });
      expect({ payload, status: r.status }).toEqual({ payload, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    expect(await stored(d.id)).toEqual(before);
    expect(await h.sql(`SELECT * FROM recipients WHERE document_id = $1`, [d.id])).toEqual([]);
  });
});

describe('401', () => {
  it('no token, a malformed header, a forged token, an expired token, a wrong password', async () => {
    expect((await call(h.base, 'GET', '/api/me')).status).toBe(401);
    expect((await call(h.base, 'GET', '/api/documents')).body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    const res = await fetch(`${h.base}/api/me`, { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    const forged = sign({ sub: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 }, 'not-the-secret-of-this-server');
    expect((await call(h.base, 'GET', '/api/me', forged)).status).toBe(401);
    const expired = sign({ sub: 'admin', iat: 1, exp: Math.floor(Date.now() / 1000) - 10 }, h.config.jwtSecret!);
    const r = await call(h.base, 'GET', '/api/me', expired);
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/hết hạn/);
    const valid = sign({ sub: 'admin', ver: 0, exp: Math.floor(Date.now() / 1000) + 60 }, h.config.jwtSecret!);
    expect((await call(h.base, 'GET', '/api/me', valid)).status).toBe(200);
    const wrong = await call(h.base, 'POST', '/api/auth/login', null, { username: 'an.nv', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'ghost', password: 'whatever1' })).status).toBe(401);
  });
});

describe('403, 404, 409', () => {
  it('403: reading a document of another agency; sending an event one may not send; admin-only import', async () => {
    const d = await documentAwaitingSignature(c, 'Quyền');
    const before = await stored(d.id);
    const foreign = await c.as('kt.dl').get(`/api/documents/${d.id}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await c.as('kt.dl').get(`/api/documents/${d.id}/history`)).status).toBe(403);
    expect((await c.as('kt.dl').event(d.id, { type: 'SIGN' })).status).toBe(403);
    // Same agency, may read, may not sign: another deputy, the head, the drafter, the clerk.
    for (const user of ['phuc.hm', 'son.nk', 'an.nv', 'khanh.vt']) {
      expect({ user, status: (await c.as(user).event(d.id, { type: 'SIGN' })).status }).toEqual({ user, status: 403 });
    }
    expect((await c.as('an.nv').put('/api/org', { agencies: [] })).status).toBe(403);
    expect((await c.as('thuong.pn').post('/api/documents', { type: 'KH', title: 'Lãnh đạo không soạn thảo' })).status).toBe(403);
    expect(await stored(d.id)).toEqual(before);
  });

  it('404: no such document', async () => {
    const r = await c.as('an.nv').get('/api/documents/00000000-0000-4000-8000-000000000000');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await c.as('an.nv').event('00000000-0000-4000-8000-000000000000', { type: 'SIGN' })).status).toBe(404);
    expect((await c.as('an.nv').get('/api/documents/00000000-0000-4000-8000-000000000000/history')).status).toBe(404);
  });

  it('409 names the state and the allowed events; a stale expectedVersion is 409; nothing applied', async () => {
    const d = await documentAwaitingSignature(c, 'Xung đột');
    const before = await stored(d.id);
    const r = await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', recipients: [] });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ statusCode: 409, error: 'Conflict', state: 'awaiting_signature' });
    expect(r.body.allowedEvents.sort()).toEqual(['RETURN', 'SIGN', 'WITHDRAW']);
    expect(r.body.message).toContain('awaiting_signature');
    expect(r.body.message).toContain('SIGN');
    const stale = await c.as('thuong.pn').event(d.id, { type: 'SIGN', expectedVersion: d.version - 1 });
    expect(stale.status).toBe(409);
    expect(await stored(d.id)).toEqual(before);
    expect((await c.as('thuong.pn').event(d.id, { type: 'SIGN', expectedVersion: d.version })).status).toBe(200);
  });
});

describe('413', () => {
  it('a body over 1 MiB is refused whole; just under is read', async () => {
    const token = c.token('an.nv');
    const big = JSON.stringify({ type: 'KH', title: 'Lớn', body: 'x'.repeat(1024 * 1024) });
    const r = await call(h.base, 'POST', '/api/documents', token, undefined, big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const fits = JSON.stringify({ type: 'KH', title: 'Vừa', body: 'x'.repeat(400_000) });
    expect((await call(h.base, 'POST', '/api/documents', token, undefined, fits)).status).toBe(201);
    const [{ n }] = await h.sql(`SELECT count(*)::int AS n FROM documents WHERE title = 'Lớn'`);
    expect(n).toBe(0);
  });
});

describe('edge inputs', () => {
  it('an id that is not a UUID names no document: 404', async () => {
    for (const path of ['/api/documents/does-not-exist', '/api/documents/123/history', '/api/documents/x/signature']) {
      expect({ path, status: (await c.as('an.nv').get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await c.as('an.nv').event('nope', { type: 'SIGN' })).status).toBe(404);
  });

  it('empty query parameters are no filter', async () => {
    const r = await c.as('an.nv').get('/api/documents?state=&type=&q=&overdue=');
    expect(r.status).toBe(200);
    expect((await c.as('khanh.vt').get('/api/registers/outgoing?year=&format=')).status).toBe(200);
  });

  it('a NUL character is refused with 400 and changes nothing', async () => {
    const r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Có\u0000NUL' });
    expect(r.status).toBe(400);
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Sạch' })).body;
    const before = await stored(d.id);
    const e = await c.as('an.nv').event(d.id, { type: 'WITHDRAW', reason: 'a\u0000b' });
    expect(e.status).toBe(400);
    expect(await stored(d.id)).toEqual(before);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text without a token', async () => {
    await c.as('an.nv').get('/api/documents');
    const res = await fetch(`${h.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('examflow_http_requests_total{method="GET",route="/api/documents",status="200"}');
    expect(text).toMatch(/examflow_transitions_total\{event="[A-Z_]+"\} \d+/);
    expect(text).toContain('examflow_outbox_pending');
    expect(text).toContain('examflow_process_resident_memory_bytes');
  });
});
