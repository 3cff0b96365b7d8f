import { readFile } from 'node:fs/promises';
import { ADMIN_PASSWORD, freshDatabase, log, login, percentile, round, startServer, type Server } from './support';

/**
 * The document itself (issue 13): SIGN with its PDF drawn, signed (PAdES) and
 * stored in the transaction, p50/p95 per document; a 50 MB upload and
 * download, their throughput and the API's RSS around them.
 * Through HTTP on the built API.
 */
export async function documentsBench(signs = Number(process.env.BENCH_SIGNS ?? 100)) {
  const db = await freshDatabase();
  let server: Server | undefined;
  try {
    server = await startServer('api', db, {});
    const base = server.base;
    const admin = await login(base, 'admin', ADMIN_PASSWORD);
    const org = {
      agencies: [{ code: 'BENCH', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' }],
      units: [{ code: 'QLCL', agencyCode: 'BENCH', name: 'Cục Quản lý chất lượng' }],
      users: [
        { username: 'officer', fullName: 'Nguyễn Văn An', agencyCode: 'BENCH', unitCode: 'QLCL', position: 'officer', title: 'Chuyên viên', password: 'Bench#2026' },
        { username: 'deputy', fullName: 'Phạm Ngọc Thưởng', agencyCode: 'BENCH', position: 'deputy_head', title: 'Thứ trưởng', password: 'Bench#2026' },
      ],
    };
    const put = await fetch(`${base}/api/org`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(org) });
    if (put.status !== 200) throw new Error(`PUT /api/org: ${put.status} ${await put.text()}`);
    const officer = await login(base, 'officer', 'Bench#2026');
    const deputy = await login(base, 'deputy', 'Bench#2026');
    const call = async (token: string, path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const body = Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? `${['I', 'II', 'III', 'IV', 'V'][i / 8]}. NỘI DUNG ${i}` : `${i}. Các Sở Giáo dục và Đào tạo triển khai nhiệm vụ thứ ${i}, bảo đảm an toàn, nghiêm túc, đúng quy chế; báo cáo kết quả về Bộ.`)).join('\n');
    log(`documents: ${signs} SIGNs, each drawing and signing a two-page PDF…`);
    const times: number[] = [];
    for (let i = 0; i < signs + 5; i++) {
      const d = await call(officer, '/api/documents', { type: 'CV', title: `Công văn số ${i} về tổ chức thi`, body });
      await call(officer, `/api/documents/${d.id}/events`, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'deputy', signingAuthority: 'KT' });
      const t = performance.now();
      await call(deputy, `/api/documents/${d.id}/events`, { type: 'SIGN' });
      if (i >= 5) times.push(performance.now() - t); // the first ones make the CA's certificate for the signer
    }
    times.sort((a, b) => a - b);
    const rss = async () => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${server!.child.pid}/status`, 'utf8'))![1]) / 1024;

    log('documents: 50 MB up and down…');
    const d = await call(officer, '/api/documents', { type: 'KH', title: 'Kế hoạch có phụ lục lớn' });
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
    Buffer.from('%PDF-1.4\n').copy(big);
    big.writeUInt32LE(Date.now() & 0xffffffff, 4096);
    const before = await rss();
    let peak = before;
    const sampler = setInterval(() => void rss().then((r) => (peak = Math.max(peak, r))), 20);
    const form = new FormData();
    form.append('kind', 'annex');
    form.append('file', new Blob([new Uint8Array(big)]), 'Phụ lục 50 MB.pdf');
    let t = performance.now();
    const up = await fetch(`${base}/api/documents/${d.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${officer}` }, body: form });
    const uploadS = (performance.now() - t) / 1000;
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const file = (await up.json()) as { id: string };
    t = performance.now();
    const down = await fetch(`${base}/api/documents/${d.id}/files/${file.id}`, { headers: { authorization: `Bearer ${officer}` } });
    let size = 0;
    for await (const piece of down.body as unknown as AsyncIterable<Uint8Array>) size += piece.length;
    const downloadS = (performance.now() - t) / 1000;
    clearInterval(sampler);
    if (size !== big.length) throw new Error(`download: ${size} bytes`);
    return {
      signs,
      signP50Ms: round(percentile(times, 50)),
      signP95Ms: round(percentile(times, 95)),
      uploadMBps: round(50 / uploadS, 1),
      downloadMBps: round(50 / downloadS, 1),
      rssBeforeMb: round(before, 0),
      rssPeakMb: round(peak, 0),
    };
  } finally {
    await server?.stop();
    await db.drop();
  }
}
