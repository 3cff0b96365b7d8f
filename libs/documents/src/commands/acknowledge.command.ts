import { Conflict, unacknowledgedOf } from '../../../domain/src';
import { factsOf, type DocumentRow } from '../queries/document.view';
import { defineCommand } from './command';
import { NoPayload } from './no-payload';

/** Xác nhận đã nhận: a recipient (unit, or the agency's desk) acknowledges the document. */
export const acknowledge = defineCommand<NoPayload>({
  payload: NoPayload,
  example: {},
  plan: ({ doc, actor, now }) => {
    const mine = unacknowledgedOf(factsOf(doc), actor) as DocumentRow['recipients'];
    if (mine.length === 0) throw new Conflict('Đã xác nhận nhận văn bản này');
    const idx = mine.map((r) => r.idx);
    return {
      machineEvent: { type: 'ACKNOWLEDGE' },
      payload: { recipients: idx },
      write: async (tx) => {
        await tx.query(
          `UPDATE recipients SET acknowledged_at = $3, acknowledged_by = $4 WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, idx, now, actor.username],
        );
      },
    };
  },
});
