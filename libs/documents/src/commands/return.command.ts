import { onBehalfOf } from '../queries/document.view';
import { defineCommand } from './command';
import { ReasonPayload } from './reason-payload';

/** Trả lại: the signer (or their delegate) sends the draft back to its drafter, with the reason. */
export const returnToDrafter = defineCommand<ReasonPayload>({
  payload: ReasonPayload,
  example: { reason: 'Đề nghị bổ sung dự toán kinh phí' },
  plan: ({ doc, actor, payload: { reason } }) => ({
    machineEvent: { type: 'RETURN' },
    set: { signer: null, signingAuthority: null, signatureDeadline: null },
    payload: { reason, signer: doc.signer },
    onBehalfOf: onBehalfOf(doc, actor),
  }),
});
