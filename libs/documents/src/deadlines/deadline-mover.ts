import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { campaignSessions } from '../../../campaigns/src/sessions';
import { APP_CONFIG, Clock, type AppConfig } from '../../../config/src';
import {
  SYSTEM_ACTOR,
  anchorSession,
  deadlineMovedMessage,
  describeAnchored,
  isDeadlineStage,
  planSteps,
  resolveAnchored,
  stepId,
  STAGE_DEADLINES,
  type Actor,
  type AnchoredDeadline,
  type IncomingState,
  type DeadlineKind,
  type WorkingCalendar,
} from '../../../domain/src';
import { NotificationService, type NewNotification } from '../../../notifications/src';
import { appendIncomingEntry } from '../../../incoming/src/history';
import { STEP_INCOMING_JSON, incomingOwers, type StepIncoming } from '../../../incoming/src/incoming-deadlines';
import { JOBS, outboxCte, type OutboxJob } from '../../../queue/src';
import { SqlParams } from '../../../persistence/src/sql';
import { CalendarService } from '../calendar.service';
import { loadDocument } from '../queries/document.access';
import type { DocumentRow } from '../queries/document.view';
import { AfterCommit, type TxEffects } from '../transition/after-commit';
import { TransitionWriter } from '../transition/transition.writer';
import { owersOf } from './owers';

const SYSTEM: Actor = { username: SYSTEM_ACTOR, position: 'admin', agencyCode: null, unitCode: null, fullName: 'Hệ thống', title: '' };

/** How many documents of a campaign are moved at once (each in its own transaction). */
const AT_ONCE = 4;

/** One anchored deadline of a document (or of an incoming item) that moved. */
export interface MovedDeadline {
  documentId?: string;
  incomingId?: string;
  field: string;
  from: string;
  to: string;
}

/** Whose deadline: a document's or an incoming item's (the column of `deadlines` that names it). */
type Subject = { column: 'document_id' | 'incoming_id'; id: string };

/**
 * Moving a session moves the season (SPEC §8): every open deadline of the
 * campaign's documents anchored to a session is resolved again against the
 * sessions as they now stand, one transaction per document. Each deadline
 * that moved is a `DEADLINE_MOVED` history entry (old and new moment); its
 * pending steps get their new times and a new job each (stepJobId: the old
 * job finds the step moved on and does nothing; what was sent stays sent),
 * and those who owe it are told. A proposed report deadline (not owed yet)
 * moves too. Idempotent: a document already where its sessions put it is
 * left alone, so a move interrupted half way is finished by running it
 * again (the worker's sweep does, for a campaign whose `moved_version` is
 * behind its `version`).
 */
@Injectable()
export class DeadlineMover {
  private readonly log = new Logger(DeadlineMover.name);

  constructor(
    private readonly db: DataSource,
    private readonly calendars: CalendarService,
    private readonly writer: TransitionWriter,
    private readonly notifications: NotificationService,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Moves the anchored deadlines of a campaign's documents to its sessions as they are; the campaign is marked moved to the version read first. */
  async moveCampaign(campaignId: string): Promise<MovedDeadline[]> {
    const [campaign]: Array<{ version: number }> = await this.db.query(`SELECT version FROM campaigns WHERE id = $1`, [campaignId]);
    if (!campaign) return [];
    const calendar = await this.calendars.current();
    const docs: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM documents WHERE campaign_id = $1 AND (anchors <> '{}'::jsonb OR session_reports IS NOT NULL) ORDER BY id`,
      [campaignId],
    );
    // Incoming items whose processing deadline is anchored to the campaign of the document they came from.
    const items: Array<{ id: string }> = await this.db.query(
      `SELECT i.id FROM incoming_items i JOIN documents d ON d.id = i.source_document_id
        WHERE d.campaign_id = $1 AND i.anchors <> '{}'::jsonb AND i.state IN ('assigned', 'in_progress') ORDER BY i.id`,
      [campaignId],
    );
    const moved: MovedDeadline[] = [];
    const queue: Array<{ id: string; incoming?: true }> = [...docs, ...items.map((i) => ({ id: i.id, incoming: true as const }))];
    let failed = 0;
    await Promise.all(
      Array.from({ length: Math.min(AT_ONCE, queue.length) }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          try {
            moved.push(...(await this.retried(() => (d.incoming ? this.moveIncomingOnce(d.id, calendar) : this.moveDocumentOnce(d.id, calendar)))));
          } catch (e) {
            // The others go on; the campaign stays behind, so the sweep tries this one again.
            failed++;
            this.log.warn(`campaign ${campaignId}: moving the deadlines of document ${d.id} failed: ${(e as Error).message}`);
          }
        }
      }),
    );
    if (failed === 0) await this.db.query(`UPDATE campaigns SET moved_version = GREATEST(moved_version, $2) WHERE id = $1`, [campaignId, campaign.version]);
    if (moved.length) this.log.log(`campaign ${campaignId}: ${moved.length} deadline(s) of ${new Set(moved.map((m) => m.documentId ?? m.incomingId)).size} document(s) and item(s) moved`);
    return moved;
  }

  /**
   * The campaigns whose last session change was not carried to their documents (a process stopped half
   * way): moved now. Only a change older than SWEEP_GRACE: a younger one is still being moved by its PATCH.
   */
  async finishInterrupted(): Promise<number> {
    const behind: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM campaigns WHERE moved_version < version AND updated_at < now() - make_interval(secs => $1) ORDER BY id`,
      [this.config.sweepGraceMs / 1000],
    );
    let n = 0;
    for (const c of behind) n += (await this.moveCampaign(c.id)).length;
    return n;
  }

  /** One move in its own transaction, tried again when PostgreSQL chose it to break a deadlock. */
  private async retried(move: () => Promise<MovedDeadline[]>): Promise<MovedDeadline[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await move();
      } catch (e) {
        if ((e as { code?: string }).code !== '40P01' || attempt >= 3) throw e;
      }
    }
  }

  /**
   * An incoming item (SPEC §7, §8), in its own transaction: its processing deadline, given against the
   * campaign of the document it came from, where the sessions now put it — the same steps moved, a
   * DEADLINE_MOVED entry in its history, the lead unit told.
   */
  private async moveIncomingOnce(itemId: string, calendar: WorkingCalendar): Promise<MovedDeadline[]> {
    const { moved, effects } = await this.db.transaction(async (tx) => {
      await lockPendingSteps(tx, { column: 'incoming_id', id: itemId });
      const [item]: Array<
        StepIncoming & { version: number; lastHash: string; deadline: Date | null; handlerDeadline: Date | null; anchors: Record<string, AnchoredDeadline>; campaignId: string | null }
      > =
        await tx.query(
          `SELECT ${STEP_INCOMING_JSON}::jsonb || jsonb_build_object('version', i.version, 'lastHash', i.last_hash, 'deadline', i.deadline,
                    'handlerDeadline', i.handler_deadline, 'anchors', i.anchors, 'campaignId', d.campaign_id) AS item
             FROM incoming_items i LEFT JOIN documents d ON d.id = i.source_document_id WHERE i.id = $1 FOR UPDATE OF i`,
          [itemId],
        ).then((rows: Array<{ item: never }>) => rows.map((r) => r.item));
      if (!item || !item.campaignId || !['assigned', 'in_progress'].includes(item.state)) return { moved: [], effects: [] };
      const sessions = (await campaignSessions(tx, item.campaignId)) ?? [];
      const now = this.clock.now();
      const moved: MovedDeadline[] = [];
      const effects: TxEffects[] = [];
      let chain = { id: item.id, state: item.state as IncomingState, version: item.version, lastHash: item.lastHash };
      // The lead unit's deadline (with its reminders), and the one its head gave a person (a date on the slip).
      for (const field of ['deadline', 'handlerDeadline'] as const) {
        const spec = item.anchors?.[field];
        const current = item[field];
        if (!spec || !current) continue;
        const to = resolveAnchored(spec, sessions, calendar);
        const from = new Date(current);
        if (!to || to.getTime() === from.getTime()) continue;
        const jobs = field === 'deadline' ? await this.reschedule(tx, { column: 'incoming_id', id: item.id }, 'processing', to, now, calendar) : [];
        const session = anchorSession(spec.anchor, sessions);
        const payload = { field, anchor: spec, session: session?.code ?? null, from: from.toISOString(), to: to.toISOString() };
        const { seq, hash } = await appendIncomingEntry(tx, chain, SYSTEM_ACTOR, 'DEADLINE_MOVED', chain.state, payload, now, {
          [field === 'deadline' ? 'deadline' : 'handler_deadline']: to,
        });
        chain = { ...chain, version: seq, lastHash: hash };
        const users = field === 'deadline' ? (await incomingOwers(tx, 'processing', item)).flatMap((o) => o.users) : item.handler ? [item.handler] : [];
        const message = deadlineMovedMessage({ kind: 'processing', document: item, from, to, how: describeAnchored(spec, sessions) });
        const told = await this.notifications.write(
          tx,
          [...new Set(users)].map((username) => ({
            username,
            kind: 'info' as const,
            documentId: null,
            incomingId: item.id,
            stage: 'assigned',
            dueAt: to,
            message,
            source: `${item.id}.${seq}.moved`,
          })),
          now,
        );
        effects.push({ jobs, notifications: told });
        moved.push({ incomingId: item.id, field, from: payload.from, to: payload.to });
      }
      return { moved, effects };
    });
    await this.afterCommit.run(...effects);
    return moved;
  }

  private async moveDocumentOnce(documentId: string, calendar: WorkingCalendar): Promise<MovedDeadline[]> {
    const { moved, effects } = await this.db.transaction(async (tx) => {
      await lockPendingSteps(tx, { column: 'document_id', id: documentId });
      let doc = await loadDocument(tx, documentId, SYSTEM, true);
      if (!doc.campaignId) return { moved: [], effects: [] };
      const sessions = (await campaignSessions(tx, doc.campaignId)) ?? [];
      const now = this.clock.now();
      const moved: MovedDeadline[] = [];
      const effects: TxEffects[] = [];
      for (const [field, spec] of Object.entries(doc.anchors ?? {})) {
        const kind = this.owedNow(doc, field);
        if (kind === undefined) continue;
        const to = resolveAnchored(spec, sessions, calendar);
        const current = doc[field as keyof DocumentRow] as Date | string | null;
        if (!to || !current || new Date(current).getTime() === to.getTime()) continue;
        const from = new Date(current);
        const jobs = kind ? await this.reschedule(tx, { column: 'document_id', id: doc.id }, kind, to, now, calendar) : [];
        const session = anchorSession(spec.anchor, sessions);
        const { row, effects: written } = await this.writer.write(tx, {
          doc,
          actor: SYSTEM_ACTOR,
          event: 'DEADLINE_MOVED',
          next: doc.snapshot,
          set: { [field]: to },
          payload: { field, anchor: spec, session: session?.code ?? null, from: from.toISOString(), to: to.toISOString() },
          now,
          calendar,
        });
        const told = kind ? await this.tell(tx, row, kind, { from, to, how: describeAnchored(spec, sessions), now }) : [];
        effects.push({ ...written, jobs: [...written.jobs, ...jobs], notifications: [...written.notifications, ...told] });
        moved.push({ documentId: doc.id, field, from: from.toISOString(), to: to.toISOString() });
        doc = row;
      }
      // Per-session reports (SPEC §8): each session's deadline is `hours` after it ends.
      for (const open of await this.openSessionDeadlines(tx, doc)) {
        const session = sessions.find((x) => x.code === open.session);
        if (!session) continue;
        const to = new Date(session.endsAt.getTime() + doc.sessionReports!.hours * 3_600_000);
        const from = new Date(open.dueAt);
        if (from.getTime() === to.getTime()) continue;
        const jobs = await this.reschedule(tx, { column: 'document_id', id: doc.id }, 'report', to, now, calendar, open.session);
        await tx.query(`UPDATE session_reports SET due_at = $3 WHERE document_id = $1 AND session_code = $2 AND status = 'pending'`, [doc.id, open.session, to]);
        const { row, effects: written } = await this.writer.write(tx, {
          doc,
          actor: SYSTEM_ACTOR,
          event: 'DEADLINE_MOVED',
          next: doc.snapshot,
          payload: { field: 'sessionReports', session: open.session, from: from.toISOString(), to: to.toISOString() },
          now,
          calendar,
        });
        const how = `${doc.sessionReports!.hours} giờ sau buổi thi ${session.name ?? session.code}`;
        const told = await this.tell(tx, row, 'report', { from, to, how, now, session: open.session });
        effects.push({ ...written, jobs: [...written.jobs, ...jobs], notifications: [...written.notifications, ...told] });
        moved.push({ documentId: doc.id, field: `sessionReports.${open.session}`, from: from.toISOString(), to: to.toISOString() });
        doc = row;
      }
      return { moved, effects };
    });
    await this.afterCommit.run(...effects);
    return moved;
  }

  /**
   * Whether a field's deadline is still to be kept: the kind it is owed as
   * when its stage is the document's (consulting, awaiting signature,
   * disseminated), null for a report deadline proposed before dissemination
   * (moved, owed by nobody yet), undefined when its stage is over.
   */
  private owedNow(doc: DocumentRow, field: string): DeadlineKind | null | undefined {
    if (field === 'proposedReportDeadline') {
      return ['draft', 'consulting', 'consulted', 'awaiting_review', 'awaiting_signature', 'signed'].includes(doc.state) ? null : undefined;
    }
    if (!isDeadlineStage(doc.state)) return undefined;
    const stage = STAGE_DEADLINES[doc.state];
    return stage.field === field ? stage.kind : undefined;
  }

  /**
   * The open deadline of `kind` moved to `due`, its steps planned again: a
   * pending step (or one an earlier move skipped) takes its new time and a
   * new job (its move counted), a step the new plan adds is written, a
   * pending one it no longer has (a reminder before a deadline now too
   * close) is skipped; fired ones stay fired.
   */
  private async reschedule(
    tx: EntityManager,
    subject: Subject,
    kind: DeadlineKind,
    due: Date,
    now: Date,
    calendar: WorkingCalendar,
    session = '',
  ): Promise<OutboxJob[]> {
    const documentId = subject.id;
    const [open]: Array<{ id: string; stageEntry: number }> = await tx.query(
      `SELECT id, stage_entry AS "stageEntry" FROM deadlines WHERE ${subject.column} = $1 AND kind = $2 AND session_code = $3 AND resolved_at IS NULL`,
      [subject.id, kind, session],
    );
    if (!open) return [];
    const plan = planSteps(kind, due, now, { reminderBefore: this.config.reminderBefore, escalationAfter: this.config.escalationAfter, calendar });
    const p = new SqlParams();
    const deadline = p.add(open.id, 'uuid');
    const ids = p.add(plan.map((s) => stepId(documentId, open.stageEntry, kind, s.step, session)), 'text[]');
    const sql = `WITH plan AS (
         SELECT * FROM unnest(${ids}, ${p.add(plan.map((s) => s.step), 'text[]')}, ${p.add(plan.map((s) => s.runAt), 'timestamptz[]')}) AS t(id, step, run_at)),
       dl AS (UPDATE deadlines SET due_at = ${p.add(due, 'timestamptz')} WHERE id = ${deadline}),
       -- Pending, or skipped by an earlier move (a reminder before a deadline moved too close, now far again):
       -- on an open deadline, nothing else skips a step.
       moved AS (
         UPDATE deadline_steps s SET run_at = plan.run_at, moves = s.moves + 1, done_at = NULL, outcome = NULL FROM plan
          WHERE s.id = plan.id AND (s.done_at IS NULL OR s.outcome = 'skipped')
         RETURNING s.id || '.m' || s.moves AS job_id, s.run_at),
       added AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT plan.id, ${deadline}, plan.step, plan.run_at FROM plan WHERE NOT EXISTS (SELECT 1 FROM deadline_steps s WHERE s.id = plan.id)
         RETURNING id AS job_id, run_at),
       dropped AS (
         UPDATE deadline_steps s SET done_at = ${p.add(now, 'timestamptz')}, outcome = 'skipped'
          WHERE s.deadline_id = ${deadline} AND s.done_at IS NULL AND s.id <> ALL(${ids})),
       jobs AS (SELECT job_id, run_at FROM moved UNION ALL SELECT job_id, run_at FROM added),
       ${outboxCte(p, { name: 'queued', job: JOBS.deadlineStep, from: 'jobs', jobId: 'job_id', runAt: 'run_at', payloadKey: 'stepId' })}
       SELECT job_id AS "jobId", run_at AS "runAt" FROM jobs`;
    const jobs: Array<{ jobId: string; runAt: Date }> = await tx.query(sql, p.values);
    const { queue, name } = JOBS.deadlineStep;
    return jobs.map((j) => ({ queue, name, jobId: j.jobId, data: { stepId: j.jobId }, runAt: new Date(j.runAt) }));
  }

  /** The open deadlines of a document's per-session reports, by session. */
  private async openSessionDeadlines(tx: EntityManager, doc: DocumentRow): Promise<Array<{ session: string; dueAt: Date }>> {
    if (!doc.sessionReports || doc.state !== 'disseminated') return [];
    return tx.query(
      `SELECT session_code AS session, due_at AS "dueAt" FROM deadlines
        WHERE document_id = $1 AND kind = 'report' AND session_code <> '' AND resolved_at IS NULL ORDER BY due_at, session_code`,
      [doc.id],
    );
  }

  /** Those who owe the moved item hear of the new deadline (an `info` notification, once per history entry). */
  private async tell(tx: EntityManager, doc: DocumentRow, kind: DeadlineKind, m: { from: Date; to: Date; how: string; now: Date; session?: string }) {
    const owers = await owersOf(tx, kind, doc, m.session ?? '');
    const message = deadlineMovedMessage({ kind, document: doc, from: m.from, to: m.to, how: m.how });
    const items: NewNotification[] = [...new Set(owers.flatMap((o) => o.users))].map((username) => ({
      username,
      kind: 'info',
      documentId: doc.id,
      stage: doc.state,
      dueAt: m.to,
      message,
      source: `${doc.id}.${doc.version}.moved`,
    }));
    return this.notifications.write(tx, items, m.now);
  }
}

/**
 * The pending steps of a subject's open deadlines, locked first, in the order the runner locks them (by id),
 * and the subject after them: no lock cycle with a step firing. (A stage entered between the two has steps
 * locked after the subject: a rare deadlock, which PostgreSQL breaks and `retried` tries again.)
 */
async function lockPendingSteps(tx: EntityManager, subject: Subject): Promise<void> {
  await tx.query(
    `SELECT s.id FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id
      WHERE d.${subject.column} = $1 AND d.resolved_at IS NULL AND s.done_at IS NULL ORDER BY s.id FOR UPDATE OF s`,
    [subject.id],
  );
}
