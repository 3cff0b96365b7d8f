import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH, SYSTEM_ACTOR, chainHash, registrationDue, type Duration } from '../../domain/src';
import type { OutboxJob } from '../../queue/src';
import { latestIncomingWorkflow } from '../../../workflows/incoming/incoming.machine';
import { changeIncomingDeadlines, type DeadlineOptions } from './incoming-deadlines';

export type ReceiveOptions = DeadlineOptions & { urgentRegistration: Duration };

/** The registration deadline of items just received (SPEC §7): the jobs of its steps, for after commit. */
export function openRegistration(
  tx: EntityManager,
  items: Array<{ id: string; urgency: string }>,
  receivedAt: Date,
  options: ReceiveOptions,
): Promise<OutboxJob[]> {
  const open = items.map((i) => ({
    incomingId: i.id,
    stage: 'received' as const,
    stageEntry: 1,
    due: registrationDue(receivedAt, i.urgency, options.urgentRegistration, options.calendar),
  }));
  return changeIncomingDeadlines(tx, { close: [], open }, receivedAt, options);
}

/** An item as it arrives: from an examflow document (`sourceDocumentId`), or from outside (null). */
export interface ReceivedItem {
  agencyCode: string;
  sourceDocumentId: string | null;
  sender: string;
  number: string | null;
  issuedAt: Date | null;
  type: string;
  title: string;
  urgency: string;
}

/**
 * Items received, in the caller's transaction: each row `received`, its
 * history opened by RECEIVE (chained from the genesis hash), its
 * registration deadline opened — what a dissemination gives and what a
 * clerk enters by hand alike. An agency already holding the item for that
 * source gets none. Answers the new items' ids and the jobs of their
 * deadlines' steps, to hand to the queue after commit.
 */
export async function insertReceived(
  tx: EntityManager,
  items: ReceivedItem[],
  actor: string,
  now: Date,
  options: ReceiveOptions,
): Promise<{ ids: string[]; jobs: OutboxJob[] }> {
  if (items.length === 0) return { ids: [], jobs: [] };
  const def = latestIncomingWorkflow();
  const ids = items.map(() => randomUUID());
  const payloads = items.map((r) => ({ ...(r.sourceDocumentId ? { sourceDocumentId: r.sourceDocumentId } : {}), number: r.number, sender: r.sender }));
  const hashes = payloads.map((payload) =>
    chainHash(GENESIS_HASH, { seq: 1, event: 'RECEIVE', from: null, to: 'received', actor, onBehalfOf: null, at: now.toISOString(), payload }),
  );
  const column = <K extends keyof ReceivedItem>(k: K) => items.map((r) => r[k]);
  const created: Array<{ id: string; urgency: string }> = await tx.query(
    `WITH t AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
                            $10::text[], $11::jsonb[])
              AS t(id, agency_code, source_document_id, sender, number, issued_at, type, title, urgency, hash, payload)),
     i AS (
       INSERT INTO incoming_items (id, agency_code, source_document_id, sender, number, issued_at, type, title, urgency, state, version,
                                   workflow_id, workflow_version, last_hash, received_at, created_at, updated_at)
       SELECT t.id, t.agency_code, t.source_document_id, t.sender, t.number, t.issued_at, t.type, t.title, t.urgency, 'received', 1,
              $12, $13, t.hash, $14, $14, $14
         FROM t
       ON CONFLICT (agency_code, source_document_id) DO NOTHING
       RETURNING id, urgency),
     h AS (
       INSERT INTO incoming_history (incoming_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
       SELECT i.id, 1, 'RECEIVE', NULL, 'received', $15, $14, t.payload, $16, t.hash FROM i JOIN t ON t.id = i.id)
     SELECT id, urgency FROM i`,
    [
      ids,
      column('agencyCode'),
      column('sourceDocumentId'),
      column('sender'),
      column('number'),
      column('issuedAt'),
      column('type'),
      column('title'),
      column('urgency'),
      hashes,
      payloads.map((p) => JSON.stringify(p)),
      def.id,
      def.version,
      now,
      actor,
      GENESIS_HASH,
    ],
  );
  return { ids: created.map((c) => c.id), jobs: await openRegistration(tx, created, now, options) };
}

/**
 * The incoming items a dissemination gives (SPEC §7), in its transaction:
 * one for each examflow agency reached — directly, through one of its units
 * or in a group — other than the issuer (its own units get none: that is
 * internal distribution), received by the system. Answers the jobs of the
 * deadlines' steps, to hand to the queue after commit.
 */
export async function receiveIncoming(tx: EntityManager, documentId: string, now: Date, options: ReceiveOptions): Promise<OutboxJob[]> {
  const reached: ReceivedItem[] = await tx.query(
    `SELECT DISTINCT r.agency_code AS "agencyCode", d.id AS "sourceDocumentId", a.name AS sender, d.number, d.issued_at AS "issuedAt",
            d.type, d.title, d.urgency
       FROM recipients r JOIN documents d ON d.id = r.document_id JOIN agencies a ON a.code = d.agency_code
      WHERE r.document_id = $1 AND r.agency_code IS NOT NULL AND r.agency_code <> d.agency_code AND r.username IS NULL
      ORDER BY r.agency_code`,
    [documentId],
  );
  return (await insertReceived(tx, reached, SYSTEM_ACTOR, now, options)).jobs;
}
