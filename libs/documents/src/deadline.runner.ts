import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import {
  deadlineMessage,
  escalationTargets,
  type AgencyLevel,
  type DeadlineKind,
  type EscalationOrg,
  type Ower,
  type Position,
  type StepKind,
} from '../../domain/src';
import { NotificationService, type NewNotification, type WrittenNotification } from '../../notifications/src';
import { JOBS, NotificationBus, OutboxRelay, QUEUES, withTimeout } from '../../queue/src';
import { Metrics } from '../../metrics/src';
import { DocumentService, type TxEffects } from './document.service';
import { delegationInForce } from '../../persistence/src/sql';

export type FireOutcome = 'fired' | 'skipped' | 'already-done' | 'missing';

interface StepRow {
  id: string;
  step: StepKind;
  runAt: Date;
  doneAt: Date | null;
  deadlineId: string;
  kind: DeadlineKind;
  stage: string;
  stageEntry: number;
  dueAt: Date;
  documentId: string;
}

interface DocFacts {
  id: string;
  title: string;
  number: string | null;
  state: string;
  agencyCode: string;
  unitCode: string;
  drafter: string;
  signer: string | null;
}

interface OrgUser {
  username: string;
  position: Position;
  agencyCode: string | null;
  unitCode: string | null;
  fullName: string;
}

/** An ower with the people to remind and a name for messages. */
type OwingParty = Ower & { users: string[]; label: string };

const HORIZON_MS = 3_600_000;
/** Steps fired in one transaction at most, how long the first waits for others to join it, and how many such transactions run at once. */
const BATCH_MAX = 128;
const BATCH_WAIT_MS = 2;
const BATCHES_AT_ONCE = 4;

interface Waiter {
  stepId: string;
  resolve: (outcome: FireOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Fires deadline steps, exactly once: the step row is locked and marked done
 * in the same transaction that writes the notifications (whose dedupe key is
 * unique as well), after taking the document's lock so that a step racing a
 * transition sees the item dealt with and does nothing. BullMQ jobs call
 * `fire`; the sweep calls it too for steps past their time, and rebuilds jobs
 * Redis lost.
 */
@Injectable()
export class DeadlineRunner {
  private readonly log = new Logger(DeadlineRunner.name);

  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentService,
    private readonly notifications: NotificationService,
    private readonly relay: OutboxRelay,
    private readonly bus: NotificationBus,
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Fires one step. Steps asked for at about the same moment (the worker runs
   * many jobs at once) are fired together, in one transaction: a burst of
   * reminders costs a few statements each instead of a transaction each.
   */
  fire(stepId: string): Promise<FireOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ stepId, resolve, reject });
      if (this.waiting.length >= BATCH_MAX) void this.drain();
      else this.schedule(BATCH_WAIT_MS);
    });
  }

  private waiting: Waiter[] = [];
  private drainTimer: NodeJS.Timeout | null = null;
  private running = 0;

  private schedule(delayMs: number): void {
    this.drainTimer ??= setTimeout(() => {
      this.drainTimer = null;
      void this.drain();
    }, delayMs);
  }

  /**
   * Fires what is waiting, BATCH_MAX at a time, with at most BATCHES_AT_ONCE
   * transactions open: a transaction may need a second connection (the
   * calendar), so batches must never hold the whole pool while they wait on
   * each other's locks. A batch that finishes takes the next.
   */
  private async drain(): Promise<void> {
    if (this.running >= BATCHES_AT_ONCE) return;
    const batch = this.waiting.splice(0, BATCH_MAX);
    if (batch.length === 0) return;
    this.running++;
    try {
      await this.fireBatch(batch);
    } finally {
      this.running--;
      if (this.waiting.length) this.schedule(0);
    }
  }

  private async fireBatch(batch: Waiter[]): Promise<void> {
    const byStep = new Map<string, Waiter[]>();
    for (const w of batch) byStep.set(w.stepId, [...(byStep.get(w.stepId) ?? []), w]);
    try {
      const { outcomes, later } = await this.fireMany([...byStep.keys()]);
      for (const [id, outcome] of outcomes) for (const w of byStep.get(id)!) w.resolve(outcome);
      // A second step of a document already in this transaction goes in the next one (it must see the first's effects).
      for (const id of later) this.waiting.push(...byStep.get(id)!);
    } catch (e) {
      if (byStep.size === 1) {
        for (const w of batch) w.reject(e);
        return;
      }
      // One step's failure must not fail the others: each goes again on its own.
      this.log.warn(`firing ${byStep.size} steps together failed (${(e as Error).message}); firing them one by one`);
      for (const [id, ws] of byStep) {
        try {
          const { outcomes } = await this.fireMany([id]);
          ws.forEach((w) => w.resolve(outcomes.get(id) ?? 'missing'));
        } catch (err) {
          ws.forEach((w) => w.reject(err));
        }
      }
    }
  }

  /**
   * Fires these steps in one transaction. Each step and its document are
   * locked (in document order, so that two batches never wait on each other
   * in a cycle), each is marked done — fired, or skipped when a transition
   * dealt with its item — and the notifications of all are written at once.
   * At most one step per document is fired here; the others come back in
   * `later`.
   */
  async fireMany(stepIds: string[]): Promise<{ outcomes: Map<string, FireOutcome>; later: string[] }> {
    const now = new Date();
    const outcomes = new Map<string, FireOutcome>(stepIds.map((id) => [id, 'missing']));
    const later: string[] = [];
    const fired: Array<{ step: StepKind; outcome: 'fired' | 'skipped' }> = [];
    const result = await this.db.transaction(async (tx) => {
      const rows: Array<StepRow & { doc: DocFacts }> = await tx.query(
        `SELECT s.id, s.step, s.run_at AS "runAt", s.done_at AS "doneAt", d.id AS "deadlineId", d.kind, d.stage,
                d.stage_entry AS "stageEntry", d.due_at AS "dueAt", d.document_id AS "documentId",
                json_build_object('id', doc.id, 'title', doc.title, 'number', doc.number, 'state', doc.state,
                  'agencyCode', doc.agency_code, 'unitCode', doc.unit_code, 'drafter', doc.drafter,
                  'signer', doc.signer) AS doc
           FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id JOIN documents doc ON doc.id = d.document_id
          WHERE s.id = ANY($1::text[])
          ORDER BY doc.id, s.run_at, s.id
          FOR UPDATE OF s, doc`,
        [stepIds],
      );
      const seen = new Set<string>();
      const open: typeof rows = [];
      for (const r of rows) {
        if (r.doneAt) outcomes.set(r.id, 'already-done');
        else if (seen.has(r.documentId)) {
          later.push(r.id);
          outcomes.delete(r.id); // not decided here: it goes in the next batch
        }
        else {
          seen.add(r.documentId);
          open.push(r);
        }
      }
      if (open.length === 0) return { written: [] as WrittenNotification[], effects: [] as TxEffects[] };
      // Mark them done, looking again (a fresh statement sees what committed while we waited for the locks)
      // whether a transition dealt with the item: then the step does nothing.
      const marked: Array<{ id: string; outcome: 'fired' | 'skipped' }> = await tx.query(
        `WITH u AS (
           UPDATE deadline_steps s SET done_at = $3,
                  outcome = CASE WHEN v.live AND dl.resolved_at IS NULL THEN 'fired' ELSE 'skipped' END
             FROM unnest($1::text[], $2::boolean[]) AS v(id, live), deadlines dl
            WHERE s.id = v.id AND dl.id = s.deadline_id
           RETURNING s.id, s.outcome)
         SELECT id, outcome FROM u`,
        [open.map((r) => r.id), open.map((r) => r.doc.state === r.stage), now],
      );
      const outcomeOf = new Map(marked.map((m) => [m.id, m.outcome]));
      // Who owes a signature or a dissemination depends on the signer or the agency only: asked once per batch.
      const shared = new Map<string, OwingParty[]>();
      const items: NewNotification[] = [];
      const effects: TxEffects[] = [];
      for (const { doc, ...s } of open) {
        const outcome = outcomeOf.get(s.id) ?? 'skipped';
        outcomes.set(s.id, outcome);
        fired.push({ step: s.step, outcome });
        if (outcome === 'skipped') continue;
        s.dueAt = new Date(s.dueAt);
        items.push(...(await this.notificationsFor(tx, s, doc, now, shared)));
        if (s.step === 'expire') {
          const expired = await this.documents.expireConsultation(tx, doc.id, now);
          if (expired) effects.push(expired.effects);
        }
      }
      const written = await this.notifications.write(tx, items, now);
      return { written, effects };
    });
    for (const f of fired) this.metrics.deadlineSteps.inc(f);
    for (const e of result.effects) this.documents.afterCommit(e);
    this.bus.publish(result.written.map((n) => n.username));
    await this.notifications.email(result.written.map((n) => n.id));
    return { outcomes, later };
  }

  private async notificationsFor(
    tx: EntityManager,
    s: StepRow,
    doc: DocFacts,
    now: Date,
    /** Owers already looked up in this batch. */
    shared: Map<string, OwingParty[]>,
  ): Promise<NewNotification[]> {
    const key = s.kind === 'signature' ? `signature:${doc.signer}` : s.kind === 'dissemination' ? `dissemination:${doc.agencyCode}` : null;
    let owers = key ? shared.get(key) : undefined;
    if (!owers) {
      owers = await this.owers(tx, s.kind, doc);
      if (key) shared.set(key, owers);
    }
    const base = {
      documentId: doc.id,
      stage: s.stage,
      dueAt: s.dueAt,
      // An int4 column: a step run weeks late (long downtime) must not overflow it.
      firedLateMs: Math.min(2_147_483_647, Math.max(0, now.getTime() - new Date(s.runAt).getTime())),
    };
    const make = (usernames: string[], kind: NewNotification['kind'], message: string): NewNotification[] =>
      [...new Set(usernames)].map((username) => ({ ...base, username, kind, message, dedupeKey: `${s.id}:${username}` }));

    switch (s.step) {
      case 'remind_before':
      case 'remind_due':
        return make(
          owers.flatMap((o) => o.users),
          'reminder',
          deadlineMessage({ kind: s.kind, step: s.step, document: doc, dueAt: s.dueAt }),
        );
      case 'escalate': {
        const org = await this.escalationOrg(tx, [doc.agencyCode, ...owers.map((o) => o.agencyCode)]);
        const targets = owers.flatMap((o) => escalationTargets(o, doc, org));
        return make(
          targets,
          'escalation',
          deadlineMessage({ kind: s.kind, step: s.step, document: doc, dueAt: s.dueAt, owers: owers.map((o) => o.label) }),
        );
      }
      case 'expire':
        return make(
          [doc.drafter],
          'info',
          deadlineMessage({ kind: s.kind, step: s.step, document: doc, dueAt: s.dueAt, silent: owers.map((o) => o.label) }),
        );
    }
  }

  /** Who owes the item now (only what is still open), with whom to remind. */
  private async owers(tx: EntityManager, kind: DeadlineKind, doc: DocFacts): Promise<OwingParty[]> {
    switch (kind) {
      case 'consultation': {
        const rows: Array<{ agencyCode: string; unitCode: string; name: string; users: string[] }> = await tx.query(
          `SELECT c.agency_code AS "agencyCode", c.unit_code AS "unitCode", un.name,
                  ${UNIT_PEOPLE} AS users
             FROM consultations c JOIN units un ON un.agency_code = c.agency_code AND un.code = c.unit_code
            WHERE c.document_id = $1 AND c.status = 'pending' ORDER BY c.agency_code, c.unit_code`,
          [doc.id],
        );
        return rows.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, users: r.users ?? [], label: r.name }));
      }
      case 'signature': {
        if (!doc.signer) return [];
        const [u]: Array<OrgUser & { title: string; delegates: string[] | null }> = await tx.query(
          `SELECT u.username, u.position, u.agency_code AS "agencyCode", u.unit_code AS "unitCode",
                  u.full_name AS "fullName", u.title,
                  (SELECT array_agg(g.delegate) FROM delegations g
                    WHERE g.delegator = u.username AND ${delegationInForce('g')}) AS delegates
             FROM users u WHERE u.username = $1`,
          [doc.signer],
        );
        return [
          {
            agencyCode: u.agencyCode!,
            unitCode: u.unitCode,
            username: u.username,
            position: u.position,
            users: [u.username, ...(u.delegates ?? [])],
            label: `${u.title} ${u.fullName}`,
          },
        ];
      }
      case 'dissemination': {
        const clerks: OrgUser[] = await tx.query(
          `SELECT username, position, agency_code AS "agencyCode", unit_code AS "unitCode", full_name AS "fullName"
             FROM users WHERE agency_code = $1 AND position = 'clerk' ORDER BY username`,
          [doc.agencyCode],
        );
        const heads = clerks.length ? [] : await this.heads(tx, doc.agencyCode);
        return [
          {
            agencyCode: doc.agencyCode,
            unitCode: clerks[0]?.unitCode ?? null,
            users: clerks.length ? clerks.map((c) => c.username) : heads,
            label: `Văn thư ${doc.agencyCode}`,
          },
        ];
      }
      case 'report': {
        const rows: Array<{ agencyCode: string; unitCode: string | null; name: string; users: string[] | null }> =
          await tx.query(
            `SELECT r.agency_code AS "agencyCode", r.unit_code AS "unitCode",
                    COALESCE(un.name, a.name) AS name,
                    CASE WHEN r.unit_code IS NULL
                         THEN COALESCE((SELECT array_agg(username ORDER BY username) FROM users
                                         WHERE agency_code = r.agency_code AND position = 'clerk'),
                                       (SELECT array_agg(username ORDER BY username) FROM users
                                         WHERE agency_code = r.agency_code AND position = 'head'))
                         ELSE ${UNIT_PEOPLE.replaceAll('c.', 'r.')} END AS users
               FROM recipients r JOIN agencies a ON a.code = r.agency_code
               LEFT JOIN units un ON un.agency_code = r.agency_code AND un.code = r.unit_code
              WHERE r.document_id = $1 AND r.report_status = 'pending' ORDER BY r.idx`,
            [doc.id],
          );
        return rows.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, users: r.users ?? [], label: r.name }));
      }
    }
  }

  private async heads(tx: EntityManager, agencyCode: string): Promise<string[]> {
    const rows: Array<{ username: string }> = await tx.query(
      `SELECT username FROM users WHERE agency_code = $1 AND position = 'head' ORDER BY username`,
      [agencyCode],
    );
    return rows.map((r) => r.username);
  }

  /** The slice of the organisation the escalation rule reads. */
  private async escalationOrg(tx: EntityManager, agencyCodes: string[]): Promise<EscalationOrg> {
    const codes = [...new Set(agencyCodes)];
    // One connection, one query at a time (a transaction's client does not take concurrent queries).
    const agencies: Array<{ code: string; level: AgencyLevel }> = await tx.query(
      `SELECT code, level FROM agencies WHERE code = ANY($1)`,
      [codes],
    );
    const units: Array<{ agencyCode: string; code: string; supervisor: string | null }> = await tx.query(
      `SELECT agency_code AS "agencyCode", code, supervisor FROM units WHERE agency_code = ANY($1)`,
      [codes],
    );
    const users: OrgUser[] = await tx.query(
      `SELECT username, position, agency_code AS "agencyCode", unit_code AS "unitCode", full_name AS "fullName"
         FROM users WHERE agency_code = ANY($1) AND position IN ('head', 'unit_head') ORDER BY username`,
      [codes],
    );
    return {
      levelOf: (a) => agencies.find((x) => x.code === a)?.level,
      supervisorOf: (a, u) => units.find((x) => x.agencyCode === a && x.code === u)?.supervisor ?? null,
      headsOf: (a) => users.filter((x) => x.agencyCode === a && x.position === 'head').map((x) => x.username),
      unitHeadsOf: (a, u) =>
        users.filter((x) => x.agencyCode === a && x.unitCode === u && x.position === 'unit_head').map((x) => x.username),
    };
  }

  // ---------------------------------------------------------------- sweep

  /**
   * The repair pass (every SWEEP_INTERVAL): relay what the outbox still
   * holds, fire steps past their time by more than SWEEP_GRACE (their job was
   * lost or is stuck), put back jobs Redis lost for steps due within the
   * hour, and retry e-mails that failed.
   */
  async sweep(): Promise<{ relayed: number; fired: number; restored: number }> {
    let relayed = 0;
    try {
      relayed = await this.relay.flush();
    } catch (e) {
      this.log.warn(`sweep: outbox relay failed: ${(e as Error).message}`);
    }
    const overdue: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM deadline_steps WHERE done_at IS NULL AND run_at <= now() - make_interval(secs => $1)
        ORDER BY run_at LIMIT 1000`,
      [this.config.sweepGraceMs / 1000],
    );
    let fired = 0;
    const outcomes = await Promise.all(overdue.map(({ id }) => this.fire(id)));
    fired = outcomes.filter((o) => o === 'fired').length;
    let restored = 0;
    try {
      restored = await this.restoreJobs();
    } catch (e) {
      this.log.warn(`sweep: could not check the queue: ${(e as Error).message}`);
    }
    await this.notifications.retryEmails().catch((e) => this.log.warn(`sweep: e-mail retry failed: ${(e as Error).message}`));
    if (fired || restored) this.log.log(`sweep: fired ${fired} overdue step(s), restored ${restored} job(s)`);
    return { relayed, fired, restored };
  }

  /** Adds back the jobs of steps due within the hour that Redis no longer has. */
  private async restoreJobs(): Promise<number> {
    const due: Array<{ id: string; runAt: Date }> = await this.db.query(
      `SELECT id, run_at AS "runAt" FROM deadline_steps
        WHERE done_at IS NULL AND run_at > now() - make_interval(secs => $1) AND run_at <= now() + make_interval(secs => $2)
        ORDER BY run_at LIMIT 10000`,
      [this.config.sweepGraceMs / 1000, HORIZON_MS / 1000],
    );
    let restored = 0;
    const redis = await this.queue.getBackend().client;
    for (let i = 0; i < due.length; i += 1000) {
      const batch = due.slice(i, i + 1000);
      // One pipelined EXISTS per job key: cheap enough to run every sweep, even with thousands due.
      const pipeline = redis.pipeline();
      for (const s of batch) pipeline.runCommand('exists', [this.queue.toKey(s.id)]);
      const answers = (await withTimeout(pipeline.exec(), 5000)) ?? [];
      const missing = batch.filter((_, k) => {
        const [error, exists] = answers[k] ?? [new Error('no answer'), 0];
        if (error) throw error;
        return exists === 0;
      });
      if (missing.length === 0) continue;
      const now = Date.now();
      await withTimeout(
        this.queue.addBulk(
          missing.map((s) => ({
            name: JOBS.deadlineStep.name,
            data: { stepId: s.id },
            opts: { jobId: s.id, delay: Math.max(0, new Date(s.runAt).getTime() - now) },
          })),
        ),
        5000,
      );
      restored += missing.length;
    }
    return restored;
  }
}

/** The people of a unit who answer for it: its heads, else its officers. `c` is the row holding agency_code, unit_code. */
const UNIT_PEOPLE = `COALESCE(
  (SELECT array_agg(username ORDER BY username) FROM users
    WHERE agency_code = c.agency_code AND unit_code = c.unit_code AND position = 'unit_head'),
  (SELECT array_agg(username ORDER BY username) FROM users
    WHERE agency_code = c.agency_code AND unit_code = c.unit_code AND position = 'officer'))`;
