import type { LoggerService } from '@nestjs/common';
import { once } from 'node:events';
import { request } from 'node:http';
import jwt from 'jsonwebtoken';
import { call, createDatabase, sleep, startApp, testEnv, waitFor, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, ORG, PASSWORD, seedOrg } from './support/org';
import { startProcess } from './support/processes';
import { hashPassword } from '../libs/org/src/password';

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

describe('secrets and tokens', () => {
  it('the built server refuses to start with a missing or an example secret outside the local start, and says why', async () => {
    const db = await createDatabase();
    try {
      const base = testEnv(db);
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ ...base, JWT_SECRET: '' }, /JWT_SECRET must be set when DATABASE_URL is/],
        [{ ...base, JWT_SECRET: 'change-me-to-a-long-random-secret' }, /JWT_SECRET is a known example value/],
        [{ ...base, SIGNING_KEY: '' }, /SIGNING_KEY must be set/],
        [{ ...base, ADMIN_PASSWORD: 'change-me-now' }, /ADMIN_PASSWORD/],
      ];
      for (const [env, why] of cases) {
        const p = startProcess('api', env);
        const [code] = p.child.exitCode !== null ? [p.child.exitCode] : await once(p.child, 'exit');
        await sleep(50);
        expect(code).not.toBe(0);
        expect(p.output()).toMatch(why);
      }
    } finally {
      await db.drop();
    }
  });

  it('a token signed with another algorithm, or without an expiry, is refused', async () => {
    const secret = h.config.jwtSecret!;
    const now = Math.floor(Date.now() / 1000);
    const none = jwt.sign({ sub: 'admin', ver: 0, exp: now + 600 }, '', { algorithm: 'none' });
    const hs512 = jwt.sign({ sub: 'admin', ver: 0, exp: now + 600 }, secret, { algorithm: 'HS512' });
    const forever = jwt.sign({ sub: 'admin', ver: 0 }, secret, { algorithm: 'HS256' });
    const good = jwt.sign({ sub: 'admin', ver: 0, exp: now + 600 }, secret, { algorithm: 'HS256' });
    for (const token of [none, hs512, forever]) expect((await call(h.base, 'GET', '/api/documents', token)).status).toBe(401);
    expect((await call(h.base, 'GET', '/api/documents', good)).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('with METRICS_TOKEN, only a request bearing it is answered', async () => {
    const m = await startApp({ METRICS_TOKEN: 'scrape-token-0123456789' }, { logger: false });
    try {
      expect((await fetch(`${m.base}/metrics`)).status).toBe(401);
      expect((await fetch(`${m.base}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456780' } })).status).toBe(401);
      const ok = await fetch(`${m.base}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('examflow_transitions_total');
    } finally {
      await m.close();
    }
  });
});

describe('sessions that end', () => {
  const user = (username: string) => ORG.users.find((u) => u.username === username)!;
  const importUsers = (users: unknown[]) => c.as('admin').put('/api/org', { users });

  it('a new password ends the old token within a second; the new password works', async () => {
    const old = await c.login('binh.tt', PASSWORD);
    expect((await call(h.base, 'GET', '/api/me', old)).status).toBe(200);
    expectOk(await importUsers([{ ...user('binh.tt'), password: 'Mat-Khau-Moi#2027' }]));
    await sleep(1100);
    const r = await call(h.base, 'GET', '/api/me', old);
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/Phiên đăng nhập đã kết thúc/);
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'binh.tt', password: PASSWORD })).status).toBe(401);
    const fresh = await c.login('binh.tt', 'Mat-Khau-Moi#2027');
    expect((await call(h.base, 'GET', '/api/me', fresh)).status).toBe(200);
  });

  it('logout ends the token at once, and every other session of the user', async () => {
    const a = await c.login('em.pv', PASSWORD);
    const b = await c.login('em.pv', PASSWORD);
    expect((await call(h.base, 'POST', '/api/auth/logout', a)).status).toBe(204);
    for (const t of [a, b]) expect((await call(h.base, 'GET', '/api/me', t)).status).toBe(401);
    expect((await call(h.base, 'POST', '/api/auth/logout', a)).status).toBe(401);
    expect((await call(h.base, 'GET', '/api/me', await c.login('em.pv', PASSWORD))).status).toBe(200);
  });

  it('a disabled user cannot log in and their token ends; enabled again, they can', async () => {
    const t = await c.login('giang.tt', PASSWORD);
    expectOk(await importUsers([{ ...user('giang.tt'), password: undefined, disabled: true }]));
    await sleep(1100);
    expect((await call(h.base, 'GET', '/api/me', t)).status).toBe(401);
    const refused = await call(h.base, 'POST', '/api/auth/login', null, { username: 'giang.tt', password: PASSWORD });
    expect(refused).toMatchObject({ status: 401, body: { message: 'Sai tên đăng nhập hoặc mật khẩu' } });
    const org = (await c.as('admin').get('/api/org')).body;
    expect(org.users.find((u: any) => u.username === 'giang.tt').disabled).toBe(true);
    expectOk(await importUsers([{ ...user('giang.tt'), password: undefined, disabled: false }]));
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'giang.tt', password: PASSWORD })).status).toBe(200);
  });

  it('a leader moved to another agency loses the delegations given to and by them, and their token', async () => {
    const window = { from: new Date(Date.now() - 1000).toISOString(), until: new Date(Date.now() + 86_400_000).toISOString() };
    const given = await c.as('phuc.hm').post('/api/delegations', { to: 'dung.lt', ...window });
    expectOk(given);
    const t = await c.login('dung.lt', PASSWORD);
    // Vụ trưởng dung.lt becomes a Phó Giám đốc of the Sở in Đắk Lắk.
    expectOk(await importUsers([{ ...user('dung.lt'), password: undefined, agencyCode: 'SGDĐT-DL', unitCode: undefined, position: 'deputy_head' }]));
    const row = (await h.sql(`SELECT revoked_at FROM delegations WHERE id = $1`, [given.body.id]))[0];
    expect(row.revoked_at).not.toBeNull();
    await sleep(1100);
    expect((await call(h.base, 'GET', '/api/me', t)).status).toBe(401);
  });

  it('e-mail addresses are shown to administrators and to the user themself only', async () => {
    expectOk(
      await importUsers([
        { ...user('an.nv'), password: undefined, email: 'an.nv@moet.gov.vn' },
        { ...user('hai.nt'), password: undefined, email: 'hai.nt@moet.gov.vn' },
      ]),
    );
    const seen = (await c.as('an.nv').get('/api/org')).body.users as any[];
    expect(seen.find((u) => u.username === 'an.nv').email).toBe('an.nv@moet.gov.vn');
    expect(seen.filter((u) => u.username !== 'an.nv').every((u) => u.email === null)).toBe(true);
    expect(seen.every((u) => !('disabled' in u))).toBe(true);
    const admin = (await c.as('admin').get('/api/org')).body.users as any[];
    expect(admin.filter((u) => u.email).length).toBeGreaterThan(1);
  });
});

describe('passwords', () => {
  const user = (username: string) => ORG.users.find((u) => u.username === username)!;
  const importUsers = (users: unknown[]) => c.as('admin').put('/api/org', { users });
  const change = (token: string, currentPassword: string, newPassword: string) =>
    call(h.base, 'POST', '/api/auth/password', token, { currentPassword, newPassword });

  it('an administrator may not hand out a short or a common password; the import lands nothing then', async () => {
    for (const [password, why] of [
      ['12345678', /danh sách mật khẩu phổ biến/],
      ['Password1', /danh sách mật khẩu phổ biến/],
      ['Kh0ng!', /ít nhất 8 ký tự/],
    ] as const) {
      const r = await importUsers([{ ...user('hai.nt'), title: 'Không được lưu' }, { ...user('binh.tt'), password }]);
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([expect.stringMatching(new RegExp(`^users\\.1\\.password: .*${why.source}`))]);
    }
    const org = (await c.as('admin').get('/api/org')).body;
    expect(org.users.find((u: any) => u.username === 'hai.nt').title).toBe(user('hai.nt').title);
  });

  it('a password the administrator set is to be changed: the user chooses a strong one, and every other session ends', async () => {
    expectOk(await importUsers([{ ...user('long.vp'), password: 'Tam-Thoi#2026' }]));
    const first = await call(h.base, 'POST', '/api/auth/login', null, { username: 'long.vp', password: 'Tam-Thoi#2026' });
    expect(first.body.user.mustChangePassword).toBe(true);
    const token = first.body.accessToken as string;
    const other = await c.login('long.vp', 'Tam-Thoi#2026');
    expect((await call(h.base, 'GET', '/api/me', token)).body.mustChangePassword).toBe(true);

    expect((await change(token, 'sai-mat-khau', 'một câu dài không ai đoán'))).toMatchObject({
      status: 400,
      body: { message: ['currentPassword: mật khẩu hiện tại không đúng'] },
    });
    for (const [weak, why] of [
      ['Ngan#2026', /ít nhất 12 ký tự/],
      ['MatKhau#20262026', /một từ phổ biến thêm chữ số/],
      ['Password!2026!', /một từ phổ biến thêm chữ số/],
      ['123456789012345', /phải có chữ cái/],
      ['long.vp-2026-mua-thi', /không được chứa tên đăng nhập/],
      ['abababababab', /quá đơn giản/],
    ] as const) {
      const r = await change(token, 'Tam-Thoi#2026', weak);
      expect(r.status).toBe(400);
      expect((r.body.message as string[]).join('\n')).toMatch(why);
    }
    const done = await change(token, 'Tam-Thoi#2026', 'sen vàng nở giữa mùa thi');
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ username: 'long.vp', mustChangePassword: false });
    // The token it answers works at once; the two from before have ended.
    expect((await call(h.base, 'GET', '/api/me', done.body.accessToken)).status).toBe(200);
    await sleep(1100);
    for (const t of [token, other]) expect((await call(h.base, 'GET', '/api/me', t)).status).toBe(401);
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'long.vp', password: 'Tam-Thoi#2026' })).status).toBe(401);
    expect((await c.login('long.vp', 'sen vàng nở giữa mùa thi')).length).toBeGreaterThan(20);
    const trail = await waitFor(async () => {
      const r = (await c.as('admin').get('/api/audit?action=password.change&actor=long.vp')).body;
      return r.length > 0 && r;
    }, 5000, 'the password change in the trail');
    expect(trail).toHaveLength(1);
  });

  it('hashes with the cost in force (OWASP\'s N=2^17 by default) and rehashes an older, cheaper hash at the next login', async () => {
    const m = await startApp({ PASSWORD_HASH_COST: '' }, { logger: false });
    try {
      const mc = await seedOrg(m.base);
      const stored = async () => (await m.sql(`SELECT password_hash AS h, token_version AS v FROM users WHERE username = 'an.nv'`))[0];
      expect((await stored()).h).toMatch(/^scrypt\$131072\$8\$1\$/);
      // A hash from before (2^14), as an older examflow left it.
      await m.sql(`UPDATE users SET password_hash = $1 WHERE username = 'an.nv'`, [await hashPassword(PASSWORD, 14)]);
      const before = await stored();
      expect(before.h).toMatch(/^scrypt\$16384\$/);
      const t = await mc.login('an.nv', PASSWORD);
      const after = await stored();
      expect(after.h).toMatch(/^scrypt\$131072\$/);
      expect(after.v).toBe(before.v); // the same password: the sessions stand
      expect((await call(m.base, 'GET', '/api/me', t)).status).toBe(200);
      expect((await call(m.base, 'POST', '/api/auth/login', null, { username: 'an.nv', password: PASSWORD })).status).toBe(200);
    } finally {
      await m.close();
    }
  });
});

describe('users disabled and enabled', () => {
  const user = (username: string) => ORG.users.find((u) => u.username === username)!;
  it('editing a disabled user keeps them disabled; each change is in the trail; nobody disables themself', async () => {
    expectOk(await c.as('admin').put('/api/org', { users: [{ ...user('kt.dl'), password: undefined, disabled: true }] }));
    expectOk(await c.as('admin').put('/api/org', { users: [{ ...user('kt.dl'), password: undefined, title: 'Chuyên viên chính Sở' }] }));
    const org = (await c.as('admin').get('/api/org')).body;
    expect(org.users.find((u: any) => u.username === 'kt.dl')).toMatchObject({ disabled: true, title: 'Chuyên viên chính Sở' });
    expectOk(await c.as('admin').put('/api/org', { users: [{ ...user('kt.dl'), password: undefined, disabled: false }] }));
    const trail = (await c.as('admin').get('/api/audit?actor=admin')).body as Array<{ action: string; target: string }>;
    expect(trail.filter((e) => e.target === 'kt.dl').map((e) => e.action).slice(0, 2)).toEqual(['user.enable', 'user.disable']);
    const self = await c.as('admin').put('/api/org', {
      users: [{ username: 'admin', fullName: 'Quản trị hệ thống', position: 'admin', title: 'Quản trị viên', disabled: true }],
    });
    expect(self.status).toBe(400);
    expect(self.body.message).toEqual(['users.0.disabled: không thể tự khóa tài khoản của chính mình']);
  });
});

describe('behind a reverse proxy', () => {
  it('TRUST_PROXY names the proxy: the throttle and the trail see the client; without it X-Forwarded-For is ignored', async () => {
    const guess = (base: string, forwarded: string, username: string) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        body: JSON.stringify({ username, password: 'x' }),
      });
    const m = await startApp({ TRUST_PROXY: 'loopback' }, { logger: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await guess(m.base, '203.0.113.7', `khong-co-${i}`)).status);
      expect(statuses[21]).toBe(429);
      // Another client behind the same proxy is not held by the first one's guesses.
      expect((await guess(m.base, '198.51.100.9', 'khong-co-nua')).status).toBe(401);
      // The trail is written beside the answer (it never fails a request): wait for the last entry.
      const addresses = await waitFor(async () => {
        const rows = await m.sql(`SELECT DISTINCT address FROM audit_log WHERE action LIKE 'login.%'`);
        return rows.length >= 2 && rows.map((r: any) => r.address).sort();
      }, 5000, 'both addresses in the trail');
      expect(addresses).toEqual(['198.51.100.9', '203.0.113.7']);
    } finally {
      await m.close();
    }
    await guess(h.base, '203.0.113.99', 'khong-co-o-day');
    const seen = await waitFor(async () => {
      const r = (await c.as('admin').get('/api/audit?action=login.failed&actor=khong-co-o-day')).body;
      return r.length > 0 && r;
    }, 5000, 'the failed login in the trail');
    expect(seen[0].address).toMatch(/127\.0\.0\.1/);
  });
});

describe('login throttle', () => {
  const login = (username: string, password: string) =>
    fetch(`${h.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('after five wrong passwords the next attempt waits (429, Retry-After), then the right password works', async () => {
    for (let i = 0; i < 5; i++) expect((await login('chinh.hv', `sai-${i}`)).status).toBe(401);
    // The sixth failure starts the waits: 1 s, then twice as long each time.
    expect((await login('chinh.hv', 'sai-5')).status).toBe(401);
    const held = await login('chinh.hv', PASSWORD);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await held.json()) as { message: string }).message).toMatch(/thử lại sau \d+ giây/);
    // Someone else from the same place is not held by chinh.hv's count.
    expect((await login('dung.lt', PASSWORD)).status).toBe(200);
    await sleep(Number(held.headers.get('retry-after')) * 1000 + 100);
    expect((await login('chinh.hv', PASSWORD)).status).toBe(200);
    // A success clears the count: one more mistake is a plain 401 again.
    expect((await login('chinh.hv', 'sai-6')).status).toBe(401);
    expect((await login('chinh.hv', PASSWORD)).status).toBe(200);
  });

  it('one address guessing many usernames is held as well', async () => {
    const m = await startApp({}, { logger: false });
    try {
      const guess = (u: string) =>
        fetch(`${m.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'x' }) });
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await guess(`khong-co-${i}`)).status);
      expect(statuses.slice(0, 21)).toEqual(Array(21).fill(401));
      expect(statuses[21]).toBe(429);
    } finally {
      await m.close();
    }
  });
});

describe('connections', () => {
  it('a user may hold ten notification streams open on one process; the eleventh is 429 until one closes', async () => {
    const open = async () => {
      const ctl = new AbortController();
      const res = await fetch(`${h.base}/api/notifications/stream`, {
        headers: { authorization: `Bearer ${c.token('hai.nt')}` },
        signal: ctl.signal,
      });
      return { res, close: () => ctl.abort() };
    };
    const streams = [];
    for (let i = 0; i < 10; i++) {
      const s = await open();
      expect(s.res.status).toBe(200);
      streams.push(s);
    }
    const refused = await open();
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get('retry-after')).toBe('5');
    streams.pop()!.close();
    await sleep(200);
    const again = await open();
    expect(again.res.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });

  it('a body must arrive whole within REQUEST_TIMEOUT (408, closed); an upload has UPLOAD_TIMEOUT', async () => {
    const m = await startApp({ REQUEST_TIMEOUT: '1s', UPLOAD_TIMEOUT: '20s' }, { logger: false });
    try {
      const mc = await seedOrg(m.base);
      const { port } = new URL(m.base);
      const slow = (path: string, headers: Record<string, string>, pieces: Buffer[], gapMs: number) =>
        new Promise<{ status: number | null; body: string }>((ok) => {
          const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${mc.token('an.nv')}`, ...headers } }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => ok({ status: res.statusCode ?? null, body }));
          });
          req.on('error', () => ok({ status: null, body: '' }));
          void (async () => {
            for (const p of pieces) {
              if (req.destroyed) return;
              req.write(p);
              await sleep(gapMs);
            }
            req.end();
          })();
        });
      const json = Buffer.from(JSON.stringify({ type: 'KH', title: 'Gửi rất chậm' }));
      const started = Date.now();
      const refused = await slow('/api/documents', { 'content-type': 'application/json', 'content-length': String(json.length) }, [json.subarray(0, 5), json.subarray(5)], 2500);
      expect(refused.status).toBe(408);
      expect(Date.now() - started).toBeLessThan(2400);
      // The same pace for a file is fine: 2.5 s between its pieces, within UPLOAD_TIMEOUT.
      const d = (await mc.as('an.nv').post('/api/documents', { type: 'KH', title: 'Tệp gửi chậm' })).body;
      const boundary = 'ef-boundary-1234';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cham.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const body = [head, Buffer.from('%PDF-1.4\n'), Buffer.from('% gửi chậm\n%%EOF\n'), tail];
      const length = body.reduce((n, b) => n + b.length, 0);
      const upload = await slow(
        `/api/documents/${d.id}/files`,
        { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) },
        body,
        1500,
      );
      expect(upload.status).toBe(201);
      expect(JSON.parse(upload.body)).toMatchObject({ name: 'cham.pdf', kind: 'draft', revision: 1 });
    } finally {
      await m.close();
    }
  }, 30_000);
});

describe('audit trail', () => {
  const trail = async (query: string) => {
    const r = await c.as('admin').get(`/api/audit?${query}`);
    expect(r.status).toBe(200);
    return r.body as Array<{ actor: string | null; address: string | null; action: string; target: string | null; detail: any }>;
  };

  it('records failed logins, refusals, imports, calendar changes and delegations, for admins to read and filter', async () => {
    await call(h.base, 'POST', '/api/auth/login', null, { username: 'hai.nt', password: 'doan-bua' });
    const d = await documentAwaitingSignature(c, 'Kiểm tra nhật ký');
    expect((await c.as('an.nv').event(d.id, { type: 'SIGN' })).status).toBe(403);
    expectOk(await c.as('admin').put('/api/org', { users: [{ ...ORG.users.find((u) => u.username === 'em.pv')!, password: undefined, title: 'Chuyên viên chính' }] }));
    expectOk(await c.as('admin').put('/api/calendar/days', { year: 2031, days: [{ date: '2031-11-24', kind: 'holiday', name: 'Ngày Văn hóa' }] }));
    const window = { from: new Date(Date.now() - 1000).toISOString(), until: new Date(Date.now() + 86_400_000).toISOString() };
    const del = await c.as('thuong.pn').post('/api/delegations', { to: 'hai.nt', ...window });
    expectOk(del);
    expectOk(await c.as('thuong.pn').delete(`/api/delegations/${del.body.id}`));

    expect((await trail('action=login.failed&actor=hai.nt'))[0]).toMatchObject({ actor: 'hai.nt', address: expect.stringMatching(/127\.0\.0\.1/) });
    expect((await trail('action=forbidden&actor=an.nv'))[0]).toMatchObject({ target: `POST /api/documents/${d.id}/events` });
    expect((await trail('action=org.import'))[0]).toMatchObject({ actor: 'admin', detail: { usernames: ['em.pv'], newPasswords: [] } });
    expect((await trail('action=calendar.change'))[0]).toMatchObject({ actor: 'admin', target: 'calendar:2031' });
    const dels = await trail('actor=thuong.pn');
    expect(dels.map((e) => e.action).slice(0, 2)).toEqual(['delegation.revoke', 'delegation.create']);
    const page = await fetch(`${h.base}/api/audit?limit=1`, { headers: { authorization: `Bearer ${c.token('admin')}` } });
    expect(Number(page.headers.get('x-total-count'))).toBeGreaterThan(5);
    expect((await c.as('an.nv').get('/api/audit')).status).toBe(403);
    expect((await c.as('admin').get('/api/audit?action=nothing')).status).toBe(400);
  });

  it('is append-only, whoever asks', async () => {
    await expect(h.sql(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
