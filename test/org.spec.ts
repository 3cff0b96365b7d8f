import { CLIENT_EVENTS } from '../libs/domain/src';
import { ADMIN_PASSWORD, call, startApp, type ApiClient, type Harness } from './support/harness';
import { ORG, PASSWORD, seedOrg } from './support/org';

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

describe('organisation import', () => {
  it('GET /api/org returns what was imported, without passwords', async () => {
    const r = await c.as('an.nv').get('/api/org');
    expect(r.status).toBe(200);
    expect(r.body.agencies.map((a: any) => a.code).sort()).toEqual(ORG.agencies.map((a) => a.code).sort());
    expect(r.body.units).toHaveLength(ORG.units.length);
    expect(r.body.units.find((u: any) => u.code === 'QLCL' && u.agencyCode === 'BGDĐT').supervisor).toBe('thuong.pn');
    expect(r.body.users).toHaveLength(ORG.users.length + 1);
    expect(JSON.stringify(r.body)).not.toMatch(/password|scrypt/i);
    const me = await c.as('thuong.pn').get('/api/me');
    expect(me.body).toEqual({
      username: 'thuong.pn',
      fullName: 'Phạm Ngọc Thưởng',
      agencyCode: 'BGDĐT',
      unitCode: null,
      position: 'deputy_head',
      title: 'Thứ trưởng',
      email: null,
      canSign: true,
      // The import set the password: the user is asked to choose their own.
      mustChangePassword: true,
    });
    // An officer signs nothing, until a leader delegates to them.
    expect((await c.as('an.nv').get('/api/me')).body.canSign).toBe(false);
    const window = { from: new Date(Date.now() - 1000).toISOString(), until: new Date(Date.now() + 3_600_000).toISOString() };
    const d = await c.as('thuong.pn').post('/api/delegations', { to: 'an.nv', ...window });
    expect((await c.as('an.nv').get('/api/me')).body.canSign).toBe(true);
    expect((await c.as('thuong.pn').delete(`/api/delegations/${d.body.id}`)).status).toBe(200);
    expect((await c.as('an.nv').get('/api/me')).body.canSign).toBe(false);
  });

  it('is an idempotent upsert: repeating it changes nothing, changing a name updates it', async () => {
    const before = (await c.as('admin').get('/api/org')).body;
    expect((await c.as('admin').put('/api/org', ORG)).status).toBe(200);
    expect((await c.as('admin').get('/api/org')).body).toEqual(before);
    const r = await c.as('admin').put('/api/org', {
      units: [{ code: 'TTr', agencyCode: 'BGDĐT', name: 'Thanh tra Bộ', supervisor: 'phuc.hm' }],
      users: [{ username: 'hai.nt', fullName: 'Ngô Thanh Hải', agencyCode: 'BGDĐT', unitCode: 'TTr', position: 'unit_head', title: 'Chánh Thanh tra Bộ' }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ agencies: 0, units: 1, users: 1, externals: 0, groups: 0 });
    const after = (await c.as('admin').get('/api/org')).body;
    expect(after.units.find((u: any) => u.code === 'TTr').name).toBe('Thanh tra Bộ');
    expect(after.users.find((u: any) => u.username === 'hai.nt').title).toBe('Chánh Thanh tra Bộ');
    // No password in the upsert keeps the old one.
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'hai.nt', password: PASSWORD })).status).toBe(200);
  });

  it('a new password replaces the old one; passwords are stored as scrypt hashes', async () => {
    const u = ORG.users.find((x) => x.username === 'em.pv')!;
    expect((await c.as('admin').put('/api/org', { users: [{ ...u, password: 'Mat-khau-moi-2027' }] })).status).toBe(200);
    expect((await call(h.base, 'POST', '/api/auth/login', null, { username: 'em.pv', password: PASSWORD })).status).toBe(401);
    const ok = await call(h.base, 'POST', '/api/auth/login', null, { username: 'em.pv', password: 'Mat-khau-moi-2027' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe('em.pv');
    expect(ok.body.accessToken.split('.')).toHaveLength(3);
    const [row] = await h.sql(`SELECT password_hash FROM users WHERE username = 'em.pv'`);
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain('Mat-khau-moi-2027');
  });

  it('bad imports are 400 naming the field, and nothing of them lands', async () => {
    const before = (await c.as('admin').get('/api/org')).body;
    const bad: Array<[object, RegExp]> = [
      [{ agencies: [{ code: 'X', name: 'X', level: 'province' }] }, /agencies\.0\.level/],
      [{ agencies: [{ code: 'A/B', name: 'X', level: 'ministry' }] }, /agencies\.0\.code/],
      [{ units: [{ code: 'U', agencyCode: 'NOPE', name: 'U' }] }, /units\.0\.agencyCode/],
      [{ units: [{ code: 'U', agencyCode: 'BGDĐT', name: 'U', supervisor: 'an.nv' }] }, /units\.0\.supervisor/],
      [{ units: [{ code: 'U', agencyCode: 'BGDĐT', name: 'U', supervisor: 'gd.dl' }] }, /units\.0\.supervisor/],
      [{ users: [{ username: 'new.user', fullName: 'N', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'officer', title: 'CV' }] }, /users\.0\.password/],
      [{ users: [{ username: 'new.user', password: 'short', fullName: 'N', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'officer', title: 'CV' }] }, /users\.0\.password/],
      [{ users: [{ username: 'new.user', password: 'Long-enough-1', fullName: 'N', agencyCode: 'BGDĐT', unitCode: 'NOPE', position: 'officer', title: 'CV' }] }, /users\.0\.unitCode/],
      [{ users: [{ username: 'new.user', password: 'Long-enough-1', fullName: 'N', agencyCode: 'BGDĐT', position: 'officer', title: 'CV' }] }, /users\.0\.unitCode/],
      [{ users: [{ username: 'new.user', password: 'Long-enough-1', fullName: 'N', agencyCode: 'BGDĐT', position: 'king', title: 'CV' }] }, /users\.0\.position/],
      [{ agencies: [{ code: 'Z', name: 'Z', level: 'ministry' }, { code: 'Z', name: 'Z', level: 'ministry' }] }, /agencies/],
      [{ teams: [] }, /teams/],
      [{ agencies: 'all' }, /agencies/],
      // A valid agency with an invalid user: the agency must not land either.
      [{ agencies: [{ code: 'NEW', name: 'Mới', level: 'department' }], users: [{ username: 'x.y', fullName: 'X', agencyCode: 'NEW', position: 'officer', unitCode: 'NONE', title: 'CV', password: 'Long-enough-1' }] }, /users\.0\.unitCode/],

      // One user alone, as the Tổ chức page sends it: thuong.pn supervises QLCL and GDTrH, so may not stop being
      // a leader of the Ministry while those units still name them (escalations go to the supervisor)…
      [{ users: [{ username: 'thuong.pn', fullName: 'Phạm Ngọc Thưởng', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'officer', title: 'Chuyên viên' }] }, /users\.0\.position.*lãnh đạo phụ trách đơn vị (QLCL|GDTrH)/],
      [{ users: [{ username: 'thuong.pn', fullName: 'Phạm Ngọc Thưởng', agencyCode: 'SGDĐT-HN', position: 'deputy_head', title: 'Phó Giám đốc' }] }, /users\.0\.position/],
      // …and the last admin may not stop being one.
      [{ users: [{ username: 'admin', fullName: 'Quản trị', agencyCode: 'BGDĐT', unitCode: 'VP', position: 'officer', title: 'CV' }] }, /users\.0\.position.*quản trị viên/],
    ];
    for (const [body, field] of bad) {
      const r = await c.as('admin').put('/api/org', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
    expect((await c.as('admin').get('/api/org')).body).toEqual(before);
  });

  it('one user alone changes: a supervisor moved together with their units is fine, a second admin frees the first', async () => {
    const moved = await c.as('admin').put('/api/org', {
      units: [
        { code: 'QLCL', agencyCode: 'BGDĐT', name: 'Cục Quản lý chất lượng', supervisor: 'son.nk' },
        { code: 'GDTrH', agencyCode: 'BGDĐT', name: 'Vụ Giáo dục Trung học', supervisor: 'son.nk' },
      ],
      users: [{ username: 'thuong.pn', fullName: 'Phạm Ngọc Thưởng', agencyCode: 'BGDĐT', position: 'head', title: 'Thứ trưởng thường trực' }],
    });
    expect(moved.status).toBe(200);
    const second = await c.as('admin').put('/api/org', {
      users: [{ username: 'admin2', password: 'Long-enough-2', fullName: 'Quản trị 2', position: 'admin', title: 'Quản trị viên' }],
    });
    expect(second.status).toBe(200);
    const demoted = await c.as('admin').put('/api/org', {
      users: [{ username: 'admin2', fullName: 'Quản trị 2', agencyCode: 'BGDĐT', unitCode: 'VP', position: 'officer', title: 'Chuyên viên' }],
    });
    expect(demoted.status).toBe(200);
    // Put back what the other tests expect.
    expect((await c.as('admin').put('/api/org', ORG)).status).toBe(200);
  });

  it('external bodies and groups of recipients (SPEC §7): imported, upserted, shown; the e-mails to admins only', async () => {
    const admin = (await c.as('admin').get('/api/org')).body;
    expect(admin.externals.map((e: any) => e.code)).toEqual([...ORG.externals].map((e: any) => e.code).sort());
    expect(admin.externals.find((e: any) => e.code === 'UBND-DL')).toEqual({ code: 'UBND-DL', name: 'UBND tỉnh Đắk Lắk', email: 'vanthu@ubnd.daklak.example' });
    expect(admin.groups.find((g: any) => g.code === 'CAC-SO-GDDT')).toEqual({
      code: 'CAC-SO-GDDT',
      name: 'Các sở GDĐT',
      members: [{ agencyCode: 'SGDĐT-DL' }, { agencyCode: 'SGDĐT-HN' }],
    });
    const officer = (await c.as('an.nv').get('/api/org')).body;
    expect(officer.externals.every((e: any) => e.email === null)).toBe(true);
    expect(officer.groups).toEqual(admin.groups);

    // Upserted by code: a new name and e-mail, new members; nothing else changes.
    const r = await c.as('admin').put('/api/org', {
      externals: [{ code: 'BAO-GDTD', name: 'Báo Giáo dục & Thời đại', email: 'bandoc@gdtd.example' }],
      groups: [{ code: 'BAO-DAI', name: 'Các cơ quan báo, đài', members: [{ externalCode: 'BAO-GDTD' }, { agencyCode: 'SGDĐT-DL', unitCode: 'VP' }, { username: 'son.nk' }] }],
    });
    expect(r.body).toEqual({ agencies: 0, units: 0, users: 0, externals: 1, groups: 1 });
    const after = (await c.as('admin').get('/api/org')).body;
    expect(after.externals.find((e: any) => e.code === 'BAO-GDTD')).toEqual({ code: 'BAO-GDTD', name: 'Báo Giáo dục & Thời đại', email: 'bandoc@gdtd.example' });
    expect(after.externals).toHaveLength(admin.externals.length);
    expect(after.groups.find((g: any) => g.code === 'BAO-DAI').members).toEqual([{ externalCode: 'BAO-GDTD' }, { agencyCode: 'SGDĐT-DL', unitCode: 'VP' }, { username: 'son.nk' }]);
    // The example again puts it back.
    expect((await c.as('admin').put('/api/org', ORG)).status).toBe(200);
    expect((await c.as('admin').get('/api/org')).body.groups).toEqual(admin.groups);
  });

  it('a group member is one thing that exists; a group is not a member; a bad one is a 400 naming it, and nothing lands', async () => {
    const bad = await c.as('admin').put('/api/org', {
      externals: [{ code: 'MOI', name: 'Cơ quan mới' }],
      groups: [
        { code: 'G1', name: 'Nhóm 1', members: [{ agencyCode: 'KHONG-CO' }, { externalCode: 'MOI' }, { externalCode: 'MOI' }] },
        { code: 'G2', name: 'Nhóm 2', members: [{ agencyCode: 'SGDĐT-DL', username: 'an.nv' }, { unitCode: 'VP' }, { agencyCode: 'BGDĐT', unitCode: 'KHONG' }, { username: 'ai.do' }] },
        { code: 'G3', name: 'Nhóm 3', members: [] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([
      'groups.0.members.0.agencyCode: không có cơ quan "KHONG-CO"',
      'groups.0.members.2: thành viên lặp lại',
      'groups.1.members.0: đúng một trong agencyCode, unitCode (cùng agencyCode), externalCode, username',
      'groups.1.members.1.agencyCode: bắt buộc cùng unitCode',
      'groups.1.members.2.unitCode: cơ quan "BGDĐT" không có đơn vị "KHONG"',
      'groups.1.members.3.username: không có người dùng "ai.do"',
      'groups.2.members: một nhóm có ít nhất một thành viên',
    ]);
    const nested = await c.as('admin').put('/api/org', { groups: [{ code: 'G4', name: 'Nhóm 4', members: [{ groupCode: 'CAC-SO-GDDT' }] }] });
    expect(nested.status).toBe(400);
    expect(JSON.stringify(nested.body.message)).toMatch(/groupCode/);
    expect((await c.as('admin').put('/api/org', { externals: [{ code: 'X/Y', name: 'x' }, { code: 'B', name: 'b', email: 'not-mail' }] })).body.message).toEqual([
      'externals.0.code chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới',
      'externals.1.email must be an email',
    ]);
    const dup = await c.as('admin').put('/api/org', { externals: [{ code: 'A', name: 'a' }, { code: 'A', name: 'b' }] });
    expect(dup.body.message).toEqual(['externals: code lặp lại: A']);
    const org = (await c.as('admin').get('/api/org')).body;
    expect(org.externals.map((e: any) => e.code)).not.toContain('MOI');
    expect(org.groups.map((g: any) => g.code)).not.toContain('G1');
  });

  it('the first admin exists from ADMIN_USERNAME / ADMIN_PASSWORD and is not recreated', async () => {
    const r = await call(h.base, 'POST', '/api/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'admin', position: 'admin', agencyCode: null });
    const rows = await h.sql(`SELECT count(*)::int AS n FROM users WHERE position = 'admin'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('health and docs', () => {
  it('health answers ok while PostgreSQL and Redis answer', async () => {
    expect(await call(h.base, 'GET', '/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('OpenAPI is served at /api/docs and /api/docs-json', async () => {
    expect((await fetch(`${h.base}/api/docs`)).status).toBe(200);
    const spec = (await call(h.base, 'GET', '/api/docs-json')).body;
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/documents', '/api/documents/{id}/events', '/api/org']));
    // The events endpoint's body comes from the command table: an example per event, and each payload's schema.
    const body = spec.paths['/api/documents/{id}/events'].post.requestBody.content['application/json'];
    expect(Object.keys(body.examples).sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(body.examples.DISSEMINATE.value).toMatchObject({ type: 'DISSEMINATE', recipients: expect.any(Array) });
    expect(body.schema.allOf[1].oneOf).toContainEqual({ $ref: '#/components/schemas/DisseminatePayload' });
    // Recipients may have been signed with the document (SPEC §7): then DISSEMINATE needs none.
    expect(spec.components.schemas.DisseminatePayload.required).toBeUndefined();
    expect(spec.components.schemas.DisseminatePayload.properties.recipients.type).toBe('array');
    expect(spec.components.schemas.EventEnvelopeDto.properties.type.enum).toEqual([...CLIENT_EVENTS]);
  });

  it('GET /api/workflows lists each definition with its version and transitions', async () => {
    const r = await c.as('an.nv').get('/api/workflows');
    // Every type of Phụ lục III on version 2, the nine of Part one on version 1 too, and the incoming items'.
    expect(r.body).toHaveLength(28 + 9 + 1);
    const kh = r.body.find((w: any) => w.documentType === 'KH' && w.version === 1);
    const kh2 = r.body.find((w: any) => w.documentType === 'KH' && w.version === 2);
    expect(kh2.states.awaiting_review.on).toEqual({ APPROVE_REVIEW: ['awaiting_signature'], RETURN: ['draft'], WITHDRAW: ['withdrawn'] });
    expect(kh2.states.consulted.on.SUBMIT_FOR_SIGNATURE.sort()).toEqual(['awaiting_review', 'awaiting_signature']);
    expect(kh.states.awaiting_review).toBeUndefined();
    expect(kh).toMatchObject({ id: 'ke-hoach', version: 1, subject: 'document', initial: 'draft' });
    // The incoming items' lifecycle (SPEC §7) beside the documents'.
    const incoming = r.body.find((w: any) => w.subject === 'incoming');
    expect(incoming).toMatchObject({ id: 'van-ban-den', version: 1, documentType: null, name: 'Văn bản đến', initial: 'received' });
    // RECALLED is the system's: the source document was recalled (SPEC §9).
    expect(incoming.states.received.on).toEqual({ REGISTER: ['registered'], RETURN_TO_SENDER: ['returned'], RECALLED: ['recalled'] });
    expect(incoming.states.in_progress.on).toEqual({ UPDATE: ['in_progress'], COMPLETE: ['done'], RECALLED: ['recalled'] });
    expect(incoming.states.done.final).toBe(true);
    expect(kh.states.awaiting_signature.on.SIGN).toEqual(['signed']);
    expect(kh.states.reported.final).toBe(true);
  });
});
