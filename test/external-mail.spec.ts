import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ExternalMail } from '../libs/notifications/src';
import { startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * The issued PDF mailed to the bodies outside examflow that have an address
 * (SPEC §7), through a real SMTP server on loopback: once per recipient,
 * after commit; retried when SMTP was down or a sender died holding it.
 */
interface Mail {
  to: string[];
  raw: string;
}
const inbox: Mail[] = [];
let smtp: SMTPServer;
let port = 0;
let refuse = false;
let attempts = 0;
let h: Harness;
let c: ApiClient;

function listen(at = 0): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 50 * 1024 * 1024,
    onRcptTo(_address, _session, done) {
      attempts++;
      done(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 451 }) : undefined);
    },
    onData(stream, session, done) {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(parts).toString('utf8') });
        done();
      });
    },
  });
  return new Promise<void>((ok) => smtp.listen(at, '127.0.0.1', () => ok()));
}

beforeAll(async () => {
  await listen();
  port = (smtp.server.address() as AddressInfo).port;
  h = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  c = await seedOrg(h.base);
});
afterAll(async () => {
  await h.close();
  await new Promise<void>((ok) => smtp.close(() => ok()));
});

async function disseminated(title: string, recipients: unknown[]): Promise<string> {
  const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title })).body;
  expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', recipients, reportDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString() }));
  expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
  expectOk(await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE' }));
  return d.id;
}

/** The attachment of a raw message, decoded. */
function attachment(raw: string): Buffer {
  const part = raw.split(/\r?\n--/).find((p) => /Content-Type: application\/pdf/i.test(p))!;
  const body = part.split(/\r?\n\r?\n/).slice(1).join('\n');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

it('each external recipient with an address gets the issued PDF once; the others and the people inside get none', async () => {
  const id = await disseminated('V/v phối hợp bảo đảm an ninh kỳ thi', [
    { externalCode: 'UBND-DL', purpose: 'coordinate', main: true },
    { externalCode: 'BCA-A03', purpose: 'coordinate' }, // no address
    { groupCode: 'BAO-DAI', purpose: 'info' }, // two externals with addresses
    { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
  ]);
  await waitFor(async () => inbox.length >= 3, 8000, 'three mails');
  const pdf = Buffer.from(await (await fetch(`${h.base}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } })).arrayBuffer());
  expect(inbox.map((m) => m.to[0]).sort()).toEqual(['bientap@dptth.daklak.example', 'toasoan@gdtd.example', 'vanthu@ubnd.daklak.example']);
  for (const m of inbox) {
    // The served PDF, byte for byte: what the leader and the agency signed.
    expect(createHash('sha256').update(attachment(m.raw)).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(m.raw).toMatch(/Message-ID: <[0-9a-f-]+\.\d+@examflow>/i);
  }
  // The sweep's retry finds nothing owed: nobody gets it twice.
  expect(await h.app.get(ExternalMail).retry(0)).toBe(0);
  expect(inbox).toHaveLength(3);
  const rows = await h.sql(`SELECT external_code AS code, mailed_at IS NOT NULL AS mailed FROM recipients WHERE document_id = $1 AND external_code IS NOT NULL ORDER BY idx`, [id]);
  expect(rows).toEqual([
    { code: 'UBND-DL', mailed: true },
    { code: 'BCA-A03', mailed: false },
    { code: 'DPTTH-DL', mailed: true },
    { code: 'BAO-GDTD', mailed: true },
  ]);
});

it('SMTP refusing, the mail waits for the sweep; a sender that died holding one is taken over once its lease is stale', async () => {
  inbox.length = 0;
  refuse = true;
  attempts = 0;
  const id = await disseminated('V/v thông tin tuyển sinh', [{ externalCode: 'UBND-DL', purpose: 'info', main: true }]);
  const leaseBack = (doc: string) => async () => attempts > 0 && (await h.sql(`SELECT mail_claimed_at FROM recipients WHERE document_id = $1`, [doc]))[0].mail_claimed_at === null;
  await waitFor(leaseBack(id), 8000, 'the refused attempt, and the lease given back');
  expect(inbox).toHaveLength(0);
  refuse = false;
  expect(await h.app.get(ExternalMail).retry(0)).toBe(1);
  expect(inbox).toHaveLength(1);
  expect(await h.app.get(ExternalMail).retry(0)).toBe(0);

  // A sender holds the next one (it took the lease and died): nobody else sends it while the lease holds.
  inbox.length = 0;
  refuse = true;
  attempts = 0;
  const held = await disseminated('V/v lịch thi', [{ externalCode: 'STTTT-DL', purpose: 'info', main: true }]);
  await waitFor(leaseBack(held), 8000, 'the refused attempt, and the lease given back');
  refuse = false;
  await h.sql(`UPDATE recipients SET mail_claimed_at = now() WHERE document_id = $1`, [held]);
  expect(await h.app.get(ExternalMail).retry(0)).toBe(0);
  await h.sql(`UPDATE recipients SET mail_claimed_at = now() - interval '6 minutes' WHERE document_id = $1`, [held]);
  expect(await h.app.get(ExternalMail).retry(0)).toBe(1);
  expect(await h.app.get(ExternalMail).retry(0)).toBe(0);
  expect(inbox.map((m) => m.to[0])).toEqual(['vanthu@stttt.daklak.example']);
});
