import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type IncomingState } from '../../../domain/src';
import { appendIncomingEntry } from '../../../incoming/src/history';
import { defineCommand } from './command';
import { ReasonPayload } from './reason-payload';

/**
 * Thu hồi (Nghị định 30 Điều 18.4, SPEC §9): the issuing agency's head, or
 * its signer, recalls a document that is out. It is final and frozen — its
 * files, its PDF, its history stay readable; nothing more is added — the
 * reports it asked for end, every recipient is told (the stage's
 * notifications), and each incoming item made of it that is still open
 * closes as `recalled`, in its own chained history, its deadlines with it.
 */
export const recall = defineCommand<ReasonPayload>({
  payload: ReasonPayload,
  example: { reason: 'Văn bản ban hành sai thẩm quyền' },
  // An incoming event locks its item, then this document: the recall takes the items first too.
  prelock: async (tx, documentId) => {
    await tx.query(`SELECT 1 FROM incoming_items WHERE source_document_id = $1 ORDER BY id FOR UPDATE`, [documentId]);
  },
  plan: ({ doc, payload: { reason }, now }) => ({
    machineEvent: { type: 'RECALL' },
    set: { recalledAt: now, recallReason: reason },
    payload: { reason },
    write: async (tx) => {
      await tx.query(`UPDATE recipients SET report_status = 'closed' WHERE document_id = $1 AND report_status = 'pending'`, [doc.id]);
      await tx.query(`UPDATE session_reports SET status = 'closed' WHERE document_id = $1 AND status = 'pending'`, [doc.id]);
      await recallIncoming(tx, doc.id, reason, now);
    },
  }),
});

/** The open incoming items made of the document, closed as recalled: one chained entry each, their deadlines resolved. */
async function recallIncoming(tx: EntityManager, documentId: string, reason: string, now: Date): Promise<void> {
  const items: Array<{ id: string; state: IncomingState; version: number; lastHash: string }> = await tx.query(
    `SELECT id, state, version, last_hash AS "lastHash" FROM incoming_items
      WHERE source_document_id = $1 AND state IN ('received', 'registered', 'assigned', 'in_progress')
      ORDER BY id FOR UPDATE`,
    [documentId],
  );
  for (const item of items) {
    await appendIncomingEntry(tx, item, SYSTEM_ACTOR, 'RECALLED', 'recalled', { reason }, now);
  }
  if (items.length) {
    await tx.query(`UPDATE deadlines SET resolved_at = $2 WHERE incoming_id = ANY($1::uuid[]) AND resolved_at IS NULL`, [items.map((i) => i.id), now]);
  }
}
