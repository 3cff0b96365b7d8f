import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sleep, waitFor } from './support/harness';
import { expectOk } from './support/org';
import { startProcess, type AppProcess } from './support/processes';
import { world, type World } from './support/world';

/**
 * The issued PDF to a body outside examflow, exactly once across a worker
 * killed mid-send (SPEC §7), on the built processes and a real SMTP server
 * on loopback. The API's own attempt after commit is refused; the worker's
 * sweep takes the mail over and is killed with SIGKILL while the server
 * holds its DATA unanswered (so the mail was never accepted). Once the dead
 * sender's lease is stale, the next worker sends it — once, and never again.
 */
jest.setTimeout(90_000);

interface Mail {
  to: string;
}
const inbox: Mail[] = [];
/** 'refuse': 451 at RCPT; 'hold': take the DATA and never answer it; 'accept': deliver. */
let mode: 'refuse' | 'hold' | 'accept' = 'refuse';
let held = 0;
let smtp: SMTPServer;
let w: World;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 50 * 1024 * 1024,
    onRcptTo(_address, _session, done) {
      done(mode === 'refuse' ? Object.assign(new Error('mailbox unavailable'), { responseCode: 451 }) : undefined);
    },
    onData(stream, session, done) {
      const holding = mode === 'hold';
      stream.resume();
      stream.on('end', () => {
        if (holding) {
          held++; // never answered: the sender dies waiting, the mail is not accepted
          return;
        }
        inbox.push({ to: session.envelope.rcptTo[0].address });
        done();
      });
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', () => ok()));
  const port = (smtp.server.address() as AddressInfo).port;
  w = await world('api', { SMTP_URL: `smtp://127.0.0.1:${port}` });
});
afterAll(async () => {
  await w?.close();
  await new Promise<void>((ok) => smtp.close(() => ok()));
});

function worker(): AppProcess {
  const p = startProcess('worker', w.env);
  w.processes.push(p);
  return p;
}

const mailRow = async (id: string) =>
  (await w.db.query(`SELECT mail_claimed_at AS claimed, mailed_at AS mailed FROM recipients WHERE document_id = $1 AND external_code = 'UBND-DL'`, [id])).rows[0];

it('a worker killed while the SMTP server holds the mail: the next worker sends it once, and nobody again', async () => {
  const { c } = w;
  const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'V/v phối hợp bảo đảm an ninh Kỳ thi' })).body;
  expectOk(
    await c.as('an.nv').event(d.id, {
      type: 'SUBMIT_FOR_SIGNATURE',
      signer: 'thuong.pn',
      signingAuthority: 'KT',
      recipients: [{ externalCode: 'UBND-DL', purpose: 'coordinate', main: true }],
    }),
  );
  expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
  await c.login('khanh.vt', 'MatKhau#2026');
  expectOk(await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE' }));
  // The API's attempt after commit was refused, and it gave the lease back.
  await waitFor(async () => (await mailRow(d.id)).claimed === null, 10_000, 'the refused attempt');
  expect(inbox).toEqual([]);

  // The worker's sweep takes it over (10 s after the dissemination) and is killed while the server holds the DATA.
  mode = 'hold';
  const first = worker();
  await first.waitFor('worker started');
  await waitFor(async () => held > 0, 30_000, 'the worker sending');
  expect((await mailRow(d.id)).claimed).not.toBeNull();
  await first.kill('SIGKILL');
  expect(inbox).toEqual([]);
  const row = await mailRow(d.id);
  expect(row.mailed).toBeNull();

  // While the dead sender's lease holds, nobody sends it; once it is stale (5 min; aged here), the next worker does.
  mode = 'accept';
  worker();
  await sleep(3000);
  expect(inbox).toEqual([]);
  await w.db.query(`UPDATE recipients SET mail_claimed_at = now() - interval '6 minutes' WHERE document_id = $1`, [d.id]);
  await waitFor(async () => inbox.length > 0, 15_000, 'the mail');
  expect(inbox.map((m) => m.to)).toEqual(['vanthu@ubnd.daklak.example']);
  // Recorded once the server's 250 reached the sender (just after the server took it).
  await waitFor(async () => (await mailRow(d.id)).mailed !== null, 10_000, 'the mail recorded as sent');
  // More sweeps, and a third worker: still once.
  worker();
  await sleep(3000);
  expect(inbox).toHaveLength(1);
});
