import { startApp, type Harness } from './support/harness';
import { documentAwaitingSignature, seedOrg } from './support/org';
import type { ApiClient } from './support/harness';

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

describe('concurrent transitions', () => {
  it('50 concurrent signings of different documents of one agency: numbers 01..50 with no gap and no duplicate', async () => {
    const docs = [];
    for (let i = 0; i < 50; i++) docs.push(await documentAwaitingSignature(c, `Văn bản ${i}`, i % 2 ? 'CV' : 'QĐ'));
    const answers = await Promise.all(docs.map((d) => c.as('thuong.pn').event(d.id, { type: 'SIGN' })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const seqs = answers.map((a) => Number(a.body.number.split('/')[0])).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const a of answers) {
      const nn = a.body.number.split('/')[0];
      expect(a.body.number).toBe(a.body.type === 'CV' ? `${nn}/BGDĐT-QLCL` : `${nn}/QĐ-BGDĐT`);
    }
  });

  it('16 concurrent SIGNs of one document: exactly one 200, fifteen 409, one number (51)', async () => {
    const doc = await documentAwaitingSignature(c, 'Ký đồng thời');
    const answers = await Promise.all(Array.from({ length: 16 }, () => c.as('thuong.pn').event(doc.id, { type: 'SIGN' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    const after = await c.as('thuong.pn').get(`/api/documents/${doc.id}`);
    expect(after.body.state).toBe('signed');
    expect(after.body.version).toBe(doc.version + 1);
    expect(after.body.number).toBe('51/KH-BGDĐT');
    const history = await h.sql(`SELECT event FROM document_history WHERE document_id = $1 AND event = 'SIGN'`, [doc.id]);
    expect(history).toHaveLength(1);
    const counters = await h.sql(`SELECT last_value FROM number_counters WHERE agency_code = 'BGDĐT'`);
    expect(counters).toEqual([{ last_value: 51 }]);
  });

  it('two agencies number independently, in parallel', async () => {
    const so = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const d = (await c.as('kt.dl').post('/api/documents', { type: 'GM', title: `Giấy mời ${i}` })).body;
        await c.as('kt.dl').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'gd.dl', signingAuthority: null });
        return d;
      }),
    );
    const signed = await Promise.all(so.map((d) => c.as('gd.dl').event(d.id, { type: 'SIGN' })));
    expect(signed.map((s) => s.body.number).sort()).toEqual(['01/GM-SGDĐT-DL', '02/GM-SGDĐT-DL', '03/GM-SGDĐT-DL']);
  });

  it('concurrent opinions of different units both land (no spurious conflict)', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'HD', title: 'Hướng dẫn' })).body;
    await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'GDTrH', 'CNTT'], workingDays: 3 });
    const answers = await Promise.all([
      c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }),
      c.as('dung.lt').event(d.id, { type: 'GIVE_OPINION', agree: true }),
      c.as('giang.tt').event(d.id, { type: 'GIVE_OPINION', agree: false, comment: 'Chưa rõ' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const after = (await c.as('an.nv').get(`/api/documents/${d.id}`)).body;
    expect(after.state).toBe('consulted');
    expect(after.version).toBe(5);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body).toEqual({ valid: true, length: 5 });
  });
});
