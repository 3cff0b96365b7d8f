import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  deadlineMessage,
  escalationTargets,
  isIncomingDeadlineKind,
  parseStepJobId,
  stepJobId,
  type DeadlineKind,
  type IncomingDeadlineKind,
  type StepKind,
} from '../../../domain/src';
import {
  STEP_INCOMING_JSON,
  incomingEscalationTargets,
  incomingOwers,
  incomingStillOwes,
  type StepIncoming,
} from '../../../incoming/src/incoming-deadlines';
import { NotificationService, type NewNotification, type WrittenNotification } from '../../../notifications/src';
import { Metrics } from '../../../metrics/src';
import { CalendarService } from '../calendar.service';
import { DocumentService } from '../document.service';
import { AfterCommit, type TxEffects } from '../transition/after-commit';
import { escalationOrg, owersOf, type OwingParty, type StepDocument } from './owers';
import { StepBatcher, type BatchOutcome, type FireOutcome } from './step-batcher';

export type { FireOutcome };

interface StepRow {
  id: string;
  moves: number;
  step: StepKind;
  runAt: Date;
  doneAt: Date | null;
  deadlineId: string;
  kind: DeadlineKind;
  stage: string;
  stageEntry: number;
  dueAt: Date;
  documentId: string;
  /** The session of a per-session report (SPEC §8), '' for any other deadline; and its name. */
  sessionCode: string;
  sessionName: string | null;
}

/**
 * Fires deadline steps, exactly once: the step row is locked and marked done
 * in the same transaction that writes the notifications (whose dedupe key is
 * unique as well), after taking the document's lock so that a step racing a
 * transition sees the item dealt with and does nothing. BullMQ jobs call
 * `fire`; the sweep calls it too for steps past their time.
 */
@Injectable()
export class DeadlineRunner {
  private readonly log = new Logger(DeadlineRunner.name);
  private readonly batcher = new StepBatcher(
    (ids) => this.fireMany(ids),
    (size, e) => this.log.warn(`firing ${size} steps together failed (${e.message}); firing them one by one`),
  );

  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentService,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationService,
    private readonly afterCommit: AfterCommit,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Fires one step, together with the others asked for at about the same
   * moment (StepBatcher). `jobId` is the step's job (stepJobId): the job of
   * a step moved since it was queued is `superseded` and does nothing.
   */
  fire(jobId: string): Promise<FireOutcome> {
    return this.batcher.fire(jobId);
  }

  /**
   * Fires the steps of these jobs in one transaction. Each step and its
   * document are locked (in document order, so that two batches never wait
   * on each other in a cycle), each is marked done — fired, or skipped when a
   * transition dealt with its item — and the notifications of all are
   * written at once. At most one step per document is fired here; the others
   * come back in `later`.
   */
  async fireMany(jobIds: string[]): Promise<BatchOutcome> {
    const wanted = new Map<string, Set<number>>();
    for (const { stepId, moves } of jobIds.map(parseStepJobId)) wanted.set(stepId, (wanted.get(stepId) ?? new Set()).add(moves));
    const stepIds = [...wanted.keys()];
    // A step's id names its kind (stepId): an incoming item's steps lock that item, not a document.
    const incoming = stepIds.filter((id) => isIncomingDeadlineKind(id.split('.')[2] ?? ''));
    const others = stepIds.filter((id) => !incoming.includes(id));
    const parts = [
      ...(incoming.length ? [await this.fireIncomingSteps(incoming, wanted)] : []),
      ...(others.length ? [await this.fireDocumentSteps(others, wanted)] : []),
    ];
    const byStep = new Map(parts.flatMap((p) => [...p.outcomes]));
    const current = new Map(parts.flatMap((p) => [...p.moves]));
    const later = new Set(parts.flatMap((p) => p.later));
    // Back to the jobs asked for: of two jobs of one step, the one of an earlier move is superseded.
    const outcomes = new Map<string, FireOutcome>();
    for (const jobId of jobIds) {
      const { stepId } = parseStepJobId(jobId);
      if (later.has(stepId)) continue;
      const moves = current.get(stepId);
      outcomes.set(jobId, moves !== undefined && stepJobId(stepId, moves) !== jobId ? 'superseded' : (byStep.get(stepId) ?? 'missing'));
    }
    return { outcomes, later: jobIds.filter((j) => later.has(parseStepJobId(j).stepId)) };
  }

  private async fireDocumentSteps(stepIds: string[], wanted: Map<string, Set<number>>): Promise<StepsOutcome> {
    const now = new Date();
    // Read before the transaction, which must not wait on a second connection of the pool.
    const calendar = await this.calendars.current();
    const outcomes = new Map<string, FireOutcome>(stepIds.map((id) => [id, 'missing']));
    const later: string[] = [];
    const moves = new Map<string, number>();
    const fired: Array<{ step: StepKind; outcome: 'fired' | 'skipped' }> = [];
    const result = await this.db.transaction(async (tx) => {
      const rows: Array<StepRow & { doc: StepDocument }> = await tx.query(
        `SELECT s.id, s.moves, s.step, s.run_at AS "runAt", s.done_at AS "doneAt", d.id AS "deadlineId", d.kind, d.stage,
                d.stage_entry AS "stageEntry", d.due_at AS "dueAt", d.document_id AS "documentId", d.session_code AS "sessionCode",
                (SELECT cs.name FROM campaign_sessions cs WHERE cs.campaign_id = doc.campaign_id AND cs.code = d.session_code) AS "sessionName",
                json_build_object('id', doc.id, 'title', doc.title, 'number', doc.number, 'state', doc.state,
                  'agencyCode', doc.agency_code, 'unitCode', doc.unit_code, 'drafter', doc.drafter,
                  'signer', doc.signer) AS doc
           FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id JOIN documents doc ON doc.id = d.document_id
          WHERE s.id = ANY($1::text[])
          ORDER BY doc.id, s.id
          FOR UPDATE OF s, doc`,
        [stepIds],
      );
      const open = firstPerSubject(rows, (r) => r.documentId, outcomes, later, wanted, moves);
      if (open.length === 0) return { written: [] as WrittenNotification[], effects: [] as TxEffects[] };
      const outcomeOf = await markDone(tx, open.map((r) => ({ id: r.id, live: r.doc.state === r.stage })), now);
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
          const expired = await this.documents.expireConsultation(tx, doc.id, now, calendar);
          if (expired) effects.push(expired.effects);
        }
      }
      const written = await this.notifications.write(tx, items, now);
      return { written, effects };
    });
    for (const f of fired) this.metrics.deadlineSteps.inc(f);
    await this.afterCommit.run(...result.effects, { jobs: [], notifications: result.written });
    return { outcomes, later, moves };
  }

  /**
   * The same for the steps of incoming items (SPEC §7): each step and its
   * item locked in item order, marked done — fired, or skipped when the item
   * no longer owes it — and the reminders and escalations written at once.
   */
  private async fireIncomingSteps(stepIds: string[], wanted: Map<string, Set<number>>): Promise<StepsOutcome> {
    const now = new Date();
    const outcomes = new Map<string, FireOutcome>(stepIds.map((id) => [id, 'missing']));
    const later: string[] = [];
    const moves = new Map<string, number>();
    const fired: Array<{ step: StepKind; outcome: 'fired' | 'skipped' }> = [];
    const written = await this.db.transaction(async (tx) => {
      const rows: Array<Omit<StepRow, 'documentId' | 'kind' | 'sessionCode' | 'sessionName'> & { kind: IncomingDeadlineKind; incomingId: string; item: StepIncoming }> = await tx.query(
        `SELECT s.id, s.moves, s.step, s.run_at AS "runAt", s.done_at AS "doneAt", d.id AS "deadlineId", d.kind, d.stage,
                d.stage_entry AS "stageEntry", d.due_at AS "dueAt", d.incoming_id AS "incomingId", ${STEP_INCOMING_JSON} AS item
           FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id JOIN incoming_items i ON i.id = d.incoming_id
          WHERE s.id = ANY($1::text[])
          ORDER BY i.id, s.id
          FOR UPDATE OF s, i`,
        [stepIds],
      );
      const open = firstPerSubject(rows, (r) => r.incomingId, outcomes, later, wanted, moves);
      if (open.length === 0) return [];
      const outcomeOf = await markDone(tx, open.map((r) => ({ id: r.id, live: incomingStillOwes(r.stage, r.item.state) })), now);
      const items: NewNotification[] = [];
      for (const { item, ...s } of open) {
        const outcome = outcomeOf.get(s.id) ?? 'skipped';
        outcomes.set(s.id, outcome);
        fired.push({ step: s.step, outcome });
        if (outcome === 'skipped') continue;
        const dueAt = new Date(s.dueAt);
        const owers = await incomingOwers(tx, s.kind, item);
        const base = {
          documentId: null,
          incomingId: item.id,
          stage: s.stage,
          dueAt,
          firedLateMs: Math.min(2_147_483_647, Math.max(0, now.getTime() - new Date(s.runAt).getTime())),
        };
        const make = (usernames: string[], kind: NewNotification['kind'], message: string): NewNotification[] =>
          [...new Set(usernames)].map((username) => ({ ...base, username, kind, message, source: s.id }));
        if (s.step === 'escalate') {
          const targets = await incomingEscalationTargets(tx, s.kind, item, owers, () => escalationOrg(tx, [item.agencyCode]));
          items.push(...make(targets, 'escalation', deadlineMessage({ kind: s.kind, step: s.step, document: item, dueAt, owers: owers.map((o) => o.label) })));
        } else {
          items.push(...make(owers.flatMap((o) => o.users), 'reminder', deadlineMessage({ kind: s.kind, step: s.step, document: item, dueAt })));
        }
      }
      return this.notifications.write(tx, items, now);
    });
    for (const f of fired) this.metrics.deadlineSteps.inc(f);
    await this.afterCommit.run({ jobs: [], notifications: written });
    return { outcomes, later, moves };
  }

  private async notificationsFor(
    tx: EntityManager,
    s: StepRow,
    doc: StepDocument,
    now: Date,
    /** Owers already looked up in this batch. */
    shared: Map<string, OwingParty[]>,
  ): Promise<NewNotification[]> {
    const key = s.kind === 'signature' ? `signature:${doc.signer}` : s.kind === 'dissemination' ? `dissemination:${doc.agencyCode}` : null;
    let owers = key ? shared.get(key) : undefined;
    if (!owers) {
      owers = await owersOf(tx, s.kind, doc, s.sessionCode);
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
      [...new Set(usernames)].map((username) => ({ ...base, username, kind, message, source: s.id }));

    switch (s.step) {
      case 'remind_before':
      case 'remind_due':
        return make(
          owers.flatMap((o) => o.users),
          'reminder',
          deadlineMessage({ kind: s.kind, step: s.step, document: doc, dueAt: s.dueAt, ...sessionOf(s) }),
        );
      case 'escalate': {
        const org = await escalationOrg(tx, [doc.agencyCode, ...owers.map((o) => o.agencyCode)]);
        const targets = owers.flatMap((o) => escalationTargets(o, doc, org));
        return make(
          targets,
          'escalation',
          deadlineMessage({ kind: s.kind, step: s.step, document: doc, dueAt: s.dueAt, owers: owers.map((o) => o.label), ...sessionOf(s) }),
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
}

/** The session a per-session report's step names in its messages (SPEC §8). */
const sessionOf = (s: StepRow): { session?: string } => (s.sessionCode ? { session: s.sessionName ?? s.sessionCode } : {});

/** What a batch decided of its steps (by step id), with each step's moves as locked. */
type StepsOutcome = BatchOutcome & { moves: Map<string, number> };

/**
 * Of the locked steps, the first open one of each document (or item): the
 * others come back in `later` for the next batch, the done ones are
 * `already-done`, and one whose every job asked for is of an earlier move
 * (`wanted`) is `superseded` (its current job will fire it). Records each
 * step's moves in `moves`.
 */
function firstPerSubject<T extends { id: string; runAt: Date; doneAt: Date | null; moves: number }>(
  rows: T[],
  subject: (r: T) => string,
  outcomes: Map<string, FireOutcome>,
  later: string[],
  wanted: Map<string, Set<number>>,
  moves: Map<string, number>,
): T[] {
  const seen = new Set<string>();
  const open: T[] = [];
  // Locked in (subject, id) order, the order DeadlineMover locks them in too; the earliest of each subject fires first.
  const byTime = [...rows].sort((a, b) => subject(a).localeCompare(subject(b)) || new Date(a.runAt).getTime() - new Date(b.runAt).getTime() || a.id.localeCompare(b.id));
  for (const r of byTime) {
    moves.set(r.id, r.moves);
    if (r.doneAt) outcomes.set(r.id, 'already-done');
    else if (!wanted.get(r.id)?.has(r.moves)) outcomes.set(r.id, 'superseded');
    else if (seen.has(subject(r))) {
      later.push(r.id);
      outcomes.delete(r.id); // not decided here: it goes in the next batch
    } else {
      seen.add(subject(r));
      open.push(r);
    }
  }
  return open;
}

/**
 * Marks the steps done, looking again (a fresh statement sees what committed
 * while we waited for the locks) whether a transition dealt with the item:
 * then the step is `skipped` and does nothing.
 */
async function markDone(tx: EntityManager, steps: Array<{ id: string; live: boolean }>, now: Date): Promise<Map<string, 'fired' | 'skipped'>> {
  const marked: Array<{ id: string; outcome: 'fired' | 'skipped' }> = await tx.query(
    `WITH u AS (
       UPDATE deadline_steps s SET done_at = $3,
              outcome = CASE WHEN v.live AND dl.resolved_at IS NULL THEN 'fired' ELSE 'skipped' END
         FROM unnest($1::text[], $2::boolean[]) AS v(id, live), deadlines dl
        WHERE s.id = v.id AND dl.id = s.deadline_id
       RETURNING s.id, s.outcome)
     SELECT id, outcome FROM u`,
    [steps.map((s) => s.id), steps.map((s) => s.live), now],
  );
  return new Map(marked.map((m) => [m.id, m.outcome]));
}
