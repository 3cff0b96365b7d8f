import { createPublicKey, verify } from 'node:crypto';
import { signedContentDigest } from '../libs/domain/src';
import { signingQueueSql } from '../libs/documents/src';
import { call, startApp, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp({ SIGNING_KEY: 'a-test-server-key-of-at-least-32-characters' });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const inHours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

/** A GM awaiting `signer`, with an urgency and a deadline. */
async function waiting(title: string, urgency: string, deadline: string, signer = 'phuc.hm', authority: string | null = 'KT') {
  const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title, urgency })).body;
  const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer, signingAuthority: authority, deadline });
  expectOk(r);
  return r.body;
}

describe('signing queue', () => {
  it('lists in SPEC order — flash, very_urgent, urgent, normal, then the earliest deadline — paginated, with time left', async () => {
    const normalLate = await waiting('Thường muộn', 'normal', inHours(50));
    const urgent = await waiting('Khẩn', 'urgent', inHours(40));
    const normalSoon = await waiting('Thường sớm', 'normal', inHours(2));
    const flash = await waiting('Hỏa tốc', 'flash', inHours(30));
    const veryUrgent = await waiting('Thượng khẩn', 'very_urgent', inHours(20));
    const flashSooner = await waiting('Hỏa tốc sớm hơn', 'flash', inHours(10));
    const r = await c.as('phuc.hm').get('/api/signing-queue');
    expect(r.status).toBe(200);
    expect(r.body.map((d: any) => d.title)).toEqual(['Hỏa tốc sớm hơn', 'Hỏa tốc', 'Thượng khẩn', 'Khẩn', 'Thường sớm', 'Thường muộn']);
    expect(r.body.map((d: any) => d.id)).toEqual([flashSooner.id, flash.id, veryUrgent.id, urgent.id, normalSoon.id, normalLate.id]);
    const first = r.body[0];
    expect(first.timeLeftMs).toBeGreaterThan(9.9 * 3_600_000);
    expect(first.timeLeftMs).toBeLessThanOrEqual(10 * 3_600_000);
    expect(first).toMatchObject({ overdue: false, onBehalfOf: null, availableEvents: ['SIGN', 'RETURN'], state: 'awaiting_signature' });

    const page = await c.as('phuc.hm').get('/api/signing-queue?limit=2&offset=2');
    expect(page.body.map((d: any) => d.title)).toEqual(['Thượng khẩn', 'Khẩn']);
    const res = await fetch(`${h.base}/api/signing-queue?limit=2`, { headers: { authorization: `Bearer ${c.token('phuc.hm')}` } });
    expect(res.headers.get('x-total-count')).toBe('6');

    expect((await c.as('an.nv').get('/api/signing-queue')).status).toBe(403);
    expect((await c.as('thuong.pn').get('/api/signing-queue')).body.find((d: any) => d.id === flash.id)).toBeUndefined();
    expect((await c.as('phuc.hm').get('/api/signing-queue?limit=500')).status).toBe(400);
  });

  it('batch signing answers per id, each in its own transaction', async () => {
    const a = await waiting('Lô 1', 'normal', inHours(5), 'thuong.pn');
    const b = await waiting('Lô 2', 'normal', inHours(5), 'thuong.pn');
    const other = await waiting('Của người khác', 'normal', inHours(5), 'son.nk', null);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await c.as('thuong.pn').post('/api/signing-queue/sign', { ids: [a.id, other.id, b.id, unknown, a.id.toUpperCase()] });
    expect(r.status).toBe(200);
    expect(r.body.map((x: any) => [x.id, x.status])).toEqual([
      [a.id, 200],
      [other.id, 403],
      [b.id, 200],
      [unknown, 404],
      [a.id.toUpperCase(), 409],
    ]);
    expect(r.body[0].number).toMatch(/^\d{2,}\/GM-BGDĐT$/);
    expect(r.body[1].message).toEqual(expect.any(String));
    expect((await c.as('thuong.pn').get(`/api/documents/${b.id}`)).body.state).toBe('signed');
    expect((await c.as('son.nk').get(`/api/documents/${other.id}`)).body.state).toBe('awaiting_signature');
    expect((await c.as('thuong.pn').post('/api/signing-queue/sign', { ids: [] })).status).toBe(400);
    expect((await c.as('thuong.pn').post('/api/signing-queue/sign', { ids: ['not-a-uuid'] })).status).toBe(400);
    expect((await c.as('an.nv').post('/api/signing-queue/sign', { ids: [a.id] })).status).toBe(403);
  });

  it('the plan uses the partial index on a table with many documents', async () => {
    await h.sql(`SET client_min_messages = warning`);
    await h.sql(
      `INSERT INTO documents (id, type, title, urgency, state, version, agency_code, unit_code, drafter, signer,
                              signature_deadline, workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at)
       SELECT gen_random_uuid(), 'GM', 'Văn bản ' || g, (ARRAY['normal','urgent','very_urgent','flash'])[1 + g % 4],
              CASE WHEN g % 100 = 0 THEN 'awaiting_signature' ELSE 'reported' END, 1, 'BGDĐT', 'QLCL', 'an.nv',
              (ARRAY['thuong.pn','phuc.hm','son.nk'])[1 + g % 3], now() + g * interval '1 minute',
              'giay-moi', 1, '{"value":"draft","context":{"pendingConsultees":[],"pendingReports":[]}}', 'x', now(), now()
         FROM generate_series(1, 60000) g`,
    );
    await h.sql('ANALYZE documents');
    const explain = async (signers: string[]) =>
      (await h.sql(`EXPLAIN ${signingQueueSql(signers.length)}`, [...signers, 50, 0])).map((r) => r['QUERY PLAN']).join('\n');
    // A leader's own queue: the index gives the rows in the queue's order, so nothing is sorted after the scan.
    const own = await explain(['son.nk']);
    expect(own).toContain('Index Scan using documents_signing_queue_idx');
    expect(own).not.toMatch(/Seq Scan on documents|Sort/);
    // With a delegator's documents too: each signer's branch is read in index order, up to limit + offset rows,
    // and the branches are merged in that order (a Merge Append, not a Sort).
    const delegated = await explain(['son.nk', 'thuong.pn']);
    expect(delegated).not.toMatch(/Seq Scan on documents|Sort  |Sort \(/);
    expect(delegated).toContain('Merge Append');
    expect(delegated.match(/Index Scan using documents_signing_queue_idx/g)).toHaveLength(2);
    const queue = await c.as('son.nk').get('/api/signing-queue?limit=50');
    expect(queue.body).toHaveLength(50);
  });
});

describe('delegation (ủy quyền)', () => {
  it('a head delegates; the delegate sees the queue, signs TUQ. in the head’s place only with a written authorisation, and history says so', async () => {
    const d = await waiting('Ký thay Bộ trưởng', 'urgent', inHours(8), 'son.nk', null);
    expect((await c.as('long.vp').get('/api/signing-queue')).status).toBe(403);
    const created = await c.as('son.nk').post('/api/delegations', { to: 'long.vp', from: new Date(Date.now() - 1000).toISOString(), until: inHours(24) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ by: 'son.nk', to: 'long.vp', active: true, revokedAt: null });
    const queue = await c.as('long.vp').get('/api/signing-queue');
    expect(queue.status).toBe(200);
    expect(queue.body.find((x: any) => x.id === d.id)).toMatchObject({ onBehalfOf: 'son.nk', availableEvents: ['SIGN', 'RETURN'] });
    const task = (await c.as('long.vp').get('/api/tasks')).body.find((t: any) => t.documentId === d.id);
    expect(task).toMatchObject({ kind: 'signature', onBehalfOf: 'son.nk' });
    // A delegation lends the signature for a moment; it does not make a TUQ. signer (Nghị định 30 Điều 13.3).
    const refused = await c.as('long.vp').event(d.id, { type: 'SIGN' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/văn bản ủy quyền/);
    // The head authorises the Chánh Văn phòng in writing, for a period and for plans: now the delegate signs TUQ.
    const authorised = await c.as('son.nk').post('/api/authorisations', {
      to: 'long.vp', reference: '15/GUQ-BGDĐT', types: ['GM', 'CV'], from: new Date(Date.now() - 1000).toISOString(), until: inHours(24),
    });
    expect(authorised.status).toBe(201);
    expect(authorised.body).toMatchObject({ by: 'son.nk', to: 'long.vp', reference: '15/GUQ-BGDĐT', types: ['GM', 'CV'], active: true });
    const signed = await c.as('long.vp').event(d.id, { type: 'SIGN' });
    expect(signed.status).toBe(200);
    expect(signed.body.signatureBlock).toBe('TUQ. BỘ TRƯỞNG / CHÁNH VĂN PHÒNG / Đỗ Long');
    expect(signed.body.signingAuthority).toBe('TUQ');
    const last = (await c.as('son.nk').get(`/api/documents/${d.id}/history`)).body.at(-1);
    // The authorisation's number is kept in the history, and printed nowhere.
    expect(last).toMatchObject({ event: 'SIGN', actor: 'long.vp', onBehalfOf: 'son.nk', payload: { authorisation: { reference: '15/GUQ-BGDĐT' } } });
    expect(signed.body.signatureBlock).not.toContain('15/GUQ');
  });

  it('a deputy signing for the head under delegation signs KT.; a delegate may RETURN', async () => {
    const d1 = await waiting('Ký thay bằng KT', 'normal', inHours(8), 'son.nk', null);
    const d2 = await waiting('Trả lại', 'normal', inHours(8), 'son.nk', null);
    expectOk(await c.as('son.nk').post('/api/delegations', { to: 'phuc.hm', from: new Date().toISOString(), until: inHours(2) }));
    const r = await c.as('phuc.hm').event(d1.id, { type: 'SIGN' });
    expect(r.body.signatureBlock).toBe('KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Hoàng Minh Phúc');
    const back = await c.as('phuc.hm').event(d2.id, { type: 'RETURN', reason: 'Bổ sung ý kiến Vụ Pháp chế' });
    expect(back.body.state).toBe('draft');
    expect((await c.as('son.nk').get(`/api/documents/${d2.id}/history`)).body.at(-1)).toMatchObject({ actor: 'phuc.hm', onBehalfOf: 'son.nk' });
  });

  it('only heads and deputy heads delegate, to a user of the same agency, within a window', async () => {
    const ok = { from: new Date().toISOString(), until: inHours(5) };
    expect((await c.as('an.nv').post('/api/delegations', { to: 'binh.tt', ...ok })).status).toBe(403);
    expect((await c.as('long.vp').post('/api/delegations', { to: 'an.nv', ...ok })).status).toBe(403);
    const bad: Array<[object, RegExp]> = [
      [{ to: 'gd.dl', ...ok }, /to/],
      [{ to: 'thuong.pn', ...ok }, /to/],
      [{ to: 'ghost', ...ok }, /to/],
      [{ to: 'phuc.hm', from: inHours(5), until: inHours(1) }, /until/],
      [{ to: 'phuc.hm', from: inHours(-5), until: inHours(-1) }, /until/],
      [{ to: 'phuc.hm', from: 'soon', until: inHours(1) }, /from/],
      [{ to: 'phuc.hm', ...ok, note: 'x' }, /note/],
    ];
    for (const [body, field] of bad) {
      const r = await c.as('thuong.pn').post('/api/delegations', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(field);
    }
  });

  it('outside its window or once revoked, a delegation does nothing; a delegate cannot pass it on', async () => {
    const d = await waiting('Ủy quyền chưa hiệu lực', 'normal', inHours(8), 'thuong.pn');
    const future = await c.as('thuong.pn').post('/api/delegations', { to: 'giang.tt', from: inHours(1), until: inHours(3) });
    expect(future.body.active).toBe(false);
    expect((await c.as('giang.tt').event(d.id, { type: 'SIGN' })).status).toBe(403);
    expect((await c.as('giang.tt').get('/api/signing-queue')).status).toBe(403);

    const now = await c.as('thuong.pn').post('/api/delegations', { to: 'phuc.hm', from: new Date().toISOString(), until: inHours(3) });
    // phuc.hm may sign for thuong.pn; his own delegation to dung.lt covers only his own documents.
    expectOk(await c.as('phuc.hm').post('/api/delegations', { to: 'dung.lt', from: new Date().toISOString(), until: inHours(3) }));
    expect((await c.as('dung.lt').event(d.id, { type: 'SIGN' })).status).toBe(403);
    expect((await c.as('dung.lt').get('/api/signing-queue')).body.find((x: any) => x.id === d.id)).toBeUndefined();

    expect((await c.as('an.nv').delete(`/api/delegations/${now.body.id}`)).status).toBe(403);
    expect((await c.as('thuong.pn').delete('/api/delegations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const revoked = await c.as('thuong.pn').delete(`/api/delegations/${now.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect((await c.as('phuc.hm').event(d.id, { type: 'SIGN' })).status).toBe(403);

    const mine = (await c.as('thuong.pn').get('/api/delegations')).body;
    expect(mine.map((x: any) => x.to).sort()).toEqual(['giang.tt', 'phuc.hm']);
    expect(((await c.as('admin').get('/api/delegations')).body as any[]).length).toBeGreaterThanOrEqual(4);
  });
});

describe('digital signature', () => {
  it('SIGN signs the canonical content with the signer’s Ed25519 key; tampering makes it invalid', async () => {
    const d = await documentAwaitingSignature(c, 'Quyết định công nhận tốt nghiệp', 'QĐ');
    expect((await c.as('thuong.pn').get(`/api/documents/${d.id}/signature`)).status).toBe(409);
    const signed = (await c.as('thuong.pn').event(d.id, { type: 'SIGN' })).body;
    const r = await c.as('an.nv').get(`/api/documents/${d.id}/signature`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ algorithm: 'Ed25519', hash: 'SHA-256', signedBy: 'thuong.pn', valid: true });
    // Anyone can check it without the server: the public key and the documented content.
    const key = createPublicKey({ key: Buffer.from(r.body.publicKey, 'base64'), format: 'der', type: 'spki' });
    const digest = signedContentDigest({ type: 'QĐ', number: signed.number, issuedAt: signed.issuedAt, title: signed.title, body: signed.body, signer: 'thuong.pn' });
    expect(verify(null, digest, key, Buffer.from(r.body.signature, 'base64'))).toBe(true);
    expect(verify(null, signedContentDigest({ type: 'QĐ', number: signed.number, issuedAt: signed.issuedAt, title: 'khác', body: signed.body, signer: 'thuong.pn' }), key, Buffer.from(r.body.signature, 'base64'))).toBe(false);

    await h.sql(`UPDATE documents SET body = body || ' (sửa lén)' WHERE id = $1`, [d.id]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body.valid).toBe(false);
    await h.sql(`UPDATE documents SET body = $2 WHERE id = $1`, [d.id, signed.body]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body.valid).toBe(true);
    await h.sql(`UPDATE documents SET number = '99/QĐ-BGDĐT' WHERE id = $1`, [d.id]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body.valid).toBe(false);
    expect((await c.as('kt.dl').get(`/api/documents/${d.id}/signature`)).status).toBe(403);
  });

  it('each signer has an own key, and the private key is stored encrypted', async () => {
    const a = await documentAwaitingSignature(c, 'Khóa riêng A', 'GM', 'son.nk');
    await c.as('son.nk').event(a.id, { type: 'SIGN' });
    const keys = await h.sql(`SELECT username, public_key, private_key_enc FROM signing_keys ORDER BY username`);
    expect(keys.map((k) => k.username)).toEqual(expect.arrayContaining(['son.nk', 'thuong.pn']));
    expect(new Set(keys.map((k) => k.public_key)).size).toBe(keys.length);
    for (const k of keys) {
      const stored = Buffer.from(k.private_key_enc, 'base64');
      // An Ed25519 PKCS#8 key in DER starts with these bytes; the stored one must not.
      expect(stored.includes(Buffer.from('302e020100300506032b6570', 'hex'))).toBe(false);
      expect(stored.length).toBe(12 + 16 + 48);
    }
  });
});

describe('outgoing register (sổ đăng ký văn bản đi)', () => {
  it('one row per number in number order with the ten columns, as JSON and as CSV with a BOM', async () => {
    const d = await documentAwaitingSignature(c, 'Kế hoạch sổ đăng ký', 'KH');
    const signed = (await c.as('thuong.pn').event(d.id, { type: 'SIGN' })).body;
    await c.as('khanh.vt').event(d.id, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { unitCode: 'VP', purpose: 'archive' }],
      reportDeadline: inHours(72),
    });
    await c.as('kt.dl').event(d.id, { type: 'ACKNOWLEDGE' });
    const year = new Date(signed.issuedAt).getUTCFullYear();
    const r = await c.as('khanh.vt').get(`/api/registers/outgoing?year=${year}`);
    expect(r.status).toBe(200);
    const seqs = r.body.map((x: any) => x.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const row = r.body.find((x: any) => x.documentId === d.id);
    expect(Object.keys(row)).toEqual(['seq', 'documentId', 'number', 'date', 'typeAndSummary', 'signer', 'recipients', 'copyHolder', 'copies', 'sentAt', 'receivedBy', 'notes']);
    expect(row).toMatchObject({
      number: signed.number,
      typeAndSummary: 'Kế hoạch sổ đăng ký',
      signer: 'Phạm Ngọc Thưởng',
      recipients: 'Sở Giáo dục và Đào tạo Đắk Lắk',
      copyHolder: 'Cục Quản lý chất lượng; Văn phòng',
      copies: 2,
      receivedBy: 'Sở Giáo dục và Đào tạo Đắk Lắk',
      notes: 'Ký KT.',
    });
    expect(row.date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    const csv = await fetch(`${h.base}/api/registers/outgoing?year=${year}&format=csv`, { headers: { authorization: `Bearer ${c.token('son.nk')}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      '"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,Nơi nhận văn bản,"Đơn vị, người nhận bản lưu",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú',
    );
    expect(lines).toHaveLength(r.body.length + 1);
    expect(lines.find((l) => l.startsWith(signed.number))).toContain('Phạm Ngọc Thưởng');
  });

  it('clerks, leaders and admins only; each agency its own', async () => {
    expect((await c.as('an.nv').get('/api/registers/outgoing')).status).toBe(403);
    expect((await c.as('vt.dl').get('/api/registers/outgoing?agency=BGDĐT'.replace('Đ', encodeURIComponent('Đ')))).status).toBe(403);
    expect((await c.as('admin').get('/api/registers/outgoing')).status).toBe(400);
    const admin = await c.as('admin').get(`/api/registers/outgoing?agency=${encodeURIComponent('BGDĐT')}`);
    expect(admin.status).toBe(200);
    expect(admin.body.length).toBeGreaterThan(0);
    expect((await c.as('vt.dl').get('/api/registers/outgoing')).body).toEqual([]);
    expect((await c.as('khanh.vt').get('/api/registers/outgoing?format=xml')).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents every path of SPEC §3 from the code, with examples', async () => {
    const spec = (await call(h.base, 'GET', '/api/docs-json')).body;
    const paths = Object.keys(spec.paths);
    for (const p of [
      '/api/health', '/api/auth/login', '/api/me', '/api/org', '/api/documents', '/api/documents/{id}',
      '/api/documents/{id}/events', '/api/documents/{id}/history', '/api/documents/{id}/history/verify',
      '/api/signing-queue', '/api/signing-queue/sign', '/api/delegations', '/api/delegations/{id}',
      '/api/documents/{id}/signature', '/api/registers/outgoing', '/api/tasks', '/api/notifications',
      '/api/notifications/{id}/read', '/api/calendar/deadline', '/api/calendar/days', '/api/workflows',
    ]) {
      expect(paths).toContain(p);
    }
    expect(JSON.stringify(spec.paths['/api/documents/{id}/events'])).toContain('SUBMIT_FOR_CONSULTATION');
    expect(JSON.stringify(spec.paths['/api/signing-queue/sign'])).toContain('example');
    expect(spec.components.securitySchemes.bearer).toBeDefined();
    // Every operation says what it answers, with an example.
    for (const [path, ops] of Object.entries<any>(spec.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const examples = Object.values<any>(op.responses ?? {}).filter((r) => r.content?.['application/json']?.schema?.example !== undefined);
        expect({ op: `${method.toUpperCase()} ${path}`, withExample: examples.length > 0 }).toEqual({ op: `${method.toUpperCase()} ${path}`, withExample: true });
      }
    }
  });
});
