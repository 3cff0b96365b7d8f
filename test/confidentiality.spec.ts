import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * Độ mật (SPEC §9, Nghị định 30 Điều 15.2, 16.3, 18.2): a secret document
 * takes its number from its agency's own series for secret documents, and
 * every path that shows a document — the document, its history and PDF,
 * lists, tasks, notifications, registers, e-mail to bodies outside — shows
 * it only to the people named on it and the agency's leaders. Each path is
 * asked of someone who may see it and someone who may not.
 */
let h: Harness;
let c: ApiClient;
let secret: any;
const dir = mkdtempSync(join(tmpdir(), 'examflow-secret-'));

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const get = (user: string, path: string) => c.as(user).get(path);
const status = async (user: string, path: string) => (await get(user, path)).status;
const listed = async (user: string, id: string) => ((await get(user, '/api/documents?limit=200')).body as any[]).some((d) => d.id === id);

async function signedGm(title: string) {
  const d = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title })).body;
  expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
  return expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' })).body;
}

it('a draft: its drafter, the unit’s head who reviews it and the agency’s leaders see it; the unit’s other officers, the clerk and an administrator do not', async () => {
  expect((await signedGm('Giấy mời họp thường')).number).toBe('01/GM-BGDĐT');
  const created = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Phương án bảo vệ đề thi', confidentiality: 'secret', body: 'Nội dung mật.' });
  expect(created.status).toBe(201);
  secret = created.body;
  expect(secret.confidentiality).toBe('secret');
  expect((await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'x', confidentiality: 'very' })).status).toBe(400);
  for (const who of ['an.nv', 'chinh.hv', 'son.nk', 'thuong.pn', 'phuc.hm']) {
    expect([who, await status(who, `/api/documents/${secret.id}`), await listed(who, secret.id)]).toEqual([who, 200, true]);
  }
  for (const who of ['binh.tt', 'khanh.vt', 'admin', 'dung.lt', 'gd.dl']) {
    expect([who, await status(who, `/api/documents/${secret.id}`), await listed(who, secret.id)]).toEqual([who, 403, false]);
    expect([who, await status(who, `/api/documents/${secret.id}/history`)]).toEqual([who, 403]);
    expect([who, await status(who, `/api/documents/${secret.id}/pdf`)]).toEqual([who, 403]);
  }
  // A normal one of the same unit: the unit's other officer sees it, as always.
  const normal = expectOk(await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch thường' })).body;
  expect(await status('binh.tt', `/api/documents/${normal.id}`)).toBe(200);
});

it('consulted: only a unit with a head may be asked; its head answers, its tasks and notes are its head’s', async () => {
  const headless = await c.as('an.nv').event(secret.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['SGDĐT-DL/KT'], workingDays: 2 });
  expect(headless.status).toBe(400);
  expect(headless.body.message.join(' ')).toContain('văn bản mật chỉ gửi, lấy ý kiến đơn vị có lãnh đạo đơn vị (unit_head); SGDĐT-DL/KT không có');
  expectOk(await c.as('an.nv').event(secret.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['CNTT'], workingDays: 2 }));
  expect(await status('giang.tt', `/api/documents/${secret.id}`)).toBe(200);
  expect(((await get('giang.tt', '/api/tasks')).body as any[]).find((t) => t.documentId === secret.id)).toMatchObject({ kind: 'opinion', confidentiality: 'secret' });
  expect(((await get('giang.tt', '/api/notifications')).body as any[]).some((n) => n.documentId === secret.id)).toBe(true);
  expectOk(await c.as('giang.tt').event(secret.id, { type: 'GIVE_OPINION', agree: true }));
});

it('signed: numbered in the agency’s series for secret documents; the clerk now sees it to send it; the PDF carries TỐI MẬT', async () => {
  expectOk(await c.as('an.nv').event(secret.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
  expect(await status('khanh.vt', `/api/documents/${secret.id}`)).toBe(403);
  const signed = expectOk(await c.as('thuong.pn').event(secret.id, { type: 'SIGN' })).body;
  expect(signed.number).toBe('01/KH-BGDĐT'); // its own series: the Ministry's series is at 01/GM already
  expect((await signedGm('Giấy mời họp thường 2')).number).toBe('02/GM-BGDĐT');
  const [row] = await h.sql(`SELECT number_series FROM documents WHERE id = $1`, [secret.id]);
  expect(row.number_series).toBe('mật');
  expect(await status('khanh.vt', `/api/documents/${secret.id}`)).toBe(200);
  expect(((await get('khanh.vt', '/api/tasks')).body as any[]).some((t) => t.documentId === secret.id && t.kind === 'dissemination')).toBe(true);
  const res = await fetch(`${h.base}/api/documents/${secret.id}/pdf`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } });
  const file = join(dir, 'secret.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
  expect(text).toMatch(/Số: 01\/KH-BGDĐT .*TỐI MẬT/);
});

it('sent: a Sở’s desk and leaders see it, its officers do not; a body outside is not e-mailed; a unit without a head may not be sent it', async () => {
  const noHead = await c.as('khanh.vt').event(secret.id, {
    type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' }], reportDeadline: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(noHead.status).toBe(400);
  expectOk(
    await c.as('khanh.vt').event(secret.id, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { externalCode: 'UBND-DL', purpose: 'report_to' }, { unitCode: 'QLCL', purpose: 'archive' }],
      reportDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  );
  const mail = await h.sql(`SELECT external_code, mail_to FROM recipients WHERE document_id = $1 AND external_code IS NOT NULL`, [secret.id]);
  expect(mail).toEqual([{ external_code: 'UBND-DL', mail_to: null }]);
  for (const who of ['gd.dl', 'pgd.dl', 'vt.dl']) expect([who, await status(who, `/api/documents/${secret.id}`)]).toEqual([who, 200]);
  expect(await status('kt.dl', `/api/documents/${secret.id}`)).toBe(403);
  expect(await listed('kt.dl', secret.id)).toBe(false);
  // The Sở owes the report: its leaders' task, not its officer's; no notification of it to the officer either.
  expect(((await get('kt.dl', '/api/tasks')).body as any[]).some((t) => t.documentId === secret.id)).toBe(false);
  expect(((await get('kt.dl', '/api/notifications')).body as any[]).some((n) => n.documentId === secret.id)).toBe(false);
  expect(((await get('gd.dl', '/api/tasks')).body as any[]).some((t) => t.documentId === secret.id && t.kind === 'report')).toBe(true);
  // Its incoming item at the Sở: for the desk and the leaders until it is assigned, not for the officer.
  const incomingOf = async (user: string) => ((await get(user, '/api/incoming')).body as any[]).some((i) => i.sourceDocumentId === secret.id);
  expect(await incomingOf('vt.dl')).toBe(true);
  expect(await incomingOf('gd.dl')).toBe(true);
  expect(await incomingOf('kt.dl')).toBe(false);
  expect(await incomingOf('admin')).toBe(false);
  // Its files, like the document.
  expect(await status('binh.tt', `/api/documents/${secret.id}/files`)).toBe(403);
  // Still hidden from the Ministry's unit officer and its administrator.
  expect(await status('binh.tt', `/api/documents/${secret.id}`)).toBe(403);
  expect(await status('admin', `/api/documents/${secret.id}`)).toBe(403);
});

it('the registers: the secret document is in the register of secret documents only, for the clerk and leaders, not an administrator', async () => {
  const normal = expectOk(await get('khanh.vt', '/api/registers/outgoing')).body as any[];
  expect(normal.map((r) => r.number)).toEqual(['01/GM-BGDĐT', '02/GM-BGDĐT']);
  const secretRegister = expectOk(await get('khanh.vt', '/api/registers/outgoing?confidential=true')).body as any[];
  expect(secretRegister.map((r) => [r.number, r.typeAndSummary])).toEqual([['01/KH-BGDĐT', 'Kế hoạch Phương án bảo vệ đề thi']]);
  expect((await get('son.nk', '/api/registers/outgoing?confidential=true')).status).toBe(200);
  expect((await get('admin', '/api/registers/outgoing?agency=BGDĐT&confidential=true')).status).toBe(403);
  expect(((await get('admin', '/api/registers/outgoing?agency=BGDĐT')).body as any[]).map((r) => r.number)).not.toContain('01/KH-BGDĐT');
  expect((await get('khanh.vt', '/api/registers/outgoing?confidential=maybe')).status).toBe(400);
});

it('only a secret document may cite a secret one (the citation copies its title); recalled, it stays readable to its clerks', async () => {
  const normal = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch thường', references: [{ documentId: secret.id }] });
  expect(normal.status).toBe(400);
  expect(normal.body.message.join(' ')).toContain('văn bản mật chỉ được dẫn trong văn bản mật');
  const cited = await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch mật', confidentiality: 'confidential', references: [{ documentId: secret.id }] });
  expect(cited.status).toBe(201);
  // Nor may it be lowered to normal while it cites one.
  const lowered = await c.as('an.nv').patch(`/api/documents/${cited.body.id}`, { confidentiality: 'normal' });
  expect(lowered.status).toBe(400);
  expect(lowered.body.message.join(' ')).toContain('văn bản mật chỉ được dẫn trong văn bản mật');
  expect(expectOk(await c.as('an.nv').get(`/api/documents/${cited.body.id}`)).body.confidentiality).toBe('confidential');
  expectOk(await c.as('son.nk').event(secret.id, { type: 'RECALL', reason: 'Lộ lọt' }));
  expect(await status('khanh.vt', `/api/documents/${secret.id}`)).toBe(200);
  expect(await status('binh.tt', `/api/documents/${secret.id}`)).toBe(403);
});

it('every read of a secret document is in the audit trail (Phụ lục VI III.5a): who, which, what of it; a normal one’s reads are not', async () => {
  const trail = async () =>
    ((await get('admin', '/api/audit?action=document.read_secret&limit=200')).body as any[]).filter((e) => e.target === `document:${secret.id}`);
  const before = (await trail()).length;
  expect(await status('thuong.pn', `/api/documents/${secret.id}`)).toBe(200);
  expect(await status('thuong.pn', `/api/documents/${secret.id}/history`)).toBe(200);
  expect(await status('thuong.pn', `/api/documents/${secret.id}/pdf`)).toBe(200);
  expect(await status('binh.tt', `/api/documents/${secret.id}`)).toBe(403); // refused: not a read (the 403 is audited as such)
  const reads = (await trail()).slice(0, (await trail()).length - before);
  expect(reads.map((e) => [e.actor, e.detail.what, e.detail.confidentiality])).toEqual([
    ['thuong.pn', 'pdf', 'secret'],
    ['thuong.pn', 'history', 'secret'],
    ['thuong.pn', 'document', 'secret'],
  ]);
  expect(reads[0].detail.number).toBe('01/KH-BGDĐT');
  const normal = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời thường' })).body;
  await get('an.nv', `/api/documents/${normal.id}`);
  expect(((await get('admin', '/api/audit?action=document.read_secret&limit=200')).body as any[]).some((e) => e.target === `document:${normal.id}`)).toBe(false);
});

it('PATCH in draft may raise or lower it, and says so in the history', async () => {
  const d = expectOk(await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời' })).body;
  expect(await status('binh.tt', `/api/documents/${d.id}`)).toBe(200);
  const patched = expectOk(await c.as('an.nv').patch(`/api/documents/${d.id}`, { confidentiality: 'confidential' })).body;
  expect(patched.confidentiality).toBe('confidential');
  expect(await status('binh.tt', `/api/documents/${d.id}`)).toBe(403);
  const last = (await get('an.nv', `/api/documents/${d.id}/history`)).body.at(-1);
  expect(last).toMatchObject({ event: 'EDIT', payload: { confidentiality: 'confidential' } });
});
