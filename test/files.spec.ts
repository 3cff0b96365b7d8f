import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { call, createDatabase, sleep, startApp, testEnv, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';
import { docx, odt, PDF, uploadFile, zip } from './support/files';
import { startProcess } from './support/processes';
import { sniffType } from '../libs/files/src/sniff';

/** Files of documents (SPEC §6, issue 13): upload, list, download, remove, revisions, and the history. */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp({ FILE_MAX_MB: '2' });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const draft = async (title = 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027') =>
  (await c.as('an.nv').post('/api/documents', { type: 'KH', title })).body as { id: string; version: number };
const up = (user: string, id: string, file: { name: string; bytes: Buffer; kind?: string }) => uploadFile(h.base, c.token(user), id, file);
const history = async (id: string) => (await c.as('an.nv').get(`/api/documents/${id}/history?limit=1000`)).body as any[];

describe('upload and download', () => {
  it('keeps a Word draft under its Vietnamese name, numbered, in the history with its SHA-256, and gives the same bytes back', async () => {
    const d = await draft();
    const bytes = docx('Kế hoạch tổ chức Kỳ thi');
    const name = 'Dự thảo Kế hoạch thi (lần 1).docx';
    const r = await up('an.nv', d.id, { name, bytes });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name,
      size: bytes.length,
      sha256: sha(bytes),
      kind: 'draft',
      revision: 1,
      uploadedBy: 'an.nv',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const doc = (await c.as('an.nv').get(`/api/documents/${d.id}`)).body;
    expect(doc.version).toBe(d.version + 1);
    const entry = (await history(d.id)).at(-1);
    expect(entry).toMatchObject({ event: 'ADD_FILE', from: 'draft', to: 'draft', actor: 'an.nv' });
    expect(entry.payload).toEqual({ fileId: r.body.id, name, sha256: sha(bytes), kind: 'draft', revision: 1 });

    // Anyone who may read the document downloads it: a leader of the agency, here.
    const res = await fetch(`${h.base}/api/documents/${d.id}/files/${r.body.id}`, { headers: { authorization: `Bearer ${c.token('thuong.pn')}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe(r.body.contentType);
    expect(res.headers.get('etag')).toBe(`"${sha(bytes)}"`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Du thao Ke hoach thi (lan 1).docx"; filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    const again = await fetch(`${h.base}/api/documents/${d.id}/files/${r.body.id}`, {
      headers: { authorization: `Bearer ${c.token('an.nv')}`, 'if-none-match': `"${sha(bytes)}"` },
    });
    expect(again.status).toBe(304);
    // Someone who may not read the document gets nothing of it.
    expect((await fetch(`${h.base}/api/documents/${d.id}/files/${r.body.id}`, { headers: { authorization: `Bearer ${c.token('cv.hn')}` } })).status).toBe(403);
    expect((await c.as('cv.hn').get(`/api/documents/${d.id}/files`)).status).toBe(403);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/files/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('numbers the drafts 1, 2, … (annexes have none) and lists them oldest first; the name is never a path', async () => {
    const d = await draft();
    expect((await up('an.nv', d.id, { name: 'du-thao.docx', bytes: docx('lần 1') })).body.revision).toBe(1);
    const annex = await up('an.nv', d.id, { name: '../../etc/Phụ lục danh sách điểm thi.pdf', bytes: PDF, kind: 'annex' });
    expect(annex.body).toMatchObject({ kind: 'annex', revision: null, name: 'Phụ lục danh sách điểm thi.pdf', contentType: 'application/pdf' });
    // A unit head of the drafting unit may add the next revision too.
    expect((await up('chinh.hv', d.id, { name: 'du-thao-2.odt', bytes: odt() })).body).toMatchObject({
      revision: 2,
      contentType: 'application/vnd.oasis.opendocument.text',
    });
    const list = (await c.as('an.nv').get(`/api/documents/${d.id}/files`)).body as any[];
    expect(list.map((f) => [f.kind, f.revision])).toEqual([
      ['draft', 1],
      ['annex', null],
      ['draft', 2],
    ]);
    expect((await up('an.nv', d.id, { name: 'x.docx', bytes: docx('x'), kind: 'ban-nhap' })).status).toBe(400);
  });

  it('the same bytes are stored once, whatever document holds them', async () => {
    const bytes = Buffer.concat([PDF, Buffer.alloc(1_200_000, 7)]); // three chunks
    const [a, b] = [await draft('A'), await draft('B')];
    expectOk(await up('an.nv', a.id, { name: 'a.pdf', bytes }));
    expectOk(await up('an.nv', b.id, { name: 'b.pdf', bytes }));
    const [blobs] = await h.sql(`SELECT count(*)::int AS n, max(cardinality(chunks)) AS chunks FROM file_blobs WHERE sha256 = $1`, [sha(bytes)]);
    expect(blobs).toEqual({ n: 1, chunks: 3 });
    // Two of its chunks hold the same 512 KiB of sevens: that chunk is stored once too.
    const [{ distinct }] = await h.sql(`SELECT count(DISTINCT c)::int AS distinct FROM file_blobs, unnest(chunks) c WHERE sha256 = $1`, [sha(bytes)]);
    expect(distinct).toBe(3);
  });
});

describe('refusals lose nothing', () => {
  it('a type not accepted is 415, judged by the bytes and not the name; a file over FILE_MAX_MB is 413', async () => {
    const d = await draft();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4000)]);
    const r = await up('an.nv', d.id, { name: 'ke-hoach.pdf', bytes: exe });
    expect(r.status).toBe(415);
    expect(r.body.message).toMatch(/không thuộc loại được nhận/);
    expect((await up('an.nv', d.id, { name: 'ghi-chu.txt', bytes: Buffer.from('Ghi chú') })).status).toBe(415);
    const big = await up('an.nv', d.id, { name: 'lon.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]) });
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/2 MB/);
    expect((await up('an.nv', d.id, { name: 'rong.pdf', bytes: Buffer.alloc(0) })).status).toBe(400);
    const form = await call(h.base, 'POST', `/api/documents/${d.id}/files`, c.token('an.nv'), { file: 'not multipart' });
    expect(form.status).toBe(415);
    // Nothing of it stayed: the version, the files, the bytes.
    expect((await c.as('an.nv').get(`/api/documents/${d.id}`)).body.version).toBe(d.version);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/files`)).body).toEqual([]);
    expect((await h.sql(`SELECT count(*)::int AS n FROM file_chunks WHERE data = $1`, [exe]))[0].n).toBe(0);
    // The server is fine afterwards: the next upload lands.
    expect((await up('an.nv', d.id, { name: 'ok.pdf', bytes: PDF })).status).toBe(201);
  });

  it('only the drafting unit adds drafts, until signature; nobody else, and not after', async () => {
    const d = await draft();
    expect((await up('em.pv', d.id, { name: 'x.pdf', bytes: PDF })).status).toBe(403); // another unit of the Ministry (cannot read it)
    expect((await up('thuong.pn', d.id, { name: 'x.pdf', bytes: PDF })).status).toBe(403); // a leader reads, but does not draft
    const waiting = await documentAwaitingSignature(c, 'Đang chờ ký');
    const late = await up('an.nv', waiting.id, { name: 'x.pdf', bytes: PDF });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/awaiting_signature/);
  });
});

describe('removal, opinions and integrity', () => {
  it('a draft file is removed in draft only (REMOVE_FILE); its bytes stay for the history', async () => {
    const d = await draft();
    const f = (await up('an.nv', d.id, { name: 'bo.docx', bytes: docx('bỏ') })).body;
    expect((await c.as('thuong.pn').delete(`/api/documents/${d.id}/files/${f.id}`)).status).toBe(403);
    expect((await c.as('an.nv').delete(`/api/documents/${d.id}/files/${f.id}`)).status).toBe(204);
    expect((await c.as('an.nv').delete(`/api/documents/${d.id}/files/${f.id}`)).status).toBe(404);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/files`)).body).toEqual([]);
    expect((await history(d.id)).at(-1)).toMatchObject({ event: 'REMOVE_FILE', payload: { fileId: f.id, sha256: f.sha256, revision: 1 } });
    expect((await fetch(`${h.base}/api/documents/${d.id}/files/${f.id}`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } })).status).toBe(200);
    // The next draft is revision 2: a number is never given twice.
    expect((await up('an.nv', d.id, { name: 'moi.docx', bytes: docx('mới') })).body.revision).toBe(2);
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    const list = (await c.as('an.nv').get(`/api/documents/${d.id}/files`)).body;
    expect((await c.as('an.nv').delete(`/api/documents/${d.id}/files/${list[0].id}`)).status).toBe(409);
  });

  it('an opinion records the draft revision it answered on', async () => {
    const d = await draft();
    expectOk(await up('an.nv', d.id, { name: 'lan-1.docx', bytes: docx('1') }));
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'CNTT'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: false, comment: 'Bổ sung lịch thi' }));
    // Revised in consultation: revision 2, and the next answer is on it.
    expect((await up('an.nv', d.id, { name: 'lan-2.docx', bytes: docx('2') })).body.revision).toBe(2);
    const r = await c.as('giang.tt').event(d.id, { type: 'GIVE_OPINION', agree: true });
    expectOk(r);
    const byUnit = Object.fromEntries(r.body.consultations.map((x: any) => [x.unitCode, x.onRevision]));
    expect(byUnit).toEqual({ TTr: 1, CNTT: 2 });
    expect((await history(d.id)).at(-1).payload.onRevision).toBe(2);
    // A document without draft files: null.
    const plain = await documentAwaitingSignature(c, 'Không có tệp');
    expect(plain.consultations[0].onRevision).toBeNull();
  });

  it('verify catches a stored file whose bytes were edited, or a file row pointed elsewhere', async () => {
    const d = await draft();
    const bytes = Buffer.concat([PDF, Buffer.from('nội dung gốc — unique ' + d.id)]);
    const f = (await up('an.nv', d.id, { name: 'goc.pdf', bytes })).body;
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body).toEqual({ valid: true, length: 2 });
    const [{ chunk }] = await h.sql(`SELECT chunks[1] AS chunk FROM file_blobs WHERE sha256 = $1`, [f.sha256]);
    await h.sql(`UPDATE file_chunks SET data = $2 WHERE sha256 = $1`, [chunk, Buffer.concat([PDF, Buffer.from('đã bị sửa')])]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 2 });

    const e = await draft();
    const g = (await up('an.nv', e.id, { name: 'khac.pdf', bytes: Buffer.concat([PDF, Buffer.from(e.id)]) })).body;
    const other = (await up('an.nv', e.id, { name: 'khac-2.pdf', bytes: Buffer.concat([PDF, Buffer.from(`2-${e.id}`)]) })).body;
    await h.sql(`UPDATE document_files SET blob_sha256 = $2 WHERE id = $1`, [g.id, other.sha256]);
    expect((await c.as('an.nv').get(`/api/documents/${e.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 2 });
  });
});

describe('reports', () => {
  it('a recipient that owes a report attaches its file; nobody else does', async () => {
    const d = await documentAwaitingSignature(c, 'Kế hoạch có báo cáo');
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    expectOk(
      await c.as('khanh.vt').event(d.id, {
        type: 'DISSEMINATE',
        recipients: [{ agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' }],
        reportDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
    );
    const r = await up('cv.hn', d.id, { name: 'Báo cáo Sở Hà Nội.pdf', bytes: PDF, kind: 'report' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'report', revision: null, uploadedBy: 'cv.hn' });
    expect((await up('an.nv', d.id, { name: 'x.pdf', bytes: PDF, kind: 'report' })).status).toBe(403);
    // The kind may come after the file in the form.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)]), 'Báo cáo bổ sung.pdf');
    form.append('kind', 'report');
    const late = await fetch(`${h.base}/api/documents/${d.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${c.token('cv.hn')}` }, body: form });
    expect(late.status).toBe(201);
    expect(((await late.json()) as any).kind).toBe('report');
    expect((await up('an.nv', d.id, { name: 'x.pdf', bytes: PDF })).status).toBe(409);
  });
});

describe('sniffing', () => {
  it('tells the accepted kinds by their bytes', () => {
    expect(sniffType(PDF, 'a.bin')).toBe('application/pdf');
    expect(sniffType(docx('x'), 'a')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffType(zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]), 'a')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffType(odt(), 'a')).toBe('application/vnd.oasis.opendocument.text');
    expect(sniffType(zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet']]), 'a')).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(sniffType(zip([['readme.txt', 'hi']]), 'a.zip')).toBe('application/zip');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'a')).toBe('image/png');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a')).toBe('image/jpeg');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    expect(sniffType(Buffer.concat([ole, Buffer.from('WordDocument', 'utf16le')]), 'a')).toBe('application/msword');
    expect(sniffType(Buffer.concat([ole, Buffer.from('Workbook', 'utf16le')]), 'a')).toBe('application/vnd.ms-excel');
    expect(sniffType(ole, 'bang-diem.xls')).toBe('application/vnd.ms-excel');
    expect(sniffType(ole, 'thu.msg')).toBeNull();
    expect(sniffType(Buffer.from('<html>'), 'a.pdf')).toBeNull();
  });
});

describe('50 MB through the built process', () => {
  it('uploads and downloads 50 MB streamed: the process grows by less than 30 MB', async () => {
    const db = await createDatabase();
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const p = startProcess('api', testEnv(db, { PORT: String(port) }));
    try {
      await p.waitFor('listening on', 30_000);
      const base = `http://127.0.0.1:${port}`;
      const pc = await seedOrg(base);
      const d = (await pc.as('an.nv').post('/api/documents', { type: 'KH', title: 'Tệp lớn' })).body;
      const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))![1]) * 1024;
      // Warm up the code paths (and the pool) with a small file first.
      expectOk(await uploadFile(base, pc.token('an.nv'), d.id, { name: 'nho.pdf', bytes: PDF }));
      await sleep(500);
      const baseline = rss();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
      const big = Buffer.concat([PDF, Buffer.alloc(50 * 1024 * 1024 - PDF.length, 0x41)]);
      big.writeUInt32LE(Date.now() & 0xffffffff, 1024); // not the bytes of an earlier run
      const r = await uploadFile(base, pc.token('an.nv'), d.id, { name: 'Phụ lục 50 MB.pdf', bytes: big, kind: 'annex' });
      expect(r.status).toBe(201);
      expect(r.body.size).toBe(big.length);
      expect(r.body.sha256).toBe(sha(big));
      const afterUpload = peak;
      const res = await fetch(`${base}/api/documents/${d.id}/files/${r.body.id}`, { headers: { authorization: `Bearer ${pc.token('an.nv')}` } });
      const hash = createHash('sha256');
      let size = 0;
      for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(piece);
        size += piece.length;
      }
      clearInterval(sampler);
      expect(size).toBe(big.length);
      expect(hash.digest('hex')).toBe(sha(big));
      const grown = peak - baseline;
      console.log(`50 MB upload + download: RSS ${Math.round(baseline / 1048576)} MB → peak ${Math.round(peak / 1048576)} MB (+${Math.round(grown / 1048576)} MB; upload alone +${Math.round((afterUpload - baseline) / 1048576)} MB)`);
      expect(grown).toBeLessThan(30 * 1024 * 1024);
    } finally {
      await p.kill();
      await db.drop();
    }
  }, 120_000);
});
