import { defineCommand } from './command';
import { ReasonPayload } from './reason-payload';

/** Thu hồi dự thảo: the drafting unit abandons a document not yet signed. */
export const withdraw = defineCommand<ReasonPayload>({
  payload: ReasonPayload,
  example: { reason: 'Nội dung đã được lồng ghép vào Kế hoạch chung' },
  plan: ({ payload: { reason } }) => ({ machineEvent: { type: 'WITHDRAW' }, payload: { reason } }),
});
