import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN_PASSWORD, ApiClient } from './harness';

/**
 * A small but real organisation: the Ministry with four units and its
 * leaders, and two provincial departments.
 */
export const PASSWORD = 'MatKhau#2026';

/** The README's example organisation (examples/org.json); every user's password is PASSWORD. */
export const ORG = JSON.parse(readFileSync(resolve(__dirname, '../../examples/org.json'), 'utf8')) as {
  agencies: Array<{ code: string; name: string; level: string }>;
  units: Array<{ code: string; agencyCode: string; name: string; supervisor?: string }>;
  users: Array<{ username: string; password: string; fullName: string; agencyCode: string; unitCode?: string; position: string; title: string }>;
  externals: Array<{ code: string; name: string; email?: string }>;
  groups: Array<{ code: string; name: string; members: Array<Record<string, string>> }>;
};

/** Imports ORG and logs everybody in (admin too). */
export async function seedOrg(base: string): Promise<ApiClient> {
  const c = new ApiClient(base);
  await c.login('admin', ADMIN_PASSWORD);
  const r = await c.as('admin').put('/api/org', ORG);
  if (r.status !== 200) throw new Error(`PUT /api/org: ${r.status} ${JSON.stringify(r.body)}`);
  await Promise.all(ORG.users.map((u) => c.login(u.username, PASSWORD)));
  return c;
}

/** Creates a KH and takes it to `awaiting_signature` with thuong.pn (KT) as signer. */
export async function documentAwaitingSignature(c: ApiClient, title = 'Kế hoạch thi', type = 'KH', signer = 'thuong.pn') {
  const doc = (await c.as('an.nv').post('/api/documents', { type, title })).body;
  if (type !== 'GM' && type !== 'CV') {
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(doc.id, { type: 'GIVE_OPINION', agree: true }));
  }
  const authority = signer === 'son.nk' ? null : 'KT';
  const r = await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer, signingAuthority: authority });
  expectOk(r);
  return r.body;
}

export function expectOk<R extends { status: number; body: any }>(r: R): R {
  if (r.status !== 200 && r.status !== 201) throw new Error(`expected success, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}
