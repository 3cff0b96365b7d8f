import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, ORG, seedOrg } from './support/org';

/** E-mail through a real SMTP server on loopback. */
interface Mail {
  to: string[];
  raw: string;
}
const inbox: Mail[] = [];
let smtp: SMTPServer;
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', () => ok()));
  const port = (smtp.server.address() as AddressInfo).port;
  h = await startApp(
    { SMTP_URL: `smtp://127.0.0.1:${port}`, REMINDER_BEFORE: '1s', ESCALATION_AFTER: '1s', SWEEP_INTERVAL: '1s' },
    { extra: [WorkerModule] },
  );
  c = await seedOrg(h.base);
  // Give the signer an address.
  const thuong = ORG.users.find((u) => u.username === 'thuong.pn')!;
  expectOk(await c.as('admin').put('/api/org', { users: [{ ...thuong, password: undefined, email: 'thuong.pn@moet.gov.vn' }] }));
});
afterAll(async () => {
  await h.close();
  await new Promise<void>((ok) => smtp.close(() => ok()));
});

it('the assignment and the reminders are e-mailed once to the user who has an address, in Vietnamese', async () => {
  const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời tập huấn cán bộ coi thi' })).body;
  expectOk(
    await c.as('an.nv').event(d.id, {
      type: 'SUBMIT_FOR_SIGNATURE',
      signer: 'thuong.pn',
      signingAuthority: 'KT',
      deadline: new Date(Date.now() + 2000).toISOString(),
    }),
  );
  await waitFor(async () => inbox.length >= 3, 8000, 'the assignment and two reminder e-mails');
  await sleep(2500); // the escalation goes to son.nk, who has no address: no more e-mail.
  expect(inbox).toHaveLength(3);
  for (const m of inbox) {
    expect(m.to).toEqual(['thuong.pn@moet.gov.vn']);
    const text = Buffer.from(m.raw.replace(/=\r?\n/g, ''), 'latin1').toString();
    expect(m.raw).toMatch(/Subject: /);
    expect(decodeQuotedPrintable(text)).toContain('Giấy mời tập huấn cán bộ coi thi');
  }
  const rows = await h.sql(`SELECT emailed_at FROM notifications WHERE username = 'thuong.pn' AND document_id = $1`, [d.id]);
  expect(rows).toHaveLength(3);
  expect(rows.every((r) => r.emailed_at !== null)).toBe(true);
  const escalation = await h.sql(`SELECT email_to FROM notifications WHERE username = 'son.nk' AND document_id = $1`, [d.id]);
  expect(escalation).toEqual([{ email_to: null }]);
});

it('a secret document’s assignment and reminders stay in the app: never e-mailed (SPEC §9)', async () => {
  const before = inbox.length;
  const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp ra đề thi', confidentiality: 'confidential' })).body;
  expectOk(
    await c.as('an.nv').event(d.id, {
      type: 'SUBMIT_FOR_SIGNATURE',
      signer: 'thuong.pn',
      signingAuthority: 'KT',
      deadline: new Date(Date.now() + 2000).toISOString(),
    }),
  );
  const written = await waitFor(async () => {
    const rows = await h.sql(`SELECT kind, email_to FROM notifications WHERE username = 'thuong.pn' AND document_id = $1`, [d.id]);
    return rows.length >= 3 && rows;
  }, 8000, 'the assignment and two reminders, in the app');
  expect(written.every((r: any) => r.email_to === null)).toBe(true);
  await sleep(1500);
  expect(inbox.slice(before).filter((m) => decodeQuotedPrintable(Buffer.from(m.raw.replace(/=\r?\n/g, ''), 'latin1').toString()).includes('ra đề thi'))).toEqual([]);
  expect(inbox).toHaveLength(before);
});

/** nodemailer writes UTF-8 bodies as quoted-printable or base64; read both. */
function decodeQuotedPrintable(raw: string): string {
  const qp = raw.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const b64 = raw.match(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)\r?\n?$/)?.[1];
  const decoded = b64 ? Buffer.from(b64.replace(/\s/g, ''), 'base64').toString('utf8') : '';
  return Buffer.from(qp, 'latin1').toString('utf8') + decoded;
}
