import type { EntityManager } from 'typeorm';
import { chainHash, type IncomingState } from '../../domain/src';

/** What the next history entry of an incoming item chains on to. */
export interface ChainedItem {
  id: string;
  state: IncomingState;
  version: number;
  lastHash: string;
}

/**
 * An incoming item's next history entry, chained, and the item row moved to
 * `to` with `set` (column → value), in one statement. An entry that changes
 * no state (a file attached, a deadline moved with its exam session) passes
 * `to` = the item's state. Answers its seq and hash. The one writer of
 * incoming_history (IncomingService, and DeadlineMover for DEADLINE_MOVED).
 */
export async function appendIncomingEntry(
  tx: EntityManager,
  item: ChainedItem,
  actor: string,
  event: string,
  to: IncomingState,
  payload: Record<string, unknown>,
  now: Date,
  set: Record<string, unknown> = {},
): Promise<{ seq: number; hash: string }> {
  const seq = item.version + 1;
  const hash = chainHash(item.lastHash, { seq, event, from: item.state, to, actor, onBehalfOf: null, at: now.toISOString(), payload });
  const columns = Object.keys(set);
  await tx.query(
    `WITH u AS (
       UPDATE incoming_items SET state = $5, version = $2, last_hash = $9, updated_at = $7${columns.map((c, k) => `, ${c} = $${k + 11}`).join('')}
        WHERE id = $1 RETURNING id)
     INSERT INTO incoming_history (incoming_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
     SELECT u.id, $2, $3, $4, $5, $6, $7, $8, $10, $9 FROM u`,
    [item.id, seq, event, item.state, to, actor, now, payload, hash, item.lastHash, ...columns.map((c) => set[c])],
  );
  return { seq, hash };
}
