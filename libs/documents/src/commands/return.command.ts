import { onBehalfOf } from '../queries/document.view';
import { defineCommand } from './command';
import { ReasonPayload } from './reason-payload';

/**
 * Trả lại: the signer (or their delegate) sends the draft back to its
 * drafter, with the reason; so does the drafting unit's head who reviews it
 * before signature (version 2, Điều 12.1).
 */
export const returnToDrafter = defineCommand<ReasonPayload>({
  payload: ReasonPayload,
  example: { reason: 'Đề nghị bổ sung dự toán kinh phí' },
  plan: ({ doc, actor, payload: { reason } }) => ({
    machineEvent: { type: 'RETURN' },
    set: { signer: null, signingAuthority: null, signatureDeadline: null },
    payload: { reason, signer: doc.signer, ...(doc.state === 'awaiting_review' ? { review: true } : {}) },
    onBehalfOf: doc.state === 'awaiting_review' ? null : onBehalfOf(doc, actor),
  }),
});
