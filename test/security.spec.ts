import type { LoggerService } from '@nestjs/common';
import { call, startApp, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/**
 * The door held (issue 12), on the real HTTP server: headers, bounded
 * answers, formula-safe CSV, no secrets in the log, nesting capped.
 */
const logged: string[] = [];
const capture: LoggerService = {
  log: () => undefined,
  warn: (m: unknown) => void logged.push(String(m)),
  error: (m: unknown, ...rest: unknown[]) => void logged.push([m, ...rest].map(String).join(' ')),
};

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp({}, { logger: capture });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

describe('headers', () => {
  it('a strict CSP the web app lives with, never framed, nosniff, no referrer, no X-Powered-By', async () => {
    for (const path of ['/', '/documents', '/api/health']) {
      const r = await fetch(h.base + path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('nothing under /api is kept by a browser or a proxy, the login answer above all', async () => {
    const login = await fetch(`${h.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'an.nv', password: 'MatKhau#2026' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${h.base}/api/documents`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } })).headers.get('cache-control')).toBe(
      'no-store',
    );
  });

  it('the web app ships no source maps', async () => {
    const index = await (await fetch(h.base + '/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const js = await (await fetch(h.base + script!)).text();
    expect(js).not.toMatch(/sourceMappingURL/);
    expect((await fetch(`${h.base}${script}.map`)).status).toBe(404);
  });
});

describe('bounded answers', () => {
  it('a list carries an excerpt of each body, not the body: 200 long drafts stay far under 1 MB', async () => {
    const body = 'Căn cứ Quy chế thi tốt nghiệp THPT. '.repeat(12_000); // ~430 kB each
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: `Dự thảo dài ${i}`, body });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const res = await fetch(`${h.base}/api/documents?limit=200`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(text)).toBeLessThan(1_000_000);
    const items = JSON.parse(text) as Array<{ id: string; body: string; bodyTruncated: boolean }>;
    expect(items).toHaveLength(200);
    const one = items.find((d) => d.id === ids[0])!;
    expect(one.bodyTruncated).toBe(true);
    expect(one.body).toBe(`${body.slice(0, 300)}…`);
    // The document itself is whole.
    const full = await c.as('an.nv').get(`/api/documents/${ids[0]}`);
    expect(full.body.body).toBe(body);
    expect(full.body.bodyTruncated).toBeUndefined();
  });

  it('a short body is shown whole in a list, and said to be', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn ngắn', body: 'Ngắn.' })).body;
    const item = (await c.as('an.nv').get('/api/documents?limit=200')).body.find((x: any) => x.id === d.id);
    expect(item).toMatchObject({ body: 'Ngắn.', bodyTruncated: false });
  });

  it('the history comes in pages, with the total in X-Total-Count', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nhiều lần sửa' })).body;
    for (let i = 0; i < 5; i++) expectOk(await c.as('an.nv').patch(`/api/documents/${d.id}`, { body: `Lần ${i}` }));
    const page = await fetch(`${h.base}/api/documents/${d.id}/history?limit=2&offset=1`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } });
    expect(page.headers.get('x-total-count')).toBe('6');
    expect(((await page.json()) as Array<{ seq: number }>).map((e) => e.seq)).toEqual([2, 3]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history?limit=1001`)).status).toBe(400);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body).toHaveLength(6);
  });

  it('marking one notification read answers that notification, in one statement, and only for its owner', async () => {
    await documentAwaitingSignature(c, 'Thông báo đã đọc');
    const [first] = (await c.as('thuong.pn').get('/api/notifications')).body;
    const r = await c.as('thuong.pn').post(`/api/notifications/${first.id}/read`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: first.id, message: first.message, readAt: expect.any(String) });
    const again = await c.as('thuong.pn').post(`/api/notifications/${first.id}/read`);
    expect(again.body.readAt).toBe(r.body.readAt);
    expect((await c.as('an.nv').post(`/api/notifications/${first.id}/read`)).status).toBe(403);
  });
});

describe('bad input', () => {
  it('JSON nested deeper than 32 is a 400 before it is parsed, with or without a token, and nothing in the log', async () => {
    logged.length = 0;
    const deep = `${'['.repeat(1500)}${']'.repeat(1500)}`;
    for (const token of [null, c.token('an.nv')]) {
      const r = await call(h.base, 'POST', '/api/documents', token, undefined, deep);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/lồng quá 32 cấp/);
    }
    // Brackets inside strings do not count; 32 levels are fine.
    const ok = await call(h.base, 'POST', '/api/documents', c.token('an.nv'), { type: 'KH', title: '[[[[{{{{'.repeat(100) });
    expect(ok.status).toBe(201);
    expect(logged).toEqual([]);
  });

  it('a statement PostgreSQL refuses is logged without its parameters', async () => {
    logged.length = 0;
    const secret = 'NỘI-DUNG-MẬT-7f3a';
    const r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: `Có NUL\u0000 ${secret}`, body: secret });
    expect(r.status).toBe(400);
    const text = logged.join('\n');
    expect(text).toMatch(/INSERT INTO documents/);
    expect(text).not.toContain(secret);
  });
});

describe('CSV', () => {
  it('a title that is a formula lands in the outgoing register as text', async () => {
    const formula = '=HYPERLINK("http://evil.example","Bấm vào đây")';
    // A Công văn's summary is its title alone: the cell starts with what the drafter typed.
    const d = await documentAwaitingSignature(c, formula, 'CV');
    const signed = await c.as('thuong.pn').event(d.id, { type: 'SIGN' });
    expectOk(signed);
    const year = new Date(signed.body.issuedAt).getUTCFullYear();
    const csv = await fetch(`${h.base}/api/registers/outgoing?year=${year}&format=csv`, { headers: { authorization: `Bearer ${c.token('son.nk')}` } });
    const line = (await csv.text()).split('\r\n').find((l) => l.startsWith(signed.body.number))!;
    expect(line).toBeDefined();
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""Bấm vào đây"")",`);
  });
});
