import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { chainHash, isDeadlineStage, STAGE_DEADLINES, VersionConflict, type WorkingCalendar } from '../../../domain/src';
import { NOTIFIED_CTE, NotificationService, type WrittenNotification } from '../../../notifications/src';
import { SqlParams } from '../../../persistence/src/sql';
import type { PersistedDocumentSnapshot } from '../../../../workflows';
import { DeadlineScheduler } from '../deadlines/deadline.scheduler';
import { stageEnteredNotifications } from '../deadlines/stage-notifications';
import { DOCUMENT_COLUMNS, documentColumns, type DocumentChanges, type DocumentRow } from '../queries/document.view';
import type { TxEffects } from './after-commit';

/** One step of a document, as the command planned it and the machine took it. */
export interface Transition {
  doc: DocumentRow;
  /** The username recorded as the actor (`system` for a deadline). */
  actor: string;
  event: string;
  next: PersistedDocumentSnapshot;
  /** Changes to the document row. */
  set?: DocumentChanges;
  /** What the history row records of the event. */
  payload: Record<string, unknown>;
  onBehalfOf?: string | null;
  /** Writes to child tables, inside the same transaction, before the document row. */
  write?: (tx: EntityManager) => Promise<void>;
  /** Deadlines of the stage entered, one per session of the campaign (per-session reports, SPEC §8). */
  sessionDeadlines?: Array<{ session: string; due: Date }>;
  now: Date;
  calendar: WorkingCalendar;
}

/**
 * Writes a transition: the plan's child rows, then one statement that
 * updates the row with its version check, appends the hash-chained history
 * row, moves the deadlines along with the stage and writes its
 * notifications (as CTEs), and reads the document back as it now stands.
 */
@Injectable()
export class TransitionWriter {
  constructor(
    private readonly scheduler: DeadlineScheduler,
    private readonly notifications: NotificationService,
  ) {}

  async write(tx: EntityManager, t: Transition): Promise<{ row: DocumentRow; effects: TxEffects }> {
    const { doc, next, now } = t;
    const seq = doc.version + 1;
    const entry = {
      seq,
      event: t.event,
      from: doc.state,
      to: next.value,
      actor: t.actor,
      onBehalfOf: t.onBehalfOf ?? null,
      at: now.toISOString(),
      payload: t.payload,
    };
    const hash = chainHash(doc.lastHash, entry);
    // Child rows first, so that the document read back below includes them (and the notifications see them).
    if (t.write) await t.write(tx);

    const p = new SqlParams();
    const id = p.add(doc.id, 'uuid');
    const [to, at, hashParam] = [p.add(next.value, 'text'), p.add(now, 'timestamptz'), p.add(hash, 'text')];
    const sets = Object.entries(t.set ?? {}).map(([field, value]) => {
      const column = DOCUMENT_COLUMNS[field as keyof typeof DOCUMENT_COLUMNS];
      if (!column) throw new Error(`not a document field: ${field}`);
      return `, ${column} = ${p.add(value)}`;
    });
    const ctes: string[] = [];
    let jobs: TxEffects['jobs'] = [];
    let notifying = false;
    if (doc.state !== next.value) {
      const due = this.dueOf(doc, next, t.set);
      const deadlines = this.scheduler.onStageChange(
        p,
        id,
        { documentId: doc.id, from: doc.state, to: next.value, stageEntry: seq, due, now, sessions: t.sessionDeadlines },
        t.calendar,
      );
      jobs = deadlines.jobs;
      ctes.push(...deadlines.ctes);
      const told = stageEnteredNotifications(p, {
        documentId: id,
        documentIdValue: doc.id,
        agencyCode: doc.agencyCode,
        drafter: doc.drafter,
        seq,
        event: t.event,
        to: next.value,
        document: { number: (t.set?.number as string | undefined) ?? doc.number, title: doc.title },
        dueAt: due ?? (next.value === 'disseminated' ? ((t.set?.reportDeadline as Date | null) ?? null) : null),
        reason: typeof t.payload.reason === 'string' ? t.payload.reason : undefined,
        implement: next.context.pendingReports.length > 0,
        now,
        email: this.notifications.emailEnabled,
        signer: 'signer' in (t.set ?? {}) ? (t.set!.signer as string | null) : doc.signer,
      });
      if (told) ctes.push(told);
      notifying = told !== null;
    }
    // The WHERE on version is the optimistic check: on a miss the transaction rolls back, taking the rest with it.
    const sql = `WITH ${ctes.map((c) => `${c},\n`).join('')}
       u AS (
         UPDATE documents SET state = ${to}, version = version + 1, snapshot = ${p.add(JSON.stringify(next))},
                              last_hash = ${hashParam}, updated_at = ${at} ${sets.join('')}
          WHERE id = ${id} AND version = ${p.add(doc.version, 'int')}
         RETURNING *),
       h AS (
         INSERT INTO document_history (document_id, seq, event, from_state, to_state, actor, on_behalf_of, at, payload, prev_hash, hash)
         SELECT u.id, ${p.add(seq, 'int')}, ${p.add(t.event, 'text')}, ${p.add(doc.state, 'text')}, ${to}, ${p.add(t.actor, 'text')},
                ${p.add(entry.onBehalfOf, 'text')}, ${at}, ${p.add(JSON.stringify(t.payload))},
                ${p.add(doc.lastHash, 'text')}, ${hashParam} FROM u)
       SELECT ${documentColumns(p.add(t.actor, 'text'))}
              ${notifying ? `, (SELECT coalesce(json_agg(json_build_object('id', n.id, 'username', n.username)), '[]'::json) FROM ${NOTIFIED_CTE} n) AS "__notified"` : ''}
         FROM u AS d`;
    const rows: Array<DocumentRow & { __notified?: WrittenNotification[] }> = await tx.query(sql, p.values);
    if (rows.length !== 1) throw new VersionConflict(null, null);
    const { __notified: notifications = [], ...row } = rows[0];
    // A document of a campaign with reports owed, or just in: its board changed (SPEC §8).
    const boards = doc.campaignId && (next.value === 'disseminated' || (next.value === 'reported' && doc.state === 'disseminated')) ? [doc.campaignId] : [];
    return { row: row as DocumentRow, effects: { jobs, notifications, ...(boards.length ? { boards } : {}) } };
  }

  /** The deadline of the stage a document enters, from the row as this transition leaves it. */
  private dueOf(doc: DocumentRow, next: PersistedDocumentSnapshot, set: DocumentChanges = {}): Date | null {
    if (!isDeadlineStage(next.value)) return null;
    // A dissemination without report obligations owes no report.
    if (next.value === 'disseminated' && next.context.pendingReports.length === 0) return null;
    const field = STAGE_DEADLINES[next.value].field;
    const value = field in set ? set[field] : doc[field];
    return value ? new Date(value as Date | string) : null;
  }
}
