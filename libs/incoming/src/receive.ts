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

/**
 * The incoming items a dissemination gives (SPEC §7), in its transaction:
 * one for each examflow agency reached — directly, through one of its units
 * or in a group — other than the issuer (its own units get none: that is
 * internal distribution). Each starts `received`, its history opened by
 * RECEIVE, its registration deadline opened. Answers the jobs of the
 * deadlines' steps, to hand to the queue after commit.
 */
export async function receiveIncoming(tx: EntityManager, documentId: string, now: Date, options: ReceiveOptions): Promise<OutboxJob[]> {
  const reached: Array<{ agencyCode: string; sender: string; number: string | null; issuedAt: Date | null; type: string; title: string; urgency: string }> =
    await tx.query(
      `SELECT DISTINCT r.agency_code AS "agencyCode", a.name AS sender, d.number, d.issued_at AS "issuedAt", d.type, d.title, d.urgency
         FROM recipients r JOIN documents d ON d.id = r.document_id JOIN agencies a ON a.code = d.agency_code
        WHERE r.document_id = $1 AND r.agency_code IS NOT NULL AND r.agency_code <> d.agency_code AND r.username IS NULL
        ORDER BY r.agency_code`,
      [documentId],
    );
  if (reached.length === 0) return [];
  const def = latestIncomingWorkflow();
  const entry = (r: (typeof reached)[number]) => ({
    seq: 1,
    event: 'RECEIVE',
    from: null,
    to: 'received',
    actor: SYSTEM_ACTOR,
    onBehalfOf: null,
    at: now.toISOString(),
    payload: { sourceDocumentId: documentId, number: r.number, sender: r.sender },
  });
  const ids = reached.map(() => randomUUID());
  const hashes = reached.map((r) => chainHash(GENESIS_HASH, entry(r)));
  const created: Array<{ id: string; urgency: string }> = await tx.query(
    `WITH i AS (
       INSERT INTO incoming_items (id, agency_code, source_document_id, sender, number, issued_at, type, title, urgency, state, version,
                                   workflow_id, workflow_version, last_hash, received_at, created_at, updated_at)
       SELECT t.id, t.agency_code, $2, t.sender, t.number, t.issued_at, t.type, t.title, t.urgency, 'received', 1, $3, $4, t.hash, $5, $5, $5
         FROM unnest($1::uuid[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
              AS t(id, agency_code, sender, number, issued_at, type, title, urgency, hash)
       ON CONFLICT (agency_code, source_document_id) DO NOTHING
       RETURNING id, last_hash, number, sender, urgency),
     h AS (
       INSERT INTO incoming_history (incoming_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
       SELECT i.id, 1, 'RECEIVE', NULL, 'received', $14, $5,
              jsonb_build_object('sourceDocumentId', $2::text, 'number', i.number, 'sender', i.sender), $15, i.last_hash
         FROM i)
     SELECT id, urgency FROM i`,
    [
      ids,
      documentId,
      def.id,
      def.version,
      now,
      reached.map((r) => r.agencyCode),
      reached.map((r) => r.sender),
      reached.map((r) => r.number),
      reached.map((r) => r.issuedAt),
      reached.map((r) => r.type),
      reached.map((r) => r.title),
      reached.map((r) => r.urgency),
      hashes,
      SYSTEM_ACTOR,
      GENESIS_HASH,
    ],
  );
  return openRegistration(tx, created, now, options);
}
